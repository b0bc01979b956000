"""Docstrings are checked as osmnx checks its own: numpydoc validation with the checks of
``[tool.numpydoc_validation]`` in pyproject.toml.

Two views of the same rules:

- every file in :data:`CHECKED` passes the lint hook (``python -m numpydoc lint FILE``), and
  every dataclass in it lists each field under Attributes;
- every public name of ``kzgeo`` (functions and classes in ``kzgeo.__all__``, and the class
  of ``kzgeo.options``) passes numpydoc's run-time validation. A name defined in a file that
  is not in :data:`CHECKED` yet and fails is reported as an expected failure with its errors,
  never as a pass.

The kzgeo files outside :data:`CHECKED` are linted too, and their error counts are printed.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from numpydoc.docscrape import NumpyDocString
from numpydoc.hooks.validate_docstrings import parse_config, process_file
from numpydoc.validate import validate

import kzgeo

ROOT = Path(__file__).resolve().parents[1]
CONFIG = parse_config(ROOT)

# The files whose docstrings must validate, one a line: add a file once it passes.
CHECKED = [
    "kzgeo/__init__.py",
    "kzgeo/_paths.py",
    "kzgeo/_russian.py",
    "kzgeo/aggregate/__init__.py",
    "kzgeo/aggregate/allocate.py",
    "kzgeo/aggregate/layers.py",
    "kzgeo/cli/__init__.py",
    "kzgeo/cli/main.py",
    "kzgeo/cli/progress.py",
    "kzgeo/crs.py",
    "kzgeo/datasets/__init__.py",
    "kzgeo/datasets/_points.py",
    "kzgeo/datasets/_validate.py",
    "kzgeo/datasets/checks.py",
    "kzgeo/datasets/deposits.py",
    "kzgeo/datasets/industrial_zones.py",
    "kzgeo/datasets/places.py",
    "kzgeo/datasets/prepared.py",
    "kzgeo/datasets/regions.py",
    "kzgeo/datasets/sez.py",
    "kzgeo/datasets/user.py",
    "kzgeo/datasets/villages.py",
    "kzgeo/errors.py",
    "kzgeo/export/__init__.py",
    "kzgeo/export/aside.py",
    "kzgeo/export/fields.py",
    "kzgeo/export/gis.py",
    "kzgeo/export/outputs.py",
    "kzgeo/export/paths.py",
    "kzgeo/export/qgis.py",
    "kzgeo/export/report.py",
    "kzgeo/export/staging.py",
    "kzgeo/export/swap.py",
    "kzgeo/export/tables.py",
    "kzgeo/geocoding/__init__.py",
    "kzgeo/geocoding/gazetteer.py",
    "kzgeo/geocoding/kazakh_script.py",
    "kzgeo/geocoding/locations.py",
    "kzgeo/geocoding/matcher.py",
    "kzgeo/geocoding/morphology.py",
    "kzgeo/geocoding/names.py",
    "kzgeo/geocoding/nesting.py",
    "kzgeo/geocoding/online.py",
    "kzgeo/geocoding/phrase.py",
    "kzgeo/geocoding/precision.py",
    "kzgeo/geocoding/reforms.py",
    "kzgeo/geocoding/sites.py",
    "kzgeo/join/__init__.py",
    "kzgeo/join/assign.py",
    "kzgeo/join/cache.py",
    "kzgeo/join/columns.py",
    "kzgeo/join/distributed.py",
    "kzgeo/join/pieces.py",
    "kzgeo/join/snap.py",
    "kzgeo/mapping/__init__.py",
    "kzgeo/mapping/assets.py",
    "kzgeo/mapping/cards.py",
    "kzgeo/mapping/elements.py",
    "kzgeo/mapping/filters.py",
    "kzgeo/mapping/i18n.py",
    "kzgeo/mapping/interactive.py",
    "kzgeo/mapping/jenks.py",
    "kzgeo/mapping/page.py",
    "kzgeo/mapping/resolution.py",
    "kzgeo/mapping/static.py",
    "kzgeo/mapping/style.py",
    "kzgeo/pipeline.py",
    "kzgeo/register/__init__.py",
    "kzgeo/register/bundled.py",
    "kzgeo/register/combine.py",
    "kzgeo/register/figure_words.py",
    "kzgeo/register/load.py",
    "kzgeo/register/manifest.py",
    "kzgeo/register/model.py",
    "kzgeo/register/numbers.py",
    "kzgeo/register/rates.py",
    "kzgeo/register/read.py",
    "kzgeo/register/reconcile.py",
    "kzgeo/register/schema.py",
    "kzgeo/register/sectors.py",
    "kzgeo/register/validate.py",
    "kzgeo/settings.py",
    "kzgeo/testing.py",
    "kzgeo/vocabularies.py",
]
# the checks the project promises (osmnx's set); the test fails if pyproject drops one
PROMISED = {"GL01", "GL02", "GL03", "SS01", "SS02", "SS03", "SS05", "PR01", "PR02", "RT01"}


def _module_name(path: str) -> str:
    name = path.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def _excluded(qualified: str) -> bool:
    exclude = CONFIG["exclude"]
    return exclude is not None and exclude.search(qualified) is not None


def _declares_fields(obj: object) -> bool:
    """Whether ``obj`` is a class made by ``@dataclass`` itself (not only a subclass of one)."""
    return inspect.isclass(obj) and "__dataclass_fields__" in vars(obj)


def _attribute_errors(cls: type) -> list[str]:
    """Fields of dataclass ``cls`` missing from its Attributes section, and unknown entries.

    numpydoc's run-time PR01 reads a dataclass's generated ``__init__`` and asks for a
    Parameters section. kzgeo's dataclasses are records a user reads (results, issues), so
    their fields are documented as Attributes, as scipy documents its result objects
    (``scipy.optimize.OptimizeResult``); this check replaces PR01 for dataclasses. A
    subclass without a ``@dataclass`` of its own (``BoundaryError``) is not asked to repeat
    its parent's fields.
    """
    if not _declares_fields(cls):
        return []
    doc = NumpyDocString(inspect.getdoc(cls) or "")
    listed = {n.strip() for item in doc["Attributes"] for n in item.name.split(",")}
    fields = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    errors = []
    if fields - listed:
        errors.append(f"fields {sorted(fields - listed)} not in the Attributes section")
    unknown = {n for n in listed - fields if not hasattr(cls, n)}
    if unknown:
        errors.append(f"Attributes {sorted(unknown)} are not fields or attributes")
    return errors


def _dataclass_findings(path: str) -> list[str]:
    module = importlib.import_module(_module_name(path))
    findings = []
    for name, obj in vars(module).items():
        if not _declares_fields(obj):
            continue
        if obj.__module__ != module.__name__ or _excluded(f"{Path(path).stem}.{name}"):
            continue
        line = inspect.getsourcelines(obj)[1]
        findings += [f"{path}:{line} {name}: {e}" for e in _attribute_errors(obj)]
    return findings


def _lint(path: str | Path) -> list[str]:
    """Every finding of the numpydoc lint hook on ``path``, as ``file:line name CODE text``.

    ``path`` is relative to the repository. numpydoc warns (instead of reporting) about a
    section it does not know; that is a finding too.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = process_file(str(ROOT / path), CONFIG)
    shown = [
        (where.removeprefix(f"{ROOT}/"), name, code, text) for where, name, code, text in found
    ]
    out = [f"{where} {name} {code} {text}" for where, name, code, text in shown]
    return out + [f"{path} {w.message}" for w in caught]


