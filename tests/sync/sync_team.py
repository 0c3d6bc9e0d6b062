"""A team of replicas of one vault for the sync tests: a lead's vault, a researcher and an
identity-less helper in it, a replica per laptop, a plain folder between them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role
from influence_desk.sync.replica import make_replica
from influence_desk.sync.run import SyncResult
from influence_desk.vault.vault import Vault

LEAD = "lead passphrase for team sync"
RAFA = "researcher passphrase for team sync"
MIRA = "second researcher passphrase for sync"


@dataclass
class Team:
    lead: Path
    laptops: list[Path]
    folder: Path

    @property
    def all(self) -> list[Path]:
        return [self.lead, *self.laptops]


def make_team(tmp_path: Path, laptops: int, before: Callable[[Desk], None] | None = None) -> Team:
    """The lead's vault and ``laptops`` replicas; ``before`` runs on the lead's vault first."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    with Vault.create(tmp_path / "team", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        vault.add_slot(Role.RESEARCHER, "Rafa", RAFA, kdf=crypto.floor_params())
        vault.add_slot(Role.RESEARCHER, "Mira", MIRA, kdf=crypto.floor_params())
        if before is not None:
            before(Desk(vault))
        made = [make_replica(vault, tmp_path / f"laptop{i}").path for i in range(laptops)]
        lead = vault.path
    folder = tmp_path / "sync"
    folder.mkdir()
    return Team(lead, made, folder)


def passphrase_for(team: Team, path: Path) -> str:
    return LEAD if path == team.lead else (RAFA, MIRA)[team.laptops.index(path) % 2]


_OPEN: dict[Path, Desk] = {}  # each replica opened once per test (an open costs a KDF)


@contextmanager
def desk_of(team: Team, path: Path) -> Iterator[Desk]:
    desk = _OPEN.get(path)
    if desk is None:
        desk = _OPEN[path] = Desk(Vault.open(path, passphrase_for(team, path)))
    yield desk


def close_all() -> None:
    while _OPEN:
        _OPEN.popitem()[1].vault.close()


def sync(team: Team, path: Path) -> SyncResult:
    with desk_of(team, path) as desk:
        return desk.sync(team.folder)


def add_note(team: Team, path: Path, title: str, body: str = "") -> str:
    with desk_of(team, path) as desk:
        return desk.add_note(NoteDraft(NoteKind.BOOTH, title, datetime(2026, 11, 20, 14),
                                       body=body)).note.id  # fmt: skip


def edit_note(team: Team, path: Path, note_id: str, title: str, body: str) -> None:
    with desk_of(team, path) as desk:
        desk.update_note(note_id, NoteDraft(NoteKind.BOOTH, title, datetime(2026, 11, 20, 14),
                                            body=body))  # fmt: skip


def titles(team: Team, path: Path) -> dict[str, str]:
    """Every note's id and title, body, as that replica shows them."""
    with desk_of(team, path) as desk:
        out = {}
        for note_id in desk.note_ids():
            note = desk.note(note_id).note
            out[note_id] = f"{note.title} | {note.body}"
        return out


def verified(team: Team, path: Path) -> bool:
    with desk_of(team, path) as desk:
        report = desk.vault.verify()
        assert report.ok, [str(p) for p in report.problems]
        return True


def remove_member(team: Team, label: str) -> None:
    """The lead removes the slot labelled ``label`` (from the lead's copy)."""
    with desk_of(team, team.lead) as desk:
        slot = next(s for s in desk.vault.list_slots() if s.label == label)
        desk.vault.remove_slot(slot.id)


def photo_removed_by_mira(team: Team) -> tuple[str, str, bytes]:
    """Rafa's photo on a note (note id, attachment id, bytes), removed by Mira; Rafa's copy
    applies that and deletes the bytes; then the lead, who never saw the removal, removes
    Mira: her removal is void and the photo comes back wherever its bytes are found."""
    from attachment_files import photo

    lead, rafa, mira = team.all
    note = add_note(team, rafa, "Roundtable at the hotel", "slides about voter files")
    with desk_of(team, rafa) as desk:
        attachment = desk.attach(note, photo(), "badge.jpg").id
        data = desk.attachment_bytes(attachment)
    for path in (lead, rafa, mira, lead, rafa, mira):
        sync(team, path)
    with desk_of(team, mira) as desk:
        desk.remove_attachment(attachment)
    sync(team, mira)
    sync(team, rafa)
    with desk_of(team, rafa) as desk:
        assert desk.attachments(note) == []
    remove_member(team, "Mira")
    return note, attachment, data


def delete_bundles_carrying(team: Team, data: bytes) -> int:
    """Delete from the folder, as someone tidying it by hand might, every bundle that
    carries ``data`` as attachment bytes; returns how many."""
    import hashlib
    import json

    from influence_desk.sync import bundle_format as fmt
    from influence_desk.sync import keys

    sha256 = hashlib.sha256(data).hexdigest()
    deleted = 0
    with desk_of(team, team.lead) as desk:
        for item in fmt.list_bundles(team.folder):
            body = json.loads(keys.open_bundle(desk.context, item.path).payload)
            if sha256 in body.get("blobs", {}):
                item.path.unlink()
                deleted += 1
    return deleted
