"""Loading and validating registers."""

from __future__ import annotations

import math

import pytest

import kzgeo
from kzgeo.errors import RegisterError
from kzgeo.register import seed_path, template_path
from tests.conftest import PROJECTS_HEADER, SITES_HEADER, write_register


def test_seed_register_loads():
    reg = kzgeo.load_register()
    assert reg.errors == []
    assert list(reg.projects.project_id) == [
        "altinfarm",
        "nobel-aff",
        "abdi-ibrahim",
        "msp-rompharm",
    ]
    assert len(reg.sites) == 5
    sites = reg.sites.set_index("site_id")
    assert sites.loc["altinfarm-pit", "sez"] == "PIT"
    assert sites.loc["msp-turan", "sez"] == "TURAN"
    # The Astana Times (23 Jan 2026) names the Almaty Region facilities: reported, not a brief
    assert sites.loc["msp-almaty-region", "location_flag"] == "reported"
    assert sites.loc["msp-almaty-region", "location_basis"] == "astanatimes"
    assert sites.loc["abdi-ili", "district"] == "Ili"
    projects = reg.projects.set_index("project_id")
    assert projects.investment_kzt.sum() == pytest.approx(173.4e9)
    assert projects.jobs.sum() == 675
    assert projects.loc["abdi-ibrahim", "investment_kzt"] == 39.0e9
    assert projects.loc["abdi-ibrahim", "investment_kzt_basis"] == "turanews-en; ice"
    assert projects.loc["altinfarm", "legal_name_ru"] == "ТОО «АлтИНФАРМ»"
    assert (
        projects.loc["altinfarm", "partners"] == "Sinopharm; Sinovac; Kangtai Biological Technology"
    )
    assert projects.loc["nobel-aff", "jobs_qualifier"] == "at-least"


def test_every_seed_figure_carries_a_flag_and_a_basis():
    reg = kzgeo.load_register()
    for fig in ("investment_kzt", "investment_usd", "jobs", "medicines", "social_medicines"):
        have = reg.projects[fig].notna()
        assert (
            reg.projects.loc[have, f"{fig}_flag"].isin(["reported", "derived", "estimated"]).all()
        )
        assert (reg.projects.loc[have, f"{fig}_basis"].str.len() > 0).all()
        # reported figures cite sources the manifest defines
        for basis in reg.projects.loc[have, f"{fig}_basis"]:
            assert {t.strip() for t in basis.split(";")} <= set(reg.sources)


def test_template_register_is_valid():
    reg = kzgeo.load_register(template_path())
    assert reg.errors == []
    assert len(reg.projects) == 1


def test_manifest_path_and_folder_are_equivalent():
    a = kzgeo.load_register(seed_path())
    b = kzgeo.load_register(seed_path() / "register.yaml")
    assert a.projects.equals(b.projects)


def _error_for(tmp_path, projects, sites=None):
    folder = write_register(tmp_path / "r", projects, sites)
    with pytest.raises(RegisterError) as info:
        kzgeo.load_register(folder)
    return info.value


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("p1,Alpha,-5 bn,reported,x,1,reported,x,1,reported,x", "investment_kzt", "negative"),
        ("p1,Alpha,lots,reported,x,1,reported,x,1,reported,x", "investment_kzt", "not a number"),
        (
            "p1,Alpha,5 bn JPY,reported,x,1,reported,x,1,reported,x",
            "investment_kzt",
            "no JPY rate",
        ),
        ("p1,,5 bn,reported,x,1,reported,x,1,reported,x", "company", "empty"),
        ("p1,Alpha,5 bn,reported,x,1.5,reported,x,1,reported,x", "jobs", "whole number"),
        ("p1,Alpha,5 bn,guessed,x,1,reported,x,1,reported,x", "investment_kzt_flag", "not a flag"),
        ("p1,Alpha,1e15,reported,x,1,reported,x,1,reported,x", "investment_kzt", "implausibly"),
    ],
)
def test_bad_project_rows_name_file_row_and_field(tmp_path, row, field, words):
    err = _error_for(tmp_path, PROJECTS_HEADER + row + "\n", SITES_HEADER + "s1,p1,,,,,,Almaty,,\n")
    issue = next(i for i in err.issues if i.level == "error")
    assert issue.file.endswith("projects.csv")
    assert issue.row == 2
    assert issue.field == field
    assert words in issue.message
    assert issue.hint
    assert "projects.csv, line 2, field" in str(err)


