"""SIGKILL during an import of 10,000 notes (JSONL): all of it or none of it.

A child opens the vault, reads a JSONL file of 10,000 notes (each naming a registered
source, an event and an organisation, with a redaction mark) and imports it with
``Desk.import_jsonl``; it is killed at a random moment spread over the import's measured
duration. After each kill the vault must open with 0 or 10,000 notes, never a number in
between (nor any of the events and organisations the import would have created), pass
``Vault.verify``, and no file of the vault folder, nor any file the run left in the temp dir
(apart from the JSONL file the test wrote), may hold note text in plaintext.

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

import pytest
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "import.before_commit",
    "import.after_commit",
)

LEAD = "lead: correct horse battery"
NOTES = 10_000

CHILD = """
import sys, time
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

path, passphrase, jsonl = sys.argv[1:4]
with open(jsonl, encoding="utf-8") as handle:
    lines = handle.read().splitlines()
vault = Vault.open(path, passphrase)
desk = Desk(vault)
print("ready", flush=True)
start = time.perf_counter()
imported = desk.import_jsonl(lines)
vault.close()
print(f"done {time.perf_counter() - start:.6f} {imported}", flush=True)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The vault (one registered source) and its pseudonym."""
    path = tmp_path_factory.mktemp("import-template") / "import.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        source = Desk(lead).register_source(SourceIdentity("Jonas Quill", ("J. Quill",)))
    return path, source.pseudonym


def _write_jsonl(path: Path, marker: str, pseudonym: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(NOTES):
            note = {
                "kind": "booth",
                "title": f"Expo stand {i}",
                "body": f"{marker} {i}: Jonas Quill showed the voter file "
                f"[[internal: priced at {i} euros]] to us.",
                "summary": f"Voter file demo {i}",
                "date": "2026-02-14",
                "event": "Campaign Tech Expo",
                "organisations": ["Voterlytics"],
                "sources": [pseudonym],
                "tags": ["voter files", "expo"],
            }
            out.write(json.dumps(note) + "\n")


def test_kill_during_import(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    vault_template, pseudonym = template
    marker = f"IMPORTMARK{secrets.token_hex(6)}"
    jsonl = tmp_path / "notes.jsonl"
    _write_jsonl(jsonl, marker, pseudonym)
    started = time.time()
    duration = measure(CHILD, vault_template, tmp_path, [LEAD, str(jsonl)], times=1)
    states = {0: 0, NOTES: 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems = []
        with Vault.open(path, LEAD) as vault:
            desk = Desk(vault)
            count = desk.count_notes()
            if count not in states:
                return [f"{where}: {count} notes after the kill, not 0 or {NOTES}"]
            states[count] += 1
            made = (len(desk.events()), len(desk.organisations()))
            if made != ((0, 0) if count == 0 else (1, 1)):
                problems.append(f"{where}: {count} notes but events, organisations {made}")
            if count:
                view = desk.note(desk.note_ids(sort="title")[0])
                if marker not in view.note.body or "Jonas Quill" in view.note.body:
                    problems.append(f"{where}: an imported note does not read back right")
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
        return problems

    runs = kill_campaign(CHILD, vault_template, tmp_path, [LEAD, str(jsonl)], duration, check,
                         seed=20260214, marker=marker, points=POINTS)  # fmt: skip
    leftovers = plaintext_in_temp(marker, started, exclude=[jsonl])
    assert runs.problems == []
    assert leftovers == [], "plaintext note text left in the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states[0] > 0 and states[NOTES] > 0, states
