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

Importing matplotlib is half of the PNG's second. :func:`prewarm` (the command line calls it
before the build) forks a child at once that imports the drawing modules while this process
builds; the :class:`Aside` made later sends it the drawing (a module-level function and its
arguments, pickled, with the current :data:`kzgeo.options`) instead of forking then. A warm
child that is never given a drawing ends when this process does.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pickle
import sys
import threading
import warnings
from typing import TYPE_CHECKING, Any

from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from pathlib import Path

Task = tuple["Callable[..., object]", tuple[Any, ...]]
"""A drawing a warm child can be sent: a module-level function and its arguments."""

TIMEOUT_S = 120.0  # a PNG of 1e5 facilities draws in seconds; this only catches a hung child


def _child(draw: Callable[[], object]) -> None:
    try:
        draw()
    except BaseException:  # noqa: BLE001 - any failure: the parent draws it again and reports
        os._exit(1)
    os._exit(0)  # no atexit handlers, no flush of the parent's buffers


def _warm_child(tasks: Connection, modules: tuple[str, ...]) -> None:
    try:
        for name in modules:
            importlib.import_module(name)
        # EOFError: the parent ended without a drawing
        function, args, values = pickle.loads(tasks.recv_bytes())  # noqa: S301 - our own parent
        with options.context(**values):
            function(*args)
    except BaseException:  # noqa: BLE001 - as in _child: the parent draws it itself
        os._exit(1)
    os._exit(0)


class _Warm:
    """A child started by :func:`prewarm`: its process and the end of the pipe to send on.

    Parameters
    ----------
    process : multiprocessing.process.BaseProcess
        The child, waiting for its drawing.
    tasks : multiprocessing.connection.Connection
        The end of the pipe the drawing is sent on.
    """

    def __init__(self, process: BaseProcess, tasks: Connection) -> None:
        self.process, self.tasks = process, tasks
        self.writer: threading.Thread | None = None

    def send(self, task: Task) -> BaseProcess | None:
        """Give the child its drawing; None (and the child stopped) if it does not pickle.

        The bytes are written by a thread: the pipe holds 64 KiB and the child reads only
        once its imports are done, which this process must not wait for.

        Parameters
        ----------
        task : tuple
            ``(function, args)``; the current :data:`kzgeo.options` go with it.

        Returns
        -------
        multiprocessing.process.BaseProcess or None
            The child, now drawing; None if ``task`` does not pickle.
        """
        function, args = task
        values = {name: getattr(options, name) for name in dir(options)}
        try:
            payload = pickle.dumps((function, args, values), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - anything that does not pickle: fork instead
            self.discard()
            return None
        self.writer = threading.Thread(target=self._write, args=(payload,), daemon=True)
        self.writer.start()
        return self.process

    def _write(self, payload: bytes) -> None:
        # a child that died cannot be written to: Aside.result() then draws here
        with contextlib.suppress(OSError):
            self.tasks.send_bytes(payload)
        self.tasks.close()

    def discard(self) -> None:
        """Stop the child (it was not needed)."""
        self.tasks.close()
        _stop(self.process)


_warm: _Warm | None = None


def prewarm(*modules: str) -> None:
    """Fork, now, a child that imports ``modules`` and waits for the next :class:`Aside`'s task.

    Only on Linux; a child started earlier and not used yet is stopped first. Only the
    command line calls it (library calls keep to one process unless
    ``kzgeo.options.draw_aside`` is set, and even then fork at the drawing).

    Parameters
    ----------
    *modules : str
        The modules the drawing will import (e.g. ``"kzgeo.mapping.static"``).

    Examples
    --------
    >>> prewarm()  # a child that imports nothing; stopped by the next call, or at exit
    >>> discard_warm()
    """
    global _warm  # noqa: PLW0603 - one warm child per process, taken by the next Aside
    discard_warm()
    if sys.platform != "linux":
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_warm_child, args=(receive, modules), daemon=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # as in _start
            process.start()
    except OSError:
        send.close()
        return
    finally:
        receive.close()  # the child's end: the child holds its own copy
    _warm = _Warm(process, send)


def discard_warm() -> None:
    """Stop the child :func:`prewarm` started, if it has not been given a drawing.

    Examples
    --------
    >>> discard_warm()  # nothing to stop
    """
    warm = _take_warm()
    if warm is not None:
        warm.discard()


def _take_warm() -> _Warm | None:
    global _warm
    warm, _warm = _warm, None
    return warm


class Aside:
    """``draw()``, which writes ``path``, started in a child; :meth:`result` waits for it.

    Parameters
    ----------
    draw : callable
        Called with no arguments; it must write ``path``. Its return value is ignored.
    path : pathlib.Path
        The file ``draw`` writes; its existence after the child exits is how success is told.
    task : tuple, optional
        The same drawing as ``(function, args)`` with a module-level ``function``, for a child
        :func:`prewarm` started (which can only be sent what pickles); None: fork for ``draw``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> drawing = Aside(lambda: target.write_text("drawn"), target)
    >>> drawing.result().read_text()
    'drawn'
    """

    def __init__(self, draw: Callable[[], object], path: Path, task: Task | None = None) -> None:
        """Start ``draw`` in a forked child where that is possible, else leave it for later."""
        self._draw = draw
        self.path = path
        self._process: BaseProcess | None = None
        if options.draw_aside and sys.platform == "linux":
            warm = _take_warm()
            if warm is not None and task is not None:
                self._process = warm.send(task)
            elif warm is not None:
                warm.discard()
            if self._process is None:
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
