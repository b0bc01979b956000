"""Build data/geo/sez.geojson: Kazakhstan's special economic zones with honest shapes.

No official SEZ outline is published (the acts attach raster plans only), so every shape is made
here from a reported location and the official area, and says how in ``geometry_accuracy``:

- ``disc``: an equal-area disc of the official area around the anchor point, built in a
  Lambert azimuthal equal-area projection centred on that point; where it crosses its region's
  border (or the coast: the region layer is land only) it is clipped to the region and the radius
  grown until the area again equals the official area (to 0.1 %);
- ``sector``: sub-zones that share one anchor (TURAN's Turkistan-city sub-zones) are sectors of
  one disc whose area is their combined official area; each sector's angle is in proportion to
  its own area, so each sector's area equals its official area; positions inside the disc are
  not known;
- ``corridor``: a zone reported at more than one place (``also_at``: Alatau's Gate district near
  Otegen Batyr as well as Alatau town) is an equal-area buffer of the line joining them, clipped
  to its region and widened until its area equals the official area, so every reported place
  lies inside it;
- ``nominal``: the official area was not found; a 1 km disc marks the location only;
- ``union``: a parent zone is the union of its sub-zones.

Facts (names, acts, dates, areas, sources, anchors) are in data/curated/sez.csv; anchors refer
to points in data/geo/places.csv (GeoNames), to airportsdata (MIT) for airports, or give
coordinates with their source. Run after build_places.py.

Every zone must contain its reported point and lie inside its region; the build fails
otherwise, unless the row's ``anchor_flag`` says why the point and the boundary disagree
(a shape is never moved away from its reported location to fit a boundary).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import airportsdata
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from _common import CURATED, GEO, output_dir
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from kzgeo.crs import area_km2

AIRPORTSDATA_VERSION = "20260905"
SEGMENTS = 256
NOMINAL_RADIUS_M = 1000.0
MAX_OUTSIDE_KM2 = 1e-4  # 100 m²: rounding noise along a clipped border, not a real overlap


def anchor_point(spec: str, places: pd.DataFrame) -> tuple[float, float]:
    """Return (lat, lon) for ``latlon:LAT LON``, ``place:ID`` or ``airport:IATA``."""
    kind, _, value = spec.partition(":")
    if kind == "latlon":
        lat, lon = (float(v) for v in value.split())
        return lat, lon
    if kind == "place":
        row: Any = places.loc[value]
        return float(row.lat), float(row.lon)
    if kind == "airport":
        if airportsdata.__version__ != AIRPORTSDATA_VERSION:
            raise SystemExit(f"airportsdata {AIRPORTSDATA_VERSION} required")
        airport = airportsdata.load("IATA")[value]
        return float(airport["lat"]), float(airport["lon"])
    raise SystemExit(f"unknown anchor {spec!r}")


def sector(radius: float, start: float, sweep: float) -> BaseGeometry:
    """Return a circular sector (or full disc when sweep is 2*pi) centred on the origin."""
    steps = max(8, int(SEGMENTS * sweep / (2 * math.pi)))
    angles = start + np.linspace(0.0, sweep, steps + 1)
    arc = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
    if sweep >= 2 * math.pi - 1e-12:
        return shapely.Polygon(arc)
    return shapely.Polygon(np.vstack([[0.0, 0.0], arc, [[0.0, 0.0]]]))


def fit(
    radius: float, start: float, sweep: float, target_m2: float, region: BaseGeometry
) -> tuple[BaseGeometry, bool]:
    """Grow a sector's radius until its part inside ``region`` has the target area."""

    def shape_at(scale: float) -> BaseGeometry:
        return sector(radius * scale, start, sweep)

    unclipped = shape_at(1.0)
    if region.contains(unclipped):
        return unclipped, False
    lo, hi = 1.0, 1.0
    while shapely.area(shapely.intersection(shape_at(hi), region)) < target_m2:
        hi *= 1.5
        if hi > 50:
            raise SystemExit("cannot fit the shape inside its region")
    for _ in range(60):
        mid = (lo + hi) / 2
        area = shapely.area(shapely.intersection(shape_at(mid), region))
        lo, hi = (mid, hi) if area < target_m2 else (lo, mid)
    clipped = shapely.intersection(shape_at(hi), region)
    return shapely.make_valid(clipped), True


def fit_buffer(line: BaseGeometry, target_m2: float, region: BaseGeometry) -> BaseGeometry:
    """Widen a buffer of ``line`` until its part inside ``region`` has the target area."""

    def inside(width: float) -> float:
        return float(shapely.area(shapely.intersection(shapely.buffer(line, width), region)))

    lo, hi = 0.0, math.sqrt(target_m2 / math.pi)
    while inside(hi) < target_m2:
        lo, hi = hi, hi * 1.5
        if hi > 1e6:
            raise SystemExit("cannot fit the corridor inside its region")
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if inside(mid) < target_m2 else (lo, mid)
    return shapely.make_valid(shapely.intersection(shapely.buffer(line, hi), region))