@pytest.mark.parametrize("path", CHECKED)
def test_checked_file_validates(path: str) -> None:
    errors = _lint(path) + _dataclass_findings(path)
    assert not errors, f"{len(errors)} docstring error(s):\n" + "\n".join(errors)


def test_checked_list_is_sound() -> None:
    """Every listed file exists, and the configuration still holds the promised checks."""
    missing = [p for p in CHECKED if not (ROOT / p).is_file()]
    assert not missing, f"CHECKED names files that do not exist: {missing}"
    skipped = CONFIG["exclude_files"]
    assert skipped is None or not [p for p in CHECKED if skipped.search(p)]
    dropped = PROMISED - set(CONFIG["checks"])
    assert not dropped, f"pyproject.toml no longer runs the checks {sorted(dropped)}"


def test_lint_flags_a_bad_docstring(tmp_path: Path) -> None:
    """The hook, with the project's configuration, finds what it is meant to find."""
    bad = tmp_path / "sample.py"
    bad.write_text(
        '"""A module."""\n\n\ndef total(values, *, scale=1.0):\n'
        '    """add the values."""\n    return sum(values) * scale\n',
        encoding="utf-8",
    )
    codes = {finding.split()[2] for finding in _lint(bad)}
    assert {"PR01", "RT01", "SS02"} <= codes, codes


def test_every_kzgeo_module_is_checked() -> None:
    """Every module of kzgeo is in CHECKED: a new one joins the list with its docstrings."""
    # __main__ only runs the command line (importing it to lint it would run it)
    files = {str(p.relative_to(ROOT)) for p in (ROOT / "kzgeo").rglob("*.py")}
    assert files - set(CHECKED) == {"kzgeo/__main__.py"}


Public = type | Callable[..., object]


def _public_objects() -> list[tuple[str, Public]]:
    out: list[tuple[str, Public]] = []
    for name in sorted(vars(kzgeo)["__all__"]):  # made at run time from kzgeo/__init__.pyi
        obj = getattr(kzgeo, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            out.append((f"kzgeo.{name}", obj))
        elif type(obj).__module__.startswith("kzgeo."):  # an instance: kzgeo.options
            cls = type(obj)
            out.append((f"{cls.__module__}.{cls.__qualname__}", cls))
    return out


PUBLIC = _public_objects()


def test_public_names_are_found() -> None:
    names = {n for n, _ in PUBLIC}
    assert {"kzgeo.build", "kzgeo.load_regions", "kzgeo.settings.Options"} <= names
    assert len(PUBLIC) >= 20


def _public_errors(name: str, obj: Public) -> list[str]:
    report = validate(name)
    is_dataclass = isinstance(obj, type) and dataclasses.is_dataclass(obj)
    errors = [
        f"{code} {text}"
        for code, text in report["errors"]
        if code in CONFIG["checks"] and not (is_dataclass and code == "PR01")
    ]
    if isinstance(obj, type):
        errors += _attribute_errors(obj)
    return errors


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_name_validates(name: str, obj: Public) -> None:
    errors = _public_errors(name, obj)
    source = Path(inspect.getsourcefile(obj) or "").resolve()
    where = str(source.relative_to(ROOT)) if source.is_relative_to(ROOT) else str(source)
    if errors and where not in CHECKED:
        pytest.xfail(f"{where} is not in CHECKED yet: " + "; ".join(errors))
    assert not errors, f"{name} ({where}):\n" + "\n".join(errors)


def test_attribute_check_catches_a_missing_field() -> None:
    """The replacement for PR01 on dataclasses fails when a field is left out."""

    @dataclasses.dataclass
    class Sample:
        """A sample.

        Attributes
        ----------
        a
            Documented.
        ghost
            Not a field.
        """

        a: int
        b: int

    errors = _attribute_errors(Sample)
    assert any(re.search(r"\['b'\] not in the Attributes", e) for e in errors), errors
    assert any("['ghost']" in e for e in errors), errors
