"""Bad input, case by case. Each case is a row of docs/bad_inputs.md.

Every case ends in a clear error or a flagged row that names file, row and field and says what
to do, through the Python API and the CLI; valid rows next to a bad one are still processed.
"""

from __future__ import annotations

import contextlib
import re
import socket
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely import Polygon, box

import kzgeo
from kzgeo.cli.main import main
from kzgeo.errors import BoundaryError, KzgeoError, RegisterError
from tests.conftest import write_register

DOC = Path(__file__).resolve().parents[1] / "docs" / "bad_inputs.md"
GOOD = "ok1,Good Co,1 bn,reported,https://example.org,10,reported,https://example.org\n"
HEAD = (
    "project_id,company,investment_kzt,investment_kzt_flag,investment_kzt_basis,"
    "jobs,jobs_flag,jobs_basis\n"
)
SITES = "site_id,project_id,settlement,region,lat,lon,sez,country\n"


@dataclass
class Case:
    """One bad input that must end in an error naming file/row/field."""

    id: str
    projects: str | bytes
    sites: str | None = None
    manifest: str | None = None
    file: str = "projects.csv"
    row: int | None = 2
    field: str | None = None
    words: str = ""


ERROR_CASES = [
    Case("empty-file", b"", row=None, words="empty"),
    Case("header-only", HEAD, row=None, words="header only"),
    Case(
        "missing-required-column",
        "project_id,jobs\np1,5\n",
        row=1,
        field="company",
        words="required column missing",
    ),
    Case(
        "wrong-type",
        HEAD + "p1,A,1 bn,reported,x,many,reported,x\n" + GOOD,
        field="jobs",
        words="not a number",
    ),
    Case(
        "negative-figure",
        HEAD + "p1,A,-1 bn,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="negative",
    ),
    Case(
        "nan-figure",
        HEAD + "p1,A,NaN,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="finite",
    ),
    Case(
        "absurd-figure",
        HEAD + "p1,A,1e15,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="implausibly large",
    ),
    Case(
        "fractional-count",
        HEAD + "p1,A,1 bn,reported,x,2.5,reported,x\n" + GOOD,
        field="jobs",
        words="whole number",
    ),
    Case(
        "currency-without-a-rate",
        HEAD + "p1,A,5 M JPY,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="no JPY rate",
    ),
    Case(
        "unknown-currency-column",
        "project_id,company,investment,currency\np1,A,5 M,XYZ\n",
        field="currency",
        words="unknown currency",
    ),
    Case(
        "figure-not-understood",
        HEAD + "p1,A,5 bn,reported,x,about 300 vacancies,reported,x\n" + GOOD,
        field="jobs",
        words="cannot read 'vacancies'",
    ),
    Case(
        "date-as-figure",
        HEAD + "p1,A,22.01.2026,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="looks like a date",
    ),
    Case(
        "bad-digit-groups",
        HEAD + 'p1,A,1 bn,reported,x,"12,5,6",reported,x\n' + GOOD,
        field="jobs",
        words="thousands groups have three",
    ),
    Case(
        "two-currencies-one-figure",
        HEAD + "p1,A,$7.7 billion tenge,reported,x,1,reported,x\n" + GOOD,
        field="investment_kzt",
        words="two currencies",
    ),
    Case(
        "bad-exchange-rate",
        HEAD + GOOD,
        manifest="exchange_rate: {kzt_per_usd: 0, date: 2026-01-23, source: NBK}\n",
        file="register.yaml",
        row=None,
        field="exchange_rate",
        words="not a positive rate",
    ),
    Case("duplicate-project-id", HEAD + GOOD + GOOD, row=3, field="project_id", words="duplicate"),
    Case(
        "duplicate-site-id",
        HEAD + GOOD,
        SITES + "s1,ok1,Almaty,,,,,\ns1,ok1,Taraz,,,,,\n",
        file="sites.csv",
        row=3,
        field="site_id",
        words="duplicate",
    ),
    Case(
        "site-of-unknown-project",
        HEAD + GOOD,
        SITES + "s1,nope,Almaty,,,,,\n",
        file="sites.csv",
        field="project_id",
        words="unknown project",
    ),
    Case(
        "projected-metres-as-lat-lon",
        HEAD + GOOD,
        SITES + "s1,ok1,,,5432100,7654321,,\n",
        file="sites.csv",
        field="lat",
        words="projected metres",
    ),
    Case(
        "only-one-coordinate",
        HEAD + GOOD,
        SITES + "s1,ok1,,,43.2,,,\n",
        file="sites.csv",
        field="lon",
        words="only one coordinate",
    ),
    Case("random-bytes", bytes(range(256)) * 4, row=None, words="not a text file"),
    Case(
        "too-many-fields",
        HEAD + "p1,A,1 bn,reported,x,1,reported,x,EXTRA,MORE\n" + GOOD,
        words="fields",
    ),
    Case(
        "invalid-date",
        "project_id,company,approval_date\np1,A,31/31/2026\n",
        field="approval_date",
        words="not a date",
    ),
    Case(
        "invalid-flag",
        HEAD + "p1,A,1 bn,rumoured,x,1,reported,x\n" + GOOD,
        field="investment_kzt_flag",
        words="not a flag",
    ),
    Case(
        "derived-without-formula",
        HEAD + "p1,A,1 bn,derived,,1,reported,x\n" + GOOD,
        field="investment_kzt_basis",
        words="without its formula",
    ),
    Case(
        "bad-id-characters",
        HEAD + "../etc/x,A,1 bn,reported,x,1,reported,x\n" + GOOD,
        field="project_id",
        words="characters",
    ),
    Case(
        "empty-company",
        HEAD + "p1,,1 bn,reported,x,1,reported,x\n" + GOOD,
        field="company",
        words="empty",
    ),
    Case(
        "broken-yaml-manifest",
        HEAD + GOOD,
        manifest="title: [unclosed\n",
        file="register.yaml",
        row=None,
        words="not valid YAML",
    ),
    Case(
        "unknown-stated-total",
        HEAD + GOOD,
        manifest="stated_totals:\n  profit: {value: 5}\n",
        file="register.yaml",
        row=None,
        field="stated_totals.profit",
        words="unknown total",
    ),
    Case(
        "duplicate-column",
        "project_id,company,company\np1,A,B\n",
        row=1,
        field="company",
        words="appears twice",
    ),
]


