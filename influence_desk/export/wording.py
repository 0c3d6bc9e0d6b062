"""The words an export prints, in English or German, and the profile described in them.

English is the source: each printed sentence is written in English in the code and looked
up in ``resources/translations/export_<language>.json`` (``"text"``: English -> German;
``"taxonomy"``: tag slug -> label). A sentence missing from the catalogue prints in English
rather than not at all; tests/core/test_export_language.py checks that none is missing.
The core never loads Qt: the app passes the language its own catalogue is in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from influence_desk.errors import BadInput
from influence_desk.export.profiles import ExportProfile
from influence_desk.model import MarkLevel
from influence_desk.resourcefiles import resource_path

LANGUAGES: tuple[str, ...] = ("en", "de")

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@lru_cache(maxsize=8)
def _catalogue(language: str) -> dict[str, dict[str, str]]:
    if language == "en":
        return {"text": {}, "taxonomy": {}}
    path = resource_path("translations", f"export_{language}.json")
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return {k: {str(a): str(b) for a, b in data.get(k, {}).items()} for k in ("text", "taxonomy")}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise BadInput("The export language must be en (English) or de (German).")
    return language


class Wording:
    """``w("Notes")`` is the printed word for "Notes" in this export's language."""

    def __init__(self, language: str = "en") -> None:
        self.language = check_language(language)
        catalogue = _catalogue(self.language)
        self._text = catalogue["text"]
        self._taxonomy = catalogue["taxonomy"]

    def __call__(self, text: str) -> str:
        return self._text.get(text, text)

    def tag(self, slug: str, label: str) -> str:
        """A vocabulary term's label (English from the taxonomy, else the catalogue's)."""
        return self._taxonomy.get(slug, label)

    def month(self, number: int) -> str:
        return self(_MONTHS[number - 1])

    def day(self, day: date | datetime) -> str:
        """Locale-independent, so the output does not depend on the machine."""
        if self.language == "de":
            return f"{day.day}. {self.month(day.month)} {day.year}"
        return f"{day.day} {self.month(day.month)} {day.year}"

    def all_words(self) -> list[str]:
        """Every translated text (the gate's list of the document's own words)."""
        return [*self._text.values(), *self._taxonomy.values()]


def all_printed_words() -> list[str]:
    """Every text of every language's catalogue."""
    return [w for lang in LANGUAGES for w in Wording(lang).all_words()]


@dataclass(frozen=True)
class ProfileContent:
    """What a profile makes of the notes, in plain words, for the export dialog."""

    audience: str
    printed: tuple[str, ...]
    removed: tuple[str, ...]


def describe(profile: ExportProfile, language: str = "en") -> ProfileContent:
    """The profile's fields said as sentences a team lead can check before exporting."""
    w = Wording(language)
    team = MarkLevel.TEAM in profile.include_levels
    if not profile.include_note_text:
        return ProfileContent(
            audience=w("For auditors and ethics review."),
            printed=(
                w("Counts of notes, events and sources; the history's entries by action."),
                w("Each source's pseudonym and recorded consent."),
                w("The vault's fingerprint, history checkpoint and verification result."),
            ),
            removed=(w("All note text: no title, summary or body is printed."),),
        )
    audience = (
        w("For another vault of the same team: import it there, never forward it.")
        if profile.between_vaults
        else w("For the research team only: do not forward or publish.") if team
        else w("For anyone: written to be published.")
    )  # fmt: skip
    printed = [w("Each note's title, kind and date")
               + (w(", with the time of day") if profile.show_times else "") + "."]
    printed.append(w("Events, organisations and tags."))
    if profile.text == "full":
        printed.append(w("Summaries and the full body text of the notes."))
    else:
        printed.append(w("Summaries only; the body text of the notes is not printed."))
    if profile.between_vaults:
        printed.append(w("Passages marked internal or team-only, as marks the other vault "
                         "keeps."))
    elif team:
        printed.append(w("Passages marked team-only, highlighted."))
    printed.append({
        "pseudonym_and_role": w("Sources by pseudonym, with their role in a legend."),
        "role": w("Sources by their role description, never by pseudonym."),
        "generic": w("Sources by a generic role only."),
    }[profile.source_display])  # fmt: skip
    removed = [] if MarkLevel.INTERNAL in profile.include_levels else [
        w("Passages marked internal.")]
    if not team:
        removed.append(w("Passages marked team-only."))
    removed.append(w("Real names and contact details of every registered source."))
    if profile.remove_detected:
        removed.append(w("E-mail addresses, phone numbers, IBANs, web addresses, handles and "
                         "IP addresses found in the text."))  # fmt: skip
    if profile.remove_suggested_names:
        removed.append(w("Likely names of people who are not registered sources."))
    removed.append(w("Notes linked to an off-the-record source."))
    if not profile.allow_background:
        removed.append(w("Notes linked to a background-only source."))
    if not profile.show_times:
        removed.append(w("The time of day of each note."))
    return ProfileContent(audience, tuple(printed), tuple(removed))
