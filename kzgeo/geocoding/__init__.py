"""Geocoding: names and coordinates to points with a precision code (geocode).

The names load on first use, so a module that needs only the name keys or the precision
labels (:mod:`kzgeo.geocoding.names`, :mod:`kzgeo.geocoding.precision`) does not import the
gazetteer, the fuzzy matcher and the register loader behind :func:`geocode`.
"""

from __future__ import annotations

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
