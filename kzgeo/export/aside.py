"""Draw one output in a forked child process while this one writes the others.

``map.png`` is the slowest output of a build (importing matplotlib and drawing take about a
second) and needs nothing the other outputs produce, so on Linux it is drawn in a child made
with ``fork`` while the parent writes the GeoPackage, the tables and ``map.html``; on a machine
with two cores that second is hidden. The child writes the file and exits; the parent waits
for it before anything reads the file.

Whatever goes wrong in the child (an error, a crash, a signal, no answer within
:data:`TIMEOUT_S`) the parent draws the file itself, as it would without the child: the
output and any error message are the same either way. Other platforms, and
library calls unless ``kzgeo.options.draw_aside = True`` (the command line sets it), draw in
the same process. ``fork`` copies the process;
the threads it does not copy are the idle pools of OpenBLAS and Arrow, which reset themselves
in a forked child (``pthread_atfork``), and the child runs nothing but the drawing.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from typing import TYPE_CHECKING

from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.process import BaseProcess
    from pathlib import Path

TIMEOUT_S = 120.0  # a PNG of 1e5 facilities draws in seconds; this only catches a hung child


def _child(draw: Callable[[], object]) -> None:
    try:
        draw()
    except BaseException:  # noqa: BLE001 - any failure: the parent draws it again and reports
        os._exit(1)
    os._exit(0)  # no atexit handlers, no flush of the parent's buffers


class Aside:
    """``draw()``, which writes ``path``, started in a child; :meth:`result` waits for it.

    Parameters
    ----------
    draw : callable
        Called with no arguments; it must write ``path``. Its return value is ignored.
    path : pathlib.Path
        The file ``draw`` writes; its existence after the child exits is how success is told.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> drawing = Aside(lambda: target.write_text("drawn"), target)
    >>> drawing.result().read_text()
    'drawn'
    """

    def __init__(self, draw: Callable[[], object], path: Path) -> None:
        """Start ``draw`` in a forked child where that is possible, else leave it for later."""
        self._draw = draw
        self.path = path
        self._process: BaseProcess | None = None
        if options.draw_aside and sys.platform == "linux":
            self._process = _start(draw)

    def result(self) -> Path:
        """Wait for the child; draw here if there was none or it failed. Return the path.

        Returns
        -------
        pathlib.Path
            ``path``, written either by the child or, failing that, in this process.
        """
        process, self._process = self._process, None
        if process is not None:
            process.join(TIMEOUT_S)
            if process.exitcode == 0 and self.path.is_file():
                return self.path
            _stop(process)
        self._draw()
        return self.path

    def cancel(self) -> None:
        """Stop the child, if any (the work it was started beside has failed)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)


def _start(draw: Callable[[], object]) -> BaseProcess | None:
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_child, args=(draw,), daemon=True)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking with threads; see the module docstring
            warnings.simplefilter("ignore", DeprecationWarning)
            process.start()
    except OSError:
        return None  # no memory or process slots for a child: drawn in this process
    return process


def _stop(process: BaseProcess) -> None:
    if process.is_alive():
        process.kill()
    process.join()
