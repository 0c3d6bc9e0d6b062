"""Nothing of a vault's content is left in the home folder, the temp folder or the XDG folders
after a desktop session: not in the app's settings, the recent list, caches or temp files.

tests/ui/marker_session.py runs a whole session (pytest-qt, offscreen) in a fresh process
whose HOME, TMPDIR and every XDG_* folder are empty folders made here — so whatever the app,
Qt, fontconfig or Python write goes there and nowhere else. Then every file under them is
read as bytes and searched for the markers in UTF-8, UTF-16 (both byte orders) and UTF-32;
PDFs are also read with pdftotext, since their text is compressed. Left out: the vault folder
(encrypted) and the one export the session asked for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from marker_session import (
    EXPORT_ENV,
    NAME_MARKER,
    NAME_PART,
    NOTE_MARKER,
    VAULT_ENV,
)

ROOT = Path(__file__).resolve().parents[2]
XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
       "XDG_RUNTIME_DIR")  # fmt: skip
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _needles() -> list[tuple[str, bytes]]:
    return [
        (f"{marker!r} as {encoding}", marker.encode(encoding))
        for marker in (NOTE_MARKER, NAME_MARKER, NAME_PART)
        for encoding in ENCODINGS
    ]


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    return done.stdout


def scan(folders: list[Path], skip: list[Path],
         needles: list[tuple[str, bytes]] | None = None) -> tuple[list[str], int]:  # fmt: skip
    """Every place a marker (or one of ``needles``) was found, and how many files were read."""
    found: list[str] = []
    files = 0
    needles = _needles() if needles is None else needles
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if any(path == s or s in path.parents for s in skip):
                continue
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            files += 1
            found += [f"{path}: {what}" for what, needle in needles if needle in data]
            if data.startswith(b"%PDF"):
                text = _pdf_text(path)
                found += [f"{path} (PDF text): {m}" for m in (NOTE_MARKER, NAME_PART) if m in text]
    return found, files


def run_session(tmp_path: Path, session_file: str, vault: Path,
                export: Path) -> tuple[Path, Path, dict[str, Path]]:  # fmt: skip
    """Run ``session_file`` (beside this file) with a fresh HOME, TMPDIR and XDG folders;
    returns them. The vault and export paths reach it through VAULT_ENV and EXPORT_ENV."""
    home, temp, basetemp = tmp_path / "home", tmp_path / "tmp", tmp_path / "pytest"
    xdg = {name: tmp_path / "xdg" / name.lower() for name in XDG}
    for folder in (home, temp, *xdg.values()):
        folder.mkdir(parents=True)
        folder.chmod(0o700)
    export.parent.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INFLUENCE_DESK_", "XDG_", "HOME", "TMPDIR"))}  # fmt: skip
    env.update({name: str(path) for name, path in xdg.items()})
    env.update(HOME=str(home), TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT), INFLUENCE_DESK_TEST_CONFIG_HOME=str(xdg["XDG_CONFIG_HOME"]),
               **{VAULT_ENV: str(vault), EXPORT_ENV: str(export)})  # fmt: skip
    session = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={basetemp}",
         str(Path(__file__).with_name(session_file))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert session.returncode == 0, session.stdout[-4000:] + session.stderr[-2000:]
    return home, temp, xdg


def test_a_session_leaves_no_content_in_home_temp_or_xdg_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault = home / "Documents" / "field.idvault"
    export = home / "Documents" / "exports" / "team-brief.pdf"
    home, temp, xdg = run_session(tmp_path, "marker_session.py", vault, export)

    assert (vault / "vault.json").is_file() and export.is_file()  # the session did its work
    scanned = [home, temp, *xdg.values()]
    found, files = scan(scanned, skip=[vault, export])
    assert files >= 2  # at least the settings and the recent list were written and read
    assert (xdg["XDG_CONFIG_HOME"] / "influence-desk" / "settings.json").is_file()
    assert found == []
    # The scan itself can find a marker: the export holds the typed one (it was asked for).
    assert NOTE_MARKER in _pdf_text(export)
    shutil.rmtree(tmp_path / "xdg", ignore_errors=True)
