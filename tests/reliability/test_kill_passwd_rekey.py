"""SIGKILL in the middle of `passwd` and `rekey`: the vault must still open, and be whole.

Each run copies one template vault, starts a child that opens it and runs the operation,
and kills the child at a random moment spread over the operation's measured duration
(part of the kills aimed at its write phase, after the passphrase derivation). After each
kill the vault must open with the old or the new passphrase (passwd) or with every
passphrase (rekey), pass SQLite's integrity_check and SQLCipher's cipher_integrity_check,
and verify.

In half of the rekey runs an auditor has the vault open meanwhile (its leftover -wal once
wrecked a rekeyed notes.db).
"""

from __future__ import annotations

import functools
import itertools
import random
import shutil
import statistics
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3
from killer import RECALIBRATE, Outcome, run_and_kill

from influence_desk import crypto
from influence_desk.errors import WrongPassphrase
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

RUNS = 30
LEAD = "lead: correct horse battery"
NEW = "lead: a brand new passphrase"
RESEARCHER = "researcher: staple mirror lagoon"
AUDITOR = "auditor: tranquil ochre kettle"

CHILD = textwrap.dedent(
    """
    import sys, time
    from influence_desk import crypto
    from influence_desk.vault import slots
    from influence_desk.vault.vault import Vault

    path, operation, passphrase, new = sys.argv[1:5]
    marks = {}
    real_wrap = slots.wrap_slot

    def timed_wrap(*args, **kwargs):  # only notes when the derivation ended
        record = real_wrap(*args, **kwargs)
        marks["derived"] = time.perf_counter() - start
        return record

    slots.wrap_slot = timed_wrap
    vault = Vault.open(path, passphrase)
    print("ready", flush=True)
    start = time.perf_counter()
    if operation == "passwd":
        vault.change_passphrase(new, crypto.floor_params())
    else:
        vault.rekey()
    vault.close()
    print(f"done {marks.get('derived', 0.0):.6f} {time.perf_counter() - start:.6f}", flush=True)
    """
)


# Argon2id is deterministic and every copy of the template has the same salts: remembering
# derivations in this process makes the many checks cheap without changing what they check.
_remembered = functools.lru_cache(maxsize=None)(crypto.derive_passphrase_key)


@pytest.fixture(autouse=True)
def remembered_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "derive_passphrase_key", _remembered)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill-template") / "team.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        lead.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, crypto.floor_params())
        lead.add_slot(Role.AUDITOR, "Ada", AUDITOR, crypto.floor_params())
        store = lead.store
        assert store is not None
        with store.transaction():  # a few dozen pages for the rekey to copy
            for i in range(30):
                store.set_meta(f"test.padding.{i:03d}", f"{i:03d}" * 700)
            lead.writer().append("vault.settings", "vault:meta", store.all_meta())
        lead.backup()
        lead.backup()  # rekey re-encrypts these too
    return path


@dataclass
class Runs:
    outcomes: list[Outcome]
    problems: list[str]

    @property
    def killed(self) -> int:
        """Kills that landed before the operation finished."""
        return sum(o.killed and not o.done_line for o in self.outcomes)


def _fresh(template: Path, tmp_path: Path, i: int) -> Path:
    target = tmp_path / f"run{i:03d}.idvault"
    shutil.copytree(template, target)
    return target


class Timing:
    """(end of derivation, end of operation), seconds after "ready", following the machine.

    Three unkilled calibration runs first; then every run that finished before its kill adds
    its own figures, and after ``RECALIBRATE`` runs without any, one more calibration run
    measures afresh. A busy machine can be several times slower while it is measured than a
    minute later (too few kills then land mid-way), or the other way round (none land after
    the commit point); fsync makes single runs vary, so the median of the latest three is
    used."""

    def __init__(self, template: Path, tmp_path: Path, operation: str) -> None:
        self.template, self.tmp_path, self.operation = template, tmp_path, operation
        self.marks: list[tuple[float, float]] = []
        self.quiet = 0
        self.calibrations = 0
        for _ in range(3):
            self._calibrate()

    def _calibrate(self) -> None:
        self.calibrations += 1
        path = _fresh(self.template, self.tmp_path, 900 + self.calibrations)
        outcome = run_and_kill(CHILD, [str(path), self.operation, LEAD, NEW], delay=None)
        assert outcome.returncode == 0, outcome.stderr
        self.after(outcome)
        shutil.rmtree(path)

    def after(self, outcome: Outcome) -> None:
        if outcome.done_line:
            _, derived, total = outcome.done_line.split()
            self.marks.append((float(derived), float(total)))
            self.quiet = 0
        else:
            self.quiet += 1

    def window(self) -> tuple[float, float]:
        if self.quiet >= RECALIBRATE:
            self._calibrate()
        recent = self.marks[-3:]
        return statistics.median(m[0] for m in recent), statistics.median(m[1] for m in recent)


