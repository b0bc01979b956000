"""Mineral deposits and oil and gas fields of Kazakhstan, bundled in ``data/geo``.

A deposit (месторождение, кен орны) is where a mine or an oil or gas field works: many projects
are named after the one they are built at ("на месторождении Каражанбас", "the Syrymbet tin
deposit"). kzgeo keeps each deposit as one point: a coordinate a cited source gives for it, else
the seat of the district or the centre of the region its source places it in (``point_basis``
says which, see :data:`~kzgeo.datasets._points.PointBasis`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Final

from kzgeo._paths import geo_dir
from kzgeo.datasets._points import POINT_BASES, read_point_table

if TYPE_CHECKING:
    import geopandas as gpd

DEPOSIT_COLUMNS: Final = (
    "deposit_id", "name_en", "name_ru", "kind", "region_iso", "lat", "lon", "point_basis",
    "source_url",
)  # fmt: skip
# may be empty: no Kazakh name found, no alias, no district stated, a reported point ...
_OPTIONAL_TEXT: Final = (
    "name_kk", "aliases", "district", "settlement", "settlement_place_id", "coord_source", "note",
)  # fmt: skip


@lru_cache(maxsize=1)
def _read() -> gpd.GeoDataFrame:
    return read_point_table(
        geo_dir() / "deposits.csv",
        required=DEPOSIT_COLUMNS,
        optional=_OPTIONAL_TEXT,
        id_column="deposit_id",
        vocabularies={"point_basis": POINT_BASES},
    )


def load_deposits() -> gpd.GeoDataFrame:
    """Return Kazakhstan's mineral deposits and oil and gas fields as points in EPSG:4326.

    Returns
    -------
    geopandas.GeoDataFrame
        One row a deposit: ``deposit_id``, ``name_en``, ``name_ru``, ``name_kk`` (empty where
        no Kazakh name was found), ``aliases`` (``|``-separated spellings seen in reporting),
        ``kind`` (``oil``, ``gas``, ``copper``, ``gold``, ``uranium``, ``coal`` ...),
        ``region_iso`` (the current, 2024 layout), ``district`` (its Russian official name,
        empty when the source names none), ``settlement`` and ``settlement_place_id`` (the
        place whose point stands for it, empty for a ``reported`` point), ``lat``/``lon``,
        ``point_basis``, ``coord_source`` (for ``reported`` points), ``source_url`` (a report
        that places the deposit in its region) and ``note``. Checked on load: ids unique, every
        point in Kazakhstan and inside its ``region_iso``.

    Examples
    --------
    >>> import kzgeo
    >>> deposits = kzgeo.load_deposits()
    >>> deposits.crs.to_epsg()
    4326
    >>> deposits.set_index("deposit_id").loc["tengiz", ["region_iso", "kind"]].tolist()
    ['KZ-23', 'oil']
    """
    return _read().copy()
