"""Run a child process and SIGKILL it a chosen time after it says it is ready.

The child prints ``ready`` (flushed) just before the operation under test and ``done ...``
when it has finished; the delay counts from ``ready``, so interpreter start-up and imports
are not part of the window the kills are spread over.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    killed: bool  # SIGKILL arrived before the child finished
    returncode: int
    done_line: str  # the child's "done ..." line when it finished, else ""
    stderr: str


def run_and_kill(script: str, args: list[str], delay: float | None, timeout: float = 60) -> Outcome:
    """Start ``python -c script args``; kill it ``delay`` s after "ready" (None: never)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline().strip()
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
    return Outcome(proc.returncode == -signal.SIGKILL, proc.returncode, done, err)
