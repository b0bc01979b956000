"""Where kzgeo's bundled data lives, in a wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_root() -> Path:
    """Return the folder that holds ``geo/``, ``curated/`` and ``registers/``.

    A wheel carries the data inside the package (``kzgeo/_data``); a source checkout or an
    editable install reads the repository's top-level ``data/`` folder directly.

    Returns
    -------
    pathlib.Path
        The first of ``kzgeo/_data`` and ``<checkout>/data`` that holds a ``geo`` folder.

    Raises
    ------
    FileNotFoundError
        If neither does (a broken install); the message says how to repair it.

    Examples
    --------
    >>> (data_root() / "geo").is_dir()
    True
    """
    for candidate in (_PKG / "_data", _PKG.parent / "data"):
        if (candidate / "geo").is_dir():
            return candidate
    msg = (
        "kzgeo's bundled data folder was not found next to the package "
        f"(looked in {_PKG / '_data'} and {_PKG.parent / 'data'}). "
        "Reinstall kzgeo, or run scripts/build_data.py in a source checkout."
    )
    raise FileNotFoundError(msg)


def geo_dir() -> Path:
    """Return ``data/geo``: the built layers (regions, SEZs, places, ...).

    Returns
    -------
    pathlib.Path
        ``geo`` below :func:`data_root`.

    Examples
    --------
    >>> (geo_dir() / "regions.geojson").is_file()
    True
    """
    return data_root() / "geo"


def curated_dir() -> Path:
    """Return ``data/curated``: the hand-kept fact tables the layers are built from.

    Returns
    -------
    pathlib.Path
        ``curated`` below :func:`data_root`.

    Examples
    --------
    >>> (curated_dir() / "aliases.csv").is_file()
    True
    """
    return data_root() / "curated"


def registers_dir() -> Path:
    """Return ``data/registers``: the bundled project registers and the template.

    Returns
    -------
    pathlib.Path
        ``registers`` below :func:`data_root`, one folder a register.

    Examples
    --------
    >>> (registers_dir() / "template").is_dir()
    True
    """
    return data_root() / "registers"
