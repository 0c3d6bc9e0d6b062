"""What merging notes field by field costs (influence_desk/sync/three_way.py).

    .venv/bin/python bench/sync_fields.py [--notes 1000]

A lead's vault and one replica share N notes. Baseline (same run): the replica changes the
tags of every note, the lead applies its bundle (every edit had seen the note's last
version: no merge). Then the lead changes every title while the replica changes every
summary: the lead applies the replica's bundle, and each of the N notes is merged three-way
from its DAG (no conflict). Timed: both applies, the lead's ``conflicts()`` and ``verify``
afterwards (verify recomputes every merged note). Then both change every note's tags (the
lead adds one, the replica adds another and removes one): each note's tags merged as a set
(no conflict), timed likewise with verify after it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure
from sync_apply import LEAD, RAFA, Timed, lines

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.desk.editing import NoteEdit, edit_note
from influence_desk.model import Role
from influence_desk.sync.replica import make_replica
from influence_desk.sync.three_way import merged_notes
from influence_desk.vault.vault import Vault


def _edit_all(desk: Desk, edit: NoteEdit) -> None:
    for note_id in desk.note_ids():
        edit_note(desk, note_id, edit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sync-fields-bench-"))
    try:
        with Vault.create(work / "team", label="Lena", passphrase=LEAD,
                          kdf=crypto.floor_params()) as vault:  # fmt: skip
            vault.add_slot(Role.RESEARCHER, "Rafa", RAFA, kdf=crypto.floor_params())
            Desk(vault).import_jsonl(lines(args.notes))
            laptop = make_replica(vault, work / "laptop").path
            lead = vault.path
        folder = work / "sync"
        folder.mkdir()
        with Vault.open(lead, LEAD) as lead_vault, Vault.open(laptop, RAFA) as laptop_vault:
            on_lead, on_laptop = Desk(lead_vault), Desk(laptop_vault)
            _edit_all(on_laptop, NoteEdit(tags=("follow-up", "checked")))
            on_laptop.sync(folder)
            with Timed() as linear:
                on_lead.sync(folder)
            _edit_all(on_lead, NoteEdit(title="Booth, retitled"))
            _edit_all(on_laptop, NoteEdit(summary="Summary written on the laptop"))
            on_laptop.sync(folder)
            with Timed() as merged:
                came = on_lead.sync(folder)
            assert came.refused == [] and came.conflicts == 0
            with Timed() as listing:
                assert on_lead.conflicts() == []
            some = on_lead.note(on_lead.note_ids()[0]).note
            assert (some.title, some.summary) == (
                "Booth, retitled",
                "Summary written on the laptop",
            )
            with Timed() as verify:
                report = lead_vault.verify()
            assert report.ok, report.problems[:3]
            with Timed() as recompute:
                expected = merged_notes(on_lead.store)  # verify's part that recomputes merges
            assert len(expected) == args.notes
            on_lead.sync(folder)  # (the laptop gets the merges: both start from them)
            on_laptop.sync(folder)
            _edit_all(on_lead, NoteEdit(tags=("follow-up", "checked", "lead")))
            _edit_all(on_laptop, NoteEdit(tags=("follow-up", "laptop")))
            on_laptop.sync(folder)
            with Timed() as sets:
                came = on_lead.sync(folder)
            assert came.refused == [] and came.conflicts == 0
            tags = on_lead.note(on_lead.note_ids()[0]).note.tags
            assert tags == ("follow-up", "laptop", "lead"), tags
            with Timed() as verify_sets:
                report_sets = lead_vault.verify()
            assert report_sets.ok, report_sets.problems[:3]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{args.notes} notes: apply of edits that had seen the note {linear}; apply of "
        f"concurrent edits merged field by field {merged}; conflicts() {listing}; verify "
        f"{verify} ({report.entries} entries), of which the merges recomputed {recompute}; "
        f"apply of concurrent tag changes merged as sets {sets}, verify after them "
        f"{verify_sets}"
    )
    report_figure(f"sync: apply {args.notes} concurrent edits merged", merged.wall, "s", "",
                  baseline=linear.wall,
                  baseline_label="the same number of edits that need no merge",
                  note=f"CPU {merged.cpu:.2f} s vs {linear.cpu:.2f} s")  # fmt: skip
    report_figure(f"sync: conflicts() over {args.notes} merged notes", listing.wall, "s", "",
                  note=f"CPU {listing.cpu:.2f} s")  # fmt: skip
    report_figure(
        f"sync: verify after {args.notes} merged notes",
        verify.wall,
        "s",
        "",
        note=f"CPU {verify.cpu:.2f} s; recomputing the merges: {recompute.wall:.2f} s",
    )
    report_figure(f"sync: apply {args.notes} concurrent tag changes merged as sets", sets.wall,
                  "s", "", baseline=linear.wall,
                  baseline_label="the same number of edits that need no merge",
                  note=f"CPU {sets.cpu:.2f} s vs {linear.cpu:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
