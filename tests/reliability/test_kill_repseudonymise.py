"""SIGKILL while registering a source re-pseudonymises the notes that name them.

The vault holds notes that mention "Jonas Quill" before anyone registered him (and notes that
do not). A child registers him as a source with ``Desk.register_source``, which rewrites every
note naming him in the same transaction; it is killed at a random moment spread over the
measured duration. After each kill the vault must open in one of two states: no source and
every note exactly as before (stored text, sealed names, links, history), or the source and
every note naming him re-pseudonymised (his name nowhere in notes.db, each of those notes
linked to him, the other notes untouched). ``Vault.verify`` must pass, and no file of the
vault folder, nor any file the run left in the temp dir, may hold note text in plaintext.

The child is also killed the child exactly just before and just after the commit point
(POINTS), so both states are checked on every run of the suite, however loaded the machine.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any

import pytest
from desk_support import leaked_names
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "repseudonymise.before_commit",
    "repseudonymise.after_commit",
)

LEAD = "lead: correct horse battery"
NAMING = 600  # notes that mention the source
OTHERS = 200
MARKER = f"REPSEUDOMARK{secrets.token_hex(6)}"

CHILD = """
import sys, time
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

path, passphrase = sys.argv[1:3]
vault = Vault.open(path, passphrase)
desk = Desk(vault)
print("ready", flush=True)
start = time.perf_counter()
desk.register_source(SourceIdentity("Jonas Quill", ("J. Quill",)))
vault.close()
print(f"done {time.perf_counter() - start:.6f}", flush=True)
"""


def _line(i: int) -> str:
    if i % 4 == 3:
        body = f"{MARKER} {i}: the broker's stand had nobody we knew."
        return json.dumps({"kind": "observation", "title": f"Stand {i}", "body": body})
    name = ("Jonas Quill", "jonas quill", "J. Quill", "Jonas\nQuill's")[(i // 4) % 4]
    body = f"{MARKER} {i}: {name} explained how [[team: the voter file]] is matched."
    return json.dumps({"kind": "interview", "title": f"Talk {i} with Jonas Quill",
                       "body": body, "tags": ["voter files"]})  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("repseudo-template") / "repseudo.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        Desk(lead).import_jsonl(_line(i) for i in range(NAMING + OTHERS))
    return path


def _notes(vault: Vault) -> dict[str, tuple[Any, ...]]:
    """Every note as stored (text, sealed names, times) with its links, by note id."""
    store = vault.store
    assert store is not None
    return {row.id: (row, store.note_links(row.nid)) for row in store.iter_notes()}


def test_kill_during_repseudonymisation(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    started = time.time()
    with Vault.open(template, LEAD) as vault:
        before = _notes(vault)
        history_before = vault.checkpoint()
        naming = {i for i, (row, _links) in before.items() if str(row.title).startswith("Talk")}
    assert len(naming) == NAMING
    duration = measure(CHILD, template, tmp_path, [LEAD])
    states = {"old": 0, "new": 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems = []
        with Vault.open(path, LEAD) as vault:
            desk = Desk(vault)
            sources = desk.sources()
            after = _notes(vault)
            if after.keys() != before.keys():
                problems.append(f"{where}: notes came or went")
            changed = {i for i in before if after.get(i) != before[i]}
            if not sources:
                states["old"] += 1
                if changed or vault.checkpoint() != history_before:
                    problems.append(f"{where}: no source, yet {len(changed)} notes changed")
            elif len(sources) == 1:
                states["new"] += 1
                if changed != naming:
                    problems.append(
                        f"{where}: {len(changed & naming)} of {NAMING} naming notes rewritten, "
                        f"{len(changed - naming)} others changed"
                    )
                sid = sources[0].id
                unlinked = [i for i in naming if sid not in desk.note(i).note.source_ids]
                if unlinked:
                    problems.append(f"{where}: {len(unlinked)} naming notes not linked")
                leaks = leaked_names(path, vault._shared().data_key, ["Jonas Quill", "J. Quill"])
                if leaks:
                    problems.append(f"{where}: still stored in notes.db: {leaks}")
            else:
                problems.append(f"{where}: {len(sources)} sources")
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, [LEAD], duration, check, seed=20260401,
                         marker=MARKER, points=POINTS)  # fmt: skip
    leftovers = plaintext_in_temp(MARKER, started)
    assert runs.problems == []
    assert leftovers == [], "plaintext note text left in the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states["old"] > 0 and states["new"] > 0, states
