"""Collection statistics of one index commit, summed over its segments once.

Whoosh's multi-segment reader answers `doc_frequency`, `frequency` and `field_length`
by asking every segment, every time: a term's lookup in each segment's hash table for
each `estimate_size` (which orders the parts of an AND), each BM25F average field
length, each idf. At 100k paragraphs in 5 segments that was about a seventh of an
English phrase query's time, and it grows with the number of segments. A commit never
changes once written, so `CollectionReader` sums each statistic once and keeps it; its
caches are keyed by nothing but the term because the reader itself belongs to one
commit generation (a new commit is read by a new reader, with empty caches).
"""

from __future__ import annotations

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.reading import MultiReader, SegmentReader

MAX_TERMS = 100_000  # cached term statistics; then the cache starts over (bounded memory)


class CollectionReader(MultiReader):
    """Whoosh's reader over the segments of one commit, with collection statistics
    cached: the same numbers as `MultiReader`, each computed once per commit."""

    def __init__(self, readers, generation=None):
        super().__init__(readers, generation=generation)
        self._doc_count = sum(r.doc_count() for r in readers)
        self._doc_count_all = self.base
        self._field_lengths: dict[str, int] = {}
        self._min_lengths: dict[str, int] = {}
        self._max_lengths: dict[str, int] = {}
        self._doc_frequencies: dict[tuple, int] = {}
        self._frequencies: dict[tuple, float] = {}

    def doc_count(self) -> int:
        return self._doc_count

    def doc_count_all(self) -> int:
        return self._doc_count_all

    def field_length(self, fieldname) -> int:
        length = self._field_lengths.get(fieldname)
        if length is None:
            length = self._field_lengths[fieldname] = super().field_length(fieldname)
        return length

    def min_field_length(self, fieldname) -> int:
        length = self._min_lengths.get(fieldname)
        if length is None:
            length = self._min_lengths[fieldname] = super().min_field_length(fieldname)
        return length

    def max_field_length(self, fieldname) -> int:
        length = self._max_lengths.get(fieldname)
        if length is None:
            length = self._max_lengths[fieldname] = super().max_field_length(fieldname)
        return length

    def doc_frequency(self, fieldname, text) -> int:
        key = (fieldname, text)
        found = self._doc_frequencies.get(key)
        if found is None:
            found = super().doc_frequency(fieldname, text)
            _bounded(self._doc_frequencies)[key] = found
        return found

    def frequency(self, fieldname, text) -> float:
        key = (fieldname, text)
        found = self._frequencies.get(key)
        if found is None:
            found = super().frequency(fieldname, text)
            _bounded(self._frequencies)[key] = found
        return found


def _bounded(cache: dict) -> dict:
    if len(cache) >= MAX_TERMS:
        cache.clear()
    return cache


def collection_reader(ix):
    """A reader of the latest commit of `ix` with its statistics cached (an index
    without segments keeps Whoosh's empty reader)."""
    reader = ix.reader()
    if isinstance(reader, SegmentReader):
        return CollectionReader([reader], generation=reader.generation())
    if isinstance(reader, MultiReader):
        return CollectionReader(reader.readers, generation=reader.generation())
    return reader
