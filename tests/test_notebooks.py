"""The notebooks in notebooks/ run top to bottom, offline, and are committed without outputs.

Each notebook is copied into a temporary folder and executed there with ``nbclient`` on the
``python3`` kernel. A first cell, added to the copy only, makes any attempt to reach a host other
than this machine fail, so a notebook that fetches tiles or data fails here. A missing kernel is a
failure, not a skip: ``pip install -e ".[test]"`` installs ``ipykernel``.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_quick_start.ipynb", "02_your_own_register.ipynb", "03_gis_workflows.ipynb")
KERNEL = "python3"
TIME_LIMIT_S = 60  # each notebook is meant to run in well under a minute

# Added to the executed copy only: refuse every connection to, or name lookup of, a host that is
# not this machine. (The kernel's own channels are ZeroMQ sockets, not Python sockets.)
NETWORK_GUARD = """
import socket as _socket

_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")


def _check_host(host):
    if host is not None and not str(host).startswith(_LOCAL):
        raise OSError(f"notebook tried to reach the network: {host!r}")


_connect = _socket.socket.connect
_connect_ex = _socket.socket.connect_ex
_getaddrinfo = _socket.getaddrinfo


def _guarded_connect(self, address):
    if self.family in (_socket.AF_INET, _socket.AF_INET6):
        _check_host(address[0])
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (_socket.AF_INET, _socket.AF_INET6):
        _check_host(address[0])
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    _check_host(host)
    return _getaddrinfo(host, *args, **kwargs)


_socket.socket.connect = _guarded_connect
_socket.socket.connect_ex = _guarded_connect_ex
_socket.getaddrinfo = _guarded_getaddrinfo
"""

# What each notebook must have shown: (output kind, text that must appear in it).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "01_quick_start.ipynb": [
        ("text/html", "kzgeo-region"),  # the folium map, displayed inline
        ("text/html", "Almaty Region"),  # the regions table
        ("text/html", "jobs per 100k inhabitants"),
        ("text/markdown", "# Reconciliation"),
        ("text/markdown", "medicines"),
        ("stream", "figures that do not add up: ['investment_usd', 'medicines']"),
    ],
    "02_your_own_register.ipynb": [
        ("text/html", "is negative"),  # the issues table shows the bad row
        ("text/html", "Taldykorgan"),  # «Талдыкорган» geocoded
        ("text/html", "Konayev"),  # «Қонаев» geocoded
        ("text/html", "Turkistan Region"),
        ("stream", "invalid"),
        ("stream", "1 error(s) in input"),  # errors="raise"
        ("text/markdown", "typo-plant"),  # the reconciliation names the excluded row
        ("text/html", "kzgeo-region"),  # the map
    ],
    "03_gis_workflows.ipynb": [
        ("stream", "regions (GeoPackage): 20 rows"),
        ("stream", "GeoPackage and GeoParquet regions have the same shapes: True"),
        ("stream", "administrative centres found in the gazetteer: 20 of 20"),
        ("stream", "both measures pick the same nearest site for every region: True"),
        ("stream", "regions with a reported 2026 population: 10 of 20"),
        ("stream", "population-weighted mean distance to the nearest plant site:"),
        ("image/png", ""),  # the exported static map
    ],
}


def _kernel_available() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: PLC0415

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(
            f"no Jupyter kernel {KERNEL!r}: install the test extras (pip install -e '.[test]') "
            "or run `python -m ipykernel install --sys-prefix`"
        )


def _outputs(nb: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """Return (cell index, kind, text) for every output of every code cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                found.append((index, "stream", output["text"]))
            elif output["output_type"] == "error":
                found.append((index, "error", "\n".join(output["traceback"])))
            else:
                for mime, data in output.get("data", {}).items():
                    found.append((index, mime, data if isinstance(data, str) else str(data)))
    return found


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name: str, tmp_path: Path) -> None:
    from nbclient import NotebookClient  # noqa: PLC0415 - only this test needs Jupyter

    _kernel_available()
    copy = tmp_path / name
    shutil.copy(NOTEBOOKS / name, copy)
    nb = nbformat.read(copy, as_version=4)
    guard = nbformat.v4.new_code_cell(NETWORK_GUARD, id="test-network-guard")
    nb.cells.insert(0, guard)
    template_before = _digest(ROOT / "data" / "registers" / "template")

    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start

    outputs = _outputs(nb)
    errors = [text for _, kind, text in outputs if kind == "error"]
    assert not errors, f"{name}: a cell raised:\n{errors[0]}"
    warned = [
        (nb.cells[i].source.splitlines()[0], text)
        for i, kind, text in outputs
        if kind == "stream" and "Warning" in text
    ]
    assert not warned, f"{name}: cells printed warnings: {warned}"
    for kind, text in EXPECTED[name]:
        hits = [t for _, k, t in outputs if k == kind and text in t]
        assert hits, f"{name}: no {kind} output containing {text!r}"
    assert elapsed < TIME_LIMIT_S, f"{name} took {elapsed:.1f} s (limit {TIME_LIMIT_S} s)"
    assert _digest(ROOT / "data" / "registers" / "template") == template_before, (
        f"{name} changed data/registers/template"
    )


@pytest.mark.parametrize("name", NAMES)
def test_notebook_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{name} has no code cells"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{name}: cell {index} has outputs; clear them before committing"
        assert cell.execution_count is None, f"{name}: cell {index} has an execution count"


def test_every_notebook_is_tested() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)
