"""The terms of one open searcher: their statistics per segment, postings and scores.

What `search.evaluate` and `search.topk` read: a term's info in each segment (looked
up once per query: each lookup hashes the term in the segment's term table), its
postings matcher, and Whoosh's BM25F score of a posting, or the most a block of
postings can score (from its highest weight and shortest field length).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from operator import add, itemgetter

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from undocs.indexer.codec import PackedLeafMatcher, PackedPositions
from undocs.indexer.postblock import TermPostings
from undocs.search.decodedterms import DecodedTerms
from undocs.search.joined import join, join_lengths
from undocs.search.termtable import TermTable

# field length by its one-byte encoding (Whoosh stores lengths approximately); 0 never
# occurs for a document with a posting in the field
FIELD_LENGTH = [byte_to_length(b) or 1 for b in range(256)]  # length byte -> length
# A term of this many postings in a segment (a block) is decoded whole once and
# kept (`Terms.decoded`), within this many bytes per searcher (about a million postings).
DECODE_FROM = 128
DECODED_BUDGET = 16 << 20
DECODED_BYTES = 14  # a decoded posting's bytes, about (`TermPostings`)
VECTOR_FROM = 64  # documents from which numpy scores them, once it is loaded


class Terms:
    """Term statistics, postings and BM25F scorers over the segments of a searcher
    (read-only; field lengths cached for good, term infos for one query, the
    postings of common terms decoded and kept within `DECODED_BUDGET` bytes)."""

    def __init__(self, searcher, decode_from: int = DECODE_FROM,
                 decoded_budget: int = DECODED_BUDGET):
        self._searcher = searcher
        self._schema = searcher.schema
        self.segments = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        weighting = searcher.weighting
        self.bm25f = isinstance(weighting, BM25F)  # the index's (Whoosh's default) model
        self._b, self._k1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)
        self._field_b = getattr(weighting, "_field_B", {})
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._length_arrays: dict[tuple[int, str], object] = {}  # the same, for numpy
        self._infos: dict[tuple, object] = {}  # (segment, field, term) -> info, per query
        self._deleted: dict[int, frozenset[int]] = {}  # segment -> its deleted docnums
        self._lookups = [TermTable.of(reader) for reader, _ in self.segments]
        self._decode_from = decode_from
        self._decoded = DecodedTerms(decoded_budget)

    def new_query(self) -> None:
        self._infos = {}

    def info(self, number: int, fieldname: str, btext: bytes):
        """The term's statistics in segment `number`, or None where it is absent."""
        key = (number, fieldname, btext)
        if key in self._infos:
            return self._infos[key]
        lookup = self._lookups[number]
        if lookup is not None:
            info = lookup.info(fieldname, btext)
        else:
            try:
                info = self.segments[number][0]._terms.term_info(fieldname, btext)
            except TermNotFound:
                info = None
        self._infos[key] = info
        return info

    def matcher(self, number: int, fieldname: str, btext: bytes) -> tuple:
        """(postings matcher, deleted docnums) of a term segment `number` holds (what
        Whoosh's `SegmentReader.postings` makes, without its `FilterMatcher`)."""
        info = self.info(number, fieldname, btext)
        if info is None:
            raise TermNotFound(f"{fieldname}:{btext!r}")
        terms = self.segments[number][0]._terms
        return terms._codec.postings_reader(terms._postfile, info, self._schema[fieldname].format,
                                            term=(fieldname, btext)), self.deleted(number)

    def deleted(self, number: int) -> frozenset[int]:
        """The deleted docnums of segment `number`, read once (Whoosh's reader makes
        the set again for every term it is asked for; a commit never changes)."""
        found = self._deleted.get(number)
        if found is None:
            reader = self.segments[number][0]
            found = self._deleted[number] = (frozenset(reader._perdoc.deleted_docs())
                                             if reader.has_deletions() else frozenset())
        return found

    @property
    def numpy(self):
        """numpy, once `use_numpy` was called, else None."""
        return self._decoded.numpy

    def use_numpy(self) -> None:
        """Decode common terms, score and evaluate whole queries with numpy from now
        on: what a searcher kept open for more than one search does (the web server,
        `undocs batch`), paying numpy's import (about 0.1 s) once; a one-shot
        `undocs search` never imports it."""
        if self._decoded.numpy is None:
            import numpy

            self._decoded.use_numpy(numpy)
            self._field_length = numpy.asarray(FIELD_LENGTH, dtype=numpy.float64)

    def decoded(self, number: int, fieldname: str, btext: bytes) -> TermPostings | None:
        """Every posting of a common term (`decode_from` postings or more) in segment
        `number`, decoded when first asked for and kept while the budget allows, once
        numpy is in use (`use_numpy`: a searcher kept open); None for a rarer term,
        before, or postings of another codec (the caller reads the blocks it needs).
        Deletions are not applied: `matcher` names them."""
        if self._decoded.numpy is None:
            return None  # not a searcher kept open (`use_numpy`)
        info = self.info(number, fieldname, btext)
        if info is None or info.doc_frequency() < self._decode_from \
                or info.doc_frequency() * DECODED_BYTES > self._decoded.budget:
            return None  # rare, or too large to keep: decoded again at every ask
        key = (number, fieldname, btext)
        found = self._decoded.get(key)
        if found is None:
            matcher, _ = self.matcher(number, fieldname, btext)
            if type(matcher) is not PackedLeafMatcher:
                return None
            found = matcher.read_term()
            self._decoded.put(key, found)
        return found

    def decoded_whole(self, fieldname: str, btexts: list[bytes]) -> list[TermPostings] | None:
        """Every posting of each term in every segment, as one `TermPostings` of the
        searcher's docnums per term, deleted documents left out (`search.joined`),
        decoded when first asked for and kept while the budget allows, once numpy is
        in use. None before numpy, or if a term is rare (under `decode_from` postings:
        read where its few documents are, segment by segment), too large to keep, or
        of another codec: the caller then reads the terms segment by segment."""
        np = self._decoded.numpy
        if np is None:
            return None
        found = [self._decoded.get((None, fieldname, btext)) for btext in btexts]
        present: dict[int, list[int]] = {}  # a term not decoded yet -> its segments
        for i, btext in enumerate(btexts):
            if found[i] is None:
                present[i] = [number for number in range(len(self.segments))
                              if self.info(number, fieldname, btext) is not None]
                frequency = sum(self.info(number, fieldname, btext).doc_frequency()
                                for number in present[i])
                if frequency < self._decode_from \
                        or frequency * DECODED_BYTES > self._decoded.budget:
                    return None
        for i, numbers in present.items():
            parts = []
            for number in numbers:
                postings = self._decoded.peek((number, fieldname, btexts[i]))
                if postings is None:
                    matcher, _ = self.matcher(number, fieldname, btexts[i])
                    if type(matcher) is not PackedLeafMatcher:
                        return None
                    postings = matcher.read_term()
                parts.append((postings, self.segments[number][1], self.deleted(number)))
            found[i] = join(parts, np, type(self._schema[fieldname].format) is PackedPositions)
            self._decoded.put((None, fieldname, btexts[i]), found[i])
        return found

    def _bm25(self, fieldname: str, btext: bytes) -> tuple[float, float, float, float]:
        """(idf, average field length, B, K1) of a term, as Whoosh's BM25F takes them."""
        return (self._searcher.idf(fieldname, btext),
                self._searcher.avg_field_length(fieldname) or 1,
                self._field_b.get(fieldname, self._b), self._k1)

    def scorer(self, number: int | None, fieldname: str, btext: bytes):
        """score(docnum in segment, weight) for one term: Whoosh's BM25FScorer
        (`number` None: docnums of the index, `decoded_whole`'s)."""
        idf, avgfl, b, k1 = self._bm25(fieldname, btext)
        lengths = self.field_lengths(number, fieldname)
        count = len(lengths)

        def score(doc: int, tf: float) -> float:
            fl = FIELD_LENGTH[lengths[doc]] if doc < count else 1
            return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))

        return score

    def scores(self, number: int | None, fieldname: str, btexts: list[bytes], docs,
               columns: list, arrays: bool = False):
        """The score of each of `docs` (local docnums of segment `number`, or of the
        index for None): the sum of
        each term's score at its weight in `columns` (a column per term), added in
        the terms' order from 0.0, as `scorer` computes it. Computed by numpy, the
        same floats in the same order of operations, once numpy is in use
        (`use_numpy`) and for many documents; else a call each.
        A list, or with `arrays` (numpy loaded) an array."""
        np = self._decoded.numpy
        if np is None or len(docs) < VECTOR_FROM:  # a call each: numpy's own cost is more
            if type(docs) is not list:
                docs = docs.tolist()  # (Python numbers: a float32 would round the score)
            totals = [0.0] * len(docs)
            for btext, column in zip(btexts, columns, strict=True):
                column = column if type(column) is list else column.tolist()
                totals = list(map(add, totals, map(self.scorer(number, fieldname, btext),
                                                   docs, column)))
            return np.array(totals, dtype=np.float64) if arrays and np is not None else totals
        docs = np.asarray(docs, dtype=np.int64)
        lengths = self._length_arrays.get((number, fieldname))
        if lengths is None:
            lengths = self._length_arrays[(number, fieldname)] = np.frombuffer(
                self.field_lengths(number, fieldname), dtype=np.uint8)
        if len(lengths):
            fl = self._field_length[lengths[np.minimum(docs, len(lengths) - 1)]]
            if len(docs) and docs.max() >= len(lengths):  # docnums past the column: 1
                fl = np.where(docs < len(lengths), fl, 1.0)
        else:
            fl = np.ones(len(docs))
        totals = np.zeros(len(docs))
        for btext, column in zip(btexts, columns, strict=True):
            idf, avgfl, b, k1 = self._bm25(fieldname, btext)
            tf = np.asarray(column, dtype=np.float64)
            totals = totals + idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        return totals if arrays else totals.tolist()

    def bound(self, fieldname: str, btext: bytes):
        """bound(highest weight, shortest length): the most the term scores within them
        (the score's formula, which grows with the weight and falls with the length)."""
        idf, avgfl, b, k1 = self._bm25(fieldname, btext)

        def bound(weight: float, length: int) -> float:
            return idf * ((weight * (k1 + 1)) / (weight + k1 * ((1 - b) + b * length / avgfl)))

        return bound

    def term_bound(self, fieldname: str, btext: bytes) -> float:
        """The highest score a term gives any document (from its statistics)."""
        bound = self.bound(fieldname, btext)
        best = 0.0
        for number in range(len(self.segments)):
            info = self.info(number, fieldname, btext)
            if info is not None:
                best = max(best, bound(info.max_weight(), info.min_length() or 0))
        return best

    def field_lengths(self, number: int | None, fieldname: str) -> bytes:
        """The length byte of every document of a segment for a field, read in one go
        (Whoosh reads one document's at a time); of every document of the index for
        `number` None (for `decoded_whole`'s docnums)."""
        key = (number, fieldname)
        lengths = self._lengths.get(key)
        if lengths is None and number is None:
            lengths = self._lengths[key] = join_lengths(
                [(self.field_lengths(each, fieldname), reader.doc_count_all())
                 for each, (reader, _) in enumerate(self.segments)])
        elif lengths is None:
            reader = self.segments[number][0]
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                lengths = b""
            else:
                lengths = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            self._lengths[key] = lengths
        return lengths


