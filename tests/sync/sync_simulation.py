"""A seeded simulation of a team at work: three replicas of one vault (the lead, two
researchers) doing random operations on their own copies and syncing through one folder
in random orders, one sync SIGKILLed mid-apply (a child process killed at the
``sync.apply`` kill point), then sync rounds until nothing moves.

Every operation is a public Desk call on the replica chosen; what each replica then holds
is read back through the public API too (``snapshot``), with that replica's own key.
``acknowledged`` gathers every note version a replica saved (what the person was told was
kept), so the test can ask that each one is held as a version on every replica at the end.

``OPERATIONS`` lists the operations the simulation draws from. Operations that main does
not carry across replicas yet wait in ``NOT_TRAVELLING_YET`` with the sentence they fail
with (see the test's module docstring): move one into ``OPERATIONS`` once it travels.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sync_team import _OPEN, Team, desk_of, passphrase_for

from influence_desk.desk import Desk, NoteDraft
from influence_desk.killpoints import ENV as KILL_AT_ENV
from influence_desk.model import Consent, EventKind, NoteKind, SourceIdentity
from influence_desk.sync.run import SyncResult

EXE = Path(sys.executable).with_name("influence-desk")
ROOT = Path(__file__).resolve().parents[2]
# The child of sync_killed_at_random: open, say "ready", sync, say "done".
_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault
with Vault.open(sys.argv[2], sys.argv[3]) as vault:
    desk = Desk(vault)
    print("ready", flush=True)
    desk.sync(sys.argv[4])
    print("done 0", flush=True)
"""

WORDS = ("booth", "brochure", "panel", "lobby", "stand", "dinner", "speaker", "ticket",
         "campaign", "platform", "sponsor", "invoice", "badge", "podium", "leaflet",
         "meeting", "contract", "slides", "session", "reception")  # fmt: skip
FIELDS = ("title", "summary", "body", "tags")
TAGS = ("microtargeting", "follow-up", "pricing", "data", "consultancy")
# Sources registered on the lead before the replicas are made (every replica holds them):
# notes link to them in the simulation. Their names are not among WORDS.
SOURCES = ("Ortrud Quellmalz", "Baptiste Vireloup")
SOURCE_FIELDS = ("role_description", "organisation_id", "consent", "identity")


@dataclass
class Version:
    """One note version a replica saved: its entry's hash and fields as shown (links by
    id in the notes compared, not here: a version shows an event by its name of today)."""

    note_id: str
    entry_hash: str
    fields: tuple[tuple[str, str], ...]


