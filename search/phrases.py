"""Exact phrases of several terms in one segment: every match, reading little of common terms.

A quoted phrase is a `Phrase` of an exact field's terms (word pairs for the
languages with spaces, character bigrams for Chinese): a paragraph matches where
its terms stand at consecutive positions. The rarest term names the candidates.
Each other term, the next rarest first, is looked up only in the blocks whose
docnum range holds a candidate, and there only by bisection
(`indexer.codec.BlockPostings`: a block's docnums decoded in C, a weight or a
value only for a candidate found). From the second term on, each candidate keeps
the phrase starts its terms' positions allow, so a common term (`of the`, a `的`
bigram) is read only for the candidates still standing, and a segment stops as soon
as none stands. Totals stay exact: every candidate's positions are checked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress, repeat
from operator import and_, eq

from undocs.indexer.codec import PackedLeafMatcher, decode_positions
from undocs.indexer.postblock import TermPostings
from undocs.search.joined import JoinedPostings, consecutive
from undocs.search.terms import has_between, kept_mask

_PAST = [1 << 32]  # above every docnum (the codec's are 32-bit)


class Starts:
    """Memoised `{position - shift}` of encoded positions, for one query: most values
    recur across documents (a word pair once, at position 3)."""

    def __init__(self):
        self._memo: dict[int, dict[bytes, frozenset[int]]] = {}  # shift -> value -> starts

    def of(self, values: list[bytes], shift: int) -> list[frozenset[int]]:
        """The starts of each of `values` (looked up in C; decoded where new)."""
        memo = self._memo.setdefault(shift, {})
        found = list(map(memo.get, values))
        if None in found:
            for k, value in enumerate(values):
                if found[k] is None:
                    starts = memo.get(value)
                    if starts is None:
                        starts = memo[value] = frozenset(p - shift for p in
                                                         decode_positions(value))
                    found[k] = starts
        return found


def phrase_postings(terms, number: int, fieldname: str, btexts: list[bytes], infos: list,
                    keep: bytearray | None, wanted, starts: Starts,
                    wanted_array=None) -> tuple | None:
    """(local docnums of segment `number` where the terms stand at consecutive
    positions, and each term's weight in each of them, in the order of `btexts`),
    among `keep` (a byte per local docnum, 1 if kept; `wanted` the same as a sorted
    `array` of docnums, `wanted_array` as a numpy array where numpy is in use) if
    given: lists, or arrays where every term is decoded. None if a term's postings
    are not in the packed format (the caller reads them another way). `infos`: each
    term's info in the segment (none missing)."""
    order = sorted(range(len(btexts)), key=lambda i: infos[i].doc_frequency())
    rarest = order[0]
    every = [terms.decoded(number, fieldname, btext) for btext in btexts]
    if None not in every:  # (decoded: postings of this codec)
        return _in_arrays(every, order, wanted_array, terms.deleted(number), starts)
    matcher, deleted = terms.matcher(number, fieldname, btexts[rarest])
    if type(matcher) is not PackedLeafMatcher:
        return None
    decoded = every[rarest]
    if decoded is not None:
        if wanted is not None:
            mask, indexes = decoded.find(wanted)
            docs = list(compress(wanted, mask))
        else:
            indexes = decoded.every()
            docs = decoded.ids[:decoded.count].tolist()
        first_weights = decoded.weights_at(indexes)
        first_values = _Values(decoded, indexes)
    else:
        docs, first_weights, values = _read(matcher, wanted)
        first_values = _Values(values)
    if keep is not None or deleted:
        mask = kept_mask(docs, keep, deleted)
        docs = list(compress(docs, mask))
        first_weights = list(compress(first_weights, mask))
        first_values = first_values.compress(mask)
    weights: dict[int, list[float]] = {rarest: first_weights}
    allowed: list[frozenset[int]] = []  # each candidate's possible phrase starts
    of = starts.of
    for i in order[1:]:
        if not docs:
            break  # no candidate left: the other terms are not read
        decoded = terms.decoded(number, fieldname, btexts[i])
        if decoded is not None:
            mask, term_weights, values = _find(decoded, docs)
        else:
            matcher, _ = terms.matcher(number, fieldname, btexts[i])
            if type(matcher) is not PackedLeafMatcher:
                return None
            mask, term_weights, values = _locate(matcher, docs)
        if i == order[1]:  # the first two terms: their positions side by side
            allowed = list(map(and_, of(first_values.compress(mask).values, rarest),
                               of(values, i)))
        else:
            allowed = list(map(and_, compress(allowed, mask), of(values, i)))
        docs = list(compress(docs, mask))
        for key, column in weights.items():
            weights[key] = list(compress(column, mask))
        weights[i] = term_weights
        if not all(allowed):
            docs = list(compress(docs, allowed))
            for key, column in weights.items():
                weights[key] = list(compress(column, allowed))
            allowed = list(compress(allowed, allowed))
    if not docs or len(weights) < len(btexts):
        return [], [[] for _ in btexts]
    return docs, [weights[i] for i in range(len(btexts))]


def whole_phrase(terms: list[TermPostings], wanted, starts: Starts) -> tuple:
    """(docnums where the terms stand at consecutive positions, each term's weights
    there) of terms decoded whole (`Terms.decoded_whole`: the index's docnums, no
    deleted documents), among the sorted array `wanted` if given."""
    order = sorted(range(len(terms)), key=lambda i: terms[i].count)
    return _in_arrays(terms, order, wanted, frozenset(), starts)


def _in_arrays(terms: list[TermPostings], order: list[int], wanted, deleted: frozenset[int],
               starts: Starts) -> tuple:
    """`phrase_postings` where every term is decoded: each term looked up for the
    candidates left (rarest first) by one vectorised bisection, then the positions
    compared as arrays where each term has one position in the document (the common
    case), as sets of phrase starts for the rest."""
    import numpy as np  # in use already: only a searcher using numpy decodes terms

    rarest = terms[order[0]]
    found = {order[0]: rarest.every() if wanted is None else rarest.among(wanted)}
    docs = rarest.ids[found[order[0]]]
    if deleted:
        kept = ~np.isin(docs, np.fromiter(deleted, np.uint32, len(deleted)))
        docs, found[order[0]] = docs[kept], found[order[0]][kept]
    for i in order[1:]:
        if not len(docs):
            break
        at = terms[i].ids[:terms[i].count].searchsorted(docs)
        hit = terms[i].ids[at] == docs  # one past the end is never a docnum
        docs = docs[hit]
        for key in found:
            found[key] = found[key][hit]
        found[i] = at[hit]
    if not len(docs):
        return docs, [terms[i].weights[:0] for i in range(len(terms))]
    known = np.full(len(docs), -1, dtype=np.int64)  # the start a term's one position sets
    agree = np.ones(len(docs), dtype=bool)  # every term of one position agrees with it
    several = np.zeros(len(docs), dtype=bool)  # a term there more than once (or late)
    for shift in range(len(terms)):
        single = terms[shift].single[found[shift]]
        one = single != 255
        several |= ~one
        start = single.astype(np.int64) - shift
        fresh = one & (known < 0)
        agree &= ~one | ((fresh | (start == known)) & (start >= 0))
        known = np.where(fresh, start, known)
    match = agree & ~several
    if (agree & several).any() and isinstance(terms[0], JoinedPostings):
        odd = np.flatnonzero(agree & several)  # their positions compared in arrays
        match[odd] = consecutive(terms, [found[shift][odd] for shift in range(len(terms))],
                                 np)
    elif (agree & several).any():  # sets of phrase starts for those, term by term
        odd = np.nonzero(agree & several)[0]
        allowed = starts.of(terms[0].values(found[0][odd]), 0)
        for shift in range(1, len(terms)):
            allowed = list(map(and_, allowed, starts.of(terms[shift].values(found[shift][odd]),
                                                         shift)))
        match[odd] = np.array(list(map(bool, allowed)), dtype=bool)
    return docs[match], [terms[i].weights[found[i][match]] for i in range(len(terms))]


class _Values:
    """The values (encoded positions) of the rarest term's candidates: a list, or, for
    a decoded term, the indexes of its postings, sliced only for the candidates
    left when the next term has been looked up (most of them drop out)."""

    def __init__(self, values, indexes=None):
        self._source, self._indexes = values, indexes

    def compress(self, mask: list[bool]) -> _Values:
        if self._indexes is None:
            return _Values(list(compress(self._source, mask)))
        return _Values(self._source, self._indexes[self._source.mask_array(mask)])

    @property
    def values(self) -> list[bytes]:
        if self._indexes is None:
            return self._source
        return self._source.values(self._indexes)


def _read(matcher: PackedLeafMatcher,
          wanted: list[int] | None) -> tuple[list[int], list[float], list[bytes]]:
    """(docnums, weights, values) of every posting of a term, in the blocks holding a
    docnum of the sorted `wanted` if given (the others skipped unread)."""
    docs: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    first = 0  # no docnum of the current block is below this
    while matcher.is_active():
        last = matcher._maxid
        if wanted is None or has_between(wanted, first, last):
            block = matcher.read_block()
            docs.extend(block.ids)
            weights.extend(block.weights())
            values.extend(block.values())
        first = last + 1
        matcher._next_block()
    return docs, weights, values


def _find(term: TermPostings,
          docs: list[int]) -> tuple[list[bool], list[float], list[bytes]]:
    """`_locate` in a term's decoded postings."""
    mask, indexes = term.find(docs)
    return mask, term.weights_at(indexes), term.values(indexes)


def _locate(matcher: PackedLeafMatcher,
            docs: list[int]) -> tuple[list[bool], list[float], list[bytes]]:
    """(whether the term has a posting for each of the sorted `docs`, and its weight
    and value in each it has); only the blocks whose range holds one of them are
    decoded."""
    mask: list[bool] = []
    weights: list[float] = []
    values: list[bytes] = []
    at, count = 0, len(docs)
    while at < count and matcher.is_active():
        end = bisect_right(docs, matcher._maxid, at)
        if end > at:
            block = matcher.read_block()
            probe = block.ids + _PAST  # a bisection past the block's end lands on it
            wanted = docs[at:end]
            indexes = list(map(bisect_left, repeat(probe), wanted))
            hits = list(map(eq, map(probe.__getitem__, indexes), wanted))
            mask += hits
            if any(hits):
                indexes = list(compress(indexes, hits))
                weights += block.weights(indexes)
                values += block.values(indexes)
            at = end
        matcher._next_block()
    mask += [False] * (count - at)
    return mask, weights, values
