# The public names of kzgeo, declared once: type checkers read this stub and
# kzgeo/__init__.py loads the same names lazily from it (lazy_loader.attach_stub, SPEC 1).
from . import aggregate as aggregate
from . import cli as cli
from . import crs as crs
from . import datasets as datasets
from . import errors as errors
from . import export as export
from . import geocoding as geocoding
from . import join as join
from . import mapping as mapping
from . import pipeline as pipeline
from . import register as register
from . import settings as settings
from . import vocabularies as vocabularies
from .aggregate import allocate as allocate
from .aggregate import region_layer as region_layer
from .aggregate import sez_layer as sez_layer
from .datasets import check_coverage as check_coverage
from .datasets import load_aliases as load_aliases
from .datasets import load_deposits as load_deposits
from .datasets import load_districts as load_districts
from .datasets import load_industrial_zones as load_industrial_zones
from .datasets import load_places as load_places
from .datasets import load_regions as load_regions
from .datasets import load_sez as load_sez
from .datasets import load_villages as load_villages
from .export import export_gis as export_gis
from .export import export_tables as export_tables
from .geocoding import Gazetteer as Gazetteer
from .geocoding import geocode as geocode
from .join import assign_regions as assign_regions
from .mapping import MapStyle as MapStyle
from .mapping import make_map as make_map
from .mapping import save_png as save_png
from .pipeline import BuildResult as BuildResult
from .pipeline import build as build
from .register import Register as Register
from .register import load_register as load_register
from .register import reconcile as reconcile
from .settings import options as options

__version__: str
