"""Index files read in place from a memory map, never copied.

Whoosh opens a compound segment (`MAIN_<id>.seg`) as one `mmap`, then hands each file in
it out as a `BufferFile`, which wraps its slice of the map in `BytesIO(buf)`: a copy of
every segment's postings, terms and columns on every open. That copy was the open time,
most of a searcher's memory and the cold CLI time, all growing with the index.

`MappedFile` is the read side of Whoosh's `StructFile` over a region of a map (or of any
bytes-like object): `read`, `seek` and the typed `get_*`/`read_*` take bytes straight
from the map, and `subset` gives a sub-region of the same map, so that the pages a query
touches are all that enters memory (the kernel shares them between processes and drops
them under pressure). Only the owner of a map, the file opened from disk, unmaps it on
`close`: its subsets never export a buffer of the map (every read returns `bytes`), so
unmapping cannot fail for a view left alive somewhere, and a closed searcher leaves no
map behind. On Linux a map outlives its file's removal: a searcher of an index replaced
under it reads on from the old files, as it did when Whoosh copied them.

The stored fields (`*._stored.col`) are the exception: `ReadFile` reads them with
`os.pread` instead. A search reads a few of them at random (its hits' text), and each
first touch of a mapped page maps its neighbours too (the kernel's fault-around, 64 KB
by default): 6,000 hits made 74 MB of stored-field pages part of a searcher at a
million paragraphs, a quarter of its memory, for 10 MB of text read. Read by a call,
the pages stay in the kernel's page cache, shared and reclaimable as before, but
outside the process; a call costs about what a page fault does.
"""

from __future__ import annotations

import mmap
import os
import pickle
from array import array
from io import BytesIO
from struct import Struct

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.filedb import structfile
from whoosh.filedb.structfile import StructFile
from whoosh.system import IS_LITTLE

_BYTE, _SBYTE, _USHORT = Struct("!B"), Struct("!b"), Struct("!H")
_INT, _UINT, _LONG, _ULONG = Struct("!i"), Struct("!I"), Struct("!q"), Struct("!Q")
_FLOAT, _USHORT_LE, _UINT_LE = Struct("!f"), Struct("<H"), Struct("<I")
_PICKLE_WINDOW = 256  # bytes: a posting block's header pickle is about 30
_LINE_CHUNK = 4096  # bytes a `ReadFile.readline` reads at a time


