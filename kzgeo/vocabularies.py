"""The closed vocabularies of kzgeo's columns and options, declared once.

Each is a ``Literal`` type (what a type checker sees) and the tuple of its values in their
order (what code and tests iterate over); :func:`check_choice` refuses any other value with a
message that names the choices.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

GeocodeStatus = Literal["ok", "review", "ambiguous", "not-found", "no-location"]
GEOCODE_STATUSES: Final[tuple[GeocodeStatus, ...]] = get_args(GeocodeStatus)
"""``geocode_status``, from best to worst: a row's status is the worst of its parts."""

PlaceMethod = Literal["place-exact", "place-alias", "place-fuzzy"]
"""The ``geocode_method`` of a point placed at a settlement, by how its name matched: by its
``main`` name, by another of its names, or ``fuzzy``."""

GeocodeMethod = Literal[
    "coordinates", "sez", "industrial-zone", "deposit", PlaceMethod, "village-district",
    "district", "region", "online", "country", "none",
]  # fmt: skip
GEOCODE_METHODS: Final[tuple[GeocodeMethod, ...]] = get_args(GeocodeMethod)
"""``geocode_method``: what placed a row's point, in the order the geocoder tries them (a row's
own coordinates win over its names; ``village-district``: a village of
:func:`kzgeo.load_villages`, placed at its district's seat with a district's precision;
``none``: nothing did)."""

NameVia = Literal["main", "alias", "alt", "code", "legacy", "former"]
NAME_VIAS: Final[tuple[NameVia, ...]] = get_args(NameVia)
"""How a gazetteer name names its entity: its ``main`` name, a curated ``alias``, a GeoNames
``alt`` (alternate) name, a region ``code`` (ISO 3166-2, KATO), a ``legacy`` (pre-2020) code or
a ``former`` name of a region since reformed (South Kazakhstan)."""

MatchVia = Literal[NameVia, "fuzzy", "region-of-candidates", ""]
MATCH_VIAS: Final[tuple[MatchVia, ...]] = get_args(MatchVia)
"""How a name matched (:class:`kzgeo.geocoding.Match`): exactly by one of :data:`NAME_VIAS`,
``fuzzy``, ``region-of-candidates`` (several places, all in one region) or ``""`` (nothing)."""

MatchKind = Literal["place", "district", "region", "sez", "zone"]
MATCH_KINDS: Final[tuple[MatchKind, ...]] = get_args(MatchKind)
"""What a name is matched as (:meth:`kzgeo.geocoding.Matcher.match`): a gazetteer kind."""

MatchStatus = Literal["ok", "review", "ambiguous", "not-found"]
MATCH_STATUSES: Final[tuple[MatchStatus, ...]] = get_args(MatchStatus)
"""The status of one name's match: the :data:`GEOCODE_STATUSES` a name can give its row."""

JoinPlaced = Literal["overlap", "snapped", "inside"]
JOIN_PLACED: Final[tuple[JoinPlaced, ...]] = get_args(JoinPlaced)
"""The ``join_status`` of a point the join placed in a region: in the overlap of two, snapped to
the nearest, or inside one."""

JoinStatus = Literal[
    "no-point", "outside-kazakhstan", "swapped-latlon", "region-mismatch", "region-reformed",
    JoinPlaced,
]  # fmt: skip
JOIN_STATUSES: Final[tuple[JoinStatus, ...]] = get_args(JoinStatus)
"""``join_status``, in the order the join's rules apply (see :mod:`kzgeo.join.assign`)."""

JoinMethod = Literal["auto", "sjoin", "pieces"]
JOIN_METHODS: Final[tuple[JoinMethod, ...]] = get_args(JoinMethod)
"""How points are matched to polygons: geopandas' ``sjoin``, kzgeo's ``pieces`` (vectorised
grid-cut polygons), or ``auto`` (pieces from ``kzgeo.options.fast_join_min_points`` on)."""

AllocationPolicy = Literal["primary", "equal", "weights"]
ALLOCATION_POLICIES: Final[tuple[AllocationPolicy, ...]] = get_args(AllocationPolicy)
"""How a multi-site project's figures are spread over its sites."""


def check_choice(value: object, choices: tuple[str, ...], what: str) -> None:
    """Refuse a value outside a vocabulary, naming the choices.

    Parameters
    ----------
    value
        The value given.
    choices
        The vocabulary (one of the tuples of this module).
    what
        The name of the argument or option, for the message.

    Raises
    ------
    ValueError
        When ``value`` is not one of ``choices``.

    Examples
    --------
    >>> check_choice("pieces", JOIN_METHODS, "method")
    >>> check_choice("piece", JOIN_METHODS, "method")
    Traceback (most recent call last):
    ...
    ValueError: method must be one of 'auto', 'sjoin', 'pieces', got 'piece'
    """
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        msg = f"{what} must be one of {listed}, got {value!r}"
        raise ValueError(msg)
