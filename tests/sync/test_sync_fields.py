"""Notes merged field by field (DESIGN §11 "Merge", sync/three_way.py): researchers who
change different fields of one note see both changes on every replica, whatever order they
sync in, with no conflict; changes of one field become a conflict on that field, listed
with both versions everywhere and resolved (mine, theirs, both) by one signed entry that
travels; `verify` passes on every replica throughout."""

from __future__ import annotations

import random
from contextlib import suppress
from pathlib import Path

from sync_team import Team, add_note, desk_of, make_team, sync, titles, verified

from influence_desk.desk import Desk
from influence_desk.desk.editing import NoteEdit, edit_note
from influence_desk.errors import BadInput
from influence_desk.model import SourceIdentity


def _edit(team: Team, path: Path, note: str, **change: object) -> None:
    with desk_of(team, path) as desk:
        edit_note(desk, note, NoteEdit(**change))  # type: ignore[arg-type]


def _round(team: Team, order: list[Path]) -> None:
    for path in order:
        sync(team, path)


def _shown(team: Team, path: Path, note: str) -> tuple[str, str, str, tuple[str, ...]]:
    with desk_of(team, path) as desk:
        shown = desk.note(note).note
        return shown.title, shown.summary, shown.body, tuple(shown.tags)


def _fields(team: Team, path: Path) -> list[tuple[str, str, list[str]]]:
    """Each conflict as (note, field, the versions' texts)."""
    with desk_of(team, path) as desk:
        return [(c.note_id, c.field, sorted(v.text for v in c.versions))
                for c in desk.conflicts()]  # fmt: skip


def _team_with_note(tmp_path: Path, laptops: int) -> tuple[Team, str]:
    team = make_team(tmp_path, laptops)
    note = add_note(team, team.lead, "Reception", "first text")
    _round(team, team.all)
    return team, note


def test_different_fields_merge_with_no_conflict_in_either_sync_order(tmp_path: Path) -> None:
    results = []
    for run, first in enumerate((0, 1)):
        team, note = _team_with_note(tmp_path / f"run{run}", 1)
        lead, laptop = team.all
        _edit(team, lead, note, title="Reception at the embassy")
        _edit(team, laptop, note, tags=("lobbying", "dinner"))
        order = [team.all[first], team.all[1 - first]]
        _round(team, [*order, *order])
        seen = {_shown(team, p, note) for p in team.all}
        assert len(seen) == 1
        (shown,) = seen
        assert shown[0] == "Reception at the embassy" and shown[2] == "first text"
        assert sorted(shown[3]) == ["dinner", "lobbying"]
        for path in team.all:
            assert _fields(team, path) == []
            assert verified(team, path)
        results.append(shown)
    assert results[0] == results[1]
    # An edit on top of the merge (it has seen both) is shown as made, everywhere.
    _edit(team, laptop, note, body="second text")
    _round(team, [laptop, lead])
    assert {_shown(team, p, note) for p in team.all} == {
        ("Reception at the embassy", "", "second text", shown[3])
    }
    assert verified(team, lead) and verified(team, laptop)


def test_three_replicas_changing_three_fields_converge_in_any_order(tmp_path: Path) -> None:
    rng = random.Random(15)  # seeded: the same orders every run
    outcomes = set()
    for run in range(3):
        team, note = _team_with_note(tmp_path / f"run{run}", 2)
        lead, rafa, mira = team.all
        _edit(team, lead, note, title="Reception (lead)")
        _edit(team, rafa, note, summary="Who was there")
        _edit(team, mira, note, body="Mira's account", tags=("dinner",))
        order = list(team.all)
        rng.shuffle(order)
        for _ in range(2):
            for path in order:
                sync(team, path)
            rng.shuffle(order)
        seen = {_shown(team, p, note) for p in team.all}
        assert seen == {("Reception (lead)", "Who was there", "Mira's account", ("dinner",))}
        for path in team.all:
            assert _fields(team, path) == []
            assert verified(team, path)
        outcomes |= seen
    assert len(outcomes) == 1


