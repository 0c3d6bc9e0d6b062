"""The leak gate: read a finished PDF back the way a recipient's tools would, and refuse it
if anything that must stay in the vault can be found in it.

What is read: the text of every page with two independent PDF engines (poppler's
``pdftotext`` and PDFium, see ``extract``: white, invisible and off-page text included),
the document information and XMP metadata, the outline, every annotation (contents,
titles, URIs), the decoded content streams (strings shown with non-embedded fonts, and
marked-content strings such as ActualText), and finally every string of every object in
the file (those three through pypdf). All of it is folded twice, the export's way
(``textnorm``) and the pseudonymiser's way (look-alike letters, transliteration), and
searched for the *needles* the preparation step collected and for every form of every
registered identity of the vault (``identities``): names, aliases, the matcher's derived
variants, name parts alone, contacts in any notation, glued or letter-spaced spellings.

A canary, a random-looking string drawn invisibly on every page, must be found on every
page by each extractor: an extractor that silently returns nothing cannot pass the gate.

Findings name the kind of leak and where it is, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from influence_desk import pseudonyms
from influence_desk.errors import LeakDetected
from influence_desk.export import extract, image_gate
from influence_desk.export.identities import CONTACT, IdentityCheck, matcher_fold_many
from influence_desk.export.textnorm import (
    HYPHEN_BREAK,
    NeedleSearch,
    compact,
    fold,
    fold_joined,
    without,
)
from influence_desk.progress import CancelFlag


class LeakKind(StrEnum):
    REAL_NAME = "a source's real name"
    CONTACT = "a contact detail"
    REDACTED = "a redacted span"
    DETECTED = "a detected identifier"
    CONSENT = "content of a note left out for consent"
    NOTE_TEXT = "note text (the audit report carries none)"
    PSEUDONYM = "a pseudonym this profile does not show"


@dataclass(frozen=True)
class Needle:
    folded: str = field(repr=False)  # never in a repr: it may be a real name
    kind: LeakKind


@dataclass(frozen=True)
class Finding:
    kind: LeakKind
    where: str


PageProgress = Callable[[int, int], None]


def _no_page_progress(done: int, total: int) -> None:
    pass


# --- extractors (module-level so a test can break them) ------------------------------------


def extract_poppler_pages(path: Path) -> list[str]:
    """Text of each page according to poppler (``pdftotext``)."""
    return extract.extract_poppler_pages(path)


def extract_pdfium_pages(path: Path) -> list[str]:
    """Text of each page according to PDFium (``pypdfium2``)."""
    return extract.extract_pdfium_pages(path)


EXTRACTORS: tuple[tuple[str, str], ...] = (
    ("poppler", "extract_poppler_pages"),
    ("PDFium", "extract_pdfium_pages"),
)


# --- content streams ---------------------------------------------------------------------

_TOKEN_RE = re.compile(
    rb"(?P<hex><[0-9A-Fa-f\s]*>)"
    rb"|(?P<name>/[^\s/\[\]()<>{}%]*)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<op>[A-Za-z'\"*][A-Za-z0-9'\"*]*)"
    rb"|(?P<skip>[^(A-Za-z'\"*/<%]+|<<|>>|<)"
)
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
_SHOW_OPS = {b"Tj", b"TJ", b"'", b'"'}


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """Decode the PDF literal string starting at ``data[pos] == '('``; return it and the end."""
    out = bytearray()
    depth = 0
    i = pos
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                break
            e = data[i]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
            elif 0x30 <= e <= 0x37:
                j = i
                while j < n and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j - 1
            elif e in (0x0A, 0x0D):
                pass  # line continuation
            else:
                out.append(e)
        elif c == 0x28:
            if depth:
                out.append(c)
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return bytes(out), n


def content_strings(data: bytes, subset_fonts: set[str]) -> Iterator[str]:
    """Strings in a content stream that are readable as text.

    Text shown with an embedded subset font is glyph codes, not text (the extractors read
    it through the font's ToUnicode map), so it is skipped here: searching those bytes
    would only produce accidental matches. Everything else is yielded: text shown with a
    standard font, and strings in marked-content properties (ActualText, Alt).
    """
    pending: list[bytes] = []
    operands: list[bytes] = []
    font = b""
    pos = 0
    n = len(data)
    while pos < n:
        if data[pos] == 0x28:
            s, pos = _literal(data, pos)
            pending.append(s)
            continue
        m = _TOKEN_RE.match(data, pos)
        if m is None:
            pos += 1
            continue
        pos = m.end()
        if m.lastgroup == "hex":
            digits = re.sub(rb"\s", b"", m.group()[1:-1])
            if len(digits) % 2:
                digits += b"0"
            pending.append(bytes.fromhex(digits.decode("ascii")))
        elif m.lastgroup == "name":
            operands.append(m.group())
        elif m.lastgroup == "op":
            op = m.group()
            if op == b"Tf" and operands:
                font = operands[-1][1:]
            if pending and not (op in _SHOW_OPS and font.decode("latin-1") in subset_fonts):
                for s in pending:
                    yield s.decode("latin-1")
            pending = []
            operands = []
    for s in pending:
        yield s.decode("latin-1")


# --- reading the file's structure --------------------------------------------------------


def _strings_in(obj: Any, *, follow: bool, seen: set[int], depth: int = 0) -> Iterator[str]:
    """Every text string inside a PDF object (optionally following references)."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        TextStringObject,
    )

    if depth > 40:
        return
    if isinstance(obj, IndirectObject):
        if not follow or obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, TextStringObject):
        yield str(obj)
    elif isinstance(obj, ByteStringObject):
        yield bytes(obj).decode("latin-1")
    elif isinstance(obj, DictionaryObject):
        if obj.get("/Type") == "/Page":
            return  # a destination pointing at a page: the page is searched on its own
        for key, value in obj.items():
            if key in ("/Parent", "/P", "/Prev", "/Next", "/First", "/Last"):
                continue
            yield from _strings_in(value, follow=follow, seen=seen, depth=depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _strings_in(value, follow=follow, seen=seen, depth=depth + 1)


def _subset_font_names(resources: Any) -> set[str]:
    fonts = resources.get("/Font") if resources else None
    names: set[str] = set()
    if fonts is None:
        return names
    for key, ref in fonts.get_object().items():
        base = str(ref.get_object().get("/BaseFont", ""))
        if "+" in base:
            names.add(key[1:])
    return names


_TF_FONT_RE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+]?[\d.]+\s+Tf\b")
_PROPERTIES_RE = re.compile(rb"(?<![A-Za-z])(?:BDC|DP)(?![A-Za-z])")