@dataclass
class Simulation:
    team: Team
    rng: random.Random
    log: list[str] = field(default_factory=list)  # what happened, for a failure message
    acknowledged: list[Version] = field(default_factory=list)
    killed: list[str] = field(default_factory=list)  # kill points a child died at
    refusals: list[str] = field(default_factory=list)  # sentences of refused bundles

    # --- helpers ----------------------------------------------------------------------

    def desk(self, path: Path) -> Desk:
        with desk_of(self.team, path) as desk:
            return desk

    def name(self, path: Path) -> str:
        return "lead" if path == self.team.lead else f"laptop{self.team.laptops.index(path)}"

    def words(self, n: int = 3) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def acknowledge(self, path: Path, note_id: str) -> None:
        """Remember the version ``path`` just saved of the note (its newest entry)."""
        desk = self.desk(path)
        newest = desk.note_history(note_id)[-1]
        change = desk.entry_change(newest.seq)
        self.acknowledged.append(version_of(note_id, change))

    def sync(self, path: Path) -> SyncResult:
        result = self.desk(path).sync(self.team.folder)
        self.refusals += result.refused
        self.log.append(f"sync {self.name(path)}: sent {result.sent}, applied "
                        f"{result.applied}, waiting {result.waiting}")  # fmt: skip
        return result

    def pick_note(self, path: Path, among: list[str] | None = None) -> str | None:
        ids = sorted(self.desk(path).note_ids()) if among is None else among
        return self.rng.choice(ids) if ids else None

    # --- operations (each on one replica, or two for the concurrent edits) -------------

    def add_note(self, path: Path) -> None:
        desk = self.desk(path)
        events = [e.id for e in desk.events()]
        orgs = [o.id for o in desk.organisations()]
        sources = [s.id for s in desk.sources()]
        draft = NoteDraft(
            self.rng.choice(list(NoteKind)), self.words().capitalize(),
            datetime(2026, 11, self.rng.randint(1, 28), self.rng.randint(8, 20)),
            body=self.words(8), summary=self.words(4),
            event_id=self.rng.choice(events) if events and self.rng.random() < 0.3 else None,
            organisation_ids=tuple(self.rng.sample(orgs, min(len(orgs), self.rng.randint(0, 2)))),
            source_ids=tuple(s for s in sources if self.rng.random() < 0.2),
            tags=tuple(self.rng.sample(TAGS, self.rng.randint(0, 2))),
        )  # fmt: skip
        note_id = desk.add_note(draft).note.id
        self.log.append(f"{self.name(path)} adds {note_id}")
        self.acknowledge(path, note_id)

    def edit(self, path: Path, note_id: str, field_name: str) -> None:
        value: Any = self.words(6)
        if field_name == "tags":
            value = tuple(self.rng.sample(TAGS, self.rng.randint(0, 3)))
        self._save(path, note_id, **{field_name: value})
        self.log.append(f"{self.name(path)} edits {field_name} of {note_id}")

    def link(self, path: Path) -> None:
        """A note linked to an event, organisations and sources this replica holds."""
        desk = self.desk(path)
        note_id = self.pick_note(path)
        if note_id is None:
            return self.add_note(path)
        events = [e.id for e in desk.events()]
        orgs = [o.id for o in desk.organisations()]
        sources = [s.id for s in desk.sources()]
        self._save(
            path, note_id,
            event_id=self.rng.choice(events) if events else None,
            organisation_ids=tuple(self.rng.sample(orgs, min(len(orgs), 2))),
            source_ids=tuple(self.rng.sample(sources, min(len(sources), self.rng.randint(1, 2)))),
        )  # fmt: skip
        self.log.append(f"{self.name(path)} links {note_id}")

    def _save(self, path: Path, note_id: str, **changes: Any) -> None:
        desk = self.desk(path)
        view = desk.note(note_id)
        note = view.note
        keep_refs = "body" not in changes
        draft = NoteDraft(
            kind=note.kind, title=note.title, occurred_at=note.occurred_at,
            body=note.body, summary=note.summary, event_id=note.event_id,
            organisation_ids=note.organisation_ids, source_ids=view.explicit_source_ids,
            tags=note.tags, marks=note.marks if keep_refs else (),
            kept_refs=view.refs if keep_refs else (),
        )  # fmt: skip
        desk.update_note(note_id, dataclasses.replace(draft, **changes))
        self.acknowledge(path, note_id)

    def edit_one(self, path: Path) -> None:
        note_id = self.pick_note(path)
        if note_id is None:
            return self.add_note(path)
        self.edit(path, note_id, self.rng.choice(FIELDS))

    def concurrent_edits(self, same_field: bool) -> None:
        """Two replicas edit one note they both hold, neither having seen the other's edit:
        the same field, or two different fields."""
        one, other = self.rng.sample(self.team.all, 2)
        shared = sorted(set(self.desk(one).note_ids()) & set(self.desk(other).note_ids()))
        note_id = self.pick_note(one, shared)
        if note_id is None:
            return self.add_note(one)
        first, second = self.rng.sample(FIELDS, 2)
        self.edit(one, note_id, first)
        self.edit(other, note_id, first if same_field else second)

    def tag(self, path: Path) -> None:
        """Two replicas each add or remove one random tag of a note they both hold, neither
        having seen the other's change (tags are a set: both changes merge, no conflict)."""
        one, other = self.rng.sample(self.team.all, 2)
        shared = sorted(set(self.desk(one).note_ids()) & set(self.desk(other).note_ids()))
        note_id = self.pick_note(one, shared)
        if note_id is None:
            return self.add_note(one)
        for who in (one, other):
            tags = set(self.desk(who).note(note_id).note.tags)
            toggled = self.rng.choice(TAGS)
            tags ^= {toggled}  # removed if the note has it, else added
            self._save(who, note_id, tags=tuple(sorted(tags)))
            self.log.append(f"{self.name(who)} {'adds' if toggled in tags else 'removes'} "
                            f"tag {toggled} of {note_id}")  # fmt: skip

    def edit_same_field(self, path: Path) -> None:
        self.concurrent_edits(same_field=True)

    def edit_different_fields(self, path: Path) -> None:
        self.concurrent_edits(same_field=False)

    def delete(self, path: Path) -> None:
        note_id = self.pick_note(path)
        if note_id is None:
            return self.add_note(path)
        self.desk(path).delete_note(note_id)
        self.log.append(f"{self.name(path)} deletes {note_id}")

    def restore_from_trash(self, path: Path) -> None:
        trashed = sorted(t.id for t in self.desk(path).trashed_notes())
        if not trashed:
            return self.delete(path)
        note_id = self.rng.choice(trashed)
        self.desk(path).restore_from_trash(note_id)
        self.log.append(f"{self.name(path)} restores {note_id} from the trash")
        self.acknowledge(path, note_id)

    def restore_version(self, path: Path) -> None:
        desk = self.desk(path)
        note_id = self.pick_note(path)
        if note_id is None:
            return self.add_note(path)
        older = [v.seq for v in desk.note_history(note_id)[:-1] if v.kept]
        if not older:
            return self.edit(path, note_id, self.rng.choice(FIELDS))
        seq = self.rng.choice(older)
        desk.restore_version(note_id, seq)
        self.log.append(f"{self.name(path)} restores entry {seq} of {note_id}")
        self.acknowledge(path, note_id)

    def add_event(self, path: Path) -> None:
        event = self.desk(path).add_event(self.rng.choice(list(EventKind)),
                                          f"Fair {self.words(2)}")  # fmt: skip
        self.log.append(f"{self.name(path)} adds event {event.id}")

    def add_organisation(self, path: Path) -> None:
        org = self.desk(path).add_organisation(
            f"{self.words(1).capitalize()} {self.rng.randint(1, 999)} Ltd"
        )
        self.log.append(f"{self.name(path)} adds organisation {org.id}")

    def rename_event(self, path: Path) -> None:
        desk = self.desk(path)
        events = sorted(desk.events(), key=lambda e: e.id)
        if not events:
            return self.add_event(path)
        event = self.rng.choice(events)
        desk.update_event(dataclasses.replace(event, name=f"Fair {self.words(2)}"))
        self.log.append(f"{self.name(path)} renames event {event.id}")

    def merge_organisations(self, path: Path) -> None:
        desk = self.desk(path)
        orgs = sorted(o.id for o in desk.organisations())
        if len(orgs) < 2:
            return self.add_organisation(path)
        keep, drop = self.rng.sample(orgs, 2)
        desk.merge_organisations(keep, drop)
        self.log.append(f"{self.name(path)} merges organisation {drop} into {keep}")

    def merge_events(self, path: Path) -> None:
        desk = self.desk(path)
        events = sorted(e.id for e in desk.events())
        if len(events) < 2:
            return self.add_event(path)
        keep, drop = self.rng.sample(events, 2)
        desk.merge_events(keep, drop)
        self.log.append(f"{self.name(path)} merges event {drop} into {keep}")

    def reveal(self, path: Path) -> None:
        desk = self.desk(path)
        note_id = self.pick_note(path)
        if note_id is None or not desk.can_reveal:
            return self.add_note(path)
        desk.note(note_id, reveal=True)  # a signed note.reveal entry, no content
        self.log.append(f"{self.name(path)} reveals {note_id}")

    def register_source(self, path: Path) -> None:
        number = self.rng.randint(100, 999)
        source = self.desk(path).register_source(SourceIdentity(f"Quirin Zabelsky{number}"))
        self.log.append(f"{self.name(path)} registers {source.id}")

    def edit_source(self, path: Path) -> None:
        """One field of a random source: its role, organisation, consent or identity."""
        sources = sorted(s.id for s in self.desk(path).sources())
        if not sources:
            return self.register_source(path)
        self._edit_source(path, self.rng.choice(sources), self.rng.choice(SOURCE_FIELDS))

    def edit_source_twice(self, path: Path) -> None:
        """Two replicas edit one field of a source both hold, neither having seen the
        other's edit (a conflict unless both chose the same value)."""
        one, other = self.rng.sample(self.team.all, 2)
        shared = sorted({s.id for s in self.desk(one).sources()}
                        & {s.id for s in self.desk(other).sources()})  # fmt: skip
        if not shared:
            return self.register_source(one)
        source_id, field_name = self.rng.choice(shared), self.rng.choice(SOURCE_FIELDS)
        self._edit_source(one, source_id, field_name)
        self._edit_source(other, source_id, field_name)

    def _edit_source(self, path: Path, source_id: str, field_name: str) -> None:
        desk = self.desk(path)
        source = desk.source(source_id)
        identity = None
        if field_name == "role_description":
            source = dataclasses.replace(source, role_description=f"a {self.words(2)}")
        elif field_name == "organisation_id":
            orgs = [None, *sorted(o.id for o in desk.organisations())]
            source = dataclasses.replace(source, organisation_id=self.rng.choice(orgs))
        elif field_name == "consent":
            source = dataclasses.replace(source, consent=self.rng.choice(list(Consent)))
        else:
            now = desk.identity(source.id)
            alias = f"Xaverine Plöttner{self.rng.randint(100, 999)}"
            identity = dataclasses.replace(now, aliases=(*now.aliases, alias))
        desk.update_source(source, identity)
        self.log.append(f"{self.name(path)} edits {field_name} of source {source.id}")

    def sync_one(self, path: Path) -> None:
        self.sync(path)

    # --- the kill ---------------------------------------------------------------------

    def killed_sync(self, path: Path) -> None:
        """``path`` syncs in a child process that is SIGKILLed as it applies a bundle, just
        before or just after its commit (one of the first two bundles: the other two
        replicas each send a fresh one first, so both are waiting for it)."""
        for other in self.team.all:
            if other != path:
                self.add_note(other)
                self.sync(other)
        desk = _OPEN.pop(path, None)
        if desk is not None:
            desk.vault.close()
        point = f"sync.apply.{self.rng.choice(['before_commit', 'after_commit'])}"
        point += f"@{self.rng.randint(1, 2)}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
        env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(self.team, path)
        env[KILL_AT_ENV] = point
        done = subprocess.run([str(EXE), "sync", str(path), str(self.team.folder)], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=300)  # fmt: skip
        assert done.returncode == -signal.SIGKILL, (point, done.returncode, done.stderr[-2000:])
        self.killed.append(point)
        self.log.append(f"{self.name(path)} syncs in a child killed at {point}")

    def sync_killed_at_random(self, path: Path, most: float = 0.25) -> None:
        """``path`` syncs in a child process SIGKILLed a seeded random delay after it opened
        the vault (while sending, applying, or after it finished: the load decides), then
        syncs again."""
        from reliability.killer import run_and_kill

        for other in self.team.all:
            if other != path:
                self.add_note(other)
                self.sync(other)
        desk = _OPEN.pop(path, None)
        if desk is not None:
            desk.vault.close()
        delay = self.rng.uniform(0, most)
        args = [str(ROOT), str(path), passphrase_for(self.team, path), str(self.team.folder)]
        outcome = run_and_kill(_CHILD, args, delay, timeout=300)
        assert outcome.killed or outcome.done_line, outcome.stderr[-2000:]
        self.killed.append(f"{delay:.3f} s" + ("" if outcome.killed else " (had finished)"))
        self.log.append(f"{self.name(path)} syncs in a child killed after {delay:.3f} s")
        # It syncs again at once: wherever the kill landed, the same entries are held after,
        # so the operations drawn next do not depend on the machine's speed.
        self.sync(path)

    # --- running ----------------------------------------------------------------------

    def step(self, operations: dict[str, Callable[[Path], None]]) -> None:
        name = self.rng.choice(sorted(operations))
        path = self.rng.choice(self.team.all)
        operations[name](path)

    def rounds_until_quiet(self, most: int = 8) -> int:
        """Every replica syncs, in a random order each round, until a whole round sends and
        applies nothing; how many bundles then still wait (for heads no bundle brings)."""
        for _ in range(most):
            order = self.rng.sample(self.team.all, len(self.team.all))
            moved = [self.sync(p) for p in order]
            if all(r.sent == 0 and r.applied == 0 for r in moved):
                return sum(r.waiting for r in moved)
        raise AssertionError(f"still moving after {most} rounds:\n" + "\n".join(self.log[-30:]))


