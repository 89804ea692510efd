"""A Whoosh segment writer that keeps a segment's postings in memory.

Whoosh's SegmentWriter sends every posting through a sorting pool (a tuple per
posting, sized, sorted, possibly spilled to disk), then hands the codec one posting
at a time, looking up its document's field length in the file it has just written.
undocs writes half a million postings per MB of Chinese, and those steps took half
of a build. Here the postings of a term are gathered in one list as documents arrive
(in order, so each list is sorted), only terms are sorted, field lengths come from
memory, and the codec gets a block of postings at a time. The files are byte for byte
the ones Whoosh writes (`tests/indexer/test_writer.py` compares them).

The caller bounds memory: `SegmentBuilder.postings` says how many postings are held,
and a full builder is finished as a segment of its own (`indexer.segments`).
"""

from __future__ import annotations

from array import array
from struct import Struct

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from undocs.indexer.schema import Postings


class MemoryPool:
    """Postings by field and term, each term's as one flat list of
    (docnum, weight, value bytes) triples in document order."""

    def __init__(self):
        self.fields: dict[str, dict[str, list]] = {}
        self.postings = 0

    def add(self, fieldname: str, docnum: int, items) -> int:
        """Add one document's `(term, frequency, weight, value)` items for `fieldname`
        (the term as text); returns the field's length in that document (the sum of
        frequencies). The weights and values most postings share are one object each
        (`indexer.postings`), so a posting costs the three list slots alone (about 25
        bytes, not 90) and a worker holds a segment four times larger in the same memory."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        find = terms.get
        length = 0
        for term, freq, weight, vbytes in items:
            postings = find(term)
            if postings is None:
                terms[term] = [docnum, weight, vbytes]
            else:
                postings += (docnum, weight, vbytes)
            length += freq
        self.postings += len(items)
        return length

    def cleanup(self) -> None:
        self.fields = {}
        self.postings = 0


class SegmentBuilder(SegmentWriter):
    """A SegmentWriter (without the index lock) for undocs records, postings in memory.

    Used as Whoosh's multiprocessing writer uses its sub-writers: `add_document`, then
    `_finalize_segment()` hands back the segment for the committing process."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False)
        self.pool = MemoryPool()  # in place of Whoosh's (it ignores `poolclass`)
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length
        self._indexed: dict[tuple, list] = {}  # (field, plain value) -> its postings
        unsupported = [name for name, field in self.schema.items()
                       if field.column_type or field.vector or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"SegmentBuilder cannot write fields {unsupported}")

    @property
    def postings(self) -> int:
        return self.pool.postings

    def add_document(self, **fields) -> None:
        """Whoosh's `add_document` for a schema without columns, vectors or spelling,
        and without boosts: the same per-document record, postings to the pool."""
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name in sorted(fields):  # Whoosh's order: the stored fields pickle the same
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if field.indexed:
                items = value if isinstance(value, Postings) else self._index(name, value)
                length = self.pool.add(name, docnum, items)
                if not field.scorable:
                    length = 0
                elif length:
                    self._lengths.setdefault(name, {})[docnum] = length
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, value) -> list:
        """`field.index(value)` for a field given a plain value (IDs, mostly the same
        for every paragraph of a file: `lang`, `doc_key`), remembered for the segment."""
        field = self.schema[name]
        if field.unique:  # a file record's own id: never seen again
            return _as_text(field.index(value))
        key = (name, value)
        items = self._indexed.get(key)
        if items is None:
            if len(self._indexed) > 4096:
                self._indexed.clear()
            items = self._indexed[key] = _as_text(field.index(value))
        return items

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self._write_postings()
        self.fieldwriter.close()

    def _write_postings(self) -> None:
        """Feed the codec's postings writer field by field, term by term, in order, and
        the term table each term's statistics (what `W3FieldWriter.finish_term` adds,
        without a TermInfo object per term). Terms are sorted as text: the order of
        their UTF-8 bytes, which Whoosh's files keep."""
        out = self.fieldwriter
        table = _TermTable(out._tindex)
        for fieldname in sorted(self.pool.fields):
            terms = self.pool.fields[fieldname]
            if not terms:  # only empty values (a paragraph without headings)
                continue
            lengths = self._lengths.get(fieldname, {})
            out.start_field(fieldname, self.schema[fieldname])
            writer = out._postwriter
            writer._format = self.schema[fieldname].format
            writer._terminfo = IGNORED
            at = writer._postfile.tell()  # then counted: a file's tell is a system call
            prefix = pack_ushort(out._fieldid)
            for term in sorted(terms):
                flat = terms[term]
                writer._blockcount = 0
                ids, weights = flat[0::3], flat[1::3]
                written, shortest, longest = _add_term_postings(
                    writer, ids, weights, flat[2::3], list(map(lengths.get, ids)))
                table.add(prefix + term.encode("utf-8"), term_info_bytes(
                    sum(weights) * 1.0, len(ids), shortest, longest,
                    max(0, *weights) * 1.0, ids[0], ids[-1], at, written))
                at += written
            out.finish_field()


