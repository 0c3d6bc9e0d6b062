#!/usr/bin/env bash
# Screenshots of the desktop app on a fresh demo vault, into docs/screenshots/ (PNG).
# One private Xvfb display per screen size (1440x900, then 1024x600; 24 bit), each stopped
# again afterwards; on the big one also the README's tour (scripts/screenshots.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
DISPLAY_NO="${SCREENSHOT_DISPLAY:-:99}"
XVFB_PID=""
trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true' EXIT
for SIZE in 1440x900 1024x600; do
    Xvfb "$DISPLAY_NO" -screen 0 "${SIZE}x24" -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 50); do
        [ -e "/tmp/.X11-unix/X${DISPLAY_NO#:}" ] && break
        sleep 0.1
    done
    TOUR=0
    [ "$SIZE" = 1440x900 ] && TOUR=1
    DISPLAY="$DISPLAY_NO" QT_QPA_PLATFORM=xcb SCREENSHOT_TOUR="$TOUR" \
        "$ROOT/.venv/bin/python" "$ROOT/scripts/screenshots.py"
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=""
    for _ in $(seq 50); do
        [ -e "/tmp/.X11-unix/X${DISPLAY_NO#:}" ] || break
        sleep 0.1
    done
done
