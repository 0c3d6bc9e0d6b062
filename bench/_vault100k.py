"""A vault of N realistic synthetic notes, built once through the Desk and cached.

    from _vault100k import open_vault100k, build_vault100k
    vault = open_vault100k()            # bench/_work/notes-100000.idvault, built if missing

Built by the real bulk path: ``Desk.import_jsonl`` in chunks of 10,000 lines (every note
pseudonymised, indexed and signed in history exactly as a user's import), after registering
200 sources (real names appear in about a third of the notes), 60 organisations and 24
events. Argon2id runs at the floor: the benchmarks time notes, not unlocking. The folder is
git-ignored (bench/_work/); delete it to rebuild.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

WORK = Path(__file__).resolve().parent / "_work"
PASSPHRASE = "bench passphrase: not a secret"
CHUNK = 10_000
# Bump when the schema or the generator changes: the cached vault is then rebuilt.
BUILD = "3"

FIRST = ("Anna Jan Piotr Maria Jürgen Łukasz Γιώργος Ольга Ayşe Seán Marta Tomasz Katarzyna "
         "Nikos Elena Sofia Lars Ingrid Pierre Claire").split()  # fmt: skip
LAST = (
    "Schmidt Kowalski Nowak Müller Wiśniewska Papadopoulos Petrova Yıldız O'Brien Lindqvist "
    "Dubois Rossi Novák Horvath Jensen Virtanen Costa Murphy Weber Fischer"
).split()
WORDS = (
    "voter file matching consumer data broker campaign geofence rally app tracking "
    "psychometric segment lookalike audience canvassing dashboard pitch vendor booth "
    "turnout model persuasion score addressable television search ads texting platform "
    "party client contract pricing list million records opt-in consent breach leak "
    "microtargeting sentiment listening panel survey poll field team door knocking CRM "
    "Zażółć gęślą jaźń Αθήνα Москва München Łódź"
).split()
# A long tail of rarer words (Zipf-like), so a search word hits ~0.1–5 % of notes as in real
# field notes, not every one.
_SYLLABLES = "ka lo mi ne ru sa ti vo ze pra dex mon tel gra fis quo lin bar cor dum".split()
RARE = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES][:5000]
KINDS = ("booth", "interview", "observation", "desk")
TAGS = (
    "voter files", "consumer data", "geotargeting", "micro-targeting", "campaign apps",
    "digital listening", "A/B testing", "psychometric profiling", "lists", "pricing",
)  # fmt: skip


def source_names(n: int = 200) -> list[str]:
    return [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]}{i // 400 or ''}"
            for i in range(n)]  # fmt: skip


def note_lines(n: int, names: list[str], pseudonyms: list[str], seed: int = 11) -> Iterator[str]:
    rnd = random.Random(seed)
    orgs = [f"Org {i:02d} Data" for i in range(60)]
    events = [f"Campaign Tech {2019 + i // 4} #{i % 4}" for i in range(24)]
    for i in range(n):
        words = [
            rnd.choice(WORDS) if rnd.random() < 0.6 else RARE[int(rnd.paretovariate(0.8)) % 5000]
            for _ in range(rnd.randint(60, 110))
        ]
        if rnd.random() < 0.35:
            words.insert(rnd.randrange(len(words)), rnd.choice(names))
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 7)))
        yield json.dumps(
            {
                "kind": rnd.choice(KINDS),
                "title": f"{title} {i}",
                "body": " ".join(words),
                "summary": " ".join(rnd.choice(WORDS) for _ in range(12)),
                "date": f"{2019 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "event": rnd.choice(events) if rnd.random() < 0.7 else None,
                "organisations": rnd.sample(orgs, rnd.randint(0, 2)),
                "sources": [rnd.choice(pseudonyms)] if rnd.random() < 0.2 else [],
                "tags": rnd.sample(TAGS, rnd.randint(0, 3)),
            },
            ensure_ascii=False,
        )


def build_vault100k(notes: int = 100_000, folder: Path | None = None, verbose: bool = True) -> Path:
    folder = folder or WORK / f"notes-{notes}.idvault"
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vault = Vault.create(folder, label="Bench", passphrase=PASSPHRASE, kdf=crypto.floor_params())
    try:
        desk = Desk(vault)
        names = source_names()
        pseudonyms = [desk.register_source(SourceIdentity(n)).pseudonym for n in names]
        lines = note_lines(notes, names, pseudonyms)
        done = 0
        while done < notes:
            chunk = [next(lines) for _ in range(min(CHUNK, notes - done))]
            done += desk.import_jsonl(chunk)
            if verbose:
                rate = done / (time.perf_counter() - started)
                print(f"  built {done:,} notes ({rate:,.0f} notes/s)", file=sys.stderr)
        vault.store.optimise_search_index()  # type: ignore[union-attr]
    finally:
        vault.close()
    (folder / ".complete").write_text(f"{BUILD}:{notes}")
    return folder


def vault100k_path(notes: int = 100_000) -> Path:
    folder = WORK / f"notes-{notes}.idvault"
    marker = folder / ".complete"
    if not marker.exists() or marker.read_text() != f"{BUILD}:{notes}":
        print(f"Building a {notes:,}-note vault in {folder} (cached afterwards)…", file=sys.stderr)
        build_vault100k(notes, folder)
    return folder


def open_vault100k(notes: int = 100_000) -> Vault:
    return Vault.open(vault100k_path(notes), PASSPHRASE)
