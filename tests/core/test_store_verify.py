"""verify() vouches for every event, organisation, source and note, and names the object when
a row is edited, deleted or added directly in notes.db by someone holding only the data key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
import sqlcipher3
from desk_support import DeskVault, data_key_of, raw_connection

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import EventKind, NoteKind, Role, SourceIdentity


@pytest.fixture
def filled(desk_vault: DeskVault) -> dict[str, str]:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        event = desk.add_event(EventKind.PANEL, "Panel")
        org = desk.add_organisation("Acme")
        source = desk.register_source(SourceIdentity("Piotr Nowak"), "analyst", org.id)
        note = desk.add_note(
            NoteDraft(NoteKind.INTERVIEW, "Piotr Nowak talks", datetime(2024, 1, 1),
                      body="Piotr Nowak said so.", event_id=event.id,
                      organisation_ids=(org.id,), tags=("lists",))
        )  # fmt: skip
        desk.import_jsonl(['{"kind": "desk", "title": "imported", "organisations": ["Acme"]}'])
        report = vault.verify()
        assert report.ok, report.problems
        return {"event": event.id, "org": org.id, "source": source.id, "note": note.note.id,
                "key": data_key_of(vault).hex()}  # fmt: skip


Tamper = Callable[[sqlcipher3.Connection, dict[str, str]], None]
TAMPERS: dict[str, tuple[str, Tamper]] = {
    "note title edited": ("note", lambda c, ids: c.execute(
        "UPDATE notes SET title = 'edited' WHERE id = ?", (ids["note"],))),
    "note deleted": ("note", lambda c, ids: c.execute(
        "DELETE FROM notes WHERE id = ?", (ids["note"],))),
    "note tag added": ("note", lambda c, ids: c.execute(
        "INSERT INTO note_tags(nid, tag) SELECT nid, 'forged' FROM notes WHERE id = ?",
        (ids["note"],))),
    "note source unlinked": ("note", lambda c, ids: c.execute(
        "DELETE FROM note_sources WHERE source_id = ?", (ids["source"],))),
    "note surfaces swapped": ("note", lambda c, ids: c.execute(
        "UPDATE note_texts SET surfaces = NULL WHERE nid = "
        "(SELECT nid FROM notes WHERE id = ?)", (ids["note"],))),
    "note body edited": ("note", lambda c, ids: c.execute(
        "UPDATE note_texts SET body = 'forged' WHERE nid = "
        "(SELECT nid FROM notes WHERE id = ?)", (ids["note"],))),
    "note text row deleted": ("note", lambda c, ids: c.execute(
        "DELETE FROM note_texts WHERE nid = (SELECT nid FROM notes WHERE id = ?)",
        (ids["note"],))),
    "source consent edited": ("source", lambda c, ids: c.execute(
        "UPDATE sources SET consent = 'named' WHERE id = ?", (ids["source"],))),
    "source identity replaced": ("source", lambda c, ids: c.execute(
        "UPDATE sources SET identity = x'00112233' WHERE id = ?", (ids["source"],))),
    "source deleted": ("source", lambda c, ids: (
        c.execute("DELETE FROM note_sources WHERE source_id = ?", (ids["source"],)),
        c.execute("DELETE FROM sources WHERE id = ?", (ids["source"],)))),
    "event renamed": ("event", lambda c, ids: c.execute(
        "UPDATE events SET name = 'Other' WHERE id = ?", (ids["event"],))),
    "event deleted": ("event", lambda c, ids: (
        c.execute("UPDATE notes SET event_id = NULL"),
        c.execute("DELETE FROM events WHERE id = ?", (ids["event"],)))),
    "organisation renamed": ("org", lambda c, ids: c.execute(
        "UPDATE organisations SET name = 'Other' WHERE id = ?", (ids["org"],))),
    "organisation added": ("org", lambda c, ids: c.execute(
        "INSERT INTO organisations(id, name, type) VALUES ('forged', 'Forged', 'other')")),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(TAMPERS))
def test_a_row_changed_outside_history_is_named_by_verify(
    desk_vault: DeskVault, filled: dict[str, str], case: str
) -> None:
    kind, tamper = TAMPERS[case]
    conn = raw_connection(desk_vault.path, bytes.fromhex(filled["key"]))
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        tamper(conn, filled)
        conn.commit()
    finally:
        conn.close()
    with desk_vault.open(Role.AUDITOR) as vault:
        report = vault.verify()
    assert not report.ok
    wanted = "org:forged" if case == "organisation added" else f"{kind}:{filled[kind]}"
    assert any(p.where == wanted for p in report.problems), report.problems


def test_the_untouched_vault_verifies_for_every_role(
    desk_vault: DeskVault, filled: dict[str, str]
) -> None:
    for role in Role:
        with desk_vault.open(role) as vault:
            report = vault.verify()
            assert report.ok, report.problems
