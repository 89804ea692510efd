"""A segment's term table read in place, for the term lookups every query makes."""

from __future__ import annotations

from hashlib import md5
from struct import Struct

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader
from whoosh.filedb.filetables import OrderedHashReader, md5_hash

from undocs.indexer.mapped import MappedFile

# Whoosh's hash-file structures (`whoosh.filedb.filetables`): a slot (key hash,
# position of the item), an item's (key length, value length), a field number
_POINTER, _LENGTHS, _USHORT = Struct("!Iq"), Struct("!ii"), Struct("!H")


class TermTable:
    """A segment's term table read in place: Whoosh's `OrderedHashReader` lookup
    (md5 of the key, its slot in one of 256 open-addressing tables, the key compared
    at the slot's position), done with `unpack_from` on the mapped file instead of a
    chain of generators and a copy per read: a query looks a term up in every segment
    of every language, thousands of times per 50 queries."""

    def __init__(self, buffer, base: int, tables: list[tuple[int, int]], fieldmap: dict):
        self._buffer = buffer
        self._base = base
        self._tables = tables
        self._fieldmap = fieldmap

    @classmethod
    def of(cls, reader) -> TermTable | None:
        """The table of a segment reader, or None where it is not the layout read
        here (another codec, a file not mapped: Whoosh's own lookup then)."""
        terms = getattr(reader, "_terms", None)
        index = getattr(terms, "_tindex", None)
        dbfile = getattr(index, "dbfile", None)
        if type(terms) is not W3TermsReader or type(index) is not OrderedHashReader \
                or index.hashfn is not md5_hash or not isinstance(dbfile, MappedFile):
            return None
        base, _ = dbfile.extent()
        return cls(dbfile.buffer(), base, index.tables, terms._fieldmap)

    def info(self, fieldname: str, btext: bytes) -> W3TermInfo | None:
        """What `W3TermsReader.term_info` gives, None where it raises TermNotFound."""
        key = _USHORT.pack(self._fieldmap.get(fieldname, 65535)) + btext
        keyhash = int.from_bytes(md5(key).digest()[12:], "big")  # Whoosh's md5_hash
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        buffer, base = self._buffer, self._base
        end = start + slots * _POINTER.size
        at = start + ((keyhash >> 8) % slots) * _POINTER.size
        size = len(key)
        for _ in range(slots):
            slothash, item = _POINTER.unpack_from(buffer, base + at)
            if not item:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack_from(buffer, base + item)
                first = base + item + _LENGTHS.size
                if keylen == size and buffer[first:first + size] == key:
                    return W3TermInfo.from_bytes(
                        buffer[first + size:first + size + datalen])
            at += _POINTER.size
            if at == end:
                at = start
        return None
