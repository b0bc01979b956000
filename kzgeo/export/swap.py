"""Put a whole folder of new outputs in place in one step: an atomic exchange of two folders.

On Linux, ``renameat2(RENAME_EXCHANGE)`` swaps two directories atomically: at every instant the
output folder's path names either the old folder or the new one, whole. The new folder is
filled first with the new outputs and with hard links to every other file of the old one (a
user's own notes beside the outputs stay), and given the old folder's permissions.

Where that is not possible (another system, a C library without ``renameat2``, a file system
that refuses the exchange or hard links, a sub-folder or a link in the output folder) the
caller falls back to moving the files one by one, whose few milliseconds a kill can split.
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28
    except (AttributeError, OSError):
        return None


def _fill(stage: Path, folder: Path, names: Iterable[str]) -> bool:
    """Hard-link the old folder's other files into ``stage``; False if that cannot be done."""
    ours = set(names)
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name in ours and not (stage / entry.name).exists():
                ours.discard(entry.name)  # an old output this build does not write again: kept
            if entry.name in ours:
                continue
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                return False  # a sub-folder or a link: not ours to move
            try:
                os.link(entry.path, stage / entry.name, follow_symlinks=False)
            except OSError:
                return False
    return True


def exchange(stage: Path, folder: Path, names: Iterable[str]) -> bool:
    """Swap ``stage`` (holding the new ``names``) with ``folder``; return False if not done.

    Parameters
    ----------
    stage
        A folder beside ``folder`` (same file system) with every new output written.
    folder
        The output folder; after the exchange its old content is at ``stage``.
    names
        The output files the build wrote into ``stage``.

    Returns
    -------
    bool
        True when the folders were exchanged; False when nothing was changed and the caller
        must move the files one by one.
    """
    call = _renameat2()
    if call is None or folder.is_symlink() or not folder.is_dir():
        return False
    if not _fill(stage, folder, names):
        return False
    stage.chmod(stat.S_IMODE(folder.stat().st_mode))  # mkdtemp made it 0700
    result = call(_AT_FDCWD, os.fsencode(stage), _AT_FDCWD, os.fsencode(folder), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM):
        return False  # a file system or kernel without the exchange
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(folder))
