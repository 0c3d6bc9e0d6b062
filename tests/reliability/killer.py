"""Run a child process and SIGKILL it a chosen time after it says it is ready.

The child prints ``ready`` (flushed) just before the operation under test and ``done ...``
when it has finished; the delay counts from ``ready``, so interpreter start-up and imports
are not part of the window the kills are spread over.

Also shared by the fault-injection tests: how many runs (``kill_runs``: a fast subset by
default, the full count when ``INFLUENCE_DESK_FULL_RELIABILITY=1`` is set or pytest is given
``--full-reliability``), Argon2id remembered across checks, and the plaintext scan.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import select
import shutil
import signal
import stat
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from influence_desk.killpoints import ENV as KILL_AT_ENV

FULL_ENV = "INFLUENCE_DESK_FULL_RELIABILITY"
RECALIBRATE = 10  # attempts without a fresh figure of the duration before measuring again


def full_run() -> bool:
    """The long runs (e.g. 50 kills per operation) instead of CI's fast subset."""
    return os.environ.get(FULL_ENV) == "1"


def kill_runs(ci: int = 10, full: int = 50) -> int:
    return full if full_run() else ci


@dataclass(frozen=True)
class Outcome:
    killed: bool  # SIGKILL arrived before the child finished
    returncode: int
    done_line: str  # the child's "done ..." line when it finished, else ""
    stderr: str
    stdout: str = ""  # everything the child printed after "ready"


def run_and_kill(
    script: str,
    args: list[str],
    delay: float | None,
    timeout: float = 60,
    kill_at: str | None = None,
) -> Outcome:
    """Start ``python -c script args``; kill it ``delay`` s after "ready" (None: never), or
    let it kill itself at the named point ``kill_at`` (influence_desk.killpoints)."""
    env = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV}
    if kill_at is not None:
        env[KILL_AT_ENV] = kill_at
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    try:
        first = _first_line(proc.stdout.fileno(), timeout)
        if first != "ready":
            proc.kill()
            _, err = proc.communicate(timeout=timeout)
            raise RuntimeError(f"child never got ready: {first!r} {err[-2000:]}")
        if delay is not None:
            deadline = time.perf_counter() + delay
            while (left := deadline - time.perf_counter()) > 0:
                time.sleep(min(left, 0.005))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    done = next((line for line in out.splitlines() if line.startswith("done")), "")
    return Outcome(proc.returncode == -signal.SIGKILL, proc.returncode, done, err, out)


def _first_line(fd: int, timeout: float) -> str:
    """The child's first line, read byte by byte straight from the pipe.

    ``proc.stdout.readline()`` would read ahead: whatever the child printed right after
    "ready" (on a loaded machine, the first acknowledged ids) stayed in that file object's
    buffer, which ``communicate()`` never looks at, and was lost."""
    line = bytearray()
    deadline = time.monotonic() + timeout
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return line.decode(errors="replace") + " (no full line in time)"
        byte = os.read(fd, 1)
        if not byte:  # the child closed stdout (it died)
            break
        line += byte
    return line.decode(errors="replace").strip()


def remember_kdf(monkeypatch: Any) -> None:
    """Argon2id is deterministic and copies of one template share their salts: remembering
    derivations in the checking process makes many checks cheap without changing what they
    check (the children still derive for real)."""
    from influence_desk import crypto

    global _remembered
    if _remembered is None:
        _remembered = functools.lru_cache(maxsize=None)(crypto.derive_passphrase_key)
    monkeypatch.setattr(crypto, "derive_passphrase_key", _remembered)


_remembered: Any = None


# --- no plaintext on disk ----------------------------------------------------------------------


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def files_holding(marker: str, files: Iterable[Path]) -> list[str]:
    """Which of ``files`` hold ``marker`` in plaintext (UTF-8 or UTF-16), read in chunks."""
    needles = _encodings(marker)
    overlap = max(len(n) for n in needles)
    found: list[str] = []
    for path in files:
        try:
            with open(path, "rb") as handle:
                tail = b""
                while chunk := handle.read(1 << 20):
                    window = tail + chunk
                    if any(n in window for n in needles):
                        found.append(str(path))
                        break
                    tail = window[-overlap:]
        except OSError:
            continue  # gone meanwhile (another process's temp file), or unreadable
    return found


def files_under(root: Path) -> list[Path]:
    return [Path(d) / f for d, _, names in os.walk(root) for f in names]


def new_temp_files(since: float, exclude: Iterable[Path] = ()) -> list[Path]:
    """Files in the temp dir created or changed since ``since`` (epoch seconds), except the
    inputs a test wrote there itself (the file it imports holds the marker on purpose)."""
    skip = {os.path.realpath(p) for p in exclude}
    out = []
    for path in files_under(Path(tempfile.gettempdir())):
        try:
            st = path.lstat()
        except OSError:
            continue
        fresh = max(st.st_mtime, st.st_ctime) >= since
        if fresh and stat.S_ISREG(st.st_mode) and os.path.realpath(path) not in skip:
            out.append(path)
    return out


def plaintext_in_vault(marker: str, vault: Path) -> list[str]:
    """Files of the vault folder (-wal, -shm, -journal, backups included) holding ``marker``."""
    return files_holding(marker, files_under(vault))


def plaintext_in_temp(marker: str, since: float, exclude: Iterable[Path] = ()) -> list[str]:
    """Files created or changed in the temp dir since ``since`` that hold ``marker``."""
    return files_holding(marker, new_temp_files(since, exclude))