def corridor(
    row: Any, places: pd.DataFrame, region: BaseGeometry, to_local: Transformer
) -> tuple[BaseGeometry, str]:
    """Return the equal-area corridor through the anchor and the ``also_at`` places."""
    points = [anchor_point(row.anchor, places)]
    points += [anchor_point(spec, places) for spec in row.also_at.split("|")]
    xs, ys = to_local.transform([lon for _, lon in points], [lat for lat, _ in points])
    line = shapely.LineString(np.column_stack([xs, ys]))
    target = float(row.area_ha_official) * 1e4
    text = (
        f"approximate: equal-area corridor of the official {target / 1e4:,.2f} ha joining the "
        f"zone's reported places ({row.anchor}, {row.also_at.replace('|', ', ')}), clipped to "
        f"region {row.region_iso}; the zone's real outline is not published"
    )
    return fit_buffer(line, target, region), text


def sector_shape(row: Any, members: pd.DataFrame, region: BaseGeometry) -> tuple[BaseGeometry, str]:
    """Return the sub-zone's sector of the equal-area disc its layout group shares."""
    areas = members.area_ha_official.astype(float).to_numpy() * 1e4
    total = areas.sum()
    radius = math.sqrt(total / math.pi)
    idx = list(members.sez_id).index(row.sez_id)
    start = 2 * math.pi * areas[:idx].sum() / total
    sweep = 2 * math.pi * areas[idx] / total
    target = areas[idx]
    # a polygonal arc is slightly smaller than the true sector: correct the radius
    probe = shapely.area(sector(radius, start, sweep))
    radius *= math.sqrt(target / probe)
    shape, clipped = fit(radius, start, sweep, target, region)
    if clipped:
        raise SystemExit(f"{row.sez_id}: sector group crosses its region border")
    names = ", ".join(members.sez_id)
    text = (
        f"schematic: sector of an equal-area disc holding the sub-zones {names} "
        f"({total / 1e4:,.2f} ha) around {row.anchor_source}; the sector's angle is in "
        "proportion to its official area, so its area is official but its position "
        "inside the disc is not known"
    )
    return shape, text


def build_leaf_shapes(
    table: pd.DataFrame, places: pd.DataFrame, regions: gpd.GeoDataFrame
) -> dict[str, tuple[BaseGeometry, str, str, tuple[float, float]]]:
    """Return {sez_id: (geometry in EPSG:4326, method, accuracy text, anchor)} for leaf features."""
    out: dict[str, tuple[BaseGeometry, str, str, tuple[float, float]]] = {}
    region_geom = regions.set_index("iso_3166_2").geometry
    leaves = table[~table.sez_id.isin(table.parent_id)]
    groups = leaves[leaves.layout_group != ""].groupby("layout_group")
    row: Any  # itertuples rows: pandas-stubs types every field as any scalar
    for row in leaves.itertuples():
        lat, lon = anchor_point(row.anchor, places)
        local = f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
        to_local = Transformer.from_crs(4326, local, always_xy=True)
        to_geo = Transformer.from_crs(local, 4326, always_xy=True)
        region = shapely.transform(
            region_geom[row.region_iso],
            lambda xy, t=to_local: np.column_stack(t.transform(*xy.T)),
        )
        if row.area_ha_official == "":
            disc = sector(NOMINAL_RADIUS_M, 0.0, 2 * math.pi)
            shape = shapely.intersection(disc, region)
            method = "nominal"
            text = (
                "nominal: the official area was not found, so this 1 km-radius disc only marks "
                f"the reported location ({row.anchor_source}); its area is not a fact"
            )
        elif row.also_at:
            shape, text = corridor(row, places, region, to_local)
            method = "corridor"
        elif row.layout_group:
            shape, text = sector_shape(row, groups.get_group(row.layout_group), region)
            method = "sector"
        else:
            target = float(row.area_ha_official) * 1e4
            unit = shapely.area(sector(1.0, 0.0, 2 * math.pi))
            radius = math.sqrt(target / unit)
            shape, clipped = fit(radius, 0.0, 2 * math.pi, target, region)
            method = "disc"
            text = (
                f"approximate: equal-area disc of the official {float(row.area_ha_official):,.2f} "
                f"ha around the reported location ({row.anchor_source})"
            )
            if clipped:
                text += f"; clipped to region {row.region_iso} and enlarged to keep the area"
        geom = shapely.transform(shape, lambda xy, t=to_geo: np.column_stack(t.transform(*xy.T)))
        # the projection round trip leaves slivers of a few cm outside a clipped border
        geom = shapely.intersection(geom, region_geom[row.region_iso])
        out[row.sez_id] = (geom, method, text, (lat, lon))
    return out


