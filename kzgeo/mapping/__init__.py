"""Maps: the interactive Leaflet map (folium), offline assets, the static PNG (map).

The names load on first use, so the PNG path (``kzgeo.mapping.static``) and the styles that
the GeoPackage export shares never import folium.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzgeo.mapping.assets import find_assets_dir, inline_assets, local_file
    from kzgeo.mapping.interactive import KzMap, make_map, map_size_bytes, render_html
    from kzgeo.mapping.static import save_png

_EXPORTS = {
    "KzMap": "kzgeo.mapping.interactive",
    "find_assets_dir": "kzgeo.mapping.assets",
    "inline_assets": "kzgeo.mapping.assets",
    "local_file": "kzgeo.mapping.assets",
    "make_map": "kzgeo.mapping.interactive",
    "map_size_bytes": "kzgeo.mapping.interactive",
    "render_html": "kzgeo.mapping.interactive",
    "save_png": "kzgeo.mapping.static",
}
__all__ = [
    "KzMap",
    "find_assets_dir",
    "inline_assets",
    "local_file",
    "make_map",
    "map_size_bytes",
    "render_html",
    "save_png",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kzgeo.mapping' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
