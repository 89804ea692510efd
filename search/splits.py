"""A set of documents split by segment: each segment's part as its own sorted docnums,
and, made when first asked for, as a byte per document and as a numpy array.

A query's filter set (`lang:zh`, `symbol:A/RES/*`) is looked up in every segment a
term is read in; the searcher hands the same set to every query it filters
(`search.filters.FilterSets`), so its split is kept across queries, by identity. The
parts are `array('I')`s and `bytearray`s, not lists and sets of ints: at a million
paragraphs `lang:zh` split into lists and sets held 23 MB, as arrays and masks 2.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

KEPT = 8  # callers' filter sets whose split is kept; then the memo starts over


@dataclass
class _Split:
    """One set's documents: sorted docnums of the index, and per segment its own
    sorted docnums, mask and numpy array (each made when first asked for)."""

    within: set[int]
    docs: array | None = None  # None: not split yet
    local: list[array] = field(default_factory=list)
    masks: list[bytearray | None] = field(default_factory=list)
    arrays: list = field(default_factory=list)
    whole: object = None  # `docs` as a numpy array


class Splits:
    """The splits of the sets one query asks about, and of the callers' filter sets."""

    def __init__(self, segments: list, terms):
        """`segments`: (segment reader, first docnum) in order; `terms`: the searcher's
        `search.terms.Terms` (its numpy, once in use)."""
        self._segments = segments
        self._terms = terms
        self._kept: dict[int, _Split] = {}  # the callers' filter sets, across queries
        self._current: dict[int, _Split] = {}  # any set, for one query

    def new_query(self, within: set[int] | None) -> None:
        """Forget the last query's sets. `within`, the query's filter set, is split
        when first asked for (a filter that covers a language is never asked about) and
        that split kept."""
        self._current = {}
        if within is not None:
            kept = self._kept.get(id(within))
            if kept is not None and kept.within is within:
                self._current[id(within)] = kept
            else:
                self._current[id(within)] = _Split(within)  # split on first use

    def local(self, within: set[int] | None, number: int) -> array | None:
        """The documents of `within` in segment `number`, as its own sorted docnums."""
        if within is None:
            return None
        return self._of(within).local[number]

    def mask(self, within: set[int] | None, number: int) -> bytearray | None:
        """`local` as a byte per document of the segment, 1 for those in it: tested as
        `mask[docnum]` (`search.terms.in_mask`), as fast as a set's `in`."""
        if within is None:
            return None
        split = self._of(within)
        if split.masks[number] is None:
            mask = split.masks[number] = bytearray(self._segments[number][0].doc_count_all())
            for doc in split.local[number]:
                mask[doc] = 1
        return split.masks[number]

    def array(self, within: set[int], number: int):
        """`local` as a numpy array of decoded docnums' type (numpy in use), no copy."""
        split = self._of(within)
        if split.arrays[number] is None:
            numpy = self._terms.numpy
            split.arrays[number] = numpy.frombuffer(split.local[number], dtype=numpy.uint32)
        return split.arrays[number]

    def whole(self, within: set[int]):
        """The documents of `within` as a sorted numpy array of the index's docnums
        (those of `Terms.decoded_whole`), numpy in use, no copy."""
        split = self._of(within)
        if split.whole is None:
            numpy = self._terms.numpy
            split.whole = numpy.frombuffer(split.docs, dtype=numpy.uint32)
        return split.whole

    def _of(self, within: set[int]) -> _Split:
        """`within`'s split, made now if this query has not asked for it yet (the
        query's own filter: then kept for the queries after it)."""
        split = self._current.get(id(within))
        if split is None or split.within is not within:
            split = self._current[id(within)] = self._split(within)
        elif split.docs is None:  # the query's filter, split now and kept
            split = self._current[id(within)] = self._split(within)
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[id(within)] = split
        return split

    def _split(self, within: set[int]) -> _Split:
        starts = [offset for _, offset in self._segments]
        docs = array("I", sorted(within))
        cuts = [bisect_left(docs, start) for start in starts[1:]] + [len(docs)] * bool(starts)
        local: list[array] = []
        begin = 0
        for start, end in zip(starts, cuts, strict=True):  # docs of a segment: one slice
            local.append(array("I", [doc - start for doc in docs[begin:end]]) if start
                         else docs[begin:end])
            begin = end
        return _Split(within, docs, local, [None] * len(starts), [None] * len(starts))