def anchor_problems(layer: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> list[str]:
    """Name every feature whose reported point is outside its shape or its region.

    A sector's point is its apex, on its edge (``covers``); every other shape must contain its
    point. A row with an ``anchor_flag`` is exempt: the flag says why they disagree.
    """
    region_geom = regions.set_index("iso_3166_2").geometry
    problems = []
    row: Any
    for row in layer.itertuples():
        if row.anchor_flag:
            continue
        point = shapely.Point(row.anchor_lon, row.anchor_lat)
        test = shapely.covers if row.geometry_method == "sector" else shapely.contains
        if not test(row.geometry, point):
            problems.append(f"{row.sez_id}: its reported point is outside its shape")
        if not shapely.contains(region_geom[row.region_iso], point):
            problems.append(f"{row.sez_id}: its reported point is outside {row.region_iso}")
    return problems


def shape_problems(layer: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> list[str]:
    """Name every invalid shape, shape outside its region, wrong area or overlap of leaves."""
    problems = []
    row: Any
    region_geom = regions.set_index("iso_3166_2").geometry
    for row in layer.itertuples():
        if not row.geometry.is_valid:
            problems.append(f"{row.sez_id}: invalid geometry")
        outside = shapely.difference(row.geometry, region_geom[row.region_iso])
        # coordinates are written to 1e-6 degrees, so a clipped edge may sit a few cm outside
        if float(area_km2(gpd.GeoSeries([outside], crs=4326))[0]) > MAX_OUTSIDE_KM2:
            problems.append(f"{row.sez_id}: not inside its region {row.region_iso}")
        if row.geometry_method in ("disc", "sector", "corridor"):
            err = abs(row.area_ha_geometry / row.area_ha_official - 1)
            if err > 0.01:
                problems.append(f"{row.sez_id}: area off by {err:.2%}")
    leaves = layer[layer.level == "subzone"].index.union(
        layer[(layer.level == "zone") & ~layer.sez_id.isin(layer.parent_id)].index
    )
    leaf_geoms = layer.loc[leaves].geometry.to_numpy()
    left, right = shapely.STRtree(leaf_geoms).query(leaf_geoms, predicate="intersects")
    for a, b in zip(left, right, strict=True):
        shared = shapely.intersection(leaf_geoms[a], leaf_geoms[b])
        if a < b and float(area_km2(gpd.GeoSeries([shared], crs=4326))[0]) > MAX_OUTSIDE_KM2:
            problems.append(
                f"{layer.loc[leaves[a], 'sez_id']} overlaps {layer.loc[leaves[b], 'sez_id']}"
            )
    return problems


def build_layer(
    table: pd.DataFrame, places: pd.DataFrame, regions: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Return the SEZ layer of ``sez.csv``: each zone's shape, or the union of its sub-zones'."""
    shapes = build_leaf_shapes(table, places, regions)
    rows = []
    row: Any
    for row in table.itertuples():
        if row.sez_id in shapes:
            geom, method, text, (lat, lon) = shapes[row.sez_id]
        else:
            children = table[table.parent_id == row.sez_id].sez_id
            geom = shapely.union_all([shapes[c][0] for c in children])
            method, text = "union", "union of its sub-zones' shapes (see each sub-zone)"
            lat, lon = anchor_point(row.anchor, places)
        rec = row._asdict()
        rec.pop("Index")
        rec.pop("anchor")
        rec.update(
            level="subzone" if row.parent_id else "zone",
            anchor_lat=lat,
            anchor_lon=lon,
            geometry_method=method,
            geometry_accuracy=text,
            approximate=True,
            status="confirmed",
            geometry=geom,
        )
        rows.append(rec)
    return _typed(gpd.GeoDataFrame(rows, geometry="geometry", crs=4326))


def _typed(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give the CSV's text columns their types: numbers, booleans, and null for empty cells."""
    layer["area_ha_official"] = pd.to_numeric(layer.area_ha_official.replace("", None))
    layer["in_parent_total"] = layer.in_parent_total.map({"1": True, "0": False, "": None})
    for col in (
        "parent_id",
        "legal_act",
        "act_date",
        "regulation_act",
        "regulation_date",
        "valid_to",
        "also_at",
        "anchor_flag",
        "shape_flag",
        "layout_group",
        "aliases",
        "notes",
    ):
        layer[col] = layer[col].replace("", None)
    layer["area_ha_geometry"] = np.round(area_km2(layer.geometry) * 100, 2)
    return layer


def main(out: Path = GEO) -> int:
    """Build, check and write the SEZ layer."""
    table = pd.read_csv(CURATED / "sez.csv", dtype=str, keep_default_na=False)
    places = pd.read_csv(out / "places.csv").set_index("place_id")
    regions = gpd.read_file(out / "regions.geojson")
    layer = build_layer(table, places, regions)

    problems = anchor_problems(layer, regions) + shape_problems(layer, regions)
    if problems:
        print("\n".join(problems))
        return 1
    path = out / "sez.geojson"
    path.unlink(missing_ok=True)
    layer.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=6, WRITE_NAME="NO")
    zones = (layer.level == "zone").sum()
    print(
        f"sez: {zones} zones, {(layer.level == 'subzone').sum()} sub-zones; all inside their region"
    )
    print(
        layer[["sez_id", "region_iso", "geometry_method", "area_ha_official", "area_ha_geometry"]]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
