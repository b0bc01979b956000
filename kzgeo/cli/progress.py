"""A progress bar for the command line: tqdm on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from typing import Any


class Steps:
    """Shows which pipeline step runs, as a bar over the steps (only on a TTY).

    Call the object with a step's name when the step starts; pass :meth:`rows` as a row-level
    progress callback. Without a terminal, or without tqdm, every call does nothing.

    Parameters
    ----------
    names
        The steps, in the order they run (the bar's length).
    enabled
        ``False`` (``--quiet``, or ``kzgeo.options.progress = False``) never shows a bar.
    """

    def __init__(self, names: list[str], *, enabled: bool) -> None:
        """Open the bar if ``enabled`` and stderr is a terminal and tqdm is installed."""
        self.names = names
        self._bar: Any = None
        self._rows: Any = None
        if enabled and sys.stderr.isatty():
            try:
                from tqdm import tqdm  # noqa: PLC0415 - optional extra
            except ImportError:
                return
            self._bar = tqdm(total=len(names), unit="step", file=sys.stderr, leave=False)

    def __call__(self, name: str) -> None:
        """Mark the start of step ``name``."""
        if self._bar is not None:
            if self._bar.n < self._bar.total and self._bar.desc:
                self._bar.update(1)
            self._bar.set_description(name)

    def rows(self, done: int, total: int) -> None:
        """Show rows done within the current step (a second bar, for large registers).

        Parameters
        ----------
        done
            Rows finished so far in this step.
        total
            Rows the step has in all; under 5,000 no second bar is shown (it would only
            flicker).
        """
        if self._bar is None or total < 5_000:
            return
        if self._rows is None:
            from tqdm import tqdm  # noqa: PLC0415

            self._rows = tqdm(total=total, unit="row", file=sys.stderr, leave=False, position=1)
        self._rows.update(done - self._rows.n)
        if done >= total:
            self._rows.close()
            self._rows = None

    def close(self) -> None:
        """Finish the bar."""
        if self._bar is not None:
            self._bar.update(self._bar.total - self._bar.n)
            self._bar.close()