def _write(tmp_path: Path, case: Case) -> Path:
    folder = tmp_path / case.id
    folder.mkdir()
    data = case.projects if isinstance(case.projects, bytes) else case.projects.encode()
    (folder / "projects.csv").write_bytes(data)
    if case.sites is not None:
        (folder / "sites.csv").write_text(case.sites, encoding="utf-8")
    if case.manifest is not None:
        (folder / "register.yaml").write_text(case.manifest, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_error_names_file_row_and_field(tmp_path, capsys, case):
    folder = _write(tmp_path, case)
    with pytest.raises(RegisterError) as info:
        kzgeo.load_register(folder)
    errors = [i for i in info.value.issues if i.level == "error"]
    match = [
        i
        for i in errors
        if i.file
        and i.file.endswith(case.file)
        and i.row == case.row
        and (case.field is None or i.field == case.field)
        and case.words in i.message
    ]
    assert match, f"no error at {case.file}/{case.row}/{case.field} with {case.words!r}: {errors}"
    assert all(i.hint for i in match)
    # the CLI says the same and exits 1, without a traceback
    assert main(["validate", str(folder)]) == 1
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert case.file in text
    assert "Traceback" not in text


@pytest.mark.parametrize(
    "case",
    [c for c in ERROR_CASES if GOOD in str(c.projects) and c.file == "projects.csv" and c.row == 2],
    ids=lambda c: c.id,
)
def test_valid_rows_beside_a_bad_one_are_still_processed(tmp_path, case):
    folder = _write(tmp_path, case)
    reg = kzgeo.load_register(folder, errors="flag")
    status = dict(zip(reg.projects.project_id, reg.projects.row_status, strict=True))
    assert status.get("ok1") == "ok"
    assert "invalid" in status.values()
    result = kzgeo.build(reg)
    assert len(result.sites) == len(reg.sites)


def _reg(tmp_path, projects, sites, name="r"):
    return write_register(tmp_path / name, projects, sites)


def test_extra_unknown_columns_are_kept_with_a_warning(tmp_path):
    folder = _reg(
        tmp_path,
        "project_id,company,my_note\np1,A,hello\n",
        "site_id,project_id,settlement,desk\ns1,p1,Almaty,east\n",
    )
    reg = kzgeo.load_register(folder)
    assert reg.projects.my_note[0] == "hello"
    assert any(w.field == "my_note" and w.row == 1 for w in reg.warnings)
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    assert "desk" in pd.read_csv(out / "sites.csv", encoding="utf-8-sig").columns


def test_zero_figure_is_a_warning_and_kept(tmp_path):
    folder = _reg(
        tmp_path,
        "project_id,company,jobs\np1,A,0\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\n",
    )
    reg = kzgeo.load_register(folder)
    assert reg.projects.jobs[0] == 0
    assert any(w.field == "jobs" and w.row == 2 and "zero" in w.message for w in reg.warnings)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("58 500 000 000", 58.5e9),
        ("58,5 млрд", 58.5e9),
        ("58.500.000.000", 58.5e9),
        ("1,234.5 M", 1234.5e6),
    ],
)
def test_thousands_separators_and_decimal_commas(tmp_path, text, value):
    folder = _reg(
        tmp_path,
        f'project_id,company,investment_kzt\np1,A,"{text}"\n',
        "site_id,project_id,settlement\ns1,p1,Almaty\n",
    )
    assert kzgeo.load_register(folder).projects.investment_kzt[0] == pytest.approx(value)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251", "utf-16"])
