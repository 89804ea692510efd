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
either, in the layout of `indexer.postblock` (a small header, the block's frontier,
which bounds its best score exactly, and its data as arrays). `PackedLeafMatcher`
reads them back in the shape Whoosh's matcher holds (`_data`), so Whoosh's own
matchers and `search.evaluate` read either.
`install()` makes it the codec of every segment written (merges included).
"""

from __future__ import annotations

import zlib
from itertools import accumulate

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length, length_to_byte

from undocs.indexer.postblock import (
    COMPRESS_ABOVE,
    HEADER,
    MAX_PAIRS,
    BlockPostings,
    TermPostings,
    coarsened,
    decode_block,
    decode_frontier,
    encode_block,
    encode_frontier,
    frontier,
    frontier_size,
)

_ONE: list[bytes] = [bytes((n,)) for n in range(128)]  # one small position, encoded
_INT_SIZE = 4  # a block's length, as `StructFile.write_int` writes it


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

    def _write_block(self, last: bool = False) -> int:
        """Write the buffered block; returns the bytes written (the term's header too
        if this is its first block)."""
        postfile = self._postfile
        written = 0
        if not self._blockcount:
            postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
            written = len(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        weights = self._weights
        data = encode_block(ids, weights, self._values, self._format.fixed_value_size())
        flags = 0
        if self._compression and len(data) > COMPRESS_ABOVE:
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
                bits, pairs_bytes = encode_frontier(coarsened(pairs, MAX_PAIRS))
                flags |= bits
        info = HEADER.pack(len(ids), ids[-1], self._maxweight, flags,
                          shortest, length_to_byte(self._maxlength))
        length = len(info) + len(pairs_bytes) + len(data)
        postfile.write_int(-length if last else length)
        postfile.write(info)
        if pairs_bytes:
            postfile.write(pairs_bytes)
        postfile.write(data)
        self._blockcount += 1
        self._new_block()
        return written + _INT_SIZE + length


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
         maxlength) = HEADER.unpack(postfile.get(position + 4, HEADER.size))
        self._compression = flags & 1
        self._flags = flags
        self._frontieroffset = position + 4 + HEADER.size
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
        return decode_block(self._raw(start, end, compressed), count, self._fixedsize)

    def block_postings(self, start: int, end: int, count: int,
                       compressed: int) -> BlockPostings:
        """The block whose data lies in [start, end) as `BlockPostings` (ids now,
        weights and values on demand)."""
        return BlockPostings(self._raw(start, end, compressed), count, self._fixedsize)

    def read_block(self) -> BlockPostings:
        """The current block as `BlockPostings`."""
        return self.block_postings(self._dataoffset, self._nextoffset, self._blocklength,
                                   self._compression)

    def read_term(self) -> TermPostings:
        """Every posting from the current block on, decoded (the matcher ends past
        its last block)."""
        blocks = []
        while self.is_active():
            blocks.append((self._raw(self._dataoffset, self._nextoffset, self._compression),
                           self._blocklength))
            self._next_block()
        return TermPostings.join(blocks, self._fixedsize)

    def _raw(self, start: int, end: int, compressed: int) -> bytes:
        data = self._postfile.get(start, end - start)
        return zlib.decompress(data) if compressed else data


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
