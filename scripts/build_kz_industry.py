"""Build data/registers/kz-industry/: the second bundled register, from the dev corpus.

Source: tests/fixtures/real_registers/dev/projects.csv (77 real projects quoted from news
reports; see that folder's README) and data/curated/kz_industry_codes.csv (the KZ OKED code a
compiler assigned to each row, with the reason). The held-out set is never read.

Every cell kzgeo must read (company, investment, jobs, location, sector, stage, year) is
copied as the corpus writes it. What the script adds: ``sector_code`` from the codes table,
``jobs_flag`` / ``jobs_basis`` and ``location_flag`` / ``location_basis`` naming the manifest's
source ids, ``source_urls`` written ``;``-separated (the corpus separates them with spaces,
which the register format reads as one token), a manifest with one source per article (the
URLs the rows cite, and the URLs their notes cite), and the register's README.md.

Run: ``python scripts/build_kz_industry.py`` (``--out DIR`` writes elsewhere; ``--check``
compares with the committed files and exits 1 when they differ).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

import pandas as pd
import yaml
from _common import CURATED, ROOT

from kzgeo.register.sectors import normalize_code, oked_names

CORPUS = ROOT / "tests" / "fixtures" / "real_registers" / "dev"
CODES = CURATED / "kz_industry_codes.csv"
TEMPLATE = Path(__file__).parent / "templates" / "kz_industry_README.md"
OUT = ROOT / "data" / "registers" / "kz-industry"
REGISTER_ID = "kz-industry"
URL = re.compile(r"https?://[^\s;,]+")
# dates of publication the corpus states for an article, with the words of the row's notes
# they rest on (checked, so a changed corpus cannot leave a stale date here)
_BAQ_SHAKAMAN = "https://baq.kz/abay-oblysynda-quattylygy-zhogary-et-kombinatynyn-qurylysy-"
_INFORM_WKO = "https://www.inform.kz/en/w-kazakhstan-develops-investment-projects-worth-kzt-"
NOTE_DATES = {
    f"{_BAQ_SHAKAMAN}zhurip-zhatyr-200024352/": ("2025-10-29", "BAQ.KZ 2025-10-29"),
    "https://newsline.kz/article/1056436/": ("2022-03-28", "reported 28.03.2022"),
    f"{_INFORM_WKO}1-9-tn_a4071791/amp": ("2023-05-26", "dated 2023-05-26 by Kazinform"),
}
# a date written in an article's URL path (/2025/12/10/, 2023-06-13-...) is its publication date
PATH_DATE = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)(?:[/-]|$)")
PROJECT_COLUMNS = [
    "project_id",
    "company",
    "investment",
    "investment_usd",
    "investment_usd_flag",
    "investment_usd_basis",
    "jobs",
    "jobs_flag",
    "jobs_basis",
    "sector",
    "sector_code",
    "stage",
    "year",
    "lang",
    "source_urls",
    "notes",
]
FIRST_COLUMNS = PROJECT_COLUMNS[: PROJECT_COLUMNS.index("jobs") + 1]
SITE_COLUMNS = [
    "site_id",
    "project_id",
    "location",
    "location_flag",
    "location_basis",
]
# rows left out, with the reason (none: every dev row names a company or an object and a place)
DROPPED: dict[str, str] = {}
# two rows of one company whose figures overlap (kept both: each is as reported)
OVERLAP_IDS = ("kamlit-foundry-kostanai", "kamlit-kz-kostanay")
OVERLAP = (
    "`kamlit-foundry-kostanai` (2024, 78.2 billion tenge, the iron foundry) and "
    "`kamlit-kz-kostanay` (2023, 300 млрд теңге) are both KamLitKZ in Kostanay; the second "
    "figure is, as its notes say, *all* KamLitKZ projects so far, so it includes the first. "
    "Both are kept as reported; their sum counts the foundry twice."
)
# the cells a compiler must change for kzgeo to read the row at all: (project, column) ->
# (the corpus's text, what the register writes instead, why); the corpus text stays in notes
EDITS: dict[tuple[str, str], tuple[str, dict[str, str], str]] = {
    ("polyethylene-karabatan", "investment"): (
        "$7.7 billion tenge",
        {
            "investment_usd": "$7.7 billion",
            "investment_usd_flag": "estimated",
            "investment_usd_basis": (
                "currency read by the compiler: the report writes '$7.7 billion tenge'; "
                "7.7 billion tenge (some US$16 million) is implausible for a 1.25 million t "
                "polyethylene plant, so the '$' is taken"
            ),
        },
        (
            "the report's phrase names two currencies for one figure, which kzgeo refuses "
            "(rightly: it cannot know which is meant); the compiler reads it as US$ and flags "
            "the figure estimated"
        ),
    ),
    ("rudny-iron-ore-processing", "jobs"): (
        "мыңдаған адам",
        {"jobs": ""},
        (
            "'thousands of people' has no number, which kzgeo refuses as a figure; the jobs "
            "cell is left empty"
        ),
    ),
}


@dataclass
class SourceBook:
    """The articles the register cites, one id per URL, in order of first citation."""

    ids: dict[str, str] = field(default_factory=dict)
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    in_notes: set[str] = field(default_factory=set)

    def add(self, url: str, project_id: str, *, note: bool = False) -> str:
        """Record that ``project_id`` cites ``url`` (in its notes: ``note``); return its id."""
        if url not in self.ids:
            stem = source_stem(url)
            self.ids[url] = f"{stem}-{project_id}"
            self.cited_by[url] = []
            if note:
                self.in_notes.add(url)
        if project_id not in self.cited_by[url]:
            self.cited_by[url].append(project_id)
        return self.ids[url]


def source_stem(url: str) -> str:
    """Return the short outlet part of a source id: ``rus.baq.kz`` -> ``rus-baq``."""
    host = outlet(url)
    parts = host.split(".")[:-1] or [host]
    return "-".join(parts).replace("_", "-")


def outlet(url: str) -> str:
    """Return the outlet as the corpus README names it: the host without ``www.``."""
    return (urlsplit(url).hostname or url).removeprefix("www.")


def note_urls(notes: str) -> list[str]:
    """Return the URLs a row's notes cite (the second report a field rests on)."""
    return [u.rstrip(").") for u in URL.findall(notes)]


