"""The offline gazetteer: settlements, districts and kzgeo's alias table."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal, get_args

import pandas as pd

from kzgeo._paths import curated_dir, geo_dir
from kzgeo.datasets._validate import (
    check_points,
    check_vocabularies,
    points_frame,
    require_columns,
)
from kzgeo.datasets.regions import iso_codes, load_regions
from kzgeo.errors import BoundaryError, Issue

if TYPE_CHECKING:
    import geopandas as gpd

DistrictKind = Literal["district", "city", "city-district"]
"""``district`` (аудан / район), ``city`` (a city of regional significance, with its own
administration: Konaev, Kosshy, Zhanaozen ...), ``city-district`` (a district of Astana, Almaty or
Shymkent)."""
SeatBasis = Literal["seat", "seat-outside", "city-centre", "former-seat", "district-settlement"]
"""What a district's point is: ``seat`` its administrative seat; ``seat-outside`` its seat, which
lies outside the district (Zhanasemey and Pavlodar districts are run from the cities of Semey and
Pavlodar); ``city-centre`` the point of the city a city district belongs to (the district akimat
was not located); ``former-seat`` the seat before the last move (the current one was not
located); ``district-settlement`` another settlement of the district that a source names (the
seat was not located)."""
DISTRICT_KINDS: tuple[str, ...] = get_args(DistrictKind)
SEAT_BASES: tuple[str, ...] = get_args(SeatBasis)


@lru_cache(maxsize=1)
def _read_places() -> gpd.GeoDataFrame:
    path = geo_dir() / "places.csv"
    frame = pd.read_csv(path, dtype={"geonames_admin1": str}, keep_default_na=False, na_values=[""])
    require_columns(
        frame, ("place_id", "name", "lat", "lon", "region_iso", "source"), file=str(path)
    )
    check_points(frame, file=str(path), id_column="place_id", region_codes=iso_codes())
    frame["population"] = frame["population"].astype("Int64")
    frame["alt_names"] = frame["alt_names"].fillna("")
    return points_frame(frame)


# may be empty: no alias, no shared name, not moved in 2022, no note
_DISTRICT_TEXT = ("aliases", "shared_aliases", "region_before_2022", "seat_place_id", "note")


@lru_cache(maxsize=1)
def _read_districts() -> gpd.GeoDataFrame:
    path = geo_dir() / "districts.csv"
    file = str(path)
    frame = pd.read_csv(
        path, dtype=dict.fromkeys(_DISTRICT_TEXT, str), keep_default_na=False, na_values=[""]
    )
    columns = ("district_id", "kind", "name_en", "name_ru", "region_iso", "seat_name", "lat")
    require_columns(frame, (*columns, "lon", "seat_basis", "source_url"), file=file)
    check_points(frame, file=file, id_column="district_id", region_codes=iso_codes())
    check_vocabularies(frame, {"kind": DISTRICT_KINDS, "seat_basis": SEAT_BASES}, file=file)
    for col in _DISTRICT_TEXT:
        frame[col] = frame[col].fillna("")
    layer = points_frame(frame)
    check_in_regions(layer, file=file, id_column="district_id")
    return layer


def check_in_regions(layer: gpd.GeoDataFrame, *, file: str, id_column: str) -> None:
    """Raise if a point of ``layer`` is not inside the region its ``region_iso`` names.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        Points in EPSG:4326 with ``region_iso`` and ``id_column``.
    file : str
        The curated file the points come from, named in the error.
    id_column : str
        The column whose value names a misplaced point in the error.

    Raises
    ------
    BoundaryError
        Listing every point outside its region, with its row and id.

    Examples
    --------
    >>> import kzgeo
    >>> from kzgeo.datasets.places import check_in_regions
    >>> check_in_regions(kzgeo.load_districts(), file="districts.csv", id_column="district_id")
    """
    regions = load_regions("full").set_index("iso_3166_2").geometry
    codes = layer["region_iso"].to_numpy()
    inside = [regions[iso].covers(p) for iso, p in zip(codes, layer.geometry, strict=True)]
    ids = layer[id_column].to_numpy()
    issues = [
        Issue(
            "error",
            file,
            i + 2,
            "lat/lon",
            f"{ids[i]}: point is not inside its region {codes[i]}",
            "fix the row in data/curated and rebuild with scripts/build_data.py",
        )
        for i in range(len(layer))
        if not inside[i]
    ]
    if issues:
        raise BoundaryError(issues)


def load_places() -> gpd.GeoDataFrame:
    """Return the gazetteer of Kazakhstan settlements (GeoNames cities500 + curated places).

    Returns
    -------
    geopandas.GeoDataFrame
        Points in EPSG:4326 with ``place_id`` (``gn:<geonameid>`` or ``kz:<slug>``), ``name``,
        ``population``, ``region_iso`` (from a spatial join to the regions), ``alt_names``
        (``|``-separated Latin and Cyrillic names), ``coord_accuracy_m`` (curated places) and
        ``source``.

    Examples
    --------
    >>> import kzgeo
    >>> places = kzgeo.load_places()
    >>> len(places) >= 300
    True
    >>> places.set_index("place_id").loc["kz:kaskelen", "region_iso"]
    'KZ-19'
    """
    return _read_places().copy()


def load_districts() -> gpd.GeoDataFrame:
    """Return every district of Kazakhstan (2024 layout), each as its administrative seat's point.

    The table holds the districts (аудан / район) of the 17 regions, the cities of regional
    significance (which have their own administration: Konaev, Kosshy, Zhanaozen ...) and the
    districts of Astana, Almaty and Shymkent.

    Returns
    -------
    geopandas.GeoDataFrame
        Points in EPSG:4326, one row a unit: ``district_id``, ``kind`` (:data:`DistrictKind`),
        names (``name_en``, ``name_ru``, ``name_kk``), ``region_iso``, ``seat_place_id`` (its
        id in :func:`load_places`; empty where the seat's coordinate is cited in the row),
        ``seat_name``, ``lat``/``lon``, ``seat_basis`` (:data:`SeatBasis`), ``point_basis``
        (where the point comes from), ``aliases`` (``|``-separated spellings and former names),
        ``shared_aliases`` (the names another district also has: use the region to decide),
        ``region_before_2022`` (for units moved to Abai, Jetisu or Ulytau Region in June 2022),
        ``source_url`` and ``note``. Checked on load: ids unique, vocabularies known, every
        point inside its region.

    Examples
    --------
    >>> import kzgeo
    >>> districts = kzgeo.load_districts().set_index("district_id")
    >>> districts.loc["ili", "seat_name"]
    'Otegen Batyra'
    >>> districts.loc["konaev", ["kind", "region_iso"]].tolist()
    ['city', 'KZ-19']
    >>> districts.loc["sarkand", "region_before_2022"]
    'KZ-19'
    """
    return _read_districts().copy()


@lru_cache(maxsize=1)
def _read_aliases() -> pd.DataFrame:
    path = curated_dir() / "aliases.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_columns(frame, ("alias", "target", "kind"), file=str(path))
    return frame


def load_aliases() -> pd.DataFrame:
    """Return kzgeo's alias table: ``alias`` -> ``target`` place id, with ``kind`` and ``note``.

    Returns
    -------
    pandas.DataFrame
        One row per alias, all columns strings: ``alias`` (a spelling or former name),
        ``target`` (a place id of :func:`load_places`), ``kind`` and ``note``.

    Examples
    --------
    >>> import kzgeo
    >>> aliases = kzgeo.load_aliases()
    >>> aliases.set_index("alias").loc["Kapchagay", "target"]
    'gn:1519948'
    """
    return _read_aliases().copy()