class MappedFile(StructFile):
    """The bytes `[base, base + length)` of `buffer` as a read-only Whoosh file.

    `owner` (the file opened from disk) closes the map and `file` (kept open for the
    stored fields read by calls) when it is closed; a subset shares both and only
    stops reading."""

    def __init__(self, buffer, base: int = 0, length: int | None = None, *, name=None,
                 onclose=None, owner: bool = False, file=None):
        self._map = buffer
        self._base = base
        self._length = len(buffer) - base if length is None else length
        self._end = base + self._length
        self._pos = 0
        self._name = name
        self._owner = owner
        self._file = file  # the owner's open file (stored fields are read from it)
        self.onclose = onclose
        self.is_real = False  # no fileno: Whoosh's compound storage then asks `subset`
        self.is_closed = False

    @classmethod
    def open(cls, path: str, name=None, onclose=None) -> MappedFile:
        """The whole file at `path`, mapped read-only (an empty file needs no map), or,
        for stored fields, read by calls (`ReadFile`). The file stays open with its
        map: stored fields inside it (a compound segment) are read from it."""
        file = open(path, "rb")  # noqa: SIM115 - closed with the returned file
        try:
            size = os.fstat(file.fileno()).st_size
            if read_by_call(name or path):
                return ReadFile(file, size, name=name, onclose=onclose, owns=True)
            buffer = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        except BaseException:
            file.close()
            raise
        return cls(buffer, name=name, onclose=onclose, owner=True, file=file)

    def __repr__(self):
        return f"{type(self).__name__}({self._name!r}, {self._base}+{self._length})"

    def __iter__(self):
        line = self.readline()
        while line:
            yield line
            line = self.readline()

    def raw_file(self):
        return self

    def buffer(self):
        """The object this file reads from (the map itself: nothing was copied)."""
        return self._map

    def extent(self) -> tuple[int, int]:
        """(offset, length) of this file in `buffer()`."""
        return self._base, self._length

    # -- stream ------------------------------------------------------------------------
    def read(self, size: int | None = -1) -> bytes:
        start = self._base + self._pos
        if start >= self._end:
            return b""
        end = self._end if size is None or size < 0 else min(self._end, start + size)
        self._pos = end - self._base
        return self._bytes(start, end)

    def peek(self, size: int = 1) -> bytes:
        """What `read` would give without moving."""
        start = self._base + self._pos
        return self._bytes(start, min(self._end, start + max(size, 1))) \
            if start < self._end else b""

    def readinto(self, target) -> int:
        data = self.read(len(target))
        target[:len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._base + self._pos
        if start >= self._end:
            return b""
        limit = self._end if size is None or size < 0 else min(self._end, start + size)
        newline = self._map.find(b"\n", start, limit)
        end = limit if newline < 0 else newline + 1
        self._pos = end - self._base
        return self._map[start:end]

    def seek(self, where: int, whence: int = 0) -> int:
        if whence == 0 and where < 0:
            raise ValueError(f"negative seek position {where}")
        if whence in (1, 2):  # as io.BytesIO: relative to here or the end, at least 0
            where = max(0, where + (self._pos if whence == 1 else self._length))
        elif whence != 0:
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        self._pos = where
        return where

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def write(self, *args, **kwargs):
        raise OSError(f"{self._name}: an index file is read, never written, in place")

    truncate = write_array = write_pickle = write

    def close(self) -> None:
        if self.is_closed:
            raise ValueError(f"{self._name}: already closed")
        self.is_closed = True
        if self.onclose:
            self.onclose(self)
        if self._owner and isinstance(self._map, mmap.mmap):
            self._map.close()
        if self._owner and self._file is not None:
            self._file.close()

    def subset(self, position: int, length: int, name=None) -> MappedFile:
        """A file of `length` bytes from `position` of this one, over the same map
        (stored fields: read by calls on the file the map was made from)."""
        start = self._base + position
        length = max(0, min(length, self._end - start))
        if name and read_by_call(name) and self._file is not None:
            return ReadFile(self._file, length, start, name=name)
        return MappedFile(self._map, start, length, name=name or self._name)

    # -- structures --------------------------------------------------------------------
    def read_pickle(self):
        """The pickle at the position, through Whoosh's loader (which `indexer.storage`
        restricts). Unpickled from a small window first, a larger one if it runs past
        it: most are a posting block's few-byte header, and the C unpickler reading
        from this file itself would ask for 128 KB ahead on every one."""
        start = self._base + self._pos
        size = _PICKLE_WINDOW
        while True:
            end = min(self._end, start + size)
            window = BytesIO(self._bytes(start, end))
            try:
                value = structfile.load_pickle(window)
            except (EOFError, pickle.UnpicklingError):
                if end >= self._end:
                    raise
                size *= 16
                continue
            self._pos += window.tell()
            return value

    def _bytes(self, start: int, end: int) -> bytes:
        return self._map[start:end]

    def read_array(self, typecode: str, length: int) -> array:
        result = array(typecode)
        result.frombytes(self.read(length * result.itemsize))
        if IS_LITTLE:
            result.byteswap()
        return result

    def get(self, position: int, length: int) -> bytes:
        if position < 0:
            raise ValueError(f"{self._name}: negative position {position}")
        start = self._base + position
        end = start + length
        return self._map[start:end if end < self._end else self._end]

    def get_array(self, position: int, typecode: str, length: int) -> array:
        result = array(typecode)
        result.frombytes(self.get(position, length * result.itemsize))
        if IS_LITTLE:
            result.byteswap()
        return result

    def _unpack(self, struct: Struct, position: int):
        start = self._base + position
        if start + struct.size > self._end or position < 0:
            raise EOFError(f"{self._name}: {struct.size} bytes at {position} past its "
                           f"end ({self._length})")
        return struct.unpack_from(self._map, start)[0]

    def _read(self, struct: Struct):
        start = self._base + self._pos
        if start + struct.size <= self._end:
            self._pos += struct.size
            return struct.unpack_from(self._map, start)[0]
        return struct.unpack(self.read(struct.size))[0]  # short: moved to the end, as Whoosh

    def get_byte(self, position):
        return self._unpack(_BYTE, position)

    def get_sbyte(self, position):
        return self._unpack(_SBYTE, position)

    def get_ushort(self, position):
        return self._unpack(_USHORT, position)

    def get_int(self, position):
        return self._unpack(_INT, position)

    def get_uint(self, position):
        return self._unpack(_UINT, position)

    def get_long(self, position):
        return self._unpack(_LONG, position)

    def get_ulong(self, position):
        return self._unpack(_ULONG, position)

    def get_float(self, position):
        return self._unpack(_FLOAT, position)

    def read_byte(self):
        return self._read(_BYTE)

    def read_sbyte(self):
        return self._read(_SBYTE)

    def read_ushort(self):
        return self._read(_USHORT)

    def read_ushort_le(self):
        return self._read(_USHORT_LE)

    def read_int(self):
        return self._read(_INT)

    def read_uint(self):
        return self._read(_UINT)

    def read_uint_le(self):
        return self._read(_UINT_LE)

    def read_long(self):
        return self._read(_LONG)

    def read_ulong(self):
        return self._read(_ULONG)

    def read_float(self):
        return self._read(_FLOAT)


def read_by_call(name) -> bool:
    """Whether a file is read by calls rather than mapped: the stored fields."""
    return str(name).endswith("_stored.col")


class ReadFile(MappedFile):
    """The bytes `[base, base + length)` of an open file, read with `os.pread` (see the
    module). The file is closed with this one if it `owns` it (the one opened from
    disk, not a subset); else by its owner (a compound segment's map), after which
    reads raise."""

    def __init__(self, file, length: int, base: int = 0, *, name=None, onclose=None,
                 owns: bool = False):
        super().__init__(b"", name=name, onclose=onclose, owner=owns, file=file)
        self._base, self._length, self._end = base, length, base + length

    def buffer(self):
        raise OSError(f"{self._name}: read by calls, not mapped")

    def _descriptor(self) -> int:
        if self.is_closed or self._file.closed:
            raise ValueError(f"{self._name}: read after its file was closed")
        return self._file.fileno()

    def _bytes(self, start: int, end: int) -> bytes:
        return os.pread(self._descriptor(), max(0, min(end, self._end) - start), start)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._base + self._pos
        limit = self._end if size is None or size < 0 else min(self._end, start + size)
        line = b""
        while start < limit:  # a few KB a call, not the rest of the file
            chunk = self._bytes(start, min(limit, start + _LINE_CHUNK))
            if not chunk:
                break  # the file is shorter than it was when opened
            newline = chunk.find(b"\n")
            if newline >= 0:
                line += chunk[:newline + 1]
                break
            line += chunk
            start += len(chunk)
        self._pos += len(line)
        return line

    def get(self, position: int, length: int) -> bytes:
        if position < 0:
            raise ValueError(f"{self._name}: negative position {position}")
        start = self._base + position
        return self._bytes(start, start + length)

    def _unpack(self, struct: Struct, position: int):
        data = self.get(position, struct.size) if position >= 0 else b""
        if len(data) < struct.size:
            raise EOFError(f"{self._name}: {struct.size} bytes at {position} past its "
                           f"end ({self._length})")
        return struct.unpack(data)[0]

    def _read(self, struct: Struct):
        return struct.unpack(self.read(struct.size))[0]

    def subset(self, position: int, length: int, name=None) -> MappedFile:
        start = self._base + position
        return ReadFile(self._file, max(0, min(length, self._end - start)), start,
                        name=name or self._name)
