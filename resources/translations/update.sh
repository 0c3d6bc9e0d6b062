#!/usr/bin/env bash
# Re-extract the user-visible strings of ui/ into influence_desk_de.ts, then compile
# every .ts here to the .qm the app loads. Needs the project's .venv (PySide6 ships both tools).
# _t/_tr/t(context, text) are our wrappers of QCoreApplication.translate: lupdate must know them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$ROOT/.venv/bin"
cd "$ROOT"
"$BIN/pyside6-lupdate" -no-obsolete -locations relative \
    -tr-function-alias translate+=_t,translate+=_tr,translate+=t \
    ui/*.py -ts "$HERE/influence_desk_de.ts"
for ts in "$HERE"/*.ts; do
    "$BIN/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