def test_one_field_changed_twice_is_a_conflict_listed_everywhere_and_kept_both(
    tmp_path: Path,
) -> None:
    team, note = _team_with_note(tmp_path, 2)
    lead, rafa, mira = team.all
    _edit(team, rafa, note, body="Rafa's account", tags=("dinner",))
    _edit(team, mira, note, body="Mira's account")
    _round(team, [mira, rafa, lead, mira])
    for path in team.all:
        assert _fields(team, path) == [(note, "body", ["Mira's account", "Rafa's account"])]
        assert _shown(team, path, note)[3] == ("dinner",)  # the other field merged
        assert verified(team, path)
    assert len({_shown(team, p, note) for p in team.all}) == 1
    with desk_of(team, mira) as desk:
        (conflict,) = desk.conflicts()
        assert [v.mine for v in conflict.versions].count(True) == 1
        desk.resolve_conflict(note, "both", field="body")
    _round(team, [mira, lead, rafa])
    for path in team.all:
        _title, _summary, body, tags = _shown(team, path, note)
        first, separator, second = body.split("\n\n")
        assert (first, second) == ("Mira's account", "Rafa's account")
        assert "also kept: Rafa's version" in separator
        assert tags == ("dinner",) and _fields(team, path) == []
        assert verified(team, path)


def test_keep_mine_and_keep_theirs_travel(tmp_path: Path) -> None:
    team, note = _team_with_note(tmp_path, 1)
    lead, laptop = team.all
    _edit(team, lead, note, title="Lead's title", body="lead body")
    _edit(team, laptop, note, title="Laptop's title", body="laptop body")
    _round(team, [lead, laptop, lead])
    assert [f for _n, f, _t in _fields(team, lead)] == ["title", "body"]
    with desk_of(team, laptop) as desk:
        desk.resolve_conflict(note, "mine", field="title")
        assert [c.field for c in desk.conflicts()] == ["body"]
    with desk_of(team, lead) as desk:
        desk.resolve_conflict(note, "theirs", field="body")  # concurrently, the other field
    _round(team, [laptop, lead, laptop])
    for path in team.all:
        assert titles(team, path)[note] == "Laptop's title | laptop body"
        assert _fields(team, path) == []
        assert verified(team, path)


