r"""The stored form of a note's text fields: text, source references and redaction marks in
one string, plus the inline ``[[level: …]]`` syntax of the CLI and import.

Stored format
-------------
Code points U+E000–U+E00F (Private Use Area) are reserved. In a stored string they mean::

    U+E000 <source id> U+E001 <surface index> [kind] U+E002   a reference to a registered source
    U+E003 <level> U+E004  …  U+E005                    a redaction mark ("internal" or "team")
    U+E00F <hex digit h>                                the user's own character U+E000 + h

Everything else is the user's text, literally. Any reserved code point the user typed is
escaped, so text that *looks* like a reference can never become one. A source id is 1–128
characters outside the reserved block; the surface index is decimal without leading zeros.
The optional kind letter says what the reference stands for: none for a name (every
reference stored before kinds existed is one), ``p`` a phone number, ``e`` an e-mail
address, ``c`` another contact detail (a handle, a web address).
Marks never nest, never overlap, are never empty, and never cut a reference in two;
references never contain marks or text. ``decode`` checks all of this and raises
``VaultDamaged`` for anything else, so a hostile or garbled string cannot pass as a note.

Surfaces
--------
A reference names the source and an index into the note's list of *surfaces*: the exact
strings the user wrote ("SMITH", "Anna\nSchmidt"). The list contains real names, so it is
never part of the stored text: ``encode`` returns it and the caller seals it separately.
Rendering takes a ``name_for(source_id, surface_index)`` callback: pseudonyms for everyone,
``surfaces_namer(surfaces)`` for the exact original (identity holders only). With any namer
but ``surfaces_namer``, a contact reference is rendered as a placeholder that reads as one
("[phone of Morning Salamander]", see ``contact_placeholder``), not as the bare pseudonym.

Round trip: with ``stored, surfaces = encode(text, marks, matches)``,
``render(stored, surfaces_namer(surfaces))`` gives back ``text`` exactly, the marks as
``normalise_marks`` leaves them, and the matches as ``RefSpan``s. See ``encode`` for how an
edited rendering is re-encoded, and ``pseudonyms.repseudonymise`` for a newly registered
name.

Inline syntax (CLI, import, ``show``): ``[[internal: …]]`` and ``[[team: …]]``; ``\[``,
``\]`` and ``\\`` are a literal ``[``, ``]`` and backslash (so a literal ``[[`` is ``\[[``
and a backslash before a mark is ``\\[[team: …]]``); other backslashes are literal.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.model import Mark, MarkLevel

__all__ = [
    "NameFor",
    "Parsed",
    "RefKind",
    "RefPart",
    "RefSpan",
    "Rendered",
    "TextPart",
    "contact_placeholder",
    "decode",
    "encode",
    "format_inline",
    "kind_of",
    "normalise_marks",
    "parse_inline",
    "plain_for_index",
    "render",
    "source_ids_in",
    "surfaces_namer",
]

REF_OPEN, REF_SEP, REF_CLOSE = "\ue000", "\ue001", "\ue002"
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue003", "\ue004", "\ue005"
ESCAPE = "\ue00f"
_HEX = "0123456789ABCDEF"
_ESCAPES = {0xE000 + i: ESCAPE + _HEX[i] for i in range(16)}
_MAX_ID = 128
_MAX_INDEX = 9_999_999

# Stricter levels rank higher: where marks overlap, the stricter one wins.
_RANK = {MarkLevel.TEAM: 1, MarkLevel.INTERNAL: 2}
_LEVEL_OF_RANK = {rank: level for level, rank in _RANK.items()}

_TOKEN_RE = re.compile(
    "\ue000([^\ue000-\ue00f]{1,128})\ue001(0|[1-9][0-9]{0,6})([pec]?)\ue002"
    "|\ue003(internal|team)\ue004"
    "|(\ue005)"
    "|\ue00f([0-9A-F])"
    "|[\ue000-\ue00f]"
)
_RESERVED_RE = re.compile("[\ue000-\ue00f]")

NameFor = Callable[[str, int], str]


class RefKind(StrEnum):
    """What a reference stands for: how it is rendered for a reader."""

    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    CONTACT = "contact"  # a handle, a web address, any other contact detail


_KIND_CODE = {RefKind.NAME: "", RefKind.PHONE: "p", RefKind.EMAIL: "e", RefKind.CONTACT: "c"}
_KIND_OF_CODE = {code: kind for kind, code in _KIND_CODE.items()}
_PLACEHOLDER = {RefKind.PHONE: "phone", RefKind.EMAIL: "e-mail", RefKind.CONTACT: "contact"}


def contact_placeholder(kind: RefKind | str, who: str) -> str:
    """How a reference of ``kind`` to ``who`` (a pseudonym, a role) reads: the name itself,
    or "[phone of Morning Salamander]" for a contact detail, so that a note does not read
    "Morning Salamander (Morning Salamander, Morning Salamander)"."""
    label = _PLACEHOLDER.get(RefKind(kind))
    return who if label is None else f"[{label} of {who}]"


def kind_of(match: object) -> RefKind:
    """The kind of a match or span (``pseudonyms.Match``, ``RefSpan``); a plain
    ``(start, end, source_id)`` tuple is a name."""
    return RefKind(getattr(match, "kind", RefKind.NAME))


@dataclass(frozen=True, order=True)
class RefSpan:
    """A reference to a source over ``[start, end)`` of a rendered text.

    ``surface`` is the index into the surfaces list the rendering came from; hand the span
    back to ``encode(kept=…)`` to keep the reference through an edit. ``kind`` says whether
    it stands for a name or a contact detail (rendered as "[phone of …]").
    """

    start: int
    end: int
    source_id: str
    surface: int = -1
    kind: RefKind = RefKind.NAME


@dataclass(frozen=True)
class Rendered:
    text: str
    marks: tuple[Mark, ...] = ()
    refs: tuple[RefSpan, ...] = ()


@dataclass(frozen=True)
class TextPart:
    text: str
    level: MarkLevel | None = None


@dataclass(frozen=True)
class RefPart:
    source_id: str
    surface: int
    level: MarkLevel | None = None
    kind: RefKind = RefKind.NAME


@dataclass(frozen=True)
class Parsed:
    """A decoded stored string: text and references in order, each with its mark level."""

    parts: tuple[TextPart | RefPart, ...]

    def source_ids(self) -> list[str]:
        """The sources referenced, each once, in order of first mention."""
        return list(dict.fromkeys(p.source_id for p in self.parts if isinstance(p, RefPart)))


def _damaged() -> VaultDamaged:
    return VaultDamaged("The stored text of a note is damaged.")


# --- decoding ------------------------------------------------------------------------------


def decode(stored: str) -> Parsed:
    """Split a stored string into text and reference parts; ``VaultDamaged`` if malformed."""
    if not isinstance(stored, str):
        raise _damaged()
    parts: list[TextPart | RefPart] = []
    level: MarkLevel | None = None
    mark_start = 0  # len(parts) + bool(buf) when the current mark opened: detects empty marks
    buf: list[str] = []
    pos = 0

    def flush() -> None:
        if buf:
            parts.append(TextPart("".join(buf), level))
            buf.clear()

    for m in _TOKEN_RE.finditer(stored):
        if m.start() > pos:
            buf.append(stored[pos : m.start()])
        pos = m.end()
        source_id, index, kind_code, level_name, close, hex_digit = m.groups()
        if hex_digit is not None:
            buf.append(chr(0xE000 + int(hex_digit, 16)))
        elif source_id is not None:
            flush()
            parts.append(RefPart(source_id, int(index), level, _KIND_OF_CODE[kind_code]))
        elif level_name is not None:
            if level is not None:
                raise _damaged()
            flush()
            level, mark_start = MarkLevel(level_name), len(parts)
        elif close is not None:
            if level is None or (len(parts) == mark_start and not buf):
                raise _damaged()  # a close without an open, or an empty mark
            flush()
            level = None
        else:
            raise _damaged()  # a reserved code point outside any valid token
    if pos < len(stored):
        buf.append(stored[pos:])
    if level is not None:
        raise _damaged()
    flush()
    return Parsed(tuple(parts))


def source_ids_in(stored: str) -> list[str]:
    """The sources a stored string refers to, each once, in order of first mention."""
    return decode(stored).source_ids()


class _SurfacesNamer:
    """Gives back the exact original strings: ``render`` puts them in as they are."""

    __slots__ = ("_surfaces",)

    def __init__(self, surfaces: Sequence[str]) -> None:
        self._surfaces = surfaces

    def __call__(self, source_id: str, index: int) -> str:
        surfaces = self._surfaces
        if not 0 <= index < len(surfaces) or not surfaces[index]:
            raise VaultDamaged("A note refers to a name its sealed name list does not hold.")
        return surfaces[index]


def surfaces_namer(surfaces: Sequence[str]) -> NameFor:
    """A ``name_for`` that gives back the exact original strings (identity holders only)."""
    return _SurfacesNamer(surfaces)


def render(stored: str, name_for: NameFor) -> Rendered:
    """The text a viewer sees, with marks and references as spans over it.

    A contact reference reads "[phone of <name_for's answer>]", except with
    ``surfaces_namer``, which gives back the original text exactly.
    """
    exact = isinstance(name_for, _SurfacesNamer)
    out: list[str] = []
    marks: list[Mark] = []
    refs: list[RefSpan] = []
    pos = 0
    for part in decode(stored).parts:
        if isinstance(part, TextPart):
            piece = part.text
        else:
            piece = name_for(part.source_id, part.surface)
            if not exact and part.kind is not RefKind.NAME:
                piece = contact_placeholder(part.kind, piece)
            refs.append(RefSpan(pos, pos + len(piece), part.source_id, part.surface, part.kind))
        end = pos + len(piece)
        if part.level is not None and end > pos:
            if marks and marks[-1].end == pos and marks[-1].level == part.level:
                marks[-1] = Mark(marks[-1].start, end, part.level)
            else:
                marks.append(Mark(pos, end, part.level))
        out.append(piece)
        pos = end
    return Rendered("".join(out), tuple(marks), tuple(refs))


def plain_for_index(stored: str, pseudonym_of: Callable[[str], str]) -> str:
    """Text for the full-text index: references as pseudonyms, marked text kept.

    The index lives inside the encrypted vault, so ``internal`` text may be searchable there;
    real names never are, because references are rendered as pseudonyms.
    """
    return "".join(
        p.text if isinstance(p, TextPart)
        else contact_placeholder(p.kind, pseudonym_of(p.source_id))
        for p in decode(stored).parts
    )


# --- encoding ------------------------------------------------------------------------------


def normalise_marks(
    marks: Iterable[Mark], length: int, refs: Iterable[tuple[int, int]] = ()
) -> tuple[Mark, ...]:
    """Marks as they will be stored: clipped to ``[0, length)``, never empty, never
    overlapping (the stricter level wins), adjacent same-level marks merged, and widened so
    that no boundary falls inside one of ``refs``."""
    ref_list = sorted(refs)
    starts = [s for s, _ in ref_list]

    def widen(pos: int, towards_start: bool) -> int:
        # ``refs`` do not overlap, so only the last ref starting before ``pos`` can hold it.
        i = bisect.bisect_left(starts, pos) - 1
        if i >= 0 and ref_list[i][0] < pos < ref_list[i][1]:
            return ref_list[i][0] if towards_start else ref_list[i][1]
        return pos

    events: list[tuple[int, int, int]] = []  # (position, +1/-1, rank)
    for mark in marks:
        start = widen(max(0, min(mark.start, length)), True)
        end = widen(max(0, min(mark.end, length)), False)
        if start < end:
            rank = _RANK[MarkLevel(mark.level)]
            events += [(start, 1, rank), (end, -1, rank)]
    events.sort()
    counts = {rank: 0 for rank in _LEVEL_OF_RANK}
    result: list[Mark] = []
    prev_pos, i = 0, 0
    while i < len(events):
        pos = events[i][0]
        active = max((r for r, c in counts.items() if c), default=0)
        if active and pos > prev_pos:
            level = _LEVEL_OF_RANK[active]
            if result and result[-1].end == prev_pos and result[-1].level == level:
                result[-1] = Mark(result[-1].start, pos, level)
            else:
                result.append(Mark(prev_pos, pos, level))
        while i < len(events) and events[i][0] == pos:
            counts[events[i][2]] += events[i][1]
            i += 1
        prev_pos = pos
    return tuple(result)


def _check_id(source_id: str) -> None:
    if not source_id or len(source_id) > _MAX_ID or _RESERVED_RE.search(source_id):
        raise BadInput("A source id cannot be written into a note.")


_RefSpec = tuple[int, int, str, str, RefKind]  # start, end, source id, surface, kind


def encode(
    text: str,
    marks: Iterable[Mark] = (),
    matches: Iterable[tuple[int, int, str]] = (),
    *,
    kept: Iterable[RefSpan] = (),
    old_surfaces: Sequence[str] = (),
) -> tuple[str, list[str]]:
    """Stored form of ``text`` and the new surfaces list (to be sealed by the caller).

    ``matches`` are ``(start, end, source_id)`` spans of ``text`` holding a real name (the
    ``Match`` tuples of ``NameMatcher.find``): each becomes a reference whose surface is
    the exact text of the span, of the match's ``kind`` (a plain tuple is a name).

    ``kept`` is for re-encoding an edited rendering: the editor hands back the rendered text
    after the edit, its marks, and the ``RefSpan``s it still holds at their new positions
    (a reference the user typed into must be dropped by the editor, or kept whole). The
    text under a kept span is ignored (it is a pseudonym or a revealed name); the reference
    keeps its source and surface ``old_surfaces[span.surface]``. Surfaces no longer used
    are dropped and the rest renumbered, so the caller seals the returned list afresh.
    """
    n = len(text)
    spans: list[_RefSpec] = []
    for match in matches:
        start, end, source_id = match[0], match[1], match[2]
        spans.append((start, end, source_id, text[start:end], kind_of(match)))
    for ref in kept:
        if not 0 <= ref.surface < len(old_surfaces):
            raise BadInput("A kept reference points outside the note's name list.")
        spans.append((ref.start, ref.end, ref.source_id, old_surfaces[ref.surface],
                      kind_of(ref)))  # fmt: skip
    spans.sort()
    prev_end = 0
    for start, end, source_id, surface, _kind in spans:
        if not (prev_end <= start < end <= n) or not surface:
            raise BadInput("Source references overlap or lie outside the text.")
        _check_id(source_id)
        prev_end = end

    surfaces: dict[str, int] = {}
    norm = normalise_marks(marks, n, [(s[0], s[1]) for s in spans])
    # At one position a mark closes before another opens, and both before a reference.
    events: list[tuple[int, int, Mark | _RefSpec | None]] = [(m.start, 1, m) for m in norm]
    events += [(m.end, 0, None) for m in norm]
    events += [(s[0], 2, s) for s in spans]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    cursor = 0
    for pos, kind, payload in events:
        out.append(text[cursor:pos].translate(_ESCAPES))
        cursor = pos
        if kind == 0:
            out.append(MARK_CLOSE)
        elif kind == 1:
            assert isinstance(payload, Mark)
            out.append(f"{MARK_OPEN}{MarkLevel(payload.level).value}{MARK_SEP}")
        else:
            assert isinstance(payload, tuple)
            start, end, source_id, surface, ref_kind = payload
            index = surfaces.setdefault(surface, len(surfaces))
            if index > _MAX_INDEX:
                raise BadInput("A note mentions too many different names.")
            code = _KIND_CODE[ref_kind]
            out.append(f"{REF_OPEN}{source_id}{REF_SEP}{index}{code}{REF_CLOSE}")
            cursor = end
    out.append(text[cursor:].translate(_ESCAPES))
    return "".join(out), list(surfaces)


# --- inline mark syntax --------------------------------------------------------------------

_INLINE_RE = re.compile(r"\\[\\\[\]]|\[\[|\]\]")
_OPEN_RE = re.compile(r"\[\[([A-Za-z]*):[ ]?")
_LEVEL_NAMES = frozenset(level.value for level in MarkLevel)


def parse_inline(s: str) -> tuple[str, tuple[Mark, ...]]:
    """Text and marks from ``[[internal: …]]`` / ``[[team: …]]`` syntax.

    ``\\[``, ``\\]`` and ``\\\\`` stand for a literal ``[``, ``]`` and backslash; any other
    backslash is literal. ``[[`` always opens a mark; ``]]`` closes one (outside a mark it is
    literal text). Marks cannot nest. One space after the colon is part of the syntax.
    """
    out: list[str] = []
    marks: list[Mark] = []
    length = 0
    open_at: int | None = None
    level: MarkLevel | None = None
    pos = 0
    while True:
        m = _INLINE_RE.search(s, pos)
        if m is None:
            break
        piece = s[pos : m.start()]
        out.append(piece)
        length += len(piece)
        token = m.group()
        pos = m.end()
        if token[0] == "\\":
            out.append(token[1])
            length += 1
        elif token == "[[":
            if open_at is not None:
                raise BadInput("Redaction marks cannot be nested; close the first with ]].")
            opener = _OPEN_RE.match(s, m.start())
            name = opener.group(1).lower() if opener else ""
            if opener is None or name not in _LEVEL_NAMES:
                raise BadInput(
                    "A redaction mark must start with [[internal: or [[team: "
                    "(write \\[[ for a literal [[)."
                )
            level, open_at, pos = MarkLevel(name), length, opener.end()
        elif open_at is not None and level is not None:  # "]]" closing a mark
            if length > open_at:
                marks.append(Mark(open_at, length, level))
            open_at = level = None
        else:  # "]]" outside a mark is plain text
            out.append(token)
            length += 2
    if open_at is not None:
        raise BadInput("A redaction mark opened with [[ is never closed with ]].")
    out.append(s[pos:])
    text = "".join(out)
    return text, normalise_marks(marks, len(text))


def _escape_inline(piece: str, in_mark: bool) -> str:
    """Escape so ``parse_inline`` reads ``piece`` back exactly, wherever it is placed.

    A character is escaped when it could join the next one into syntax: a ``[`` followed by
    ``[`` or by the end of the piece (where ``[[`` may follow), inside a mark a ``]`` likewise,
    and a backslash followed by a bracket, a backslash or the end of the piece. Outside a
    mark ``]]`` is plain text and left alone, so ordinary text stays readable.
    """
    out: list[str] = []
    last = len(piece) - 1
    for i, c in enumerate(piece):
        nxt = piece[i + 1] if i < last else None
        if (
            (c == "[" and nxt in ("[", None))
            or (in_mark and c == "]" and nxt in ("]", None))
            or (c == "\\" and nxt in ("[", "]", "\\", None))
        ):
            out.append("\\")
        out.append(c)
    return "".join(out)


def format_inline(text: str, marks: Iterable[Mark] = ()) -> str:
    """``text`` with ``marks`` written in the inline syntax that ``parse_inline`` reads."""
    out: list[str] = []
    pos = 0
    for mark in normalise_marks(marks, len(text)):
        out.append(_escape_inline(text[pos : mark.start], False))
        out.append(f"[[{MarkLevel(mark.level).value}: ")
        out.append(_escape_inline(text[mark.start : mark.end], True))
        out.append("]]")
        pos = mark.end
    out.append(_escape_inline(text[pos:], False))
    return "".join(out)