def measure(script: str, template: Path, scratch: Path, args: list[str], times: int = 2) -> float:
    """Median seconds from "ready" to "done SECONDS" of ``script`` on copies of ``template``
    (the child reports its own figure); the vault path is the child's first argument."""
    figures = []
    for i in range(times):
        path = scratch / f"measure{i}{template.suffix}"
        shutil.copytree(template, path)
        outcome = run_and_kill(script, [str(path), *args], delay=None, timeout=300)
        if outcome.returncode != 0 or not outcome.done_line:
            raise RuntimeError(f"the child failed unkilled: {outcome.stderr[-2000:]}")
        figures.append(float(outcome.done_line.split()[1]))
        shutil.rmtree(path)
    return statistics.median(figures)


@dataclass
class Campaign:
    killed: int  # runs whose random SIGKILL landed before the operation finished
    attempts: int  # runs with a random kill due
    problems: list[str]
    finished: int = 0  # runs that finished before their kill was due
    unkilled: int = 0  # calibration runs and the control run (never killed)
    named: list[str] = field(default_factory=list)  # the named points the child died at
    spreads: list[float] = field(default_factory=list)  # the windows kills were spread over
    seconds: float = 0.0

    def summary(self, what: str) -> str:
        spread = (
            f"{min(self.spreads) * 1000:.0f}-{max(self.spreads) * 1000:.0f} ms"
            if self.spreads
            else "-"
        )
        return (
            f"{what}: killed at {len(self.named)} named points; {self.killed} random kills "
            f"landed mid-operation in {self.attempts} attempts ({self.finished} finished "
            f"first), {self.unkilled} unkilled runs, kills spread over {spread}, "
            f"{len(self.problems)} problems, {self.seconds:.0f} s"
        )


Check = Callable[[Path, Outcome, str], list[str]]
During = Callable[[Path, int], contextlib.AbstractContextManager[Any]]


def kill_campaign(
    script: str,
    template: Path,
    scratch: Path,
    args: list[str],
    duration: float,
    check: Check,
    *,
    seed: int,
    marker: str,
    points: Sequence[str],
    target: int | None = None,
    overshoot: float = 1.1,
    what: str = "",
    during: During | None = None,
) -> Campaign:
    """Kill copies of ``template`` exactly at each of the named ``points`` (the child kills
    itself there: influence_desk.killpoints), then at random moments over the operation's
    duration (a little beyond, so kills also land around the commit at the end) until
    ``target`` random kills landed mid-operation (at most three times as many attempts),
    then run once unkilled as a control; after each run, ``check(path, outcome, where)``
    lists problems and the vault folder is scanned for ``marker``. ``during(path, run)``,
    if given, is held open around each run (e.g. another reader of the vault).

    The named points (just before and just after each commit point) make sure the old and
    the new state are both checked whatever the load. The random kills find what nobody
    named; ``duration`` (the child's "done SECONDS") is where their window starts, and it
    follows the machine: every run that finishes reports its length, and after
    ``RECALIBRATE`` attempts without one an unkilled run (checked like any other) measures
    it afresh; kills are spread over the median of the latest figures."""
    rng = random.Random(seed)
    target = kill_runs() if target is None else target
    result = Campaign(0, 0, [])
    figures = [duration]
    quiet = 0  # attempts since the last fresh figure
    began = time.perf_counter()
    runs = 0

    def one_run(delay: float | None, where: str, kill_at: str | None = None) -> None:
        nonlocal quiet, runs
        runs += 1
        if kill_at is None and delay is None:
            result.unkilled += 1
        elif kill_at is None:
            result.attempts += 1
        path = scratch / f"run{runs:03d}{template.suffix}"
        shutil.copytree(template, path)
        with during(path, runs) if during is not None else contextlib.nullcontext():
            outcome = run_and_kill(script, [str(path), *args], delay, 300, kill_at)
        if kill_at is not None:
            if not outcome.killed or outcome.done_line:
                why = f"exit {outcome.returncode}: {outcome.stderr[-1000:]}"
                result.problems.append(f"{where}: the child never reached it ({why})")
                return
            result.named.append(kill_at)
        elif outcome.done_line:  # finished (a kill may still land during interpreter exit)
            result.finished += delay is not None
            with contextlib.suppress(IndexError, ValueError):
                figures.append(float(outcome.done_line.split()[1]))
                quiet = 0
        elif outcome.killed:
            result.killed += 1
            quiet += 1
        else:
            result.problems.append(f"{where}: child failed: {outcome.stderr[-1000:]}")
            return
        try:
            result.problems += check(path, outcome, where)
        except Exception as exc:  # what these tests exist to catch: report, go on
            result.problems.append(f"{where}: {exc!r}")
        result.problems += [f"{where}: plaintext in {f}" for f in plaintext_in_vault(marker, path)]
        shutil.rmtree(path)

    for point in points:
        one_run(None, f"killed at {point}", kill_at=point)
    while result.killed < target and result.attempts < 3 * target:
        if quiet >= RECALIBRATE:
            one_run(None, f"calibration run {result.unkilled + 1} (not killed)")
            continue
        window = statistics.median(figures[-5:]) * overshoot
        result.spreads.append(window)
        delay = rng.uniform(0, window)
        n = result.attempts + 1
        one_run(delay, f"run {n} (kill at {delay * 1000:.0f} of {window * 1000:.0f} ms)")
    one_run(None, "the control run (not killed)")
    result.seconds = time.perf_counter() - began
    print(result.summary(what or Path(template).stem), flush=True)
    return result
