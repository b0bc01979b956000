#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine it installs everything the tests need
# (Debian chromium, the npm copies of Leaflet and its plugins, the Python package with its test
# extras), then runs ruff, mypy and the whole test suite. Browser tests FAIL here when Chromium is
# missing (KZGEO_REQUIRE_BROWSER=1); nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
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
