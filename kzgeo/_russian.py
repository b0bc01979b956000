"""The Russian morphological analyser (pymorphy3), loaded once per process on first use.

Both the figure reader (``миллиардов`` -> ``миллиард``) and the place-name reader
(``Глубоковского`` -> ``глубоковский``) use it; loading its dictionaries twice would cost time
and memory for nothing.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymorphy3


@cache
def analyser() -> pymorphy3.MorphAnalyzer:
    """Return the Russian analyser, loaded on first use (once per process).

    Returns
    -------
    pymorphy3.MorphAnalyzer
        The shared analyser with the Russian dictionaries (``pymorphy3-dicts-ru``).

    Examples
    --------
    >>> analyser().parse("миллиардов")[0].normal_form
    'миллиард'
    """
    import pymorphy3  # noqa: PLC0415 - loading the dictionaries costs time: only when needed

    return pymorphy3.MorphAnalyzer(lang="ru")
