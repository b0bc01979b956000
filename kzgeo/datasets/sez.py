"""Special economic zones (SEZs) of Kazakhstan, bundled in ``data/geo/sez.geojson``."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from kzgeo._paths import geo_dir
from kzgeo.datasets._validate import REBUILD, require_columns, require_valid_geometry
from kzgeo.datasets.prepared import prepared
from kzgeo.datasets.regions import iso_codes
from kzgeo.errors import BoundaryError, Issue

if TYPE_CHECKING:
    from pathlib import Path

SEZ_COLUMNS = (
    "sez_id",
    "level",
    "name_en",
    "name_ru",
    "region_iso",
    "geometry_method",
    "geometry_accuracy",
    "source_url",
)


@lru_cache(maxsize=1)
def _read() -> gpd.GeoDataFrame:
    # checked once per version of the file and of kzgeo, then loaded checked (see prepared)
    path = geo_dir() / "sez.geojson"
    return prepared("sez", lambda: _checked(path), inputs=[path])


def _checked(path: Path) -> gpd.GeoDataFrame:
    file = str(path)
    layer = gpd.read_file(path)
    require_columns(layer, SEZ_COLUMNS, file=file)
    require_valid_geometry(layer, file=file, id_column="sez_id")
    issues = []
    repeated = sorted(set(layer.loc[layer["sez_id"].duplicated(), "sez_id"]))
    if repeated:
        issues.append(Issue("error", file, None, "sez_id", f"repeated ids {repeated}", REBUILD))
    parents = set(layer["parent_id"].dropna())
    orphans = sorted(parents - set(layer["sez_id"]))
    if orphans:
        issues.append(Issue("error", file, None, "parent_id", f"unknown ids {orphans}", REBUILD))
    unknown = set(layer["region_iso"]) - set(iso_codes())
    if unknown:
        issues.append(Issue("error", file, None, "region_iso", f"unknown codes {unknown}", REBUILD))
    if issues:
        raise BoundaryError(issues)
    layer["in_parent_total"] = layer["in_parent_total"].map(
        {"True": True, "False": False, True: True, False: False}
    )
    for col in ("act_date", "regulation_date"):
        layer[col] = pd.to_datetime(layer[col]).dt.date
    layer["has_subzones"] = layer["sez_id"].isin(parents)
    return layer


def load_sez(*, leaves: bool = False) -> gpd.GeoDataFrame:
    """Return Kazakhstan's special economic zones as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    leaves
        ``False`` (default): every feature, zones and sub-zones (TURAN is one row and each of its
        sub-zones another; they overlap by design). ``True``: only features that have no
        sub-zones, which tile without overlap; this is what points are joined to.

    Returns
    -------
    geopandas.GeoDataFrame
        ``sez_id``, ``parent_id``, ``level`` (``zone`` / ``subzone``), names (en/ru),
        ``region_iso``, ``legal_act`` and ``act_date`` (the act that created the zone),
        ``regulation_act`` and ``regulation_date`` (a later act that regulates it now, null
        where none was found), ``valid_to``, ``area_ha_official`` (null where not found),
        ``area_ha_geometry``, ``specialisation``, ``source_url``, ``geometry_method`` and
        ``geometry_accuracy`` (how the approximate shape was made), ``anchor_flag`` (why the
        reported point lies outside the shape, where it does) and ``shape_flag`` (what the
        shape leaves out, e.g. a zone in several parts drawn as one disc).

    Raises
    ------
    kzgeo.errors.BoundaryError
        If the bundled file fails its checks (columns, validity, ids, parents, region codes).

    Examples
    --------
    >>> import kzgeo
    >>> sez = kzgeo.load_sez()
    >>> pit = sez.set_index("sez_id").loc["pit"]
    >>> pit.region_iso, float(pit.area_ha_official)
    ('KZ-75', 163.0)
    >>> gate = sez.set_index("sez_id").loc["khorgos-eastern-gate"]
    >>> str(gate.act_date), str(gate.regulation_date)
    ('2011-11-29', '2025-07-01')
    >>> sorted(kzgeo.load_sez(leaves=True).query("parent_id == 'turan'").sez_id)[:2]
    ['turan-admin-business', 'turan-airport']
    """
    layer = _read()
    if leaves:
        layer = layer[~layer["has_subzones"]]
    return layer.copy()
