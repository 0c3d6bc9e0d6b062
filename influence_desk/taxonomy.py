"""The Influence Industry vocabulary for tags, shipped as data in resources/taxonomy.json.

Terms are grouped into *uses* of data (asset, intelligence, influence) and *methods*; a
method may name the use it mostly serves. Slugs (``"method:geotargeting"``) are the stable
tag ids stored in notes; labels are what people read and may be reworded.

The file is found through :func:`influence_desk.resourcefiles.resource_path`, the same in a
checkout and in an installed wheel.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from influence_desk.errors import BadInput
from influence_desk.resourcefiles import resource_path

TAXONOMY_PATH = resource_path("taxonomy.json")


@dataclass(frozen=True)
class TaxonomyGroup:
    id: str  # "use" or "method"
    label: str


@dataclass(frozen=True)
class Term:
    slug: str  # stable tag id, "<group>:<name>"
    label: str
    description: str
    group: str
    use: str | None = None  # for a method: slug of the use of data it mostly serves


@dataclass(frozen=True)
class Taxonomy:
    groups: tuple[TaxonomyGroup, ...]
    terms: tuple[Term, ...]
    _by_slug: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_folded: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_slug = {t.slug: t for t in self.terms}
        by_folded: dict[str, Term] = {}
        for t in self.terms:
            by_folded[t.slug.casefold()] = t
            by_folded[t.label.casefold()] = t
        object.__setattr__(self, "_by_slug", by_slug)
        object.__setattr__(self, "_by_folded", by_folded)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def get(self, slug: str) -> Term | None:
        return self._by_slug.get(slug)

    def term(self, slug: str) -> Term:
        """The term with this slug; ``BadInput`` if there is none."""
        found = self._by_slug.get(slug)
        if found is None:
            raise BadInput("That tag is not part of the Influence Industry vocabulary.")
        return found

    def find(self, text: str) -> Term | None:
        """A term by slug or label, ignoring case and surrounding spaces."""
        return self._by_folded.get(text.strip().casefold())

    def in_group(self, group: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.group == group)

    def uses(self) -> tuple[Term, ...]:
        return self.in_group("use")

    def methods(self) -> tuple[Term, ...]:
        return self.in_group("method")

    def methods_for_use(self, use_slug: str) -> tuple[Term, ...]:
        return tuple(t for t in self.methods() if t.use == use_slug)

    def label_for(self, tag: str) -> str:
        """The label of a vocabulary tag, or the tag itself for a free tag."""
        found = self._by_slug.get(tag)
        return found.label if found else tag


def _parse(data: Any) -> Taxonomy:
    # A malformed file is refused as a whole: a half-loaded vocabulary would silently
    # turn stored slugs into free tags.
    try:
        groups = tuple(
            TaxonomyGroup(id=str(g["id"]), label=str(g["label"])) for g in data["groups"]
        )
        terms = tuple(
            Term(
                slug=str(t["slug"]),
                label=str(t["label"]),
                description=str(t.get("description", "")),
                group=str(t["group"]),
                use=str(t["use"]) if t.get("use") else None,
            )
            for t in data["terms"]
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadInput("The taxonomy file is malformed: a group or term lacks a field.") from exc
    group_ids = {g.id for g in groups}
    seen: set[str] = set()
    for t in terms:
        if t.slug in seen:
            raise BadInput("The taxonomy file is malformed: a slug appears twice.")
        seen.add(t.slug)
        if t.group not in group_ids or not t.slug.startswith(t.group + ":"):
            raise BadInput("The taxonomy file is malformed: a term's group and slug disagree.")
    for t in terms:
        if t.use is not None and (not t.use.startswith("use:") or t.use not in seen):
            raise BadInput("The taxonomy file is malformed: a method names an unknown use.")
    return Taxonomy(groups=groups, terms=terms)


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> Taxonomy:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise BadInput("The taxonomy file is missing from resources/.") from exc
    except json.JSONDecodeError as exc:
        raise BadInput("The taxonomy file is not valid JSON.") from exc
    return _parse(data)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load (once) and return the vocabulary; ``path`` overrides the shipped file."""
    return _load_cached((path or TAXONOMY_PATH).resolve())
