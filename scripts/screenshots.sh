#!/usr/bin/env bash
# Screenshots of the desktop app on a fresh demo vault, into docs/screenshots/ (PNG).
# Starts a private Xvfb display (1400x900, 24 bit) and stops it again afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
DISPLAY_NO="${SCREENSHOT_DISPLAY:-:99}"
Xvfb "$DISPLAY_NO" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X${DISPLAY_NO#:}" ] && break
    sleep 0.1
done
DISPLAY="$DISPLAY_NO" QT_QPA_PLATFORM=xcb "$ROOT/.venv/bin/python" "$ROOT/scripts/screenshots.py"
