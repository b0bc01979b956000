"""Bulk offline geocoding: ``kzgeo.geocode`` against a per-row fuzzy loop over the gazetteer.

Rows: ``kzgeo.testing.variant_sites(N, seed=1)`` (N = ``--rows``, 100,000 by default): real
GeoNames places written in mixed spellings (Cyrillic, aliases, Kazakh Latin, decorations, typos),
85 % with a region named, each with its true region.

- ``kzgeo.geocode``: the whole frame at once (exact keys, then batched ``rapidfuzz.cdist`` on the
  unique names left, region hints, ambiguity rules); median of ``--repeat`` runs;
- baseline, "per-row fuzzy loop over the whole gazetteer": for each row
  ``rapidfuzz.process.extractOne(name_key(settlement), all_place_keys, scorer=fuzz.ratio)``,
  where ``all_place_keys`` are the keys of every place name of ``Gazetteer.default().names``
  (``kind == "place"``); the row's region is the region of the best key's place. It is timed
  on a random sample of ``--sample`` rows (5,000) and extrapolated linearly to all rows.

Both use the same gazetteer, built once before (its build time is printed apart). Accuracy is
the share of rows whose result lies in the row's true region (for kzgeo: the region of the
matched entity; rows it does not place count as wrong). When the speed-up is below the goal
(20x), a cProfile of ``kzgeo.geocode`` is printed (``--profile`` forces it).

Free-text locations (``--part locations``, on by default): the same rows written as one
``location`` phrase each, in Russian, Kazakh and English templates ("с. X, Y область",
"X ауылы, Y облысы", "X village, Y", "near X", and one row in three with a street address and
a house number, so that most phrases are distinct). ``kzgeo.geocode`` reads each distinct phrase
once (parse caches cleared before every run, so the parsing is timed) and shares the rest; the
baseline is a per-row loop, ``kzgeo.geocode`` called on a one-row frame for each of
``--location-sample`` random rows, extrapolated linearly. Goal: 1e5 phrases in under 10 s.

Usage::

    .venv/bin/python benchmarks/bench_geocode.py [--rows 100000] [--sample 5000] [--profile]
        [--part names|locations|both] [--location-sample 300]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from typing import Any

import numpy as np
from _harness import fmt_s, header, save, size_label, table

GOAL = 20.0
LOCATION_GOAL_S = 10.0  # for 1e5 free-text locations
LOCATION_GOAL_ROWS = 100_000


def free_text(sites: Any, seed: int = 2) -> list[str]:
    """One location phrase a row: the row's settlement and region in a random template."""
    import pandas as pd  # noqa: PLC0415

    from kzgeo.datasets import load_regions  # noqa: PLC0415

    regions = pd.DataFrame(load_regions("full")).set_index("iso_3166_2")
    rng = np.random.default_rng(seed)
    out = []
    for place, region, iso, pick, number in zip(
        sites["settlement"],
        sites["region"],
        sites["true_region"],
        rng.integers(0, 6, len(sites)),
        rng.integers(1, 400, len(sites)),
        strict=True,
    ):
        ru, kk, en = regions.loc[iso, ["name_ru", "name_kk", "name_en"]]
        if regions.loc[iso, "kind"] == "city":
            ru = kk = en = ""
        text = (
            f"{place}, {region}",
            f"с. {place}, {ru}",
            f"{place} ауылы, {kk}",
            f"{place} village, {en}",
            f"near {place}",
            f"{place}, ул. Абая {number}, {region or ru}",
        )[int(pick)]
        out.append(text.strip(", "))
    return out


def clear_parse_caches() -> None:
    """Forget every parsed phrase and word form (the analyser itself stays loaded)."""
    from kzgeo.geocoding import morphology, names, phrase  # noqa: PLC0415

    for fn in (
        phrase.parse_location,
        phrase.word_variants,
        phrase.marker_of,
        morphology.word_forms,
        morphology.russian_forms,
        morphology.kazakh_stems,
        morphology.kazakh_bases,
        names.name_key,
        names.fold_word,
    ):
        fn.cache_clear()


