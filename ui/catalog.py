"""Reference data the window shows everywhere (events, organisations, sources, tags), read
once from the Desk and refreshed after a change. Small: hundreds of rows, not notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from influence_desk.model import Event, Organisation, Source
    from ui.session import Session


@dataclass
class Catalog:
    events: list[Event] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    source_counts: dict[str, int] = field(default_factory=dict)
    tags: list[tuple[str, int]] = field(default_factory=list)
    taxonomy: Any = None
    total_notes: int = 0
    known_names: list[str] = field(default_factory=list)  # never suggested as persons

    @classmethod
    def load(cls, session: Session) -> Catalog:
        with session.gui(timeout=2.0) as desk:
            return cls(
                events=list(desk.events()),
                organisations=list(desk.organisations()),
                sources=list(desk.sources()),
                source_counts=dict(desk.note_counts_by_source()),
                tags=list(desk.tags()),
                taxonomy=desk.taxonomy,
                total_notes=int(desk.count_notes()),
                known_names=list(desk.known_names()),
            )

    # --- look-ups ------------------------------------------------------------------------

    def event(self, event_id: str | None) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None) if event_id else None

    def event_named(self, name: str) -> Event | None:
        key = name.strip().casefold()
        return next((e for e in self.events if e.name.casefold() == key), None)

    def organisation(self, org_id: str | None) -> Organisation | None:
        return next((o for o in self.organisations if o.id == org_id), None) if org_id else None

    def organisation_named(self, name: str) -> Organisation | None:
        key = name.strip().casefold()
        for org in self.organisations:
            if org.name.casefold() == key or any(a.casefold() == key for a in org.aliases):
                return org
        return None

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None) if source_id else None

    def source_by_pseudonym(self, pseudonym: str) -> Source | None:
        key = pseudonym.strip().casefold()
        return next((s for s in self.sources if s.pseudonym.casefold() == key), None)

    def pseudonyms(self) -> list[str]:
        return [s.pseudonym for s in self.sources]

    def tag_label(self, tag: str) -> str:
        return self.taxonomy.label_for(tag) if self.taxonomy is not None else tag

    def tag_for(self, text: str) -> str:
        """A vocabulary slug for a label or slug the user typed, else the free tag itself."""
        if self.taxonomy is not None:
            term = self.taxonomy.find(text)
            if term is not None:
                return str(term.slug)
        return text.strip()

    def tag_choices(self) -> list[str]:
        vocabulary = [t.label for t in self.taxonomy] if self.taxonomy is not None else []
        free = [t for t, _ in self.tags if self.taxonomy is None or t not in self.taxonomy]
        return vocabulary + free
