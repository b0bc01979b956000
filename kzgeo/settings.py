"""Validated settings, in the manner of ``geopandas.options``.

Use ``kzgeo.options.snap_tolerance_m = 5000``; unknown names and bad values raise at once.
``kzgeo.options.describe()`` lists every option with its current value and meaning, and
``with kzgeo.options.context(allocation_policy="equal"): ...`` sets options for a block.

Defaults and where they come from:

- ``kzt_per_usd``: the National Bank of Kazakhstan official rate for 23 Jan 2026, the day after
  the 22 Jan 2026 approval (``kzt_per_usd_source`` says where it was reported).
- ``snap_tolerance_m`` = 10,000 m: generalised borders, the Caspian shore and the Uzbek border
  near Turkistan put real points a few km outside the drawn polygons; a site farther than 10 km
  from every region is treated as outside Kazakhstan.
- ``allocation_policy`` = ``"primary"``: a multi-site project's figures go to its primary site
  unless the register gives weights; this never invents a split the source did not state.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar, cast, get_args, overload

from kzgeo.vocabularies import ALLOCATION_POLICIES, AllocationPolicy

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

Language = Literal["en", "ru", "kk"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
T = TypeVar("T")


# validators take ``object``: a user may assign anything, and each one says what it accepts
def _positive_number(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"must be a positive number, got {value!r}")


def _non_negative_number(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"must be a number >= 0, got {value!r}")


def _positive_int(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"must be a positive integer, got {value!r}")


def _score(value: object) -> None:
    _positive_number(value)
    if isinstance(value, int | float) and value > 100:
        raise ValueError(f"must be a score from 1 to 100, got {value!r}")


def _date(value: object) -> None:
    if not isinstance(value, dt.date):
        raise TypeError(f"must be a datetime.date, got {value!r}")


def _text(value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {value!r}")


def _policy(value: object) -> None:
    if value not in ALLOCATION_POLICIES:
        raise ValueError(f"must be one of {ALLOCATION_POLICIES}, got {value!r}")


def _language(value: object) -> None:
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {LANGUAGES}, got {value!r}")


def _bool(value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"must be True or False, got {value!r}")


def _optional_text(value: object) -> None:
    if value is not None:
        _text(value)


def _optional_path(value: object) -> None:
    if value is not None and not isinstance(value, str | Path):
        raise TypeError(f"must be a path or None, got {value!r}")


class Option(Generic[T]):
    """One option of :class:`Options`, declared as its class attribute of the same name.

    Reading ``kzgeo.options.<key>`` gives the current value (typed ``T`` for type checkers);
    assigning one validates it first. :meth:`Options.describe` lists the options.

    Parameters
    ----------
    default
        The value the option starts with and returns to on :meth:`Options.reset`.
    doc
        One sentence on what the option changes (and, for figures, where the default comes
        from).
    validator
        Called with every new value; raises ``TypeError`` or ``ValueError`` saying what the
        option accepts.

    Attributes
    ----------
    key
        The option's name: ``kzgeo.options.<key>`` (the attribute it is declared as).
    """

    __slots__ = ("default", "doc", "key", "validator")

    def __init__(self, default: T, doc: str, validator: Callable[[object], None]) -> None:
        """Keep the declaration; the name comes from the attribute it is assigned to."""
        self.key = ""
        self.default = default
        self.doc = doc
        self.validator = validator

    def __set_name__(self, owner: type, name: str) -> None:
        """Take the attribute's name as the option's."""
        self.key = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Option[T]: ...
    @overload
    def __get__(self, obj: Options, owner: type | None = None) -> T: ...
    def __get__(self, obj: Options | None, owner: type | None = None) -> Option[T] | T:
        """Return the current value, or on the class the option itself."""
        if obj is None:
            return self
        return cast("T", obj._values[self.key])  # noqa: SLF001 - Options keeps the values

    def __set__(self, obj: Options, value: T) -> None:
        """Validate and set the value."""
        try:
            self.validator(value)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"kzgeo.options.{self.key} {exc}") from None
        obj._values[self.key] = value  # noqa: SLF001


class Options:
    """The settings object: attribute access, validation on every set, no unknown names.

    Each option is declared once, below, as an :class:`Option`: its name, type, default,
    meaning and check.
    """

    kzt_per_usd = Option(
        505.71,
        "KZT per US dollar used to derive USD figures (NBK official rate, 23 Jan 2026).",
        _positive_number,
    )
    kzt_per_usd_date = Option(dt.date(2026, 1, 23), "Date of that rate.", _date)
    kzt_per_usd_source = Option(
        "National Bank of Kazakhstan official rate for 23 Jan 2026, via BAQ.kz "
        "https://rus.baq.kz/dollar-v-kazahstane-podeshevel-do-503-tenge_300031578",
        "Where the rate comes from (printed next to every derived USD figure).",
        _text,
    )
    snap_tolerance_m = Option(
        10_000.0,
        "Points outside every region but within this many metres of one are snapped to it.",
        _non_negative_number,
    )
    allocation_policy = Option[AllocationPolicy](
        "primary",
        "How a multi-site project's figures are spread over its sites: primary, equal, weights.",
        _policy,
    )
    fuzzy_threshold = Option(
        80.0,
        "Lowest rapidfuzz score (0-100) for a fuzzy place-name match to count at all.",
        _score,
    )
    fuzzy_margin = Option(
        4.0,
        "A fuzzy match whose score beats the next different place by less than this is flagged.",
        _non_negative_number,
    )
    fast_join_min_points = Option(
        20_000,
        "From this many points on, the join uses the vectorised contains_xy path.",
        _positive_int,
    )
    canvas_markers_threshold = Option(
        1_000,
        "Above this many facilities, the map draws them as dots on one canvas (click: card).",
        _positive_int,
    )
    online_geocoding = Option(False, "Allow the Nominatim geocoder (network).", _bool)
    nominatim_user_agent = Option[str | None](
        None,
        "User agent for Nominatim, required when online geocoding is on.",
        _optional_text,
    )
    cache_dir = Option[str | Path | None](
        None,
        "Folder for kzgeo's caches: online geocoder answers, prepared indexes "
        "(default: ~/.cache/kzgeo).",
        _optional_path,
    )
    draw_aside = Option(
        False,
        "On Linux, draw map.png in a forked child process while the other outputs are "
        "written (the same file; drawn in-process if the child fails). Off in library calls "
        "(a notebook's threads are its own business); `kzgeo build` turns it on.",
        _bool,
    )
    prepared_cache = Option(
        True,
        "Keep indexes built from the bundled data (the gazetteer) in cache_dir between runs; "
        "each entry is named by a hash of its input files and of kzgeo's code.",
        _bool,
    )
    assets_dir = Option[str | Path | None](
        None,
        "A node_modules folder holding Leaflet and plugins for offline HTML (see README).",
        _optional_path,
    )
    max_register_mb = Option(
        200.0,
        "Register files larger than this are refused before reading (memory safety).",
        _positive_number,
    )
    language = Option[Language](
        "en",
        "Language of the map, the PNG and the report: en, ru or kk.",
        _language,
    )
    progress = Option(True, "Show a progress bar on long work when stderr is a terminal.", _bool)

    _values: dict[str, object]

    @classmethod
    def _specs(cls) -> dict[str, Option[Any]]:
        """Return the options by name, in the order they are declared."""
        return {k: v for k, v in vars(cls).items() if isinstance(v, Option)}

    def __init__(self) -> None:
        """Start with every option at its default."""
        object.__setattr__(self, "_values", {o.key: o.default for o in self._specs().values()})

    # hidden from type checkers, so that they flag a misspelt option as a user's error
    if not TYPE_CHECKING:

        def __getattr__(self, key: str) -> object:
            """Refuse a name that is not an option (the options are found before this)."""
            if key.startswith("_"):
                raise AttributeError(key)
            known = sorted(self._values)
            raise AttributeError(f"kzgeo.options has no option {key!r}; known: {known}")

        def __setattr__(self, key: str, value: object) -> None:
            """Set option ``key`` (its :class:`Option` validates the value); refuse others."""
            if key not in self._values:
                raise AttributeError(
                    f"kzgeo.options has no option {key!r}; you can only set existing options: "
                    f"{sorted(self._values)}"
                )
            object.__setattr__(self, key, value)

    def __dir__(self) -> list[str]:
        """List option names (for tab completion)."""
        return sorted(self._values)

    def reset(self) -> None:
        """Put every option back to its default."""
        for spec in self._specs().values():
            self._values[spec.key] = spec.default

    @contextmanager
    def context(self, **changes: object) -> Iterator[Options]:
        """Set options for the duration of a ``with`` block, then restore the old values.

        Parameters
        ----------
        **changes
            Option names and their values inside the block, validated as on assignment.

        Yields
        ------
        Options
            The options object itself, with the changes in effect.

        Raises
        ------
        AttributeError
            For a name that is not an option (the message lists the options).
        TypeError, ValueError
            For a value the option does not accept (the message says what it accepts); the
            options set before it are restored.

        Examples
        --------
        >>> from kzgeo.settings import options
        >>> with options.context(allocation_policy="equal"):
        ...     options.allocation_policy
        'equal'
        >>> options.allocation_policy
        'primary'
        """
        old = {k: getattr(self, k) for k in changes}
        try:
            for key, value in changes.items():
                setattr(self, key, value)
            yield self
        finally:
            for key, value in old.items():
                self._values[key] = value

    def describe(self) -> str:
        """Return every option with its current value and meaning.

        Returns
        -------
        str
            Two lines an option: ``name = value``, then what it does.

        Examples
        --------
        >>> from kzgeo.settings import options
        >>> print(options.describe().splitlines()[0])
        kzt_per_usd = 505.71
        """
        specs = self._specs()
        return "\n".join(f"{k} = {getattr(self, k)!r}\n    {s.doc}" for k, s in specs.items())

    def __repr__(self) -> str:
        """Show the current values."""
        return "kzgeo.options\n" + self.describe()


options = Options()
