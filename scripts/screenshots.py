"""Drive the app on a fresh demo vault and save screenshots to docs/screenshots/.

Run it through scripts/screenshots.sh, which starts a private Xvfb display per screen size
(1440x900, then 1024x600) and runs this once on each. On every size: the main window and the
export dialog, light and dark, English and German, as SIZE-THEME-LANG-WHAT.png. On the big
screen also the tour of every page the README shows. The window fills the screen as a
maximised one would (Xvfb has no window manager to maximise it).

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


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="id-shots-"))
    os.environ["HOME"] = str(home)
    os.environ["INFLUENCE_DESK_CONFIG_DIR"] = str(home / ".config" / "influence-desk")
    os.environ["INFLUENCE_DESK_DATA_DIR"] = str(home / ".local" / "share" / "influence-desk")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    sys.path.insert(0, str(ROOT))
    try:
        return _run(home)
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


def _size(app) -> str:
    screen = app.primaryScreen().availableGeometry()
    return f"{screen.width()}x{screen.height()}"


def _fill_screen(app, window) -> str:
    """The window as a maximised one on this screen; returns the size, e.g. '1024x600'."""
    window.setGeometry(app.primaryScreen().availableGeometry())
    return _size(app)


def _run(home: Path) -> int:
    from ui import launcher as app_main

    app = app_main.make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    _recent_vaults(home)
    if os.environ.get("SCREENSHOT_ONLY") == "attachments":  # just the attachment views
        from ui.i18n import apply_language

        apply_language("en")
        _attachment_shots(app, None)
        return 0
    if os.environ.get("SCREENSHOT_ONLY") == "sync":  # just the Sync tab
        from ui.i18n import apply_language

        apply_language("en")
        _sync_shots(app, home)
        return 0
    demo = _matrix(app)
    _attachment_shots(app, demo)
    _sync_shots(app, home)
    if os.environ.get("SCREENSHOT_TOUR") == "1":
        _shoot(app, home, demo)
    return 0


def _matrix(app) -> tuple[Path, str]:
    """Main window and export dialog, light and dark, English and German."""
    from ui.i18n import apply_language

    demo: tuple[Path, str] | None = None
    for language in ("en", "de"):
        apply_language(language)
        demo = _one_language(app, language, demo)
    apply_language("en")
    assert demo is not None
    return demo


def _open_demo(app, demo: tuple[Path, str] | None):
    """A new window on the demo vault (made on first use), its showcase note open; returns
    the window, the screen size and the demo's path and passphrase."""
    from ui.app import AppOptions, AppWindow

    window = AppWindow(AppOptions(idle_lock_minutes=60))  # texts are chosen when built
    size = _fill_screen(app, window)
    window.show()
    _wait(app, window.isVisible)
    if demo is None:
        window.start_demo()
        _wait(app, lambda: window.stack.currentWidget() is window.unlock_page, 60)
        demo = (window.unlock_page.path, window.unlock_page.passphrase.text())
    else:
        window.show_unlock(demo[0], demo[1])
    window.unlock_page.unlock_button.click()
    _wait(app, lambda: window.workspace is not None, 60)
    ws = window.workspace
    assert ws is not None
    _wait(app, ws.notes.list_ready)
    best = _showcase_note(ws)
    ws.notes.select_note(best)
    _wait(app, lambda: ws.editor.note_id == best)
    return window, size, demo


def _one_language(app, language: str, demo: tuple[Path, str] | None) -> tuple[Path, str]:
    from ui.theme import apply_theme

    apply_theme("light")
    window, size, demo = _open_demo(app, demo)
    ws = window.workspace
    ws.editor.body.setFocus()
    for theme in ("light", "dark"):
        apply_theme(theme)
        _save(app, window, f"{size}-{theme}-{language}-main")
    apply_theme("light")
    ws.open_export()
    dialog = ws.export_dialog
    assert dialog is not None
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("team"))
    dialog.start_export(Path(os.environ["HOME"]) / "Documents" / f"brief-{language}.pdf")
    _wait(app, lambda: not dialog.running, timeout=180)
    assert dialog.export_result is not None, dialog.banner.text()
    _show_result(app, dialog)
    for theme in ("light", "dark"):
        apply_theme(theme)
        _save(app, dialog, f"{size}-{theme}-{language}-export")
    apply_theme("light")
    dialog.accept()
    window.lock()
    window.close()
    return demo


