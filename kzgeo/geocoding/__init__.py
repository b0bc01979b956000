"""Geocoding: names and coordinates to points with a precision code (geocode)."""

from kzgeo.geocoding.gazetteer import Gazetteer
from kzgeo.geocoding.matcher import Match, Matcher
from kzgeo.geocoding.names import name_key
from kzgeo.geocoding.online import NominatimGeocoder
from kzgeo.geocoding.phrase import parse_location
from kzgeo.geocoding.sites import geocode

__all__ = [
    "Gazetteer",
    "Match",
    "Matcher",
    "NominatimGeocoder",
    "geocode",
    "name_key",
    "parse_location",
]
