"""Full-text search: safe FTS5 expressions, registered names turned into pseudonyms first;
over the notes and the text read from their attachments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from influence_desk.desk.context import DeskContext
from influence_desk.desk.records import NoteFilter, SearchHit
from influence_desk.errors import BadInput

__all__ = ["Search"]

_QUERY_TOKEN_RE = re.compile(r'"[^"]*"?|[^\s"]+')
_CAPITALISE_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+")  # each word of letters


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


class Search:
    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    def _query_names(self, query: str) -> tuple[str, list[tuple[int, int, str, bool]]]:
        """The query (cut to 1,000 characters) and the registered names in it, as spans with
        their source and whether the word might be meant as an ordinary word: identity
        holders only. An auditor's query is searched as typed, so nothing about an identity
        can be learnt from what a search finds."""
        if not isinstance(query, str):
            raise BadInput("A search is a line of text.")
        query = query[:1000]
        if not self.ctx.vault.can_reveal:
            return query, []
        matcher = self.ctx.load_names(with_matcher=True).matcher
        if matcher is None:
            return query, []
        spans = [(m.start, m.end, m.source_id, False) for m in matcher.find(query)]
        # A hurried person types "wisniewska": the matcher wants a capital for a derived
        # one-word spelling (so stored "post" stays a word). In a query such a word is
        # searched both as typed and as the pseudonym.
        capitalised = _CAPITALISE_RE.sub(lambda m: m.group()[0].upper() + m.group()[1:], query)
        if len(capitalised) == len(query) and capitalised != query:
            taken = [(a, b) for a, b, _, _ in spans]
            spans += [(m.start, m.end, m.source_id, True) for m in matcher.find(capitalised)
                      if not any(a < m.end and m.start < b for a, b in taken)]  # fmt: skip
            spans.sort()
        return query, spans

    def expression(self, query: str) -> str:
        """The FTS5 expression for ``query`` (safe: every term quoted). Identity holders'
        real names, aliases and their variants become the pseudonym here, in memory; they
        never reach the database."""
        query, spans = self._query_names(query)
        tokens: list[str] = []
        pos = 0
        for start, end, sid, also_typed in spans:
            tokens += _query_tokens(query[pos:start])
            phrase = _fts_phrase(self.ctx.pseudonym_of(sid))
            typed = _fts_expression(_query_tokens(query[start:end])) if also_typed else ""
            if phrase and typed:
                tokens.append(f"({typed} OR {phrase})")
            elif phrase:
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
        for start, end, sid, also_typed in spans:
            shown = self.ctx.pseudonym_of(sid)
            out += [query[pos:start], f"{query[start:end]} OR {shown}" if also_typed else shown]
            pos = end
        out.append(query[pos:])
        return "".join(out)

    def search(self, query: str, filter: NoteFilter, limit: int) -> list[SearchHit]:
        expression = self.expression(query)
        if not expression:
            return []
        limit = max(1, min(int(limit), 10_000))
        store, where = self.ctx.store, filter.where()
        # A note is found by its own text or by the text read from its attachments (OCR):
        # both ranked by bm25, best first, each note once with its best snippet.
        found = store.search(expression, where, limit)
        found += store.search_attachment_texts(expression, where, limit)
        hits: dict[str, SearchHit] = {}
        for note_id, title, snippet, rank in sorted(found, key=lambda row: row[3]):
            hits.setdefault(note_id, SearchHit(note_id, title, snippet, rank))
        return list(hits.values())[:limit]
