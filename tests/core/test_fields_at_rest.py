"""Every typed field is pseudonymised at rest (DESIGN §5, issue 11 item 3).

For each field a person types — a note's title, summary, body and tags; an event's name,
city and organiser; an organisation's name, aliases and website; a source's role
description; a custom export profile's key, name and description — one source is registered
*before* the object is written and another *after* it. Then the decrypted databases are read
with the data key, as anyone holding a slot could: every table, the FTS shadow tables and
their vocabulary, history, every page of the file (free pages too) and every backup. No
registered name, alias or contact detail may be found; the Desk still shows the pseudonym.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from desk_support import (
    DeskVault,
    data_key_of,
    fold,
    leaked_names,
    names_in_pages,
    vault_databases,
)

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.export.profiles import ExportProfile
from influence_desk.export.service import profiles, save_custom_profile
from influence_desk.history import read_entries
from influence_desk.model import EventKind, NoteKind, Role, SourceIdentity
from influence_desk.vault.vault import Vault

EARLY = SourceIdentity("Anna Schmidt", ("Ania Schmidt",), ("anna.schmidt@example.org",))
LATE = SourceIdentity("Katarzyna Wiśniewska", ("Kasia",), ("+48 601 234 567",))
EARLY_NAMES = ["Anna Schmidt", "Ania Schmidt", "anna.schmidt@example.org"]
LATE_NAMES = ["Katarzyna Wiśniewska", "Kasia", "+48 601 234 567"]


def write_everything(desk: Desk, name: str, alias: str, contact: str, tag: str) -> dict[str, str]:
    """One object of every kind, each typed field mentioning the person; returns ids."""
    event = desk.add_event(
        EventKind.CHANCE_ENCOUNTER, f"Dinner with {name} ({contact})",
        city=f"{alias}'s home town", organiser=f"{name} and friends",
    )  # fmt: skip
    org = desk.add_organisation(
        f"{name} Consulting", aliases=(f"{alias} & Partner",),
        website=f"https://example.org/team/{contact}",
    )  # fmt: skip
    helper = desk.register_source(
        SourceIdentity(f"Helper of {tag}"), role_description=f"assistant to {name}, {contact}"
    )
    note = desk.add_note(
        NoteDraft(
            NoteKind.INTERVIEW, f"Talk with {name}", datetime(2026, 5, 4, 10, 30),
            body=f"{alias} said the voter file is sold on. Mail {contact}.",
            summary=f"{name} on voter files", event_id=event.id, organisation_ids=(org.id,),
            tags=(contact, f"{name} leak", "voter files"),
        )
    )  # fmt: skip
    save_custom_profile(
        desk,
        ExportProfile(
            key=f"brief-{tag}",
            name=f"Brief for {name}",
            description=f"Leaves {alias} out; ask {contact}.",
        ),
    )
    return {"event": event.id, "org": org.id, "helper": helper.id, "note": note.note.id}


@pytest.fixture
def filled(desk_vault: DeskVault) -> dict[str, dict[str, str]]:
    """EARLY registered before its objects are written, LATE after; a backup taken in
    between still holds LATE's names until LATE is registered."""
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        early = desk.register_source(EARLY)
        ids = {"early": write_everything(desk, "Anna Schmidt", "Ania Schmidt",
                                         "anna.schmidt@example.org", "early")}  # fmt: skip
        ids["late"] = write_everything(desk, "Katarzyna Wiśniewska", "Kasia",
                                       "+48 601 234 567", "late")  # fmt: skip
        vault.backup()
        late = desk.register_source(LATE)
        ids["pseudonyms"] = {"early": early.pseudonym, "late": late.pseudonym}
    return ids


