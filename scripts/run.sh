#!/usr/bin/env bash
# Set up a virtual environment (first time only) and open Référentiel Desktop.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/referentiel-desktop" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e .
fi
"$VENV/bin/python" scripts/i18n.py compile
if [ "$(uname -s)" = "Linux" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  "$VENV/bin/python" scripts/check_qt_libs.py || exit 1
fi
exec "$VENV/bin/referentiel-desktop" "$@"
