"""Runs that fail or are interrupted lose nothing committed and leave nothing behind;
an index never lands in a folder of documents."""

from __future__ import annotations

import errno
import shutil

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.query import Term

from tests.conftest import CORPUS
from undocs.indexer import parse_file
from undocs.indexer.build import IndexError_, update_index
from undocs.indexer.schema import FILE, PARA
from undocs.indexer.storage import IndexStorage
from undocs.search.cli import cli


def _counts(index_dir) -> tuple[int, int]:
    """(file records, paragraphs) the latest commit holds."""
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        return (len(list(searcher.document_numbers(record=FILE))),
                len(list(searcher.document_numbers(record=PARA))))


def _notes(folder, count: int, word: str = "cooperation") -> None:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"note-{n:03}.en.md").write_text(
            f"1. Note number {n} on {word}.\n\n2. A second paragraph of note {n}.\n",
            encoding="utf-8")


class _Interrupt:
    """An `on_file` that presses Ctrl-C after `after` files."""

    def __init__(self, after: int):
        self.after, self.done = after, 0

    def __call__(self, name: str, steps: int) -> None:
        self.done += 1
        if self.done == self.after:
            raise KeyboardInterrupt


def test_an_interrupted_update_keeps_every_old_version_it_has_not_replaced(tmp_path):
    folder = tmp_path / "docs"
    _notes(folder, 10)
    index_dir = tmp_path / "ix"
    update_index(index_dir, [folder], jobs=1)
    assert _counts(index_dir) == (10, 20)
    _notes(folder, 10, word="extradition")  # every file changes
    with pytest.raises(KeyboardInterrupt):
        update_index(index_dir, [folder], jobs=1, commit_every=1, on_file=_Interrupt(4))
    # three new versions committed, the seven others still in their old version
    assert _counts(index_dir) == (10, 20)
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        new = searcher.search(Term("text_en", "extradit"), limit=None)
        assert len(new) == 3
    summary = update_index(index_dir, [folder], jobs=2)
    assert (summary.updated, summary.unchanged) == (7, 3)
    assert _counts(index_dir) == (10, 20)


