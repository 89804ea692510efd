"""Corpus tools over the index: KWIC concordance lines and counts per group.

Counts stream: matching paragraphs are visited one at a time (Whoosh's unscored
`docs_for_query`), so memory does not grow with the number of matches. KWIC holds the
matching paragraphs of a language to print them in reading order, and a KWIC sorted on
its context holds every line before printing the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import LANGS, analyzer_for, exact_phrase_terms, query_terms
from undocs.analyzers.han import has_han
from undocs.analyzers.ngram import substring_spans
from undocs.indexer.schema import word_field
from undocs.search.compile import Compiled, exact_query
from undocs.search.groupings import GROUPINGS
from undocs.search.hits import citation
from undocs.search.query import QueryError
from undocs.search.snippets import match_spans

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class KwicLine:
    left: str
    match: str
    right: str
    symbol: str
    lang: str
    anchor: str
    file: str
    start: int  # offset of the match in the paragraph text

    @property
    def citation(self) -> str:
        return citation(self.symbol, self.anchor, self.lang)

    def to_dict(self) -> dict:
        return {"left": self.left, "match": self.match, "right": self.right,
                "citation": self.citation, "symbol": self.symbol, "lang": self.lang,
                "anchor": self.anchor, "file": self.file, "offset": self.start}


def kwic_query(term: str, lang: str) -> tuple[wq.Query | None, list[str]]:
    """The query that finds paragraphs holding `term` in `lang`, and the term's tokens.

    Chinese: the folded term as a substring (the exact n-gram field). Other languages:
    the analysed (stemmed) words in sequence, so `right` also finds `rights`."""
    if lang == "zh":
        grams = exact_phrase_terms(term, "zh") if has_han(term) else []
        if not grams:
            return None, []
        return exact_query("zh", grams), grams
    if has_han(term):
        return None, []
    terms = query_terms(term, lang)
    if not terms:
        return None, []
    # the candidates hold every stem; `occurrences` then finds them in sequence
    query = wq.And([wq.Term(word_field(lang), t) for t in terms]) if len(terms) > 1 else \
        wq.Term(word_field(lang), terms[0])
    return query, terms


def occurrences(text: str, lang: str, term: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of `term` in `text`, offsets into `text`."""
    if lang == "zh":
        return substring_spans(text, term, lang)
    # Whoosh reuses one Token object for the whole stream: copy what is needed.
    tokens = [(t.text, t.startchar, t.endchar)
              for t in analyzer_for(lang)(text, positions=True, chars=True, mode="query")]
    spans = []
    for i in range(len(tokens) - len(terms) + 1):
        if all(tokens[i + k][0] == terms[k] for k in range(len(terms))):
            spans.append((tokens[i][1], tokens[i + len(terms) - 1][2]))
    return spans


def _context(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def kwic_lines(searcher, term: str, *, langs=LANGS, symbol: str | None = None,
               width: int = 40) -> Iterator[KwicLine]:
    """Every occurrence of `term`, document by document in reading order (the matching
    paragraphs are read once and held to be put in that order; lines are streamed)."""
    if not term.strip():
        raise QueryError("empty KWIC term")
    for lang in langs:
        query, terms = kwic_query(term, lang)
        if query is None:
            continue
        paragraphs = sorted(searcher.paragraphs_matching(query, symbol=symbol),
                            key=_reading_order)
        for stored in paragraphs:
            text = stored["text"]
            for start, end in occurrences(text, lang, term, terms):
                yield KwicLine(
                    left=_context(text[max(0, start - width):start]),
                    match=_context(text[start:end]),
                    right=_context(text[end:end + width]),
                    symbol=stored["symbol"], lang=lang, anchor=stored["anchor"],
                    file=stored["file"], start=start,
                )


KWIC_SORTS = ("citation", "left", "right")


def sort_lines(lines, sort: str):
    """KWIC lines in reading order (`citation`, as they come) or by their left context
    read backwards, or by their right context."""
    if sort == "left":
        return sorted(lines, key=lambda line: (line.left[::-1].lower(), line.citation))
    if sort == "right":
        return sorted(lines, key=lambda line: (line.right.lower(), line.citation))
    return lines


def _reading_order(stored: dict) -> tuple:
    return (stored["symbol_key"], stored["ordinal"])


# -- counts ------------------------------------------------------------------------------


@dataclass
class CountRow:
    group: str
    paragraphs: int = 0
    occurrences: int = 0

    def to_dict(self) -> dict:
        return {"group": self.group, "paragraphs": self.paragraphs,
                "occurrences": self.occurrences}


@dataclass
class CountResult:
    query: str
    by: str
    rows: list[CountRow]

    @property
    def paragraphs(self) -> int:
        return sum(row.paragraphs for row in self.rows)

    @property
    def occurrences(self) -> int:
        return sum(row.occurrences for row in self.rows)

    def to_dict(self) -> dict:
        return {"query": self.query, "by": self.by,
                "groups": [row.to_dict() for row in self.rows],
                "total": {"paragraphs": self.paragraphs, "occurrences": self.occurrences}}


def _group_of(stored: dict, by: str) -> str:
    if by == "doc":
        return f"{stored['symbol']} ({stored['lang']})"
    if by == "lang":
        return stored["lang"]
    if by == "year":
        return (stored.get("date") or "")[:4] or "undated"
    if by == "speaker":  # verbatim records: `Mr. Levitte (France)`
        who, for_ = stored.get("speaker") or "", stored.get("speaker_for") or ""
        return f"{who} ({for_})" if who and for_ else who or for_ or "no speaker"
    return stored.get("body") or stored["symbol"]


def count_matches(searcher, query: str, *, by: str, langs=LANGS,
                  symbol: str | None = None) -> CountResult:
    """Matching paragraphs and occurrences (marked stretches) per group."""
    if by not in GROUPINGS:
        raise QueryError(f"cannot count by {by!r} (use one of {', '.join(GROUPINGS)})")
    compiled: Compiled = searcher.compile(query, langs)
    rows: dict[str, CountRow] = {}
    for stored in searcher.matching(compiled, langs=langs, symbol=symbol):
        key = _group_of(stored, by)
        row = rows.setdefault(key, CountRow(key))
        row.paragraphs += 1
        highlight = compiled.highlights.get(stored["lang"])
        row.occurrences += len(match_spans(stored["text"], stored["lang"], highlight)) \
            if highlight else 0
    ordered = sorted(rows.values(), key=(lambda r: r.group) if by == "year"
                     else (lambda r: (-r.paragraphs, r.group)))
    return CountResult(query, by, ordered)
