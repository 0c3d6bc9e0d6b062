"""SIGKILL in the middle of `passwd` and `rekey`: the vault must still open, and be whole.

Each run copies one template vault, starts a child that opens it and runs the operation, and
kills the child: exactly just before and just after each commit point (POINTS: the child
kills itself there, influence_desk.killpoints), then at random moments spread over the
operation's measured duration. After each kill the vault must open with the old or the new
passphrase (passwd) or with every passphrase (rekey), pass SQLite's integrity_check and
SQLCipher's cipher_integrity_check, and verify; the named points make sure both the old and
the new state are seen on every run, however loaded the machine (the random kills alone
once all landed before rekey's commit point, in 30 runs under load).

In half of the rekey runs (each named point once alone, once so) an auditor has the vault
open meanwhile (its leftover -wal once wrecked a rekeyed notes.db).
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from killer import Outcome, kill_campaign, kill_runs, measure, remember_kdf

from influence_desk import crypto
from influence_desk.errors import WrongPassphrase
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

PASSWD_POINTS = ("passwd.before_commit", "passwd.after_commit")
REKEY_POINTS = (
    "rekey.before_commit",  # the copy under the new key is complete; vault.json still old
    "rekey.after_commit",  # vault.json resealed; notes.db.rekey not yet renamed
    "rekey.install.before_commit",
    "rekey.install.after_commit",  # notes.db under the new key; backups still under the old
    "backup.rekey.before_commit",
    "backup.rekey.after_commit",  # the first backup under the new key, the second not yet
    "backup.rekey.after_commit@2",
)
LEAD = "lead: correct horse battery"
NEW = "lead: a brand new passphrase"
RESEARCHER = "researcher: staple mirror lagoon"
AUDITOR = "auditor: tranquil ochre kettle"
MARKER = "PADDINGMARK"  # the template's padding rows: never in plaintext on disk

CHILD = textwrap.dedent(
    """
    import sys, time
    from influence_desk import crypto
    from influence_desk.vault.vault import Vault

    path, operation, passphrase, new = sys.argv[1:5]
    vault = Vault.open(path, passphrase)
    print("ready", flush=True)
    start = time.perf_counter()
    if operation == "passwd":
        vault.change_passphrase(new, crypto.floor_params())
    else:
        vault.rekey()
    vault.close()
    print(f"done {time.perf_counter() - start:.6f}", flush=True)
    """
)


@pytest.fixture(autouse=True)
def remembered_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    remember_kdf(monkeypatch)


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
                store.set_meta(f"test.padding.{i:03d}", f"{MARKER}{i:03d}" * 150)
            lead.writer().append("vault.settings", "vault:meta", store.all_meta())
        lead.backup()
        lead.backup()  # rekey re-encrypts these too
    return path


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
    args = ["passwd", LEAD, NEW]
    duration = measure(CHILD, template, tmp_path, args)
    states = {"old": 0, "new": 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems: list[str] = []
        opened = []
        for name, words in (("old", LEAD), ("new", NEW)):
            try:
                vault = Vault.open(path, words)
            except WrongPassphrase:
                continue
            with vault:
                opened.append(name)
                problems += [f"{where}: {p}" for p in _whole(vault)]
        if len(opened) != 1:
            return [*problems, f"{where}: opened with {opened or 'neither passphrase'}"]
        if outcome.done_line and opened != ["new"]:
            problems.append(f"{where}: passwd finished, yet only the old passphrase opens")
        states[opened[0]] += 1
        for words in (RESEARCHER, AUDITOR):  # nobody else lost their way in
            with Vault.open(path, words) as other:
                assert other.is_open
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, args, duration, check, seed=20261127,
                         marker=MARKER, points=PASSWD_POINTS, target=kill_runs(15, 50),
                         what="passwd")  # fmt: skip
    print(f"passwd: opened with {states}")
    assert runs.problems == []
    assert runs.killed >= kill_runs(15, 50), f"only {runs.killed} of {runs.attempts} killed"
    assert states["old"] > 0 and states["new"] > 0, states


def test_kill_during_rekey(template: Path, tmp_path: Path) -> None:
    args = ["rekey", LEAD, NEW]
    duration = measure(CHILD, template, tmp_path, args)
    keys_seen = {"old": 0, "new": 0}
    with Vault.open(template, AUDITOR) as reader:
        assert reader._payload is not None
        old_key = reader._payload.data_key

    @contextlib.contextmanager
    def auditor_on_odd_runs(path: Path, run: int) -> Iterator[None]:
        if run % 2 == 0:
            yield
            return
        with Vault.open(path, AUDITOR):
            yield

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems: list[str] = []
        current: bytes | None = None
        for role, words in (
            (Role.LEAD, LEAD), (Role.RESEARCHER, RESEARCHER), (Role.AUDITOR, AUDITOR),
        ):  # fmt: skip
            try:
                vault = Vault.open(path, words)
            except Exception as exc:  # any failure to open is what this test exists to catch
                problems.append(f"{where}: {role.value} cannot open: {exc!r}")
                continue
            with vault:
                assert vault._payload is not None
                key = vault._payload.data_key
                if current is not None and key != current:
                    problems.append(f"{where}: {role.value} got a different data key")
                current = key
                problems += [f"{where}: {role.value}: {p}" for p in _whole(vault)]
        if (path / "notes.db.rekey").exists():
            problems.append(f"{where}: a writer's open left notes.db.rekey behind")
        if current is not None:
            keys_seen["old" if current == old_key else "new"] += 1
            if outcome.done_line and current == old_key:
                problems.append(f"{where}: rekey finished, yet the data key is the old one")
            problems += [
                f"{where}: backup {name} opens with neither key"
                for name in _backups_open(path, [current, old_key])
            ]
        return problems

    each_way = tuple(point for point in REKEY_POINTS for _ in range(2))  # alone, auditor open
    runs = kill_campaign(CHILD, template, tmp_path, args, duration, check, seed=11272026,
                         marker=MARKER, points=each_way, target=kill_runs(15, 50),
                         what="rekey", during=auditor_on_odd_runs)  # fmt: skip
    print(f"rekey: data key {keys_seen}")
    assert runs.problems == []
    assert runs.killed >= kill_runs(15, 50), f"only {runs.killed} of {runs.attempts} killed"
    assert keys_seen["old"] > 0 and keys_seen["new"] > 0, keys_seen