def _as_text(items) -> list[tuple]:
    """Whoosh's `field.index` items with the term as text, as the pool keys them."""
    return [(term.decode("utf-8"), *rest) for term, *rest in items]


class _TermTable:
    """`OrderedHashWriter.add` (whoosh 2.7.4) for keys given in order, the file position
    counted here instead of asked of the file twice per term."""

    def __init__(self, table):
        self.table = table
        self.at = table.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        table, at = self.table, self.at
        table.index.append(at)
        table.dbfile.write(_KEY_VALUE.pack(len(key), len(value)) + key + value)
        h = table.hashfn(key)
        table.buckets[h & 255].append((h, at))
        table.lastkey = key
        self.at = at + _KEY_VALUE.size + len(key) + len(value)


class _Ignored:
    """The term statistics the codec's block writer updates: computed here instead."""

    def add_block(self, block) -> None:
        pass


IGNORED = _Ignored()
_TERMINFO = W3TermInfo._struct  # flags, weight, postings, lengths, top weight, ids
_EXTENT = Struct("!qi")
_KEY_VALUE = Struct("!ii")  # a term table entry's key and value lengths


def term_info_bytes(weight: float, df: int, minlength: int | None, maxlength: int,
                    maxweight: float, minid: int, maxid: int, offset: int,
                    length: int) -> bytes:
    """What `W3TermInfo.to_bytes` writes for a term whose postings are in blocks at
    [offset, offset + length) of the postings file."""
    return (_TERMINFO.pack(0, weight, df, 0 if minlength is None else length_to_byte(minlength),
                           length_to_byte(maxlength), maxweight, minid, maxid)
            + _EXTENT.pack(offset, length))


def _add_term_postings(writer, ids: list, weights: list, values: list,
                       lengths: list) -> tuple[int, int | None, int]:
    """What `W3PostingsWriter.add_posting` does one posting at a time, a block at a time:
    fill its buffer with up to `blocklimit` postings and their statistics and write
    each block, the last as the last. `lengths` are the postings' field lengths (None
    or 0 if unknown). Returns (bytes written, the shortest and the longest known
    length, None and 0 if none is). Tested against whoosh 2.7.4, the version the
    project pins."""
    limit = writer._blocklimit
    written, shortest, longest = 0, None, 0
    for start in range(0, len(ids), limit):
        end = start + limit
        block_weights = weights[start:end]
        block_lengths = lengths[start:end]
        known = [n for n in block_lengths if n]
        writer._lengths = block_lengths  # each posting's: the block's frontier (codec)
        writer._ids = array("I", ids[start:end])
        writer._weights = array("f", block_weights)
        writer._values = [v for v in values[start:end] if v]
        writer._maxweight = max(0, *block_weights) * 1.0
        if known:
            low, high = min(known), max(known)
            shortest = low if shortest is None else min(shortest, low)
            longest = max(longest, high)
            writer._minlength, writer._maxlength = low, high
        else:
            writer._minlength, writer._maxlength = None, 0
        written += writer._write_block(last=end >= len(ids))
    return written, shortest, longest