def _sample_files() -> list[tuple[str, bytes]]:
    """A booth photo with a (fictional) GPS position and camera serial, a brochure PDF with
    an author, and a short voice memo: made in memory, like everything the app imports."""
    import io
    import math
    import struct
    import wave

    from PIL import Image, ImageDraw
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (1600, 1000), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1600, 180), fill=(24, 64, 120))
    draw.text((60, 60), "VoterGraph  -  Turnout modelling for every district", fill="white",
              font_size=64)  # fmt: skip
    for i, height in enumerate((420, 560, 300, 640, 500, 380)):
        draw.rectangle((120 + i * 230, 900 - height, 280 + i * 230, 900), fill=(60, 140, 200))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Phone maker", "Model X"
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-0000-DEMO"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 31.0, 0.0), "E", (13.0, 24.0, 0.0)
    photo = io.BytesIO()
    image.save(photo, "JPEG", exif=exif, quality=88)
    brochure = io.BytesIO()
    pdf = canvas.Canvas(brochure)
    pdf.setAuthor("Marketing department")
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawString(72, 760, "Micro-targeting that wins districts")
    pdf.setFont("Helvetica", 12)
    for n, line in enumerate(("Voter file enrichment", "Lookalike audiences",
                              "Turnout scores per household")):  # fmt: skip
        pdf.drawString(90, 720 - 22 * n, f"- {line}")
    pdf.save()
    memo = io.BytesIO()
    with wave.open(memo, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / 8)))
                                 for i in range(8000)))  # fmt: skip
    return [("booth-14.jpg", photo.getvalue()), ("brochure.pdf", brochure.getvalue()),
            ("memo.wav", memo.getvalue())]  # fmt: skip


def _attachment_shots(app, demo: tuple[Path, str] | None) -> None:
    """The editor with a note's attachments (what stripping removed under them) and the
    viewer, English, light: SIZE-light-en-attachments.png and SIZE-light-en-viewer.png."""
    from ui.attach_import import Incoming
    from ui.theme import apply_theme

    apply_theme("light")
    window, size, _demo = _open_demo(app, demo)
    ws = window.workspace
    strip = ws.editor.attachments
    strip.attach([Incoming(name, data=data) for name, data in _sample_files()])
    _wait(app, lambda: len(strip.tiles) == 3 and all(t.pictured for t in strip.tiles), 120)
    _save(app, window, f"{size}-light-en-attachments")
    strip.tiles[0].thumb.click()
    viewer = strip.viewer
    assert viewer is not None
    _wait(app, lambda: viewer.isVisible() and viewer.image_ready)
    _save(app, viewer, f"{size}-light-en-viewer")
    viewer.reject()
    window.lock()
    window.close()


