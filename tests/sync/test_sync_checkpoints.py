"""Checkpoints stay meaningful across replicas (issue 15, item 1): the checkpoint printed on
an export names the history the export shows, including what came in by sync; an auditor
typing it on any copy that holds that history is told "confirmed", never "contradicted";
and a copy that has not received it yet says so without crying tampering.

The checkpoint is read back from the PDF with pdftotext, a tool the app does not use."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_team import Team, add_note, close_all, desk_of, edit_note, make_team, sync

from influence_desk.admin import Administration
from influence_desk.checkpoints import CheckpointState
from influence_desk.export.service import run_export
from influence_desk.history import Entry, parse_checkpoint


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_all()


def _printed_checkpoint(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    found = re.findall(r"\b(\d+:[0-9a-f]{64})\b", text)
    assert found, "no full checkpoint printed on the PDF"
    assert len(set(found)) == 1
    return found[0]


def _check(team: Team, path: Path, checkpoint: str) -> CheckpointState:
    with desk_of(team, path) as desk:
        return Administration(desk.vault).check_checkpoint(checkpoint).state


def _verify_against(team: Team, path: Path, checkpoint: str) -> bool:
    with desk_of(team, path) as desk:
        report = desk.vault.verify(parse_checkpoint(checkpoint))
        return report.ok


def _team_with_a_note_from_rafa(tmp_path: Path) -> tuple[Team, str]:
    team = make_team(tmp_path, 1)
    rafa = team.laptops[0]
    note_id = add_note(team, rafa, "Booth of VoterGrid", "They sell lists per district.")
    sync(team, rafa)
    sync(team, team.lead)  # the lead's own head is older than Rafa's note now
    return team, note_id


def test_an_export_right_after_a_sync_prints_a_checkpoint_naming_what_came_in(
    tmp_path: Path,
) -> None:
    team, note_id = _team_with_a_note_from_rafa(tmp_path)
    rafa = team.laptops[0]
    pdf = tmp_path / "summary.pdf"
    with desk_of(team, team.lead) as desk:
        run_export(desk, "public", pdf)
    printed = _printed_checkpoint(pdf)
    number, digest = parse_checkpoint(printed)
    with desk_of(team, team.lead) as desk:
        store = desk.vault._store()
        named = Entry.from_row(store.history_row_by_hash(digest))
        rafa_id = next(r for r in store.replicas() if r != store.local_replica())
        assert named.number == number
        # The entry the checkpoint names had seen Rafa's newest entry: the note it shows.
        assert named.heads[rafa_id][0] == store.replica_head(rafa_id)[0]
        assert "Booth of VoterGrid" in {desk.note(n).note.title for n in desk.note_ids()}
    assert _check(team, team.lead, printed) is CheckpointState.CONFIRMED
    assert _verify_against(team, team.lead, printed)
    # Rafa's copy has not received the checkpoint's entry yet: unknown, not tampering.
    assert _check(team, rafa, printed) is CheckpointState.UNKNOWN
    sync(team, team.lead)
    sync(team, rafa)
    assert _check(team, rafa, printed) is CheckpointState.CONFIRMED
    assert _verify_against(team, rafa, printed)
    assert note_id


def test_a_checkpoint_of_either_replica_is_confirmed_on_the_other_after_sync(
    tmp_path: Path,
) -> None:
    team, note_id = _team_with_a_note_from_rafa(tmp_path)
    rafa = team.laptops[0]
    edit_note(team, team.lead, note_id, "Booth of VoterGrid (lead)", "Lists per district.")
    with desk_of(team, rafa) as desk:
        rafas = desk.vault.checkpoint()
    with desk_of(team, team.lead) as desk:
        leads = desk.vault.checkpoint()
    for _ in range(2):
        sync(team, team.lead)
        sync(team, rafa)
    for path in team.all:
        for checkpoint in (rafas, leads):
            assert _check(team, path, checkpoint) is CheckpointState.CONFIRMED, (path, checkpoint)
            assert _verify_against(team, path, checkpoint)


def test_a_mistyped_checkpoint_of_another_replica_is_called_a_typo(tmp_path: Path) -> None:
    team, _ = _team_with_a_note_from_rafa(tmp_path)
    with desk_of(team, team.laptops[0]) as desk:
        number, digest = parse_checkpoint(desk.vault.checkpoint())
    typo = f"{number}:{'0' if digest[0] != '0' else '1'}{digest[1:]}"
    assert _check(team, team.lead, typo) is CheckpointState.MALFORMED
    assert _check(team, team.lead, f"{number + 1}:{digest}") is CheckpointState.MALFORMED


def test_a_checkpoint_whose_entry_was_cut_out_of_a_copy_is_contradicted(tmp_path: Path) -> None:
    """Someone holding the data key deletes the lead's newest entries from a copy that
    had seen them: an entry still held names the one the checkpoint names, so the answer
    is "contradicted", not "not received yet"."""
    team, note_id = _team_with_a_note_from_rafa(tmp_path)
    rafa = team.laptops[0]
    edit_note(team, team.lead, note_id, "Booth of VoterGrid (lead)", "Lists per district.")
    with desk_of(team, team.lead) as desk:
        leads = desk.vault.checkpoint()
    sync(team, team.lead)
    sync(team, rafa)
    add_note(team, rafa, "Second booth", "Rafa's own, after seeing the lead's edit.")
    _, digest = parse_checkpoint(leads)
    with desk_of(team, rafa) as desk:
        store = desk.vault._store()
        with store.transaction():
            store._exec("DELETE FROM history WHERE entry_hash = ?", (digest,))
    assert _check(team, rafa, leads) is CheckpointState.CONTRADICTED
    assert not _verify_against(team, rafa, leads)
