"""Export profiles: what one audience may see.

A profile is plain data so that custom profiles can be stored in the vault
(``profile_to_dict`` / ``profile_from_dict``). Consent rules are not a profile option for
off-the-record sources: their notes never leave the vault, whatever a profile says.

One built-in profile is not for readers: ``internal`` moves notes to another vault of the
same team as JSON lines, every mark kept as a mark (``[[internal: …]]`` with its text, so
the other vault keeps it internal). It is refused for every other format, and no custom
profile can include internal text (``between_vaults`` is not stored with them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from influence_desk.errors import BadInput
from influence_desk.model import MarkLevel

SourceDisplay = Literal["pseudonym_and_role", "role", "generic"]
TextMode = Literal["full", "summary"]
GroupBy = Literal["event", "organisation"]

SOURCE_DISPLAYS: tuple[str, ...] = ("pseudonym_and_role", "role", "generic")
TEXT_MODES: tuple[str, ...] = ("full", "summary")
GROUP_BYS: tuple[str, ...] = ("event", "organisation")


@dataclass(frozen=True)
class ExportProfile:
    """What an audience sees.

    - ``include_levels``: mark levels whose text is shown; unmarked text is always shown and
      ``internal`` can never be included.
    - ``source_display``: how a source appears in text and legend: its pseudonym (with the
      role description in the legend), its role description, or its generic role.
    - ``remove_detected``: identifiers found in the text (e-mail, phone, IBAN, URL, handle,
      IP, checksummed numbers) become the placeholder.
    - ``remove_suggested_names``: likely person names that are not registered sources are
      removed too (a guess, so it may also remove a harmless proper name).
    - ``allow_background``: notes linked to a background-only source may be included.
    - ``text``: ``full`` shows summary and body, ``summary`` the summary only.
    - ``include_note_text``: ``False`` for the audit report: counts and records, no notes.
    - ``show_times``: the time of day of a note; off in public (it can point at a meeting).
    - ``between_vaults``: the ``internal`` profile only: JSON lines for another vault of the
      team, which may carry internal passages as marks; never a document someone reads.
    """

    key: str
    name: str
    include_levels: frozenset[MarkLevel] = field(default_factory=frozenset)
    source_display: SourceDisplay = "role"
    remove_detected: bool = True
    text: TextMode = "summary"
    include_note_text: bool = True
    allow_background: bool = False
    remove_suggested_names: bool = True
    show_times: bool = False
    group_by: GroupBy = "event"
    description: str = ""
    between_vaults: bool = False

    def __post_init__(self) -> None:
        if not self.key.strip() or not self.name.strip():
            raise BadInput("An export profile needs a key and a name.")
        if MarkLevel.INTERNAL in self.include_levels and not self.between_vaults:
            raise BadInput("No export profile may include text marked internal.")
        if self.source_display not in SOURCE_DISPLAYS:
            raise BadInput("An export profile names an unknown way to show sources.")
        if self.text not in TEXT_MODES:
            raise BadInput("An export profile names an unknown text mode.")
        if self.group_by not in GROUP_BYS:
            raise BadInput("An export profile names an unknown grouping.")

    def allows(self, level: MarkLevel) -> bool:
        return level in self.include_levels


TEAM = ExportProfile(
    key="team",
    name="Team brief",
    include_levels=frozenset({MarkLevel.TEAM}),
    source_display="pseudonym_and_role",
    remove_detected=True,
    remove_suggested_names=False,
    text="full",
    allow_background=True,
    show_times=True,
    description=(
        "For members of the research team only. Shows team-only passages (highlighted) and "
        "source pseudonyms. Do not forward or publish."
    ),
)

PUBLIC = ExportProfile(
    key="public",
    name="Public summary",
    include_levels=frozenset(),
    source_display="role",
    remove_detected=True,
    remove_suggested_names=True,
    text="summary",
    allow_background=False,
    show_times=False,
    description=(
        "Publishable text only. Sources appear by role; notes from background-only and "
        "off-the-record sources are left out."
    ),
)

# The public profile with the notes' text: the same redaction, review of names and leak
# gate; only what is printed grows (``printed_by`` then includes the body, so every person
# named in a body must be reviewed first).
PUBLIC_TEXT = replace(
    PUBLIC,
    key="public-text",
    name="Public report with text",
    text="full",
    description=(
        "Publishable text in full: summaries and body text, without team-only or internal "
        "passages. Sources appear by role; notes from background-only and off-the-record "
        "sources are left out."
    ),
)

AUDIT = ExportProfile(
    key="audit",
    name="Audit report",
    include_levels=frozenset(),
    source_display="pseudonym_and_role",
    remove_detected=True,
    text="summary",
    include_note_text=False,
    allow_background=False,
    description=(
        "For auditors and ethics review: vault integrity, history and consent records. "
        "Contains no note text."
    ),
)

# Notes for another vault of the team (JSON lines only): what a team member sees in the
# vault (detected identifiers such as an unregistered person's phone number included), every
# mark kept as a mark. Registered names and contact details are still removed and gated,
# and off-the-record notes still stay behind.
INTERNAL = ExportProfile(
    key="internal",
    name="Between vaults of the team",
    include_levels=frozenset({MarkLevel.TEAM, MarkLevel.INTERNAL}),
    source_display="pseudonym_and_role",
    remove_detected=False,
    remove_suggested_names=False,
    text="full",
    allow_background=True,
    show_times=True,
    between_vaults=True,
    description=(
        "JSON lines for another vault of the same team: internal and team-only passages "
        "travel as marks, sources as pseudonyms. Import it there; never forward it."
    ),
)

BUILTIN_PROFILES: dict[str, ExportProfile] = {
    p.key: p for p in (TEAM, PUBLIC, PUBLIC_TEXT, AUDIT, INTERNAL)
}
BUILTIN_KEYS = "team, public, public-text, audit or internal"


def get_profile(key: str) -> ExportProfile:
    """A built-in profile by key (``team``, ``public``, ``public-text``, ``audit``,
    ``internal``)."""
    try:
        return BUILTIN_PROFILES[key]
    except KeyError:
        raise BadInput(f"Unknown export profile; use {BUILTIN_KEYS}.") from None


def profile_to_dict(profile: ExportProfile) -> dict[str, Any]:
    """A JSON-ready dict; levels sorted so the stored form is stable."""
    return {
        "key": profile.key,
        "name": profile.name,
        "include_levels": sorted(str(level) for level in profile.include_levels),
        "source_display": profile.source_display,
        "remove_detected": profile.remove_detected,
        "remove_suggested_names": profile.remove_suggested_names,
        "text": profile.text,
        "include_note_text": profile.include_note_text,
        "allow_background": profile.allow_background,
        "show_times": profile.show_times,
        "group_by": profile.group_by,
        "description": profile.description,
    }


def _typed(data: Mapping[str, Any], key: str, default: Any, kind: type, what: str) -> Any:
    value = data.get(key, default)
    if not isinstance(value, kind):
        raise BadInput(f"Export profile field {key} must be {what}.")
    return value


def _bool(data: Mapping[str, Any], key: str, default: bool) -> bool:
    return bool(_typed(data, key, default, bool, "true or false"))


def _str(data: Mapping[str, Any], key: str, default: str) -> str:
    return str(_typed(data, key, default, str, "text"))


def profile_from_dict(data: Mapping[str, Any]) -> ExportProfile:
    """The inverse of ``profile_to_dict``. Missing fields take the cautious default."""
    if not isinstance(data, Mapping):
        raise BadInput("An export profile must be a JSON object.")
    unknown = set(data) - set(profile_to_dict(PUBLIC))
    if unknown:
        # A field we do not understand might be a restriction we would silently drop.
        raise BadInput("An export profile has fields this version does not know.")
    levels_raw = data.get("include_levels", [])
    if not isinstance(levels_raw, list | tuple):
        raise BadInput("Export profile field include_levels must be a list.")
    try:
        levels = frozenset(MarkLevel(str(v)) for v in levels_raw)
    except ValueError:
        raise BadInput("An export profile names an unknown mark level.") from None
    return ExportProfile(
        key=_str(data, "key", ""),
        name=_str(data, "name", ""),
        include_levels=levels,
        source_display=cast(SourceDisplay, _str(data, "source_display", "generic")),
        remove_detected=_bool(data, "remove_detected", True),
        remove_suggested_names=_bool(data, "remove_suggested_names", True),
        text=cast(TextMode, _str(data, "text", "summary")),
        include_note_text=_bool(data, "include_note_text", True),
        allow_background=_bool(data, "allow_background", False),
        show_times=_bool(data, "show_times", False),
        group_by=cast(GroupBy, _str(data, "group_by", "event")),
        description=_str(data, "description", ""),
    )
