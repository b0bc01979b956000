# The public names of kzgeo.mapping, declared once (read by type checkers and, through
# lazy_loader.attach_stub, by kzgeo/mapping/__init__.py at run time).
from .assets import find_assets_dir as find_assets_dir
from .assets import inline_assets as inline_assets
from .assets import local_file as local_file
from .interactive import KzMap as KzMap
from .interactive import MapStyle as MapStyle
from .interactive import make_map as make_map
from .interactive import map_size_bytes as map_size_bytes
from .interactive import render_html as render_html
from .static import save_png as save_png
