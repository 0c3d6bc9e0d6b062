"""Item models pass Qt's model tester, and the notes list stays lazy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from uihelpers import make_vault

from influence_desk.desk import Desk, NoteFilter
from influence_desk.vault.vault import Vault
from ui.catalog import Catalog
from ui.notes_model import PAGE, NotesModel
from ui.session import Session
from ui.sources import SourcesModel


@pytest.fixture
def session(tmp_path: Path):
    sample = make_vault(tmp_path, notes=PAGE + 25)
    vault = Vault.open(sample.path, sample.passphrase)
    session = Session(vault, Desk(vault))
    yield session
    session.close()


def test_notes_model_passes_the_model_tester(qtmodeltester, session) -> None:
    model = NotesModel(session)
    model.load(NoteFilter())
    assert model.rowCount() == PAGE + 25
    qtmodeltester.check(model, force_py=True)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 2).data() == "Booth visit 0"
    qtmodeltester.check(model, force_py=True)


def test_notes_model_fetches_rows_in_pages(session) -> None:
    model = NotesModel(session)
    model.load(NoteFilter())
    assert model.cached_pages() == 0  # ids only, until something is shown
    assert model.index(0, 2).data().startswith("Booth visit")
    assert model.cached_pages() == 1
    model.index(PAGE + 3, 2).data()
    assert model.cached_pages() == 2


def test_notes_model_in_search_mode_passes_the_model_tester(qtmodeltester, session) -> None:
    model = NotesModel(session)
    with session.gui() as desk:
        hits = desk.search("turnout")
    model.show_hits(hits)
    assert model.searching and model.rowCount() == len(hits) > 0
    assert "turnout" in model.index(0, 3).data()
    qtmodeltester.check(model, force_py=True)


def test_sources_model_passes_the_model_tester(qtmodeltester, session) -> None:
    model = SourcesModel()
    model.set_catalog(Catalog.load(session))
    assert model.rowCount() == 1
    assert model.index(0, SourcesModel.NOTES).data() == str(PAGE + 25)
    qtmodeltester.check(model, force_py=True)
