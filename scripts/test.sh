#!/usr/bin/env bash
# Set up a virtual environment and run every check CI runs: lint, types, catalogs, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q -e '.[test]'
"$VENV/bin/python" scripts/i18n.py check
"$VENV/bin/python" scripts/i18n.py compile
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
