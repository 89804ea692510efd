"""A term's decoded postings in every segment, joined into one list numbered across the index.

A searcher kept open decodes a common term's postings one segment at a time
(`Terms.decoded`), and a query over those pays numpy's cost per call, a dozen
calls per term, in every segment: thirteen segments at a million paragraphs.
Joined, a term or a phrase is looked up, its positions compared and its matches
scored once per query, whatever the number of segments. The docnums are the
searcher's (each segment's offset added) and deleted documents are left out, so a
caller applies neither.

A joined term is also leaner than its segments' decoded postings (14 bytes a
posting), so that more of a query set's terms stay decoded within the budget: its
weights are bytes where all are small whole numbers (term frequencies, as they
mostly are), and positions are kept only for postings with more than one, or one
past 127 (the others have their `single` one), decoded into an array, so that a
phrase checks them in arrays too (`consecutive`): 6 bytes a posting, about, for most
terms.
"""

from __future__ import annotations

from undocs.indexer.postblock import PAST, TermPostings


class JoinedPostings(TermPostings):
    """`TermPostings` of several segments: the same columns (`ids` ending in `PAST`,
    `weights`, `single`), and the positions, decoded, of only the postings at `odd`
    (those without a `single` position): `positions[starts[k]:starts[k + 1]]` for
    `odd[k]`."""

    __slots__ = ("odd", "starts", "positions")

    def __init__(self, ids, weights, single, odd, starts, positions):
        self.count = len(ids) - 1
        self.ids, self.weights, self.single = ids, weights, single
        self.odd, self.starts, self.positions = odd, starts, positions

    def nbytes(self) -> int:
        return (self.ids.nbytes + self.weights.nbytes + self.single.nbytes + self.odd.nbytes
                + self.starts.nbytes + self.positions.nbytes)

    def positions_at(self, indexes, numpy) -> tuple:
        """(owner, position) arrays of every position of the postings at `indexes`: the
        owner the index of its posting in `indexes`, ascending; each posting's in order."""
        np = numpy
        single = self.single[indexes]
        one = single != 255
        counts = np.ones(len(indexes), dtype=np.int64)
        at = self.odd.searchsorted(indexes[~one])
        first, counts[~one] = self.starts[at], self.starts[at + 1] - self.starts[at]
        owner = np.repeat(np.arange(len(indexes)), counts)
        out = np.cumsum(counts) - counts  # where each posting's positions begin
        found = np.empty(len(owner), dtype=np.int64)
        found[out[one]] = single[one]
        many = np.repeat(~one, counts)
        source = np.zeros(len(indexes), dtype=np.int64)
        source[~one] = first
        owners = owner[many]
        found[many] = self.positions[np.flatnonzero(many) - out[owners] + source[owners]]
        return owner, found


def consecutive(terms: list[JoinedPostings], indexes: list, numpy):
    """Whether each document's postings (`indexes[i]` in `terms[i]`, one document per
    row) hold the terms at consecutive positions, the first at 0 or later: each
    term's (document, position - its place in the phrase) kept where every term
    before it has the same."""
    np = numpy
    kept = None
    for shift, term in enumerate(terms):
        owner, positions = term.positions_at(indexes[shift], np)
        keys = (owner << 32) | (positions - shift)
        keys = keys[positions >= shift]  # (sorted: owners ascending, then positions)
        if kept is None:
            kept = keys
        else:
            at = np.minimum(keys.searchsorted(kept), max(len(keys) - 1, 0))
            kept = kept[keys[at] == kept] if len(keys) else keys
    match = np.zeros(len(indexes[0]), dtype=bool)
    match[kept >> 32] = True
    return match


def join(parts: list[tuple[TermPostings, int, frozenset[int]]], numpy,
         positions: bool) -> JoinedPostings:
    """One `JoinedPostings` of `parts`: (a segment's decoded postings, its first
    docnum, its deleted docnums), in segment order; the positions kept (those of no
    single position) if `positions` (a phrase's exact field)."""
    np = numpy
    ids, weights, singles, values = [], [], [], []
    for postings, offset, deleted in parts:
        local = postings.ids[:postings.count]
        keep = None
        if deleted:
            keep = ~np.isin(local, np.fromiter(deleted, np.uint32, len(deleted)))
            local = local[keep]
        ids.append(local + np.uint32(offset))
        weights.append(postings.weights if keep is None else postings.weights[keep])
        single = postings.single if keep is None else postings.single[keep]
        singles.append(single)
        if positions:
            kept = np.arange(postings.count) if keep is None else np.nonzero(keep)[0]
            values += postings.values(kept[single == 255])
    ids.append(np.array([PAST], dtype=np.uint32))
    weights = np.concatenate(weights) if weights else np.zeros(0, np.float32)
    if len(weights) and weights.min() >= 0 and weights.max() < 256 \
            and (weights == np.floor(weights)).all():
        weights = weights.astype(np.uint8)  # term frequencies: the same floats in a score
    single = np.concatenate(singles) if singles else np.zeros(0, np.uint8)
    odd = np.flatnonzero(single == 255).astype(np.uint32) if positions \
        else np.zeros(0, np.uint32)
    starts, decoded = decode_varints(values, np)
    return JoinedPostings(np.concatenate(ids), weights, single, odd, starts, decoded)


def decode_varints(values: list[bytes], numpy) -> tuple:
    """(starts, positions) of encoded values (`indexer.codec.encode_positions`: varint
    deltas, the first from 0), decoded in arrays: value k's positions are
    `positions[starts[k]:starts[k + 1]]`, as 16-bit numbers where all fit."""
    np = numpy
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    ends = np.zeros(len(values) + 1, dtype=np.int64)
    ends[1:] = np.cumsum([len(value) for value in values]) if values else []
    last = data < 0x80  # a varint's last byte
    if last.all():  # every delta one byte (positions a few words apart)
        deltas, counts = data.astype(np.int64), np.diff(ends)
    else:
        number = np.cumsum(last) - last  # each byte's varint
        begins = np.flatnonzero(np.concatenate(([True], last[:-1])))
        place = np.arange(len(data)) - begins[number]  # 7-bit group within the varint
        deltas = np.bincount(number, weights=(data & 0x7F).astype(np.float64)
                             * np.left_shift(1, 7 * place).astype(np.float64)).astype(np.int64)
        ended = np.concatenate(([0], np.cumsum(last)))
        counts = ended[ends[1:]] - ended[ends[:-1]]
    starts = np.zeros(len(values) + 1, dtype=np.uint32)
    starts[1:] = np.cumsum(counts)
    total = np.cumsum(deltas)
    before = np.concatenate(([0], total))[starts[:-1]]
    positions = total - np.repeat(before, counts)
    kind = np.uint16 if not len(positions) or positions.max() < 1 << 16 else np.uint32
    return starts, positions.astype(kind)


def join_lengths(parts: list[tuple[bytes, int]]) -> bytearray:
    """The field-length bytes of every document of the index, from each segment's
    (length bytes, documents): a segment's column may stop short of its last
    documents, whose length byte is then 0 (a length of 1, as `Terms.scores` takes it)."""
    joined = bytearray()
    for lengths, documents in parts:
        joined += lengths
        joined += bytes(documents - len(lengths))
    return joined
