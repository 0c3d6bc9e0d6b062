"""What verify checks of the stored attachment bytes: each content row's key is the SHA-256
of its bytes, every attachment's bytes are there with the size history signed, and no
content row is kept that no attachment uses. (The attachment rows themselves are objects
under history: Store.live_objects yields them, and verify compares them like notes.)"""

from __future__ import annotations

from influence_desk.history import Problem
from influence_desk.store import Store

__all__ = ["content_problems"]


def content_problems(store: Store) -> list[Problem]:
    if not store.keeps_attachments:
        return []
    referenced = store.attachment_references()
    problems: list[Problem] = []
    stored: set[str] = set()
    for check in store.attachment_content_checks():
        stored.add(check.sha256)
        where = f"attachment content {check.sha256[:16]}"
        if check.actual_sha256 != check.sha256:
            problems.append(Problem(where, "was changed outside the signed history"))
        elif check.sha256 not in referenced:
            problems.append(Problem(where, "is kept but no attachment uses it"))
        elif referenced[check.sha256] != check.size:
            problems.append(Problem(where, "has another size than history signed"))
    for sha256 in sorted(set(referenced) - stored):
        problems.append(
            Problem(f"attachment content {sha256[:16]}", "was deleted outside the signed history")
        )
    return problems
