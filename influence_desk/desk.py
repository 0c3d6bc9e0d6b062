"""Desk: the service the CLI and the desktop app call (notes, sources, search, import).

Every write runs in one store transaction that also appends the signed history entry, so a
change and its entry commit together or not at all. Auditors get ``NotPermitted`` on every
write (the vault refuses them a history writer).

Pseudonymisation at rest (DESIGN §5): before anything is written, every mention of a
registered source in a note's title, summary and body becomes a reference (textformat's
stored form); the exact strings replaced ("surfaces") are sealed to the vault's identity key.
Other free text (tags, role descriptions, event and organisation fields) has registered names
replaced by the pseudonym outright. So no row, no search index entry and no history entry
holds a registered name. Registering a source (or adding an alias) rewrites what was stored
before the name was known, in the same transaction.

Writers hold the identity key, so the name matcher is built from every identity on first need
and kept in memory until the Desk is dropped; it is rebuilt after a source changes.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from influence_desk import backups, crypto, search_index, textformat
from influence_desk.canonical import canonical
from influence_desk.detect import detect_identifiers
from influence_desk.errors import BadInput, InfluenceDeskError, NotPermitted, VaultDamaged
from influence_desk.history import HistoryWriter, now_text
from influence_desk.model import (
    Consent,
    Detection,
    Event,
    EventKind,
    Mark,
    Note,
    NoteKind,
    Organisation,
    OrgType,
    PseudonymStyle,
    Source,
    SourceIdentity,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.pseudonyms import NameMatcher, fold, generate_pseudonym
from influence_desk.repseudonymise import FIXED_SETTINGS, map_setting, repseudonymise_everything
from influence_desk.store import NoteWhere, Row, Store
from influence_desk.taxonomy import Taxonomy, load_taxonomy
from influence_desk.textformat import RefSpan
from influence_desk.vault.vault import Vault

__all__ = ["Desk", "NoteDraft", "NoteFilter", "NoteRow", "NoteView", "SearchHit"]

_FIELDS = ("title", "summary", "body")
# Joins a note's fields for one scan: NUL is in no name (refused at registration), so no
# match can span two fields.
_FIELD_JOIN = "\n\x00\n"
_RESERVED_RE = re.compile("[\ue000-\ue00f]")
_RESERVED_SETTINGS = frozenset({"vault_id", "identity_public"})
_MAX_TITLE = 1_000
_MAX_TEXT = 2_000_000


@dataclass(frozen=True)
class NoteDraft:
    """A note as the user typed it: real names allowed (they are replaced on save);
    ``marks`` are over ``body``.

    ``kept_refs`` (optional) are the ``NoteView.refs`` an editor still holds after an edit,
    at their new positions in ``body``: the text under them is ignored and each keeps its
    source and original string. Without them, pseudonyms and names in the text are found
    again on save."""

    kind: NoteKind
    title: str
    occurred_at: datetime
    body: str = ""
    summary: str = ""
    event_id: str | None = None
    organisation_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()
    kept_refs: tuple[RefSpan, ...] = ()


@dataclass(frozen=True)
class NoteView:
    """A note rendered for a viewer: pseudonyms, or the exact original names when revealed.

    ``refs`` and ``detections`` are spans over ``note.body``; ``note.source_ids`` are the
    sources linked by hand and those mentioned in the text; ``explicit_source_ids`` only
    the ones linked by hand."""

    note: Note
    refs: tuple[RefSpan, ...] = ()
    detections: tuple[Detection, ...] = ()
    explicit_source_ids: tuple[str, ...] = ()
    revealed: bool = False


@dataclass(frozen=True)
class NoteRow:
    """One line of the notes list (title rendered with pseudonyms)."""

    id: str
    kind: NoteKind
    title: str
    occurred_at: datetime
    event_name: str
    organisation_names: tuple[str, ...]
    source_pseudonyms: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NoteFilter:
    kind: NoteKind | None = None
    event_id: str | None = None
    organisation_id: str | None = None
    source_id: str | None = None
    tag: str | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive

    def where(self) -> NoteWhere:
        before = None
        if self.date_to is not None:
            before = (_as_date(self.date_to) + timedelta(days=1)).isoformat()
        return NoteWhere(
            kind=NoteKind(self.kind).value if self.kind else None,
            event_id=self.event_id,
            organisation_id=self.organisation_id,
            source_id=self.source_id,
            tag=self.tag,
            occurred_from=_as_date(self.date_from).isoformat() if self.date_from else None,
            occurred_before=before,
        )


@dataclass(frozen=True)
class SearchHit:
    """``snippet`` marks the matched terms with ``[`` and ``]``."""

    id: str
    title: str
    snippet: str
    rank: float


@dataclass
class _Names:
    """What the Desk knows about sources in memory (identity holders only for names)."""

    pseudonyms: dict[str, str]  # source id -> pseudonym
    identities: dict[str, SourceIdentity] = field(default_factory=dict)
    matcher: NameMatcher | None = None  # names, aliases and pseudonyms -> source id


@dataclass
class _Encoded:
    title: str
    summary: str
    body: str
    surfaces: dict[str, list[str]]
    referenced: list[str]


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _new_id() -> str:
    return secrets.token_hex(8)


def _time_text(value: datetime) -> str:
    if not isinstance(value, datetime):
        if isinstance(value, date):
            value = datetime(value.year, value.month, value.day)
        else:
            raise BadInput("A note needs a date and time.")
    return value.isoformat(timespec="seconds")


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise VaultDamaged("A stored note has an unreadable date.") from exc


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise VaultDamaged("A stored event has an unreadable date.") from exc


def _clean_line(text: str, what: str, *, required: bool = False, limit: int = 500) -> str:
    if not isinstance(text, str):
        raise BadInput(f"The {what} must be text.")
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise BadInput(f"The {what} cannot be empty.")
    if len(cleaned) > limit:
        raise BadInput(f"The {what} is longer than {limit} characters.")
    return cleaned


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _identity_json(identity: SourceIdentity) -> bytes:
    data: dict[str, Any] = {
        "real_name": identity.real_name,
        "aliases": list(identity.aliases),
        "contact": list(identity.contact),
        "notes": identity.notes,
    }
    if identity.common_given_name:  # absent in identities sealed before the switch existed
        data["common_given_name"] = True
    return canonical(data)


def _identity_from_json(data: bytes) -> SourceIdentity:
    try:
        raw = json.loads(data)
        return SourceIdentity(
            real_name=str(raw["real_name"]),
            aliases=tuple(str(a) for a in raw["aliases"]),
            contact=tuple(str(c) for c in raw["contact"]),
            notes=str(raw["notes"]),
            common_given_name=raw.get("common_given_name", False) is True,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultDamaged("A sealed source identity is unreadable.") from exc


def _matchable(identity: SourceIdentity) -> SourceIdentity:
    """The identity as the matcher takes it: contact details too short to find left out."""
    contact = tuple(c for c in identity.contact if len(fold(c)) >= 4)
    return identity if contact == identity.contact else replace(identity, contact=contact)


# What the matcher looks for, for one source: the identity (names, aliases, contacts), from
# which it derives every variant (influence_desk.names.variants).
_match_terms = _matchable


def _check_identity(identity: SourceIdentity) -> SourceIdentity:
    real = _clean_line(identity.real_name, "real name", required=True, limit=300)
    aliases = tuple(
        dict.fromkeys(
            a for a in (_clean_line(x, "alias", limit=300) for x in identity.aliases) if a
        )
    )
    contact = tuple(c.strip() for c in identity.contact if c.strip())
    if any(unicodedata.category(ch) == "Cc" for n in (real, *aliases, *contact) for ch in n):
        raise BadInput("A name, alias or contact detail cannot hold control characters.")
    if any(len(fold(n)) < 2 for n in (real, *aliases)):
        raise BadInput("A name or alias needs at least two letters to be found in notes.")
    return SourceIdentity(real, aliases, contact, identity.notes, identity.common_given_name)


# --- safe full-text queries -----------------------------------------------------------------

_QUERY_TOKEN_RE = re.compile(r'"[^"]*"?|[^\s"]+')


def _fts_phrase(text: str, prefix: bool = False) -> str | None:
    """One FTS5 string: everything quoted, so user text is never FTS syntax."""
    if not any(c.isalnum() for c in text):
        return None
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _query_tokens(text: str) -> Iterator[str]:
    """FTS5 terms and ``OR`` from the user's words: phrases in double quotes, a trailing
    ``*`` for a prefix, ``OR`` between terms; everything else is a quoted term."""
    for m in _QUERY_TOKEN_RE.finditer(text):
        token = m.group()
        if token.startswith('"'):
            phrase = _fts_phrase(token.strip('"'))
        elif token == "OR":
            yield "OR"
            continue
        elif token.endswith("*") and len(token.rstrip("*")) > 0:
            phrase = _fts_phrase(token.rstrip("*"), prefix=True)
        else:
            phrase = _fts_phrase(token)
        if phrase:
            yield phrase


def _fts_expression(tokens: Iterable[str]) -> str:
    out: list[str] = []
    for token in tokens:
        if token == "OR":
            if out and out[-1] != "OR":
                out.append("OR")
        else:
            if out and out[-1] != "OR":
                out.append("AND")
            out.append(token)
    while out and out[-1] in ("OR", "AND"):
        out.pop()
    return " ".join(out)


# --- the service ----------------------------------------------------------------------------


_NAMES_BY_VAULT: weakref.WeakKeyDictionary[Vault, _Names] = weakref.WeakKeyDictionary()


class Desk:
    """The notes, sources and search of one open vault (not thread-safe: one thread at a
    time, like the Store it uses)."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._events_cache: list[Event] | None = None
        self._orgs_cache: list[Organisation] | None = None
        self._event_keys: dict[str, Event] | None = None  # folded name -> event
        self._org_keys: dict[str, Organisation] | None = None  # folded name or alias -> org
        self._taxonomy: Taxonomy | None = None
        self.last_backup_rewrite: backups.BackupRewrite | None = None
        if vault.is_open and vault.can_write and vault.can_reveal and backups.is_pending(self):
            # A registration committed but was cut off while rewriting the backups: finish.
            # Opening must not fail over it; the flag stays and the next writer tries again.
            with contextlib.suppress(InfluenceDeskError):
                self.finish_backup_rewrites()

    def finish_backup_rewrites(self) -> backups.BackupRewrite:
        """Re-pseudonymise every backup for every source (after an interrupted run)."""
        self.vault.writer()
        self._load_names(with_matcher=True)
        self.last_backup_rewrite = backups.rewrite_backups(self, None)
        return self.last_backup_rewrite

    # --- plumbing -------------------------------------------------------------------

    @property
    def store(self) -> Store:
        store = self.vault.store
        if store is None:
            raise NotPermitted("The vault is locked.")
        return store

    @property
    def can_write(self) -> bool:
        return self.vault.can_write

    @property
    def can_reveal(self) -> bool:
        return self.vault.can_reveal

    @contextmanager
    def _write(self, operation: str | None = None) -> Iterator[HistoryWriter]:
        """One transaction with the history writer; auditors are refused before it opens.
        ``operation`` names its commit for the kill campaigns' test hook (killpoints)."""
        writer = self.vault.writer()
        try:
            with self.store.transaction(operation):
                yield writer
        except BaseException:
            self._events_cache = self._orgs_cache = None
            self._event_keys = self._org_keys = None
            raise

    def _seal(self, plaintext: bytes, context: bytes) -> bytes:
        public = X25519PublicKey.from_public_bytes(self.vault.identity_public)
        return crypto.seal_to(public, plaintext, context)

    def _identity_context(self, source_id: str) -> bytes:
        return f"influence-desk source identity v1\x00{self.vault.vault_id}\x00{source_id}".encode()

    def _surfaces_context(self, note_id: str) -> bytes:
        return f"influence-desk note surfaces v1\x00{self.vault.vault_id}\x00{note_id}".encode()

    # --- names in memory ------------------------------------------------------------

    @property
    def _names(self) -> _Names | None:
        """Shared by every Desk over the same open vault, so a source registered through one
        is known to all at once (a stale matcher would store a new name in clear). Dropped
        when the vault is locked: real names never outlive the keys that opened them."""
        if not self.vault.is_open:
            _NAMES_BY_VAULT.pop(self.vault, None)
            return None
        return _NAMES_BY_VAULT.get(self.vault)

    @_names.setter
    def _names(self, names: _Names | None) -> None:
        if names is None or not self.vault.is_open:
            _NAMES_BY_VAULT.pop(self.vault, None)
        else:
            _NAMES_BY_VAULT[self.vault] = names

    def forget_names(self) -> None:
        """Drop every identity and the matcher from memory (they are rebuilt on need)."""
        self._names = None

    def _load_names(self, *, with_matcher: bool) -> _Names:
        names = self._names
        if names is None:
            names = self._names = _Names(self.store.pseudonyms())
        if with_matcher and names.matcher is None:
            key = self.vault.identity_key  # NotPermitted for auditors
            for row in self.store.source_rows():
                sid = str(row[0])
                sealed = crypto.open_sealed(key, bytes(row[5]), self._identity_context(sid))
                names.identities[sid] = _identity_from_json(sealed)
            names.matcher = self._build_matcher(names.pseudonyms, names.identities)
        return names

    @staticmethod
    def _build_matcher(
        pseudonyms: dict[str, str],
        identities: dict[str, SourceIdentity],
        previous: NameMatcher | None = None,
    ) -> NameMatcher:
        # Real names first: where two sources share a spelling, the first given keeps it.
        # A pseudonym typed (or pasted back from the screen) is a mention of its source too.
        # Contact details (an e-mail address, a phone number as registered) identify a
        # source as surely as a name, so they become references too.
        # Each identity gives the matcher its derived spellings too (surname alone, case
        # forms, initials, other scripts, contact notations: influence_desk.names).
        entries: list[tuple[str, Sequence[str] | SourceIdentity]] = [
            (sid, _matchable(identity)) for sid, identity in identities.items()
        ]
        entries += [(sid, (pseudonym,)) for sid, pseudonym in pseudonyms.items()]
        # ``previous`` lends what it derived for unchanged sources (a rebuild is quick).
        return NameMatcher(entries, previous=previous)

    @staticmethod
    def _changed_matcher(names: _Names, changed: Iterable[str]) -> NameMatcher:
        """Only the ``changed`` sources' names and contact details, without pseudonyms:
        what a rewrite after a registration looks for in stored text."""
        return NameMatcher(
            [(sid, _match_terms(names.identities[sid])) for sid in changed
             if sid in names.identities]
        )  # fmt: skip

    def _pseudonym_of(self, source_id: str) -> str:
        pseudonym = self._load_names(with_matcher=False).pseudonyms.get(source_id)
        if pseudonym is None:
            names = self._names = _Names(self.store.pseudonyms())
            pseudonym = names.pseudonyms.get(source_id, "[unknown source]")
        return pseudonym

    def _replace_names(self, text: str, names: _Names) -> str:
        """``text`` with every registered name replaced by its pseudonym (for the short
        fields: tags, role descriptions, events, organisations, settings). Each mention is
        encoded as a reference and rendered at once, exactly as a note shows it."""
        if not text or names.matcher is None:
            return text
        matches = names.matcher.find(text)
        if not matches:
            return text
        stored, _surfaces = textformat.encode(text, (), matches)

        def name_for(source_id: str, index: int) -> str:
            # ``names`` may hold a source this transaction is only now registering.
            pseudonym = names.pseudonyms.get(source_id)
            return pseudonym if pseudonym is not None else self._pseudonym_namer(source_id, index)

        return textformat.render(stored, name_for).text

    def _pseudonym_namer(self, source_id: str, _index: int) -> str:
        """What a reference shows to everyone: the source's pseudonym."""
        return self._pseudonym_of(source_id)

    def _public(self, text: str) -> str:
        """Free text about to be stored without references: registered names replaced."""
        if not text or not self.vault.can_write:
            return text
        return self._replace_names(text, self._load_names(with_matcher=True))

    # --- reference data: events -------------------------------------------------------

    @staticmethod
    def _event(row: Row) -> Event:
        return Event(
            id=str(row[0]), kind=EventKind(row[1]), name=str(row[2]), city=str(row[3]),
            country=str(row[4]), start_date=_parse_day(row[5]), end_date=_parse_day(row[6]),
            organiser=str(row[7]),
        )  # fmt: skip

    def events(self) -> list[Event]:
        if self._events_cache is None:
            self._events_cache = [self._event(r) for r in self.store.event_rows()]
        return list(self._events_cache)

    def event(self, event_id: str) -> Event:
        row = self.store.event_row(event_id)
        if row is None:
            raise BadInput(f"This vault has no event {event_id}.")
        return self._event(row)

    def _event_row(self, event: Event) -> Row:
        if event.start_date and event.end_date and event.end_date < event.start_date:
            raise BadInput("An event cannot end before it starts.")
        return (
            event.id, EventKind(event.kind).value,
            self._public(_clean_line(event.name, "event name", required=True)),
            self._public(_clean_line(event.city, "city")), _clean_line(event.country, "country"),
            event.start_date.isoformat() if event.start_date else None,
            event.end_date.isoformat() if event.end_date else None,
            self._public(_clean_line(event.organiser, "organiser")),
        )  # fmt: skip

    def _put_event(
        self, writer: HistoryWriter, event: Event, action: str,
        payload: Mapping[str, Any] | None = None,
    ) -> Event:  # fmt: skip
        self.store.put_event(self._event_row(event))
        writer.append(action, f"event:{event.id}", self.store.event_object(event.id), payload)
        self._events_cache = self._event_keys = None
        return self.event(event.id)

    def add_event(
        self,
        kind: EventKind,
        name: str,
        city: str = "",
        country: str = "",
        start_date: date | None = None,
        end_date: date | None = None,
        organiser: str = "",
    ) -> Event:
        event = Event(_new_id(), EventKind(kind), name, city, country, start_date, end_date,
                      organiser)  # fmt: skip
        with self._write() as writer:
            return self._put_event(writer, event, "event.create")

    def update_event(self, event: Event) -> Event:
        self.event(event.id)
        with self._write() as writer:
            return self._put_event(writer, event, "event.update")

    def merge_events(self, keep_id: str, drop_id: str) -> None:
        if keep_id == drop_id:
            raise BadInput("An event cannot be merged into itself.")
        self.event(keep_id)
        self.event(drop_id)
        store = self.store
        with self._write() as writer:
            moved = store.nids_with_event(drop_id)
            store.move_notes_to_event(drop_id, keep_id)
            stamp = now_text()
            for nid in moved:
                self._touch_note(writer, nid, stamp)
            writer.append("event.merge", f"event:{keep_id}", store.event_object(keep_id),
                          {"merged": drop_id, "notes": len(moved)})  # fmt: skip
            store.delete_event(drop_id)
            writer.append("event.delete", f"event:{drop_id}", None, {"merged_into": keep_id})
        self._events_cache = self._event_keys = None

    def find_or_create_event(self, name: str) -> Event:
        with self._write() as writer:
            return self._find_or_create_event(writer, name)

    def _find_or_create_event(self, writer: HistoryWriter, name: str) -> Event:
        cleaned = self._public(_clean_line(name, "event name", required=True))
        if self._event_keys is None:
            self._event_keys = {}
            for event in reversed(self.events()):
                self._event_keys[_fold(event.name)] = event
        found = self._event_keys.get(_fold(cleaned))
        if found is not None:
            return found
        kind = EventKind.DESK_RESEARCH
        return self._put_event(writer, Event(_new_id(), kind, cleaned), "event.create")

    # --- reference data: organisations ------------------------------------------------

    @staticmethod
    def _organisation(row: Row) -> Organisation:
        return Organisation(
            id=str(row[0]), name=str(row[1]), type=OrgType(row[2]),
            aliases=tuple(json.loads(row[3])), countries=tuple(json.loads(row[4])),
            website=str(row[5]),
        )  # fmt: skip

    def organisations(self) -> list[Organisation]:
        if self._orgs_cache is None:
            self._orgs_cache = [self._organisation(r) for r in self.store.organisation_rows()]
        return list(self._orgs_cache)

    def organisation(self, org_id: str) -> Organisation:
        row = self.store.organisation_row(org_id)
        if row is None:
            raise BadInput(f"This vault has no organisation {org_id}.")
        return self._organisation(row)

    def _org_row(self, org: Organisation) -> Row:
        aliases = [self._public(_clean_line(a, "alias")) for a in org.aliases]
        countries = [_clean_line(c, "country") for c in org.countries]
        return (
            org.id, self._public(_clean_line(org.name, "organisation name", required=True)),
            OrgType(org.type).value, [a for a in dict.fromkeys(aliases) if a],
            [c for c in dict.fromkeys(countries) if c],
            self._public(_clean_line(org.website, "website")),
        )  # fmt: skip

    def _put_org(
        self, writer: HistoryWriter, org: Organisation, action: str,
        payload: Mapping[str, Any] | None = None,
    ) -> Organisation:  # fmt: skip
        self.store.put_organisation(self._org_row(org))
        writer.append(action, f"org:{org.id}", self.store.organisation_object(org.id), payload)
        self._orgs_cache = self._org_keys = None
        return self.organisation(org.id)

    def add_organisation(
        self,
        name: str,
        type: OrgType = OrgType.OTHER,
        aliases: Iterable[str] = (),
        countries: Iterable[str] = (),
        website: str = "",
    ) -> Organisation:
        org = Organisation(_new_id(), name, OrgType(type), tuple(aliases), tuple(countries),
                           website)  # fmt: skip
        with self._write() as writer:
            return self._put_org(writer, org, "org.create")

    def update_organisation(self, org: Organisation) -> Organisation:
        self.organisation(org.id)
        with self._write() as writer:
            return self._put_org(writer, org, "org.update")

    def merge_organisations(self, keep_id: str, drop_id: str) -> None:
        if keep_id == drop_id:
            raise BadInput("An organisation cannot be merged into itself.")
        self.organisation(keep_id)
        self.organisation(drop_id)
        store = self.store
        with self._write() as writer:
            moved = store.nids_with_organisation(drop_id)
            sources = store.source_ids_of_organisation(drop_id)
            store.move_notes_to_organisation(drop_id, keep_id)
            stamp = now_text()
            for nid in moved:
                self._touch_note(writer, nid, stamp)
            for sid in sources:
                writer.append("source.update", f"source:{sid}", store.source_object(sid))
            writer.append("org.merge", f"org:{keep_id}", store.organisation_object(keep_id),
                          {"merged": drop_id, "notes": len(moved)})  # fmt: skip
            store.delete_organisation(drop_id)
            writer.append("org.delete", f"org:{drop_id}", None, {"merged_into": keep_id})
        self._orgs_cache = self._org_keys = None

    def find_or_create_organisation(self, name: str) -> Organisation:
        with self._write() as writer:
            return self._find_or_create_org(writer, name)

    def _find_or_create_org(self, writer: HistoryWriter, name: str) -> Organisation:
        cleaned = self._public(_clean_line(name, "organisation name", required=True))
        if self._org_keys is None:
            self._org_keys = {}
            for org in reversed(self.organisations()):
                for alias in org.aliases:
                    self._org_keys[_fold(alias)] = org
            for org in reversed(self.organisations()):
                self._org_keys[_fold(org.name)] = org  # a name wins over another's alias
        found = self._org_keys.get(_fold(cleaned))
        if found is not None:
            return found
        return self._put_org(writer, Organisation(_new_id(), cleaned), "org.create")

    # --- tags -------------------------------------------------------------------------

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy()
        return self._taxonomy

    def tags(self) -> list[tuple[str, int]]:
        return self.store.tag_counts()

    def _clean_tags(self, tags: Iterable[str]) -> list[str]:
        taxonomy = self.taxonomy
        out: list[str] = []
        for tag in tags:
            cleaned = _clean_line(tag, "tag", limit=100)
            if not cleaned:
                continue
            term = taxonomy.find(cleaned)
            out.append(term.slug if term else self._public(cleaned))
        return sorted(dict.fromkeys(out))

    def _tags_text(self, tags: Iterable[str]) -> str:
        return search_index.tags_text(tags, self.taxonomy)

    # --- sources ----------------------------------------------------------------------

    @staticmethod
    def _source(row: Row) -> Source:
        created = None
        if row[6]:
            created = datetime.fromisoformat(str(row[6]).replace("Z", "+00:00"))
        return Source(
            id=str(row[0]), pseudonym=str(row[1]), role_description=str(row[2]),
            organisation_id=row[3], consent=Consent(row[4]), created_at=created,
        )  # fmt: skip

    def sources(self) -> list[Source]:
        return [self._source(r) for r in self.store.source_rows()]

    def source(self, source_id: str) -> Source:
        row = self.store.source_row(source_id)
        if row is None:
            raise BadInput(f"This vault has no source {source_id}.")
        return self._source(row)

    def source_by_pseudonym(self, pseudonym: str) -> Source:
        row = self.store.source_row_by_pseudonym(" ".join(pseudonym.split()))
        if row is None:
            raise BadInput(f"No source is called '{pseudonym}' in this vault.")
        return self._source(row)

    @property
    def pseudonym_style(self) -> PseudonymStyle:
        value = self.store.get_meta("pseudonym_style") or PseudonymStyle.CODENAME.value
        try:
            return PseudonymStyle(value)
        except ValueError:
            return PseudonymStyle.CODENAME

    def register_source(
        self,
        identity: SourceIdentity,
        role_description: str = "",
        organisation_id: str | None = None,
        consent: Consent = Consent.ANONYMOUS,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Source:
        """Register a person; every stored mention of their names becomes a reference."""
        self.vault.writer()
        identity = _check_identity(identity)
        names = self._load_names(with_matcher=True)
        if organisation_id is not None:
            self.organisation(organisation_id)
        source_id = _new_id()
        taken = {_fold(p) for p in names.pseudonyms.values()}
        pseudonym = generate_pseudonym(self.pseudonym_style, taken, avoid=identity.names())
        pseudonyms = {**names.pseudonyms, source_id: pseudonym}
        identities = {**names.identities, source_id: identity}
        new = _Names(pseudonyms, identities,
                     self._build_matcher(pseudonyms, identities, names.matcher))  # fmt: skip
        sealed = self._seal(_identity_json(identity), self._identity_context(source_id))
        row = (
            source_id, pseudonym, self._replace_names(_clean_line(role_description, "role"), new),
            organisation_id, Consent(consent).value, sealed, now_text(),
        )  # fmt: skip
        behind = backups.is_pending(self)  # an earlier rewrite of the backups was cut off
        backups.mark_pending(self)
        with self._write("repseudonymise") as writer:
            self.store.put_source(row)
            writer.append(
                "source.create", f"source:{source_id}", self.store.source_object(source_id)
            )
            self._repseudonymise(writer, new, {source_id}, progress, cancel)
        self._names = new
        self.store.checkpoint_wal()
        self.last_backup_rewrite = backups.rewrite_backups(self, None if behind else {source_id})
        return self.source(source_id)

    def update_source(
        self,
        source: Source,
        identity: SourceIdentity | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Source:
        """Change role, organisation or consent, and (identity holders) the identity. The
        pseudonym is stable for ever and cannot be changed."""
        self.vault.writer()
        old = self.source(source.id)
        if source.organisation_id is not None:
            self.organisation(source.organisation_id)
        names = self._load_names(with_matcher=True)
        new = names
        sealed: bytes | None = None
        if identity is not None:
            identity = _check_identity(identity)
            identities = {**names.identities, source.id: identity}
            matcher = self._build_matcher(names.pseudonyms, identities, names.matcher)
            new = _Names(names.pseudonyms, identities, matcher)
            sealed = self._seal(_identity_json(identity), self._identity_context(source.id))
        current = self.store.source_row(source.id)
        assert current is not None
        row = (
            source.id, old.pseudonym,
            self._replace_names(_clean_line(source.role_description, "role"), new),
            source.organisation_id, Consent(source.consent).value,
            sealed if sealed is not None else current[5], current[6],
        )  # fmt: skip
        behind = backups.is_pending(self)
        if identity is not None:
            backups.mark_pending(self)
        with self._write("repseudonymise") as writer:
            self.store.put_source(row)
            writer.append(
                "source.update", f"source:{source.id}", self.store.source_object(source.id)
            )
            if identity is not None:
                self._repseudonymise(writer, new, {source.id}, progress, cancel)
        self._names = new
        if identity is not None or behind:
            self.store.checkpoint_wal()
            self.last_backup_rewrite = backups.rewrite_backups(
                self, None if behind else {source.id}
            )
        return self.source(source.id)

    def reveal(self, source_id: str) -> SourceIdentity:
        """Who a source really is (identity holders only); each reveal goes into history."""
        self.vault.identity_key  # noqa: B018 - NotPermitted for auditors, before anything
        self.source(source_id)
        identity = self._load_names(with_matcher=True).identities[source_id]
        with self._write() as writer:
            writer.append("source.reveal", f"source:{source_id}", None, {})
        return identity

    def identity(self, source_id: str) -> SourceIdentity:
        """Names for matching in memory, without a reveal entry (not for display)."""
        return self._load_names(with_matcher=True).identities[source_id]

    def known_names(self) -> list[str]:
        """Pseudonyms, and for identity holders every registered name and alias (in memory
        only): names never to suggest as "register as source?"."""
        names = self._load_names(with_matcher=self.vault.can_reveal)
        out = list(names.pseudonyms.values())
        for identity in names.identities.values():
            out += identity.names()
        return out

    def note_counts_by_source(self) -> dict[str, int]:
        return self.store.note_counts_by_source()

    def _repseudonymise(
        self,
        writer: HistoryWriter,
        names: _Names,
        changed: set[str],
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> None:
        """Rewrite everything stored before ``changed`` sources' names were known."""
        repseudonymise_everything(self, writer, names, changed, progress, cancel)

    # --- notes: encoding ---------------------------------------------------------------

    def _open_surfaces(self, note_id: str, blob: Any) -> dict[str, list[str]]:
        if blob is None:
            return {f: [] for f in _FIELDS}
        plain = crypto.open_sealed(
            self.vault.identity_key, bytes(blob), self._surfaces_context(note_id)
        )
        try:
            raw = json.loads(plain)
            return {f: [str(s) for s in raw[f]] for f in _FIELDS}
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged("A note's sealed name list is unreadable.") from exc

    def _original_fields(
        self, row: Row
    ) -> tuple[dict[str, tuple[str, textformat.Rendered]], dict[str, list[str]]]:
        """Each text field as originally typed (identity holders only)."""
        surfaces = self._open_surfaces(str(row[1]), row[8])
        stored = {"title": str(row[3]), "summary": str(row[6]), "body": str(row[7])}
        fields: dict[str, tuple[str, textformat.Rendered]] = {}
        for name in _FIELDS:
            rendered = textformat.render(stored[name], textformat.surfaces_namer(surfaces[name]))
            fields[name] = (rendered.text, rendered)
        return fields, surfaces

    def _encode_text(
        self,
        text: str,
        marks: Iterable[Mark],
        names: _Names,
        keep: Sequence[tuple[int, int, str]] = (),
        kept_refs: Sequence[RefSpan] = (),
        old_surfaces: Sequence[str] = (),
    ) -> tuple[str, list[str]]:
        """Stored form of one field: matches of the matcher, plus references to keep where
        they do not overlap a match (``keep`` over ``text``; ``kept_refs`` whose text is
        ignored, with their old surfaces)."""
        found = list(names.matcher.find(text)) if names.matcher and text else []
        kept = sorted((r.start, r.end) for r in kept_refs)
        if kept:
            found = [m for m in found if not _overlaps(m[0], m[1], kept)]
        taken = sorted([(m[0], m[1]) for m in found] + kept)
        extra = [k for k in keep if not _overlaps(k[0], k[1], taken)]
        matches = sorted([*found, *extra])
        return textformat.encode(text, marks, matches, kept=kept_refs, old_surfaces=old_surfaces)

    def _encode_note(
        self,
        title: str,
        summary: str,
        body: str,
        marks: Iterable[Mark],
        names: _Names,
        keep: Mapping[str, Sequence[tuple[int, int, str]]] | None = None,
        kept_refs: Sequence[RefSpan] = (),
        old_surfaces: Sequence[str] = (),
    ) -> _Encoded:
        keep = keep or {}
        encoded: dict[str, str] = {}
        surfaces: dict[str, list[str]] = {}
        for name, text, field_marks in (("title", title, ()), ("summary", summary, ()),
                                        ("body", body, marks)):  # fmt: skip
            refs = kept_refs if name == "body" else ()
            olds = old_surfaces if name == "body" else ()
            encoded[name], surfaces[name] = self._encode_text(
                text, field_marks, names, keep.get(name, ()), refs, olds
            )
        referenced: dict[str, None] = {}
        for name in _FIELDS:
            for sid in textformat.source_ids_in(encoded[name]):
                referenced[sid] = None
        return _Encoded(encoded["title"], encoded["summary"], encoded["body"], surfaces,
                        list(referenced))  # fmt: skip

    def _sealed_surfaces(self, note_id: str, surfaces: dict[str, list[str]]) -> bytes | None:
        if not any(surfaces.values()):
            return None
        return self._seal(canonical(surfaces), self._surfaces_context(note_id))

    def _index(self, nid: int, enc: _Encoded, tags: Sequence[str], *, fresh: bool) -> None:
        # search_index.index_row is also what verify rebuilds the index from: one definition.
        row = search_index.index_row(
            nid, enc.title, enc.summary, enc.body, tags, self._pseudonym_of, self.taxonomy
        )
        self.store.index_note(nid, *row.columns(), fresh=fresh)

    def _check_draft(self, draft: NoteDraft) -> tuple[NoteKind, str, list[str]]:
        try:
            kind = NoteKind(draft.kind)
        except ValueError as exc:
            raise BadInput("A note's kind is booth, interview, observation or desk.") from exc
        if not isinstance(draft.title, str) or not draft.title.strip():
            raise BadInput("A note needs a title.")
        if len(draft.title) > _MAX_TITLE:
            raise BadInput(f"A note's title is longer than {_MAX_TITLE} characters.")
        for text in (draft.body, draft.summary):
            if not isinstance(text, str) or len(text) > _MAX_TEXT:
                raise BadInput("A note's body or summary is not text, or far too long.")
        occurred = _time_text(draft.occurred_at)
        known_orgs = {o.id for o in self.organisations()}
        if any(o not in known_orgs for o in draft.organisation_ids):
            self._orgs_cache = self._org_keys = None  # another Desk may have added it
            known_orgs = {o.id for o in self.organisations()}
        if any(o not in known_orgs for o in draft.organisation_ids):
            raise BadInput("A note refers to an organisation that does not exist.")
        if draft.event_id is not None and self.store.event_row(draft.event_id) is None:
            raise BadInput("A note refers to an event that does not exist.")
        pseudonyms = self._load_names(with_matcher=False).pseudonyms
        if any(s not in pseudonyms for s in draft.source_ids):
            raise BadInput("A note refers to a source that does not exist.")
        return kind, occurred, self._clean_tags(draft.tags)

    def _store_note(
        self,
        writer: HistoryWriter,
        draft: NoteDraft,
        *,
        note_id: str | None = None,
        existing: Row | None = None,
    ) -> tuple[int, str]:
        kind, occurred, tags = self._check_draft(draft)
        names = self._load_names(with_matcher=True)
        old_surfaces: list[str] = []
        if draft.kept_refs:
            if existing is None:
                raise BadInput("A new note has no references to keep.")
            old_surfaces = self._open_surfaces(str(existing[1]), existing[8])["body"]
        enc = self._encode_note(
            draft.title, draft.summary, draft.body, draft.marks, names,
            kept_refs=draft.kept_refs, old_surfaces=old_surfaces,
        )  # fmt: skip
        stamp = now_text()
        sources = {sid: False for sid in enc.referenced}
        sources.update({sid: True for sid in draft.source_ids})
        store = self.store
        if existing is None:
            note_id = note_id or _new_id()
            sealed = self._sealed_surfaces(note_id, enc.surfaces)
            nid = store.insert_note(
                (note_id, kind.value, enc.title, occurred, draft.event_id, enc.summary,
                 enc.body, sealed, stamp, stamp)
            )  # fmt: skip
            action, fresh = "note.create", True
        else:
            nid, note_id = int(existing[0]), str(existing[1])
            sealed = self._sealed_surfaces(note_id, enc.surfaces)
            store.update_note(
                nid, (kind.value, enc.title, occurred, draft.event_id, enc.summary, enc.body,
                      sealed, stamp),
            )  # fmt: skip
            action, fresh = "note.update", False
        store.set_note_links(nid, draft.organisation_ids, sources.items(), tags, fresh=fresh)
        self._index(nid, enc, tags, fresh=fresh)
        writer.append(action, f"note:{note_id}", store.note_object(nid))
        return nid, note_id

    def _rewrite_note(
        self,
        writer: HistoryWriter,
        row: Row,
        fields: dict[str, tuple[str, textformat.Rendered]],
        names: _Names,
        stamp: str,
    ) -> None:
        """Re-encode a stored note from its original text with ``names``' matcher; old
        references that no new match overlaps are kept."""
        keep = {
            name: [(r.start, r.end, r.source_id) for r in rendered.refs]
            for name, (_text, rendered) in fields.items()
        }
        enc = self._encode_note(
            fields["title"][0], fields["summary"][0], fields["body"][0],
            fields["body"][1].marks, names, keep,
        )  # fmt: skip
        nid, note_id = int(row[0]), str(row[1])
        store = self.store
        orgs, old_sources, tags = store.note_links(nid)
        sources = {sid: False for sid in enc.referenced}
        sources.update({sid: True for sid, explicit in old_sources if explicit})
        store.update_note(
            nid, (row[2], enc.title, row[4], row[5], enc.summary, enc.body,
                  self._sealed_surfaces(note_id, enc.surfaces), stamp),
        )  # fmt: skip
        store.set_note_links(nid, orgs, sources.items(), tags)
        self._index(nid, enc, tags, fresh=False)
        writer.append("note.update", f"note:{note_id}", store.note_object(nid),
                      {"reason": "names registered"})  # fmt: skip

    def _touch_note(
        self, writer: HistoryWriter, nid: int, stamp: str, *, reindex: bool = False
    ) -> None:
        """A note whose links changed by a merge or a tag rewrite: new content in history."""
        store = self.store
        store.touch_note(nid, stamp)
        if reindex:
            note_id = store.nid_id(nid)
            row = store.note_row(note_id)
            assert row is not None
            enc = _Encoded(str(row[3]), str(row[6]), str(row[7]), {}, [])
            self._index(nid, enc, store.note_links(nid)[2], fresh=False)
        note_id = store.nid_id(nid)
        writer.append("note.update", f"note:{note_id}", store.note_object(nid))

    # --- notes: the contract -------------------------------------------------------------

    def add_note(self, draft: NoteDraft) -> NoteView:
        with self._write("note.save") as writer:
            _, note_id = self._store_note(writer, draft)
        return self.note(note_id)

    def update_note(self, note_id: str, draft: NoteDraft) -> NoteView:
        self.vault.writer()
        existing = self.store.note_row(note_id)
        if existing is None:
            raise BadInput(f"This vault has no note {note_id}.")
        with self._write("note.save") as writer:
            self._store_note(writer, draft, existing=existing)
        return self.note(note_id)

    def delete_note(self, note_id: str) -> None:
        self.vault.writer()
        row = self.store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        with self._write() as writer:
            self.store.delete_note(int(row[0]))
            writer.append("note.delete", f"note:{note_id}", None, {})

    def note(self, note_id: str, *, reveal: bool = False) -> NoteView:
        """A note rendered with pseudonyms, or (identity holders, ``reveal``) exactly as it
        was typed; every reveal is written to history."""
        store = self.store
        row = store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        nid = int(row[0])
        orgs, sources, tags = store.note_links(nid)
        stored = {"title": str(row[3]), "summary": str(row[6]), "body": str(row[7])}
        if reveal:
            self.vault.identity_key  # noqa: B018 - NotPermitted for auditors
            self.vault.writer()
            surfaces = self._open_surfaces(note_id, row[8])
            rendered = {
                f: textformat.render(stored[f], textformat.surfaces_namer(surfaces[f]))
                for f in _FIELDS
            }
            with self._write() as writer:
                writer.append("note.reveal", f"note:{note_id}", None, {})
        else:

            def name_for(source_id: str, _index: int) -> str:
                return self._pseudonym_of(source_id)

            rendered = {f: textformat.render(stored[f], name_for) for f in _FIELDS}
        body = rendered["body"]
        note = Note(
            id=note_id, kind=NoteKind(row[2]), title=rendered["title"].text,
            occurred_at=_parse_time(str(row[4])), body=body.text,
            summary=rendered["summary"].text, event_id=row[5], organisation_ids=tuple(orgs),
            source_ids=tuple(s for s, _ in sources), tags=tuple(tags), marks=body.marks,
            created_at=_parse_stamp(row[9]), updated_at=_parse_stamp(row[10]),
        )  # fmt: skip
        detections = tuple(detect_identifiers(body.text, known_names=self._known_for_detection()))
        explicit = tuple(s for s, e in sources if e)
        return NoteView(note, body.refs, detections, explicit, reveal)

    def _known_for_detection(self) -> list[str]:
        names = self._names
        if names is None:
            names = self._load_names(with_matcher=False)
        out = list(names.pseudonyms.values())
        for identity in names.identities.values():
            out += identity.names()
        return out

    def note_ids(
        self,
        filter: NoteFilter = NoteFilter(),
        sort: str = "occurred_at",
        descending: bool = True,
    ) -> list[str]:
        return self.store.note_ids(filter.where(), sort, descending)

    def note_rows(self, ids: Iterable[str]) -> list[NoteRow]:
        id_list = list(ids)

        def name_for(source_id: str, _index: int) -> str:
            return self._pseudonym_of(source_id)

        out: list[NoteRow] = []
        for row, orgs, pseudonyms, tags in self.store.note_list_rows(id_list):
            out.append(
                NoteRow(
                    id=str(row[1]),
                    kind=NoteKind(row[2]),
                    title=textformat.render(str(row[3]), name_for).text,
                    occurred_at=_parse_time(str(row[4])),
                    event_name=str(row[5]),
                    organisation_names=tuple(orgs),
                    source_pseudonyms=tuple(pseudonyms),
                    tags=tuple(tags),
                )
            )
        return out

    def count_notes(self, filter: NoteFilter = NoteFilter()) -> int:
        return self.store.count_notes(filter.where())

    # --- search ---------------------------------------------------------------------------

    def _query_names(self, query: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The query (cut to 1,000 characters) and the registered names in it, as spans with
        their source: identity holders only. An auditor's query is searched as typed, so
        nothing about an identity can be learnt from what a search finds."""
        if not isinstance(query, str):
            raise BadInput("A search is a line of text.")
        query = query[:1000]
        if not self.vault.can_reveal:
            return query, []
        matcher = self._load_names(with_matcher=True).matcher
        if matcher is None:
            return query, []
        return query, [(m.start, m.end, m.source_id) for m in matcher.find(query)]

    def search_expression(self, query: str) -> str:
        """The FTS5 expression for ``query`` (safe: every term quoted). Identity holders'
        real names, aliases and their variants become the pseudonym here, in memory; they
        never reach the database."""
        query, spans = self._query_names(query)
        tokens: list[str] = []
        pos = 0
        for start, end, sid in spans:
            tokens += _query_tokens(query[pos:start])
            phrase = _fts_phrase(self._pseudonym_of(sid))
            if phrase:
                tokens.append(phrase)
            pos = end
        tokens += _query_tokens(query[pos:])
        return _fts_expression(tokens)

    def searched_as(self, query: str) -> str:
        """The query as it is searched: each registered name shown as its pseudonym (for
        "searching for …" next to the box; an auditor's query comes back as typed)."""
        query, spans = self._query_names(query)
        out: list[str] = []
        pos = 0
        for start, end, sid in spans:
            out += [query[pos:start], self._pseudonym_of(sid)]
            pos = end
        out.append(query[pos:])
        return "".join(out)

    def search(
        self, query: str, filter: NoteFilter = NoteFilter(), limit: int = 50
    ) -> list[SearchHit]:
        expression = self.search_expression(query)
        if not expression:
            return []
        limit = max(1, min(int(limit), 10_000))
        return [
            SearchHit(note_id, title, snippet, rank)
            for note_id, title, snippet, rank in self.store.search(
                expression, filter.where(), limit
            )
        ]

    # --- import -----------------------------------------------------------------------------

    def import_jsonl(
        self,
        lines: Iterable[str],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        """One note per line (DESIGN §9); all or nothing, ``BadInput`` names the line."""
        self.vault.writer()
        items = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
        total = len(items)
        progress(0, total)
        imported = 0
        with self._write("import") as writer:
            for done, (number, line) in enumerate(items, start=1):
                try:
                    draft = self._draft_from_json(writer, line)
                    self._store_note(writer, draft)
                except BadInput as exc:
                    raise BadInput(f"Line {number}: {exc.message}") from None
                imported += 1
                if done % 50 == 0 or done == total:
                    progress(done, total)
                    if cancel:
                        cancel.check()
        return imported

    def add_note_from_fields(
        self,
        *,
        kind: Any,
        title: Any,
        body: Any = "",
        summary: Any = "",
        day: Any = None,
        event: Any = None,
        organisations: Any = (),
        sources: Any = (),
        tags: Any = (),
    ) -> NoteView:
        """``note add`` of the CLI: the fields of an import line (body with inline marks,
        event and organisations by name, found or created; sources by pseudonym), all in
        one transaction."""
        with self._write("note.save") as writer:
            draft = self.draft_from_fields(
                writer, kind=kind, title=title, body=body, summary=summary, day=day,
                event=event, organisations=organisations, sources=sources, tags=tags,
            )  # fmt: skip
            _, note_id = self._store_note(writer, draft)
        return self.note(note_id)

    def _draft_from_json(self, writer: HistoryWriter, line: str) -> NoteDraft:
        try:
            data = json.loads(line)
        except ValueError:
            raise BadInput("not a JSON object.") from None
        if not isinstance(data, dict):
            raise BadInput("not a JSON object.")
        unknown = set(data) - _IMPORT_FIELDS
        if unknown:
            raise BadInput(f"unknown field '{sorted(unknown)[0]}'.")
        return self.draft_from_fields(
            writer,
            kind=data.get("kind"),
            title=data.get("title"),
            body=data.get("body", ""),
            summary=data.get("summary", ""),
            day=data.get("date"),
            event=data.get("event"),
            organisations=data.get("organisations", []),
            sources=data.get("sources", []),
            tags=data.get("tags", []),
        )

    def draft_from_fields(
        self,
        writer: HistoryWriter | None,
        *,
        kind: Any,
        title: Any,
        body: Any = "",
        summary: Any = "",
        day: Any = None,
        event: Any = None,
        organisations: Any = (),
        sources: Any = (),
        tags: Any = (),
    ) -> NoteDraft:
        """A draft from the fields of ``note add`` and import lines: inline marks parsed,
        the event and organisations found or created (by name), sources by pseudonym.
        Creates events and organisations: call inside a write (``writer``)."""
        if writer is None:
            writer = self.vault.writer()
        if not isinstance(kind, str) or kind not in {k.value for k in NoteKind}:
            raise BadInput("kind must be booth, interview, observation or desk.")
        if not isinstance(title, str) or not title.strip():
            raise BadInput("a note needs a title.")
        for name, value in (("body", body), ("summary", summary)):
            if not isinstance(value, str):
                raise BadInput(f"{name} must be text.")
        text, marks = textformat.parse_inline(body)
        occurred = datetime.now().replace(microsecond=0)
        if day is not None:
            if not isinstance(day, str):
                raise BadInput("date must be written YYYY-MM-DD.")
            try:
                occurred = (
                    datetime.fromisoformat(day)
                    if "T" in day
                    else datetime.combine(date.fromisoformat(day), datetime.min.time())
                )
            except ValueError:
                raise BadInput("date must be written YYYY-MM-DD.") from None
        for name, value in (("organisations", organisations), ("sources", sources),
                            ("tags", tags)):  # fmt: skip
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise BadInput(f"{name} must be a list of names.")
        event_id = None
        if event is not None and event != "":
            if not isinstance(event, str):
                raise BadInput("event must be a name.")
            event_id = self._find_or_create_event(writer, event).id
        org_ids = tuple(self._find_or_create_org(writer, o).id for o in organisations)
        source_ids = tuple(self._source_id_for(p) for p in sources)
        return NoteDraft(
            kind=NoteKind(kind), title=title, occurred_at=occurred, body=text,
            summary=summary, event_id=event_id, organisation_ids=org_ids,
            source_ids=source_ids, tags=tuple(tags), marks=marks,
        )  # fmt: skip

    def _source_id_for(self, pseudonym: str) -> str:
        row = self.store.source_row_by_pseudonym(" ".join(pseudonym.split()))
        if row is None:
            raise BadInput("a source is named that is not a pseudonym in this vault.")
        return str(row[0])

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        return self.store.get_meta(key)

    def set_setting(self, key: str, value: str) -> None:
        """A vault-level setting (signed in history). Free text in it, such as a custom
        export profile's name, key and description, is pseudonymised like any field."""
        if not isinstance(key, str) or not key or key in _RESERVED_SETTINGS or len(key) > 100:
            raise BadInput("That setting cannot be changed.")
        if not isinstance(value, str):
            value = str(value)
        if key == "pseudonym_style":
            try:
                value = PseudonymStyle(value).value
            except ValueError:
                raise BadInput("The pseudonym style is 'codename' or 'code'.") from None
        if key not in FIXED_SETTINGS:
            self.vault.writer()  # auditors are refused before any name is looked at
            key, value = self._public(key), map_setting(value, self._public)
        with self._write() as writer:
            self.store.set_meta(key, str(value))
            writer.append("vault.settings", "vault:meta", self.store.all_meta(), {"key": key})

    def settings_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with ``prefix`` (e.g. custom export profiles)."""
        return {k: v for k, v in self.store.all_meta().items() if k.startswith(prefix)}

    # --- for exports and the history view ------------------------------------------------

    def rendered_fields(self, note_id: str) -> dict[str, textformat.Rendered]:
        """Title, summary and body of a note rendered with pseudonyms, each with its marks
        and references (for exports: no identity is opened, nothing is recorded)."""
        row = self.store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")

        def name_for(source_id: str, _index: int) -> str:
            return self._pseudonym_of(source_id)

        stored = {"title": str(row[3]), "summary": str(row[6]), "body": str(row[7])}
        return {f: textformat.render(stored[f], name_for) for f in _FIELDS}

    def history_action_counts(self) -> dict[str, int]:
        """How many history entries there are of each action (never any content)."""
        return self.store.history_action_counts()

    def record_export(
        self,
        profile: str,
        *,
        notes: int,
        pages: int,
        checkpoint: str,
        left_out: Mapping[str, int] | None = None,
    ) -> None:
        """An export in history: profile, counts and the checkpoint printed on it, no text."""
        payload = {
            "profile": str(profile), "notes": int(notes), "pages": int(pages),
            "checkpoint": str(checkpoint),
            "left_out": {str(k): int(v) for k, v in (left_out or {}).items()},
        }  # fmt: skip
        with self._write("export.record") as writer:
            writer.append("vault.export", f"export:{profile}", None, payload)


_IMPORT_FIELDS = frozenset(
    {"kind", "title", "body", "summary", "date", "event", "organisations", "sources", "tags"}
)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _parse_stamp(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


SourceLookup = Callable[[str], str]
