"""Objects kzgeo prepares from its bundled data, kept on disk between runs.

Building the gazetteer from the bundled layers is a large share of a build's start (name keys
for every alternate name, Russian forms of the zone names, checks of every point against its
region) and gives the same object on every run of the same installed kzgeo. :func:`prepared`
builds such an object once, pickles it into the user's cache folder and loads it afterwards.

The file name carries a SHA-256 over everything the object depends on: the bytes of the input
files, the bytes of every ``.py`` file of the installed kzgeo package (the code that builds it),
and the versions of Python and of the libraries in ``DEPENDS_ON`` (the
pickle format, the ISO codes and Russian word forms the build relies on). Change any of them and the
name changes, so a stale entry is never read; the bundled files' own checks therefore run
whenever an input changed, and user-supplied boundaries never go through this cache. An entry
that cannot be read is rebuilt; a cache folder that cannot be written only costs the rebuild.
The cache holds files written by this user's own kzgeo, in the user's own cache folder, so
loading them trusts nothing the user did not already run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = 1  # bump when the layout of the cache changes
# pickles hold numpy/pandas/shapely objects; pycountry and pymorphy3 decide what the build
# checks and derives (ISO codes, Russian word forms)
DEPENDS_ON = (
    "numpy",
    "pandas",
    "shapely",
    "pyproj",
    "pycountry",
    "pymorphy3",
    "pymorphy3-dicts-ru",
)


def cache_folder() -> Path:
    """Return the folder prepared objects go to: ``<cache_dir>/prepared``.

    ``kzgeo.options.cache_dir`` if set, else ``$KZGEO_CACHE_DIR``, ``$XDG_CACHE_HOME/kzgeo``
    or ``~/.cache/kzgeo``.

    Returns
    -------
    pathlib.Path
        The folder; it is not created here.

    Examples
    --------
    >>> import kzgeo
    >>> from kzgeo.datasets.prepared import cache_folder
    >>> with kzgeo.options.context(cache_dir="/tmp/kz"):
    ...     str(cache_folder())
    '/tmp/kz/prepared'
    """
    if options.cache_dir is not None:
        return Path(options.cache_dir) / "prepared"
    if os.environ.get("KZGEO_CACHE_DIR"):
        return Path(os.environ["KZGEO_CACHE_DIR"]) / "prepared"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kzgeo" / "prepared"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash kzgeo's own source once per process (the code that builds every entry)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _versions() -> str:
    """Return the versions of the libraries that change a pickle or what the checks decide."""
    found = []
    for dist in DEPENDS_ON:
        try:
            found.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            found.append(f"{dist} missing")
    return ";".join(found)


def cache_key(name: str, inputs: Iterable[Path], extra: str = "") -> str:
    """Return the hex SHA-256 that names ``name``'s entry for these input files.

    The key also covers the cache format, the Python version, the versions of
    :data:`DEPENDS_ON` and kzgeo's own source, so any of them changing makes a new entry.

    Parameters
    ----------
    name : str
        What is cached, e.g. ``"gazetteer"``.
    inputs : iterable of pathlib.Path
        Every file the object is built from; their names and contents are hashed (order
        does not matter).
    extra : str, default ""
        Anything else the object depends on, as text.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from kzgeo._paths import curated_dir
    >>> from kzgeo.datasets.prepared import cache_key
    >>> len(cache_key("demo", [curated_dir() / "aliases.csv"]))
    64
    """
    digest = hashlib.sha256()
    for part in (name, extra, str(FORMAT), sys.version, _versions(), _code_digest()):
        digest.update(part.encode() + b"\0")
    for path in sorted(Path(p) for p in inputs):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepared(
    name: str,
    build: Callable[[], T],
    *,
    inputs: Iterable[Path],
    extra: str = "",
    group: str | None = None,
    keep: int = 1,
) -> T:
    """Return ``build()``, from the disk cache when the same inputs and code built it before.

    Parameters
    ----------
    name
        What is cached (part of the file name), e.g. ``"gazetteer"``.
    build
        Builds the object from ``inputs`` (must be deterministic and picklable).
    inputs
        Every file ``build`` reads.
    extra
        Anything else the object depends on, as text (e.g. a hash of the geometries it is
        built from when they come from memory rather than a file).
    group, keep
        Entries whose name starts with ``group`` (default: ``name`` itself) beyond the
        ``keep`` most recently written are removed when a new one is written: the cache
        holds the current version of each object, and a few of the layers a user joins to.

    Returns
    -------
    object
        What ``build`` returns (or a copy of it loaded from the cache).

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> from kzgeo._paths import curated_dir
    >>> from kzgeo.datasets.prepared import prepared
    >>> files = [curated_dir() / "aliases.csv"]
    >>> with kzgeo.options.context(cache_dir=tempfile.mkdtemp()):
    ...     first = prepared("demo", lambda: {"rows": 3}, inputs=files)
    ...     again = prepared("demo", lambda: {"rows": -1}, inputs=files)
    >>> first == again == {"rows": 3}
    True
    """
    if not options.prepared_cache:
        return build()
    inputs = list(inputs)
    path = cache_folder() / f"{name}-{cache_key(name, inputs, extra)[:32]}.pickle"
    loaded = _load(path)
    if loaded is not None:
        return cast("T", loaded)
    value = build()
    _store(path, value)
    _prune(path.parent, group or name, keep)
    return value


def _load(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            value: object = pickle.load(handle)  # noqa: S301 - this user's own kzgeo wrote it
            return value
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # a truncated or foreign entry: rebuilt and overwritten


def _prune(folder: Path, group: str, keep: int) -> None:
    """Remove the entries of ``group`` but the ``keep`` newest."""
    key_length = 32  # the hex digits of the key that end every entry's name
    entries = [
        p
        for p in folder.glob(f"{group}-*.pickle")
        # the same shape: a name that begins another one ("sez", "sez-x") keeps its entries
        if len(p.stem) == len(group) + 1 + key_length or group.startswith("join-")
    ]
    try:
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # removed by another process meanwhile, or a read-only folder


def _store(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written beside the entry, then renamed: a reader never sees half a file
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    except OSError:
        return  # a read-only cache folder costs a rebuild next time, nothing else
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        return
    finally:
        tmp.unlink(missing_ok=True)
