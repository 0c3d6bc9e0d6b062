"""PDFs stripped through pypdf: the pages copied into a new document without the Info
dictionary, XMP metadata (the document's, the pages' and every image's), JavaScript, actions
(on opening, on pages, in annotations), embedded files, forms, page thumbnails, and with the
EXIF and other application segments cut out of every embedded JPEG. The result is parsed
again and searched object by object before it is stored."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from influence_desk.attachments.jpeg_segments import strip_segments
from influence_desk.attachments.records import AttachmentKind, RemovalBuilder, Stripped
from influence_desk.errors import BadInput

__all__ = ["MAX_PAGES", "strip_pdf"]

MAX_PAGES = 5000
_INFO_NAMES = {
    "/Author": "author", "/Creator": "creator program", "/Producer": "producer",
    "/Title": "title", "/Subject": "subject", "/Keywords": "keywords",
    "/CreationDate": "creation and change dates", "/ModDate": "creation and change dates",
}  # fmt: skip
# Annotations that carry files, media or code whatever their actions say.
_ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen",
                                 "/RichMedia", "/3D"})  # fmt: skip
# Keys that must not be anywhere in the result.
_FORBIDDEN_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles",
                             "/OpenAction", "/AA", "/Launch", "/Metadata", "/AcroForm",
                             "/PieceInfo", "/Thumb"})  # fmt: skip
_UNREADABLE = "The file could not be read as a PDF."


def strip_pdf(data: bytes) -> Stripped:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadInput("The PDF is protected by a password; remove the password before "
                           "attaching it.")  # fmt: skip
        removed = RemovalBuilder()
        _note_document(reader, removed)
        count = len(reader.pages)
        if count == 0:
            raise BadInput("The PDF has no pages.")
        if count > MAX_PAGES:
            raise BadInput(f"The PDF has more than {MAX_PAGES} pages; it was not attached.")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            _clean_page(page, removed)
        _sweep(writer, removed)
        writer.metadata = None  # no Info dictionary at all (pypdf would name itself)
        out = io.BytesIO()
        writer.write(out)
        result = out.getvalue()
    except BadInput:
        raise
    except RecursionError as exc:
        raise BadInput(_UNREADABLE) from exc
    except Exception as exc:
        raise BadInput(_UNREADABLE) from exc
    _check_clean(result, count)
    return Stripped(result, AttachmentKind.PDF, "application/pdf", removed.build())


def _note_document(reader: PdfReader, removed: RemovalBuilder) -> None:
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else None
    if isinstance(info, DictionaryObject):
        for key in info:
            if key in _INFO_NAMES:
                removed.name(_INFO_NAMES[key])
            else:
                removed.other()
    root: Any = reader.trailer["/Root"].get_object()
    if "/Metadata" in root:
        removed.name("XMP metadata")
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names:
        removed.name("JavaScript")
    if "/EmbeddedFiles" in names:
        removed.name("embedded files")
    if "/OpenAction" in root or "/AA" in root:
        removed.name("an action on opening")
    if "/AcroForm" in root:
        removed.name("form fields")


def _clean_page(page: DictionaryObject, removed: RemovalBuilder) -> None:
    for key, what in (("/AA", "page actions"), ("/Metadata", "XMP metadata"),
                      ("/PieceInfo", "application data"), ("/Thumb", "page thumbnails")):
        if key in page:
            del page[NameObject(key)]
            removed.name(what)
    annots = page.get("/Annots")
    if annots is not None:
        kept = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            if not isinstance(annot, DictionaryObject):
                continue
            if ("/A" in annot or "/AA" in annot
                    or annot.get("/Subtype") in _ACTIVE_ANNOTATIONS):  # fmt: skip
                removed.name("links and actions in annotations")
                continue
            kept.append(ref)
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page[NameObject("/Annots")]
    resources = page.get("/Resources")
    if resources is not None:
        _clean_resources(resources.get_object(), removed, set())


def _clean_resources(resources: Any, removed: RemovalBuilder, seen: set[int]) -> None:
    if not isinstance(resources, DictionaryObject):
        return
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return
    for ref in xobjects.values():
        obj = ref.get_object()
        if not isinstance(obj, StreamObject) or id(obj) in seen:
            continue
        seen.add(id(obj))
        for key, what in (("/Metadata", "XMP metadata"), ("/PieceInfo", "application data")):
            if key in obj:
                del obj[NameObject(key)]
                removed.name(what)
        subtype = obj.get("/Subtype")
        if subtype == "/Image" and _filters(obj)[-1:] == ["/DCTDecode"]:
            # pypdf undoes the filters before DCTDecode and leaves the JPEG as it is: its
            # segments are cut without decoding a pixel, and it is stored as plain DCT.
            cleaned, cut = strip_segments(obj.get_data())
            if cut:
                obj._data = cleaned
                obj[NameObject("/Filter")] = NameObject("/DCTDecode")
                if "/DecodeParms" in obj:
                    del obj[NameObject("/DecodeParms")]
                removed.name("EXIF and other data of embedded photos")
        elif subtype == "/Form":
            inner = obj.get("/Resources")
            if inner is not None:
                _clean_resources(inner.get_object(), removed, seen)


def _sweep(writer: PdfWriter, removed: RemovalBuilder) -> None:
    """Whatever else was copied with the pages (a font's metadata, an action inside a
    form XObject): every forbidden key of every object, and of the dictionaries inside."""

    def scrub(value: Any, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(value, DictionaryObject):
            for key in _FORBIDDEN_KEYS & set(value.keys()):
                del value[NameObject(key)]
                removed.name("other active content or metadata")
            for child in value.values():
                if not isinstance(child, IndirectObject):
                    scrub(child, depth + 1)
        elif isinstance(value, ArrayObject):
            for child in value:
                if not isinstance(child, IndirectObject):
                    scrub(child, depth + 1)

    for obj in writer._objects:
        scrub(obj, 0)


def _filters(obj: StreamObject) -> list[str]:
    value = obj.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return [str(v) for v in value]
    return [str(value)]


def _check_clean(data: bytes, pages: int) -> None:
    """Parse the result again and look at every object in it."""
    refused = BadInput("The PDF could not be cleaned of its metadata and active content, so "
                       "it was not attached.")  # fmt: skip
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.metadata or len(reader.pages) != pages:
            raise refused
        for generation, numbers in reader.xref.items():
            for number in numbers:
                obj = reader.get_object(IndirectObject(number, generation, reader))
                if isinstance(obj, DictionaryObject) and _FORBIDDEN_KEYS & set(obj.keys()):
                    raise refused
                if (isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image"
                        and _filters(obj)[-1:] == ["/DCTDecode"]
                        and strip_segments(obj.get_data())[1]):  # fmt: skip
                    raise refused  # a photo still carrying EXIF, XMP or a comment
        root: Any = reader.trailer["/Root"].get_object()
        if _FORBIDDEN_KEYS & set(root.keys()) or "/Names" in root:
            raise refused
    except BadInput:
        raise
    except Exception as exc:
        raise refused from exc
