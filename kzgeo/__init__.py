"""kzgeo: geocode, join, aggregate and map industrial investment projects in Kazakhstan.

The pipeline, one sub-package a step::

    load_register -> geocode -> assign_regions -> allocate -> region_layer / sez_layer
                  -> make_map / save_png / export_*          (build() runs them all)

Public names are imported lazily, so ``import kzgeo`` stays fast and a notebook pays only for
what it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kzgeo.settings import options

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # data in
    "load_regions": "kzgeo.datasets",
    "load_sez": "kzgeo.datasets",
    "load_places": "kzgeo.datasets",
    "load_districts": "kzgeo.datasets",
    "load_industrial_zones": "kzgeo.datasets",
    "load_aliases": "kzgeo.datasets",
    "check_coverage": "kzgeo.datasets",
    "load_register": "kzgeo.register",
    "reconcile": "kzgeo.register",
    "Register": "kzgeo.register",
    # geocode
    "geocode": "kzgeo.geocoding",
    "Gazetteer": "kzgeo.geocoding",
    # join
    "assign_regions": "kzgeo.join",
    # aggregate
    "allocate": "kzgeo.aggregate",
    "region_layer": "kzgeo.aggregate",
    "sez_layer": "kzgeo.aggregate",
    # map
    "make_map": "kzgeo.mapping",
    "save_png": "kzgeo.mapping",
    # export
    "export_gis": "kzgeo.export",
    "export_tables": "kzgeo.export",
    # everything
    "build": "kzgeo.pipeline",
    "BuildResult": "kzgeo.pipeline",
}

__all__ = [
    "BuildResult",
    "Gazetteer",
    "Register",
    "__version__",
    "allocate",
    "assign_regions",
    "build",
    "check_coverage",
    "export_gis",
    "export_tables",
    "geocode",
    "load_aliases",
    "load_districts",
    "load_industrial_zones",
    "load_places",
    "load_regions",
    "load_register",
    "load_sez",
    "make_map",
    "options",
    "reconcile",
    "region_layer",
    "save_png",
    "sez_layer",
]

if TYPE_CHECKING:
    from kzgeo.datasets import check_coverage as check_coverage
    from kzgeo.datasets import load_aliases as load_aliases
    from kzgeo.datasets import load_districts as load_districts
    from kzgeo.datasets import load_industrial_zones as load_industrial_zones
    from kzgeo.datasets import load_places as load_places
    from kzgeo.datasets import load_regions as load_regions
    from kzgeo.datasets import load_sez as load_sez
    from kzgeo.register import Register as Register
    from kzgeo.register import load_register as load_register
    from kzgeo.register import reconcile as reconcile


_SUBPACKAGES = frozenset(
    {
        "aggregate",
        "cli",
        "crs",
        "datasets",
        "errors",
        "export",
        "geocoding",
        "join",
        "mapping",
        "pipeline",
        "register",
        "settings",
        "synthetic",
    }
)


def __getattr__(name: str) -> Any:
    """Import public names (and sub-packages, e.g. ``kzgeo.export``) on first use."""
    if name in _SUBPACKAGES:
        return importlib.import_module(f"kzgeo.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kzgeo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names."""
    return sorted(__all__)
