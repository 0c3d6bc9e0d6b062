"""The words the export prints whatever the data: headings, labels, page furniture.

The leak gate refuses a registered name part found alone in a PDF ("Wiśniewska"), but a
source called Page or Booth would then stop every export at its footer ("Page 3 of 9") or
its note labels ("Booth visit"). A name part that is one of these words is therefore not
refused alone in the extracted text; it is still refused as part of the whole name, and the
preparation step removes it from every printed field (where the data, not the furniture,
is). ``tests/core/test_export_furniture.py`` renders every profile and checks that each
word of the output is either listed here or comes from the data.
"""

from __future__ import annotations

import re

from influence_desk.export.document import LEFT_OUT_LABELS, REDACTION_LABELS
from influence_desk.export.profiles import BUILTIN_PROFILES
from influence_desk.export.wording import all_printed_words

_FIXED_TEXT = """
Influence Desk export Team brief Public summary Audit report Page of Vault checkpoint
Contents Notes Sources What was removed Verification Vault contents History Consent records
Notes are grouped by event organisation oldest first Removed passages appear as redacted
the same width whatever was removed Highlighted passages are marked team-only they must not
be quoted outside the team Sources appear by pseudonym the Sources section gives their roles
Sources appear by role description in square brackets Sources appear by a generic role
Organisations Sources Tags No summary was written for this note Notes without an event
Notes without an organisation note notes
Booth visit Interview Observation Desk note Trade fair Conference Panel Scheduled interview
Chance encounter Desk research Unspecified
Named on the record Anonymous quotes Background only Off the record
January February March April May June July August September October November December
No source is linked to the notes in this document Each source is known here only by a
pseudonym Real names are kept sealed in the vault and are not part of this document
Pseudonym Role Organisation Consent Source Sources are described not named Consent is
recorded for each of them Every removed passage is replaced by the same width whatever its
length Notes linked to an off-the-record source never leave the vault notes linked to a
background-only source are not quoted here Reason Count Nothing was removed and no note was
left out Vault fingerprint History checkpoint Verification at export The checkpoint is the
sequence number and hash of the newest entry of the vault's signed history when this
document was made To check that the vault still extends it nothing recorded before it was
changed or removed run influence-desk verify VAULT checkpoint Before release this file was
read back with two independent PDF text extractors and its metadata outline and annotations
were searched for the real names aliases and contact details of the sources and for every
removed passage The file exists only because none was found passed history entries no
problems FAILED problems in Counts only this report carries no note text no real name and
no contact detail Notes by kind Events by kind Sources by consent Kind Total None Signed
history entries by action up to the checkpoint of this report Action Entries The consent
recorded for each source by pseudonym and how many notes are linked to it Notes linked to
an off-the-record source never leave the vault in any export Linked notes No source is
registered Notes in this document Notes left out for consent Notes counted
INFLUENCE DESK TEAM BRIEF PUBLIC SUMMARY AUDIT REPORT
For members of the research team only Shows team-only passages highlighted and source
pseudonyms Do not forward or publish Publishable text only Sources appear by role notes
from background-only and off-the-record sources are left out For auditors and ethics
review vault integrity history and consent records Contains no note text
a person at a data broker a person at an analytics firm a political consultant
a person at a communications agency a person at a campaign-technology vendor
a party staffer an industry insider a source
"""


def _words(text: str) -> frozenset[str]:
    # Folded the simple way (case only): furniture is plain English.
    return frozenset(w.casefold() for w in re.findall(r"[^\W_]+", text))


FURNITURE_WORDS: frozenset[str] = _words(
    " ".join([
        _FIXED_TEXT, *REDACTION_LABELS.values(), *LEFT_OUT_LABELS.values(),
        *(f"{p.name} {p.name.upper()} {p.description}" for p in BUILTIN_PROFILES.values()),
        *(f"{w} {w.upper()}" for w in all_printed_words()),  # the German document's words
    ])
)
