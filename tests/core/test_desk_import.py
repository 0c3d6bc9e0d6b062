"""Importing JSON lines: all or nothing, the bad line named, marks and links round-trip."""

from __future__ import annotations

import json

import pytest
from desk_support import DeskVault

from influence_desk.desk import Desk
from influence_desk.errors import BadInput, Cancelled
from influence_desk.model import Mark, MarkLevel, Role, SourceIdentity
from influence_desk.progress import CancelFlag


def line(**fields: object) -> str:
    return json.dumps({"kind": "booth", "title": "t", **fields}, ensure_ascii=False)


def test_import_links_events_organisations_sources_tags_and_marks(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        src = desk.register_source(SourceIdentity("Piotr Nowak"))
        seen: list[tuple[int, int]] = []
        count = desk.import_jsonl(
            [
                line(title="First", body="Piotr Nowak: [[team: lists from 2019]] \\[[x]]",
                     date="2024-05-02", event="PolitCon", organisations=["Acme", "Beta"],
                     sources=[src.pseudonym], tags=["voter files", "own tag"], summary="sum"),
                "",
                line(title="Second", event="politcon", organisations=["acme"]),
            ],
            progress=lambda done, total: seen.append((done, total)),
        )  # fmt: skip
        assert count == 2 and seen[-1] == (2, 2)
        assert len(desk.events()) == 1 and len(desk.organisations()) == 2
        first = desk.note(desk.search("First")[0].id).note
        p = src.pseudonym
        assert first.body == f"{p}: lists from 2019 [[x]]"
        start = first.body.index("lists")
        assert first.marks == (Mark(start, start + len("lists from 2019"), MarkLevel.TEAM),)
        assert first.occurred_at.date().isoformat() == "2024-05-02"
        assert first.summary == "sum"
        assert first.source_ids == (src.id,)
        assert first.tags == ("method:voter-files", "own tag")
        revealed = desk.note(first.id, reveal=True).note
        assert revealed.body == "Piotr Nowak: lists from 2019 [[x]]"
        assert vault.verify().ok


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        (line(kind="poem"), "kind"),
        (line(title=""), "title"),
        (line(date="03/05/2024"), "date"),
        (line(sources=["No Such Pseudonym"]), "pseudonym"),
        (line(organisations="Acme"), "organisations"),
        (line(body="[[secret: x]]"), "redaction mark"),
        (line(body="[[team: never closed"), "never closed"),
        (line(colour="red"), "unknown field"),
    ],
)
def test_one_bad_line_and_nothing_is_imported(desk_vault: DeskVault, bad: str, reason: str) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        head = vault.checkpoint()
        lines = [line(title="ok 1", event="New Event", organisations=["New Org"]), "", bad,
                 line(title="ok 2")]  # fmt: skip
        with pytest.raises(BadInput, match=rf"^Line 3: .*{reason}"):
            desk.import_jsonl(lines)
        assert desk.count_notes() == 0
        assert desk.events() == [] and desk.organisations() == []
        assert vault.checkpoint() == head
        assert vault.verify().ok


def test_a_cancelled_import_changes_nothing(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        flag = CancelFlag()

        def progress(done: int, total: int) -> None:
            if done >= 50:
                flag.cancel()

        with pytest.raises(Cancelled):
            desk.import_jsonl([line(title=f"n{i}") for i in range(120)], progress=progress,
                              cancel=flag)  # fmt: skip
        assert desk.count_notes() == 0
        assert vault.verify().ok
