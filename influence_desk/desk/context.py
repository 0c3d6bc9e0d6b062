"""The write context every Desk service shares: the vault, its store, one transaction with
the history writer, sealing to the identity key, and the names known in memory.

Writers hold the identity key, so the name matcher is built from every identity on first need
and kept in memory until the vault is locked; it is rebuilt after a source changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from influence_desk import crypto, textformat
from influence_desk.desk.cleaning import identity_from_json, matchable
from influence_desk.desk.records import Names
from influence_desk.errors import NotPermitted
from influence_desk.history import HistoryWriter
from influence_desk.model import SourceIdentity
from influence_desk.pseudonyms import NameMatcher
from influence_desk.store import Store
from influence_desk.taxonomy import Taxonomy, load_taxonomy
from influence_desk.vault.vault import Vault

__all__ = ["DeskContext"]

_NAMES_BY_VAULT: weakref.WeakKeyDictionary[Vault, Names] = weakref.WeakKeyDictionary()


class DeskContext:
    """One open vault as the services see it (not thread-safe: one thread at a time, like
    the Store it uses)."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._taxonomy: Taxonomy | None = None
        # Caches of what a rolled-back transaction may have left stale (reference objects).
        self._on_rollback: list[Callable[[], None]] = []

    @property
    def store(self) -> Store:
        store = self.vault.store
        if store is None:
            raise NotPermitted("The vault is locked.")
        return store

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy()
        return self._taxonomy

    def on_rollback(self, forget: Callable[[], None]) -> None:
        self._on_rollback.append(forget)

    @contextmanager
    def write(self, operation: str | None = None) -> Iterator[HistoryWriter]:
        """One transaction with the history writer; auditors are refused before it opens.
        ``operation`` names its commit for the kill campaigns' test hook (killpoints)."""
        writer = self.vault.writer()
        try:
            with self.store.transaction(operation):
                yield writer
        except BaseException:
            for forget in self._on_rollback:
                forget()
            raise

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        public = X25519PublicKey.from_public_bytes(self.vault.identity_public)
        return crypto.seal_to(public, plaintext, context)

    def identity_context(self, source_id: str) -> bytes:
        return f"influence-desk source identity v1\x00{self.vault.vault_id}\x00{source_id}".encode()

    def surfaces_context(self, note_id: str) -> bytes:
        return f"influence-desk note surfaces v1\x00{self.vault.vault_id}\x00{note_id}".encode()

    # --- names in memory ------------------------------------------------------------

    @property
    def names(self) -> Names | None:
        """Shared by every Desk over the same open vault, so a source registered through one
        is known to all at once (a stale matcher would store a new name in clear). Dropped
        when the vault is locked: real names never outlive the keys that opened them."""
        if not self.vault.is_open:
            _NAMES_BY_VAULT.pop(self.vault, None)
            return None
        return _NAMES_BY_VAULT.get(self.vault)

    @names.setter
    def names(self, names: Names | None) -> None:
        if names is None or not self.vault.is_open:
            _NAMES_BY_VAULT.pop(self.vault, None)
        else:
            _NAMES_BY_VAULT[self.vault] = names
            self.vault.on_close(_forget_names)  # at lock, not when the object goes

    def load_names(self, *, with_matcher: bool) -> Names:
        names = self.names
        if names is None:
            names = self.names = Names(self.store.pseudonyms())
        if with_matcher and names.matcher is None:
            key = self.vault.identity_key  # NotPermitted for auditors
            for row in self.store.source_rows():
                sid = str(row.id)
                sealed = crypto.open_sealed(key, bytes(row.identity), self.identity_context(sid))
                names.identities[sid] = identity_from_json(sealed)
            names.matcher = build_matcher(names.pseudonyms, names.identities)
        return names

    def pseudonym_of(self, source_id: str) -> str:
        pseudonym = self.load_names(with_matcher=False).pseudonyms.get(source_id)
        if pseudonym is None:
            names = self.names = Names(self.store.pseudonyms())
            pseudonym = names.pseudonyms.get(source_id, "[unknown source]")
        return pseudonym

    def pseudonym_namer(self, source_id: str, _index: int) -> str:
        """What a reference shows to everyone: the source's pseudonym."""
        return self.pseudonym_of(source_id)

    def replace_names(self, text: str, names: Names) -> str:
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
            return pseudonym if pseudonym is not None else self.pseudonym_namer(source_id, index)

        return textformat.render(stored, name_for).text

    def public(self, text: str) -> str:
        """Free text about to be stored without references: registered names replaced."""
        if not text or not self.vault.can_write:
            return text
        return self.replace_names(text, self.load_names(with_matcher=True))

    def known_for_detection(self) -> list[str]:
        names = self.names
        if names is None:
            names = self.load_names(with_matcher=False)
        out = list(names.pseudonyms.values())
        for identity in names.identities.values():
            out += identity.names()
        return out


def _forget_names(vault: Vault) -> None:
    _NAMES_BY_VAULT.pop(vault, None)


def build_matcher(
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
        (sid, matchable(identity)) for sid, identity in identities.items()
    ]
    entries += [(sid, (pseudonym,)) for sid, pseudonym in pseudonyms.items()]
    # ``previous`` lends what it derived for unchanged sources (a rebuild is quick).
    return NameMatcher(entries, previous=previous)


def changed_matcher(names: Names, changed: Iterable[str]) -> NameMatcher:
    """Only the ``changed`` sources' names and contact details, without pseudonyms:
    what a rewrite after a registration looks for in stored text."""
    return NameMatcher(
        [(sid, matchable(names.identities[sid])) for sid in changed if sid in names.identities]
    )
