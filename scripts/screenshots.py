"""Drive the app on a fresh demo vault and save screenshots to docs/screenshots/.

Run it through scripts/screenshots.sh (a private Xvfb display), or under any X display.
Everything it creates (a home folder with two small vaults and the demo vault) lives in a
temporary folder that is removed afterwards; the data is fictional.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1400, 880)


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="id-shots-"))
    os.environ["HOME"] = str(home)
    os.environ["INFLUENCE_DESK_CONFIG_DIR"] = str(home / ".config" / "influence-desk")
    os.environ["INFLUENCE_DESK_DATA_DIR"] = str(home / ".local" / "share" / "influence-desk")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    sys.path.insert(0, str(ROOT))
    try:
        return _shoot(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _wait(app, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def _save(app, window, name: str) -> Path:
    _wait(app, lambda: True)
    target = OUT / f"{name}.png"
    window.grab().save(str(target), "PNG")
    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
    return target


def _dark_palette():
    """A dark desktop theme, to check that nothing depends on a light background."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#2b2d30"), (role.WindowText, "#dfe1e5"), (role.Base, "#1e1f22"),
        (role.AlternateBase, "#26282b"), (role.Text, "#dfe1e5"), (role.Button, "#35373b"),
        (role.ButtonText, "#dfe1e5"), (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"), (role.Link, "#6ea8ff"),
        (role.PlaceholderText, "#8c8f94"), (role.ToolTipBase, "#3c3f41"),
        (role.ToolTipText, "#dfe1e5"), (role.Mid, "#45474b"), (role.Dark, "#18191b"),
        (role.Light, "#4a4c50"),
    ):  # fmt: skip
        p.setColor(r, QColor(colour))
    return p


def _recent_vaults(home: Path) -> None:
    """Two small vaults in ~/Documents, so the welcome screen shows a recent list."""
    from influence_desk import crypto
    from influence_desk.vault.vault import Vault
    from ui import recent

    docs = home / "Documents"
    docs.mkdir(parents=True, exist_ok=True)
    for name in ("interviews-2025", "campaign-tech-europe-2026"):
        Vault.create(
            docs / name, label="Alex", passphrase="screenshot vault only",  # noqa: S106
            kdf=crypto.floor_params(),
        ).close()  # fmt: skip
        recent.remember(docs / f"{name}.idvault")


def _shoot(home: Path) -> int:
    from ui import launcher as app_main
    from ui.app import AppOptions, AppWindow

    app = app_main.make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    _recent_vaults(home)
    window = AppWindow(AppOptions(idle_lock_minutes=60))
    window.resize(*SIZE)
    window.show()
    _wait(app, window.isVisible)
    _save(app, window, "welcome")

    window.start_demo()
    _wait(app, lambda: window.stack.currentWidget() is window.unlock_page)
    _save(app, window, "unlock-demo")
    demo_path, demo_passphrase = window.unlock_page.path, window.unlock_page.passphrase.text()
    window.unlock_page.unlock_button.click()
    _wait(app, lambda: window.workspace is not None)
    ws = window.workspace
    assert ws is not None
    best = _showcase_note(ws)
    ws.notes.select_note(best)
    _wait(app, lambda: ws.editor.note_id == best)
    ws.editor.body.setFocus()
    _save(app, window, "main-window")

    ws.search_edit.setText("voter file")
    _wait(app, lambda: ws.model.searching and ws.notes.search_idle())
    _save(app, window, "search")
    ws.search_edit.clear()

    ws.tabs.setCurrentIndex(1)
    ws.sources_page.table.selectRow(0)
    _save(app, window, "sources")

    ws.tabs.setCurrentIndex(0)
    default_palette = app.palette()
    app.setPalette(_dark_palette())
    _save(app, window, "main-window-dark")
    app.setPalette(default_palette)
    ws.tabs.setCurrentIndex(2)
    _save(app, window, "events-organisations")

    # The export dialog, run through to the checked PDF and its preview.
    ws.tabs.setCurrentIndex(0)
    ws.search_edit.clear()
    ws.open_export()
    dialog = ws.export_dialog
    assert dialog is not None
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("team"))
    dialog.title_edit.setText("Campaign Tech Europe 2026 — team brief")
    exports = home / "Documents"
    dialog.start_export(exports / "influence-desk-team-brief.pdf")
    _wait(app, lambda: not dialog.running, timeout=120)
    assert dialog.export_result is not None, dialog.banner.text()
    _wait(app, lambda: True)
    _save(app, dialog, "export-dialog")
    dialog.accept()

    # History after Verify.
    ws.tabs.setCurrentWidget(ws.history_page)
    ws.history_page.verify()
    _wait(app, lambda: not ws.history_page.verifying, timeout=60)
    _save(app, window, "history-verified")

    # People with access: the demo's lead and auditor, and a researcher added here.
    from influence_desk.model import Role

    ws.tabs.setCurrentWidget(ws.team_page)
    ws.team_page._add(Role.RESEARCHER, "Sam", "screenshot researcher passphrase")
    _wait(app, lambda: not ws.team_page.busy_now, timeout=60)
    ws.team_page.table.selectRow(2)
    _save(app, window, "team")

    # Locked: keys gone, nothing of the notes on screen, the way back is the passphrase.
    ws.tabs.setCurrentIndex(0)
    ws.notes.select_note(best)
    window.lock()
    _save(app, window, "locked")

    # The same vault opened by the auditor: read-only, verified on open.
    from influence_desk.demo import DEMO_AUDITOR_PASSPHRASE

    window.unlock_page.passphrase.setText(DEMO_AUDITOR_PASSPHRASE)
    window.unlock_page.unlock_button.click()
    _wait(app, lambda: window.workspace is not None)
    aws = window.workspace
    assert aws is not None
    _wait(app, lambda: not aws.history_page.verifying, timeout=60)
    aws.notes.select_note(best)
    _wait(app, lambda: aws.editor.note_id == best)
    _save(app, window, "auditor-verified")
    window.lock()

    # The main window in German (a new window: texts are chosen when widgets are built).
    window.close()
    from ui.i18n import apply_language

    apply_language("de")
    german = AppWindow(AppOptions(idle_lock_minutes=60))
    german.resize(*SIZE)
    german.show()
    german.show_unlock(demo_path)
    german.unlock_page.passphrase.setText(demo_passphrase)
    german.unlock_page.unlock_button.click()
    _wait(app, lambda: german.workspace is not None)
    gws = german.workspace
    assert gws is not None
    gws.notes.select_note(best)
    _wait(app, lambda: gws.editor.note_id == best)
    gws.editor.body.setFocus()
    _save(app, german, "main-window-de")
    german.close()
    apply_language("en")
    return 0


def _showcase_note(ws) -> str:
    """A note with a source, an identifier and redaction marks shows every highlight."""
    best, best_score = None, -1
    with ws.session.gui() as desk:
        for note_id in ws.model.ids():
            view = desk.note(note_id)
            score = 3 * bool(view.note.marks) + 2 * bool(view.refs) + bool(view.detections)
            score += 1 if 400 < len(view.note.body) < 1400 else 0
            if score > best_score:
                best, best_score = note_id, score
    assert best is not None
    return best


if __name__ == "__main__":
    sys.exit(main())