def operations_of(sim: Simulation, names: tuple[str, ...]) -> dict[str, Callable[[Path], None]]:
    return {name: getattr(sim, name) for name in names}


# --- what a replica holds, read through the public API ---------------------------------


# Fields a version shows by the current name of what it links to (a rename shows anew).
_BY_CURRENT_NAME = frozenset({"event", "organisations"})


def version_of(note_id: str, change: Any) -> Version:
    fields = tuple((f.name, f.after) for f in change.fields if f.name not in _BY_CURRENT_NAME)
    return Version(note_id, change.entry.entry_hash, fields)


def versions_held(
    desk: Desk, note_ids: set[str]
) -> dict[str, set[tuple[str, tuple[tuple[str, str], ...]]]]:
    """Every kept version of each note: (its entry's hash, its fields as shown)."""
    out: dict[str, set[tuple[str, tuple[tuple[str, str], ...]]]] = {}
    for note_id in sorted(note_ids):
        held = set()
        for version in desk.note_history(note_id):
            if version.kept:
                v = version_of(note_id, desk.entry_change(version.seq))
                held.add((v.entry_hash, v.fields))
        out[note_id] = held
    return out


def snapshot(desk: Desk, note_ids: set[str]) -> dict[str, Any]:
    """What a person sees on one replica: notes (every field, links), events,
    organisations, sources, the trash, the conflicts and every kept version; local entry
    numbers and which version is "mine" left out (they differ between replicas)."""
    notes = {}
    for note_id in sorted(desk.note_ids()):
        view = desk.note(note_id)
        n = view.note
        notes[note_id] = (n.kind, n.title, n.occurred_at, n.body, n.summary, n.event_id,
                          tuple(sorted(n.organisation_ids)), tuple(sorted(n.source_ids)),
                          tuple(sorted(view.explicit_source_ids)), tuple(sorted(n.tags)),
                          n.marks, n.created_at, n.updated_at)  # fmt: skip
    conflicts = sorted(
        (c.kind, c.note_id, c.field,
         sorted((v.replica, v.actor, v.at, v.deleted, v.title, v.text) for v in c.versions))
        for c in desk.conflicts()
    )  # fmt: skip
    sources = sorted(desk.sources(), key=lambda s: s.id)
    return {
        "notes": notes,
        "events": sorted(desk.events(), key=lambda e: e.id),
        "organisations": sorted(desk.organisations(), key=lambda o: o.id),
        "sources": sources,
        # (compared in memory only; every replica here holds the identity key)
        "identities": [desk.identity(s.id) for s in sources],
        "trash": sorted((t.id, t.title, t.trashed_at, t.trashed_by) for t in desk.trashed_notes()),
        "conflicts": conflicts,
        "versions": versions_held(desk, note_ids | set(notes)),
    }
