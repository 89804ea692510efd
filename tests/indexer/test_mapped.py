"""Index files are read in place from a memory map (stored fields by calls): the same
bytes as Whoosh's own files give, nothing copied on open, and no map or open file left
behind once a searcher closes."""

from __future__ import annotations

import mmap
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.filedb.structfile import BufferFile, StructFile

from undocs.indexer.build import update_index
from undocs.indexer.mapped import MappedFile, ReadFile
from undocs.search import Searcher

# (method, argument strategies): the read API Whoosh's codec, tables and columns use
_INDEX = st.integers(min_value=0, max_value=80)
_STREAM = [
    ("read", st.tuples(st.integers(min_value=-1, max_value=40))),
    ("readline", st.tuples()),
    ("seek", st.tuples(_INDEX, st.just(0))),
    ("seek", st.tuples(st.integers(min_value=-10, max_value=10), st.just(1))),
    ("seek", st.tuples(st.integers(min_value=-70, max_value=5), st.just(2))),
    ("tell", st.tuples()),
    ("read_varint", st.tuples()),
    ("read_svarint", st.tuples()),
    ("read_string", st.tuples()),
    ("read_byte", st.tuples()),
    ("read_sbyte", st.tuples()),
    ("read_ushort", st.tuples()),
    ("read_ushort_le", st.tuples()),
    ("read_int", st.tuples()),
    ("read_uint", st.tuples()),
    ("read_uint_le", st.tuples()),
    ("read_long", st.tuples()),
    ("read_ulong", st.tuples()),
    ("read_float", st.tuples()),
    ("read_array", st.tuples(st.sampled_from("bBhHiIqf"), st.integers(0, 6))),
]
_RANDOM_ACCESS = [
    ("get", st.tuples(_INDEX, st.integers(min_value=0, max_value=30))),
    ("get_byte", st.tuples(_INDEX)),
    ("get_sbyte", st.tuples(_INDEX)),
    ("get_ushort", st.tuples(_INDEX)),
    ("get_int", st.tuples(_INDEX)),
    ("get_uint", st.tuples(_INDEX)),
    ("get_long", st.tuples(_INDEX)),
    ("get_ulong", st.tuples(_INDEX)),
    ("get_float", st.tuples(_INDEX)),
    ("get_string2", st.tuples(_INDEX)),
    ("get_array", st.tuples(_INDEX, st.sampled_from("bBhHiIqf"), st.integers(0, 6))),
]


def _calls(table):
    return st.lists(st.one_of([st.tuples(st.just(name), args) for name, args in table]),
                    max_size=25)


def _outcome(file, name, args):
    """What a call gives: its value (NaN floats compared by their bytes), or that it
    raised (Whoosh's files and ours fail with different exception classes)."""
    try:
        value = getattr(file, name)(*args)
    except Exception:  # noqa: BLE001 - which one differs; that both fail is the contract
        return "raised"
    return value.tobytes() if hasattr(value, "tobytes") else \
        repr(value) if isinstance(value, float) else value


def _regions(data: bytes, start: int, size: int):
    """(ours, Whoosh's) for the bytes [start, start+size) of `data`: a subset of a file
    over all of it, against a Whoosh file of just those bytes."""
    region = data[start:start + size]
    return MappedFile(data).subset(start, size), region


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 20), st.integers(0, 70), _calls(_STREAM))
def test_stream_reads_match_whoosh_over_bytesio(data, start, size, calls):
    ours, region = _regions(data, start, size)
    whoosh_file = StructFile(BytesIO(region))
    whoosh_file.is_real = False  # BytesIO has a `fileno` that fails: arrays as BufferFile
    for name, args in calls:
        assert _outcome(ours, name, args) == _outcome(whoosh_file, name, args), (name, args)
        assert ours.tell() == whoosh_file.tell()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 20), st.integers(0, 70),
       _calls(_RANDOM_ACCESS + _STREAM))
