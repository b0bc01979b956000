"""The Leaflet stack a kzgeo map loads, and how to serve or inline it without internet.

A saved map refers to its JavaScript and CSS by CDN address (as folium does). Each address maps
to a file in an npm ``node_modules`` folder holding the same package at the same version
(``package.json`` at the top of the kzgeo repository pins them; ``npm ci`` installs them):

- :func:`local_file` answers "which local file is this CDN address?" (a browser session can
  route every request through it and never touch the network);
- :func:`inline_assets` rewrites a saved HTML map so that every script and stylesheet is
  embedded (CSS ``url()`` images and fonts become ``data:`` URIs), and the map opens with no
  internet at all. Only the tile background needs the network.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
from pathlib import Path
from typing import Final

from kzgeo.errors import KzgeoError
from kzgeo.settings import options

# cdnjs addresses: library name -> (npm package, folder inside it, {cdn file: npm file})
_CDNJS: Final = {
    "leaflet-minimap": (
        "leaflet-minimap",
        "dist",
        {
            "Control.MiniMap.js": "Control.MiniMap.min.js",
            "Control.MiniMap.css": "Control.MiniMap.min.css",
        },
    ),
    "leaflet.markercluster": ("leaflet.markercluster", "dist", {}),
}
REQUIRED_PACKAGES: Final = {
    "leaflet": "1.9.3",
    "leaflet.fullscreen": "3.0.0",
    "leaflet-minimap": "3.6.1",
    "leaflet.markercluster": "1.1.0",
}
_SCRIPT = re.compile(r'<script\s+src="(https://[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(https://[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((['\"]?)([^'\")]+)\1\)")


class AssetError(KzgeoError):
    """The local Leaflet assets are missing or at the wrong version."""


def find_assets_dir(assets_dir: str | Path | None = None) -> Path:
    """Return the ``node_modules`` folder with the Leaflet stack.

    Looks at, in order: the argument, ``kzgeo.options.assets_dir``, ``$KZGEO_ASSETS``,
    ``./node_modules`` and the ``node_modules`` beside a kzgeo source checkout, and takes the
    first that holds Leaflet.

    Parameters
    ----------
    assets_dir
        A ``node_modules`` folder to use first; ``None`` looks only at the other places.

    Returns
    -------
    pathlib.Path
        The folder, with every package of :data:`REQUIRED_PACKAGES` at its version.

    Raises
    ------
    AssetError
        When none holds Leaflet, with the command that installs the packages, or when the
        first that does holds a package at another version (see :func:`check_versions`).
    """
    candidates = [
        assets_dir,
        options.assets_dir,
        os.environ.get("KZGEO_ASSETS"),
        Path.cwd() / "node_modules",
        Path(__file__).resolve().parents[2] / "node_modules",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "leaflet" / "package.json").is_file():
            folder = Path(candidate)
            check_versions(folder)
            return folder
    packages = " ".join(f"{k}@{v}" for k, v in REQUIRED_PACKAGES.items())
    raise AssetError(
        "no local copy of Leaflet found for an offline map. In a kzgeo checkout run `npm ci`; "
        f"elsewhere run `npm install {packages}` in a folder and pass its node_modules as "
        "assets_dir (CLI: --assets DIR) or set KZGEO_ASSETS."
    )


def check_versions(folder: Path) -> None:
    """Raise :class:`AssetError` unless every required package is present at its version.

    Parameters
    ----------
    folder
        A ``node_modules`` folder.

    Raises
    ------
    AssetError
        Naming the first package of :data:`REQUIRED_PACKAGES` that is missing or at another
        version than the map's pages load.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> check_versions(pathlib.Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    ...
    kzgeo.mapping.assets.AssetError: leaflet is missing from ...: run `npm ci` in kzgeo
    """
    for package, version in REQUIRED_PACKAGES.items():
        meta = folder / package / "package.json"
        if not meta.is_file():
            raise AssetError(f"{package} is missing from {folder}: run `npm ci` in kzgeo")
        found = json.loads(meta.read_text(encoding="utf-8")).get("version")
        if found != version:
            raise AssetError(f"{package} is {found} in {folder}, the map needs {version}")


def local_file(url: str, assets_dir: Path) -> Path | None:
    """Return the local copy of a CDN address, or None if kzgeo does not know the address.

    Parameters
    ----------
    url
        A jsDelivr (``cdn.jsdelivr.net/npm/...``) or cdnjs address as a saved map refers to
        it; a query string or fragment is ignored.
    assets_dir
        The ``node_modules`` folder the copies are in.

    Returns
    -------
    pathlib.Path or None
        Where the file is (or would be) in ``assets_dir``; ``None`` for any other address.

    Examples
    --------
    >>> from pathlib import Path
    >>> local_file("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", Path("nm"))
    PosixPath('nm/leaflet/dist/leaflet.js')
    """
    clean = url.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
    match = re.match(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/(.+)", clean)
    if match:
        package, _, path = match.groups()
        target = assets_dir / package / path
        if not target.exists() and target.name.endswith(".min.js"):
            # jsDelivr minifies on the fly; npm ships the plain file
            target = target.with_name(target.name.replace(".min.js", ".js"))
        return target
    match = re.match(r"https://cdnjs\.cloudflare\.com/ajax/libs/([^/]+)/([^/]+)/(.+)", clean)
    if match and match.group(1) in _CDNJS:
        package, folder, renames = _CDNJS[match.group(1)]
        name = renames.get(match.group(3), match.group(3))
        return assets_dir / package / folder / name
    return None


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _inline_css(css: str, base: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        target = (base / ref.split("?")[0].split("#")[0]).resolve()
        return f"url({_data_uri(target)})" if target.is_file() else match.group(0)

    return _CSS_URL.sub(replace, css)


def inline_assets(html: str, *, assets_dir: str | Path | None = None) -> str:
    """Embed every CDN script and stylesheet of a saved map, for use without internet.

    Parameters
    ----------
    html
        The HTML of a saved map (``folium.Map.get_root().render()``).
    assets_dir
        The ``node_modules`` folder (see :func:`find_assets_dir`).

    Returns
    -------
    str
        The same page with ``<script src=...>`` and ``<link rel="stylesheet">`` tags replaced by
        their content; images and fonts the CSS refers to are ``data:`` URIs.

    Raises
    ------
    AssetError
        If an address has no local copy (the message names it).
    """
    folder = find_assets_dir(assets_dir)

    def script(match: re.Match[str]) -> str:
        path = _require(match.group(1), folder)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>/* {match.group(1)} (inlined by kzgeo) */\n{code}\n</script>"

    def style(match: re.Match[str]) -> str:
        path = _require(match.group(1), folder)
        css = _inline_css(path.read_text(encoding="utf-8"), path.parent)
        return f"<style>/* {match.group(1)} (inlined by kzgeo) */\n{css}\n</style>"

    return _LINK.sub(style, _SCRIPT.sub(script, html))


def _require(url: str, folder: Path) -> Path:
    path = local_file(url, folder)
    if path is None or not path.is_file():
        raise AssetError(f"no local copy of {url} in {folder}")
    return path
