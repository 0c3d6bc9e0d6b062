"""Combined filters in the notes list (kind + event + organisation + tag + date range,
the sidebar's click setting one of them), saved searches in the sidebar (kept in the
vault, not in settings.json), and the same filters scoping an export."""

from __future__ import annotations

from pathlib import Path

from uihelpers import unlock

from influence_desk.model import NoteKind
from ui.sidebar import FILTER_ROLE


def _rows(qtbot, page, expected: int) -> None:
    qtbot.waitUntil(lambda: page.list_ready() and page.model.rowCount() == expected,
                    timeout=10_000)  # fmt: skip


def test_combined_filters_saved_searches_and_the_export_scope(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    page, panel = ws.notes, ws.notes.filters
    _rows(qtbot, page, 3)
    event = ws.catalog.events[0]
    org = ws.catalog.organisations[0]

    # A click in the sidebar sets one box; the others refine it.
    page.sidebar._select_key(("event", event.id))
    assert panel.event_box.currentData() == event.id
    _rows(qtbot, page, 3)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(NoteKind.INTERVIEW.value))
    _rows(qtbot, page, 0)
    assert page.note_filter.event_id == event.id and page.note_filter.kind == NoteKind.INTERVIEW
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(NoteKind.BOOTH.value))
    panel.org_box.setCurrentIndex(panel.org_box.findData(org.id))
    panel.tag_box.setCurrentIndex(panel.tag_box.findData("method:micro-targeting"))
    _rows(qtbot, page, 3)
    panel.date_from.setText("2026-03-11")
    panel.date_from.editingFinished.emit()
    _rows(qtbot, page, 0)
    panel.date_from.setText("2026-03-10")
    panel.date_to.setText("2026-03-10")
    panel.date_to.editingFinished.emit()
    _rows(qtbot, page, 3)

    # The export covers exactly this combination, and says so.
    scope = page.export_scope()
    assert scope.filter == panel.current_filter() and scope.filter_count == 3
    assert event.name in scope.filter_label and "2026-03-10" in scope.filter_label

    # Saved with the search text: listed in the sidebar, stored in the vault only.
    page.search_edit.setText("turnout")
    panel.save_as("Expo booths", "turnout")
    names = [page.sidebar.model_.item(r).text() for r in range(page.sidebar.model_.rowCount())]
    assert "Saved searches" in names
    section = page.sidebar.model_.item(names.index("Saved searches"))
    assert section.child(0).text() == "Expo booths"
    saved_id = section.child(0).data(FILTER_ROLE)
    settings = tmp_path / "config" / "settings.json"
    if settings.exists():
        assert "Expo" not in settings.read_text() and "turnout" not in settings.read_text()

    # Cleared, then chosen again from the sidebar: filters and text come back.
    panel.clear()
    page.search_edit.clear()
    _rows(qtbot, page, 3)
    assert panel.current_filter().event_id is None
    page.sidebar._select_key(tuple(saved_id))
    assert panel.event_box.currentData() == event.id
    assert panel.kind_box.currentData() == NoteKind.BOOTH.value
    assert page.search_edit.text() == "turnout"


def test_the_list_title_names_every_filter(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    page, panel = ws.notes, ws.notes.filters
    _rows(qtbot, page, 3)
    assert page.list.list_title.text() == "All notes"
    event = ws.catalog.events[0]
    page.sidebar._select_key(("event", event.id))
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(NoteKind.BOOTH.value))
    _rows(qtbot, page, 3)
    assert page.list.list_title.text() == f"Booth visit · {event.name}"
    page.sidebar._select_key(("source", ws.catalog.sources[0].id))
    _rows(qtbot, page, 3)
    assert sample_vault.source_pseudonym in page.list.list_title.text()
