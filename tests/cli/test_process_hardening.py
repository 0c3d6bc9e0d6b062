"""The CLI and the desktop app, started as a user starts them, cannot dump core and cannot be
read by other processes of the same user (Linux).

Each real process is caught at a known point after start-up: it blocks reading a FIFO (the
CLI its --passphrase-file, the app its settings file), and opening the FIFO's other end
returns once it got there. Then /proc says what the kernel enforces: the core-size limit in
/proc/PID/limits, and the owner of /proc/PID/status — a process that is not dumpable has its
/proc files owned by root, whoever runs it. When the tests run as root, the processes run as
"nobody", so that difference shows; a plain Python process shows the check can tell.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from influence_desk.hardening import harden_process

EXE = Path(sys.executable).with_name("influence-desk")
ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@dataclass(frozen=True)
class Seen:
    core_limit: tuple[str, str]  # soft, hard, as /proc/PID/limits prints them
    status_owner: int
    process_uid: int


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder the process can use even when it runs as another user."""
    folder = Path(tempfile.mkdtemp(prefix="influence-desk-hardening-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def _as_user(command: list[str]) -> list[str]:
    """``command``, run as "nobody" when the tests run as root (setpriv execs in place, so
    the pid stays the same)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    path.chmod(0o666)
    return path


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFLUENCE_DESK_", "XDG_"))}
    env.update(HOME=str(folder), TMPDIR=str(folder), QT_QPA_PLATFORM="offscreen",
               INFLUENCE_DESK_CONFIG_DIR=str(folder / "config"), PYTHONPATH=str(ROOT))  # fmt: skip
    return env


def _when_reading(proc: subprocess.Popen[bytes], fifo: Path, answer: bytes) -> Seen:
    """Wait until ``proc`` opens ``fifo`` to read, look at it in /proc, then answer."""
    deadline = time.monotonic() + 120  # a loaded machine; only a hang would reach it
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: nobody reads it yet
                raise
        if proc.poll() is not None or time.monotonic() > deadline:
            _out, err = proc.communicate()
            raise AssertionError(f"the process never read {fifo.name}: {err.decode()[-2000:]}")
        time.sleep(0.02)
    try:
        limits = Path(f"/proc/{proc.pid}/limits").read_text().splitlines()
        core = next(line for line in limits if line.startswith("Max core file size"))
        soft, hard = core.split()[4:6]
        status = Path(f"/proc/{proc.pid}/status")
        uid_line = next(x for x in status.read_text().splitlines() if x.startswith("Uid:"))
        seen = Seen((soft, hard), status.stat().st_uid, int(uid_line.split()[1]))
    finally:
        os.write(fd, answer)
        os.close(fd)
    return seen


def _finish(proc: subprocess.Popen[bytes], *, terminate: bool) -> None:
    if terminate:
        proc.terminate()
    try:
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_plain_python_process_shows_what_the_check_looks_for(open_dir: Path) -> None:
    fifo = _fifo(open_dir / "plain")
    code = f"open({str(fifo)!r}).read()"
    proc = subprocess.Popen(_as_user([sys.executable, "-c", code]), env=_env(open_dir))
    seen = _when_reading(proc, fifo, b"x")
    _finish(proc, terminate=False)
    assert seen.process_uid != 0
    assert seen.status_owner == seen.process_uid  # dumpable: its /proc files are its own


def test_the_cli_cannot_dump_core_and_is_not_dumpable(open_dir: Path) -> None:
    fifo = _fifo(open_dir / "passphrase")
    command = [str(EXE), "verify", str(open_dir / "none.idvault"), "--passphrase-file", str(fifo)]
    proc = subprocess.Popen(
        _as_user(command), env=_env(open_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen = _when_reading(proc, fifo, b"some words to read\n")
    _finish(proc, terminate=False)
    assert seen.core_limit == ("0", "0")
    assert seen.process_uid != 0 and seen.status_owner == 0
    assert proc.returncode == 1  # and it carried on: no vault there


def test_the_desktop_app_cannot_dump_core_and_is_not_dumpable(open_dir: Path) -> None:
    (open_dir / "config").mkdir(mode=0o777)
    (open_dir / "config").chmod(0o777)
    fifo = _fifo(open_dir / "config" / "settings.json")
    proc = subprocess.Popen(
        _as_user([str(EXE)]), env=_env(open_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        seen = _when_reading(proc, fifo, b"{}")
    finally:
        _finish(proc, terminate=True)
    assert seen.core_limit == ("0", "0")
    assert seen.process_uid != 0 and seen.status_owner == 0


def test_hardening_in_process_reports_what_took_effect() -> None:
    code = (
        "import resource; from influence_desk.hardening import harden_process, _prctl, "
        "PR_GET_DUMPABLE; h = harden_process(); "
        "print(h.core_limit_zero, h.not_dumpable, resource.getrlimit(resource.RLIMIT_CORE), "
        "_prctl(PR_GET_DUMPABLE, 0))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.split(maxsplit=2)  # fmt: skip
    assert out == ["True", "True", "(0, 0) 0\n"]
    assert stat.S_ISDIR(os.stat("/proc/self").st_mode)  # /proc is there to be read
    assert harden_process.__module__ == "influence_desk.hardening"
