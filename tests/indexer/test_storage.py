"""An index folder is data: opening one runs nothing stored in it, and what undocs
writes into it is never executable or writable by others."""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import __version__ as whoosh_version
from whoosh.index import _CURRENT_TOC_VERSION, TOC

from undocs.indexer.build import update_index
from undocs.indexer.schema import build_schema
from undocs.indexer.storage import (
    ALLOWED_GLOBALS,
    ForbiddenPickle,
    safe_loads,
    storage,
)
from undocs.search import IndexMissing, Searcher
from undocs.search.cli import cli


class _Runs:
    """Unpickling this runs `touch MARKER`, as a crafted pickle would."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


def _latest_toc(index_dir: Path) -> TOC:
    return TOC.read(storage(index_dir), "MAIN")


def write_toc(index_dir: Path, schema_pickle: bytes, segments_pickle: bytes) -> None:
    """A table of contents of the next generation with the given pickles, laid out as
    Whoosh's `TOC.write` lays it out."""
    generation = _latest_toc(index_dir).generation + 1
    stream = storage(index_dir).create_file(f"_MAIN_{generation}.toc")
    for size in (4, 8, 4):  # int, long, float
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for number in whoosh_version[:3]:
        stream.write_varint(number)
    stream.write_string(schema_pickle)
    stream.write_int(generation)
    stream.write_int(0)
    stream.write(segments_pickle)
    stream.close()


@pytest.fixture
def small_index(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    return index_dir


def _commands(index_dir: Path) -> list[list[str]]:
    return [["stats", "--index", str(index_dir)],
            ["search", "nations", "--index", str(index_dir)],
            ["cite", "A/RES/80/6 3", "--index", str(index_dir)]]


@pytest.mark.parametrize("part", ["schema", "segments"])
def test_a_hostile_pickle_in_the_table_of_contents_runs_nothing(small_index, small_corpus,
                                                                tmp_path, part):
    marker = tmp_path / "ran"
    toc = _latest_toc(small_index)
    hostile = pickle.dumps(_Runs(marker), 2)
    if part == "schema":
        write_toc(small_index, hostile, pickle.dumps(toc.segments, -1))
    else:
        write_toc(small_index, pickle.dumps(toc.schema, 2), hostile)

    with pytest.raises(IndexMissing, match=r"refused: it names posix\.system, which an undocs "
                                           r"index never holds; nothing in it was run"):
        Searcher(small_index)
    for args in _commands(small_index):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1
        assert "refused" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["index", str(small_corpus), "--index", str(small_index),
                                      "--quiet"])
    assert result.exit_code != 0 and "refused" in result.output
    assert not marker.exists()
    # --rebuild replaces such an index without reading it
    result = CliRunner().invoke(cli, ["index", str(small_corpus), "--index", str(small_index),
                                      "--rebuild", "--quiet"])
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert Searcher(small_index).search("nations").total > 0


def test_the_restricted_unpickler_refuses_code_and_reads_data(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ForbiddenPickle, match="posix.system"):
        safe_loads(pickle.dumps(_Runs(marker)))
    with pytest.raises(ForbiddenPickle, match="builtins.eval"):
        safe_loads(b"cbuiltins\neval\n(S'1'\ntR.")
    assert not marker.exists()
    data = {"text": "联合国", "lines": [3, 4], "n": 2**40, "t": (1.5, None, True), "b": b"\x00"}
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert safe_loads(pickle.dumps(data, protocol)) == data
        assert safe_loads(pickle.dumps(build_schema(), protocol)) == build_schema()


