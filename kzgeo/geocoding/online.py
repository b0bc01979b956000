"""The optional online geocoder: OpenStreetMap Nominatim through geopy, used politely.

Off unless asked for. When on, it follows the Nominatim usage policy
(https://operations.osmfoundation.org/policies/nominatim/): an identifying user agent is
required, at most one request a second for the whole process, every answer is cached on disk
and reused, results are limited to Kazakhstan (``country_codes="kz"``), and every result carries
the attribution "© OpenStreetMap contributors".
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kzgeo.errors import GeocodeError
from kzgeo.settings import options

ATTRIBUTION = "© OpenStreetMap contributors (Nominatim; data ODbL 1.0)"
_LOCK = threading.Lock()
_LAST_CALL = [0.0]
_PLACE_TYPES = {
    "city",
    "town",
    "village",
    "hamlet",
    "suburb",
    "neighbourhood",
    "quarter",
    "isolated_dwelling",
    "locality",
    "industrial",
    "building",
    "road",
    "house",
}


class GeopyLikeGeocoder(Protocol):
    """What kzgeo needs from a geocoder: geopy's ``geocode`` signature."""

    def geocode(self, query: str, **kwargs: Any) -> Any:
        """Return a location with ``latitude``, ``longitude``, ``address``, ``raw`` or None.

        Parameters
        ----------
        query
            The free-text place to look up.
        **kwargs
            Options of geopy's ``geocode``; kzgeo passes ``exactly_one=True``,
            ``country_codes="kz"`` and ``addressdetails=True``.

        Returns
        -------
        Any
            A geopy ``Location`` (or an object with the same attributes), or None when
            nothing is found.
        """


@dataclass(frozen=True)
class OnlineResult:
    """One answer from the online geocoder.

    Attributes
    ----------
    lat, lon
        The point Nominatim gives, in WGS 84 degrees.
    address
        Nominatim's display name of the place found.
    kind
        Nominatim's ``addresstype`` (else ``type``) of the result, e.g. ``city`` or
        ``village``; ``""`` when it gives none (see :func:`is_point_level`).
    cached
        True when the answer came from the disk cache, not from a request.
    """

    lat: float
    lon: float
    address: str
    kind: str
    cached: bool


class NominatimGeocoder:
    """Nominatim with a disk cache and a one-request-a-second limit.

    Parameters
    ----------
    user_agent
        Identifies your application to the Nominatim operators, e.g.
        ``"my-newsroom-kz-map/1.0 (desk@example.org)"``. Required.
    cache_dir
        Folder for the answer cache (default ``kzgeo.options.cache_dir`` or
        ``~/.cache/kzgeo``).
    min_delay_seconds
        Minimum time between two requests (never below 1 s).
    geocoder
        Anything with geopy's ``geocode(query, **kwargs)`` (tests pass a fake); default: a
        ``geopy.geocoders.Nominatim``.

    Raises
    ------
    GeocodeError
        When no identifying user agent is given, here or in
        ``kzgeo.options.nominatim_user_agent``.
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        cache_dir: str | Path | None = None,
        min_delay_seconds: float = 1.0,
        geocoder: GeopyLikeGeocoder | None = None,
    ) -> None:
        """Check the user agent and open the cache."""
        agent = user_agent or options.nominatim_user_agent
        if not agent or agent.strip().lower() in ("", "kzgeo", "geopy", "my-application"):
            raise GeocodeError(
                "the online geocoder needs an identifying user agent, e.g. "
                "kzgeo.options.nominatim_user_agent = 'my-app/1.0 (me@example.org)'"
            )
        self.user_agent = agent
        self.min_delay = max(1.0, float(min_delay_seconds))
        folder = cache_dir or options.cache_dir or Path.home() / ".cache" / "kzgeo"
        self.cache_path = Path(folder) / "nominatim.json"
        self._cache: dict[str, dict[str, Any]] = {}
        if self.cache_path.is_file():
            self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
        if geocoder is None:
            from geopy.geocoders import Nominatim  # noqa: PLC0415 - optional dependency

            geocoder = Nominatim(user_agent=agent)
        self._geocoder = geocoder
        self.requests = 0

    def lookup(self, query: str) -> OnlineResult | None:
        """Return the first Kazakhstan result for ``query`` (cached), or None.

        A query not in the cache waits until ``min_delay_seconds`` have passed since the last
        request of this process, then asks the geocoder; its answer (a miss too) is cached.

        Parameters
        ----------
        query
            The free-text place to look up; the cache key ignores case and outer spaces.

        Returns
        -------
        OnlineResult or None
            The first result in Kazakhstan; None when the geocoder finds none.
        """
        key = hashlib.sha256(query.strip().lower().encode()).hexdigest()
        if key in self._cache:
            hit = self._cache[key]
            return None if hit.get("none") else OnlineResult(**{**hit, "cached": True})
        with _LOCK:
            wait = _LAST_CALL[0] + self.min_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                location = self._geocoder.geocode(
                    query, exactly_one=True, country_codes="kz", addressdetails=True
                )
            finally:
                _LAST_CALL[0] = time.monotonic()
                self.requests += 1
        if location is None:
            self._store(key, {"none": True})
            return None
        raw = getattr(location, "raw", {}) or {}
        kind = str(raw.get("addresstype") or raw.get("type") or "")
        result = OnlineResult(
            float(location.latitude),
            float(location.longitude),
            str(location.address),
            kind,
            cached=False,
        )
        self._store(
            key,
            {"lat": result.lat, "lon": result.lon, "address": result.address, "kind": result.kind},
        )
        return result

    def _store(self, key: str, record: dict[str, Any]) -> None:
        self._cache[key] = record
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self._cache, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.cache_path)


def is_point_level(kind: str) -> bool:
    """Return True when a Nominatim result type is a settlement or finer (precision 2).

    Parameters
    ----------
    kind
        :attr:`OnlineResult.kind`, Nominatim's ``addresstype`` of a result.

    Returns
    -------
    bool
        True for a settlement type or finer (city, village, locality,
        industrial, road, house, ...); False for a
        district, region or anything else.

    Examples
    --------
    >>> is_point_level("village"), is_point_level("state")
    (True, False)
    """
    return kind in _PLACE_TYPES
