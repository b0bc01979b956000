"""Languages, palette and the static map, without a browser."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from importlib.resources import files

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text

import kzgeo
from kzgeo.mapping import cards
from kzgeo.mapping.cards import QUALIFIER_KEYS
from kzgeo.mapping.i18n import LANGUAGES, STRINGS, text
from kzgeo.mapping.style import COMPANY_COLOURS, INVESTMENT_COLOURS, JOBS_COLOURS, NO_PROJECT
from kzgeo.register.figure_words import QUALIFIER_TEXT


def test_every_string_has_all_three_languages_and_the_same_fields():
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        fields = {
            lang: {f for _, f, _, _ in string.Formatter().parse(t) if f}
            for lang, t in texts.items()
        }
        assert fields["en"] == fields["ru"] == fields["kk"], key


def test_strings_file_holds_only_the_languages_and_notes():
    # the loader keeps the languages alone: a misspelt one ("kz") would otherwise vanish unseen
    path = files("kzgeo.mapping").joinpath("web", "strings.json")
    table = json.loads(path.read_text(encoding="utf-8"))
    assert table.keys() == STRINGS.keys()
    odd = {key: set(entry) - {*LANGUAGES, "note"} for key, entry in table.items()}
    assert not {key: extra for key, extra in odd.items() if extra}


def test_russian_and_kazakh_are_not_english_copies():
    # short codes and names may be shared; sentences may not
    def words(t: str) -> str:
        return re.sub(r"\{[a-z_]+\}|[^\w]", "", t)

    same = [
        k
        for k, t in STRINGS.items()
        if words(t["en"]) and t["en"] in (t["ru"], t["kk"]) and len(words(t["en"])) > 3
    ]
    assert same == []


def test_language_option_is_validated():
    kzgeo.options.language = "kk"
    assert text("layer_jobs") == "Жұмыс орындары"
    with pytest.raises(ValueError, match=r"language must be one of \('en', 'ru', 'kk'\)"):
        kzgeo.options.language = "de"  # type: ignore[assignment]  # the wrong value on purpose


def _lab(colour: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour, from the CIE formulas."""
    c = np.array(to_rgb(colour))
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ c / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_marker_colours_do_not_clash_with_the_ramps():
    ramps = [*INVESTMENT_COLOURS, *JOBS_COLOURS, NO_PROJECT]
    nearest = min(np.linalg.norm(_lab(a) - _lab(b)) for a in COMPANY_COLOURS for b in ramps)
    assert nearest > 30  # CIE76: about 2.3 is a just noticeable difference
    assert _lab("#ffffff")[0] == pytest.approx(100, abs=0.01)  # the formula itself


def test_zero_share_card_says_so():
    result = kzgeo.build()
    zero = result.sites[result.sites.share == 0].iloc[0]
    project = result.register.projects.set_index("project_id").loc[zero.project_id].to_dict()
    tip, card = cards.site_card(zero, project, {}, policy="primary")
    rows = dict(card["rows"])
    assert rows["Investment"].startswith("0 % of the project under policy primary")
    assert "36.7 bn KZT" in rows["Investment"]  # the project's figure, named as the project's
    assert dict(tip["rows"])["Investment"] == "0 % (policy primary)"
    assert "geocode ok, join inside" in dict(card["details"]).values()
    assert not any("geocode ok" in v for v in rows.values())


@pytest.fixture
def drawn(monkeypatch, tmp_path):
    figures: list[Figure] = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    result = kzgeo.build()
    kzgeo.save_png(
        result.regions,
        tmp_path / "m.png",
        sites=result.sites,
        sez=result.sez,
        title="$x^$ " + "long title " * 20,
    )
    return result, figures[0]


def test_png_is_equal_area_with_labels_legend_scale_and_title_inside(drawn):
    _, fig = drawn
    ax = fig.axes[0]
    x0, x1 = ax.get_xlim()
    assert x1 - x0 > 2e6  # metres of the Albers projection, not degrees
    texts = [t.get_text() for t in fig.findobj(Text)]
    joined = "\n".join(texts)
    for name in ("Almaty\n97.7 bn KZT · 56 %", "Turkistan Region\n36.7 bn KZT", "Astana"):
        assert name in joined
    assert "500 km" in texts
    legend = fig.legends[0].get_texts()
    labels = " ".join(t.get_text().replace("\n", " ") for t in legend)
    for word in ("no project", "special economic zone", "facility", "city of republican"):
        assert word in labels
    fig.canvas.draw()  # at the figure's own dpi, so extents and frame agree
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    drawn = [*fig.texts, *ax.texts, *fig.legends[0].get_texts()]
    for t in drawn:
        if t.get_text().strip():
            box = t.get_window_extent(renderer)
            assert frame.x0 <= box.x0, t.get_text()[:40]
            assert box.x1 <= frame.x1 + 1, t.get_text()[:40]
    assert all(not t.get_parse_math() for t in fig.findobj(Text) if "$" in t.get_text())
    assert re.search(r"\$x\^\$", joined)


def test_cli_lang_writes_every_output_in_that_language(tmp_path):
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", "--out", str(tmp_path), "--lang", "kk", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert text("layer_jobs", "kk") in page
    assert text("layer_jobs", "en") not in page
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in report
    assert text("report_sources", "kk") in report
    bad = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "kzgeo", "build", "--out", str(tmp_path / "x"), "--lang", "de"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "--lang" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_every_register_qualifier_has_a_phrase_in_each_language():
    assert set(QUALIFIER_KEYS) == set(QUALIFIER_TEXT)
    for key in QUALIFIER_KEYS.values():
        assert all("{value}" in phrase for phrase in STRINGS[key].values())
