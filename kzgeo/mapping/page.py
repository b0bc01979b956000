"""The map page, assembled so that no input text is ever template source.

branca renders each element's macro and then renders the output *again* as a Jinja template
(``MacroElement.render`` wraps it in ``Element(...)``). Anything placed in a template's output,
even escaped JSON, is therefore template source: ``{{ 7*7 }}`` in a company name would be
evaluated, and with it any Python a template can reach. So kzgeo's elements put no data in their
templates at all. Each element keeps its data as :attr:`DataElement.island` (JSON), its template
only reads ``kzgeo.data("<element name>")``, and :class:`KzFigure` inserts the islands as
``<script type="application/json">`` blocks into the page after the templates are rendered.
The helper scripts and style sheet (``web/kzgeo.js``, ``web/filters.js``, ``web/kzgeo.css``) go
in the same way.
"""

from __future__ import annotations

import html
import json
import math
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from branca.element import Element, Figure

if TYPE_CHECKING:
    from collections.abc import Iterator

# characters that could end a script block or open markup, written as JSON escapes instead
_ISLAND_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def island_json(value: Any) -> str:
    r"""Return ``value`` as JSON that can stand inside ``<script type="application/json">``.

    Non-finite floats become ``null``; ``<``, ``>``, ``&`` and the two Unicode line separators
    are written as ``\uXXXX`` escapes, so no string can close the block or start markup, and
    ``JSON.parse`` gives the text back unchanged.

    Parameters
    ----------
    value
        Anything :func:`json.dumps` accepts.

    Returns
    -------
    str
        Compact JSON.

    Examples
    --------
    >>> island_json({"name": "</script>{{7*7}}"})
    '{"name":"\\u003c/script\\u003e{{7*7}}"}'
    """
    text = json.dumps(_clean(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_ISLAND_ESCAPES)


@cache
def _web_file(name: str) -> str:
    return files("kzgeo.mapping").joinpath("web", name).read_text(encoding="utf-8")


class DataElement:
    """Mixin: an element whose data travels in a JSON island named after the element."""

    island: str = "null"

    def set_data(self, value: Any) -> None:
        """Keep ``value`` as the element's island (read in the page with ``kzgeo.data``).

        Parameters
        ----------
        value
            Anything :func:`json.dumps` accepts; it is serialised now (:func:`island_json`)
            and inserted into the page when the page renders.
        """
        self.island = island_json(value)


def _islands(element: Element) -> Iterator[tuple[str, str]]:
    for child in element._children.values():  # noqa: SLF001 - branca's element tree
        if isinstance(child, DataElement):
            yield child.get_name(), child.island
        yield from _islands(child)


class KzFigure(Figure):
    """The page of a kzgeo map: branca's figure plus kzgeo's head, islands and title.

    ``render`` (used by ``save``, ``_repr_html_`` in notebooks and
    :func:`kzgeo.mapping.render_html`) renders the templates first and inserts the data after,
    so nothing inserted is ever read by Jinja.

    Parameters
    ----------
    page_title
        The page's ``<title>`` (HTML-escaped); ``""`` (default) writes none.
    """

    def __init__(self, *, page_title: str = "") -> None:
        """Create the page; ``page_title`` becomes the escaped ``<title>``."""
        super().__init__()
        self.page_title = page_title

    def render(self, **kwargs: Any) -> str:
        """Return the page's HTML, with kzgeo's data inserted after the template render.

        Parameters
        ----------
        **kwargs
            Passed to branca's ``Figure.render``.

        Returns
        -------
        str
            The whole HTML page: branca's render with the title, kzgeo's CSS and scripts and
            one ``<script type="application/json">`` island per data element added to its
            ``<head>``.
        """
        page: str = super().render(**kwargs)
        head = [
            f"<title>{html.escape(self.page_title)}</title>" if self.page_title else "",
            f"<style>{_web_file('kzgeo.css')}</style>",
            f"<script>{_web_file('kzgeo.js')}</script>",
            f"<script>{_web_file('filters.js')}</script>",
        ]
        head += [
            f'<script type="application/json" id="{name}">{data}</script>'
            for name, data in _islands(self)
        ]
        # the rendered page holds only kzgeo's and folium's own markup: its first </head> is
        # the page's
        return page.replace("</head>", "\n".join(head) + "\n</head>", 1)