def _attempts(runs: Runs) -> Iterator[int]:
    """``RUNS`` runs; more (up to twice as many) while fewer than half landed mid-way."""
    for i in itertools.count():
        if i >= RUNS and (runs.killed >= RUNS // 2 or i >= 2 * RUNS):
            return
        yield i


def _whole(vault: Vault) -> list[str]:
    assert vault.store is not None
    problems = list(vault.store.integrity_problems())
    report = vault.verify()
    problems += [str(p) for p in report.problems]
    return problems


def _backups_open(path: Path, keys: list[bytes]) -> list[str]:
    bad = []
    for backup in sorted((path / "backups").glob("notes-*.db")):
        for key in keys:
            conn = sqlcipher3.connect(str(backup))
            try:
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
                if conn.execute("PRAGMA cipher_integrity_check").fetchall() == []:
                    conn.execute("SELECT count(*) FROM history").fetchone()
                    break
            except sqlcipher3.DatabaseError:
                pass
            finally:
                conn.close()
        else:
            bad.append(backup.name)
    return bad


def test_kill_during_passwd(template: Path, tmp_path: Path) -> None:
    timing = Timing(template, tmp_path, "passwd")
    rng = random.Random(20261127)
    runs = Runs([], [])
    states = {"old": 0, "new": 0}
    for i in _attempts(runs):
        derived, total = timing.window()
        # Half spread over the whole operation, half over what follows the derivation.
        delay = rng.uniform(0.0 if i % 2 == 0 else derived, total)
        path = _fresh(template, tmp_path, i)
        outcome = run_and_kill(CHILD, [str(path), "passwd", LEAD, NEW], delay)
        timing.after(outcome)
        runs.outcomes.append(outcome)
        where = f"run {i} (kill at {delay * 1000:.0f} ms of {total * 1000:.0f})"
        if not outcome.killed and outcome.returncode != 0:
            runs.problems.append(f"{where}: child failed: {outcome.stderr[-500:]}")
            continue
        opened = []
        for name, words in (("old", LEAD), ("new", NEW)):
            try:
                vault = Vault.open(path, words)
            except WrongPassphrase:
                continue
            except Exception as exc:  # any other failure is what this test exists to catch
                runs.problems.append(f"{where}: {name} passphrase: {exc!r}")
                continue
            with vault:
                opened.append(name)
                runs.problems += [f"{where}: {p}" for p in _whole(vault)]
        if len(opened) != 1:
            runs.problems.append(f"{where}: opened with {opened or 'neither passphrase'}")
            continue
        states[opened[0]] += 1
        for words in (RESEARCHER, AUDITOR):  # nobody else lost their way in
            with Vault.open(path, words) as other:
                assert other.is_open
        shutil.rmtree(path)
    print(f"passwd: {runs.killed} kills landed mid-operation in {len(runs.outcomes)} runs "
          f"({timing.calibrations} calibration runs), opened with {states}")  # fmt: skip
    assert runs.problems == []
    assert runs.killed >= RUNS // 2, f"only {runs.killed} of {len(runs.outcomes)} runs killed"
    assert states["old"] > 0, states  # some kills landed before the new slot was written


def test_kill_during_rekey(template: Path, tmp_path: Path) -> None:
    timing = Timing(template, tmp_path, "rekey")
    rng = random.Random(11272026)
    runs = Runs([], [])
    keys_seen = {"old": 0, "new": 0}
    with Vault.open(template, AUDITOR) as reader:
        assert reader._payload is not None
        old_key = reader._payload.data_key
    for i in _attempts(runs):
        _, total = timing.window()
        delay = rng.uniform(0, total)
        path = _fresh(template, tmp_path, i)
        auditor = Vault.open(path, AUDITOR) if i % 2 else None
        try:
            outcome = run_and_kill(CHILD, [str(path), "rekey", LEAD, NEW], delay)
        finally:
            if auditor is not None:
                auditor.close()
        timing.after(outcome)
        runs.outcomes.append(outcome)
        where = f"run {i} (kill at {delay * 1000:.1f} ms of {total * 1000:.1f}, " + (
            "auditor open)" if auditor else "alone)"
        )
        if not outcome.killed and outcome.returncode != 0:
            runs.problems.append(f"{where}: child failed: {outcome.stderr[-500:]}")
            continue
        current: bytes | None = None
        for role, words in (
            (Role.LEAD, LEAD), (Role.RESEARCHER, RESEARCHER), (Role.AUDITOR, AUDITOR),
        ):  # fmt: skip
            try:
                vault = Vault.open(path, words)
            except Exception as exc:
                runs.problems.append(f"{where}: {role.value} cannot open: {exc!r}")
                continue
            with vault:
                assert vault._payload is not None
                key = vault._payload.data_key
                if current is not None and key != current:
                    runs.problems.append(f"{where}: {role.value} got a different data key")
                current = key
                runs.problems += [f"{where}: {role.value}: {p}" for p in _whole(vault)]
        if (path / "notes.db.rekey").exists():
            runs.problems.append(f"{where}: a writer's open left notes.db.rekey behind")
        if current is not None:
            keys_seen["old" if current == old_key else "new"] += 1
            runs.problems += [
                f"{where}: backup {name} opens with neither key"
                for name in _backups_open(path, [current, old_key])
            ]
        shutil.rmtree(path)
    print(f"rekey: {runs.killed} kills landed mid-operation in {len(runs.outcomes)} runs "
          f"({timing.calibrations} calibration runs), data key {keys_seen}")  # fmt: skip
    assert runs.problems == []
    assert runs.killed >= RUNS // 2, f"only {runs.killed} of {len(runs.outcomes)} runs killed"
    assert keys_seen["old"] > 0 and keys_seen["new"] > 0, keys_seen
