"""The postings half of a block-copying merge (`indexer.fastmerge`): the terms of the
segments merged in order, each term's blocks copied with their document numbers moved
on (`rebase_block`: the last id in the header, the first at the start of the data, the
only absolute ids a block holds) while the merged list stays aligned on full blocks;
the rest (a segment's partial last block and what follows it, and every block of a
segment with deletions) decoded and written again in full blocks by the codec's own
block writer, its length bounds read from the merged length columns. Every block but a
term's last is full, as in a merge by Whoosh.

The block header is read and written only by `rebase_block` and `_header_stats`
(`indexer.postblock` owns its layout).
"""

from __future__ import annotations

import heapq
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from struct import Struct

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length

from undocs.indexer.postblock import (
    COMPRESS_ABOVE,
    COMPRESSED,
    FIRST_ID,
    FLAGS_AT,
    HEADER,
    decode_block,
    frontier_size,
)
from undocs.indexer.writer import IGNORED, term_info_bytes

_LENGTH = Struct("!i")  # a block's byte length, negative for a term's last block
_MAGIC_SIZE = 4  # the tag before a term's first block (`whoosh3.WHOOSH3_HEADER_MAGIC`)
_TERMINFO = W3TermInfo._struct  # a term's statistics, then where its postings are:
_EXTENT = Struct("!qi")  # (offset, length) in the postings file


# -- one block's header (`indexer.codec`) -------------------------------------------------

def rebase_block(header: bytes, data: bytes, base: int, level: int) -> tuple[bytes, bytes]:
    """A block's header and data with every document number `base` higher: the last
    id in the header, the first at the start of the (possibly compressed) data;
    compressed again only where that is shorter, as the codec's writer decides. The
    frontier after the fixed header (its weights and lengths) stays as it is."""
    count, last, weight, flags, shortest, longest = HEADER.unpack_from(header)
    raw = zlib.decompress(data) if flags & COMPRESSED else data
    raw = FIRST_ID.pack(FIRST_ID.unpack_from(raw, 0)[0] + base) + raw[FIRST_ID.size:]
    flags &= ~COMPRESSED
    if level and len(raw) > COMPRESS_ABOVE:
        packed = zlib.compress(raw, level)
        if len(packed) < len(raw):
            raw, flags = packed, flags | COMPRESSED
    return (HEADER.pack(count, last + base, weight, flags, shortest, longest)
            + header[HEADER.size:]), raw


def _header_stats(header: bytes) -> tuple[int, int, float, int, int, int]:
    """(postings, last id, highest weight, compressed, shortest and longest length
    bytes) of a block header."""
    count, last, weight, flags, shortest, longest = HEADER.unpack_from(header)
    return count, last, weight, flags & COMPRESSED, shortest, longest


def _header_size(raw: bytes, at: int) -> int:
    """The bytes of the header (fixed part and frontier) of the block starting at `at`."""
    return HEADER.size + frontier_size(raw[at + FLAGS_AT])


def extent(info) -> tuple[int, int]:
    """(offset, length) of a term's postings (Whoosh reads the length back as a
    1-tuple)."""
    offset, length = info.extent()
    return offset, length[0] if isinstance(length, tuple) else length


def blocks(raw: bytes) -> Iterator[tuple[bytes, bytes, bool]]:
    """(header, data, last) of each block of a term's postings `raw` (from its tag)."""
    pos = _MAGIC_SIZE
    while True:
        length = _LENGTH.unpack_from(raw, pos)[0]
        last = length < 0
        end = pos + 4 + abs(length)
        size = _header_size(raw, pos + 4)
        yield raw[pos + 4:pos + 4 + size], raw[pos + 4 + size:end], last
        if last:
            return
        pos = end


# -- sources ------------------------------------------------------------------------------

@dataclass
class Source:
    """A segment being merged, and where its documents go."""

    reader: SegmentReader
    base: int  # the merged number of its first live document
    docmap: array | None  # old number -> merged number (deleted: -1), with deletions
    live: int


def sources(ix, segments: list) -> list[Source]:
    sources, base = [], 0
    for segment in segments:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        docmap = None
        count = segment.doc_count_all()
        if segment.has_deletions():
            docmap = array("i", [-1]) * count
            number = base
            for old in range(count):
                if not segment.is_deleted(old):
                    docmap[old] = number
                    number += 1
            live = number - base
        else:
            live = count
        sources.append(Source(reader, base, docmap, live))
        base += live
    return sources


# -- postings -----------------------------------------------------------------------------

