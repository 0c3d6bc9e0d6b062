"""Attachments under verify: someone holding only the data key (an auditor) edits, deletes,
adds or swaps an attachment's row or its bytes; verify names it, and the untouched vault
passes (the style of test_history_tamper.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

import pytest
import sqlcipher3
from attachment_files import photo, png_with_text
from desk_support import DeskVault, raw_connection

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role

Tamper = Callable[[sqlcipher3.Connection, str, str], None]


@pytest.fixture
def attached(desk_vault: DeskVault) -> tuple[DeskVault, str, str, bytes]:
    """A vault with two attachments; (vault, the photo's id, its sha256, data key)."""
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = desk.add_note(NoteDraft(NoteKind.BOOTH, "Booth", datetime(2026, 11, 20))).note.id
        info = desk.attach(note_id, photo(), "p.jpg")
        desk.attach(note_id, png_with_text(), "c.png")
        assert vault.verify().problems == []
        return desk_vault, info.id, info.sha256, vault._shared().data_key


def _problems(vault_folder: DeskVault) -> list[str]:
    with vault_folder.open(Role.AUDITOR) as vault:
        return [str(p) for p in vault.verify().problems]


def _other_photo() -> bytes:
    from influence_desk.attachments.strip import strip

    return strip(photo(120, 80)).data


def _edit_audience(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("UPDATE attachments SET audience = 'public' WHERE id = ?", (aid,))


def _edit_text(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("UPDATE attachments SET text = 'nothing to see' WHERE id = ?", (aid,))


def _move_to_other_note(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("UPDATE attachments SET note_id = 'ffffffffffffffff' WHERE id = ?", (aid,))


def _swap_bytes(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("UPDATE attachment_contents SET data = ? WHERE sha256 = ?",
                 (_other_photo(), sha))  # fmt: skip


def _swap_bytes_and_hash(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    """The new bytes under their own hash, the row pointed at them: the row no longer
    matches what history signed."""
    data = _other_photo()
    new = hashlib.sha256(data).hexdigest()
    conn.execute("INSERT INTO attachment_contents(sha256, data) VALUES (?, ?)", (new, data))
    conn.execute("UPDATE attachments SET sha256 = ?, size = ? WHERE id = ?",
                 (new, len(data), aid))  # fmt: skip
    conn.execute("DELETE FROM attachment_contents WHERE sha256 = ?", (sha,))


def _delete_row(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("DELETE FROM attachments WHERE id = ?", (aid,))


def _delete_bytes(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM attachment_contents WHERE sha256 = ?", (sha,))


def _add_row(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    conn.execute(
        "INSERT INTO attachments SELECT 'planted00000000', note_id, source_id, kind, mime, "
        "audience, sha256, size, width, height, removed, text, created_at FROM attachments "
        "WHERE id = ?",
        (aid,),
    )


def _add_bytes(conn: sqlcipher3.Connection, aid: str, sha: str) -> None:
    data = b"\xff\xd8 planted bytes"
    conn.execute("INSERT INTO attachment_contents(sha256, data) VALUES (?, ?)",
                 (hashlib.sha256(data).hexdigest(), data))  # fmt: skip


CASES: list[tuple[Tamper, str]] = [
    (_edit_audience, "attachment:{aid}: was changed outside the signed history"),
    (_edit_text, "attachment:{aid}: was changed outside the signed history"),
    (_move_to_other_note, "attachment:{aid}: was changed outside the signed history"),
    (_swap_bytes, "attachment content {sha16}: was changed outside the signed history"),
    (_swap_bytes_and_hash, "attachment:{aid}: was changed outside the signed history"),
    (_delete_row, "attachment:{aid}: was deleted outside the signed history"),
    (_delete_bytes, "attachment content {sha16}: was deleted outside the signed history"),
    (_add_row, "attachment:planted00000000: exists but history never created it"),
    (_add_bytes, "is kept but no attachment uses it"),
]


@pytest.mark.parametrize("tamper, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_tampering_with_an_attachment_is_reported(
    attached: tuple[DeskVault, str, str, bytes], tamper: Tamper, expected: str
) -> None:
    folder, aid, sha, key = attached
    assert _problems(folder) == []
    conn = raw_connection(folder.path, key)
    try:
        tamper(conn, aid, sha)
        conn.commit()
    finally:
        conn.close()
    problems = _problems(folder)
    wanted = expected.format(aid=aid, sha16=sha[:16])
    assert any(wanted in p for p in problems), problems
