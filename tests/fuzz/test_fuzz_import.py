"""Fuzzing ``Desk.import_jsonl``: import lines are outside data (DESIGN §9).

Lines are random text, random JSON, or note objects whose fields hold random JSON values,
inline marks, registered pseudonyms or unknown ones. An import gives the number of notes
imported (every non-blank line) or a named error; a ``BadInput`` names its line; and a
failed import leaves the vault exactly as it was (all or nothing). Never another exception,
never a hang.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fuzzing import examples, no_hang
from hypothesis import example, given
from hypothesis import strategies as st

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.errors import BadInput, InfluenceDeskError
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip
TEXT = st.text(max_size=60) | st.sampled_from(
    ["Jonas Quill met us", "[[internal: secret]] and [[team: plan]]", "[[bad: x]]", "\\[[",
     "[[internal: never closed", "\ue000x\ue0010\ue002", "", "   "]
)  # fmt: skip
FIELD_VALUES = {
    "kind": st.sampled_from(["booth", "interview", "observation", "desk", "other", ""]),
    "title": TEXT,
    "body": TEXT,
    "summary": TEXT,
    "date": st.sampled_from(["2026-02-14", "2026-02-30", "2026-02-14T10:00", "yesterday", ""]),
    "event": TEXT,
    "organisations": st.lists(TEXT, max_size=3),
    "sources": st.lists(st.sampled_from(["PSEUDONYM", "Nobody Known", ""]), max_size=2),
    "tags": st.lists(TEXT | st.sampled_from(["voter files", "micro-targeting"]), max_size=3),
    "unexpected": JSON_VALUES,
}


@st.composite
def note_objects(draw: st.DrawFn) -> dict[str, object]:
    keys = draw(st.sets(st.sampled_from(sorted(FIELD_VALUES))))
    return {k: draw(FIELD_VALUES[k] | JSON_VALUES if draw(st.booleans()) else FIELD_VALUES[k])
            for k in keys}  # fmt: skip


LINES = st.lists(
    note_objects().map(json.dumps)
    | JSON_VALUES.map(json.dumps)
    | st.text(max_size=40)
    | st.just('{"kind": "desk", "title": "A plain note"}'),
    max_size=6,
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Desk, str]]:
    path = tmp_path_factory.mktemp("fuzz-import") / "import.idvault"
    vault = Vault.create(path, label="Lena", passphrase="fuzz: lead passphrase",
                         kdf=crypto.floor_params())  # fmt: skip
    try:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity("Jonas Quill"))
        yield desk, source.pseudonym
    finally:
        vault.close()


def _state(desk: Desk) -> tuple[int, int, int, str]:
    return (desk.count_notes(), len(desk.events()), len(desk.organisations()),
            desk.vault.checkpoint())  # fmt: skip


@examples(150)
@given(LINES)
@example(['{"kind": []}'])  # was TypeError: unhashable type (an internal error in the CLI)
def test_import_lines(desk: tuple[Desk, str], lines: list[str]) -> None:
    the_desk, pseudonym = desk
    lines = [line.replace("PSEUDONYM", pseudonym) for line in lines]
    before = _state(the_desk)
    with no_hang(30):
        try:
            imported = the_desk.import_jsonl(lines)
        except InfluenceDeskError as exc:
            assert _state(the_desk) == before, "a failed import changed the vault"
            if isinstance(exc, BadInput):
                assert exc.message.startswith("Line "), exc.message
            return
    assert imported == sum(1 for line in lines if line.strip())
    assert the_desk.count_notes() == before[0] + imported


def test_import_leaves_a_verifiable_vault(desk: tuple[Desk, str]) -> None:
    """After all the fuzzing above, history still vouches for everything stored."""
    report = desk[0].vault.verify()
    assert report.ok, report.problems
