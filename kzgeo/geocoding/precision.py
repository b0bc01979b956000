"""Geocoding precision codes (AidData / UCDP scheme) and how kzgeo assigns them.

=====  ==========================================  =============================================
code   AidData / UCDP meaning                      kzgeo assigns it when
=====  ==========================================  =============================================
1      exact location                              the row gives coordinates
2      near: within about 25 km                    a settlement matched (its GeoNames point), or
                                                   an SEZ whose shape lies within 25 km of the
                                                   point kzgeo puts it at
3      second-order administrative unit (ADM2)     a district matched (point: its seat)
4      first-order administrative unit (ADM1)      only a region matched (point: a point inside
                                                   the region's polygon)
5      estimated: an area larger than 25 km that   an SEZ spread over more than 25 km, e.g.
       is not an administrative unit               TURAN (Turkistan, Kentau, Maktaaral)
6      country                                     only "Kazakhstan" (no point; no region)
8      unknown                                     nothing in the row matched
=====  ==========================================  =============================================

Codes 5 and 7 of the AidData codebook are otherwise unused.
"""

from __future__ import annotations

from typing import Final

EXACT: Final = 1
NEAR: Final = 2
ADM2: Final = 3
ADM1: Final = 4
ESTIMATED_AREA: Final = 5
COUNTRY: Final = 6
UNKNOWN: Final = 8
NEAR_KM: Final = 25.0

LABELS: Final = {
    EXACT: "exact point (coordinates)",
    NEAR: "within about 25 km",
    ADM2: "district (second-order unit)",
    ADM1: "region (first-order unit)",
    ESTIMATED_AREA: "somewhere in an area wider than 25 km",
    COUNTRY: "country only",
    UNKNOWN: "unknown",
}
