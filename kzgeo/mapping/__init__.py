"""Maps: the interactive Leaflet map (folium), offline assets, the static PNG (map)."""

from kzgeo.mapping.assets import find_assets_dir, inline_assets, local_file
from kzgeo.mapping.interactive import KzMap, make_map, map_size_bytes, render_html
from kzgeo.mapping.static import save_png

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
