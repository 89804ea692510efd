"""Facet counts: the paragraphs a query matches per language, year and body, for the
web page's filters and chart.

The same groups as `undocs count --by lang|year|body` (`search.concordance`), counted
without reading a stored field per match: each paragraph's language, year and body are
read once per open index from the postings of the `lang`, `date` and `symbol_key`
fields, and a query's matches are then counted against them.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field

from undocs.indexer.schema import PARA

FACETS = ("lang", "year", "body")
UNDATED = "undated"  # as `count --by year` names it

_columns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Searcher → columns


@dataclass
class Facets:
    total: int = 0
    groups: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # by → rows


def _postings(reader, fieldname: str):
    """(term, document numbers) of every term of an ID field."""
    for term in reader.lexicon(fieldname):
        yield term.decode("utf-8"), reader.postings(fieldname, term).all_ids()


def _read_columns(searcher) -> dict[str, list[str]]:
    """{facet: group of each document number} for the whole index ("" for the records
    that are not paragraphs; read once per open index, cached)."""
    columns = _columns.get(searcher)
    if columns is not None:
        return columns
    reader = searcher.reader()
    size = reader.doc_count_all()
    paragraphs = set(reader.postings("record", PARA.encode()).all_ids()) \
        if reader.doc_frequency("record", PARA) else set()
    columns = {"lang": [""] * size, "year": [UNDATED] * size, "body": [""] * size}
    for code, docs in _postings(reader, "lang"):
        for doc in docs:
            columns["lang"][doc] = code
    for date, docs in _postings(reader, "date"):
        for doc in docs:
            columns["year"][doc] = date[:4] or UNDATED
    for _key, docs in _postings(reader, "symbol_key"):
        docs = [doc for doc in docs if doc in paragraphs]
        if docs:
            stored = reader.stored_fields(docs[0])
            body = stored.get("body") or stored["symbol"]
            for doc in docs:
                columns["body"][doc] = body
    _columns[searcher] = columns
    return columns


def prepare(searcher) -> None:
    """Read the facet columns of a newly opened index now (about 1.5 s at 100k
    paragraphs) rather than in the first request that counts facets."""
    _read_columns(searcher)


def facet_counts(searcher, query: str, *, lang=None, symbol: str | None = None,
                 since: str | None = None, until: str | None = None) -> Facets:
    """Matching paragraphs per language, year and body, ordered as `count` orders them
    (years in order, the others by count, then name)."""
    columns = _read_columns(searcher)
    docs = list(searcher.matching_docnums(query, lang=lang, symbol=symbol, since=since,
                                          until=until))
    groups = {}
    for by in FACETS:
        rows = list(Counter(map(columns[by].__getitem__, docs)).items())
        rows.sort(key=(lambda row: row[0]) if by == "year" else (lambda row: (-row[1], row[0])))
        groups[by] = rows
    return Facets(len(docs), groups)