def encoded(field, words) -> list[bytes] | None:
    """The terms as the index stores them, or None if one cannot be encoded (a lone
    surrogate, from invalid UTF-8 in argv): Whoosh's matchers then match nothing."""
    try:
        return [field.to_bytes(word) for word in words]
    except ValueError:
        return None


def in_mask(mask: bytearray, docs) -> tuple:
    """`mask[doc]` for each of `docs` (a filter's byte per document), in one C call:
    half the time of testing each against a set."""
    if len(docs) > 1:
        return itemgetter(*docs)(mask)
    return (mask[docs[0]],) if docs else ()


def kept_mask(docs, keep: bytearray | None, deleted: frozenset[int]):
    """Whether each of `docs` is in `keep` (a mask, None: all) and not deleted: the
    mask as one C call, the deleted (few, if any) tested one by one."""
    mask = in_mask(keep, docs) if keep is not None else [1] * len(docs)
    if deleted:
        mask = [kept and doc not in deleted for doc, kept in zip(docs, mask, strict=True)]
    return mask


def has_between(wanted: list[int], first: int, last: int) -> bool:
    """Whether the sorted `wanted` holds a docnum in [first, last] (a block's range)."""
    at = bisect_left(wanted, first)
    return at < len(wanted) and wanted[at] <= last