def bench_locations(sites: Any, sample_size: int, repeat: int) -> dict[str, Any]:
    """Time bulk and per-row geocoding of free-text locations; print and return the results."""
    import pandas as pd  # noqa: PLC0415

    import kzgeo  # noqa: PLC0415

    texts = free_text(sites)
    frame = pd.DataFrame({"location": texts})
    truth = sites["true_region"].to_numpy(dtype=object)
    distinct = len(set(texts))
    out, runs = _bulk_runs(frame, repeat)
    bulk = statistics.median(runs)
    entities = kzgeo.Gazetteer.default().entities
    right = _regions_of(out["matched_id"], entities) == truth
    sample, per_row = _per_row_seconds(frame, sample_size)
    n = len(texts)
    goal = LOCATION_GOAL_S * n / LOCATION_GOAL_ROWS
    statuses = out["geocode_status"].value_counts().to_dict()
    print(
        f"\nfree-text locations: {n:,} rows, {distinct:,} distinct phrases\n"
        + table(
            ["method", f"time for {size_label(n)} rows s", "phrases/s", "right region"],
            [
                ["kzgeo.geocode (bulk)", fmt_s(bulk), f"{n / bulk:,.0f}", f"{right.mean():.1%}"],
                [
                    f"per-row geocode loop ({len(sample)} rows, extrapolated)",
                    fmt_s(per_row),
                    f"{n / per_row:,.0f}",
                    "-",
                ],
            ],
        )
    )
    print(f"bulk runs: {', '.join(f'{r:.2f}' for r in runs)} s (median used)")
    print(
        f"goal: under {goal:.1f} s for {n:,} rows: "
        + ("met" if bulk < goal else "NOT met")
        + f"; speed-up over the per-row loop {per_row / bulk:.0f}x"
    )
    print("statuses:", ", ".join(f"{k} {v:,}" for k, v in statuses.items()))
    return {
        "location_rows": n,
        "location_distinct": distinct,
        "location_seconds": bulk,
        "location_runs": runs,
        "location_per_row_extrapolated_seconds": per_row,
        "location_per_row_sample": len(sample),
        "location_right_region_share": float(right.mean()),
        "location_goal_seconds": goal,
        "location_statuses": statuses,
    }


def _bulk_runs(frame: Any, repeat: int) -> tuple[Any, list[float]]:
    """Geocode ``frame`` ``repeat`` times from cold parse caches; the last output and each time."""
    import kzgeo  # noqa: PLC0415

    runs, out = [], None
    for _ in range(repeat):
        clear_parse_caches()
        start = time.perf_counter()
        out = kzgeo.geocode(frame)
        runs.append(time.perf_counter() - start)
    assert out is not None
    return out, runs


def _per_row_seconds(frame: Any, sample_size: int) -> tuple[np.ndarray, float]:
    """Geocode a sample of rows one at a time; the sample and the time extrapolated to all rows."""
    import kzgeo  # noqa: PLC0415

    rng = np.random.default_rng(1)
    sample = np.sort(rng.choice(len(frame), size=min(sample_size, len(frame)), replace=False))
    start = time.perf_counter()
    for i in sample:
        kzgeo.geocode(frame.iloc[[i]])
    return sample, (time.perf_counter() - start) * len(frame) / len(sample)


def _regions_of(entity_ids: Any, entities: Any) -> np.ndarray:
    """Region of each matched entity id ('' when nothing matched)."""
    region = dict(zip(entities["entity_id"], entities["region_iso"], strict=True))
    return np.array([region.get(e) or "" for e in entity_ids], dtype=object)


