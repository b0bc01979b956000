"""Checks for polygon layers: validity, dimensions, and coverage (overlaps and gaps).

The region layer must be a clean *coverage*: polygons that tile the country without overlapping
and without gaps. A point inside an overlap would be counted in two regions; a point inside a
gap in none. The data build scripts check the bundled layers with :func:`check_coverage`
before writing them; it is public so that a boundary file of one's own can be checked the same
way (a file passed to :func:`kzgeo.build` only has to pass
:func:`~kzgeo.datasets.validate_boundaries`, which allows overlaps: the join's overlap rule
resolves them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from kzgeo.crs import KZ_EQUAL_AREA, is_polygonal


@dataclass(frozen=True)
class Overlap:
    """Two features whose interiors overlap, and by how much.

    Attributes
    ----------
    first, second
        The ids of the two features (``first`` comes earlier in the layer).
    area_km2
        Area of the overlap in km², measured in :data:`kzgeo.crs.KZ_EQUAL_AREA`.
    """

    first: str
    second: str
    area_km2: float


@dataclass
class CoverageReport:
    """The result of :func:`check_coverage`.

    Attributes
    ----------
    invalid
        ``(id, reason)`` for every invalid geometry.
    has_z
        Ids of features that carry Z coordinates.
    overlaps
        Every pair of features whose interiors overlap, with the area of the overlap.
    gaps_km2
        Area of each hole in the union of all features (a gap between neighbours).
    non_polygonal
        Ids of features that are not Polygon or MultiPolygon.
    """

    invalid: list[tuple[str, str]] = field(default_factory=list)
    has_z: list[str] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    gaps_km2: list[float] = field(default_factory=list)
    non_polygonal: list[str] = field(default_factory=list)

    def largest_overlap_km2(self) -> float:
        """Return the area of the largest single overlap.

        Returns
        -------
        float
            In km²; 0 when no two features overlap.
        """
        return max((o.area_km2 for o in self.overlaps), default=0.0)

    def largest_gap_km2(self) -> float:
        """Return the area of the largest single gap.

        Returns
        -------
        float
            In km²; 0 when the union of the features has no hole.
        """
        return max(self.gaps_km2, default=0.0)

    def problems(self, *, tolerance_km2: float = 0.01) -> list[str]:
        """Return a sentence for each problem found.

        Parameters
        ----------
        tolerance_km2
            Overlaps and gaps up to this area (km²) pass: generalised borders leave slivers.
            Invalid, 3D and non-polygon features never pass.

        Returns
        -------
        list of str
            One sentence a problem, naming the features; empty for a clean coverage.
        """
        out = [f"{fid}: invalid geometry ({why})" for fid, why in self.invalid]
        out += [f"{fid}: has Z coordinates" for fid in self.has_z]
        out += [f"{fid}: not a polygon" for fid in self.non_polygonal]
        out += [
            f"{o.first} and {o.second} overlap by {o.area_km2:.4f} km²"
            for o in self.overlaps
            if o.area_km2 > tolerance_km2
        ]
        out += [
            f"a gap of {g:.4f} km² between neighbours" for g in self.gaps_km2 if g > tolerance_km2
        ]
        return out

    def summary(self) -> str:
        """Return one line with the totals, for build logs.

        Returns
        -------
        str
            Counts of invalid, 3D and overlapping features and of gaps, with their areas.
        """
        overlap = sum(o.area_km2 for o in self.overlaps)
        return (
            f"{len(self.invalid)} invalid, {len(self.has_z)} with Z, "
            f"{len(self.overlaps)} overlapping pairs ({overlap:.4f} km²,"
            f" largest {self.largest_overlap_km2():.4f}), {len(self.gaps_km2)} gaps "
            f"({sum(self.gaps_km2):.4f} km², largest {self.largest_gap_km2():.4f})"
        )


def check_coverage(layer: gpd.GeoDataFrame, *, region_id: str) -> CoverageReport:
    """Check that ``layer`` is a valid 2D polygon coverage and measure overlaps and gaps.

    Parameters
    ----------
    layer
        Polygon features with a CRS.
    region_id
        Column that names each feature in the report.

    Returns
    -------
    CoverageReport
        Every problem found; overlaps and gaps measured in km² in an equal-area CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> tiles = gpd.GeoDataFrame(
    ...     {"id": ["a", "b"]}, geometry=[box(70, 45, 71, 46), box(71, 45, 72, 46)], crs=4326
    ... )
    >>> check_coverage(tiles, region_id="id").problems()
    []
    """
    report = CoverageReport()
    ids = layer[region_id].astype(str).to_numpy()
    geoms = np.asarray(layer.geometry.values, dtype=object)
    polygonal = is_polygonal(geoms)
    report.non_polygonal = [str(i) for i in ids[~polygonal]]
    report.has_z = [str(i) for i in ids[shapely.has_z(geoms)]]
    valid = shapely.is_valid(geoms)
    report.invalid = [
        (str(i), str(shapely.is_valid_reason(g)))
        for i, g in zip(ids[~valid], geoms[~valid], strict=True)
    ]
    usable = polygonal & valid
    projected = gpd.GeoSeries(geoms[usable], crs=layer.crs).to_crs(KZ_EQUAL_AREA).values
    used_ids = ids[usable]
    tree = shapely.STRtree(projected)
    left, right = tree.query(projected, predicate="intersects")
    for a, b in zip(left, right, strict=True):
        if a >= b:
            continue
        area = shapely.area(shapely.intersection(projected[a], projected[b])) / 1e6
        if area > 0:
            report.overlaps.append(Overlap(str(used_ids[a]), str(used_ids[b]), float(area)))
    union = shapely.union_all(projected)
    for part in shapely.get_parts(union):
        for ring in shapely.get_interior_ring(part, range(shapely.get_num_interior_rings(part))):
            report.gaps_km2.append(float(shapely.area(shapely.polygons(ring)) / 1e6))
    return report
