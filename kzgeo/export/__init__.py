"""Outputs: GeoPackage / GeoJSON / GeoParquet, spreadsheet-safe CSV, reports, map (export)."""

from kzgeo.export.gis import FORMATS, layer_table, sites_table, write_layers
from kzgeo.export.outputs import export_all, export_gis, export_map, export_tables
from kzgeo.export.paths import prepare_dir, safe_name
from kzgeo.export.tables import neutralise, write_csv

__all__ = [
    "FORMATS",
    "export_all",
    "export_gis",
    "export_map",
    "export_tables",
    "layer_table",
    "neutralise",
    "prepare_dir",
    "safe_name",
    "sites_table",
    "write_csv",
    "write_layers",
]
