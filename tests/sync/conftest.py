"""The sync tests keep each replica open for a test (sync_team.desk_of) and close it after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sync_team import close_all


@pytest.fixture(autouse=True)
def _close_replicas() -> Iterator[None]:
    yield
    close_all()
