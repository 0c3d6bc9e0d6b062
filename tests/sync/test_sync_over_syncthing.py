"""End to end: two replicas of one team, each syncing with its own folder, the folders kept
in step by two real Syncthing instances on loopback. A note written on either laptop shows
on the other. No timing is asserted: each step waits on a condition (the harness's
generous timeout)."""

from __future__ import annotations

from pathlib import Path

from sync_team import Team, add_note, desk_of, make_team, titles, verified
from syncthing_harness import SyncthingCluster

from influence_desk.sync.bundle_format import list_bundles

FOLDER = "influence-desk-team"


def _sync(team: Team, path: Path, folder: Path) -> None:
    with desk_of(team, path) as desk:
        result = desk.sync(folder)
    assert result.refused == []


def test_a_note_written_on_one_laptop_arrives_on_the_other_through_syncthing(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path / "vaults", 1)
    lead, laptop = team.all
    lead_folder, laptop_folder = tmp_path / "lead-sync", tmp_path / "laptop-sync"
    cluster = SyncthingCluster(tmp_path / "syncthing")
    one, two = cluster.add("lead"), cluster.add("laptop")
    cluster.share(FOLDER, {one: lead_folder, two: laptop_folder})
    with cluster:
        cluster.wait_connected(one, two)
        from_lead = add_note(team, lead, "Stand of the data broker", "they sell voter files")
        _sync(team, lead, lead_folder)
        (sent,) = list_bundles(lead_folder)
        cluster.scan(one, FOLDER)
        cluster.wait_for_file(laptop_folder / sent.path.name, sent.path.read_bytes())
        _sync(team, laptop, laptop_folder)
        assert titles(team, laptop)[from_lead] == "Stand of the data broker | they sell voter files"

        from_laptop = add_note(team, laptop, "Panel afterwards", "two ministers came")
        _sync(team, laptop, laptop_folder)
        (back,) = [b for b in list_bundles(laptop_folder) if b.path.name != sent.path.name]
        cluster.scan(two, FOLDER)
        cluster.wait_for_file(lead_folder / back.path.name, back.path.read_bytes())
        _sync(team, lead, lead_folder)
        assert titles(team, lead)[from_laptop] == "Panel afterwards | two ministers came"
    assert titles(team, lead) == titles(team, laptop)
    for path in team.all:
        assert verified(team, path)
