"""The posting value of the exact fields: positions as bytes, decoded in bulk.

Whoosh's `Positions` format stores a posting's positions as a 4-byte count and a
pickled list of deltas (14 bytes for one position), and reading them means a
`pickle.loads` per posting: the exact fields were nine tenths of the postings bytes
and phrase queries spent a fifth of their time there. `PackedPositions` stores the
deltas as varints (7 bits per byte, the high bit set on every byte but a number's
last): one byte for most postings, and a value whose bytes are all below 128 (every
delta under 128, nearly all of them) decodes with `itertools.accumulate` over the
bytes, without a Python loop. The frequency is the number of varints; Whoosh's own
matchers (phrase queries through `Searcher.search`) read it through the same methods.
"""

from __future__ import annotations

from itertools import accumulate

from whoosh.formats import Positions

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
