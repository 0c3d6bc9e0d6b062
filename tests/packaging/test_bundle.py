"""The standalone build (scripts/bundle, standalone/influence-desk.spec) runs with nothing of
Python's around it: it builds the demo vault in its own window (offscreen) and exports a
public PDF with its own command line, under ``env -i`` with a PATH that has no venv.

The build takes a minute or two; it is done once for the module.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from influence_desk.demo import DEMO_PASSPHRASE, create_demo_vault, load_demo_data
from influence_desk.vault.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "standalone" / "influence-desk.spec"
HANG_GUARD = 600  # seconds; only against a hang, never a measure of speed


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder program, built from this checkout the way scripts/bundle builds it."""
    out = tmp_path_factory.mktemp("bundle")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)],
        cwd=ROOT, env=env, check=True, timeout=HANG_GUARD, capture_output=True,
    )  # fmt: skip
    name = "influence-desk.exe" if os.name == "nt" else "influence-desk"
    program = out / "dist" / "influence-desk" / name
    assert program.is_file()
    return program


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a HOME: no venv on PATH, no PYTHONPATH, no PYTHONHOME."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), **extra}


def run(program: Path, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args], env=bare_env(home, **extra), capture_output=True, text=True,
        timeout=HANG_GUARD, cwd=home,
    )  # fmt: skip


def test_scripts_bundle_builds_this_spec() -> None:
    script = (ROOT / "scripts" / "bundle").read_text()
    assert "standalone/influence-desk.spec" in script
    assert os.access(ROOT / "scripts" / "bundle", os.X_OK)


def test_the_built_program_knows_its_commands(built: Path, tmp_path: Path) -> None:
    done = run(built, tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    for command in ("init", "note", "export", "verify"):
        assert command in done.stdout


def test_first_window_offscreen(built: Path, tmp_path: Path) -> None:
    done = run(built, tmp_path, QT_QPA_PLATFORM="offscreen", INFLUENCE_DESK_BENCH_FIRST_WINDOW="1")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first-window" in done.stdout


def test_the_viewer_s_qt_modules_ship_with_it(built: Path) -> None:
    """A PDF is shown with QtPdf, an audio note played with QtMultimedia and its FFmpeg
    plugin (the viewer loads QtMultimedia by name, which PyInstaller cannot see by itself):
    without them the bundled viewer said audio cannot be played here."""
    inside = built.parent
    for module in ("QtPdf", "QtPdfWidgets", "QtMultimedia"):
        assert list(inside.rglob(f"PySide6/{module}.*")), module
    assert list(inside.rglob("plugins/multimedia/*ffmpeg*")), "FFmpeg media plugin"


def _entries(program: Path, home: Path, vault: Path) -> int | None:
    """History entries of a readable, verified vault; None while it is still being built."""
    done = run(program, home, "verify", str(vault), "--json",
               INFLUENCE_DESK_PASSPHRASE=DEMO_PASSPHRASE)  # fmt: skip
    if done.returncode != 0:
        return None
    return int(json.loads(done.stdout)["entries"])


def test_demo_in_the_app_then_a_public_export(built: Path, tmp_path: Path) -> None:
    # How many history entries a finished demo vault has: built here with the core.
    reference_dir = tmp_path / "reference"
    reference_dir.mkdir()
    reference, _ = create_demo_vault(reference_dir)
    with Vault.open(reference, DEMO_PASSPHRASE) as vault:
        expected = vault.verify().entries

    home = tmp_path / "home"
    home.mkdir()
    app = subprocess.Popen(
        [str(built), "--demo"], env=bare_env(home, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=home,
    )  # fmt: skip
    try:
        vault: Path | None = None
        deadline = time.monotonic() + HANG_GUARD
        while time.monotonic() < deadline:
            assert app.poll() is None, "the app ended before the demo was built"
            made = sorted((home / ".local" / "share" / "influence-desk").glob("demo-*.idvault"))
            if made and _entries(built, home, made[0]) == expected:
                vault = made[0]
                break
            time.sleep(1)
        assert vault is not None, "the app did not build the demo vault"
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()

    out = home / "public.pdf"
    done = run(built, home, "export", str(vault), "--profile", "public", "--out", str(out),
               "--json", INFLUENCE_DESK_PASSPHRASE=DEMO_PASSPHRASE)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notes"] > 0
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PUBLIC SUMMARY" in text
    for source in load_demo_data()["sources"]:
        identity = source["identity"]
        for written in [identity["real_name"], *identity["aliases"], *identity["contact"]]:
            assert written not in text