def test_a_delete_against_an_edit_is_a_conflict_and_the_delete_can_be_kept(
    tmp_path: Path,
) -> None:
    team, note = _team_with_note(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        desk.delete_note(note)
    _edit(team, laptop, note, tags=("booth",))
    _round(team, [laptop, lead, laptop])
    for path in team.all:
        assert _fields(team, path) == [(note, "note", ["Reception", "deleted"])]
        assert note in titles(team, path)  # shown, with the edit, until someone decides
        assert verified(team, path)
    with desk_of(team, laptop) as desk:
        desk.resolve_conflict(note, "theirs")  # the lead's delete
    _round(team, [laptop, lead])
    for path in team.all:
        assert note not in titles(team, path)
        assert _fields(team, path) == []
        assert verified(team, path)
        with desk_of(team, path) as desk:  # in the trash, as any delete, restorable
            assert [t.id for t in desk.trashed_notes()] == [note]
    with desk_of(team, lead) as desk:
        desk.restore_from_trash(note)
    _round(team, [lead, laptop])
    for path in team.all:
        assert note in titles(team, path) and _fields(team, path) == []
        assert verified(team, path)


def test_a_resolution_and_a_concurrent_edit_elsewhere_merge(tmp_path: Path) -> None:
    team, note = _team_with_note(tmp_path, 2)
    lead, rafa, mira = team.all
    _edit(team, rafa, note, title="Rafa's title")
    _edit(team, mira, note, title="Mira's title")
    _round(team, [rafa, mira, lead, rafa])
    # Rafa edits another field having seen the conflict: the title stays in conflict.
    _edit(team, rafa, note, summary="a summary")
    _round(team, [rafa, lead, mira])
    for path in team.all:
        assert [f for _n, f, _t in _fields(team, path)] == ["title"]
    with desk_of(team, lead) as desk:
        desk.resolve_conflict(note, "both", field="title")
    _edit(team, mira, note, body="Mira's body")  # concurrently with the resolution
    _round(team, [lead, mira, rafa, lead])
    shown = {_shown(team, p, note) for p in team.all}
    assert len(shown) == 1
    title, summary, body, _tags = shown.pop()
    assert title.startswith("Mira's title | ") or title.startswith("Rafa's title | ")
    assert "Mira's title" in title and "Rafa's title" in title
    assert (summary, body) == ("a summary", "Mira's body")
    for path in team.all:
        assert _fields(team, path) == []
        assert verified(team, path)


def _register(desk: Desk) -> None:
    desk.register_source(SourceIdentity("Jonas Quill"))


def test_names_in_fields_from_two_versions_are_revealed_as_typed(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1, before=_register)
    lead, laptop = team.all
    note = add_note(team, lead, "Reception", "first text")
    _round(team, [lead, laptop])
    _edit(team, lead, note, title="Talk with Jonas Quill")
    _edit(team, laptop, note, body="Jonas Quill said the budget doubled.")
    _round(team, [laptop, lead, laptop])
    for path in team.all:
        title, _summary, body, _tags = _shown(team, path, note)
        assert "Jonas Quill" not in title + body  # pseudonymised for everyone
        assert verified(team, path)
    with desk_of(team, lead) as desk:
        revealed = desk.note(note, reveal=True).note
        assert (revealed.title, revealed.body) == (
            "Talk with Jonas Quill", "Jonas Quill said the budget doubled.")  # fmt: skip
    # Both bodies kept: each name still revealed as typed.
    _edit(team, lead, note, body="Jonas Quill left early.")
    _edit(team, laptop, note, body="Later Jonas Quill stayed.")
    _round(team, [laptop, lead, laptop])
    with desk_of(team, lead) as desk:
        desk.resolve_conflict(note, "both")
        revealed = desk.note(note, reveal=True).note
        first, _separator, second = revealed.body.split("\n\n")
        assert (first, second) == ("Jonas Quill left early.", "Later Jonas Quill stayed.")
    _round(team, [lead, laptop])
    for path in team.all:
        assert _fields(team, path) == [] and verified(team, path)


def _everything(team: Team, path: Path) -> tuple[object, ...]:
    """What a replica shows of every note and every conflict (replica-independent)."""
    with desk_of(team, path) as desk:
        notes = sorted((n, _shown(team, path, n)) for n in desk.note_ids())
        found = sorted((c.note_id, c.field, tuple(sorted((v.replica, v.deleted, v.text)
                        for v in c.versions))) for c in desk.conflicts())  # fmt: skip
        return tuple(notes), tuple(found)


def _random_step(team: Team, rng: random.Random, notes: list[str], step: int) -> None:
    path = rng.choice(team.all)
    note = rng.choice(notes)
    roll = rng.random()
    with desk_of(team, path) as desk:
        present = note in desk.note_ids()
        if roll < 0.25:
            sync(team, path)
        elif roll < 0.35:
            found = [c for c in desk.conflicts() if c.note_id == note]
            if found:
                conflict = rng.choice(found)
                keeps = ["mine", "theirs", str(rng.choice(conflict.versions).version)]
                keep = rng.choice([*keeps, "both"] if conflict.text_field else keeps)
                with suppress(BadInput):  # (no version of mine, or several of theirs)
                    desk.resolve_conflict(note, keep, field=conflict.field)
        elif roll < 0.4 and present:
            desk.delete_note(note)
        elif present:
            name = rng.choice(["title", "summary", "body", "tags"])
            value: object = (f"{name} {step}",) if name == "tags" else f"{name} {step}"
            edit_note(desk, note, NoteEdit(**{name: value}))  # type: ignore[arg-type]


def test_random_edits_and_syncs_converge_with_the_same_conflicts_everywhere(
    tmp_path: Path,
) -> None:
    for seed in (1, 2):
        rng = random.Random(seed)
        team = make_team(tmp_path / f"seed{seed}", 2)
        notes = [add_note(team, team.lead, f"Note {i}", "start") for i in range(2)]
        _round(team, team.all)
        for step in range(40):
            _random_step(team, rng, notes, step)
        order = list(team.all)
        for _ in range(2):
            rng.shuffle(order)
            _round(team, order)
        views = {_everything(team, p) for p in team.all}
        assert len(views) == 1, views
        assert next(iter(views))[1]  # (the seeds make conflicts)
        for path in team.all:
            assert verified(team, path)
        # The lead resolves every one (a version of each); after a round none is left.
        with desk_of(team, team.lead) as desk:
            while found := desk.conflicts():
                desk.resolve_conflict(found[0].note_id, str(found[0].versions[0].version),
                                      field=found[0].field)  # fmt: skip
        _round(team, [team.lead, *team.laptops])
        views = {_everything(team, p) for p in team.all}
        assert len(views) == 1 and next(iter(views))[1] == ()
        for path in team.all:
            assert verified(team, path)


def test_verify_checks_a_merged_note_against_the_merge(tmp_path: Path) -> None:
    import sqlcipher3

    team, note = _team_with_note(tmp_path, 1)
    lead, laptop = team.all
    _edit(team, lead, note, title="Reception at the embassy")
    _edit(team, laptop, note, tags=("dinner",))
    _round(team, [lead, laptop, lead])
    assert verified(team, lead)
    with desk_of(team, lead) as desk:
        # Back to the laptop's title: a value history signed, but not what the merge shows.
        conn = sqlcipher3.connect(str(lead / "notes.db"), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{desk.vault._shared().data_key.hex()}'\"")
        conn.execute("UPDATE notes SET title = 'Reception' WHERE id = ?", (note,))
        conn.close()
        problems = [str(p) for p in desk.vault.verify().problems]
    assert f"note:{note}: was changed outside the signed history" in problems


def test_spellings_of_several_versions_open_as_each_field_had_them() -> None:
    from influence_desk.sync.spellings import Segment, compose, open_composite

    sealed = {b"A" * 60: {"title": ["Anna"], "summary": [], "body": ["Bo", "Cy"]},
              b"B" * 60: {"title": [], "summary": ["Di"], "body": ["Ed"]}}  # fmt: skip

    def opened(blob: bytes) -> dict[str, list[str]]:
        return sealed[blob]

    a, b = b"A" * 60, b"B" * 60
    assert compose({f: [Segment(a, f)] for f in ("title", "summary", "body")}) == a
    assert compose({f: [Segment(None, f)] for f in ("title", "summary", "body")}) is None
    mixed = compose({"title": [Segment(a, "title")], "summary": [Segment(b, "summary")],
                     "body": [Segment(a, "body", 1), Segment(b, "body")]})  # fmt: skip
    assert mixed is not None
    assert open_composite(mixed, opened) == {"title": ["Anna"], "summary": ["Di"],
                                             "body": ["Bo", "Ed"]}  # fmt: skip
    nested = compose({"title": [Segment(mixed, "title")], "summary": [Segment(None, "summary")],
                      "body": [Segment(mixed, "body"), Segment(a, "body")]})  # fmt: skip
    assert nested is not None
    assert open_composite(nested, opened) == {"title": ["Anna"], "summary": [],
                                              "body": ["Bo", "Ed", "Bo", "Cy"]}  # fmt: skip


def test_two_different_resolutions_at_once_are_a_conflict_again(tmp_path: Path) -> None:
    team, note = _team_with_note(tmp_path, 1)
    lead, laptop = team.all
    _edit(team, lead, note, body="lead body")
    _edit(team, laptop, note, body="laptop body")
    _round(team, [lead, laptop, lead])
    for path in team.all:
        with desk_of(team, path) as desk:
            desk.resolve_conflict(note, "mine")  # each keeps their own, unaware of the other
    _round(team, [lead, laptop, lead])
    for path in team.all:
        assert _fields(team, path) == [(note, "body", ["laptop body", "lead body"])]
        assert verified(team, path)