def test_no_whoosh_module_keeps_the_unrestricted_unpickler():
    """Every Whoosh module that unpickles must hold the restricted functions (a new
    Whoosh version that adds a call site makes this fail)."""
    import whoosh.codec.plaintext  # noqa: F401 - load the rarely used ones too
    import whoosh.externalsort  # noqa: F401
    import whoosh.multiproc  # noqa: F401

    unrestricted = {id(pickle.loads), id(pickle.load), id(pickle.Unpickler), id(pickle)}
    for name, module in sorted(sys.modules.items()):
        if name == "whoosh.compat" or not name.startswith("whoosh."):
            continue
        if name == "whoosh.multiproc":
            continue  # its pickles are its own pipes between processes, never a file
        if name == "whoosh.util.loading":
            continue  # its free unpickler reads only legacy tables of contents: see below
        for attribute, value in vars(module).items():
            assert id(value) not in unrestricted, f"{name}.{attribute} unpickles freely"


def test_a_legacy_table_of_contents_is_refused_unread(small_index, tmp_path):
    from whoosh import index as whoosh_index

    assert not whoosh_index.toc_loaders  # the free unpickler of old formats is unreachable
    marker = tmp_path / "ran"
    toc_path = next(small_index.glob("_MAIN_*.toc"))
    data = bytearray(toc_path.read_bytes())
    version_at = 3 + 4  # three one-byte varints, then the -12345 int
    data[version_at:version_at + 4] = (-110).to_bytes(4, "big", signed=True)
    toc_path.write_bytes(bytes(data) + pickle.dumps(_Runs(marker)))
    result = CliRunner().invoke(cli, ["stats", "--index", str(small_index)])
    assert result.exit_code == 2 and "not a usable undocs index" in result.output
    assert not marker.exists()


def test_every_pickle_of_a_real_index_is_admitted(full_index):
    """The allowlist holds what undocs writes: searching the whole corpus, its stored
    fields and positions included, reads every kind of pickle an index holds."""
    index_dir, _ = full_index
    with Searcher(index_dir) as searcher:
        assert searcher.search('"United Nations" human', limit=50).total > 0
        assert searcher.search('"国际合作"', limit=50).total > 0
        assert searcher.stats()["total_versions"] == 17
    modules = {module for module, _ in ALLOWED_GLOBALS}
    assert all(m.startswith(("whoosh.", "undocs.")) or m in {"_codecs", "builtins",
                                                             "collections"} for m in modules)


def test_an_index_of_undocs_before_its_namespace_is_rebuilt(small_index, small_corpus):
    """Analyzers lived in `analyzers.*` before `undocs.analyzers.*`: such an index is
    outdated (rebuilt by `undocs index`), not hostile."""
    toc = _latest_toc(small_index)
    old_schema = pickle.dumps(toc.schema, 2).replace(b"cundocs.analyzers.", b"canalyzers.")
    assert b"canalyzers.words" in old_schema
    write_toc(small_index, old_schema, pickle.dumps(toc.segments, -1))
    with pytest.raises(IndexMissing, match="built by an older undocs; run `undocs index`"):
        Searcher(small_index)
    summary = update_index(small_index, [small_corpus], jobs=1)
    assert summary.rebuilt_outdated and summary.added == 3
    assert Searcher(small_index).search("nations").total > 0


def test_index_files_and_locks_are_never_executable_or_writable_by_others(small_corpus,
                                                                          tmp_path):
    old_umask = os.umask(0)  # the most permissive setting a user can have
    try:
        index_dir = tmp_path / "ix"
        update_index(index_dir, [small_corpus], jobs=2)
        (small_corpus / "a-res-80-6.en.md").write_text("# changed\n\n1. New text.\n")
        update_index(index_dir, [small_corpus], jobs=1)
    finally:
        os.umask(old_umask)
    names = sorted(os.listdir(index_dir))
    assert "UNDOCS_RUN" in names and any(n.endswith(".toc") for n in names)
    assert any(n.endswith("WRITELOCK") for n in names)
    for name in names:
        mode = stat.S_IMODE((index_dir / name).stat().st_mode)
        assert not mode & 0o111, f"{name} is executable ({oct(mode)})"
        assert not mode & 0o022, f"{name} is writable by group or others ({oct(mode)})"
    folder_mode = stat.S_IMODE(index_dir.stat().st_mode)
    assert not folder_mode & 0o022, oct(folder_mode)