def _only_subset_text(data: bytes, subset_fonts: set[str]) -> bool:
    """True when ``content_strings`` would find nothing in ``data``: every font it selects
    is an embedded subset (whose strings are glyph codes, read by the extractors) and it
    has no marked-content properties. Two regular-expression passes instead of a token
    loop over every page: the common case for our own exports."""
    if _PROPERTIES_RE.search(data):
        return False
    used = {m.decode("latin-1") for m in _TF_FONT_RE.findall(data)}
    if not used or not used <= subset_fonts:
        return False
    # A string shown before the first font is selected would be shown with none.
    first_show = re.search(rb"\)\s*Tj|\]\s*TJ|>\s*Tj", data)
    first_font = _TF_FONT_RE.search(data)
    return first_show is None or (first_font is not None and first_font.start()
                                  < first_show.start())


def _content_texts(data: bytes, resources: Any, depth: int = 0) -> Iterator[str]:
    resources = resources.get_object() if resources is not None else None
    subset = _subset_font_names(resources)
    if not _only_subset_text(data, subset):
        yield from content_strings(data, subset)
    if not resources or depth > 8:
        return
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        xo = ref.get_object()
        if xo.get("/Subtype") == "/Form":
            yield from _content_texts(xo.get_data(), xo.get("/Resources", resources), depth + 1)


def _outline_titles(outline: Any) -> Iterator[str]:
    for item in outline:
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            title = getattr(item, "title", None)
            if title:
                yield str(title)


_OUTLINE_LINKS = ("/Parent", "/Prev", "/Next", "/First", "/Last")


