"""Where outputs go: inside the output folder only, never over a file without ``force``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kzgeo.errors import OutputError

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def safe_name(name: str) -> str:
    """Return ``name`` if it is a plain file name, else raise.

    Names built from register text (ids, titles) must not carry folders, ``..``, or hidden or
    strange characters: a register cannot write outside the output folder.

    Parameters
    ----------
    name
        A file name built from register text.

    Returns
    -------
    str
        ``name`` itself, when it is 1-121 letters, digits, ``.``, ``_`` or ``-`` and starts
        with a letter or digit.

    Raises
    ------
    kzgeo.errors.OutputError
        Otherwise, naming it.

    Examples
    --------
    >>> safe_name("regions.csv")
    'regions.csv'
    >>> safe_name("../../etc/passwd")
    Traceback (most recent call last):
    ...
    kzgeo.errors.OutputError: '../../etc/passwd' is not a plain file name ...
    """
    if not _SAFE.match(name) or name in (".", ".."):
        raise OutputError(f"{name!r} is not a plain file name (letters, digits, . _ - only)")
    return name


def prepare_dir(
    out: str | Path, names: list[str], *, force: bool, plain_names: bool = True
) -> Path:
    """Create the output folder and check every target can be written.

    Parameters
    ----------
    out
        The output folder.
    names
        The file names to be written there.
    force
        Allow replacing existing files of these names.
    plain_names
        Require plain names (:func:`safe_name`): names built from register text. A name the
        user typed (``kzgeo geocode -o 'my sites.csv'``) only has to stay in the folder.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    kzgeo.errors.OutputError
        If the folder cannot be created or written, a target is a folder, or a target exists
        and ``force`` is False.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> prepare_dir(out, ["sites.csv"], force=False) == out
    True
    >>> _ = (out / "sites.csv").write_text("site_id")
    >>> prepare_dir(out, ["sites.csv"], force=False)
    Traceback (most recent call last):
    ...
    kzgeo.errors.OutputError: ... already holds sites.csv; refusing to overwrite ...
    """
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"the output folder {folder} is not writable; choose another with --out")
    targets = [folder / (safe_name(n) if plain_names else n) for n in names]
    for target in targets:
        if target.resolve().parent != folder.resolve():
            raise OutputError(f"{target} would be written outside {folder}")
        if target.is_dir():
            raise OutputError(f"{target} is a folder; move it away or choose another output")
    existing = [t.name for t in targets if t.exists()]
    if existing and not force:
        raise OutputError(
            f"{folder} already holds {', '.join(existing)}; refusing to overwrite "
            "(use --force, or force=True, or another --out folder)"
        )
    return folder
