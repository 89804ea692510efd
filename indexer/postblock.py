"""One block of a term's postings as bytes: header, frontier and data.

`indexer.codec` writes each block of up to 128 postings of a term in this layout,
without pickles. Whoosh pickles a block's (ids, weights, values) and its statistics, and
compresses even a block of one posting (which zlib makes longer): most terms of the
exact fields (word pairs) hold a few postings, so their blocks were mostly overhead,
and reading one meant two `pickle.loads`. Here a block is a 13-byte header (count,
last id, highest weight, flags, shortest and longest field length), its frontier, and
its data. The frontier is what bounds the block's best score exactly: the (length byte,
weight) of the postings no other posting of the block beats on both (a higher weight
and a shorter field), usually 1-4 pairs; BM25F grows with the weight and falls with
the length, so its best score in the block is that of one of these pairs (the highest
weight and the shortest length taken apart bound it loosely: a block of a common term
nearly always holds one short paragraph and another with the term twice). When the
header's pair is itself a posting's, the frontier is that pair and takes no byte; else
the flags byte holds its size (bit 0: data compressed; bit 1: frontier weights as
bytes, else float32; bits 2-7: pairs less one, at most 64 pairs, a longer frontier
coarsened into a looser one). The data: the first id and the id deltas as an array
of the narrowest unsigned type (little-endian),
the weights (none when all are 1, one float when all equal, bytes when small whole
numbers, else float32, what Whoosh keeps in memory), and the values (fixed-size ones
joined; others as an array of lengths and their bytes), compressed only when that
makes them shorter.
"""

from __future__ import annotations

import struct
import sys
from array import array
from itertools import accumulate
from operator import sub

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.util.numeric import length_to_byte

HEADER = struct.Struct("!HIfBBB")  # count, last id, highest weight, flags, lengths
FLAGS_AT = 10  # where the flags byte is in the header
COMPRESSED = 1  # the flags' bit for zlib-compressed data (bit 1: byte weights; 2-7: pairs)
MAX_PAIRS = 64  # frontier pairs a block header holds (6 bits of the flags, less one)
FIRST_ID = struct.Struct("<I")
_FLOAT = struct.Struct("<f")
_BIG_ENDIAN = sys.byteorder == "big"
COMPRESS_ABOVE = 64  # bytes: below this zlib's own header and checksum outweigh it
_ALL_ONE, _ALL_SAME, _SMALL, _FLOATS = range(4)  # how a block's weights are stored


def _narrow(numbers) -> array:
    """`numbers` (non-negative) as an array of the narrowest type that holds them."""
    top = max(numbers, default=0)
    code = "B" if top < 256 else "H" if top < 65536 else "I"
    packed = array(code, numbers)
    if packed.itemsize > 1 and _BIG_ENDIAN:
        packed.byteswap()  # stored little-endian
    return packed


def _widen(code: str, data, start: int, count: int) -> tuple[array, int]:
    """The array `_narrow` wrote at `start` (of `count` items), and where it ends."""
    packed = array(code)
    end = start + count * packed.itemsize
    packed.frombytes(data[start:end])
    if packed.itemsize > 1 and _BIG_ENDIAN:
        packed.byteswap()
    return packed, end


def encode_block(ids, weights, values: list[bytes], fixedsize: int | None) -> bytes:
    """A block's ids (ascending), weights and values as bytes (see the module)."""
    out = bytearray(FIRST_ID.pack(ids[0]))
    deltas = _narrow(list(map(sub, ids[1:], ids)))
    out += deltas.typecode.encode() + deltas.tobytes()
    first, count = weights[0], len(weights)
    if weights.count(1.0) == count:  # the common cases counted in C, not by a generator
        out.append(_ALL_ONE)
    elif weights.count(first) == count:
        out.append(_ALL_SAME)
        out += struct.pack("<f", first)
    elif _small(weights):
        out.append(_SMALL)
        out += bytes(map(int, weights))
    else:
        out.append(_FLOATS)
        floats = array("f", weights)
        if _BIG_ENDIAN:
            floats.byteswap()
        out += floats.tobytes()
    if fixedsize is None or fixedsize < 0:
        lengths = _narrow(list(map(len, values)))
        out += lengths.typecode.encode() + lengths.tobytes()
    if fixedsize != 0:
        out += b"".join(values)
    return bytes(out)


