"""JSON lines between vaults of one team: the internal profile carries every mark of the
notes (internal and team-only passages, with their text, as marks) so that importing the
file into another vault of the team restores them exactly, and exporting from there gives
the same file; the team and public profiles still remove what they remove; the internal
profile is never written as a document people read."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from influence_desk.demo import DEMO_PASSPHRASE, create_demo_vault, load_demo_data
from influence_desk.desk import Desk
from influence_desk.errors import BadInput
from influence_desk.export import service
from influence_desk.export.document import ExportResult
from influence_desk.export.profiles import INTERNAL, profile_from_dict, profile_to_dict
from influence_desk.model import MarkLevel
from influence_desk.sync.replica import make_replica
from influence_desk.vault.vault import Vault

DEMO = load_demo_data()


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _spans(level: str) -> list[str]:
    """The text of each ``[[level: …]]`` passage of the demo data (8 characters or more)."""
    found: list[str] = []
    for note in DEMO["notes"]:
        found += re.findall(r"\[\[" + level + r":\s*(.*?)\]\]", note.get("body", ""), re.S)
    return [s for s in found if len(s) >= 8]


def _identities() -> list[str]:
    found: list[str] = []
    for source in DEMO["sources"]:
        who = source["identity"]
        found += [who["real_name"], *who.get("aliases", ()), *who.get("contact", ())]
    return [_fold(v) for v in found if len(v) >= 4]


@pytest.fixture(scope="module")
def team_vaults(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo vault, and a replica of it (the team's other laptop) emptied of notes."""
    folder = tmp_path_factory.mktemp("team")
    first, _ = create_demo_vault(folder)
    with Vault.open(first, DEMO_PASSPHRASE) as v:
        other = make_replica(v, folder / "other.idvault").path
    with Vault.open(other, DEMO_PASSPHRASE) as v:
        desk = Desk(v)
        for note_id in desk.note_ids():
            desk.delete_note(note_id)
        desk.empty_trash()
    return first, other


def _export(vault: Path, profile: str, out: Path, fmt: str = "jsonl") -> ExportResult:
    with Vault.open(vault, DEMO_PASSPHRASE) as v:
        return service.run_export(Desk(v), profile, out, export_format=fmt)


def _marked_bodies(vault: Path) -> dict[str, list[tuple[str, str]]]:
    """Each note's marks as (level, marked text), by title, as the vault holds them."""
    with Vault.open(vault, DEMO_PASSPHRASE) as v:
        desk = Desk(v)
        out = {}
        for note_id in desk.note_ids():
            note = desk.note(note_id).note
            out[note.title] = [(str(m.level), note.body[m.start:m.end]) for m in note.marks]
    return out


def test_internal_jsonl_moves_notes_with_every_mark_to_another_vault_of_the_team(
    team_vaults: tuple[Path, Path], tmp_path: Path
) -> None:
    first, other = team_vaults
    out = tmp_path / "first.jsonl"
    result = _export(first, "internal", out)
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == result.notes_exported > 0
    text = _fold(out.read_text("utf-8"))
    assert [v for v in _identities() if v in text] == []  # still no registered name
    # Off-the-record notes stay behind whatever the profile; background ones travel.
    assert result.left_out_by_reason.get("off-record", 0) >= 1
    assert "[[internal: " in text and "[[team: " in text

    with Vault.open(other, DEMO_PASSPHRASE) as v:
        assert Desk(v).import_jsonl(lines) == len(lines)
    # The other vault holds each mark exactly: same level, same text.
    before, after = _marked_bodies(first), _marked_bodies(other)
    assert set(after) <= set(before) and len(after) == len(lines)
    internal_marks = 0
    for title, marks in after.items():
        assert marks == before[title], f"the marks of one note changed ({len(marks)} marks)"
        internal_marks += sum(1 for level, _ in marks if level == MarkLevel.INTERNAL)
    assert internal_marks >= 3

    again = tmp_path / "second.jsonl"
    _export(other, "internal", again)
    assert sorted(again.read_text("utf-8").splitlines()) == sorted(lines)


def test_team_and_public_jsonl_still_remove_what_they_remove(
    team_vaults: tuple[Path, Path], tmp_path: Path
) -> None:
    first, _ = team_vaults
    for profile in ("team", "public"):
        out = tmp_path / f"{profile}.jsonl"
        _export(first, profile, out)
        raw = out.read_text("utf-8")
        text = _fold(raw)
        assert "[[internal:" not in raw
        assert [s for s in _spans("internal") if _fold(s) in text] == []
        if profile == "public":
            assert "[[team:" not in raw
            assert [s for s in _spans("team") if _fold(s) in text] == []
            assert all(json.loads(line)["sources"] == [] for line in raw.splitlines())
        assert [v for v in _identities() if v in text] == []


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "qdpx"])
def test_the_internal_profile_is_never_a_document(
    team_vaults: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    first, _ = team_vaults
    out = tmp_path / f"notes.{fmt}"
    with pytest.raises(BadInput, match="only as JSON lines"):
        _export(first, "internal", out, fmt)
    assert list(tmp_path.iterdir()) == []


def test_no_custom_profile_can_include_internal_text() -> None:
    stored = profile_to_dict(INTERNAL)
    assert "between_vaults" not in stored  # a custom profile cannot ask for it
    with pytest.raises(BadInput, match="internal"):
        profile_from_dict({**stored, "key": "mine"})