def test_random_access_matches_whoosh_buffer_file(data, start, size, calls):
    ours, region = _regions(data, start, size)
    whoosh_file = BufferFile(memoryview(region))  # what Whoosh gives a mapped segment
    for name, args in calls:
        assert _outcome(ours, name, args) == _outcome(whoosh_file, name, args), (name, args)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 20), st.integers(0, 70),
       _calls(_RANDOM_ACCESS + _STREAM))
def test_a_file_read_by_calls_reads_what_its_map_reads(tmp_path_factory, data, start, size,
                                                       calls):
    path = tmp_path_factory.mktemp("calls") / "MAIN_x._stored.col"
    path.write_bytes(data)
    whole = MappedFile.open(str(path))
    assert isinstance(whole, ReadFile)
    ours, mapped = whole.subset(start, size), MappedFile(data).subset(start, size)
    for name, args in calls:
        assert _outcome(ours, name, args) == _outcome(mapped, name, args), (name, args)
        assert ours.tell() == mapped.tell()
    whole.close()
    with pytest.raises(ValueError, match="closed"):
        ours.get(0, 1)  # never a read from a descriptor number reused since


def test_closing_a_part_of_a_file_read_by_calls_leaves_the_file_open(tmp_path):
    path = tmp_path / "MAIN_y._stored.col"
    path.write_bytes(b"0123456789")
    whole = MappedFile.open(str(path))
    whole.subset(2, 5).close()
    assert whole.get(0, 4) == b"0123"
    whole.close()


def test_a_line_of_a_file_that_shrank_ends(tmp_path):
    import os

    path = tmp_path / "MAIN_z._stored.col"
    path.write_bytes(b"a" * 100 + b"\n")
    file = MappedFile.open(str(path))
    os.truncate(path, 10)  # overwritten in place under an open searcher
    assert file.readline() == b"a" * 10
    file.close()


def test_a_line_longer_than_a_read_is_read_whole(tmp_path):
    path = tmp_path / "MAIN_x._stored.col"
    path.write_bytes(b"x" * 10_000 + b"\nnext\n" + b"y" * 5000)
    file = MappedFile.open(str(path))
    assert file.readline() == b"x" * 10_000 + b"\n"
    assert file.readline() == b"next\n"
    assert file.readline() == b"y" * 5000 and file.readline() == b""
    file.close()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 20), st.integers(0, 70),
       _calls(_RANDOM_ACCESS + _STREAM))
def test_stored_fields_inside_a_segment_read_what_the_map_reads(tmp_path_factory, data,
                                                                start, size, calls):
    path = tmp_path_factory.mktemp("seg") / "MAIN_x.seg"
    path.write_bytes(b"head" + data)
    segment = MappedFile.open(str(path))
    ours = segment.subset(4, len(data), name="MAIN_x._stored.col").subset(start, size)
    assert isinstance(ours, ReadFile)
    mapped = MappedFile(data).subset(start, size)
    for name, args in calls:
        assert _outcome(ours, name, args) == _outcome(mapped, name, args), (name, args)
        assert ours.tell() == mapped.tell()
    segment.close()
    with pytest.raises(ValueError, match="closed"):
        ours.get(0, 1)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=200), st.data())
def test_nested_subsets_of_a_real_map_read_their_own_bytes(tmp_path_factory, data, draw):
    path = tmp_path_factory.mktemp("map") / "f"
    path.write_bytes(data)
    outer = MappedFile.open(str(path))
    expected = data
    file = outer
    for _ in range(draw.draw(st.integers(1, 3))):
        start = draw.draw(st.integers(0, len(expected)))
        size = draw.draw(st.integers(0, len(expected) + 5))
        file, expected = file.subset(start, size), expected[start:start + size]
        assert file.buffer() is outer.buffer()  # the one map, never a copy
    assert file.read() == expected
    file.seek(0)
    assert [file.read(1) for _ in expected] == [bytes([b]) for b in expected]
    assert file.get(0, len(expected) + 3) == expected
    outer.close()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=5000), st.integers(),
                          st.lists(st.text(max_size=40), max_size=30)), max_size=6),
       st.binary(max_size=20))