def test_no_registered_name_in_any_table_index_history_or_page(
    desk_vault: DeskVault, filled: dict[str, dict[str, str]]
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        key = data_key_of(vault)
    names = EARLY_NAMES + LATE_NAMES
    databases = vault_databases(desk_vault.path)
    assert len(databases) == 2  # notes.db and the backup made before LATE was registered
    for db in databases:
        assert leaked_names(db, key, names) == [], db.name
        assert names_in_pages(db, key, names) == [], db.name
    db = databases[0]
    # The check itself sees what it looks for: the helper sources' own names are sealed,
    # but the words the fixture typed around the names are stored.
    assert names_in_pages(db, key, ["voter file is sold on"]) == ["voter file is sold on"]


def test_every_field_shows_the_pseudonym(
    desk_vault: DeskVault, filled: dict[str, dict[str, str]]
) -> None:
    for role in (Role.LEAD, Role.AUDITOR):
        with desk_vault.open(role) as vault:
            desk = Desk(vault)
            for which in ("early", "late"):
                ids, pseudonym = filled[which], filled["pseudonyms"][which]
                event = desk.event(ids["event"])
                org = desk.organisation(ids["org"])
                helper = desk.source(ids["helper"])
                note = desk.note(ids["note"]).note
                fields = {
                    "event name": event.name, "event city": event.city,
                    "organiser": event.organiser, "organisation": org.name,
                    "alias": org.aliases[0], "website": org.website,
                    "role": helper.role_description, "title": note.title,
                    "summary": note.summary, "body": note.body,
                    "tag": " ".join(t for t in note.tags if t != "voter files"),
                }  # fmt: skip
                profile = profiles(desk)
                custom = [p for k, p in profile.items() if k.endswith(which)]
                assert len(custom) == 1, sorted(profile)
                fields["profile name"] = custom[0].name
                fields["profile description"] = custom[0].description
                for what, text in fields.items():
                    assert fold(pseudonym) in fold(text), (role, which, what, text)
                    for name in EARLY_NAMES + LATE_NAMES:
                        assert fold(name) not in fold(text), (role, which, what)
                assert desk.note_rows([ids["note"]])[0].event_name == event.name
                assert any(fold(pseudonym) in fold(t) for t, _ in desk.tags())
def test_an_auditor_reads_no_name_in_the_databases_either(
    desk_vault: DeskVault, filled: dict[str, dict[str, str]]
) -> None:
    with desk_vault.open(Role.AUDITOR) as vault:
        key = data_key_of(vault)  # an auditor's slot holds the data key too
    for db in vault_databases(desk_vault.path):
        assert leaked_names(db, key, EARLY_NAMES + LATE_NAMES) == [], db.name


def test_a_rewritten_backup_still_verifies_and_says_why_it_changed(
    desk_vault: DeskVault, filled: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    (backup,) = sorted((desk_vault.path / "backups").glob("notes-*.db"))
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]  # nothing left
    restored = tmp_path / "restored.idvault"
    shutil.copytree(desk_vault.path, restored)
    for leftover in ("notes.db-wal", "notes.db-shm"):
        (restored / leftover).unlink(missing_ok=True)
    shutil.copyfile(backup, restored / "notes.db")
    with Vault.open(restored, desk_vault.passphrase(Role.AUDITOR)) as vault:
        report = vault.verify()
        assert report.ok, report.problems
        desk = Desk(vault)
        late = desk.source_by_pseudonym(filled["pseudonyms"]["late"])
        note = desk.note(filled["late"]["note"]).note
        assert late.id in note.source_ids
        assert filled["pseudonyms"]["late"] in note.body
        assert vault.store is not None
        reasons = [e for e in read_entries(vault.store) if e.payload.get("reason")]
    actions = {e.action for e in reasons}
    assert actions >= {"source.create", "note.update", "event.update", "org.update",
                       "source.update", "vault.settings"}, actions  # fmt: skip


def test_a_backup_older_than_the_signer_is_replaced_not_left_with_the_name(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    """A researcher given access after a backup was made cannot sign entries in its chain:
    their registration replaces that backup with a fresh one instead of leaving the name."""
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.add_note(NoteDraft(NoteKind.BOOTH, "Met Jonas Quill", datetime(2026, 5, 4),
                                body="Jonas Quill sells voter files."))  # fmt: skip
        old = vault.backup()
        vault.add_slot(Role.RESEARCHER, "Rosa", "rosa: late joiner passphrase",
                       crypto.floor_params())  # fmt: skip
        key = data_key_of(vault)
    assert leaked_names(old, key, ["Jonas Quill"]) == ["Jonas Quill"]
    with Vault.open(desk_vault.path, "rosa: late joiner passphrase") as vault:
        desk = Desk(vault)
        desk.register_source(SourceIdentity("Jonas Quill"))
        outcome = desk.last_backup_rewrite
    assert outcome is not None and (outcome.replaced, outcome.rewritten) == (1, 0)
    files = sorted((desk_vault.path / "backups").iterdir())
    assert len(files) == 1 and files[0] != old and not old.exists()
    assert leaked_names(files[0], key, ["Jonas Quill"]) == []
    assert names_in_pages(files[0], key, ["Jonas Quill"]) == []