def read_postings(matched: tuple, values: bool,
              wanted: list[int] | None) -> tuple[list[int], list[float], list]:
    """(docnums, weights, values or Nones) of a term in one segment, from its
    (matcher, deleted docnums), deleted documents left out. With `wanted` (sorted
    docnums), the blocks holding none of them are skipped unread; the others come
    whole (the caller filters). Reads whole blocks as `W3LeafMatcher._read_ids/
    _read_weights/_read_values` do (whoosh 2.7's codec, which the project pins);
    values only for position formats (tuples of encoded bytes)."""
    matcher, deleted = matched
    ids: list[int] = []
    weights: list[float] = []
    vals: list = []
    first = 0  # no docnum of the current block is below this
    while matcher.is_active():
        last = matcher._maxid
        if wanted is not None and not has_between(wanted, first, last):
            first = last + 1
            matcher._next_block()
            continue
        matcher._read_data()
        block_ids, block_weights, block_values = matcher._data
        count = len(block_ids)
        ids.extend(accumulate(block_ids))  # the codec stores docnum deltas
        if block_weights is None or isinstance(block_weights, float):
            weights.extend([1.0 if block_weights is None else block_weights] * count)
        else:
            weights.extend(block_weights)
        if values:
            vals.extend(block_values)
        first = last + 1
        matcher._next_block()
    if not values:
        vals = [None] * len(ids)
    if deleted:
        keep = [i for i, doc in enumerate(ids) if doc not in deleted]
        ids, weights, vals = ([column[i] for i in keep] for column in (ids, weights, vals))
    return ids, weights, vals
