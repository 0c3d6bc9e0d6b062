"""Versions of a note: what each "Note changed" entry changed, by whom and when, readable by
an auditor without a single real name; restoring an old version is a new signed entry; a
version altered, planted or removed outside history is caught by verify; a name registered
later is gone from every kept version too."""

from __future__ import annotations

import shutil
from datetime import datetime

from desk_support import (
    DeskVault,
    data_key_of,
    leaked_names,
    names_in_vault_files,
    raw_connection,
)

from influence_desk import versions
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import Mark, MarkLevel, NoteKind, Role, SourceIdentity

WHEN = datetime(2024, 5, 3, 10, 30)


def _draft(title: str, body: str, **kw: object) -> NoteDraft:
    return NoteDraft(NoteKind.INTERVIEW, title, WHEN, body=body, **kw)  # type: ignore[arg-type]


def _note_with_thirteen_changes(desk: Desk) -> tuple[str, list[int]]:
    source = desk.register_source(SourceIdentity("Miriam Kessler"), "sales lead")
    note = desk.add_note(_draft("Booth", "Miriam Kessler sells lists. Version 0."))
    for n in range(1, 14):
        marks = (Mark(0, 14, MarkLevel.TEAM),) if n == 7 else ()
        desk.update_note(note.note.id, _draft(f"Booth {n}", f"Miriam Kessler sells lists. "
                                              f"Version {n}.", marks=marks))  # fmt: skip
    seqs = [v.seq for v in versions.note_history(desk, note.note.id)]
    assert desk.source(source.id).pseudonym
    return note.note.id, seqs