def read_corpus() -> pd.DataFrame:
    """Return the dev corpus rows, minus the dropped ones."""
    frame = pd.read_csv(CORPUS / "projects.csv", dtype=str, keep_default_na=False)
    unknown = set(DROPPED) - set(frame["project_id"])
    if unknown:
        raise SystemExit(f"DROPPED names rows the corpus does not have: {sorted(unknown)}")
    return frame[~frame["project_id"].isin(DROPPED)].reset_index(drop=True)


def records(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Return a table of text as plain rows."""
    return [{str(k): str(v) for k, v in r.items()} for r in frame.to_dict("records")]


def _code_problems(row: dict[str, str], line: int, project_ids: list[str]) -> list[str]:
    where = f"{CODES.name} line {line}: {row['project_id']}"
    code = row["sector_code"]
    problems = []
    if normalize_code(code) != code or code not in oked_names():
        problems.append(f"{where}: {code!r} is not an OKED section letter or division")
    if not row["reason"].strip():
        problems.append(f"{where}: no reason")
    if row["project_id"] not in project_ids:
        problems.append(f"{where}: not a project of the corpus")
    return problems


def read_codes(project_ids: list[str]) -> dict[str, str]:
    """Return project_id -> sector_code, refusing a table that does not match the corpus."""
    rows = records(pd.read_csv(CODES, dtype=str, keep_default_na=False))
    problems = [p for i, row in enumerate(rows) for p in _code_problems(row, i + 2, project_ids)]
    codes = {row["project_id"]: row["sector_code"] for row in rows}
    problems += [f"{CODES.name}: no code for {pid}" for pid in project_ids if pid not in codes]
    if len(codes) != len(rows):
        problems.append(f"{CODES.name}: duplicate project_id")
    if problems:
        raise SystemExit("\n".join(problems))
    return codes


def build_tables(
    corpus: pd.DataFrame, codes: dict[str, str], book: SourceBook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return projects.csv and sites.csv (one site a project, its location as written)."""
    projects, sites = [], []
    for row in map(apply_edits, records(corpus)):
        pid = row["project_id"]
        urls = row["source_urls"].split()
        ids = "; ".join(book.add(u, pid) for u in urls)
        for url in note_urls(row["notes"]):
            book.add(url, pid, note=True)
        jobs = row["jobs"]
        projects.append(
            {
                **{c: row.get(c, "") for c in FIRST_COLUMNS},
                "jobs_flag": "reported" if jobs else "",
                "jobs_basis": ids if jobs else "",
                **{c: row[c] for c in ("sector",)},
                "sector_code": codes[pid],
                **{c: row[c] for c in ("stage", "year", "lang")},
                "source_urls": "; ".join(urls),
                "notes": row["notes"],
            }
        )
        sites.append(
            {
                "site_id": pid,
                "project_id": pid,
                "location": row["location"],
                "location_flag": "reported",
                "location_basis": ids,
            }
        )
    return pd.DataFrame(projects, columns=PROJECT_COLUMNS), pd.DataFrame(
        sites, columns=SITE_COLUMNS
    )


def apply_edits(row: dict[str, str]) -> dict[str, str]:
    """Return a corpus row with its :data:`EDITS` made and said in its notes."""
    out = dict(row)
    for (pid, column), (text, cells, _why) in EDITS.items():
        if pid != row["project_id"]:
            continue
        if row[column] != text:
            raise SystemExit(f"EDITS: {pid}.{column} is {row[column]!r} now, not {text!r}")
        out[column] = ""
        out.update(cells)
        said = f"{column} as written: {text!r}, changed by the compiler (see README.md)"
        out["notes"] = f"{row['notes']}; {said}" if row["notes"] else said
    return out


def source_date(url: str, notes: str) -> str:
    """Return the article's date where the corpus gives one (its notes or its URL), else ''."""
    if url in NOTE_DATES:
        date, words = NOTE_DATES[url]
        if words not in notes:
            raise SystemExit(f"NOTE_DATES: {words!r} is no longer in the notes citing {url}")
        return date
    match = PATH_DATE.search(urlsplit(url).path)
    return "-".join(match.groups()) if match else ""


def manifest(corpus: pd.DataFrame, book: SourceBook) -> dict[str, object]:
    """Return the register.yaml mapping."""
    notes = dict(zip(corpus["project_id"], corpus["notes"], strict=True))
    sources: dict[str, dict[str, str]] = {}
    for url, sid in book.ids.items():
        spec = {"url": url, "publisher": outlet(url)}
        date = source_date(url, " ".join(notes[p] for p in book.cited_by[url]))
        if date:
            spec["date"] = date
        rows = ", ".join(book.cited_by[url])
        spec["note"] = (f"cited in the notes of {rows}" if url in book.in_notes else "") or (
            f"cited by {rows}"
        )
        sources[sid] = spec
    return {
        "schema": "kzgeo-register/1",
        "id": REGISTER_ID,
        "title": f"Industrial projects in Kazakhstan as news reports wrote them ({len(corpus)})",
        "description": (
            f"{len(corpus)} real multi-sector projects (chemicals, metals, mining, food, energy, "
            "building materials, machinery, pharmaceuticals, textiles, logistics) in every "
            "region, 2018-2027, quoted from Russian, Kazakh and English news reports: company, "
            "investment, jobs, location, sector and stage exactly as written, one source URL "
            "per row. Built by scripts/build_kz_industry.py from the development corpus in "
            "tests/fixtures/real_registers/dev."
        ),
        "licence": "MIT (the compilation; short factual quotations, each row names its source)",
        "projects": "projects.csv",
        "sites": "sites.csv",
        "extra_columns": ["lang"],
        "sources": sources,
    }


HEADER = """\
# kzgeo register manifest, written by scripts/build_kz_industry.py: do not edit by hand
# (edit the corpus or data/curated/kz_industry_codes.csv and run the script again).
# `note:` under a source is for readers; kzgeo does not read it.
"""


def manifest_text(data: dict[str, object]) -> str:
    """Return register.yaml (plain YAML: no aliases, dates as quoted text)."""
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _rows(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows)


def readme(corpus: pd.DataFrame, projects: pd.DataFrame, data: dict[str, object]) -> str:
    """Return the register's README.md from scripts/templates/kz_industry_README.md."""
    langs = corpus["lang"].value_counts()
    years = sorted(y for y in corpus["year"] if y)
    sources = data["sources"]
    if not isinstance(sources, dict):
        raise TypeError("manifest sources must be a mapping")
    fields = {
        "n": len(projects),
        **{lang: int(langs.get(lang, 0)) for lang in ("ru", "kk", "en")},
        "first_year": years[0],
        "last_year": years[-1],
        "no_year": int((corpus["year"] == "").sum()),
        "dropped": "\n".join(f"- `{pid}`: {why}" for pid, why in DROPPED.items())
        or f"None: all {len(corpus)} dev rows are kept. Every one names a company, or the "
        "object or investor the report names (the row's `notes` say so), and a place.",
        "edits": "\n".join(
            f"- `{pid}`, `{column}`: {text!r}: {why}"
            for (pid, column), (text, _cells, why) in EDITS.items()
        ),
        "overlap": OVERLAP,
        "with_investment": int(((projects["investment"] + projects["investment_usd"]) != "").sum()),
        "with_jobs": int((projects["jobs"] != "").sum()),
        "codes": _rows(
            [
                [f"`{c}`", str(k)]
                for c, k in projects["sector_code"].value_counts().sort_index().items()
            ]
        ),
        "n_sources": len(sources),
        "sources": _rows(
            [
                [f"`{sid}`", s["publisher"], "—", f"<{s['url']}>", s.get("date", ""), s["note"]]
                for sid, s in sources.items()
            ]
        ),
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(fields)


def main() -> int:
    """Build the register; with ``--check``, only compare with the committed files."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args()
    corpus = read_corpus()
    missing = set(OVERLAP_IDS) - set(corpus["project_id"])
    if missing:
        raise SystemExit(f"OVERLAP names rows the corpus does not have: {sorted(missing)}")
    codes = read_codes(corpus["project_id"].tolist())
    book = SourceBook()
    projects, sites = build_tables(corpus, codes, book)
    data = manifest(corpus, book)
    files = {
        "projects.csv": projects.to_csv(index=False, lineterminator="\n"),
        "sites.csv": sites.to_csv(index=False, lineterminator="\n"),
        "register.yaml": manifest_text(data),
        "README.md": readme(corpus, projects, data),
    }
    if args.check:
        stale = [n for n, text in files.items() if _read(args.out / n) != text]
        for name in stale:
            print(f"{args.out / name} differs from what the script builds", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(projects)} projects, {len(book.ids)} sources to {args.out}")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
