"""REFI-QDA exports: a ``.qdpx`` project (zip: ``project.qde`` + ``sources/GUID.txt``) and a
``.qdc`` codebook alone, written with the standard library's ElementTree and zipfile.

The leak gate (``qdpx_check``) reads the file back with lxml, validates it against the
REFI-QDA schema and searches every string in it; nothing here is shared with that reader.
The output is byte-stable: fixed member order and times, GUIDs derived from the vault
(``qda_project``), so a re-export of the same notes on the same day is the same file.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree as ET

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.formats.qda_project import (
    ORIGIN,
    QdaCode,
    QdaProject,
    QdaSource,
    build_project,
    created_stamp,
)
from influence_desk.export.formats.qdpx_check import check_texts, qdc_texts, qdpx_texts
from influence_desk.export.pipeline import (
    _held_temp_file,
    check_file_name,
    make_canary,
    remove_stale_temp_files,
)
from influence_desk.export.prepare import prepare
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

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


SUFFIXES = {"qdpx": ".qdpx", "qdc": ".qdc"}


def export_qda(
    request: ExportRequest,
    out_path: str | os.PathLike[str],
    *,
    kind: str = "qdpx",
    exporter: str = "",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Write the ``.qdpx`` project (``kind="qdpx"``) or the ``.qdc`` codebook for
    ``request`` at ``out_path``, through the same preparation and leak gate as the PDF.

    Failure leaves nothing at ``out_path`` from this call (``BadInput``, ``Cancelled``,
    ``LeakDetected``); the temporary file beside it is gone."""
    out = Path(out_path)
    if kind not in SUFFIXES:
        raise BadInput("A REFI-QDA export is a qdpx project or a qdc codebook.")
    if not out.name or out.is_dir():
        raise BadInput("The export needs a file name, not a folder.")
    if not out.parent.is_dir():
        raise BadInput("The folder for the export does not exist.")
    if out.suffix.lower() != SUFFIXES[kind]:
        raise BadInput(f"The export file name must end in {SUFFIXES[kind]}.")
    check_file_name(request, out)
    units = max(len(request.notes), 1)
    total = 2 * units + 1
    doc = prepare(request, progress=lambda d, t: progress(d * units // max(t, 1), total),
                  cancel=cancel)  # fmt: skip
    project = build_project(doc, exporter=exporter)
    remove_stale_temp_files(out.parent)
    fd, tmp = _held_temp_file(out.parent)
    try:
        with os.fdopen(os.dup(fd), "wb") as fh:
            (write_qdpx if kind == "qdpx" else write_qdc)(project, fh)
            fh.flush()
            os.fsync(fh.fileno())
        if cancel is not None:
            cancel.check()
        progress(units, total)
        read = qdpx_texts(tmp) if kind == "qdpx" else qdc_texts(tmp)
        check_texts(read, len(project.sources) if kind == "qdpx" else 1, doc.needles,
                    doc.identities, make_canary(request))  # fmt: skip
        killpoints.before_commit("export")
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    finally:
        os.close(fd)
    fsync_path(out.parent, best_effort=True)
    killpoints.after_commit("export")
    progress(total, total)
    return ExportResult(
        out=out,
        pages=0,
        notes_exported=doc.notes_exported,
        left_out_by_reason=dict(doc.left_out),
        redactions_by_reason=dict(doc.redactions),
        checkpoint=request.checkpoint,
    )
