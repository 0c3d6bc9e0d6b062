"""Reading a REFI-QDA file that may be hostile: a ``.qdpx`` zip or a ``.qdc`` codebook.

Used by the import (files from anyone) and by the export's leak gate (our own file, read
back with a reader the writer does not share: lxml here, ElementTree there).

Nothing is extracted to disk: members are read into memory, each within a size limit that
holds however the zip lies about sizes (a zip bomb stops at the limit), with a cap on the
number of members, the total and the compression ratio. Member names that climb out of the
archive (``..``, absolute paths, drive letters, backslashes) are refused although nothing
is written, because only a hostile tool writes them. The XML parser loads no DTD, expands
no entity and opens no network or file; a document type declaration is refused outright.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from influence_desk.errors import BadInput
from influence_desk.resourcefiles import resource_path

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_MEMBER = "project.qde"

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one project.qde or one source text
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # everything read from one archive
MAX_RATIO = 200  # uncompressed / compressed, for members over a megabyte
_CHUNK = 1024 * 1024
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


class ArchiveRefused(BadInput):
    """A REFI-QDA file that cannot be read safely or is not one; one sentence."""


@dataclass
class QdaArchive:
    """A read ``.qdpx``: its project document (parsed) and the raw members on request."""

    path: Path
    root: Any  # lxml element of project.qde
    _zip: zipfile.ZipFile = field(repr=False)
    _infos: dict[str, zipfile.ZipInfo] = field(repr=False)
    _read_total: int = 0

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise ArchiveRefused(f"The project refers to '{_shown(name)}', which is not in it.")
        data = _read_member(self._zip, info)
        self._read_total += len(data)
        if self._read_total > MAX_TOTAL_BYTES:
            raise ArchiveRefused("The project holds more text than one import may read.")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdaArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _shown(name: str) -> str:
    """A member name fit for a sentence: printable, short."""
    clean = "".join(c if c.isprintable() else "?" for c in name)
    return clean if len(clean) <= 80 else clean[:77] + "..."


def safe_member_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or _DRIVE_RE.match(name):
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & 0x1:
        raise ArchiveRefused(f"'{_shown(info.filename)}' in the project is encrypted.")
    if info.file_size > MAX_MEMBER_BYTES:
        raise ArchiveRefused(f"'{_shown(info.filename)}' in the project is too large to import.")
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > MAX_MEMBER_BYTES:  # the header lied about the size
                    raise ArchiveRefused(
                        f"'{_shown(info.filename)}' in the project is too large to import."
                    )
                if len(out) > _CHUNK and len(out) > MAX_RATIO * max(info.compress_size, 1):
                    raise ArchiveRefused(
                        f"'{_shown(info.filename)}' in the project unpacks to far more than "
                        "it holds (a zip bomb?)."
                    )
    except ArchiveRefused:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError: a damaged member
        raise ArchiveRefused(f"'{_shown(info.filename)}' in the project is damaged.") from exc
    return bytes(out)


def parse_xml(data: bytes, what: str) -> Any:
    """A REFI-QDA XML document, parsed without DTD, entities or network."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=True,
    )  # fmt: skip
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ArchiveRefused(f"The {what} is not well-formed XML.") from exc
    doc = tree.getroottree()
    if doc.docinfo.doctype or doc.docinfo.internalDTD is not None:
        raise ArchiveRefused(f"The {what} declares a document type, which REFI-QDA never needs.")
    return tree


def open_qdpx(path: Path) -> QdaArchive:
    """Open a ``.qdpx`` for reading; ``ArchiveRefused`` (one sentence) if it is not one or
    is not safe to read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArchiveRefused("The project file cannot be read.") from exc
    if size > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused("The project file is too large to import.")
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, NotImplementedError (version), struct.error, ...
        raise ArchiveRefused("The project file is not a REFI-QDA project (not a zip).") from exc
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveRefused("The project file holds too many files to import.")
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not safe_member_name(info.filename):
                raise ArchiveRefused(
                    f"The project file holds a file named '{_shown(info.filename)}', which "
                    "points outside the project; nothing was imported."
                )
            if info.filename in by_name:
                raise ArchiveRefused(
                    f"The project file holds '{_shown(info.filename)}' twice."
                )
            if not info.is_dir():
                by_name[info.filename] = info
        if sum(i.file_size for i in by_name.values()) > MAX_TOTAL_BYTES * 4:
            raise ArchiveRefused("The project file unpacks to more than one import may read.")
        if PROJECT_MEMBER not in by_name:
            raise ArchiveRefused(
                "The project file has no project.qde; it is not a REFI-QDA project."
            )
        archive = QdaArchive(path, None, zf, by_name)
        archive.root = parse_xml(archive.read(PROJECT_MEMBER), "project.qde")
        if archive.root.tag != f"{{{PROJECT_NS}}}Project":
            raise ArchiveRefused("project.qde is not a REFI-QDA project document.")
        return archive
    except BaseException:
        zf.close()
        raise


def read_codebook(data: bytes) -> Any:
    root = parse_xml(data, "codebook")
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise ArchiveRefused("The file is not a REFI-QDA codebook.")
    return root


_SCHEMAS: dict[str, Any] = {}


def schema(name: str) -> Any:
    """``Project.xsd`` or ``Codebook.xsd`` (resources/refi-qda, MIT, REFI), compiled once."""
    if name not in _SCHEMAS:
        _SCHEMAS[name] = etree.XMLSchema(etree.parse(str(resource_path("refi-qda", name))))
    return _SCHEMAS[name]


def schema_errors(root: Any, name: str) -> list[str]:
    """Why ``root`` is not valid against the schema ``name``; empty when it is."""
    xsd = schema(name)
    if xsd.validate(root.getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]


def local(tag: Any) -> str:
    """An element's name without its namespace (QualCoder and others vary the namespace)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
