"""Matching names against the gazetteer: exact keys first, then batched fuzzy matching.

Exact lookups are dictionary hits on :func:`~kzgeo.geocoding.names.name_key`. What is left is
scored in batches with ``rapidfuzz.process.cdist`` (Levenshtein ratio of the keys) against every
name of the same kind, reduced to the best score per entity. A fuzzy match is accepted when its
score reaches ``kzgeo.options.fuzzy_threshold`` and beats the next different entity by
``kzgeo.options.fuzzy_margin``; otherwise the row is ``ambiguous`` (several candidates) or
``not-found`` (with the closest names as suggestions). Names are never guessed between
candidates: a region hint may narrow them, nothing else does. A fuzzy match is ``review``
unless the row's region hint agrees with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from kzgeo.geocoding.names import name_key, name_kind
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kzgeo.geocoding.gazetteer import Gazetteer

CITY_CODES = frozenset({"KZ-71", "KZ-75", "KZ-79"})
# A fuzzy match is only "ok" (not "review") when it is this good and this far ahead.
CONFIDENT_SCORE = 90.0
CONFIDENT_MARGIN = 8.0
TOP_K = 8
BATCH = 2048


@dataclass(frozen=True)
class Match:
    """The result of matching one name."""

    entity_id: str | None
    via: str  # main | alias | alt | code | legacy | fuzzy
    status: str  # ok | review | ambiguous | not-found
    score: float
    candidates: tuple[str, ...] = ()
    note: str = ""


NO_MATCH = Match(None, "", "not-found", 0.0)


def _spread_km(lat: np.ndarray, lon: np.ndarray) -> float:
    """Largest distance between any two points, in km (equirectangular; fine below 100 km)."""
    mid = np.radians(lat.mean())
    x = lon * 111.32 * np.cos(mid)
    y = lat * 110.57
    return float(np.max(np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])))


class Matcher:
    """Matches names of one gazetteer, caching fuzzy scores per key."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Prepare per-kind choice arrays for the fuzzy matcher."""
        self.gaz = gazetteer
        self._fuzzy: dict[tuple[str, str], list[tuple[float, str]]] = {}
        self._groups: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        for kind in ("place", "district", "region", "sez"):
            keys, ids = gazetteer.choices(kind)
            if not keys:
                continue
            order = np.argsort(ids, kind="stable")
            keys_sorted = [keys[i] for i in order]
            ids_sorted = ids[order]
            starts = np.flatnonzero(np.r_[True, ids_sorted[1:] != ids_sorted[:-1]])
            self._groups[kind] = (keys_sorted, ids_sorted[starts], starts)

    def prefetch(self, kind: str, keys: Sequence[str]) -> None:
        """Score every key not matched exactly against all names of ``kind``, in batches."""
        todo = sorted(
            {k for k in keys if k and (kind, k) not in self._fuzzy and not self.gaz.exact(kind, k)}
        )
        if not todo or kind not in self._groups:
            return
        choices, entity_ids, starts = self._groups[kind]
        for lo in range(0, len(todo), BATCH):
            batch = todo[lo : lo + BATCH]
            scores = process.cdist(batch, choices, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
            per_entity = np.maximum.reduceat(scores, starts, axis=1)
            k = min(TOP_K, per_entity.shape[1])
            top = np.argpartition(per_entity, per_entity.shape[1] - k, axis=1)[:, -k:]
            for row, key in enumerate(batch):
                cols = top[row]
                ranked = sorted(
                    ((float(per_entity[row, c]), str(entity_ids[c])) for c in cols), reverse=True
                )
                self._fuzzy[(kind, key)] = ranked

    def match(self, kind: str, text: str, hint: str | None = None) -> Match:
        """Match one name of ``kind`` (place, district, region, sez), narrowed by a region hint."""
        key = name_key(text)
        if not key:
            return NO_MATCH
        hits = self.gaz.exact(kind, key)
        if hits:
            return self._from_exact(kind, text, hits, hint)
        self.prefetch(kind, [key])
        return self._from_fuzzy(kind, key, hint)

    def _from_exact(
        self, kind: str, text: str, hits: list[tuple[str, str]], hint: str | None
    ) -> Match:
        # every exact hit counts the same: a former name in kzgeo's alias table ("Джамбул" for
        # Taraz) can be the current name of another place, and then the row is ambiguous
        ids = sorted({e for e, _ in hits})
        vias: dict[str, str] = {}
        for e, v in hits:
            if vias.get(e) != "main":
                vias[e] = v
        if kind == "region" and len(ids) > 1:
            ids = self._region_kind(ids, text)
        ids = self._narrow(ids, hint)
        if len(ids) > 1:
            return self._several(
                kind, ids, 100.0, f"{len(ids)} {kind}s are called {text!r}", fuzzy=False
            )
        eid = ids[0]
        via = vias[eid]
        status, note = "ok", ""
        if via == "alt" and not self._agrees(eid, hint):
            main = name_key(str(self.gaz.entities.at[eid, "name"]))
            if fuzz.ratio(main, name_key(text)) < options.fuzzy_threshold:
                # a GeoNames alternate name that is another word (a former or other-language
                # name) may equally be a typo of a third place: without a hint, review it
                status = "review"
                owner = str(self.gaz.entities.at[eid, "name"])
                note = (
                    f"{text!r} is a GeoNames alternate name of {owner}, not a spelling of its name"
                )
        if via == "legacy":
            status = "review"
            note = f"{text} is a pre-2020 code: {self._legacy_note(text)}"
        return Match(eid, via, status, 100.0, (), note)

    def _several(self, kind: str, ids: list[str], score: float, why: str, *, fuzzy: bool) -> Match:
        """Several candidates: one place if they are records of it, else flag them.

        GeoNames holds duplicate records of some towns (two "Atbasar" 2 km apart); candidates
        all within 25 km of each other are one place, and the most populous record is used.
        Candidates far apart but in one region still fix the region: the row is placed at
        region level and flagged ``ambiguous``. Otherwise nothing is placed.
        """
        names = tuple(self._describe(e) for e in ids)
        rows = self.gaz.entities.loc[ids]
        regions = set(rows["region_iso"])
        spread = _spread_km(rows["lat"].to_numpy(float), rows["lon"].to_numpy(float))
        if kind == "place" and spread <= 25.0:
            pop = rows["population"].fillna(0).astype(float)
            best = str(pop.sort_values(ascending=False, kind="stable").index[0])
            note = (
                f"{why}: {len(ids)} records within {spread:.0f} km, taken as one place "
                f"({'; '.join(names)})"
            )
            return Match(
                best, "fuzzy" if fuzzy else "main", "review" if fuzzy else "ok", score, (), note
            )
        if kind == "place" and len(regions) == 1 and not fuzzy:
            iso = regions.pop()
            return Match(
                f"region:{iso}",
                "region-of-candidates",
                "ambiguous",
                score,
                names,
                f"{why}, all in {iso}: placed at region level",
            )
        return Match(None, "", "ambiguous", score, names, f"{why}: {'; '.join(names)}")

    def _agrees(self, entity_id: str, hint: str | None) -> bool:
        return bool(hint) and self.gaz.entities.at[entity_id, "region_iso"] == hint

    def _region_kind(self, ids: list[str], text: str) -> list[str]:
        """Almaty is a city and a region: the words of the name decide, a bare name is the city."""
        kind = name_kind(text)
        cities = [e for e in ids if e.split(":")[1] in CITY_CODES]
        regions = [e for e in ids if e not in cities]
        if kind == "region" and regions:
            return regions
        if cities and kind in ("city", ""):
            return cities
        return ids

    def _legacy_note(self, text: str) -> str:
        from kzgeo.geocoding.gazetteer import LEGACY_CODES  # noqa: PLC0415 - avoids a cycle

        code = text.strip().upper()
        return LEGACY_CODES.get(code, ("", "legacy code"))[1] or "legacy code"

    def _narrow(self, ids: list[str], hint: str | None) -> list[str]:
        if hint and len(ids) > 1:
            inside = [e for e in ids if self.gaz.entities.at[e, "region_iso"] == hint]
            if inside:
                return inside
        return ids

    def _describe(self, entity_id: str) -> str:
        row = self.gaz.entities.loc[entity_id]
        return f"{row['name']} ({row['region_iso']}, {entity_id})"

    def _from_fuzzy(self, kind: str, key: str, hint: str | None) -> Match:
        ranked = self._fuzzy.get((kind, key), [])
        threshold = options.fuzzy_threshold
        if hint:
            inside = [
                (s, e)
                for s, e in ranked
                if self.gaz.entities.at[e, "region_iso"] == hint and s >= threshold
            ]
            if inside:
                ranked = inside + [(s, e) for s, e in ranked if (s, e) not in inside]
        if not ranked or ranked[0][0] < threshold:
            close = tuple(f"{self._describe(e)} score {s:.0f}" for s, e in ranked[:3] if s >= 60)
            return Match(
                None,
                "",
                "not-found",
                ranked[0][0] if ranked else 0.0,
                close,
                "no name close enough" + ("; closest: " + "; ".join(close) if close else ""),
            )
        best_score, best = ranked[0]
        runner = next(((s, e) for s, e in ranked[1:] if e != best), (0.0, ""))
        margin = best_score - runner[0]
        if runner[0] >= threshold and margin < options.fuzzy_margin:
            close_ids = list(
                dict.fromkeys(
                    e for s, e in ranked if s >= threshold and best_score - s < options.fuzzy_margin
                )
            )
            return self._several(
                kind, close_ids, best_score, "several names are about as close", fuzzy=True
            )
        # a typo can turn one real name into another: a fuzzy match is "ok" only when the
        # row's own region hint agrees with it, otherwise it is left for review
        corroborated = self._agrees(best, hint)
        confident = corroborated and best_score >= CONFIDENT_SCORE and margin >= CONFIDENT_MARGIN
        note = f"fuzzy match, score {best_score:.0f}"
        if runner[1]:
            note += f", next {self._describe(runner[1])} at {runner[0]:.0f}"
        return Match(best, "fuzzy", "ok" if confident else "review", best_score, (), note)
