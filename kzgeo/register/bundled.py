"""The registers kzgeo ships, by name: ``kzgeo build kz-industry``, ``load_register(name)``.

A bundled register is a folder under ``data/registers/`` with a ``register.yaml``; its name is
the folder's name. The template folder is not a register (it is the one users copy).

A path that exists always wins over a bundled name, so a folder of your own called
``kz-industry`` in the working directory is read, not the bundled one.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from kzgeo._paths import registers_dir
from kzgeo.errors import InputError, input_error

TEMPLATE = "template"


def bundled_registers() -> tuple[str, ...]:
    """Return the names of the registers kzgeo ships, sorted.

    Returns
    -------
    tuple of str
        Folder names under ``data/registers/`` that hold a ``register.yaml`` (the template
        excluded). Each one can be given wherever a register path is taken.

    Examples
    --------
    >>> from kzgeo.register import bundled_registers
    >>> {"kz-industry", "kz-pharma-2026"} <= set(bundled_registers())
    True
    """
    root = registers_dir()
    return tuple(
        sorted(
            p.name for p in root.iterdir() if p.name != TEMPLATE and (p / "register.yaml").is_file()
        )
    )


def bundled_register_path(name: str) -> Path:
    """Return the folder of the bundled register called ``name``.

    Parameters
    ----------
    name
        One of :func:`bundled_registers`.

    Returns
    -------
    pathlib.Path
        The register's folder (``register.yaml``, ``projects.csv``, ``sites.csv``, README).

    Raises
    ------
    kzgeo.errors.InputError
        When no bundled register has that name; the message lists the ones there are.

    Examples
    --------
    >>> from kzgeo.register import bundled_register_path
    >>> (bundled_register_path("kz-industry") / "register.yaml").is_file()
    True
    """
    names = bundled_registers()
    if name not in names:
        raise _unknown(name, names)
    return registers_dir() / name


def resolve_register(path: str | Path) -> Path:
    """Return the path to read for ``path``: itself if it exists, else a bundled register.

    A bare name (no folder separator, no file suffix) that is neither an existing path nor a
    bundled register is an error listing the bundled names; anything else that does not
    exist is returned as given, for the loader to report as not found.

    Parameters
    ----------
    path : str or pathlib.Path
        A register folder, ``register.yaml`` or table, or the name of a bundled register.

    Returns
    -------
    pathlib.Path
        ``path`` itself if it exists (or is not a bare name), else the bundled register's
        folder.

    Raises
    ------
    InputError
        If ``path`` is a bare name that is neither an existing path nor a bundled register.

    Examples
    --------
    >>> from kzgeo.register.bundled import resolve_register
    >>> resolve_register("kz-industry").name
    'kz-industry'
    """
    target = Path(path)
    if target.exists() or target.is_symlink():
        return target
    text = str(path)
    if text in bundled_registers():
        return registers_dir() / text
    if is_bare_name(text):
        raise _unknown(text, bundled_registers())
    return target


def is_bare_name(text: str) -> bool:
    """Tell whether ``text`` reads as a register name rather than a path (``kz-industry``).

    Parameters
    ----------
    text : str
        What the user gave as a register.

    Returns
    -------
    bool
        True if ``text`` is not empty, has no folder separator and no file suffix.

    Examples
    --------
    >>> is_bare_name("kz-industry"), is_bare_name("data/projects.csv")
    (True, False)
    """
    return bool(text) and not any(c in text for c in "/\\") and not Path(text).suffix


def _unknown(name: str, names: tuple[str, ...]) -> InputError:
    close = difflib.get_close_matches(name, names, n=1)
    guess = f"did you mean {close[0]!r}? " if close else ""
    return input_error(
        f"{name!r} is neither a file or folder nor a bundled register "
        f"(bundled: {', '.join(names)})",
        file=name,
        hint=f"{guess}give a register folder, register.yaml or table, or one of: "
        + ", ".join(names),
    )