def test_each_of_thirteen_changes_says_what_it_changed_and_auditors_see_no_name(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id, seqs = _note_with_thirteen_changes(desk)
        pseudonym = desk.sources()[0].pseudonym
    assert len(seqs) == 14  # created, then 13 "Note changed"
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        history = versions.note_history(desk, note_id)
        assert [v.action for v in history] == ["note.create"] + ["note.update"] * 13
        assert all(v.kept for v in history)
        for n, seq in enumerate(seqs[1:], start=1):
            change = versions.entry_change(desk, seq)
            assert change.entry.seq == seq and change.before_seq == seqs[n - 1]
            by_name = {f.name: f for f in change.changed}
            assert by_name["title"].before == ("Booth" if n == 1 else f"Booth {n - 1}")
            assert by_name["title"].after == f"Booth {n}"
            assert f"Version {n}." in by_name["body"].after
            assert pseudonym in by_name["body"].after
            for f in change.fields:
                assert "Miriam" not in f.before + f.after and "Kessler" not in f.before + f.after
        # The mark made in change 7 shows as a change of the body's marks.
        assert "[[team:" in versions.entry_change(desk, seqs[7]).fields[-1].after
        assert "[[team:" in versions.entry_change(desk, seqs[8]).fields[-1].before
        created = versions.entry_change(desk, seqs[0])
        assert created.before_seq is None and created.after_kept
        assert {f.name for f in created.changed} >= {"title", "body", "kind"}
        assert vault.verify().ok


def test_restore_is_a_new_signed_entry_and_auditors_cannot(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id, seqs = _note_with_thirteen_changes(desk)
    with desk_vault.open(Role.AUDITOR) as vault:
        import pytest

        from influence_desk.errors import NotPermitted

        with pytest.raises(NotPermitted):
            versions.restore(Desk(vault), note_id, seqs[2])
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        view = versions.restore(desk, note_id, seqs[2])
        assert view.note.title == "Booth 2" and "Version 2." in view.note.body
        newest = versions.note_history(desk, note_id)[-1]
        assert newest.seq > seqs[-1] and newest.action == "note.update"
        change = versions.entry_change(desk, newest.seq)
        assert change.entry.payload == {"restored_from": seqs[2]}
        assert {f.name for f in change.changed} == {"title", "body"}
        assert desk.search("Version 2")[0].id == note_id
        assert vault.verify().ok


def test_versions_changed_added_or_removed_outside_history_are_caught(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id, seqs = _note_with_thirteen_changes(desk)
        key = data_key_of(vault)
    conn = raw_connection(desk_vault.path, key)
    content = conn.execute("SELECT content FROM note_versions WHERE seq = ?", (seqs[3],))
    text = str(content.fetchone()[0])
    conn.execute("UPDATE note_versions SET content = ? WHERE seq = ?",
                 (text.replace("Version 3.", "Version 9."), seqs[3]))  # fmt: skip
    conn.execute("DELETE FROM note_versions WHERE seq = ?", (seqs[5],))
    conn.execute("INSERT INTO note_versions(seq, note_id, content) VALUES (?, ?, ?)",
                 (1, note_id, text))  # fmt: skip
    conn.commit()
    conn.close()
    with desk_vault.open(Role.AUDITOR) as vault:
        problems = [str(p) for p in vault.verify().problems]
    assert any(f"history entry {seqs[3]}" in p and "altered" in p for p in problems)
    assert any(f"history entry {seqs[5]}" in p and "missing" in p for p in problems)
    assert any("history entry 1" in p and "added outside" in p for p in problems)


def test_a_name_registered_later_is_gone_from_every_kept_version(desk_vault: DeskVault) -> None:
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    note = desk.add_note(_draft("Lunch", "Talked to Jan Kowalski about voter files."))
    desk.update_note(note.note.id, _draft("Lunch", "Talked to Jan Kowalski. Files: yes."))
    desk.update_note(note.note.id, _draft("Lunch", "Talked to someone. Files: yes."))
    source = desk.register_source(SourceIdentity("Jan Kowalski"), "vendor")
    first = versions.note_history(desk, note.note.id)[0]
    change = versions.entry_change(desk, first.seq)
    assert source.pseudonym in change.fields[-1].after
    assert vault.verify().ok
    key = data_key_of(vault)
    vault.close()
    assert leaked_names(desk_vault.path, key, ["Jan Kowalski", "Kowalski"]) == []
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        view = versions.restore(desk, note.note.id, first.seq)
        assert source.id in view.note.source_ids and "Kowalski" not in view.note.body
        assert vault.verify().ok


def test_a_planted_unreadable_version_stops_no_registration_and_verify_names_it(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note = desk.add_note(_draft("Lunch", "Talked to Jan Kowalski."))
        seq = versions.note_history(desk, note.note.id)[-1].seq
        key = data_key_of(vault)
    conn = raw_connection(desk_vault.path, key)
    conn.execute("UPDATE note_versions SET content = ? WHERE seq = ?", ("{not json", seq))
    conn.commit()
    conn.close()
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.register_source(SourceIdentity("Jan Kowalski"), "vendor")  # no crash
        change = versions.entry_change(desk, seq)
        assert not change.after_kept  # shown as not kept, never parsed
        problems = [str(p) for p in vault.verify().problems]
    assert any(f"history entry {seq}" in p and "altered" in p for p in problems)


def test_restoring_an_old_version_or_an_old_backup_brings_back_no_name(
    desk_vault: DeskVault,
) -> None:
    """Versions and a backup made before the source was registered; the note trashed and
    brought back; the oldest version restored, in the vault and in the backup put back as
    notes.db. Read with the data key: no spelling of the name in any table, the search
    index, history, a free page or the backup."""
    spellings = ["Jan Kowalski", "Kowalski", "Kowalskiego", "J. Kowalski", "jan.k@example.pl"]
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    first = desk.add_note(_draft("Lunch with Jan Kowalski", "Talked to Jana Kowalskiego; "
                                 "J. Kowalski mails from jan.k@example.pl.",
                                 summary="Kowalski on files", tags=("Kowalski",)))  # fmt: skip
    note_id = first.note.id
    desk.update_note(note_id, _draft("Lunch", "Talked to someone."))
    desk.delete_note(note_id)
    vault.backup()
    source = desk.register_source(SourceIdentity("Jan Kowalski", (), ("jan.k@example.pl",)))
    desk.restore_from_trash(note_id)
    oldest = versions.note_history(desk, note_id)[0].seq
    restored = versions.restore(desk, note_id, oldest)
    assert restored.note.title == f"Lunch with {source.pseudonym}"
    assert restored.note.tags == (source.pseudonym,) and source.id in restored.note.source_ids
    assert vault.verify().ok
    key = data_key_of(vault)
    vault.close()
    found = names_in_vault_files(desk_vault.path, key, spellings)
    assert list(found.values()) == [[], []]  # notes.db and the backup
    backup = desk_vault.path / "backups" / list(found)[1]

    # The backup put back in place of notes.db, as someone restoring it would.
    shutil.copyfile(backup, desk_vault.path / "notes.db")
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        assert vault.verify().ok
        assert desk.source(source.id).pseudonym == source.pseudonym
        desk.restore_from_trash(note_id)
        again = versions.restore(desk, note_id, oldest)
        assert "Kowalsk" not in again.note.body and source.id in again.note.source_ids
    assert list(names_in_vault_files(desk_vault.path, key, spellings).values()) == [[], []]
