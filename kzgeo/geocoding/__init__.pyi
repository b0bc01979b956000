# The public names of kzgeo.geocoding, declared once (read by type checkers and, through
# lazy_loader.attach_stub, by kzgeo/geocoding/__init__.py at run time).
from .gazetteer import Gazetteer as Gazetteer
from .matcher import Match as Match
from .matcher import Matcher as Matcher
from .names import name_key as name_key
from .online import NominatimGeocoder as NominatimGeocoder
from .phrase import parse_location as parse_location
from .sites import geocode as geocode
