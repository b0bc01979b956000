"""Reading ``register.yaml`` safely: plain data only, dates checked, short titles.

A manifest comes from someone else's folder. YAML can do more than a register needs:
anchors and aliases let 177 bytes expand to gigabytes once the text is used, and implicit
timestamps turn ``2026-02-30`` into a crash inside the YAML library. kzgeo's loader therefore
refuses aliases, keeps dates as text (checked here, with the field named), and limits the
size of the file and of its titles.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import yaml

from kzgeo.errors import InputError, Issue

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

MAX_BYTES = 1_000_000
TEXT_LIMITS = {"title": 300, "id": 120, "description": 5_000}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class _ManifestLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without implicit timestamps."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            message = "aliases (*name) are not allowed in a register manifest"
            raise yaml.composer.ComposerError(None, None, message, mark)
        return super().compose_node(parent, index)


_ManifestLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _error(file: str, message: str, hint: str, field: str | None = None) -> InputError:
    return InputError([Issue("error", file, None, field, message, hint)])


def read_manifest(path: Path) -> dict[str, Any]:
    """Return the manifest's mapping, or raise an :class:`~kzgeo.errors.InputError`.

    Parameters
    ----------
    path
        The ``register.yaml`` file.

    Returns
    -------
    dict
        The manifest as plain data (dates as text).

    Raises
    ------
    kzgeo.errors.InputError
        If the file cannot be read, is too large, is not YAML, uses aliases or is not a mapping.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(file, f"the manifest is {size:,} bytes", "a register.yaml is a few kB")
        text = path.read_text(encoding="utf-8-sig")
        manifest = yaml.load(text, Loader=_ManifestLoader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _error(
            file, f"not valid YAML: {exc}", "compare with the template's register.yaml"
        ) from None
    except OSError as exc:
        raise _error(file, f"cannot read: {exc.strerror or exc}", "check the path") from None
    if not isinstance(manifest, dict):
        raise _error(file, "manifest is not a mapping", "compare with the template's register.yaml")
    return manifest


def check_texts(manifest: dict[str, Any], bad: Callable[[str, str, str], None]) -> None:
    """Report title, id and description that are not short strings."""
    for key, limit in TEXT_LIMITS.items():
        value = manifest.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float):
            bad(key, f"{key} must be text, not a {type(value).__name__}", "write it on one line")
        elif len(str(value)) > limit:
            bad(key, f"{key} has {len(str(value)):,} characters", f"keep it under {limit}")


def parse_date(value: object, field: str, bad: Callable[[str, str, str], None]) -> dt.date | None:
    """Return ``value`` as a date; report it (naming ``field``) when it is not one.

    Examples
    --------
    >>> problems = []
    >>> parse_date("2026-02-30", "approval_date", lambda *a: problems.append(a))
    >>> problems[0][1]
    '2026-02-30 is not a date: February 2026 has 28 days'
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        bad(field, f"{text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-01-22")
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        bad(field, f"{text} is not a date: there is no month {month}", "write YYYY-MM-DD")
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        bad(field, f"{text} is not a date: {name} {year} has {days} days", "check the day")
        return None
    return dt.date(year, month, day)
