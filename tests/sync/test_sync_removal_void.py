"""A removal records how far the removed person's chain had been accepted; nothing of
theirs beyond that point is ever applied, on any replica (issue 15, item 5). A replica that
had already applied some of it before it learnt of the removal takes it back when the
removal comes in: those entries stay held (signed, so what others saw still resolves) but
void, and the team goes on: everyone converges, everyone's own work arrives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sync_team import (
    Team,
    add_note,
    close_all,
    desk_of,
    edit_note,
    make_team,
    passphrase_for,
    remove_member,
    sync,
    titles,
    verified,
)


def _one_sentence(sentence: str, words: str) -> None:
    assert words in sentence and sentence.endswith("nothing of it was applied."), sentence
    assert sentence.count(".") == 1 + sentence.count(".idbundle")


def _settle(team: Team, *paths: Path) -> None:
    """Everyone but the removed person syncs until nothing moves."""
    for _round in range(3):
        for path in paths:
            sync(team, path)


def _team_with_a_void_edit(tmp_path: Path) -> tuple[Team, str, str]:
    """Lead, Rafa (B) and Mira (P). Mira's first note is accepted; then she edits it and
    writes a second note, syncs; Rafa gets both; the lead removes her without having seen
    them. Returns the team, the accepted note and the note only Mira's void entries made."""
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    accepted = add_note(team, mira, "Mira's accepted note", "as the lead saw it")
    sync(team, mira)
    sync(team, lead)
    sync(team, rafa)
    edit_note(team, mira, accepted, "Mira's accepted note", "changed after the lead's last sync")
    unseen = add_note(team, mira, "Mira's unseen note", "the lead never had it")
    sync(team, mira)
    got = sync(team, rafa)
    assert got.refused == [] and unseen in titles(team, rafa)
    remove_member(team, "Mira")
    return team, accepted, unseen


def test_what_a_removed_person_wrote_beyond_the_accepted_point_is_void_everywhere(
    tmp_path: Path,
) -> None:
    team, accepted, unseen = _team_with_a_void_edit(tmp_path)
    lead, rafa, _mira = team.all
    sync(team, lead)
    got = sync(team, rafa)
    assert got.refused == []
    assert got.voided == 2  # Mira's edit and her unseen note, taken back on Rafa's copy
    # Rafa goes on working; his work reaches the lead.
    later = add_note(team, rafa, "Rafa after the removal", "must reach the lead")
    sync(team, rafa)
    back = sync(team, lead)
    assert back.refused == [] and back.waiting == 0, back
    _settle(team, lead, rafa)
    shown = titles(team, lead)
    assert later in shown
    assert shown[accepted] == "Mira's accepted note | as the lead saw it"
    assert unseen not in shown
    assert titles(team, rafa) == shown
    for path in (lead, rafa):
        assert verified(team, path)
    # The lead can see what was voided, and whose it was.
    with desk_of(team, lead) as desk:
        voided = desk.voided_entries()
    assert len(voided) == 2 and {v.by for v in voided} == {"Mira"}
    assert {v.object_id for v in voided} == {f"note:{accepted}", f"note:{unseen}"}


def test_a_bundle_the_removed_person_writes_after_the_removal_is_still_refused(
    tmp_path: Path,
) -> None:
    team, _accepted, _unseen = _team_with_a_void_edit(tmp_path)
    lead, rafa, mira = team.all
    sync(team, lead)
    sync(team, rafa)
    add_note(team, rafa, "Rafa names Mira's void entries", "a head the lead must resolve")
    sync(team, rafa)
    _settle(team, lead, rafa)
    add_note(team, mira, "Mira after her removal", "must not arrive")
    sync(team, mira)
    for path in (lead, rafa):
        shown = titles(team, path)
        result = sync(team, path)
        assert len(result.refused) == 1, result.refused
        _one_sentence(result.refused[0], "signed by someone this vault does not trust")
        assert titles(team, path) == shown
        assert verified(team, path)


