"""Maps: the interactive Leaflet map (folium), offline assets, the static PNG (map).

The names load on first use, so the PNG path (``kzgeo.mapping.static``) and the styles that
the GeoPackage export shares never import folium.
"""

from __future__ import annotations

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