def _outline_strings(outlines: Any) -> Iterator[str]:
    """Strings of every outline item (titles, actions), walked without recursion: an
    outline of a thousand entries is a thousand-long /Next chain."""
    from pypdf.generic import DictionaryObject

    if outlines is None:
        return
    stack = [outlines]
    seen: set[int] = set()
    while stack:
        ref = stack.pop()
        key = getattr(ref, "idnum", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        item = ref.get_object()
        if not isinstance(item, DictionaryObject):
            continue
        for k, value in item.items():
            if k in _OUTLINE_LINKS:
                continue
            yield from _strings_in(value, follow=True, seen=set())
        for k in ("/First", "/Next"):
            if k in item:
                stack.append(item.raw_get(k))


_FONT_PROGRAM_KEYS = ("/Length1", "/Length2", "/Length3")
_SKIPPED_SUBTYPES = ("/Image", "/Form", "/Type1C", "/CIDFontType0C", "/OpenType", "/XML")


def _loose_object_texts(reader: Any, content_ids: set[int]) -> Iterator[str]:
    """Strings of every object in the file, and text of streams that are not drawing,
    fonts or images: catches what no specific check above looks at."""
    from pypdf.generic import IndirectObject, StreamObject

    numbers: set[tuple[int, int]] = set()
    for gen, entries in reader.xref.items():
        numbers.update((num, gen) for num in entries)
    numbers.update((num, 0) for num in getattr(reader, "xref_objStm", {}))
    for num, gen in sorted(numbers):
        if num in content_ids:
            continue
        try:
            obj = IndirectObject(num, gen, reader).get_object()
        except Exception:  # noqa: S112 - a free or broken entry has nothing to read
            continue
        if obj is None:
            continue
        yield from _strings_in(obj, follow=False, seen=set())
        if isinstance(obj, StreamObject):
            if any(k in obj for k in _FONT_PROGRAM_KEYS):
                continue
            if obj.get("/Subtype") in _SKIPPED_SUBTYPES or obj.get("/Type") in (
                "/ObjStm", "/XRef", "/Metadata",
            ):
                continue
            data = obj.get_data()
            if b"begincmap" in data:
                continue  # a font's ToUnicode map: character codes, not text
            yield data.decode("utf-8", errors="replace")


# --- the gate ----------------------------------------------------------------------------


class Searcher:
    """The gate's search over texts read back from an export (the PDF's pages and strings,
    or what a format's own reader returned): ``scan`` each text, then ``finish``; what
    was found is in ``findings``."""

    def __init__(self, needles: Iterable[Needle], canary: str,
                 identities: IdentityCheck | None) -> None:  # fmt: skip
        self.needles = list(needles)
        self.kinds = [n.kind for n in self.needles]
        self.search = NeedleSearch((n.folded, i) for i, n in enumerate(self.needles))
        # The registered spellings, in both foldings: the identities' own automaton, built
        # once for the export (the preparation step searches every field with it), not a
        # second time here.
        self.exact = identities.exact if identities is not None else None
        self.identities = identities
        self.canary = fold(canary)
        self.matcher_canary = pseudonyms.fold(canary)
        self.findings: list[Finding] = []
        # text, folded, where, whether to search the needles in the matcher's folding too
        self._pending: list[tuple[str, str, str, bool]] = []

    def _found(self, kind: LeakKind, where: str, seen: set[LeakKind]) -> None:
        if kind not in seen:
            seen.add(kind)
            self.findings.append(Finding(kind, where))

    def _search(self, folded: str, where: str, seen: set[LeakKind]) -> None:
        folded = folded.replace(self.canary, " ").replace(self.matcher_canary, " ")
        squeezed = compact(folded)
        hits = [*self.search.search(folded), *self.search.search_compact(squeezed)]
        for hit in hits:
            self._found(self.kinds[hit.tag], where, seen)
        if self.exact is not None:
            for hit in [*self.exact.search(folded), *self.exact.search_compact(squeezed)]:
                self._found(LeakKind.CONTACT if hit.tag == 1 else LeakKind.REAL_NAME,
                            where, seen)  # fmt: skip

    def scan(self, text: str, where: str, *, matcher_folding: bool = True,
             folded: str | None = None) -> None:  # fmt: skip
        """Search ``text`` in the export's folding now; for the identities' other forms
        (the matcher and its folding) in ``finish``, one matcher call for all texts.

        Page text skips the needles in the matcher's folding (``matcher_folding``): the
        matcher itself reads every page in its folding, which finds every registered
        name and variant written with look-alike letters; only the file's other strings,
        few and short, get both. ``folded`` is ``fold(text)`` if the caller has it."""
        if not text:
            return
        # The canary is ours: cut it out so that it can never glue two words into a hit.
        text = text.replace(self.canary, " ")
        plain = fold(text) if folded is None else without(folded, self.canary)
        seen: set[LeakKind] = set()
        self._search(plain, where, seen)
        if HYPHEN_BREAK.search(text):
            self._search(fold_joined(text), where, seen)
        self._pending.append((text, plain.replace(self.canary, " "), where, matcher_folding))

    def finish(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        texts = [t for t, _, _, _ in pending]
        both = [(t, where) for t, _, where, m in pending if m]
        for (_, where), folded in zip(both, matcher_fold_many([t for t, _ in both]),
                                      strict=True):  # fmt: skip
            self._search(folded, where, set())
        if self.identities is not None:
            results = self.identities.scan_many(texts, [f for _, f, _, _ in pending])
            for (_, _, where, _), kinds in zip(pending, results, strict=True):
                for kind in sorted(kinds):
                    self._found(LeakKind.CONTACT if kind == CONTACT else LeakKind.REAL_NAME,
                                where, set())
        # One finding per kind and place, as ``scan`` reports them.
        unique: dict[tuple[LeakKind, str], Finding] = {}
        for f in self.findings:
            unique.setdefault((f.kind, f.where), f)
        self.findings = list(unique.values())


def _fail_unverifiable(reason: str) -> LeakDetected:
    return LeakDetected(
        f"The leak gate could not verify the export ({reason}); the file was deleted."
    )


def _read_pages(path: Path) -> Iterator[tuple[str, list[str] | BaseException]]:
    """Each extractor's pages, or the exception it raised. Poppler runs in a thread (it
    waits on its child process, the GIL is free) while PDFium reads in this one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        first_name, first_attr = EXTRACTORS[0]
        future = pool.submit(globals()[first_attr], path)
        rest: list[tuple[str, list[str] | BaseException]] = []
        for name, attr in EXTRACTORS[1:]:
            try:
                rest.append((name, globals()[attr](path)))
            except Exception as exc:
                rest.append((name, exc))
        try:
            first: list[str] | BaseException = future.result()
        except Exception as exc:
            first = exc
    yield first_name, first
    yield from rest


def check_pdf(
    path: Path,
    needles: Iterable[Needle],
    canary: str,
    *,
    identities: IdentityCheck | None = None,
    progress: PageProgress = _no_page_progress,
    cancel: CancelFlag | None = None,
) -> int:
    """Raise ``LeakDetected`` if the PDF at ``path`` shows any needle or any form of a
    registered identity (``identities``), or if the gate cannot prove it read every page.
    Returns the number of pages.

    The caller deletes the file on failure. ``progress(done, total)`` counts steps of the
    gate (two per page, plus one for the file's structure).
    """
    from pypdf import PdfReader

    searcher = Searcher(needles, canary, identities)
    try:
        reader = PdfReader(str(path))
        pages = len(reader.pages)
    except Exception as exc:
        raise _fail_unverifiable("the file's structure could not be read") from exc
    total = 2 * pages + 1
    done = 0

    def step() -> None:
        nonlocal done
        if cancel is not None:
            cancel.check()
        done += 1
        progress(done, total)

    for extractor_name, texts in _read_pages(path):
        if isinstance(texts, BaseException):
            raise _fail_unverifiable(f"{extractor_name} could not read the file") from texts
        if len(texts) != pages:
            raise _fail_unverifiable(f"{extractor_name} did not see every page")
        for number, text in enumerate(texts, start=1):
            folded = fold(text)  # once per page: the canary's check and the search
            if searcher.canary not in compact(folded):
                raise _fail_unverifiable(
                    f"the check text was not found by {extractor_name} on page {number}"
                )
            searcher.scan(text, f"on page {number}", matcher_folding=False, folded=folded)
            step()

    try:
        info = reader.trailer.get("/Info")
        if info is not None:
            for s in _strings_in(info, follow=True, seen=set()):
                searcher.scan(s, "in the document metadata")
        root: Any = reader.trailer["/Root"].get_object()
        xmp = root.get("/Metadata")
        if xmp is not None:
            data = xmp.get_object().get_data()
            searcher.scan(data.decode("utf-8", errors="replace"), "in the XMP metadata")
        for title in _outline_titles(reader.outline):
            searcher.scan(title, "in the outline (bookmarks)")
        for s in _outline_strings(root.get("/Outlines")):
            searcher.scan(s, "in the outline (bookmarks)")

        content_ids: set[int] = set()
        for number, page in enumerate(reader.pages, start=1):
            annots = page.get("/Annots")
            if annots is not None:
                for s in _strings_in(annots, follow=True, seen=set()):
                    searcher.scan(s, f"in an annotation on page {number}")
            contents: Any = page.get("/Contents")
            refs = contents if isinstance(contents, list) else [contents]
            content_ids.update(ref.idnum for ref in refs if hasattr(ref, "idnum"))
            stream = page.get_contents()
            if stream is not None:
                texts_in_stream = list(_content_texts(stream.get_data(), page.get("/Resources")))
                searcher.scan(" ".join(texts_in_stream), f"in the drawing of page {number}")
        for s in _loose_object_texts(reader, content_ids):
            searcher.scan(s, "elsewhere in the file")
    except LeakDetected:
        raise
    except Exception as exc:
        raise _fail_unverifiable("its structure could not be read") from exc
    image_gate.scan_images(reader, searcher.scan, cancel=cancel)  # OCR, image metadata
    searcher.finish()
    step()

    if searcher.findings:
        first = searcher.findings[0]
        more = len(searcher.findings) - 1
        tail = f" (and {more} more finding{'s' if more != 1 else ''})" if more else ""
        raise LeakDetected(
            f"The export was stopped and the file deleted: {first.kind} appears "
            f"{first.where}{tail}."
        )
    return pages
