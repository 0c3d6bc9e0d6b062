"""The demo vault: built from resources/demo/demo.json through the Desk, fully pseudonymised."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest

from influence_desk.demo import (
    DEMO_AUDITOR_PASSPHRASE,
    DEMO_PASSPHRASE,
    create_demo_vault,
    load_demo_data,
)
from influence_desk.desk import Desk
from influence_desk.errors import Cancelled, WrongPassphrase
from influence_desk.model import Role
from influence_desk.progress import CancelFlag
from influence_desk.vault.vault import Vault


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo")
    return create_demo_vault(folder)


def _real_names() -> list[str]:
    names: list[str] = []
    for source in load_demo_data()["sources"]:
        names.append(source["identity"]["real_name"])
        names += source["identity"].get("aliases", [])
    return names


def test_demo_vault_holds_everything_in_the_data_set(demo: tuple[Path, str]) -> None:
    path, passphrase = demo
    data = load_demo_data()
    assert passphrase == DEMO_PASSPHRASE
    assert path.name.startswith("demo-") and path.name.endswith(".idvault")
    with Vault.open(path, passphrase) as vault:
        assert vault.role is Role.LEAD
        desk = Desk(vault)
        assert desk.count_notes() == len(data["notes"])
        assert len(desk.sources()) == len(data["sources"])
        assert len(desk.events()) == len(data["events"])
        assert len(desk.organisations()) == len(data["organisations"])
        notes = [desk.note(i) for i in desk.note_ids()]
    assert any(n.note.marks for n in notes)  # inline [[team: …]] marks became real marks
    assert any(n.refs for n in notes)  # names became references to sources
    assert not any("[[" in n.note.body for n in notes)


def test_no_real_name_of_a_source_is_stored_or_searchable(demo: tuple[Path, str]) -> None:
    path, _ = demo
    names = [n for n in _real_names() if len(n) > 3]
    with Vault.open(path, DEMO_AUDITOR_PASSPHRASE) as vault:
        assert vault.role is Role.AUDITOR and not vault.can_write
        desk = Desk(vault)
        assert vault.store is not None
        for note_id in desk.note_ids():
            stored = " ".join(str(v) for v in astuple(vault.store.note_row(note_id)))
            view = desk.note(note_id)
            shown = " ".join((view.note.title, view.note.summary, view.note.body))
            for name in names:
                assert name not in stored
                assert name not in shown
        for name in names:
            for hit in desk.search(name):
                assert name not in hit.snippet and name not in hit.title


def test_each_demo_vault_is_fresh_and_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    first, _ = create_demo_vault(tmp_path, progress=lambda d, t: seen.append((d, t)))
    second, _ = create_demo_vault(tmp_path)
    assert first != second and first.parent == second.parent == tmp_path
    assert seen[-1][0] == seen[-1][1] > 0
    with pytest.raises(WrongPassphrase):
        Vault.open(first, "not the demo passphrase")


def test_a_cancelled_demo_leaves_nothing_behind(tmp_path: Path) -> None:
    flag = CancelFlag()

    def progress(done: int, total: int) -> None:
        if done >= 5:
            flag.cancel()

    with pytest.raises(Cancelled):
        create_demo_vault(tmp_path, progress=progress, cancel=flag)
    assert list(tmp_path.iterdir()) == []
