"""The command line (kzgeo build | validate | geocode | regions)."""

from kzgeo.cli.main import main, parser

__all__ = ["main", "parser"]
