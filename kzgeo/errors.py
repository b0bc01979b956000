"""Exceptions kzgeo raises on purpose, and the issue record they carry.

Every problem found in user input is an :class:`Issue` that names the file, the row (the line
number a spreadsheet shows, header = line 1), the field and what to do about it. Errors raised to
the caller are :class:`KzgeoError` subclasses, never a bare pandas or shapely traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem in an input file.

    Attributes
    ----------
    level
        ``"error"`` (the row cannot be used as it is) or ``"warning"`` (used, but look at it).
    file
        The file the problem is in (as given by the user), or ``None`` for in-memory data.
    row
        The line number in that file as a spreadsheet shows it (the header is line 1), or
        ``None`` when the problem concerns the whole file.
    field
        The column or key, or ``None``.
    message
        What is wrong.
    hint
        What to do about it.
    """

    level: Level
    file: str | None
    row: int | None
    field: str | None
    message: str
    hint: str = ""

    def location(self) -> str:
        """Return where the problem is, with the parts that are known.

        Returns
        -------
        str
            ``file, line N, field 'F'``; ``<data>`` stands for in-memory data.

        Examples
        --------
        >>> Issue("error", "sites.csv", 7, "lat", "not a number").location()
        "sites.csv, line 7, field 'lat'"
        """
        parts = [self.file or "<data>"]
        if self.row is not None:
            parts.append(f"line {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        """Return one line a person can act on."""
        text = f"{self.level}: {self.location()}: {self.message}"
        if self.hint:
            text += f" -> {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """Return the issue as a plain dict, for JSON reports.

        Returns
        -------
        dict
            The six fields by name: ``level``, ``file``, ``row``, ``field``, ``message``,
            ``hint``.
        """
        return {
            "level": self.level,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class KzgeoError(Exception):
    """Base class of every error kzgeo raises on purpose."""


@dataclass
class InputError(KzgeoError):
    """Bad input: carries one or more :class:`Issue` records.

    The message lists the errors (or, when there are none, the warnings), at most 50 of them.

    Attributes
    ----------
    issues
        Every problem found, errors and warnings, in the order they were found.
    """

    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Build the exception message from the issues."""
        super().__init__(self._text())

    def _text(self) -> str:
        errors = [i for i in self.issues if i.level == "error"]
        shown = errors or self.issues
        head = f"{len(errors)} error(s) in input" if errors else "input problems"
        lines = [head + ":"] + [f"  {i}" for i in shown[:50]]
        if len(shown) > 50:
            lines.append(f"  ... and {len(shown) - 50} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        """Return every issue, one a line."""
        return self._text()


class RegisterError(InputError):
    """A project register (projects, sites, manifest) has errors."""


class BoundaryError(InputError):
    """A boundary layer (regions, SEZs or a user file) fails its checks."""


class GeocodeError(KzgeoError):
    """The geocoder was asked for something it cannot do (e.g. online without opt-in)."""


class OutputError(KzgeoError):
    """An output cannot be written (folder not writable, file exists without ``force``)."""


class UsageError(KzgeoError):
    """A command cannot run as asked; the command line exits 2.

    For example a path that does not exist, or ``--offline`` without the Leaflet copies.
    """


def input_error(
    message: str,
    *,
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
    hint: str = "",
    cls: type[InputError] = InputError,
) -> InputError:
    """Build an input error that carries exactly one issue (level ``"error"``).

    Parameters
    ----------
    message
        What is wrong, in words the user can check against the file.
    file
        The file the problem is in, as the user gave it; ``None`` for in-memory data.
    row
        The line number a spreadsheet shows (header = line 1); ``None`` for the whole file.
    field
        The column or key, or ``None``.
    hint
        What to do about it.
    cls
        The error class to build: :class:`InputError` or a subclass such as
        :class:`BoundaryError` or :class:`RegisterError`.

    Returns
    -------
    InputError
        An instance of ``cls``, ready to ``raise``.

    Examples
    --------
    >>> err = input_error("column missing", file="sez.csv", field="sez_id", cls=BoundaryError)
    >>> type(err).__name__, str(err.issues[0])
    ('BoundaryError', "error: sez.csv, field 'sez_id': column missing")
    """
    return cls([Issue("error", file, row, field, message, hint)])