def baseline(texts: list[str], keys: list[str]) -> tuple[list[int], float]:
    """Per-row extractOne over every place key; return the best key's position and the time."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - timed imports stay outside

    from kzgeo.geocoding import name_key  # noqa: PLC0415

    best = []
    start = time.perf_counter()
    for text in texts:
        hit = process.extractOne(name_key(text), keys, scorer=fuzz.ratio)
        best.append(int(hit[2]))  # never None: the keys are not empty and no cutoff is set
    return best, time.perf_counter() - start


def profile_geocode(sites: Any, limit: int = 18) -> str:
    """Return a cProfile report (cumulative and own time) of one ``kzgeo.geocode`` run."""
    import kzgeo  # noqa: PLC0415

    profiler = cProfile.Profile()
    profiler.enable()
    kzgeo.geocode(sites)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def main() -> int:  # noqa: PLR0915 - one linear script
    """Time both, compare accuracy, print the ratio and, below the goal, a profile."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=float, default=1e5, help="rows of variant_sites")
    parser.add_argument("--sample", type=int, default=5_000, help="rows timed for the baseline")
    parser.add_argument("--repeat", type=int, default=3, help="kzgeo.geocode runs (median)")
    parser.add_argument("--profile", action="store_true", help="always print the profile")
    parser.add_argument("--part", choices=("names", "locations", "both"), default="both")
    parser.add_argument(
        "--location-sample", type=int, default=300, help="rows timed for the per-row loop"
    )
    args = parser.parse_args()
    info = header("bench_geocode: kzgeo.geocode vs a per-row extractOne loop")

    import kzgeo  # noqa: PLC0415
    from kzgeo.testing import variant_sites  # noqa: PLC0415

    n = int(args.rows)
    start = time.perf_counter()
    sites = variant_sites(n, seed=1)
    print(f"variant_sites({n:,}, seed=1): {time.perf_counter() - start:.1f} s (not measured)")
    start = time.perf_counter()
    gazetteer = kzgeo.Gazetteer.default()
    gaz_seconds = time.perf_counter() - start
    names = gazetteer.names
    places = names[names["kind"] == "place"]
    keys = places["key"].tolist()
    key_region = _regions_of(places["entity_id"], gazetteer.entities)
    print(
        f"gazetteer: built in {gaz_seconds:.2f} s (once, not in either time); "
        f"{len(keys):,} place keys ({len(set(keys)):,} distinct) for the baseline\n"
    )
    if args.part == "locations":
        save(
            "geocode_locations",
            {"machine": info, **bench_locations(sites, args.location_sample, args.repeat)},
        )
        return 0
    truth = sites["true_region"].to_numpy(dtype=object)

    runs = []
    out = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        out = kzgeo.geocode(sites)
        runs.append(time.perf_counter() - start)
    assert out is not None
    kz_seconds = statistics.median(runs)
    kz_region = _regions_of(out["matched_id"], gazetteer.entities)
    kz_right = kz_region == truth

    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(n, size=min(args.sample, n), replace=False))
    texts = sites["settlement"].iloc[sample].tolist()
    best, base_sample_seconds = baseline(texts, keys)
    base_region = np.array([key_region[b] if b >= 0 else "" for b in best], dtype=object)
    base_right = base_region == truth[sample]
    extrapolated = base_sample_seconds * n / len(sample)
    ratio = extrapolated / kz_seconds

    rows = [
        [
            "kzgeo.geocode (bulk)",
            f"{n:,} (all)",
            fmt_s(kz_seconds),
            f"{n / kz_seconds:,.0f}",
            f"{kz_right.mean():.1%}",
            f"{kz_right[sample].mean():.1%}",
        ],
        [
            "per-row extractOne loop",
            f"{len(sample):,} (sample)",
            f"{fmt_s(extrapolated)} (extrapolated)",
            f"{len(sample) / base_sample_seconds:,.0f}",
            "-",
            f"{base_right.mean():.1%}",
        ],
    ]
    print(
        table(
            [
                "method",
                "rows timed",
                f"time for {size_label(n)} rows s",
                "names/s",
                "right region (all)",
                "right region (sample)",
            ],
            rows,
        )
    )
    print(
        f"\nbaseline timed on {len(sample):,} random rows ({base_sample_seconds:.2f} s) and "
        f"extrapolated linearly x{n / len(sample):g} to {n:,} rows"
    )
    print(f"kzgeo.geocode runs: {', '.join(f'{r:.2f}' for r in runs)} s (median used)")
    print(
        f"speed-up (baseline / kzgeo): {ratio:.1f}x; goal >= {GOAL:.0f}x: "
        + ("met" if ratio >= GOAL else "NOT met")
    )
    by_method = out["geocode_method"].value_counts().to_dict()
    print("kzgeo methods:", ", ".join(f"{k} {v:,}" for k, v in by_method.items()))
    report_text = ""
    if ratio < GOAL or args.profile:
        print("\ncProfile of one kzgeo.geocode run (where the time goes):")
        report_text = profile_geocode(sites)
        print(report_text)
    save(
        "geocode",
        {
            "machine": info,
            "rows": n,
            "kzgeo_seconds": kz_seconds,
            "kzgeo_runs": runs,
            "kzgeo_names_per_second": n / kz_seconds,
            "kzgeo_right_region_share": float(kz_right.mean()),
            "kzgeo_right_region_share_sample": float(kz_right[sample].mean()),
            "baseline_sample_rows": len(sample),
            "baseline_sample_seconds": base_sample_seconds,
            "baseline_extrapolated_seconds": extrapolated,
            "baseline_names_per_second": len(sample) / base_sample_seconds,
            "baseline_right_region_share_sample": float(base_right.mean()),
            "speedup": ratio,
            "goal": GOAL,
            "gazetteer_build_seconds": gaz_seconds,
            "place_keys": len(keys),
            "kzgeo_methods": by_method,
            "profile": report_text,
            **(
                bench_locations(sites, args.location_sample, args.repeat)
                if args.part == "both"
                else {}
            ),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
