"""What a user's type checker sees: kzgeo ships ``py.typed`` and its public names are typed.

A small user script is checked with mypy (strict) against the installed package; the revealed
types must be kzgeo's own, not ``Any``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

import kzgeo

USER_SCRIPT = """
import kzgeo

result = kzgeo.build()
reveal_type(result)
reveal_type(result.sites)
reveal_type(kzgeo.geocode)
reveal_type(kzgeo.assign_regions)
reveal_type(kzgeo.make_map)
reveal_type(kzgeo.load_register())
reveal_type(kzgeo.__version__)
reveal_type(kzgeo.options.allocation_policy)
reveal_type(kzgeo.options.cache_dir)
kzgeo.build(policy=3)
register = kzgeo.load_register()
reveal_type(kzgeo.allocate(register.sites, register.projects))
reveal_type(kzgeo.allocate(kzgeo.assign_regions(kzgeo.geocode(register)), register.projects))
kzgeo.options.snap_tolerance_m = "far"
kzgeo.options.snap_tolerance = 5.0
method: kzgeo.vocabularies.GeocodeMethod = "placed"
"""


def _mypy(tmp_path: Path) -> str:
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    # run outside the repository so mypy sees the package as a user does, not the source tree
    # under the project's own mypy configuration
    done = subprocess.run(  # noqa: S603 - our own interpreter and mypy
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            "/dev/null",
            str(script),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    return done.stdout + done.stderr


def test_py_typed_is_shipped() -> None:
    assert (Path(kzgeo.__file__).parent / "py.typed").is_file()


def test_a_user_script_sees_kzgeo_types(tmp_path: Path) -> None:
    out = _mypy(tmp_path)
    revealed = re.findall(r'Revealed type is "([^"]+)"', out)
    assert len(revealed) == 11, out
    build, sites, geocode, assign, make_map, register, version, policy = revealed[:8]
    cache_dir, table, layer = revealed[8:]
    assert build == "kzgeo.pipeline.BuildResult", out
    # geopandas ships no type information: its frames are Any to every user, not only here
    assert sites == "Any", out
    assert geocode.startswith("def (sites: kzgeo.register.model.Register"), out
    assert "progress: (def (int, int)) | None" in geocode, out
    assert assign.startswith("def (points:"), out
    assert "region_id: str" in assign, out
    assert "progress: (def (int, int)) | None" in assign, out  # one protocol: (done, total)
    assert make_map.endswith("-> folium.folium.Map"), out
    assert "*, sez: Any | None" in make_map, out  # the layers after the first two: keywords
    assert "style: kzgeo.mapping.interactive.MapStyle | None" in make_map, out
    assert register == "kzgeo.register.model.Register", out
    assert version == "str", out
    assert policy == "Literal['primary'] | Literal['equal'] | Literal['weights']", out
    assert cache_dir == "str | pathlib.Path | None", out
    # allocate returns the type it was given: a DataFrame stays one (a GeoDataFrame is Any
    # to every user, as above, and stays a GeoDataFrame at run time: see the next test)
    assert table == "pandas.core.frame.DataFrame", out
    assert layer == "Any", out
    # a wrong argument type is caught: the signature is real, not (*args: Any)
    wrong_policy = r'Argument "policy" to "build" has incompatible type "(int|Literal\[3\])"'
    assert re.search(wrong_policy, out), out
    # an option's type and name are checked too: a wrong value, a misspelt option
    assert re.search(r'expression has type "str", variable has type "float"', out), out
    assert re.search(r'"Options" has no attribute "snap_tolerance"', out), out
    # the closed vocabularies are the users' too: a value outside one is an error
    assert re.search(r'expression has type "Literal\[\'placed\'\]", variable has type', out), out


def test_options_are_declared_once() -> None:
    from kzgeo.settings import Option, Options  # noqa: PLC0415

    declared = [name for name, value in vars(Options).items() if isinstance(value, Option)]
    assert sorted(declared) == dir(kzgeo.options)
    assert kzgeo.options.describe().splitlines()[::2] == [
        f"{name} = {getattr(kzgeo.options, name)!r}" for name in declared
    ]


def test_public_names_are_one_list() -> None:
    # every name the stub declares resolves at run time, and nothing else is public
    stub = (Path(kzgeo.__file__).with_suffix(".pyi")).read_text(encoding="utf-8")
    declared = set(re.findall(r"as (\w+)", stub)) | {"__version__"}
    assert set(vars(kzgeo)["__all__"]) == declared  # the stub declares no __all__ itself
    for name in declared:
        assert getattr(kzgeo, name) is not None


def test_allocate_returns_the_type_it_was_given() -> None:
    register = kzgeo.load_register()
    table = kzgeo.allocate(register.sites, register.projects)
    layer = kzgeo.allocate(kzgeo.assign_regions(kzgeo.geocode(register)), register.projects)
    assert type(register.sites) is pd.DataFrame
    assert type(table) is pd.DataFrame
    assert type(layer) is gpd.GeoDataFrame
    assert layer.crs is not None
