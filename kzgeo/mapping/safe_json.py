"""JSON that is safe to place inside an HTML ``<script>`` block.

Register text reaches the map as data, never as markup: it is serialised here, and the page's
JavaScript puts it on screen with ``textContent``. What remains to guard is the script block
itself: ``</script>`` or ``<!--`` inside a string would end or confuse it, and U+2028/U+2029 are
line breaks to older JavaScript parsers, so all four are escaped.
"""

from __future__ import annotations

import json
import math
from typing import Any


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def script_json(value: Any) -> str:
    r"""Return ``value`` as JSON that cannot break out of a ``<script>`` element.

    Examples
    --------
    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "<\\/script><script>alert(1)<\\/script>"}'
    """
    return _guard(json.dumps(_clean(value), ensure_ascii=False, allow_nan=False))


def compact_json(value: Any) -> str:
    """Like :func:`script_json` without spaces (for large data)."""
    text = json.dumps(_clean(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _guard(text)


def _guard(text: str) -> str:
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
