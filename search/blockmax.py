"""One term's posting blocks in one segment: where each lies, the best score it can
hold, and its postings read once per query.

`search.topk` ranks by these: a block's bound is the best BM25F score of its frontier
(`indexer.codec`: the (weight, length) pairs no other posting of the block beats on
both), computed with the scorer's own formula on a posting's own weight and length
byte, so it is the score of the block's best posting, not more. Why it is never
below any posting's score in floating point too: a posting the frontier dominates
has a weight no higher and a length byte no shorter; a longer length alone only
grows the denominator (each step of the formula is monotone), and a lower float32
weight (at least 2^-24 lower, relatively) lowers the exact score by far more than
the few ulps of rounding in the formula, for any weight below ten million (a term's
frequency in one paragraph).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from undocs.indexer.codec import PackedLeafMatcher
from undocs.indexer.postblock import BlockPostings, decode_frontier, frontier_size
from undocs.search.terms import FIELD_LENGTH


@dataclass
class TermBlocks:
    """The blocks of a term in one segment, in docnum order (they tile the docnums:
    block i holds docnums in (lasts[i-1], lasts[i]])."""

    matcher: PackedLeafMatcher  # of the term, moved past its last block
    scorer: object  # score(local docnum, weight)
    formula: object  # bound(weight, length): the term's score formula
    lasts: list[int] = field(default_factory=list)
    places: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end,
    # count, compressed
    frontiers: list = field(default_factory=list)  # (weight, length byte) pairs, or
    # (flags, offset) of a frontier not decoded yet
    _bounds: dict[int, float] = field(default_factory=dict)  # block -> bound, on demand
    _read: dict[int, dict[int, float]] = field(default_factory=dict)  # block -> {doc: weight}
    _blocks: dict[int, BlockPostings] = field(default_factory=dict)  # block -> its data
    _between: dict[tuple[int, int], float] = field(default_factory=dict)  # range -> bound

    @classmethod
    def walk(cls, matcher: PackedLeafMatcher, scorer, bound) -> TermBlocks:
        """Every block's header (no data read, frontiers decoded when a bound is
        asked for); `bound(weight, length)` is the term's score formula."""
        blocks = cls(matcher, scorer, bound)
        lasts, places, frontiers = blocks.lasts, blocks.places, blocks.frontiers
        while matcher.is_active():
            lasts.append(matcher._maxid)
            flags = matcher._flags
            frontiers.append(((matcher._maxweight, matcher._minbyte),) if flags < 4
                             else (flags, matcher._frontieroffset))
            places.append((matcher._dataoffset, matcher._nextoffset, matcher._blocklength,
                           matcher._compression))
            matcher._next_block()
        return blocks

    def bound(self, number: int) -> float:
        """The best score of a posting of block `number` (its frontier's best)."""
        found = self._bounds.get(number)
        if found is None:
            pairs = self.frontiers[number]
            if type(pairs[0]) is int:
                pairs = decode_frontier(pairs[0], self.matcher._postfile.get(
                    pairs[1], frontier_size(pairs[0])))
            formula = self.formula
            found = self._bounds[number] = max(formula(weight, FIELD_LENGTH[byte])
                                               for weight, byte in pairs)
        return found

    def first(self, number: int) -> int:
        """No docnum of block `number` is below this."""
        return self.lasts[number - 1] + 1 if number else 0

    def ids(self, number: int) -> list[int]:
        """The local docnums of block `number`, weights not converted (counting under
        a filter reads many blocks whose postings are never scored)."""
        return self._block(number).ids

    def postings(self, number: int) -> dict[int, float]:
        """{local docnum: weight} of block `number` (read once per query)."""
        found = self._read.get(number)
        if found is None:
            block = self._block(number)
            found = self._read[number] = dict(zip(block.ids, block.weights(), strict=True))
        return found

    def _block(self, number: int) -> BlockPostings:
        """Block `number`'s data, ids decoded (once per query). Not `decode_block`,
        which slices every posting's positions too, that no score here needs."""
        found = self._blocks.get(number)
        if found is None:
            found = self._blocks[number] = self.matcher.block_postings(*self.places[number])
        return found

    def score(self, doc: int) -> float | None:
        """The term's score in local document `doc`, None where it is absent."""
        number = bisect_left(self.lasts, doc)
        if number == len(self.lasts):
            return None
        weight = self.postings(number).get(doc)
        return None if weight is None else self.scorer(doc, weight)

    def upper(self, doc: int) -> float:
        """At least the term's score in local document `doc`: the score, where its
        block has been read (0.0: absent), else the block's bound; reads nothing."""
        number = bisect_left(self.lasts, doc)
        if number == len(self.lasts):
            return 0.0
        found = self._read.get(number)
        if found is None:
            return self.bound(number)
        weight = found.get(doc)
        return 0.0 if weight is None else self.scorer(doc, weight)

    def bound_between(self, low: int, high: int) -> float:
        """The best score of a document in [low, high] (0.0: the term is absent);
        kept per range, which every document of a driver's block asks for."""
        found = self._between.get((low, high))
        if found is None:
            found = self._between[(low, high)] = self._bound_between(low, high)
        return found

    def _bound_between(self, low: int, high: int) -> float:
        lasts = self.lasts
        number = bisect_left(lasts, low)
        best = 0.0
        while number < len(lasts):
            bound = self.bound(number)
            if bound > best:
                best = bound
            if lasts[number] >= high:
                break
            number += 1
        return best
