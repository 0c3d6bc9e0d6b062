"""Events and organisations merged on one replica travel to the others (issue 15): notes
linking the dropped one follow the survivor wherever they were written and whenever they
arrive, chains of merges resolve, merges crossing each other converge, a kill loses
nothing, and ``verify`` passes on every replica."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sync_team import Team, close_all, desk_of, make_team, passphrase_for, sync, verified

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import EventKind, NoteKind, SourceIdentity


@dataclass(frozen=True)
class Kind:
    """Events or organisations, as the Desk offers them."""

    name: str

    def add(self, desk: Desk, name: str) -> str:
        if self.name == "event":
            return desk.add_event(EventKind.CONFERENCE, name).id
        return desk.add_organisation(name).id

    def merge(self, desk: Desk, keep: str, drop: str) -> None:
        if self.name == "event":
            desk.merge_events(keep, drop)
        else:
            desk.merge_organisations(keep, drop)

    def held(self, desk: Desk) -> list[str]:
        objects = desk.events() if self.name == "event" else desk.organisations()
        return sorted(o.id for o in objects)

    def note(self, desk: Desk, title: str, ref_id: str) -> str:
        links = {"event_id": ref_id} if self.name == "event" else {"organisation_ids": (ref_id,)}
        draft = NoteDraft(NoteKind.OBSERVATION, title, datetime(2026, 11, 24, 9), body=title,
                          **links)  # type: ignore[arg-type]  # fmt: skip
        return desk.add_note(draft).note.id

    def linked(self, desk: Desk, note_id: str) -> tuple[str, ...]:
        note = desk.note(note_id).note
        if self.name == "event":
            return () if note.event_id is None else (note.event_id,)
        return note.organisation_ids


KINDS = [Kind("event"), Kind("organisation")]


def rounds(team: Team, times: int = 3) -> None:
    for _ in range(times):
        for path in team.all:
            assert sync(team, path).refused == []


def shared(team: Team, kind: Kind, *names: str) -> list[str]:
    """Objects made on the lead and synced to every replica."""
    with desk_of(team, team.lead) as desk:
        ids = [kind.add(desk, name) for name in names]
    rounds(team, 1)
    return ids


def everywhere(team: Team, kind: Kind, held: list[str], notes: dict[str, tuple[str, ...]]) -> None:
    for path in team.all:
        with desk_of(team, path) as desk:
            assert kind.held(desk) == sorted(held)
            assert {n: kind.linked(desk, n) for n in notes} == notes
        assert verified(team, path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_note_linking_the_dropped_one_written_elsewhere_follows_the_survivor(
    tmp_path: Path, kind: Kind
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    keep, drop = shared(team, kind, "Lobby Summit", "Lobby Summit 2026")
    with desk_of(team, team.lead) as desk:
        before = kind.note(desk, "Seen at the summit", drop)
        kind.merge(desk, keep, drop)
    assert sync(team, team.lead).refused == []  # sends the merge
    with desk_of(team, laptop) as desk:  # has not heard of the merge
        meanwhile = kind.note(desk, "Booth talk", drop)
    # The laptop sends its note (linking the dropped one), then applies the merge: its own
    # note follows. The lead then receives that note after its merge: it follows there too.
    result = sync(team, laptop)
    assert result.refused == []
    with desk_of(team, laptop) as desk:
        assert kind.linked(desk, meanwhile) == (keep,)
    assert sync(team, team.lead).refused == []
    with desk_of(team, team.lead) as desk:
        assert kind.linked(desk, meanwhile) == (keep,)
    rounds(team)
    everywhere(team, kind, [keep], {before: (keep,), meanwhile: (keep,)})


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_note_linking_the_dropped_one_arriving_after_the_merge_follows_it(
    tmp_path: Path, kind: Kind
) -> None:
    team = make_team(tmp_path, 2)
    writer, late = team.laptops
    keep, drop = shared(team, kind, "Energy Forum", "Energy-Forum")
    with desk_of(team, writer) as desk:
        meanwhile = kind.note(desk, "Panel notes", drop)
    with desk_of(team, team.lead) as desk:
        kind.merge(desk, keep, drop)
    assert sync(team, team.lead).refused == []
    assert sync(team, late).refused == []  # the merge first, then the note comes
    with desk_of(team, writer) as desk:
        desk.sync(team.folder)  # (sends the note; hears of the merge)
    assert sync(team, late).refused == []
    with desk_of(team, late) as desk:
        assert kind.held(desk) == [keep]
        assert kind.linked(desk, meanwhile) == (keep,)
    rounds(team)
    everywhere(team, kind, [keep], {meanwhile: (keep,)})


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_chain_of_merges_on_two_replicas_resolves_to_the_last_survivor(
    tmp_path: Path, kind: Kind
) -> None:
    team = make_team(tmp_path, 2)
    second, stale = team.laptops
    first_id, middle, last = shared(team, kind, "Fair A", "Fair B", "Fair C")
    with desk_of(team, stale) as desk:  # hears of neither merge until the end
        old = kind.note(desk, "Written before both merges", first_id)
        also = kind.note(desk, "Linked to the middle one", middle)
    with desk_of(team, team.lead) as desk:
        kind.merge(desk, middle, first_id)
    sync(team, team.lead)
    sync(team, second)
    with desk_of(team, second) as desk:
        kind.merge(desk, last, middle)
    sync(team, second)
    result = sync(team, stale)
    assert result.refused == []
    with desk_of(team, stale) as desk:
        assert kind.held(desk) == [last]
        assert kind.linked(desk, old) == (last,)
    rounds(team)
    everywhere(team, kind, [last], {old: (last,), also: (last,)})


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_merges_crossing_each_other_converge_and_lose_no_link(tmp_path: Path, kind: Kind) -> None:
    team = make_team(tmp_path, 2)
    here, there = team.lead, team.laptops[0]
    a, b = shared(team, kind, "Climate Week", "Climate-Week")
    with desk_of(team, here) as desk:
        on_a = kind.note(desk, "Linked to A here", a)
        kind.merge(desk, b, a)  # A into B here ...
        after_here = kind.note(desk, "Linked to B after the merge", b)
    with desk_of(team, there) as desk:
        on_b = kind.note(desk, "Linked to B there", b)
        kind.merge(desk, a, b)  # ... B into A there, neither having seen the other
        after_there = kind.note(desk, "Linked to A after the merge", a)
    rounds(team)
    with desk_of(team, here) as desk:
        held = kind.held(desk)
    assert len(held) == 1 and held[0] in (a, b)
    survivor = held[0]
    notes = {n: (survivor,) for n in (on_a, on_b, after_here, after_there)}
    everywhere(team, kind, held, notes)


def test_a_source_at_an_organisation_merged_elsewhere_follows_the_survivor(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    kind = KINDS[1]
    keep, drop = shared(team, kind, "Meta Platforms", "Meta")
    with desk_of(team, laptop) as desk:
        source = desk.register_source(SourceIdentity("Ottilie Brandauer"), "a lobbyist",
                                      organisation_id=drop)  # fmt: skip
    with desk_of(team, team.lead) as desk:
        kind.merge(desk, keep, drop)
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert kind.held(desk) == [keep]
            assert desk.source(source.id).organisation_id == keep
        assert verified(team, path)


@pytest.mark.parametrize("kill_at", ["sync.apply.before_commit@1", "sync.apply.after_commit@1"])
def test_a_sync_killed_while_a_merge_comes_in_loses_nothing(tmp_path: Path, kill_at: str) -> None:
    from influence_desk.killpoints import ENV

    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    kind = KINDS[1]
    keep, drop = shared(team, kind, "Bayer AG", "Bayer")
    with desk_of(team, laptop) as desk:
        meanwhile = kind.note(desk, "Still linking the dropped one", drop)
    with desk_of(team, team.lead) as desk:
        kind.merge(desk, keep, drop)
    sync(team, team.lead)
    close_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, laptop)
    env[ENV] = kill_at  # the lead's bundle: the merge, the laptop's note following it
    exe = Path(sys.executable).with_name("influence-desk")
    done = subprocess.run([str(exe), "sync", str(laptop), str(team.folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert verified(team, laptop)
    with desk_of(team, laptop) as desk:  # all of the bundle, or none of it
        held = kind.held(desk)
        assert held in ([keep], sorted([keep, drop]))
        assert kind.linked(desk, meanwhile) == ((keep,) if held == [keep] else (drop,))
    rounds(team)
    everywhere(team, kind, [keep], {meanwhile: (keep,)})


def test_a_conflict_resolved_to_a_version_linking_a_merged_event_links_the_survivor(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    kind = KINDS[0]
    a, b, c = shared(team, kind, "Expo A", "Expo B", "Expo C")
    with desk_of(team, team.lead) as desk:
        note_id = kind.note(desk, "Which expo?", c)
    rounds(team, 1)
    with desk_of(team, laptop) as desk:  # the laptop links A ...
        view = desk.note(note_id).note
        desk.update_note(note_id, NoteDraft(view.kind, view.title, view.occurred_at,
                                            body=view.body, event_id=a))  # fmt: skip
    with desk_of(team, team.lead) as desk:  # ... the lead, unseen, B, then merges A into B
        for n in range(3):  # (later in the deterministic order: the lead's link is shown)
            kind.note(desk, f"Other {n}", c)
        view = desk.note(note_id).note
        desk.update_note(note_id, NoteDraft(view.kind, view.title, view.occurred_at,
                                            body=view.body, event_id=b))  # fmt: skip
        kind.merge(desk, c, a)
    rounds(team)
    with desk_of(team, team.lead) as desk:
        (conflict,) = [x for x in desk.conflicts() if x.note_id == note_id]
        assert conflict.field == "event"
        desk.resolve_conflict(note_id, "theirs", "event")  # the laptop's: A, merged into C
    rounds(team)
    everywhere(team, kind, [b, c], {note_id: (c,)})
    for path in team.all:
        with desk_of(team, path) as desk:
            assert desk.conflicts() == []


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_note_back_from_the_trash_or_an_old_version_links_the_survivor(
    tmp_path: Path, kind: Kind
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    keep, drop, other = shared(team, kind, "Forum One", "Forum 1", "Another forum")
    with desk_of(team, laptop) as desk:
        trashed = kind.note(desk, "Into the trash", drop)
        desk.delete_note(trashed)
        edited = kind.note(desk, "Edited since", drop)
        view = desk.note(edited).note
        links = {"event_id": other} if kind.name == "event" else {"organisation_ids": (other,)}
        desk.update_note(edited, NoteDraft(view.kind, view.title, view.occurred_at,
                                           body=view.body, **links))  # type: ignore[arg-type]  # fmt: skip
    rounds(team, 1)
    with desk_of(team, team.lead) as desk:
        kind.merge(desk, keep, drop)
    rounds(team, 1)
    with desk_of(team, laptop) as desk:
        desk.restore_from_trash(trashed)
        first = next(v.seq for v in desk.note_history(edited) if v.kept)
        desk.restore_version(edited, first)
    rounds(team)
    everywhere(team, kind, [keep, other], {trashed: (keep,), edited: (keep,)})