def _sync_team(home: Path) -> tuple[Path, Path, str]:
    """A lead's vault and a researcher's replica with a note each side changed before
    syncing (a conflict), and a note only the laptop wrote; the laptop has synced. Returns
    the lead's vault, the sync folder and the lead's passphrase."""
    from datetime import datetime

    from influence_desk import crypto
    from influence_desk.desk import Desk, NoteDraft
    from influence_desk.model import NoteKind, Role, SourceIdentity
    from influence_desk.sync.replica import make_replica
    from influence_desk.vault.vault import Vault

    lead_pass, rafa_pass = "lantern orchard velvet compass", "granite meadow saffron tide"
    folder = home / "Sync" / "team-notes"
    folder.mkdir(parents=True)
    when = datetime(2026, 11, 20, 14, 30)
    with Vault.create(home / "team", label="Lena", passphrase=lead_pass,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        vault.add_slot(Role.RESEARCHER, "Rafa", rafa_pass, kdf=crypto.floor_params())
        desk = Desk(vault)
        shared = desk.add_note(
            NoteDraft(
                NoteKind.BOOTH,
                "VoterGraph booth at PolitTech Expo",
                when,
                body="Brochures on the table.",
            )
        ).note.id
        desk.add_note(NoteDraft(NoteKind.OBSERVATION, "Panel: data in campaigns", when,
                                body="Three speakers."))  # fmt: skip
        laptop = make_replica(vault, home / "rafa-laptop").path
        jonas = desk.register_source(SourceIdentity("Jonas Lindqvist"), "data broker").id
        desk.add_note(NoteDraft(NoteKind.INTERVIEW, "Lunch with a data broker", when,
                                body="Voter files by the postcode.",
                                source_ids=(jonas,)))  # fmt: skip
        desk.update_note(
            shared,
            NoteDraft(
                NoteKind.BOOTH,
                "VoterGraph booth: turnout models",
                when,
                body="They showed turnout models.",
            ),
        )
        desk.sync(folder)
        lead = vault.path
    with Vault.open(laptop, rafa_pass) as vault:
        desk = Desk(vault)
        desk.update_note(
            shared,
            NoteDraft(
                NoteKind.BOOTH,
                "VoterGraph booth: price list",
                when,
                body="A price list per constituency.",
            ),
        )
        desk.add_note(NoteDraft(NoteKind.INTERVIEW, "Talk with a campaign manager", when,
                                body="Asked about consent for the data."))  # fmt: skip
        # The same person registered on the laptop too: offered for merging after the sync.
        jonas = desk.register_source(SourceIdentity("Jonas Lindqvist"), "booth host").id
        for title in ("Demo at the VoterGraph booth", "Follow-up call"):
            desk.add_note(NoteDraft(NoteKind.INTERVIEW, title, when, source_ids=(jonas,)))
        desk.sync(folder)
    return lead, folder, lead_pass


def _sync_shots(app, home: Path) -> None:
    """The Sync tab after a sync that brought a note and a conflict: SIZE-light-en-sync."""
    from ui.app import AppOptions, AppWindow
    from ui.theme import apply_theme

    apply_theme("light")
    lead, folder, passphrase = _sync_team(home)
    window = AppWindow(AppOptions(idle_lock_minutes=60))
    size = _fill_screen(app, window)
    window.show()
    _wait(app, window.isVisible)
    window.show_unlock(lead, passphrase)
    window.unlock_page.unlock_button.click()
    _wait(app, lambda: window.workspace is not None, 60)
    ws = window.workspace
    assert ws is not None
    _wait(app, ws.notes.list_ready)
    ws.view_actions[6].trigger()
    page = ws.sync_page
    page.choose_folder(str(folder))
    page.sync_now()
    _wait(app, lambda: not ws.sync_runner.running and not page.loading, 60)
    assert page.model.rowCount() >= 2, page.message.text()
    page.table.selectRow(1)
    _save(app, window, f"{size}-light-en-sync")
    # The lead's copy for another laptop, made from the same tab: what to hand over.
    stick = home / "USB stick"
    stick.mkdir()
    assert page.replica.make_copy(str(stick))
    _wait(app, lambda: not page.replica.running, 60)
    _save(app, window, f"{size}-light-en-sync-copy")
    # The person registered on both copies, offered in the Sources tab; the review dialog.
    ws.view_actions[1].trigger()
    bar = ws.sources_page.duplicates
    _wait(app, lambda: not bar.checking and bar.isVisible(), 30)
    _save(app, window, f"{size}-light-en-duplicates")
    bar.review()
    dialog = bar.dialog
    assert dialog is not None
    _wait(app, dialog.isVisible)
    _save(app, dialog, f"{size}-light-en-duplicates-dialog")
    dialog.reject()
    window.lock()
    window.close()


def _show_result(app, dialog) -> None:
    """The form scrolled down to the result (on a small screen it is below the fold)."""
    from PySide6.QtWidgets import QScrollArea

    _wait(app, lambda: True)
    for area in dialog.findChildren(QScrollArea):
        if area.widget() is not None and area.widget().isAncestorOf(dialog.banner):
            area.ensureWidgetVisible(dialog.banner, 0, 40)


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


def _shoot(app, home: Path, demo: tuple[Path, str]) -> None:
    """The tour the README shows, English, on the big screen."""
    from ui.app import AppOptions, AppWindow
    from ui.theme import apply_theme

    apply_theme("light")
    window = AppWindow(AppOptions(idle_lock_minutes=60))
    _fill_screen(app, window)
    window.show()
    _wait(app, window.isVisible)
    _save(app, window, "welcome")

    demo_path, demo_passphrase = demo
    window.show_unlock(demo_path, demo_passphrase)
    _wait(app, lambda: window.stack.currentWidget() is window.unlock_page)
    _save(app, window, "unlock-demo")
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
    apply_theme("dark")
    _save(app, window, "main-window-dark")
    apply_theme("light")
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
    _show_result(app, dialog)
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

    window.close()
    # The README's German window is the matrix's.
    shutil.copyfile(OUT / f"{_size(app)}-light-de-main.png", OUT / "main-window-de.png")


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
