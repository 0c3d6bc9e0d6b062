"""REFI-QDA exports: a ``.qdpx`` project (zip: ``project.qde`` + ``sources/GUID.txt``) and a
``.qdc`` codebook alone, written with the standard library's ElementTree and zipfile.

``QdpxFormat`` and ``QdcFormat`` are their entries in the format registry: the export's
pipeline (``writing.export_document``) prepares, renders, reads back and gates them as every
format. The reader (``qdpx_check``) reads the file back with zipfile and lxml, validates it
against the REFI-QDA schema and returns every string in it; nothing here is shared with it.
The output is byte-stable: fixed member order and times, GUIDs derived from the vault
(``qda_project``), so a re-export of the same notes on the same day is the same file.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree as ET

from influence_desk.export.formats.base import FormatBase, ReadBack, ReadPart, Rendered, Writing
from influence_desk.export.formats.qda_project import (
    ORIGIN,
    QdaCode,
    QdaProject,
    QdaSource,
    build_project,
    created_stamp,
)
from influence_desk.export.formats.qdpx_check import QdaReadBack, qdc_texts, qdpx_texts

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources/"


def source_member(source: QdaSource) -> str:
    return f"{SOURCES_FOLDER}{source.guid}.txt"


def _el(parent: ET.Element, ns: str, tag: str, **attrs: str) -> ET.Element:
    # Plain names: the root's xmlns attribute puts them in ``ns`` (ElementTree cannot write
    # a default namespace beside unqualified attributes).
    return ET.SubElement(parent, tag, attrs)


def _text_el(parent: ET.Element, ns: str, tag: str, text: str) -> ET.Element:
    el = _el(parent, ns, tag)
    el.text = text
    return el


def _codes(parent: ET.Element, ns: str, codes: Iterable[QdaCode]) -> None:
    for code in codes:
        el = _el(parent, ns, "Code", guid=code.guid, name=code.name,
                 isCodable="true" if code.codable else "false")  # fmt: skip
        if code.description:
            _text_el(el, ns, "Description", code.description)
        _codes(el, ns, code.children)


def _serialise(root: ET.Element, ns: str) -> bytes:
    root.set("xmlns", ns)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def project_xml(project: QdaProject) -> bytes:
    ns = PROJECT_NS
    user = project.user
    root = ET.Element("Project", {
        "name": project.name or ORIGIN, "origin": ORIGIN, "creatingUserGUID": user.guid,
        "creationDateTime": created_stamp(project.created),
    })  # fmt: skip
    users = _el(root, ns, "Users")
    _el(users, ns, "User", guid=user.guid, name=user.name, id=user.id)
    _codes(_el(_el(root, ns, "CodeBook"), ns, "Codes"), ns, project.codes)
    if project.variables:
        variables = _el(root, ns, "Variables")
        for v in project.variables:
            _el(variables, ns, "Variable", guid=v.guid, name=v.name, typeOfVariable=v.type)
    if project.cases:
        cases = _el(root, ns, "Cases")
        for case in project.cases:
            el = _el(cases, ns, "Case", guid=case.guid, name=case.name)
            if case.description:
                _text_el(el, ns, "Description", case.description)
            for target in case.source_guids:
                _el(el, ns, "SourceRef", targetGUID=target)
    if project.sources:
        sources = _el(root, ns, "Sources")
        for src in project.sources:
            path = f"internal://{src.guid}.txt"
            el = _el(sources, ns, "TextSource", guid=src.guid, name=src.name,
                     plainTextPath=path, creatingUser=user.guid)  # fmt: skip
            for sel in src.selections:
                s = _el(el, ns, "PlainTextSelection", guid=sel.guid,
                        startPosition=str(sel.start), endPosition=str(sel.end),
                        creatingUser=user.guid)  # fmt: skip
                for code_guid in sel.code_guids:
                    coding = _el(s, ns, "Coding", guid=_coding_guid(sel.guid, code_guid),
                                 creatingUser=user.guid)  # fmt: skip
                    _el(coding, ns, "CodeRef", targetGUID=code_guid)
            for value in src.values:
                vv = _el(el, ns, "VariableValue")
                _el(vv, ns, "VariableRef", targetGUID=value.variable_guid)
                _text_el(vv, ns, f"{value.type}Value", value.value)
    if project.description:
        _text_el(root, ns, "Description", project.description)
    return _serialise(root, ns)


def _coding_guid(selection_guid: str, code_guid: str) -> str:
    return str(uuid.uuid5(uuid.UUID(selection_guid), code_guid)).upper()


def codebook_xml(project: QdaProject) -> bytes:
    ns = CODEBOOK_NS
    root = ET.Element("CodeBook", {"origin": ORIGIN})
    # The codebook schema has no description: what was exported, and the checkpoint the
    # gate must read back, go into a comment ("--" may not appear in one).
    about = project.description.replace("--", "- -").rstrip("-")
    root.append(ET.Comment(f" {about} "))
    _codes(_el(root, ns, "Codes"), ns, project.codes)
    return _serialise(root, ns)


def _member(name: str, project: QdaProject) -> zipfile.ZipInfo:
    day = project.created
    info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_qdpx(project: QdaProject, out: BinaryIO) -> None:
    """The project as a REFI-QDA ``.qdpx`` zip: ``project.qde``, then one UTF-8 plain text
    per source under ``sources/`` (the standard's ``internal://`` paths)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(_member(PROJECT_MEMBER, project), project_xml(project))
        for src in project.sources:
            zf.writestr(_member(source_member(src), project), src.text.encode("utf-8"))
    out.write(buffer.getvalue())


def write_qdc(project: QdaProject, out: BinaryIO) -> None:
    out.write(codebook_xml(project))



class _QdaFormat(FormatBase):
    """A REFI-QDA file built from the project's typed records (``qda_project``)."""

    notes_only = True  # a project of no notes codes nothing: the audit report is refused
    notes_progress = False  # whether each unit written is a note (progress told per unit)

    def write(self, job: Writing) -> Rendered:
        project = build_project(job.prepared, exporter=job.prepared.request.exported_by)
        with open(job.path, "wb") as fh:
            units = self.write_project(project, fh)
        for _ in range(units if self.notes_progress else 0):
            job.note_written()
        return Rendered(units=units)

    def write_project(self, project: QdaProject, out: BinaryIO) -> int:
        """Write the file; the units its reader must find."""
        raise NotImplementedError

    def texts(self, path: Path) -> QdaReadBack:
        raise NotImplementedError

    def read_back(self, path: Path) -> ReadBack:
        read = self.texts(path)
        return ReadBack(
            tuple(ReadPart(t.text, t.where, needs_check_text=t.carries_check)
                  for t in read.texts),
            units=read.units,
        )  # fmt: skip


class QdpxFormat(_QdaFormat):
    """A REFI-QDA project: one text source per note, for QualCoder, MAXQDA, NVivo, ATLAS.ti."""

    name = "qdpx"
    suffix = ".qdpx"
    label = "REFI-QDA project"
    notes_progress = True  # one source per note

    def write_project(self, project: QdaProject, out: BinaryIO) -> int:
        write_qdpx(project, out)
        return len(project.sources)

    def texts(self, path: Path) -> QdaReadBack:
        return qdpx_texts(path)


class QdcFormat(_QdaFormat):
    """The codebook alone: the vocabulary, the exported notes' free tags, the marks' codes
    (its free tags are the notes' printed tags: no notes, no codebook)."""

    name = "qdc"
    suffix = ".qdc"
    label = "REFI-QDA codebook"

    def write_project(self, project: QdaProject, out: BinaryIO) -> int:
        write_qdc(project, out)
        return 1

    def texts(self, path: Path) -> QdaReadBack:
        return qdc_texts(path)
