"""Geocode, join, aggregate and map industrial investment projects in Kazakhstan (kzgeo).

The pipeline, one sub-package a step::

    load_register -> geocode -> assign_regions -> allocate -> region_layer / sez_layer
                  -> make_map / save_png / export_*          (build() runs them all)

Public names are imported lazily, so ``import kzgeo`` stays fast and a notebook pays only for
what it uses.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import lazy_loader

try:
    __version__ = version("kzgeo")
except PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0+unknown"

# one list of public names: kzgeo/__init__.pyi, which type checkers read too
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
__all__ += ["__version__"]