def test_encodings_and_bom(tmp_path, encoding):
    folder = tmp_path / encoding
    folder.mkdir()
    text = "Проект;Компания;Рабочие места\nx1;Альфа;около 60\n"
    (folder / "projects.csv").write_bytes(text.encode(encoding))
    (folder / "sites.csv").write_text(
        "site_id,project_id,settlement\ns1,x1,Талғар\n", encoding="utf-8"
    )
    reg = kzgeo.load_register(folder)
    assert reg.projects.company[0] == "Альфа"
    assert reg.projects.jobs[0] == 60
    if encoding == "cp1251":
        assert any("Windows-1251" in w.message for w in reg.warnings)


def test_semicolon_delimiter_and_quoted_newline(tmp_path):
    folder = _reg(
        tmp_path,
        'project_id;company;notes\np1;"A; B";"two\nlines"\np2;C;x\n',
        "site_id,project_id,settlement\ns1,p1,Almaty\ns2,p2,Taraz\n",
    )
    reg = kzgeo.load_register(folder)
    assert list(reg.projects.company) == ["A; B", "C"]
    assert list(reg.projects.source_line) == [2, 4]  # the quoted newline takes line 3


def _site_build(tmp_path, site_row, name="r"):
    folder = _reg(
        tmp_path,
        "project_id,company\np1,A\np2,B\n",
        SITES + site_row + "s2,p2,Almaty,,,,,\n",
        name=name,
    )
    result = kzgeo.build(folder)
    out = tmp_path / f"{name}-out"
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    csv = pd.read_csv(out / "sites.csv", encoding="utf-8-sig").set_index("site_id")
    assert csv.loc["s2", "region_iso"] == "KZ-75"  # the valid row is still processed
    return result.sites.set_index("site_id").loc["s1"], csv.loc["s1"]


def test_lat_lon_swapped_is_reported_not_fixed(tmp_path):
    row, csv = _site_build(tmp_path, "s1,p1,,,76.95,43.25,,\n")
    assert row.join_status == "swapped-latlon"
    assert pd.isna(row.region_iso)
    assert "lat/lon order" in row.join_note
    assert csv.join_status == "swapped-latlon"


