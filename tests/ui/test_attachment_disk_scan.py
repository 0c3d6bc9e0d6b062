"""Nothing of an attachment is left on disk outside the vault after a desktop session that
imports (button and paste), views and exports attachments: not the original's bytes (it was
deleted when offered), not the stored bytes, no thumbnail or temp copy of any image, PDF or
audio file. tests/ui/attachment_session.py is the session; the folders are scanned like
tests/ui/test_marker_scan.py's (the vault and the one export asked for left out)."""

from __future__ import annotations

from pathlib import Path

from attachment_files import OWNER, SERIAL
from attachment_session import ORIGINAL
from marker_session import PASSPHRASE
from test_marker_scan import ENCODINGS, run_session, scan

from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

# The first bytes of every kind of file an attachment (or a thumbnail of one) could become.
MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"%PDF", b"OggS", b"RIFF", b"ID3", b"fLaC", b"GIF8")


def _stored(vault: Path) -> list[bytes]:
    with Vault.open(vault, PASSPHRASE) as opened:
        desk = Desk(opened)
        [note_id] = desk.note_ids()
        return [desk.attachment_bytes(a.id) for a in desk.attachments(note_id)]


def test_a_session_with_attachments_leaves_nothing_of_them_on_disk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault = home / "Documents" / "field.idvault"
    export = home / "Documents" / "exports" / "team-brief.pdf"
    home, temp, xdg = run_session(tmp_path, "attachment_session.py", vault, export)
    stored = _stored(vault)
    assert len(stored) == 2 and export.is_file()
    assert not (home / "Pictures" / ORIGINAL).exists()  # deleted when the app offered it
    needles = [(f"{s!r} as {e}", s.encode(e)) for s in (OWNER, SERIAL) for e in ENCODINGS]
    for number, data in enumerate(stored):  # slices of each stored file's own bytes
        for at in (len(data) // 4, len(data) // 2, 3 * len(data) // 4):
            needles.append((f"attachment {number} bytes at {at}", data[at:at + 48]))
    scanned = [home, temp, *xdg.values()]
    found, files = scan(scanned, skip=[vault, export], needles=needles)
    assert files >= 2 and found == []
    media = [
        str(path) for folder in scanned for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and vault not in path.parents
        and path != export and path.read_bytes()[:4].startswith(MAGIC)
    ]  # fmt: skip
    assert media == []
