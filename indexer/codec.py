"""The posting format of undocs: positions and posting blocks as bytes, decoded in bulk.

Whoosh's `Positions` format stores a posting's positions as a 4-byte count and a
pickled list of deltas (14 bytes for one position), and reading them means a
`pickle.loads` per posting: the exact fields were nine tenths of the postings bytes
and phrase queries spent a fifth of their time there. `PackedPositions` stores the
deltas as varints (7 bits per byte, the high bit set on every byte but a number's
last): one byte for most postings, and a value whose bytes are all below 128 (every
delta under 128, nearly all of them) decodes with `itertools.accumulate` over the
bytes, without a Python loop. The frequency is the number of varints; Whoosh's own
matchers (phrase queries through `Searcher.search`) read it through the same methods.

`UndocsCodec` writes each block of up to 128 postings of a term without pickles
either. Whoosh pickles a block's (ids, weights, values) and its statistics, and
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
makes them shorter. `PackedLeafMatcher` reads them back in the shape Whoosh's
matcher holds (`_data`), so Whoosh's own matchers and `search.evaluate` read either.
`install()` makes it the codec of every segment written (merges included).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import accumulate
from operator import sub

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length, length_to_byte

_ONE: list[bytes] = [bytes((n,)) for n in range(128)]  # one small position, encoded


def encode_positions(positions) -> bytes:
    """The sorted `positions` as varint deltas (the first from 0)."""
    if len(positions) == 1 and positions[0] < 128:
        return _ONE[positions[0]]
    out = bytearray()
    previous = 0
    for position in positions:
        delta = position - previous
        previous = position
        while delta >= 128:
            out.append(0x80 | (delta & 0x7F))
            delta >>= 7
        out.append(delta)
    return bytes(out)


def decode_positions(value: bytes) -> list[int]:
    """The positions `encode_positions` encoded."""
    if value.isascii():  # every delta in one byte
        return list(accumulate(value))
    positions = []
    position = shift = delta = 0
    for byte in value:
        delta |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        position += delta
        positions.append(position)
        delta = shift = 0
    return positions


def position_count(value: bytes) -> int:
    """How many positions a value holds: its bytes without the continuation bit."""
    if value.isascii():
        return len(value)
    return sum(byte < 0x80 for byte in value)


class PackedPositions(Positions):
    """Whoosh's Positions format with varint positions instead of pickles."""

    def encode(self, poslist) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return position_count(valuestring)


# -- posting blocks ------------------------------------------------------------------------
_INFO = struct.Struct("!HIfBBB")  # count, last id, highest weight, flags, lengths
_MAX_PAIRS = 64  # frontier pairs a block header holds (6 bits of the flags, less one)
_FIRST = struct.Struct("<I")
_FLOAT = struct.Struct("<f")
_BIG_ENDIAN = sys.byteorder == "big"
_COMPRESS_ABOVE = 64  # bytes: below this zlib's own header and checksum outweigh it
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
    out = bytearray(_FIRST.pack(ids[0]))
    deltas = _narrow(list(map(sub, ids[1:], ids)))
    out += deltas.typecode.encode() + deltas.tobytes()
    first, count = weights[0], len(weights)
    if weights.count(1.0) == count:  # the common cases counted in C, not by a generator
        out.append(_ALL_ONE)
    elif weights.count(first) == count:
        out.append(_ALL_SAME)
        out += struct.pack("<f", first)
    elif all(w == int(w) and 0 <= w < 256 for w in weights):
        out.append(_SMALL)
        out += bytes(int(w) for w in weights)
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
    first = _FIRST.unpack_from(data, 0)[0]
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
        first = _FIRST.unpack_from(data, 0)[0]
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
    """(flag bits, bytes) of a frontier of 2 to `_MAX_PAIRS` pairs (see the module)."""
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


class PackedPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer with blocks as `encode_block` writes them, each with its
    frontier (so it keeps every posting's field length, where Whoosh keeps the range)."""

    def _new_block(self) -> None:
        super()._new_block()
        self._lengths: list[int | None] = []

    def add_posting(self, id_, weight, vbytes, length=None) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        super().add_posting(id_, weight, vbytes, length)
        self._lengths.append(length)

    def _write_block(self, last: bool = False) -> None:
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        weights = self._weights
        data = encode_block(ids, weights, self._values, self._format.fixed_value_size())
        flags = 0
        if self._compression and len(data) > _COMPRESS_ABOVE:
            packed = zlib.compress(data, self._compression)
            if len(packed) < len(data):
                data, flags = packed, 1
        shortest = length_to_byte(self._minlength)
        lengths = self._lengths
        pairs_bytes = b""
        if not (weights.count(weights[0]) == len(weights) and None not in lengths
                and 0 not in lengths):  # else the header's pair is a posting's
            pairs = frontier(weights, lengths)
            if pairs != [(shortest, self._maxweight)]:
                bits, pairs_bytes = encode_frontier(coarsened(pairs, _MAX_PAIRS))
                flags |= bits
        info = _INFO.pack(len(ids), ids[-1], self._maxweight, flags,
                          shortest, length_to_byte(self._maxlength))
        length = len(info) + len(pairs_bytes) + len(data)
        postfile.write_int(-length if last else length)
        postfile.write(info)
        if pairs_bytes:
            postfile.write(pairs_bytes)
        postfile.write(data)
        self._blockcount += 1
        self._new_block()


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's leaf matcher over blocks `PackedPostingsWriter` wrote."""

    def _goto(self, position: int) -> None:
        postfile = self._postfile
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        length = postfile.get_int(position)
        if length < 0:
            self._lastblock = True
            length = -length
        self._nextoffset = position + 4 + length
        (self._blocklength, self._maxid, self._maxweight, flags, minlength,
         maxlength) = _INFO.unpack(postfile.get(position + 4, _INFO.size))
        self._compression = flags & 1
        self._flags = flags
        self._frontieroffset = position + 4 + _INFO.size
        self._dataoffset = self._frontieroffset + frontier_size(flags)
        self._minbyte = minlength
        self._minlength = byte_to_length(minlength)
        self._maxlength = byte_to_length(maxlength)

    def block_frontier(self) -> list[tuple[float, int]]:
        """(weight, length byte) pairs of the current block, one of which scores its
        best posting (see the module)."""
        flags = self._flags
        if flags < 4:
            return [(self._maxweight, self._minbyte)]
        return decode_frontier(flags, self._postfile.get(self._frontieroffset,
                                                         frontier_size(flags)))

    def _read_data(self) -> None:
        self._data = self.block_data(self._dataoffset, self._nextoffset,
                                     self._blocklength, self._compression)

    def block_data(self, start: int, end: int, count: int, compressed: int) -> tuple:
        """`decode_block` of the block whose data lies in [start, end)."""
        data = self._postfile.get(start, end - start)
        if compressed:
            data = zlib.decompress(data)
        return decode_block(data, count, self._fixedsize)

    def read_block(self) -> BlockPostings:
        """The current block as `BlockPostings` (ids now, values on demand)."""
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        return BlockPostings(data, self._blocklength, self._fixedsize)


class UndocsCodec(W3Codec):
    """Whoosh's codec (its files, term table and stored fields) with packed blocks."""

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: undocs has none; Whoosh's blocks for them
            return super().postings_writer(dbfile, byteids)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit,
                                    compression=self._compression,
                                    inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def undocs_codec(*args, **kwargs) -> UndocsCodec:
    return UndocsCodec(*args, **kwargs)


def install() -> None:
    """Make `UndocsCodec` the codec of every writer that names none (Whoosh's own
    `ix.writer()` for commits and merges, our `SegmentBuilder`); idempotent."""
    import whoosh.codec

    whoosh.codec.default_codec = undocs_codec


install()
