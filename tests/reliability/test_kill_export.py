"""SIGKILL during an export: only a finished, checked PDF may exist, and nothing else is left.

A child runs ``influence-desk export VAULT --profile team --out brief.pdf`` (the CLI's own
code, called after it says "ready": opening the vault, choosing the notes, verify, render,
the leak gate, the rename into place, the history entry) on a vault of 150 notes that name a
registered source, and is killed at a random moment spread over the measured duration.
After each kill:

* ``brief.pdf`` is absent, or it is the finished export: byte for byte what an unkilled run
  makes from the same vault on the same day (so it passed the gate), and pypdf opens it;
* the vault's history records the export only if ``brief.pdf`` is there;
* nothing else is in the export folder but the exporter's own temporary file, and the next
  export to that folder, made as a user would, leaves only the two finished PDFs: a killed
  export's temporary file is a partial PDF of note text and must not stay on disk;
* the vault opens and ``Vault.verify`` passes; no file of the vault folder, nor any file the
  run left in the temp dir (apart from the finished exports), holds note text in plaintext.

The child is also killed exactly just before and just after the rename into place and the
history entry (POINTS), so every state above is checked on every run, however loaded the
machine.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import time
from pathlib import Path

import pytest
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf
from pypdf import PdfReader

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.export.formats.writing import TEMP_PREFIX, TEMP_SUFFIX
from influence_desk.export.service import ExportScope, run_export
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "export.before_commit",
    "export.after_commit",
    "export.record.before_commit",
    "export.record.after_commit",
)

LEAD = "lead: correct horse battery"
NOTES = 150  # an export of about 1-3 s here
OUT = "brief.pdf"
NEXT = "next.pdf"
MARKER = f"EXPORTMARK{secrets.token_hex(6)}"

CHILD = """
import os, sys, time
from pathlib import Path
from influence_desk.cli import run

path, passphrase, name = sys.argv[1:4]
folder = Path(path).with_suffix(".out")
folder.mkdir(exist_ok=True)
os.environ["INFLUENCE_DESK_PASSPHRASE"] = passphrase
print("ready", flush=True)
start = time.perf_counter()
code = run(["export", path, "--profile", "team", "--out", str(folder / name), "--json"])
if code:
    sys.exit(code)
print(f"done {time.perf_counter() - start:.6f}", flush=True)
"""


def _line(i: int) -> str:
    body = (
        f"{MARKER} {i}: Jonas Quill explained how the voter file is matched "
        f"[[team: at {i} euros a district]] [[internal: off the record: {i} buyers]]."
    )
    return json.dumps({
        "kind": "interview", "title": f"Talk {i}", "body": body, "date": "2026-02-14",
        "summary": f"Voter file pricing {i}", "event": "Campaign Tech Expo",
        "organisations": ["Voterlytics"], "tags": ["voter files"],
    })  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export-template") / "export.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        desk = Desk(lead)
        desk.register_source(SourceIdentity("Jonas Quill", ("J. Quill",)))
        desk.import_jsonl(_line(i) for i in range(NOTES))
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _temp_files(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX) and
        p.name.endswith(TEMP_SUFFIX)
    )  # fmt: skip


def test_kill_during_export(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    started = time.time()
    with Vault.open(template, LEAD) as vault:
        head_before = vault.checkpoint()
        first_note = Desk(vault).note_ids()[0]
    duration = measure(CHILD, template, tmp_path, [LEAD, OUT])
    # What unkilled runs made: the same vault copy gives the same bytes on the same day.
    finished = [tmp_path / f"measure{i}.out" / OUT for i in range(2)]
    references = {_digest(p) for p in finished}
    assert len(references) == 1, "two unkilled exports of one vault differ"
    states = {"no export": 0, "export": 0, "temp file left": 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems = []
        folder = path.with_suffix(".out")
        out = folder / OUT
        if outcome.done_line:
            if not out.is_file():
                return [f"{where}: the export finished but {OUT} is not there"]
            references.add(_digest(out))
        present = out.is_file()
        states["export" if present else "no export"] += 1
        if present:
            if _digest(out) not in references:
                problems.append(f"{where}: {OUT} is there but is not a finished export")
            try:
                if not PdfReader(out).pages:
                    problems.append(f"{where}: {OUT} has no pages")
            except Exception as exc:  # a partial file is what this test exists to catch
                problems.append(f"{where}: pypdf cannot open {OUT}: {exc!r}")
        left = _temp_files(folder)
        states["temp file left"] += bool(left)
        others = sorted({p.name for p in folder.iterdir()} - {OUT, *left})
        if others:
            problems.append(f"{where}: the export folder holds {others}")
        with Vault.open(path, LEAD) as vault:
            desk = Desk(vault)
            recorded = desk.history_action_counts().get("vault.export", 0)
            if recorded > 1 or (recorded and not present):
                problems.append(f"{where}: {recorded} exports in history, {OUT} there: {present}")
            if not recorded and vault.checkpoint() != head_before:
                problems.append(f"{where}: history changed without an export entry")
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
            # The next export to that folder, as a user would make it.
            run_export(desk, "team", folder / NEXT, ExportScope(note_ids=(first_note,)))
        remaining = sorted(p.name for p in folder.iterdir())
        if remaining != sorted({NEXT, OUT} if present else {NEXT}):
            problems.append(f"{where}: after the next export the folder holds {remaining}")
        shutil.rmtree(folder)
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, [LEAD, OUT], duration, check, seed=20260214,
                         marker=MARKER, points=POINTS)  # fmt: skip
    print(states)
    leftovers = plaintext_in_temp(MARKER, started, exclude=finished)
    assert runs.problems == []
    assert leftovers == [], "plaintext note text left in the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states["no export"] > 0 and states["export"] > 0, states
    assert states["temp file left"] > 0, states  # killed before the rename; the next one cleans up
