"""Registering a source in a vault of N notes with backups: every stored field and every
backup is rewritten (issue 11 item 3).

    .venv/bin/python bench/register.py [--notes 1000] [--sources 200] [--backups 3]

A vault with ``--sources`` registered sources (a name, two aliases, an e-mail and a phone
each) and ``--notes`` notes (~600 B bodies, titles and summaries naming registered sources
and the person registered next, tags, an event and an organisation each), ``--backups``
backups; then ``Desk.register_source`` of one more person, who is named in a third of the
notes: the stored mentions of that person in every field become references, and each backup
is copied, rewritten in its own chain and renamed (``influence_desk.backups``). Timed as a
whole (wall and CPU time of this process; the machine may be shared), with the matcher
rebuild, the note rewrite and the backups shown apart where the code has them.
Baseline (same run): the same vault's notes read and written back unchanged in one
transaction (one UPDATE of each note's text columns) and the backups copied with
``shutil.copyfile``: what moving the data costs without any matching or signing.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import result as report_figure

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import EventKind, NoteKind, SourceIdentity
from influence_desk.vault.vault import Vault

PASSPHRASE = "bench lead: copper willow lantern"
GIVEN = "Katarzyna Anna Jürgen Sophie Maria Ole Dmitri Aoife Lucía Matteo Zofia Ewa".split()
FAMILY = "Schmidt Marchetti Dubois Nowak Kowalczyk Jansen García Rossi Horvath Petrov".split()
WORDS = ("voter file matching consumer data broker campaign geofence rally app tracking "
         "psychometric segment lookalike audience canvassing dashboard pitch vendor booth "
         "turnout model persuasion score addressable television search ads").split()
NEW = SourceIdentity("Katarzyna Wiśniewska", ("Kasia",), ("+48 22 123 45 67",))
T = TypeVar("T")


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    c0, w0 = cpu(), time.perf_counter()
    value = run()
    return value, time.perf_counter() - w0, cpu() - c0


def build(folder: Path, notes: int, sources: int, backups: int) -> Path:
    vault = Vault.create(folder / "bench", label="Bench Lead", passphrase=PASSPHRASE,
                         kdf=crypto.floor_params())  # fmt: skip
    desk = Desk(vault)
    rnd = random.Random(3)
    names = []
    for i in range(sources):
        given, family = rnd.choice(GIVEN), rnd.choice(FAMILY)
        name = f"{given} {family}{i}"
        names.append(name)
        desk.register_source(SourceIdentity(
            name, (f"{given[:3]}{i}", f"{family}{i} {given[0]}."),
            (f"{given.lower()}.{i}@example.org", f"+49 30 {5550000 + i}"),
        ))  # fmt: skip
    event = desk.add_event(EventKind.TRADE_FAIR, "Campaign Tech Europe 2026", "Berlin")
    org = desk.add_organisation("Datapol")
    for i in range(notes):
        words = [rnd.choice(WORDS) for _ in range(80)]
        words.insert(rnd.randrange(len(words)), rnd.choice(names))
        if i % 3 == 0:  # the person registered next, as people write her
            words.insert(rnd.randrange(len(words)),
                         rnd.choice(["Katarzyna Wiśniewska", "Pani Wiśniewska", "Kasia",
                                     "K. Wiśniewska", "Wiśniewskiej"]))  # fmt: skip
        desk.add_note(NoteDraft(
            NoteKind.BOOTH, f"Booth {i}: {rnd.choice(names)}", datetime(2026, 3, 1, 9),
            body=" ".join(words), summary=" ".join(words[:20]), event_id=event.id,
            organisation_ids=(org.id,), tags=("Voter files",),
        ))  # fmt: skip
    for _ in range(backups):
        vault.backup()
    vault.close()
    return vault.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--backups", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, setup, _ = timed(lambda: build(folder, args.notes, args.sources, args.backups))
        print(f"vault built in {setup:.1f} s ({args.notes} notes, {args.sources} sources, "
              f"{args.backups} backups)", flush=True)

        vault = Vault.open(path, PASSPHRASE)
        desk = Desk(vault)
        _, unlock_w, unlock_c = timed(lambda: desk.identity(desk.sources()[0].id))
        _, wall, cpu_s = timed(lambda: desk.register_source(NEW))
        rewritten = desk.last_backup_rewrite
        vault.close()

        # Baseline: the notes' text columns written back unchanged, the backups copied.
        import sqlcipher3

        copy = folder / "baseline"
        shutil.copytree(path, copy)
        vault = Vault.open(copy, PASSPHRASE)
        key = vault._shared().data_key  # as anyone holding a slot has it
        vault.close()

        def bare() -> None:
            conn = sqlcipher3.connect(str(copy / "notes.db"))
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            rows = conn.execute("SELECT nid, summary, body FROM note_texts").fetchall()
            with conn:
                conn.executemany("UPDATE note_texts SET summary = ?, body = ? WHERE nid = ?",
                                 [(s, b, i) for i, s, b in rows])  # fmt: skip
            conn.close()
            for backup in sorted((copy / "backups").glob("*.db")):
                shutil.copyfile(backup, backup.with_suffix(".copy"))

        _, base_w, base_c = timed(bare)

    print(f"matcher at unlock (first identity read)  {unlock_w:6.2f} s  cpu {unlock_c:6.2f} s")
    print(f"register_source, all fields + backups     {wall:6.2f} s  cpu {cpu_s:6.2f} s  "
          f"(backups rewritten: {rewritten})")
    print(f"baseline: rewrite texts + copy backups    {base_w:6.2f} s  cpu {base_c:6.2f} s")
    print(f"ratio                                     {wall / base_w:6.1f}x")
    report_figure(f"register a source: {args.notes:,} notes + {args.backups} backups rewritten",
                  wall, "s", "", baseline=base_w,
                  baseline_label="notes rewritten unchanged + backups copied",
                  ratio=wall / base_w, note=f"cpu {cpu_s:.2f} s; {args.sources} sources")


if __name__ == "__main__":
    main()