def test_an_interrupted_rebuild_leaves_the_old_index_whole(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    before = _counts(index_dir)
    with whoosh_index.open_dir(str(index_dir)).searcher() as held:  # a reader from before
        with pytest.raises(KeyboardInterrupt):
            update_index(index_dir, [small_corpus], jobs=1, rebuild=True, commit_every=1,
                         on_file=_Interrupt(2))
        assert _counts(index_dir) == before
        summary = update_index(index_dir, [small_corpus], jobs=1, rebuild=True)
        assert summary.added == 3 and _counts(index_dir) == before
        # the reader opened before the switch still reads the old files
        assert len(list(held.document_numbers(record=FILE))) == 3
        assert held.search(Term("lang", "zh"), limit=None).scored_length() > 0


def test_a_rebuild_replaces_what_the_old_index_held(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    _notes(tmp_path / "notes", 2)
    update_index(index_dir, [small_corpus, tmp_path / "notes"], jobs=1)
    assert _counts(index_dir)[0] == 5
    update_index(index_dir, [small_corpus], jobs=1, rebuild=True)
    expected = sum(len(parse_file(p).paragraphs) for p in small_corpus.iterdir())
    assert _counts(index_dir) == (3, expected)
    segments = {p.name.split(".")[0] for p in index_dir.glob("MAIN_*.seg")}
    listed = {s.segment_id() for s in whoosh_index.open_dir(str(index_dir))._segments()}
    assert segments == listed  # the old index's files are gone


def test_interrupted_indexing_keeps_what_was_committed_by_time(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    _notes(folder, 120)
    monkeypatch.setattr("undocs.indexer.pipeline.GROUP_BYTES", 1000)  # about 12 notes
    index_dir = tmp_path / "ix"
    with pytest.raises(KeyboardInterrupt):  # default --commit-every 1000
        update_index(index_dir, [folder], jobs=1, commit_seconds=0.0,
                     on_file=_Interrupt(80))
    kept, _ = _counts(index_dir)
    assert kept >= 40  # the groups finished before the interruption
    summary = update_index(index_dir, [folder], jobs=1)
    assert summary.unchanged == kept and summary.added == 120 - kept


class _FullDisk:
    """Index files that take `budget` bytes in all, then fail as a full disk does."""

    def __init__(self, budget: int):
        self.budget = budget

    def write(self, real, data) -> int:
        self.budget -= len(data)
        if self.budget < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real.write(data)


class _Limited:
    def __init__(self, real, disk: _FullDisk):
        self._real, self._disk = real, disk

    def write(self, data):
        return self._disk.write(self._real, data)

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_a_full_disk_gets_its_space_back_and_the_next_run_succeeds(small_corpus, tmp_path,
                                                                    monkeypatch):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    before = sorted(p.name for p in index_dir.iterdir())
    shutil.copy(CORPUS / "un-charter.ru.md", small_corpus / "un-charter.ru.md")
    disk = _FullDisk(budget=60_000)
    create_file = IndexStorage.create_file

    def limited(self, name, *args, **kwargs):
        stream = create_file(self, name, *args, **kwargs)
        stream.file = _Limited(stream.file, disk)
        return stream

    monkeypatch.setattr(IndexStorage, "create_file", limited)
    with pytest.raises(OSError, match="No space left"):
        update_index(index_dir, [small_corpus], jobs=1)  # the disk fills in the worker
    assert sorted(p.name for p in index_dir.iterdir()) == before  # nothing left behind
    monkeypatch.undo()
    summary = update_index(index_dir, [small_corpus], jobs=1)
    assert (summary.added, summary.unchanged) == (1, 3)


def test_leftovers_of_a_dead_run_are_removed_by_the_next_run(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    before = sorted(p.name for p in index_dir.iterdir())
    # what a run killed while writing leaves: a segment's parts, a table being written
    for name in ("MAIN_deadrun0000000001.trm", "MAIN_deadrun0000000001.fdt",
                 "_MAIN_7.toc.1764612345.25", "UNDOCS_SUMS_7.tmp"):
        (index_dir / name).write_bytes(b"\0" * 4096)
    # and the documents its workers had parsed
    (index_dir / "MAIN.tmp" / "parsed-k1ll3d").mkdir(parents=True)
    (index_dir / "MAIN.tmp" / "parsed-k1ll3d" / "0a1b.pickle").write_bytes(b"\0" * 4096)
    summary = update_index(index_dir, [small_corpus], jobs=1)  # nothing to index
    assert summary.unchanged == 3
    assert sorted(p.name for p in index_dir.iterdir()) == before


def test_an_index_never_goes_into_a_folder_of_documents(small_corpus, tmp_path):
    before = sorted(p.name for p in small_corpus.iterdir())
    result = CliRunner().invoke(cli, ["index", str(small_corpus), "--index",
                                      str(small_corpus)])
    assert result.exit_code == 2
    assert result.output == (
        f"undocs: {small_corpus}: not an undocs index folder (it holds a-res-80-6.en.md "
        "and 2 other entries); an index goes into an empty or new folder\n")
    assert sorted(p.name for p in small_corpus.iterdir()) == before
    with pytest.raises(IndexError_):
        update_index(small_corpus, [small_corpus])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert update_index(empty, [small_corpus], jobs=1).added == 3


def test_a_folder_in_place_of_the_run_lock_is_named_and_rebuild_recovers(small_corpus,
                                                                          tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    (index_dir / "UNDOCS_RUN").unlink()
    (index_dir / "UNDOCS_RUN").mkdir()
    runner = CliRunner()
    result = runner.invoke(cli, ["index", str(small_corpus), "--index", str(index_dir),
                                 "--jobs", "1"])
    assert result.exit_code == 2
    assert result.output == (
        f"undocs: {index_dir / 'UNDOCS_RUN'}: a folder stands where undocs keeps its run "
        "lock; remove it, or run `undocs index --rebuild`\n")
    result = runner.invoke(cli, ["index", str(small_corpus), "--index", str(index_dir),
                                 "--rebuild", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (index_dir / "UNDOCS_RUN").is_file() and _counts(index_dir)[0] == 3


def test_one_paragraph_is_singular_in_the_summary(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.en.md").write_text("1. Only paragraph.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "(1 paragraph written in " in result.output
