"""Outputs whole or absent: write beside the target, move into place only at the end.

A build writes every file into a temporary folder next to the output folder, then renames them
into place once all of them are written. A build that is killed, crashes or fills the disk
leaves the output folder as it was (a stale temporary folder beside it is removed by the next
build into the same place). On Linux the last step exchanges the two folders in one atomic
step (:mod:`kzgeo.export.swap`): the output folder is always the old set or the new one, whole.
Elsewhere, or when the folder holds a sub-folder or a link, the files are moved one by one, and
only a kill inside that pass, a few milliseconds, can leave new and old files side by side.

Builds into one folder take a lock on it, so two of them cannot interleave (on POSIX systems;
Windows has no directory locks, so there two builds into one folder must not run at once).
Inputs are never written over, even with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pyogrio.errors import DataSourceError

from kzgeo.errors import OutputError
from kzgeo.export.paths import prepare_dir
from kzgeo.export.swap import exchange

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_STAGE_PREFIX = ".kzgeo-stage-"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    if sys.platform == "win32":  # Windows cannot flock a directory; the module says so
        yield
        return
    import fcntl  # noqa: PLC0415 - POSIX only

    fd = os.open(folder, os.O_RDONLY)
    try:
        busy = OutputError(
            f"another kzgeo build is writing into {folder}; wait for it to finish or "
            "choose another output folder"
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        # a build that has just put its outputs in place exchanged the folder for a new one:
        # the lock must be on the folder that is there now
        if os.fstat(fd).st_ino != folder.stat().st_ino:
            raise busy
        yield  # the lock goes with the descriptor, also when the process is killed
    finally:
        os.close(fd)


def _refuse_inputs(folder: Path, names: Iterable[str], inputs: Iterable[str | Path]) -> None:
    protected = {Path(p).resolve() for p in inputs if p}
    for name in names:
        target = (folder / name).resolve()
        if target in protected:
            raise OutputError(
                f"{target} is an input of this build; kzgeo never writes over its inputs, "
                "even with --force: choose another output folder"
            )


def _stage_prefix(folder: Path) -> str:
    return f"{_STAGE_PREFIX}{folder.name}-"


def _clear_stale(folder: Path) -> None:
    """Remove temporary folders that killed builds into ``folder`` left beside it."""
    for stale in folder.parent.glob(_stage_prefix(folder) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def staged_output(
    out: str | Path,
    names: list[str],
    *,
    force: bool,
    inputs: Iterable[str | Path] = (),
    plain_names: bool = True,
) -> Iterator[Path]:
    """Give a temporary folder to write ``names`` into; move them to ``out`` if all went well.

    Parameters
    ----------
    out
        The output folder (created if needed).
    names
        The files the block will write (checked before anything is written).
    force
        Replace files of these names that are already in ``out``.
    inputs
        Files this build reads: never written over, even with ``force``.
    plain_names
        Check that the names are plain file names (names built from register text); False
        for a name the user typed on the command line.

    Yields
    ------
    pathlib.Path
        The temporary folder; write the files there under their final names.

    Raises
    ------
    kzgeo.errors.OutputError
        If a target exists (without ``force``), is an input or a folder, another build holds
        the folder, or the disk fails while writing (then nothing in ``out`` has changed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with staged_output(out, ["a.txt"], force=False) as stage:
    ...     _ = (stage / "a.txt").write_text("whole")
    >>> (out / "a.txt").read_text()
    'whole'
    """
    folder = prepare_dir(out, names, force=force, plain_names=plain_names)
    with _locked(folder):
        prepare_dir(folder, names, force=force, plain_names=plain_names)  # again, under the lock
        _refuse_inputs(folder, names, inputs)
        _clear_stale(folder)
        try:
            stage = Path(tempfile.mkdtemp(prefix=_stage_prefix(folder), dir=folder.parent))
        except OSError as exc:
            raise OutputError(
                f"cannot create a temporary folder beside {folder} ({exc.strerror}); "
                "choose an output folder whose parent is writable"
            ) from None
        try:
            try:
                yield stage
            except (OSError, DataSourceError) as exc:  # GDAL reports a full disk as the latter
                reason = getattr(exc, "strerror", None) or exc
                raise OutputError(
                    f"writing the outputs failed ({reason}); nothing in {folder} was changed. "
                    "Free some disk space, or choose another output folder"
                ) from None
            if not exchange(stage, folder, names):
                for name in names:
                    if (stage / name).exists():
                        (stage / name).replace(folder / name)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
