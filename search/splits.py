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

KEPT = 8  # callers' filter sets whose split is kept; then the memo starts over


class Splits:
    """The splits of the sets one query asks about, and of the callers' filter sets."""

    def __init__(self, segments: list, terms):
        """`segments`: (segment reader, first docnum) in order; `terms`: the searcher's
        `search.terms.Terms` (its numpy, once in use)."""
        self._segments = segments
        self._terms = terms
        self._kept: dict[int, tuple] = {}  # the callers' filter sets, across queries
        self._current: dict[int, tuple] = {}  # any set, for one query

    def new_query(self, within: set[int] | None) -> None:
        """Forget the last query's sets. `within`, the query's filter set, is split
        when first asked for (a filter that covers a language is never asked about) and
        that split kept."""
        self._current = {}
        if within is not None:
            kept = self._kept.get(id(within))
            if kept is not None and kept[0] is within:
                self._current[id(within)] = kept
            else:
                self._current[id(within)] = (within, None, None, None)  # split on first use

    def local(self, within: set[int] | None, number: int) -> array | None:
        """The documents of `within` in segment `number`, as its own sorted docnums."""
        if within is None:
            return None
        cached = self._current.get(id(within))
        if cached is None or cached[0] is not within:
            cached = self._current[id(within)] = self._split(within)
        elif cached[1] is None:  # the query's filter, split now and kept
            cached = self._current[id(within)] = self._split(within)
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[id(within)] = cached
        return cached[1][number]

    def mask(self, within: set[int] | None, number: int) -> bytearray | None:
        """`local` as a byte per document of the segment, 1 for those in it: tested as
        `mask[docnum]` (`search.terms.in_mask`), as fast as a set's `in`."""
        wanted = self.local(within, number)
        if wanted is None:
            return None
        masks = self._current[id(within)][2]
        if masks[number] is None:
            mask = masks[number] = bytearray(self._segments[number][0].doc_count_all())
            for doc in wanted:
                mask[doc] = 1
        return masks[number]

    def array(self, within: set[int], number: int):
        """`local` as a numpy array of decoded docnums' type (numpy in use), no copy."""
        wanted = self.local(within, number)
        arrays = self._current[id(within)][3]
        if arrays[number] is None:
            numpy = self._terms.numpy
            arrays[number] = numpy.frombuffer(wanted, dtype=numpy.uint32)
        return arrays[number]

    def _split(self, within: set[int]) -> tuple[set[int], list[array], list, list]:
        """(`within`, its documents per segment as sorted local docnums, room for them
        as masks and as numpy arrays)."""
        starts = [offset for _, offset in self._segments]
        docs = array("I", sorted(within))
        cuts = [bisect_left(docs, start) for start in starts[1:]] + [len(docs)] * bool(starts)
        per_segment: list[array] = []
        begin = 0
        for start, end in zip(starts, cuts, strict=True):  # docs of a segment: one slice
            per_segment.append(array("I", [doc - start for doc in docs[begin:end]]) if start
                               else docs[begin:end])
            begin = end
        return within, per_segment, [None] * len(starts), [None] * len(starts)
