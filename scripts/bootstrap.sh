#!/usr/bin/env bash
# Sourced by scripts/app and scripts/test: makes sure the system libraries Qt needs, the
# tools the tests run (poppler, tesseract, syncthing, Xvfb), a virtual environment in .venv
# and the project's packages are present. Idempotent and quiet when nothing is missing: one
# dpkg-query per package, apt-get only for what is missing, pip only when pyproject.toml or
# setup.py changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Debian/Ubuntu packages that PySide6 needs at run time (offscreen and xcb).
QT_DEBS=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
         libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libpulse0
         libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 fonts-dejavu-core
         dbus-daemon)  # dbus-daemon: the tests' private bus standing in for logind

# The tools the project runs besides the app's libraries.
TOOL_DEBS=(poppler-utils      # pdftotext: one of the export leak gate's two PDF text extractors
           tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-pol  # OCR: en, de, pl
           syncthing          # vault folders synced between team members
           xvfb)              # scripts/screenshots.sh: the real app on a private X display

pick_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    echo "Influence Desk needs Python 3.11 or newer." >&2
    return 1
}

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Missing system packages ($*) and no apt-get here; install them by hand." >&2
        return 0
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: $*" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_venv() {
    local py
    py="$(pick_python)"
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$py" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            local ver
            ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            apt_install "python${ver}-venv" || apt_install python3-venv
            "$py" -m venv "$VENV"
        fi
    fi
    # Reinstall only when the build configuration changed since the last install.
    local stamp="$VENV/.installed-pyproject"
    if ! cat "$ROOT/pyproject.toml" "$ROOT/setup.py" | cmp -s - "$stamp"; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e "$ROOT[test]"
        cat "$ROOT/pyproject.toml" "$ROOT/setup.py" >"$stamp"
    fi
}

ensure_debs "${QT_DEBS[@]}" "${TOOL_DEBS[@]}"
ensure_venv
