"""Redacted PDF exports with a leak gate.

The service hands over an ``ExportRequest`` (notes already pseudonymised, the sources'
identities only as ``ForbiddenTerms``); ``export_pdf`` applies the profile, renders,
reads the file back and refuses it if anything forbidden can be found.
"""

from influence_desk.export.document import (
    ExportNote,
    ExportRequest,
    ExportResult,
    ExportSource,
    ForbiddenIdentity,
    ForbiddenTerms,
    RefSpan,
    VerifySummary,
    reason_label,
)
from influence_desk.export.formats.pdf import export_pdf
from influence_desk.export.gate import LeakKind
from influence_desk.export.profiles import (
    AUDIT,
    BUILTIN_PROFILES,
    INTERNAL,
    PUBLIC,
    PUBLIC_TEXT,
    TEAM,
    ExportProfile,
    get_profile,
    profile_from_dict,
    profile_to_dict,
)
from influence_desk.export.render import Renderer

__all__ = [
    "AUDIT",
    "BUILTIN_PROFILES",
    "INTERNAL",
    "PUBLIC",
    "PUBLIC_TEXT",
    "TEAM",
    "ExportNote",
    "ExportProfile",
    "ExportRequest",
    "ExportResult",
    "ExportSource",
    "ForbiddenIdentity",
    "ForbiddenTerms",
    "LeakKind",
    "RefSpan",
    "Renderer",
    "VerifySummary",
    "export_pdf",
    "get_profile",
    "profile_from_dict",
    "profile_to_dict",
    "reason_label",
]