def _terms(source_index: int, source: Source) -> Iterator[tuple[str, bytes, int, bytes]]:
    terms = source.reader._terms
    unmap = terms._fieldunmap
    for key, value in terms._tindex.items():
        yield unmap[(key[0] << 8) | key[1]], key[2:], source_index, value


@dataclass
class _Term:
    """The merged postings of one term as they are written."""

    limit: int
    ids: list = field(default_factory=list)  # pending, decoded postings
    weights: list = field(default_factory=list)
    values: list = field(default_factory=list)
    df: int = 0
    weight: float = 0.0
    maxweight: float = 0.0
    shortest: int = 0  # length bytes; 0: none known
    longest: int = 0
    first: int | None = None
    last: int = 0

    def count(self, postings: int, last: int, maxweight: float, shortest: int,
              longest: int) -> None:
        self.df += postings
        self.last = last
        self.maxweight = max(self.maxweight, maxweight)
        if shortest and (not self.shortest or shortest < self.shortest):
            self.shortest = shortest
        self.longest = max(self.longest, longest)


class PostingsMerger:
    def __init__(self, fieldwriter, sources: list[Source], lengths: dict[str, bytearray]):
        self.fieldwriter = fieldwriter
        self.sources = sources
        self.lengths = lengths

    def run(self, schema, tell: Callable[[int], None]) -> None:
        streams = [_terms(i, source) for i, source in enumerate(self.sources)]
        current, group = None, []
        fieldname = None
        for name, text, index, value in heapq.merge(*streams):
            if name not in schema:
                continue
            if (name, text) != current:
                if group:
                    self._term(fieldname, current[1], group)
                if name != fieldname:
                    if fieldname is not None:
                        self.fieldwriter.finish_field()
                    fieldname = name
                    self._start_field(name, schema[name])
                    tell(name)
                current, group = (name, text), []
            group.append((index, value))
        if group:
            self._term(fieldname, current[1], group)
        if fieldname is not None:
            self.fieldwriter.finish_field()

    def _start_field(self, name: str, fieldobj) -> None:
        out = self.fieldwriter
        out.start_field(name, fieldobj)
        self.writer = out._postwriter
        self.writer._format = fieldobj.format
        self.fixedsize = fieldobj.format.fixed_value_size()
        self.column = self.lengths.get(name)

    def _term(self, fieldname: str, text: bytes, group: list) -> None:
        if len(group) == 1:
            source = self.sources[group[0][0]]
            if source.docmap is None and not group[0][1][0]:  # neither deletions nor inlined
                self._single(text, source, group[0][1])
                return
        writer = self.writer
        postfile = writer._postfile
        start = postfile.tell()
        postfile.write(b"W3Bl")
        writer._blockcount = 1  # the tag is written
        writer._terminfo = IGNORED  # what the codec's writer counts is not used
        term = _Term(writer._blocklimit)
        infos = [(self.sources[index], W3TermInfo.from_bytes(value)) for index, value in group]
        for number, (source, info) in enumerate(infos):
            final = number == len(infos) - 1  # then its last block may be the term's
            if source.docmap is None:
                term.weight += info.weight()
                self._add_clean(term, source, info, final)
            else:
                self._add_dirty(term, source, info)
        if term.ids:
            self._flush(term, len(term.ids), last=True)
        writer._terminfo = None
        if not term.df:  # every posting was of a deleted document: the term goes (its
            return  # tag stays behind in the file, unreferenced)
        out = self.fieldwriter
        out._tindex.add(pack_ushort(out._fieldid) + text, term_info_bytes(
            term.weight, term.df, byte_to_length(term.shortest) if term.shortest else None,
            byte_to_length(term.longest), term.maxweight, term.first, term.last,
            start, postfile.tell() - start))

    def _single(self, text: bytes, source: Source, value: bytes) -> None:
        """A term of one segment without deletions: its blocks copied, renumbered."""
        postfile = self.writer._postfile
        start = postfile.tell()
        offset, length = _EXTENT.unpack_from(value, _TERMINFO.size)
        raw = source.reader._terms._postfile.get(offset, length)
        stats = value[:_TERMINFO.size]
        base = source.base
        if base:
            level = self.writer._compression
            chunks = [raw[:_MAGIC_SIZE]]
            for header, data, last in blocks(raw):
                header, data = rebase_block(header, data, base, level)
                size = len(header) + len(data)
                chunks += (_LENGTH.pack(-size if last else size), header, data)
            raw = b"".join(chunks)
            fields = list(_TERMINFO.unpack(stats))
            fields[6] += base
            fields[7] += base
            stats = _TERMINFO.pack(*fields)
        postfile.write(raw)
        out = self.fieldwriter
        out._tindex.add(pack_ushort(out._fieldid) + text,
                        stats + _EXTENT.pack(start, len(raw)))

    def _add_clean(self, term: _Term, source: Source, info, final: bool) -> None:
        """The postings of a segment without deletions: blocks copied while aligned."""
        if term.first is None:
            term.first = info.min_id() + source.base
        if info.is_inlined():
            self._extend(term, source, *info.inlined_postings())
            return
        raw = source.reader._terms._postfile.get(*extent(info))
        postfile = self.writer._postfile
        level = self.writer._compression
        limit = term.limit
        for header, data, last in blocks(raw):
            count, maxid, maxweight, compressed, shortest, longest = _header_stats(header)
            if len(term.ids) % limit == 0 and (final if last else count == limit):
                if term.ids:
                    self._flush(term, len(term.ids), last=False)
                if source.base:
                    header, data = rebase_block(header, data, source.base, level)
                postfile.write(_LENGTH.pack(-(len(header) + len(data)) if last and final
                                            else len(header) + len(data)))
                postfile.write(header)
                postfile.write(data)
                term.count(count, maxid + source.base, maxweight, shortest, longest)
            else:
                ids, weights, values = self._decode(data, count, compressed)
                self._extend(term, source, ids, weights, values)

    def _add_dirty(self, term: _Term, source: Source, info) -> None:
        """The postings of a segment with deletions: decoded, renumbered, the deleted
        documents' left out."""
        if info.is_inlined():
            batches = [info.inlined_postings()]
        else:
            raw = source.reader._terms._postfile.get(*extent(info))
            batches = (self._decode(data, _header_stats(header)[0], _header_stats(header)[3])
                       for header, data, _ in blocks(raw))
        docmap = source.docmap
        for ids, weights, values in batches:
            kept = [i for i, old in enumerate(ids) if docmap[old] >= 0]
            if len(kept) < len(ids):
                ids = [ids[i] for i in kept]
                weights = [weights[i] for i in kept]
                values = [values[i] for i in kept]
            if not ids:
                continue
            term.weight += sum(weights)
            if term.first is None:
                term.first = docmap[ids[0]]
            self._extend(term, source, ids, weights, values)

    def _decode(self, data: bytes, count: int, compressed: int) -> tuple[list, list, list]:
        """A block's absolute ids, weights and values, one per posting."""
        if compressed:
            data = zlib.decompress(data)
        deltas, weights, values = decode_block(data, count, self.fixedsize)
        ids = list(accumulate(deltas))
        if weights is None:
            weights = [1.0] * count
        elif isinstance(weights, float):
            weights = [weights] * count
        else:
            weights = list(weights)
        size = self.fixedsize
        if size is None or size < 0:
            values = list(values)
        elif size == 0:
            values = [b""] * count
        else:
            values = [values[i:i + size] for i in range(0, size * count, size)]
        return ids, weights, values

    def _extend(self, term: _Term, source: Source, ids, weights, values) -> None:
        if source.docmap is not None:
            ids = [source.docmap[old] for old in ids]
        elif source.base:
            base = source.base
            ids = [old + base for old in ids]
        term.ids.extend(ids)
        term.weights.extend(weights)
        term.values.extend(values)
        limit = term.limit
        while len(term.ids) > limit:
            self._flush(term, limit, last=False)

    def _flush(self, term: _Term, count: int, last: bool) -> None:
        """Write the first `count` pending postings as one block, through the codec's
        own block writer (what `indexer.writer` does for new segments)."""
        writer = self.writer
        ids, weights, values = term.ids[:count], term.weights[:count], term.values[:count]
        del term.ids[:count], term.weights[:count], term.values[:count]
        shortest = longest = 0
        if self.column is not None:
            found = bytes(map(self.column.__getitem__, ids)).replace(b"\0", b"")
            if found:
                shortest, longest = min(found), max(found)
        # each posting's field length, for the block's frontier (the codec's writer
        # turns it back into the very length byte it came from)
        writer._lengths = ([byte_to_length(b) if b else None
                            for b in map(self.column.__getitem__, ids)]
                           if self.column is not None else [None] * len(ids))
        writer._ids = array("I", ids)
        writer._weights = array("f", weights)
        writer._values = [value for value in values if value]
        writer._maxweight = maxweight = max(0, *writer._weights)
        writer._minlength = byte_to_length(shortest) if shortest else None
        writer._maxlength = byte_to_length(longest)
        writer._write_block(last=last)  # (which resets the writer's block)
        term.count(count, ids[-1], maxweight, shortest, longest)
        if term.first is None:
            term.first = ids[0]