def test_pickles_of_any_size_read_in_sequence_as_whoosh_reads_them(values, tail):
    import pickle

    data = b"".join(pickle.dumps(v, protocol=-1) for v in values) + tail
    ours, whoosh_file = MappedFile(b"junk" + data).subset(4, len(data)), StructFile(
        BytesIO(data))
    for value in values:
        assert ours.read_pickle() == whoosh_file.read_pickle() == value
        assert ours.tell() == whoosh_file.tell()
    assert ours.read() == tail


def test_pickles_are_read_through_the_restricted_unpickler():
    import os
    import pickle

    class Runs:
        def __reduce__(self):
            return (os.system, ("true",))

    file = MappedFile(pickle.dumps({"a": [1, 2]}) + pickle.dumps(Runs()) + b"tail")
    assert file.read_pickle() == {"a": [1, 2]}
    with pytest.raises(pickle.UnpicklingError, match="os.system|posix.system"):
        file.read_pickle()


def test_an_empty_file_opens_and_reads_nothing(tmp_path):
    path = tmp_path / "empty"
    path.write_bytes(b"")
    file = MappedFile.open(str(path))
    assert file.read() == b"" and file.get(0, 4) == b""
    file.close()


def _maps_of(folder: Path) -> list[str]:
    """The maps and open files of this process in `folder`."""
    prefix = str(folder.resolve())
    fds = Path("/proc/self/fd")
    opened = []
    for fd in fds.iterdir():
        try:
            opened.append(str(fd.readlink()))
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
    return [line for line in Path("/proc/self/maps").read_text().splitlines()
            if prefix in line] + [name for name in opened if name.startswith(prefix)]


@pytest.fixture
def index_dir(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    return index_dir


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/self/maps")
def test_a_searcher_reads_each_segment_from_one_map_and_unmaps_it_on_close(index_dir):
    assert not _maps_of(index_dir)  # the build closed everything it opened
    searcher = Searcher(index_dir)
    assert searcher.search("nations").total > 0
    readers = [reader for reader, _ in searcher.reader().leaf_readers()]
    for reader in readers:
        terms = reader._terms
        files = [terms._dbfile, terms._postfile]
        assert all(isinstance(f, MappedFile) for f in files)
        assert isinstance(files[0].buffer(), mmap.mmap)
        assert files[0].buffer() is files[1].buffer()  # both in place in the segment's map
        assert len(files[0].buffer()) == (index_dir / f"{reader.segment().segment_id()}"
                                          ".seg").stat().st_size
        stored = reader._perdoc._cached_reader("_stored", STORED_COLUMN)._child._dbfile
        assert isinstance(stored, ReadFile)  # stored fields: read by calls, not mapped
    assert len(_maps_of(index_dir)) >= len(readers)
    searcher.close()
    assert not _maps_of(index_dir)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/self/maps")
def test_a_rebuild_and_an_update_leave_no_map_and_a_searcher_reads_on(index_dir, small_corpus):
    searcher = Searcher(index_dir)
    before = searcher.search("nations").total
    extra = Path(__file__).resolve().parents[2] / "corpus" / "a-res-80-9.en.md"
    shutil.copy(extra, small_corpus / extra.name)
    update_index(index_dir, [small_corpus], jobs=1, rebuild=True)
    # the old searcher reads its unlinked files on through its maps
    assert searcher.search("nations").total == before
    searcher.close()
    assert not _maps_of(index_dir)
    (small_corpus / extra.name).unlink()
    update_index(index_dir, [small_corpus], jobs=1)
    assert not _maps_of(index_dir)
    with Searcher(index_dir) as fresh:
        assert fresh.search("nations").total == before
    assert not _maps_of(index_dir)
