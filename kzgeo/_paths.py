"""Where kzgeo's bundled data lives, in a wheel and in a source checkout."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Literal

DataFolder = Literal["geo", "curated", "registers"]
"""The folders of kzgeo's bundled data (see :func:`data_dir`)."""

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


def data_dir(name: DataFolder) -> Path:
    """Return one folder of :func:`data_root`.

    Parameters
    ----------
    name : {"geo", "curated", "registers"}
        ``geo``: the built layers (regions, SEZs, places, ...); ``curated``: the hand-kept fact
        tables the layers are built from; ``registers``: the bundled project registers and the
        template, one folder a register.

    Returns
    -------
    pathlib.Path
        ``name`` below :func:`data_root`.

    Examples
    --------
    >>> (data_dir("geo") / "regions.geojson").is_file()
    True
    >>> (data_dir("curated") / "aliases.csv").is_file()
    True
    >>> (data_dir("registers") / "template").is_dir()
    True
    """
    return data_root() / name


# one name a folder, so that a caller (or a test patching it) names the folder it reads
geo_dir = partial(data_dir, "geo")
curated_dir = partial(data_dir, "curated")
registers_dir = partial(data_dir, "registers")
