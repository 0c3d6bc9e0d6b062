"""Process hardening, once at start of the app and of the CLI: no core dumps, no peeking.

A process with a vault open holds the data key, the identity key and decrypted names in
memory. A core dump (a crash, or `gcore`) would write all of that to disk, outside the vault,
where it outlives the session. On Linux we therefore

* set RLIMIT_CORE to 0, soft and hard (the kernel writes no core file; children inherit it),
* mark the process not dumpable (``prctl(PR_SET_DUMPABLE, 0)``): no core even through a
  core_pattern pipe such as systemd-coredump (which ignores RLIMIT_CORE), and other processes
  of the same user can no longer ptrace it or read its /proc/PID/mem and environ.

Elsewhere this does nothing (macOS and Windows have their own crash reporters; out of scope
for now). Failures are ignored: hardening must never stop someone from reaching their notes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


@dataclass(frozen=True)
class Hardening:
    core_limit_zero: bool
    not_dumpable: bool


def _prctl(option: int, arg: int) -> int:
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                      ctypes.c_ulong]  # fmt: skip
    prctl.restype = ctypes.c_int
    return int(prctl(option, arg, 0, 0, 0))


def harden_process() -> Hardening:
    """No core dumps and not dumpable (Linux); says what took effect."""
    if not sys.platform.startswith("linux"):
        return Hardening(False, False)
    core_zero = False
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        core_zero = resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
    except (ImportError, OSError, ValueError):
        pass
    not_dumpable = False
    try:
        _prctl(PR_SET_DUMPABLE, 0)
        not_dumpable = _prctl(PR_GET_DUMPABLE, 0) == 0
    except (OSError, AttributeError):
        pass
    return Hardening(core_zero, not_dumpable)