def test_missing_required_column(tmp_path):
    err = _error_for(tmp_path, "project_id,investment_kzt\np1,5 bn\n")
    assert any(i.field == "company" and "required column" in i.message for i in err.issues)


def test_duplicate_ids_are_errors(tmp_path):
    err = _error_for(
        tmp_path,
        PROJECTS_HEADER + "p1,A,1 bn,reported,x,1,reported,x,1,reported,x\n"
        "p1,B,2 bn,reported,x,1,reported,x,1,reported,x\n",
        SITES_HEADER + "s1,p1,,,,,,Almaty,,\ns1,p1,,,,,,Taraz,,\n",
    )
    dup = [i for i in err.issues if "duplicate" in i.message]
    assert {(i.field, i.row) for i in dup} == {("project_id", 3), ("site_id", 3)}


def test_unknown_currency_column(tmp_path):
    err = _error_for(
        tmp_path,
        "project_id,company,investment,currency\np1,Alpha,5 bn,XYZ\n",
    )
    issue = next(i for i in err.issues if i.level == "error")
    assert (issue.field, issue.row) == ("currency", 2)
    assert "unknown currency" in issue.message


def test_usd_currency_column_moves_the_figure(tmp_path):
    folder = write_register(
        tmp_path / "r", "project_id,company,investment,currency\np1,Alpha,5 M,USD\n"
    )
    reg = kzgeo.load_register(folder)
    row = reg.projects.iloc[0]
    assert row.investment_usd == 5e6
    assert math.isnan(row.investment_kzt)


def test_flag_mode_keeps_every_row(tmp_path):
    folder = write_register(
        tmp_path / "r",
        PROJECTS_HEADER + "p1,A,1 bn,reported,x,1,reported,x,1,reported,x\n"
        "p2,B,-2 bn,reported,x,1,reported,x,1,reported,x\n"
        "p3,C,3 bn,reported,x,1,reported,x,1,reported,x\n",
        SITES_HEADER
        + "s1,p1,,,,,,Almaty,,\ns2,p2,,,,,,Taraz,,\ns3,p9,,,,,,Taraz,,\ns4,p3,,,,,,Aktobe,,\n",
    )
    reg = kzgeo.load_register(folder, errors="flag")
    assert list(reg.projects.project_id) == ["p1", "p2", "p3"]
    assert list(reg.projects.row_status) == ["ok", "invalid", "ok"]
    assert "negative" in reg.projects.row_issues[1]
    assert list(reg.sites.site_id) == ["s1", "s2", "s3", "s4"]
    assert list(reg.sites.row_status) == ["ok", "project-invalid", "invalid", "ok"]
    assert "unknown project 'p9'" in reg.sites.row_issues[2]


def test_single_csv_register(tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text(
        "project_id,company,investment_kzt,settlement,region\n"
        "a,Alpha,1 bn,Талгар,\nb,Beta,2 bn,,Turkistan Region\n",
        encoding="utf-8",
    )
    reg = kzgeo.load_register(path)
    assert list(reg.sites.site_id) == ["a", "b"]
    assert list(reg.sites.settlement) == ["Талгар", ""]
    # no flag column: taken as reported, with a warning that says so
    assert any("taken as reported" in i.message for i in reg.warnings)


def test_cyrillic_headers_cp1251_and_decimal_comma(tmp_path):
    path = tmp_path / "ru.csv"
    path.write_bytes(
        "Проект;Компания;Инвестиции, тенге;Рабочие места;Населенный пункт\n"
        "x1;Альфа;58,5 млрд;около 60;Алматы\n".encode("cp1251")
    )
    reg = kzgeo.load_register(path)
    row = reg.projects.iloc[0]
    assert row.company == "Альфа"
    assert row.investment_kzt == 58.5e9
    assert row.jobs == 60
    assert row.jobs_qualifier == "approx"
    assert any("Windows-1251" in i.message for i in reg.warnings)
    assert reg.sites.iloc[0].settlement == "Алматы"
