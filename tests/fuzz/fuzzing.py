"""Shared by the fuzz tests: example counts, a guard against hangs, and the one rule.

The rule: a parser of outside data gives a result or raises one of the project's named
errors (``InfluenceDeskError`` subclasses); any other exception is a bug, and so is a hang.

Fast subset by default; ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs many more examples.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

from hypothesis import HealthCheck, settings

FULL = os.environ.get("INFLUENCE_DESK_FULL_RELIABILITY") == "1"


def examples(ci: int, full: int | None = None) -> settings:
    """Hypothesis settings: no per-example deadline (a loaded 2-core machine makes timing
    flaky); ``no_hang`` guards against real hangs instead."""
    return settings(
        max_examples=(full or ci * 25) if FULL else ci,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


class Hang(Exception):
    """An example ran longer than its guard allows: a hang is a bug like a crash."""


@contextlib.contextmanager
def no_hang(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block runs longer than ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
