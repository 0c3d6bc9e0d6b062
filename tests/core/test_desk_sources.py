"""Sources: pseudonyms, sealed identities, reveals, and what auditors can and cannot see."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from desk_support import DeskVault, data_key_of, raw_connection

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.history import Entry
from influence_desk.model import Consent, NoteKind, OrgType, PseudonymStyle, Role, SourceIdentity

IDENTITY = SourceIdentity(
    "Anna Schmidt", ("Annie S.",), ("anna.schmidt@example.de", "+49 170 1234567"), "met twice"
)


def test_register_source_gives_a_unique_stable_pseudonym(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        org = desk.add_organisation("Voter Data GmbH", OrgType.DATA_BROKER)
        sources = [
            desk.register_source(SourceIdentity(f"Person Number{i}"), "role", org.id)
            for i in range(25)
        ]
        pseudonyms = [s.pseudonym for s in sources]
        assert len({p.casefold() for p in pseudonyms}) == 25
        assert all(len(p.split()) == 2 for p in pseudonyms)  # codenames by default
        again = desk.update_source(
            desk.source(sources[0].id).__class__(
                sources[0].id, "Renamed Attempt", "new role", None, Consent.BACKGROUND
            )
        )
        assert again.pseudonym == sources[0].pseudonym  # stable for ever
        assert (again.role_description, again.consent) == ("new role", Consent.BACKGROUND)
        assert desk.source_by_pseudonym(pseudonyms[3].upper()).id == sources[3].id


def test_code_style_pseudonyms(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.set_setting("pseudonym_style", "code")
        assert desk.pseudonym_style is PseudonymStyle.CODE
        source = desk.register_source(IDENTITY)
        assert source.pseudonym.startswith("S-")
        with pytest.raises(BadInput):
            desk.set_setting("pseudonym_style", "nicknames")
        with pytest.raises(BadInput):
            desk.set_setting("vault_id", "x")
        assert vault.verify().ok


def test_identity_is_sealed_and_history_holds_no_name(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(IDENTITY, "sales lead, voter-data broker, EU")
        assert desk.reveal(source.id) == IDENTITY
        key, path = data_key_of(vault), vault.path
    conn = raw_connection(path, key)
    try:
        (blob,) = conn.execute("SELECT identity FROM sources").fetchone()
        history = conn.execute("SELECT action, object_id, payload FROM history").fetchall()
    finally:
        conn.close()
    assert b"Schmidt" not in blob and b"anna" not in blob.lower()
    actions = [(a, o) for a, o, _ in history]
    assert ("source.create", f"source:{source.id}") in actions
    assert ("source.reveal", f"source:{source.id}") in actions
    assert all("Schmidt" not in p and "Annie" not in p for _, _, p in history)
    # The identity is bound to its source: moved to another source id it no longer opens.
    with desk_vault.open(Role.LEAD) as vault:
        other = f"influence-desk source identity v1\x00{vault.vault_id}\x00other".encode()
        with pytest.raises(Exception, match="integrity"):
            crypto.open_sealed(vault.identity_key, bytes(blob), other)


def test_source_content_in_history_is_pseudonym_role_consent_org_and_a_digest(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(IDENTITY, "analyst", consent=Consent.OFF_RECORD)
        content = vault.store.source_object(source.id)  # type: ignore[union-attr]
    assert content is not None
    assert set(content) == {
        "id", "pseudonym", "role_description", "organisation_id", "consent",
        "identity_sha256", "created_at",
    }  # fmt: skip
    assert content["consent"] == "off-record"
    assert "Schmidt" not in json.dumps(content, ensure_ascii=False)


def test_auditor_sees_pseudonyms_only_and_cannot_write_or_reveal(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(IDENTITY, "analyst")
        note = desk.add_note(
            NoteDraft(NoteKind.INTERVIEW, "Anna Schmidt on micro-targeting", datetime(2024, 1, 2),
                      body="Anna Schmidt said: call +49 170 1234567.")
        )  # fmt: skip
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert [s.pseudonym for s in desk.sources()] == [source.pseudonym]
        view = desk.note(note.note.id)
        assert view.note.title == f"{source.pseudonym} on micro-targeting"
        assert "Schmidt" not in view.note.body and "1234567" not in view.note.body
        assert [h.id for h in desk.search(source.pseudonym)] == [note.note.id]
        assert desk.search("Anna Schmidt") == []
        refused = [
            lambda: desk.reveal(source.id),
            lambda: desk.note(note.note.id, reveal=True),
            lambda: desk.register_source(SourceIdentity("Someone Else")),
            lambda: desk.update_source(desk.source(source.id)),
            lambda: desk.add_note(NoteDraft(NoteKind.DESK, "x", datetime(2024, 1, 1))),
            lambda: desk.update_note(note.note.id, NoteDraft(NoteKind.DESK, "x", datetime.now())),
            lambda: desk.delete_note(note.note.id),
            lambda: desk.add_event("conference", "Any"),
            lambda: desk.add_organisation("Any"),
            lambda: desk.import_jsonl(['{"kind": "desk", "title": "x"}']),
            lambda: desk.set_setting("pseudonym_style", "code"),
        ]
        for attempt in refused:
            with pytest.raises(NotPermitted):
                attempt()
        assert vault.verify().ok


def test_every_reveal_is_recorded(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        source = desk.register_source(IDENTITY)
        note = desk.add_note(NoteDraft(NoteKind.DESK, "Annie S.", datetime(2024, 1, 1)))
        desk.reveal(source.id)
        desk.note(note.note.id, reveal=True)
        desk.note(note.note.id)  # an ordinary read is not a reveal
        rows = vault.store.history_rows(10)  # type: ignore[union-attr]
        actions = [Entry.from_row(r).action for r in rows]
        assert actions[:2] == ["note.reveal", "source.reveal"]


def test_bad_identities_are_refused(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        for identity in (SourceIdentity("  "), SourceIdentity("Jo", ("J",))):
            with pytest.raises(BadInput):
                desk.register_source(identity)
        with pytest.raises(BadInput):
            desk.register_source(IDENTITY, organisation_id="nope")
        assert desk.sources() == []


def test_note_counts_by_source(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        a = desk.register_source(IDENTITY)
        b = desk.register_source(SourceIdentity("Piotr Nowak"))
        for text in ("Anna Schmidt", "Annie S. and Piotr Nowak", "nobody"):
            desk.add_note(NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), body=text))
        desk.add_note(NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), source_ids=(b.id,)))
        assert desk.note_counts_by_source() == {a.id: 2, b.id: 2}


def test_two_desks_on_one_vault_share_what_they_know_about_names(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        first, second = Desk(vault), Desk(vault)
        second.add_note(NoteDraft(NoteKind.DESK, "warm the cache", datetime(2024, 1, 1)))
        source = first.register_source(IDENTITY)
        org = first.add_organisation("Acme")
        view = second.add_note(
            NoteDraft(
                NoteKind.DESK, "Anna Schmidt", datetime(2024, 1, 1), organisation_ids=(org.id,)
            )
        )
        assert view.note.title == source.pseudonym
    assert Desk(vault).context.names is None  # locked: no identity stays in memory


def test_a_cancelled_registration_changes_nothing(desk_vault: DeskVault) -> None:
    from influence_desk.errors import Cancelled
    from influence_desk.progress import CancelFlag

    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.import_jsonl(
            [json.dumps({"kind": "desk", "title": f"n{i}", "body": "Anna Schmidt said"})
             for i in range(450)]
        )  # fmt: skip
        head = vault.checkpoint()
        flag = CancelFlag()
        seen: list[tuple[int, int]] = []

        def progress(done: int, total: int) -> None:
            seen.append((done, total))
            if done >= 200:
                flag.cancel()

        with pytest.raises(Cancelled):
            desk.register_source(IDENTITY, progress=progress, cancel=flag)
        assert seen[0] == (0, 450) and desk.sources() == []
        assert vault.checkpoint() == head
        assert len(desk.search("Schmidt", limit=1000)) == 450
        source = desk.register_source(IDENTITY)
        # The surname is stored as the pseudonym; typed in lower case it is searched as
        # typed and as the pseudonym (issue 11 item 6), so it finds her notes, by pseudonym.
        found = desk.search("schmidt", limit=1000)
        assert len(found) == 450 and all("Schmidt" not in h.snippet for h in found)
        assert len(desk.search(source.pseudonym, limit=1000)) == 450
        assert vault.verify().ok