def _small(weights) -> bool:
    """Whether every weight is a whole number from 0 to 255 (tested in C loops)."""
    whole = list(map(int, weights))
    return whole == list(weights) and min(whole) >= 0 and max(whole) < 256


def _weights_at(data, count: int, at: int) -> tuple[int, object, int]:
    """(how the weights are stored, the one weight or where they start, where the
    values start) for the weights at `at` of a block's data."""
    kind = data[at]
    at += 1
    if kind == _ALL_ONE:
        return kind, 1.0, at
    if kind == _ALL_SAME:
        return kind, struct.unpack_from("<f", data, at)[0], at + 4
    return kind, at, at + (count if kind == _SMALL else 4 * count)


def decode_block(data, count: int, fixedsize: int | None) -> tuple:
    """(id deltas, weights, values) of a block in the form Whoosh's matcher holds them
    (`W3LeafMatcher._data`): weights None (all 1), a float (all equal) or a sequence;
    values a tuple of bytes, joined bytes (fixed size) or None."""
    first = FIRST_ID.unpack_from(data, 0)[0]
    deltas, at = _widen(chr(data[4]), data, 5, count - 1)
    ids = [first, *deltas]
    kind, where, at = _weights_at(data, count, at)
    if kind == _ALL_ONE:
        weights = None
    elif kind == _ALL_SAME:
        weights = where
    elif kind == _SMALL:
        weights = array("f", iter(data[where:at]))
    else:
        weights = _widen("f", data, where, count)[0]
    if fixedsize is not None and fixedsize >= 0:
        values = bytes(data[at:at + fixedsize * count]) if fixedsize else None
        return ids, weights, values
    lengths, at = _widen(chr(data[at]), data, at + 1, count)
    ends = list(accumulate(lengths, initial=at))
    data = bytes(data)
    return ids, weights, tuple(map(data.__getitem__, map(slice, ends, ends[1:])))


class BlockPostings:
    """A block's postings for a reader that needs a few of them (phrase candidates,
    `search.phrases`): the docnums decoded at once (C loops), weights and values only
    of the postings asked for. `decode_block` converts every weight and slices every
    value into a bytes object of its own: most of the cost of a block of a common
    term of which a few postings count."""

    __slots__ = ("ids", "_data", "_kind", "_weights", "_at", "_fixedsize", "_ends")

    def __init__(self, data: bytes, count: int, fixedsize: int | None):
        first = FIRST_ID.unpack_from(data, 0)[0]
        deltas, at = _widen(chr(data[4]), data, 5, count - 1)
        self.ids: list[int] = list(accumulate(deltas, initial=first))
        self._kind, self._weights, self._at = _weights_at(data, count, at)
        self._data = data
        self._fixedsize = fixedsize
        self._ends: list[int] | None = None

    def weights(self, indexes: list[int] | None = None) -> list[float]:
        """The weights of the postings at `indexes` (in the block), or of all."""
        kind, where, data = self._kind, self._weights, self._data
        if kind == _ALL_ONE or kind == _ALL_SAME:
            return [where] * (len(self.ids) if indexes is None else len(indexes))
        if indexes is None:
            if kind == _SMALL:
                return list(map(float, data[where:where + len(self.ids)]))
            return _widen("f", data, where, len(self.ids))[0].tolist()
        if kind == _SMALL:
            return [float(data[where + k]) for k in indexes]
        unpack = _FLOAT.unpack_from
        return [unpack(data, where + 4 * k)[0] for k in indexes]

    def values(self, indexes: list[int] | None = None) -> list[bytes | None]:
        """The values (encoded positions) of the postings at `indexes`, or of all."""
        data, fixed = self._data, self._fixedsize
        if fixed is not None and fixed >= 0:
            at = self._at
            if indexes is None:
                indexes = range(len(self.ids))
            return [data[at + fixed * k:at + fixed * (k + 1)] if fixed else None
                    for k in indexes]
        ends = self._ends
        if ends is None:
            at = self._at
            lengths, end = _widen(chr(data[at]), data, at + 1, len(self.ids))
            ends = self._ends = list(accumulate(lengths, initial=end))
        if indexes is None:
            return list(map(data.__getitem__, map(slice, ends, ends[1:])))
        return [data[ends[k]:ends[k + 1]] for k in indexes]