def test_an_edit_made_on_top_of_a_void_version_survives(tmp_path: Path) -> None:
    team, accepted, unseen = _team_with_a_void_edit(tmp_path)
    lead, rafa, _mira = team.all
    # Before Rafa learns of the removal he edits both of Mira's void versions: his title
    # on the accepted note (her body change under it is hers and goes), his body on the
    # note only she had made (he adopted it: his version is kept whole).
    edit_note(team, rafa, accepted, "Rafa's title", "changed after the lead's last sync")
    edit_note(team, rafa, unseen, "Mira's unseen note", "Rafa rewrote it")
    sync(team, rafa)
    sync(team, lead)
    _settle(team, rafa, lead)
    shown = titles(team, lead)
    assert shown[accepted] == "Rafa's title | as the lead saw it"
    assert shown[unseen] == "Mira's unseen note | Rafa rewrote it"
    assert titles(team, rafa) == shown
    for path in (lead, rafa):
        assert verified(team, path)


@pytest.mark.parametrize("kill_at", ["sync.apply.before_commit@1", "sync.apply.after_commit@1"])
def test_a_sync_killed_while_the_removal_comes_in_converges(tmp_path: Path, kill_at: str) -> None:
    from influence_desk.killpoints import ENV

    team, accepted, unseen = _team_with_a_void_edit(tmp_path)
    lead, rafa, _mira = team.all
    sync(team, lead)
    close_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, rafa)
    env[ENV] = kill_at  # the lead's bundle: the removal, taking Mira's entries back
    exe = Path(sys.executable).with_name("influence-desk")
    done = subprocess.run([str(exe), "sync", str(rafa), str(team.folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert verified(team, rafa)
    shown = titles(team, rafa)  # all of the bundle, or none of it
    assert (unseen in shown) == (kill_at.startswith("sync.apply.before"))
    later = add_note(team, rafa, "Rafa after the kill", "still arrives")
    _settle(team, rafa, lead)
    assert titles(team, rafa) == titles(team, lead)
    assert later in titles(team, lead) and unseen not in titles(team, lead)
    assert titles(team, lead)[accepted] == "Mira's accepted note | as the lead saw it"
    for path in (lead, rafa):
        assert verified(team, path)


def test_a_third_copy_that_syncs_last_shows_the_same(tmp_path: Path) -> None:
    """A copy that learns everything at once (the removal, Mira's bundles, Rafa's work on
    top of her void entries) holds them void as the others do."""
    team = make_team(tmp_path, 3)
    lead, rafa, mira, late = team.all
    accepted = add_note(team, mira, "Mira's accepted note", "as the lead saw it")
    sync(team, mira)
    sync(team, lead)
    edit_note(team, mira, accepted, "Mira's accepted note", "changed after the lead's last sync")
    unseen = add_note(team, mira, "Mira's unseen note", "the lead never had it")
    sync(team, mira)
    sync(team, rafa)
    edit_note(team, rafa, accepted, "Rafa's title", "changed after the lead's last sync")
    sync(team, rafa)
    remove_member(team, "Mira")
    _settle(team, lead, rafa)
    got = sync(team, late)
    assert got.refused == [] and got.waiting == 0, got
    _settle(team, lead, rafa, late)
    shown = titles(team, lead)
    assert shown[accepted] == "Rafa's title | as the lead saw it" and unseen not in shown
    for path in (rafa, late):
        assert titles(team, path) == shown
    for path in (lead, rafa, late):
        assert verified(team, path)
        with desk_of(team, path) as desk:
            assert len(desk.voided_entries()) == 2


def test_an_edit_of_a_field_the_void_entry_changed_is_a_conflict_the_lead_resolves(
    tmp_path: Path,
) -> None:
    """Rafa rewrote the body Mira had changed: his text stays shown, and the lead sees it
    beside the body as it was before her void change, and chooses."""
    team, accepted, _unseen = _team_with_a_void_edit(tmp_path)
    lead, rafa, _mira = team.all
    edit_note(team, rafa, accepted, "Mira's accepted note", "Rafa rewrote Mira's body")
    sync(team, rafa)
    _settle(team, lead, rafa)
    assert titles(team, lead)[accepted] == "Mira's accepted note | Rafa rewrote Mira's body"
    with desk_of(team, lead) as desk:
        (conflict,) = desk.conflicts()
        assert conflict.field == "body"
        texts = {v.text: v.version for v in conflict.versions}
        assert set(texts) == {"as the lead saw it", "Rafa rewrote Mira's body"}
        desk.resolve_conflict(accepted, str(texts["as the lead saw it"]), "body")
    _settle(team, lead, rafa)
    for path in (lead, rafa):
        assert titles(team, path)[accepted] == "Mira's accepted note | as the lead saw it"
        with desk_of(team, path) as desk:
            assert desk.conflicts() == []
        assert verified(team, path)
