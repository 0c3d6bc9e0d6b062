"""Fuzzing the parsers of outside data that need no open vault.

* ``vault.format.parse_vault_json``: random bytes, a real vault.json with bytes flipped,
  inserted or cut, and the same document with any value replaced by random JSON or removed.
* ``textformat.parse_inline``: the ``[[internal: …]]`` / ``[[team: …]]`` syntax with brackets,
  backslashes and level names in any order; what it accepts, ``format_inline`` writes back.
* ``textformat.decode`` / ``render``: stored text with the reserved code points anywhere.
* ``history.parse_checkpoint``: ``SEQ:HASH`` as typed after ``--checkpoint``.

Each gives a result or one of the project's named errors, never anything else, never hangs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fuzzing import examples, no_hang
from hypothesis import given
from hypothesis import strategies as st

from influence_desk import crypto, textformat
from influence_desk.errors import BadInput, InfluenceDeskError, VaultDamaged
from influence_desk.history import parse_checkpoint
from influence_desk.vault.format import VaultFile, parse_vault_json
from influence_desk.vault.vault import Vault

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=40) | st.sampled_from(["argon2id", "lead", "auditor", "AAAA", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip


@pytest.fixture(scope="module")
def real_vault_json(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz-vault") / "fuzz.idvault"
    with Vault.create(path, label="Lena", passphrase="fuzz: lead passphrase",
                      kdf=crypto.floor_params()):  # fmt: skip
        pass
    return (path / "vault.json").read_bytes()


def _parse(data: bytes) -> None:
    with no_hang(5):
        try:
            result = parse_vault_json(data)
        except InfluenceDeskError:
            return
    assert isinstance(result, VaultFile)


@examples(300)
@given(st.binary(max_size=3000))
def test_vault_json_random_bytes(data: bytes) -> None:
    _parse(data)


@examples(300)
@given(st.data())
def test_vault_json_mutated_bytes(real_vault_json: bytes, data: st.DataObject) -> None:
    raw = bytearray(real_vault_json)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["flip", "insert", "cut"]))
        if action == "flip" and at < len(raw):
            raw[at] ^= data.draw(st.integers(1, 255))
        elif action == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
        else:
            del raw[at : at + data.draw(st.integers(1, 200))]
    _parse(bytes(raw))


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*prefix, i))
    return out


@examples(300)
@given(st.data())
def test_vault_json_mutated_structure(real_vault_json: bytes, data: st.DataObject) -> None:
    doc = json.loads(real_vault_json)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(_paths(doc)))
        if not path:
            doc = data.draw(JSON_VALUES)
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
        if not isinstance(doc, dict | list):
            break
    _parse(json.dumps(doc).encode())


INLINE_PIECES = st.sampled_from(
    ["[[", "]]", "[", "]", "\\", "\\[", "\\]", "\\\\", "internal:", "team:", "INTERNAL: ",
     "Team:", ": ", " ", "a", "é", "\n", "\ue000", "\ue00f", "Jonas"]
)  # fmt: skip


@examples(500)
@given(st.lists(INLINE_PIECES | st.text(max_size=5), max_size=30).map("".join))
def test_inline_marks(text: str) -> None:
    with no_hang(5):
        try:
            plain, marks = textformat.parse_inline(text)
        except BadInput:
            return
        assert all(0 <= m.start < m.end <= len(plain) for m in marks)
        assert textformat.parse_inline(textformat.format_inline(plain, marks)) == (plain, marks)


STORED_PIECES = st.sampled_from(
    [textformat.REF_OPEN, textformat.REF_SEP, textformat.REF_CLOSE, textformat.MARK_OPEN,
     textformat.MARK_SEP, textformat.MARK_CLOSE, textformat.ESCAPE, "\ue006", "\ue00e",
     "internal", "team", "0", "7", "12", "src1", "abc", " ", "F", "\ue00fA"]
)  # fmt: skip


@examples(500)
@given(st.lists(STORED_PIECES | st.text(max_size=4), max_size=30).map("".join))
def test_stored_text(stored: str) -> None:
    with no_hang(5):
        try:
            parsed = textformat.decode(stored)
        except VaultDamaged:
            return
        rendered = textformat.render(stored, lambda sid, index: f"<{sid}>")
        assert [r.source_id for r in rendered.refs] == [
            p.source_id for p in parsed.parts if isinstance(p, textformat.RefPart)
        ]
        assert all(0 <= m.start < m.end <= len(rendered.text) for m in rendered.marks)
        textformat.plain_for_index(stored, lambda sid: "P")


HEX = "0123456789abcdefABCDEF"


@examples(500)
@given(
    st.text(max_size=100)
    | st.builds(lambda seq, sep, digest, pad: f"{pad}{seq}{sep}{digest}{pad}",
                st.integers(-5, 10**20).map(str) | st.text("0123456789٣", max_size=25),
                st.sampled_from([":", "", "::", " : "]),
                st.text(HEX + "gxz:", min_size=60, max_size=68),
                st.sampled_from(["", " ", "\n", "\t"]))
)  # fmt: skip
def test_checkpoint(text: str) -> None:
    with no_hang(5):
        try:
            seq, digest = parse_checkpoint(text)
        except BadInput:
            return
    assert seq >= 0 and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)


def test_vault_json_of_a_real_vault_parses(real_vault_json: bytes) -> None:
    assert isinstance(parse_vault_json(real_vault_json), VaultFile)  # the fuzzing starts valid