def test_coordinates_outside_kazakhstan(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,,,41.3,69.2,,\n")
    assert row.join_status == "outside-kazakhstan"
    assert pd.isna(row.region_iso)


def test_unknown_place_gives_closest_suggestions(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,Pavlodarxyzabc,,,,,\n")
    assert row.geocode_status == "not-found"
    assert "closest: Pavlodar" in row.geocode_note


def test_ambiguous_place_lists_candidates(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,Aksu,,,,,\n")
    assert row.geocode_status == "ambiguous"
    assert row.candidates.count("Aksu") >= 3


def test_retired_sez(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,,Akmola Region,,,Burabay,\n")
    assert row.geocode_status == "review"
    assert "not a current SEZ" in row.geocode_note
    assert row.region_iso == "KZ-11"


def test_misspelled_sez(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,,,,,SEZ Turanh,\n")
    assert row.sez_hint_id == "turan"
    assert row.geocode_status == "review"


def test_country_other_than_kazakhstan(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,,,,,,Uzbekistan\n")
    assert row.geocode_status == "not-found"
    assert "not Kazakhstan" in row.geocode_note


def test_site_without_location(tmp_path):
    row, _ = _site_build(tmp_path, "s1,p1,,,,,,\n")
    assert row.geocode_status == "no-location"
    assert row.join_status == "no-point"


def _boundaries(tmp_path, geoms, crs=4326, name="b.gpkg", id_col="code"):
    path = tmp_path / name
    gpd.GeoDataFrame(
        {id_col: [f"R{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs
    ).to_file(path)
    return path


def test_invalid_user_boundaries(tmp_path, capsys):
    bowtie = Polygon([(60, 40), (80, 56), (80, 40), (60, 56), (60, 40)])
    path = _boundaries(tmp_path, [box(40, 40, 50, 50), bowtie])
    with pytest.raises(BoundaryError) as info:
        kzgeo.build(regions=path, region_id="code")
    issue = info.value.issues[0]
    assert (issue.file, issue.row, issue.field) == (str(path), 2, "geometry")
    assert "Self-intersection" in issue.message
    assert "make_valid" in issue.hint
    assert (
        main(
            [
                "build",
                "--out",
                str(tmp_path / "o"),
                "--regions",
                str(path),
                "--region-id",
                "code",
                "--quiet",
            ]
        )
        == 1
    )
    assert "Self-intersection" in capsys.readouterr().err


def test_user_boundaries_in_another_crs(tmp_path):
    halves = gpd.GeoDataFrame(
        {"code": ["W", "E"]}, geometry=[box(40, 35, 70, 60), box(70, 35, 90, 60)], crs=4326
    )
    path = tmp_path / "halves.gpkg"
    halves.to_crs(3857).to_file(path)
    result = kzgeo.build(regions=path, region_id="code")
    assert set(result.sites.region_iso) == {"W", "E"}
    assert result.regions.set_index("code").investment_kzt.sum() == pytest.approx(173.4e9)
    assert kzgeo.mapping.render_html(result.map)


def test_user_boundaries_missing_id_column(tmp_path):
    path = _boundaries(tmp_path, [box(40, 35, 90, 60)], id_col="other")
    with pytest.raises(BoundaryError, match="id column missing"):
        kzgeo.build(regions=path, region_id="code")


def test_unreadable_boundary_file(tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_text("not a geopackage")
    with pytest.raises(BoundaryError, match="cannot read"):
        kzgeo.build(regions=path, region_id="code")


def test_very_large_file_is_refused_before_reading(tmp_path, capsys):
    folder = _reg(tmp_path, HEAD + GOOD * 2000, None)
    kzgeo.options.max_register_mb = 0.05
    with pytest.raises(RegisterError, match="over the 0 MB limit"):
        kzgeo.load_register(folder)
    kzgeo.options.reset()


def test_register_path_missing_and_wrong_type(tmp_path):
    with pytest.raises(RegisterError, match="not found"):
        kzgeo.load_register(tmp_path / "nope.csv")
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    with pytest.raises(RegisterError, match="save as CSV"):
        kzgeo.load_register(xlsx)


def test_no_network_without_the_online_geocoder(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = kzgeo.build()
    assert main(["build", "--out", str(tmp_path), "--quiet"]) == 0
    assert len(result.sites) == 5


def test_register_text_cannot_choose_output_paths(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company\np1,A\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\n",
        "id: ../../escape\ntitle: ../../escape\n",
    )
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    outside = [
        p for p in written if out.resolve() not in p.parents and folder.resolve() not in p.parents
    ]
    assert outside == []


def test_doc_table_lists_every_case():
    text = DOC.read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE))
    expected = {c.id for c in ERROR_CASES} | {
        "extra-columns",
        "zero-figure",
        "thousands-and-decimal-comma",
        "encodings-and-bom",
        "cyrillic-headers",
        "semicolon-delimiter",
        "lat-lon-swapped",
        "outside-kazakhstan",
        "unknown-place",
        "ambiguous-place",
        "retired-sez",
        "misspelled-sez",
        "other-country",
        "no-location",
        "invalid-boundaries",
        "boundaries-other-crs",
        "boundaries-no-id",
        "unreadable-boundaries",
        "very-large-file",
        "missing-path",
        "unsupported-file-type",
        "output-not-writable",
        "output-exists",
        "html-in-names",
        "formula-in-names",
        "register-paths",
        "network",
    }
    assert expected <= ids, sorted(expected - ids)
    assert len(ids) >= 30


def test_only_kzgeo_errors_escape_for_odd_registers(tmp_path):
    odd = [
        b"\xff\xfe\x00",
        b",,,,\n,,,\n",
        b"project_id\n\n\n",
        b'"unterminated\n',
        b"project_id,company\n" + b"x" * 10_000 + b",y\n",
        b"\x00\x01\x02",
        b"a\rb\rc",
    ]
    for n, data in enumerate(odd):
        folder = tmp_path / f"odd{n}"
        folder.mkdir()
        (folder / "projects.csv").write_bytes(data)
        with contextlib.suppress(KzgeoError):
            kzgeo.load_register(folder, errors="flag")