def frontier(weights, lengths) -> list[tuple[int, float]]:
    """The (length byte, weight) pairs of the postings no other posting beats on both
    a higher weight and a shorter length, by ascending length (and so weight); a
    posting of unknown length (None or 0) counts as length byte 0, the shortest, as the
    scorer takes it."""
    top: dict[int, float] = {}
    get = top.get
    for length, weight in zip(lengths, weights, strict=True):
        key = length or 0
        if weight > get(key, -1.0):
            top[key] = weight
    pairs: list[tuple[int, float]] = []
    best = -1.0
    for length in sorted(top):
        weight = top[length]
        if weight > best:
            best = weight
            byte = length_to_byte(length) if length else 0
            if pairs and pairs[-1][0] == byte:  # one length byte: the higher weight
                pairs[-1] = (byte, weight)
            else:
                pairs.append((byte, weight))
    return pairs


def coarsened(pairs: list[tuple[int, float]], most: int) -> list[tuple[int, float]]:
    """At most `most` pairs that still bound every one of `pairs`: each group of
    neighbours becomes (its shortest length, its highest weight)."""
    if len(pairs) <= most:
        return pairs
    size = -(-len(pairs) // most)
    return [(pairs[at][0], pairs[min(at + size, len(pairs)) - 1][1])
            for at in range(0, len(pairs), size)]


def encode_frontier(pairs: list[tuple[int, float]]) -> tuple[int, bytes]:
    """(flag bits, bytes) of a frontier of 2 to `MAX_PAIRS` pairs (see the module)."""
    weights = [weight for _, weight in pairs]
    lengths = bytes(byte for byte, _ in pairs)
    if all(w == int(w) and 0 <= w < 256 for w in weights):
        return 2 | (len(pairs) - 1) << 2, lengths + bytes(int(w) for w in weights)
    floats = array("f", weights)
    if _BIG_ENDIAN:
        floats.byteswap()
    return (len(pairs) - 1) << 2, lengths + floats.tobytes()


def frontier_size(flags: int) -> int:
    """The bytes of the frontier the flags byte of a block header announces."""
    pairs = flags >> 2
    return 0 if not pairs else (pairs + 1) * (2 if flags & 2 else 5)


def decode_frontier(flags: int, data) -> list[tuple[float, int]]:
    """(weight, length byte) pairs of a frontier `encode_frontier` wrote."""
    count = (flags >> 2) + 1
    lengths = data[:count]
    if flags & 2:
        weights = array("f", iter(data[count:2 * count]))
    else:
        weights, _ = _widen("f", data, count, count)
    return list(zip(weights, lengths, strict=True))



PAST = (1 << 32) - 1  # above every docnum a segment holds (the codec's are 32-bit)


def _numpy():
    """numpy, imported when a term is first decoded whole (what only a searcher kept
    open does: a one-shot `undocs search` never pays the import, ~0.1 s)."""
    import numpy

    return numpy


class TermPostings:
    """Every posting of a term in one segment, decoded into flat arrays: what a
    reader asks of a common term again and again (a phrase's `of the`, a `的`
    bigram) without decompressing and walking its blocks each time, and looks
    documents up in with one vectorised bisection. 14 bytes a posting: docnum (4,
    with one past the end: a bisection lands on it), weight (4), value end (4), the
    value bytes (about 1) and its one position (1; 255 if not one below 128). Local
    docnums as unsigned 32-bit arrays: look documents up with arrays of that type
    (`numpy.searchsorted` converts the longer side otherwise)."""

    __slots__ = ("ids", "weights", "ends", "data", "count", "single")

    def __init__(self, ids: array, weights: array, ends: array, data: bytes):
        np = _numpy()
        self.count = len(ids)
        ids.append(PAST)  # past every docnum: `ids[searchsorted(ids, docs)]` is safe
        self.ids = np.frombuffer(ids, dtype=np.uint32)
        self.weights = np.frombuffer(weights, dtype=np.float32)
        self.ends = np.frombuffer(ends, dtype=np.uint32)
        self.data = data
        # a value of one byte is one position below 128 (`indexer.codec`'s varints):
        # that position, else -1 (`search.phrases` compares those as arrays)
        starts = self.ends[:-1]
        first = np.frombuffer(data, dtype=np.uint8)[np.minimum(starts, max(len(data) - 1, 0))] \
            if len(data) else np.zeros(self.count, dtype=np.uint8)
        one = (self.ends[1:] - starts == 1) & (first < 128)
        self.single = np.where(one, first, 255).astype(np.uint8)

    @classmethod
    def join(cls, blocks, fixedsize: int | None) -> TermPostings:
        """Of the raw data of every block of a term, in order, as (data, count)."""
        ids, weights, ends, pieces = array("I"), array("f"), array("I", [0]), []
        size = 0
        fixed = fixedsize is not None and fixedsize >= 0
        for data, count in blocks:
            first = FIRST_ID.unpack_from(data, 0)[0]
            deltas, at = _widen(chr(data[4]), data, 5, count - 1)
            ids.extend(accumulate(deltas, initial=first))
            kind, where, at = _weights_at(data, count, at)
            if kind == _ALL_ONE or kind == _ALL_SAME:
                weights.extend(array("f", [where]) * count)
            elif kind == _SMALL:
                weights.extend(array("f", iter(data[where:at])))
            else:
                weights.extend(_widen("f", data, where, count)[0])
            if fixed:
                lengths, end = [fixedsize] * count, at + fixedsize * count
            else:
                lengths, at = _widen(chr(data[at]), data, at + 1, count)
                end = at + sum(lengths)
            block_ends = accumulate(lengths, initial=size)
            next(block_ends)  # the block's first value starts where the last one ended
            ends.extend(block_ends)
            pieces.append(data[at:end])
            size = ends[-1]
        return cls(ids, weights, ends, b"".join(pieces))

    def nbytes(self) -> int:
        return (self.ids.nbytes + self.weights.nbytes + self.ends.nbytes + len(self.data)
                + self.single.nbytes)

    def find(self, docs: list[int]) -> tuple[list[bool], object]:
        """(whether the term has a posting for each of the sorted `docs`, and the
        indexes of those postings, as an array)."""
        np = _numpy()
        wanted = np.array(docs, dtype=np.uint32)
        indexes = self.ids[:self.count].searchsorted(wanted)
        mask = self.ids[indexes] == wanted
        return mask.tolist(), indexes[mask]

    def among(self, docs):
        """The indexes of the postings of documents in the sorted array `docs`, from
        whichever side is shorter (a filter of a whole language, a term of a few)."""
        np = _numpy()
        ids = self.ids[:self.count]
        if len(docs) <= len(ids):
            at = ids.searchsorted(docs)
            return at[self.ids[at] == docs]  # one past the end is never a docnum
        at = docs.searchsorted(ids)
        at[at == len(docs)] = 0
        return np.nonzero(docs[at] == ids)[0]

    def every(self):
        """The indexes of every posting, as an array."""
        return _numpy().arange(self.count)

    @staticmethod
    def mask_array(mask: list[bool]):
        """`mask` as an array, to select indexes with."""
        return _numpy().array(mask, dtype=bool)

    def postings(self, indexes=None, deleted: frozenset[int] = frozenset()) -> tuple:
        """(docnums, weights) arrays of the postings at `indexes` (None: all), those of
        `deleted` documents left out."""
        if indexes is None:
            ids, weights = self.ids[:self.count], self.weights
        else:
            ids, weights = self.ids[indexes], self.weights[indexes]
        if deleted:
            np = _numpy()
            kept = ~np.isin(ids, np.fromiter(deleted, np.uint32, len(deleted)))
            ids, weights = ids[kept], weights[kept]
        return ids, weights

    def weights_at(self, indexes) -> list[float]:
        return self.weights[indexes].tolist()

    def values(self, indexes) -> list[bytes]:
        """The values of the postings at `indexes` (an array of indexes)."""
        ends, data = self.ends, self.data
        starts, stops = ends[indexes].tolist(), ends[indexes + 1].tolist()
        return list(map(data.__getitem__, map(slice, starts, stops)))
