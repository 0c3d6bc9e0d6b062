"""Coverage-guided fuzzing (atheris / libFuzzer) of the parsers of outside data.

    python tests/fuzz/atheris_targets.py TARGET [libFuzzer options, e.g. -runs=100000]

TARGET is one of: vault_json, inline, stored, checkpoint. A named error
(``InfluenceDeskError``) is an allowed outcome; any other exception is reported by atheris as
a crash, with the input saved. tests/fuzz/test_fuzz_atheris.py runs each briefly.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

import atheris

with atheris.instrument_imports():
    from influence_desk import textformat
    from influence_desk.errors import InfluenceDeskError
    from influence_desk.history import parse_checkpoint
    from influence_desk.vault.format import parse_vault_json


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def vault_json(data: bytes) -> None:
    parse_vault_json(data)


def inline(data: bytes) -> None:
    plain, marks = textformat.parse_inline(_text(data))
    if textformat.parse_inline(textformat.format_inline(plain, marks)) != (plain, marks):
        raise AssertionError("format_inline does not read back")


def stored(data: bytes) -> None:
    text = _text(data)
    textformat.decode(text)
    textformat.render(text, lambda sid, index: f"<{sid}>")


def checkpoint(data: bytes) -> None:
    parse_checkpoint(_text(data))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "vault_json": vault_json, "inline": inline, "stored": stored, "checkpoint": checkpoint,
}  # fmt: skip


def main() -> None:
    target = TARGETS[sys.argv[1]]

    def one_input(data: bytes) -> None:
        with contextlib.suppress(InfluenceDeskError):
            target(data)

    atheris.Setup([sys.argv[0], *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
