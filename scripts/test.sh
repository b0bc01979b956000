#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine it installs everything the tests need
# (Debian chromium, python3-qgis, gdal-bin, the npm copies of Leaflet and its plugins, the Python
# package with its test extras), then runs ruff, mypy and the whole test suite. Browser and QGIS
# tests FAIL here when Chromium or PyQGIS is missing (KZGEO_REQUIRE_BROWSER=1); nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

# Debian packages, each only if missing: chromium (map tests), PyQGIS for the system python3 and
# GDAL's ogrinfo (tests/test_qgis.py opens kzgeo.gpkg in QGIS 3.22 / GDAL 3.6)
NEED=()
command -v chromium >/dev/null 2>&1 || NEED+=(chromium)
/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || NEED+=(python3-qgis qgis-providers)
command -v ogrinfo >/dev/null 2>&1 || NEED+=(gdal-bin)
if [ ${#NEED[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${NEED[@]}"
fi

if [ -f package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
KZGEO_REQUIRE_BROWSER=1 .venv/bin/python -m pytest "$@"
