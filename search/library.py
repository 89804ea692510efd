"""The documents of an open index: their file records, titles, outlines and the names
they answer to, each read on first ask and kept (the index a searcher reads never
changes under it).

A document version is named by its `doc_key` (`SYMBOL_KEY|LANG`). The indexer writes
a file's paragraphs, then its file record, into one segment, so the documents a
`doc_key` names are the paragraphs in order and the file record last: a document is
read from that one term's postings, never by intersecting it with `record:` (whose
postings are every paragraph of the index: at a million paragraphs that intersection
took a third of a second per outline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.indexer.schema import FILE, PARA
from undocs.search.outlines import StoredEntry

if TYPE_CHECKING:
    from undocs.search.names import DocumentNames


class Library:
    """The documents of one Whoosh searcher."""

    def __init__(self, searcher):
        self._searcher = searcher
        self._records: list[dict] | None = None
        self._titles: dict[str, str] = {}
        self._outlines: dict[str, tuple[list[StoredEntry], dict[str, int]]] = {}
        self._symbols: dict[str, str] | None = None
        self._names: DocumentNames | None = None

    def records(self) -> list[dict]:
        """Every file record: symbol, lang, file, title, date, meta."""
        if self._records is None:
            self._records = list(self._searcher.documents(record=FILE))
        return self._records

    def title(self, doc_key: str) -> str:
        """A document's title, from its file record (one lookup per document: reading
        every file record would cost a cold query tens of milliseconds)."""
        title = self._titles.get(doc_key)
        if title is None:
            title = self._titles[doc_key] = self.file_record(doc_key).get("title") or ""
        return title

    def file_record(self, doc_key: str) -> dict:
        """A document's file record (the last of its documents), {} if it has none."""
        for number in reversed(self.numbers(doc_key)):
            stored = self._searcher.stored_fields(number)
            if stored.get("record") == FILE:
                return stored
        return {}

    def numbers(self, doc_key: str) -> list[int]:
        """The documents of one `doc_key`, its paragraphs and its file record, in order."""
        return list(self._searcher.docs_for_query(wq.Term("doc_key", doc_key)))

    def outline_entries(self, doc_key: str) -> list[StoredEntry]:
        """The paragraphs of one document version, in order."""
        return self._outline(doc_key)[0]

    def anchor_positions(self, doc_key: str) -> dict[str, int]:
        """Where each anchor stands in `outline_entries(doc_key)`."""
        return self._outline(doc_key)[1]

    def _outline(self, doc_key: str) -> tuple[list[StoredEntry], dict[str, int]]:
        outline = self._outlines.get(doc_key)
        if outline is None:
            stored = self._searcher.stored_fields
            entries = [entry for entry in (StoredEntry(n, stored(n))
                                           for n in self.numbers(doc_key))
                       if entry.fields.get("record") == PARA]
            entries.sort(key=lambda e: e.fields["ordinal"])
            positions: dict[str, int] = {}
            for i, entry in enumerate(entries):
                positions.setdefault(entry.anchor, i)  # the first, as list.index found
            outline = self._outlines[doc_key] = (entries, positions)
        return outline

    def known_symbols(self) -> dict[str, str]:
        """{symbol key: symbol as written} of every indexed document."""
        if self._symbols is None:
            self._symbols = {record["symbol_key"]: record["symbol"]
                             for record in self.records()}
        return self._symbols

    def names(self) -> DocumentNames:
        """The symbols, titles and short names the indexed documents answer to."""
        if self._names is None:
            from undocs.search.names import DocumentNames

            self._names = DocumentNames.from_records(self.records())
        return self._names
