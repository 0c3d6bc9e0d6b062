"""A laptop on the knee: the window fits a 1024x600 screen with the search box, the Lock
button, the editor and the status bar on it; its size is remembered (geometry only); the
sidebar hides (F9); the export dialog scrolls instead of growing past the screen; the list
keeps dates whole and titles readable when narrow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget
from uihelpers import unlock

from influence_desk import crypto

SMALL = QRect(0, 0, 1024, 600)
LARGE = QRect(0, 0, 1920, 1080)


def _on_screen(monkeypatch: pytest.MonkeyPatch, rect: QRect) -> None:
    import ui.geometry

    monkeypatch.setattr(ui.geometry, "available_geometry", lambda _widget=None: QRect(rect))


def _new_window(qtbot):
    from ui.app import AppOptions, AppWindow

    win = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _wholly_on(screen: QRect, widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and screen.contains(_global_rect(widget))


def test_the_window_fits_a_small_screen_with_everything_on_it(
    qtbot, monkeypatch, sample_vault
) -> None:
    _on_screen(monkeypatch, SMALL)
    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    qtbot.wait(50)
    ws = win.workspace
    assert SMALL.contains(win.frameGeometry())
    for widget in (ws.search_edit, ws.lock_button, ws.editor, ws.editor.body, ws.table,
                   win.statusBar()):  # fmt: skip
        assert _wholly_on(SMALL, widget), widget.objectName() or type(widget).__name__
    win.close()


def test_a_big_screen_gets_a_big_window(qtbot, monkeypatch) -> None:
    _on_screen(monkeypatch, LARGE)
    win = _new_window(qtbot)
    assert win.width() >= 1300 and win.height() >= 820
    assert LARGE.contains(win.frameGeometry())
    win.close()


def test_the_size_is_remembered_as_geometry_only_and_fitted_to_the_next_screen(
    qtbot, monkeypatch, sample_vault, tmp_path: Path
) -> None:
    _on_screen(monkeypatch, LARGE)
    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    win.showNormal()
    win.setGeometry(140, 90, 1500, 950)
    qtbot.wait(20)
    win.close()
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["window"] == {
        "x": 140, "y": 90, "width": 1500, "height": 950, "maximized": False, "sidebar": True,
    }  # fmt: skip
    text = (tmp_path / "config" / "settings.json").read_text()
    for content in ("field-notes", "Booth visit", "Miriam", "Alex", "PolitTech"):
        assert content not in text

    again = _new_window(qtbot)
    assert again.geometry() == QRect(140, 90, 1500, 950)
    again.close()

    _on_screen(monkeypatch, SMALL)  # the same settings on the laptop
    small = _new_window(qtbot)
    assert SMALL.contains(small.frameGeometry())
    small.close()


def test_the_sidebar_hides_with_a_shortcut_and_stays_hidden(
    qtbot, monkeypatch, sample_vault
) -> None:
    _on_screen(monkeypatch, SMALL)
    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = win.workspace
    assert ws.sidebar.isVisible()
    list_width = ws.table.width()
    win.activateWindow()
    ws.table.setFocus()
    qtbot.keyClick(ws.table, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not ws.sidebar.isVisible())
    qtbot.waitUntil(lambda: ws.table.width() > list_width)
    win.close()

    again = _new_window(qtbot)
    unlock(qtbot, again, sample_vault.path, sample_vault.passphrase)
    assert not again.workspace.sidebar.isVisible()
    qtbot.keyClick(again.workspace.table, Qt.Key.Key_F9)
    qtbot.waitUntil(again.workspace.sidebar.isVisible)
    again.close()


def test_narrow_list_keeps_dates_whole_and_titles_readable(
    qtbot, monkeypatch, sample_vault
) -> None:
    from ui.notes_model import EVENT, TITLE, WHEN

    _on_screen(monkeypatch, SMALL)
    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = win.workspace
    total = sum(ws.notes.splitter.sizes())
    ws.notes.splitter.setSizes([170, 260, total - 430])  # the list squeezed beside the editor
    qtbot.wait(20)
    header = ws.table.horizontalHeader()
    metrics = ws.table.fontMetrics()
    shown = ws.model.index(0, WHEN).data()
    assert header.sectionSize(WHEN) >= metrics.horizontalAdvance(shown) + 8
    assert header.sectionSize(TITLE) >= metrics.horizontalAdvance("Booth visit 0 at the fair")
    # The title right after the date, the event right after the title: no blank gaps.
    assert header.sectionViewportPosition(TITLE) == header.sectionSize(WHEN)
    assert header.sectionViewportPosition(EVENT) == header.sectionSize(WHEN) + header.sectionSize(
        TITLE
    )
    ws.notes.splitter.setSizes([170, 700, total - 870])  # room again: the title takes it
    qtbot.wait(20)
    assert header.sectionSize(TITLE) + header.sectionSize(WHEN) >= ws.table.viewport().width() - 160
    win.close()


def test_the_export_dialog_scrolls_instead_of_growing_past_the_screen(
    qtbot, monkeypatch, sample_vault, tmp_path: Path
) -> None:
    _on_screen(monkeypatch, SMALL)
    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = win.workspace
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    out = tmp_path / "brief.pdf"
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.export_result is not None and dialog.preview_holder.isVisible()
    qtbot.wait(50)
    assert SMALL.contains(dialog.frameGeometry())
    for button in (dialog.export_button, dialog.close_button):
        assert _wholly_on(SMALL, button)
    # The form scrolls up and down only: no text of it is cut off at the side.
    area = next(a for a in dialog.findChildren(QScrollArea) if a.widget() is not None
                and a.widget().isAncestorOf(dialog.profile_combo))  # fmt: skip
    viewport = area.viewport()
    for label in area.widget().findChildren(QLabel):
        if label.isVisible() and label.text():
            right = label.mapTo(viewport, QPoint(label.width(), 0)).x()
            assert right <= viewport.width(), label.text()
    dialog.reject()
    win.close()


def test_a_maximised_window_is_remembered_with_its_normal_size(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    from ui.geometry import Placement, fitted_rect, save_placement

    _on_screen(monkeypatch, LARGE)
    save_placement(Placement(100, 80, 1200, 760, maximized=True))
    win = _new_window(qtbot)
    assert win.isMaximized()
    win.close()
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())["window"]
    assert saved["maximized"] is True and (saved["width"], saved["height"]) == (1200, 760)
    # Odd values in the file are ignored, not trusted.
    for odd in ({"x": "0"}, {"x": 0, "y": 0, "width": 10**9, "height": 700}, [], None):
        assert Placement.from_json(odd) is None
    rect, maximised = fitted_rect(None, SMALL)
    assert SMALL.contains(rect) and not maximised


def test_on_a_real_1024x600_screen_in_english_and_german(tmp_path: Path) -> None:
    """Its own process: the offscreen platform made with one 1024x600 screen."""
    import os
    import subprocess
    import sys

    here = Path(__file__).parent
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1024, "height": 600, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
    ]}))  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               INFLUENCE_DESK_CONFIG_DIR=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(here.parents[1]), str(here)]))  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(here / "real_screen_session.py")],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "fits", done.stdout
