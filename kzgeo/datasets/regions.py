"""The 20 first-level units of Kazakhstan (ISO 3166-2:KZ), bundled in ``data/geo``."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import pandas as pd
import pycountry

from kzgeo._paths import geo_dir
from kzgeo.datasets._validate import require_columns, require_valid_geometry
from kzgeo.datasets.prepared import prepared
from kzgeo.errors import BoundaryError, input_error

if TYPE_CHECKING:
    from pathlib import Path

Resolution = Literal["full", "map"]
_FILES: dict[str, str] = {"full": "regions.geojson", "map": "regions_map.geojson"}
REGION_COLUMNS = (
    "iso_3166_2",
    "kato",
    "kind",
    "name_en",
    "name_kk",
    "name_ru",
    "admin_centre_en",
    "area_km2",
    "population_flag",
)


def iso_codes() -> list[str]:
    """Return the ISO 3166-2 codes of Kazakhstan's first-level units, as pycountry has them.

    Returns
    -------
    list of str
        The 20 codes (``KZ-10`` ... ``KZ-79``), sorted; the bundled layers are checked
        against them.

    Examples
    --------
    >>> codes = iso_codes()
    >>> len(codes), codes[0]
    (20, 'KZ-10')
    """
    subdivisions = pycountry.subdivisions.get(country_code="KZ")  # type: ignore[no-untyped-call]
    return sorted(s.code for s in subdivisions)


@lru_cache(maxsize=2)
def _read(resolution: str) -> gpd.GeoDataFrame:
    # checked once per version of the file and of kzgeo, then loaded checked (see prepared)
    path = geo_dir() / _FILES[resolution]
    return prepared(f"regions-{resolution}", lambda: _checked(path), inputs=[path])


def _checked(path: Path) -> gpd.GeoDataFrame:
    layer = gpd.read_file(path)
    file = str(path)
    require_columns(layer, REGION_COLUMNS, file=file)
    require_valid_geometry(layer, file=file, id_column="iso_3166_2")
    codes = sorted(layer["iso_3166_2"])
    if codes != iso_codes():
        raise input_error(
            f"codes {codes} differ from ISO 3166-2:KZ {iso_codes()}",
            file=file,
            field="iso_3166_2",
            hint="rebuild with scripts/build_regions.py",
            cls=BoundaryError,
        )
    for col in ("population", "population_2026"):
        layer[col] = layer[col].astype("Int64")
    layer["population_date"] = pd.to_datetime(layer["population_date"]).dt.date
    return layer.sort_values("iso_3166_2").reset_index(drop=True)


def load_regions(resolution: Resolution = "full") -> gpd.GeoDataFrame:
    """Return the 20 first-level units as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    resolution
        ``"full"`` (about 81,000 vertices, for joins and measurement) or ``"map"`` (about 8,000
        vertices, topology-preserving simplification, for web maps). Both are clean coverages:
        valid, 2D, with no overlap and no gap between neighbours.

    Returns
    -------
    geopandas.GeoDataFrame
        One row a unit, ordered by ISO code, with ``iso_3166_2``, ``kato``, ``kind``
        (``region`` or ``city``), names in English, Kazakh and Russian, the administrative
        centre, ``area_km2`` (equal-area) and the population: ``population`` (the latest
        official figure found, null where none was) of the date in ``population_date``, with
        ``population_flag`` (``reported`` for 1 January 2026, ``reported-other-date`` for
        another date, ``not-found``), ``population_as_written``, ``population_source`` and
        ``population_note``; ``population_2026`` holds only 1 January 2026 figures.

    Raises
    ------
    kzgeo.errors.BoundaryError
        If the bundled file fails its checks (codes, validity, CRS).

    Examples
    --------
    >>> import kzgeo
    >>> regions = kzgeo.load_regions()
    >>> len(regions), regions.crs.to_epsg()
    (20, 4326)
    >>> regions.set_index("iso_3166_2").loc["KZ-61", "name_en"]
    'Turkistan Region'
    >>> mangystau = regions.set_index("iso_3166_2").loc["KZ-47"]
    >>> mangystau.population_flag, str(mangystau.population_date)
    ('reported-other-date', '2025-12-01')
    """
    if resolution not in _FILES:
        raise ValueError(f"resolution must be 'full' or 'map', got {resolution!r}")
    return _read(resolution).copy()
