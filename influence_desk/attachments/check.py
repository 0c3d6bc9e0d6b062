"""What verify checks of the stored attachment bytes: each content row's key is the SHA-256
of its bytes, every attachment's bytes are there with the size history signed, and no
content row is kept that no attachment uses. (The attachment rows themselves are objects
under history: Store.live_objects yields them, and verify compares them like notes.)

The search index of their texts (attachments_fts, schema 6) is derived: each attachment
with text has exactly one index row holding that text, and no other row is there; FTS5's
integrity-check (Store.integrity_problems) ties the inverted index to those rows."""

from __future__ import annotations

from influence_desk import schema
from influence_desk.history import Problem
from influence_desk.store import Store

__all__ = ["content_problems", "index_problems"]

# What the index check reads: it is not read unless these are as this app makes them.
INDEX_READS = ("attachments",)
INDEX_READS_PREFIXED = ("attachments_fts",)


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


def index_problems(store: Store) -> list[Problem]:
    if not store.indexes_attachment_texts:
        return []
    if not schema.intact(store.current_schema(), INDEX_READS, INDEX_READS_PREFIXED):
        return [Problem("attachment search index", "was not compared: the tables it is built "
                        "from differ from the ones this app makes")]  # fmt: skip
    ids, total = store.attachment_index_differences()
    problems = [
        Problem(f"search index of attachment:{i}", "differs from the attachment's read text")
        for i in ids
    ]
    if total > len(ids):
        problems.append(Problem("attachment search index",
                                f"differs from the attachments' read text in {total} rows"))
    return problems
