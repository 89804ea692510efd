"""Building and updating the index: counts, incremental updates, refusals."""

from __future__ import annotations

import shutil

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Phrase, Term

from tests.conftest import SMALL, corpus_files, stored_entry
from undocs.indexer import parse_file
from undocs.indexer.build import IndexBusy, update_index
from undocs.indexer.schema import FILE, PARA
from undocs.indexer.stats import index_stats


def paragraph_count(index_dir, **terms):
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        return len(list(searcher.document_numbers(record=PARA, **terms)))


def test_full_corpus_counts_per_language_match_the_parser(full_index):
    index_dir, summary = full_index
    assert summary.added == len(corpus_files()) and not summary.refused
    expected: dict[str, int] = {}
    for path in corpus_files():
        document = parse_file(path)
        expected[document.lang] = expected.get(document.lang, 0) + len(document.paragraphs)
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        stats = index_stats(searcher, index_dir)
    assert stats["paragraphs"] == expected
    assert stats["documents"] == {"ar": 2, "en": 6, "es": 2, "fr": 2, "ru": 2, "zh": 3}
    for lang, count in expected.items():
        assert paragraph_count(index_dir, lang=lang) == count
    assert "un-ctoc-cop-wg3-2023-report" in stats["symbols_from_file_names"]
    assert "A/RES/80/9" not in stats["symbols_from_file_names"]


def test_entry_ids_and_stored_fields(full_index):
    index_dir, _ = full_index
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        fields = stored_entry(searcher, "un-ctoc-cop-wg3-2023-report|zh|41")
        assert fields["lines"] == [138, 140]
        assert fields["heading"][0] == "三. 审议情况概要"
        assert fields["file"] == "un-ctoc-cop-wg3-2023-report.zh.md"
        assert fields["date"] == "2023-10-02"
        # the Chinese exact field finds a quoted phrase as a substring
        phrase = Phrase("exact_zh", ["国际", "际合", "合作"])
        assert len(searcher.search(phrase, limit=None)) > 20


def test_rerun_skips_every_file(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    first = update_index(index_dir, [small_corpus], jobs=2)
    assert (first.added, first.unchanged) == (3, 0)
    second = update_index(index_dir, [small_corpus], jobs=2)
    assert (second.added, second.updated, second.unchanged, second.removed) == (0, 0, 3, 0)
    assert second.paragraphs == 0


def test_changed_file_replaces_just_its_entries(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    before = paragraph_count(index_dir)
    path = small_corpus / "a-res-80-6.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n33. Decides to remain seized.\n",
                    encoding="utf-8")
    summary = update_index(index_dir, [small_corpus], jobs=1)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 2)
    assert summary.paragraphs == len(parse_file(path).paragraphs)
    assert paragraph_count(index_dir) == before + 1
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        assert stored_entry(searcher, "A/RES/80/6|en|33")["text"] == "33. Decides to remain seized."


def test_deleted_file_loses_its_entries(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    (small_corpus / "untoc.en.md").unlink()
    summary = update_index(index_dir, [small_corpus], jobs=1)
    assert (summary.removed, summary.unchanged) == (1, 2)
    assert paragraph_count(index_dir, symbol_key="UNTOC") == 0
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        assert len(list(searcher.documents(record=FILE))) == 2


def test_refused_files_are_named_and_the_rest_indexed(small_corpus, tmp_path):
    (small_corpus / "binary.en.md").write_bytes(b"PK\x03\x04\x00\x00")
    (small_corpus / "latin1.fr.md").write_bytes("1. Résolution".encode("latin-1"))
    index_dir = tmp_path / "ix"
    summary = update_index(index_dir, [small_corpus, tmp_path / "missing"], jobs=2)
    assert summary.added == 3
    assert sorted(summary.refused) == sorted([
        "binary.en.md: not a document (a ZIP archive, not a DOCX)",
        "latin1.fr.md: invalid UTF-8 at byte offset 4",
        f"{tmp_path / 'missing'}: no such file or directory",
    ])
    assert paragraph_count(index_dir, symbol_key="A/RES/80/6") == 59  # no header lines


def test_same_symbol_and_language_twice_is_refused(small_corpus, tmp_path):
    shutil.copy(small_corpus / "a-res-80-6.en.md", small_corpus / "copy.en.md")
    summary = update_index(tmp_path / "ix", [small_corpus], jobs=1)
    assert summary.added == 3
    assert len(summary.refused) == 1
    assert "A/RES/80/6 (en) is already indexed from" in summary.refused[0]


def test_second_writer_is_refused(small_corpus, tmp_path):
    from whoosh.filedb.filestore import FileStorage

    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    lock = FileStorage(str(index_dir)).lock("UNDOCS_RUN")
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(IndexBusy, match="another undocs index is updating"):
            update_index(index_dir, [small_corpus], jobs=1)
    finally:
        lock.release()


def test_term_filters_are_exact_ids(full_index):
    index_dir, _ = full_index
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        assert len(searcher.search(Term("symbol_key", "A/RES/80/9"), limit=None)) == 63 + 1
        assert stored_entry(searcher, "A/RES/80/9|en|annex.6")["body"] == "A/RES"


def test_an_older_undocs_index_is_rebuilt_on_update_and_refused_for_search(small_corpus,
                                                                           tmp_path):
    from whoosh import fields

    from undocs.search import IndexMissing, Searcher
    from undocs.search.cli import cli

    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    # an earlier schema version: undocs' fields, but not this version's marker
    old = fields.Schema(id=fields.ID(stored=True), exact_zh=fields.ID())
    whoosh_index.create_in(str(index_dir), old).writer().commit()
    with pytest.raises(Exception, match="built by an older undocs; run `undocs index`"):
        Searcher(index_dir)
    summary = update_index(index_dir, [small_corpus], jobs=1)
    assert summary.rebuilt_outdated and summary.added == 3
    assert not isinstance(Searcher(index_dir), IndexMissing)
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["search", "x", "--index", str(small_corpus)])
    assert result.exit_code == 2 and "not an undocs index" in result.output


def test_small_segments_merged_on_the_last_round_keep_their_documents(tmp_path):
    """Each round commits its own segments; the last one lets Whoosh merge the small
    ones into the committing writer, whose segment must then be committed too."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    for n in range(8):
        (folder / f"note-{n}.en.md").write_text(f"1. Note number {n} on cooperation.\n",
                                                encoding="utf-8")
    index_dir = tmp_path / "ix"
    summary = update_index(index_dir, [folder], jobs=1, commit_every=1)
    assert summary.added == 8
    assert paragraph_count(index_dir) == 8
    ix = whoosh_index.open_dir(str(index_dir))
    assert len(ix._segments()) < 8  # the small segments were merged...
    with ix.searcher() as searcher:  # ...and nothing was lost
        assert len(list(searcher.documents(record=FILE))) == 8
    again = update_index(index_dir, [folder], jobs=2, commit_every=3)
    assert again.unchanged == 8 and paragraph_count(index_dir) == 8


def _doc(symbol: str, text: str) -> str:
    return f"---\nsymbol: {symbol}\nlang: en\n---\n\n1. {text}\n\n2. More of {text}\n"


def _symbols_in_index(index_dir) -> dict[str, str]:
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        return {r["file"]: r["symbol"] for r in searcher.documents(record=FILE)}


@pytest.mark.parametrize("jobs,commit_every", [(1, 1), (2, 1), (2, 1000)])
def test_two_files_swapping_symbols_keep_both(tmp_path, jobs, commit_every):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.en.md").write_text(_doc("X/1", "alpha"), encoding="utf-8")
    (folder / "b.en.md").write_text(_doc("X/2", "beta"), encoding="utf-8")
    index_dir = tmp_path / "ix"
    update_index(index_dir, [folder], jobs=jobs, commit_every=commit_every)
    (folder / "a.en.md").write_text(_doc("X/2", "alpha"), encoding="utf-8")
    (folder / "b.en.md").write_text(_doc("X/1", "beta"), encoding="utf-8")
    summary = update_index(index_dir, [folder], jobs=jobs, commit_every=commit_every)
    assert (summary.updated, summary.refused) == (2, [])
    assert _symbols_in_index(index_dir) == {"a.en.md": "X/2", "b.en.md": "X/1"}
    assert paragraph_count(index_dir) == 4


def test_a_refused_change_keeps_its_old_version_and_its_key(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.en.md").write_text(_doc("X/1", "alpha"), encoding="utf-8")
    (folder / "b.en.md").write_text(_doc("X/2", "beta"), encoding="utf-8")
    index_dir = tmp_path / "ix"
    update_index(index_dir, [folder], jobs=2)
    # a moves onto b's symbol (refused); c, new, wants the symbol a still holds
    (folder / "a.en.md").write_text(_doc("X/2", "alpha changed"), encoding="utf-8")
    (folder / "c.en.md").write_text(_doc("X/1", "gamma"), encoding="utf-8")
    summary = update_index(index_dir, [folder], jobs=2)
    assert sorted(summary.refused) == [
        "a.en.md: X/2 (en) is already indexed from b.en.md",
        "c.en.md: X/1 (en) is already indexed from a.en.md",
    ]
    assert _symbols_in_index(index_dir) == {"a.en.md": "X/1", "b.en.md": "X/2"}
    assert paragraph_count(index_dir, doc_key="X/1|en") == 2
    # once a takes a free symbol, c gets X/1 in the same run
    (folder / "a.en.md").write_text(_doc("X/3", "alpha changed"), encoding="utf-8")
    summary = update_index(index_dir, [folder], jobs=2)
    assert summary.refused == [] and (summary.added, summary.updated) == (1, 1)
    assert _symbols_in_index(index_dir) == {"a.en.md": "X/3", "b.en.md": "X/2",
                                             "c.en.md": "X/1"}
    assert paragraph_count(index_dir) == 6


def test_a_failing_jieba_preload_does_not_stop_a_worker(monkeypatch):
    # an exception in a pool initializer would make multiprocessing respawn it forever
    import undocs.indexer.segments as segments

    def broken():
        raise OSError("no cache directory")

    monkeypatch.setattr(segments, "jieba_tokenizer", broken)
    monkeypatch.setattr(segments.signal, "signal", lambda *args: None)
    segments.worker_init(None, preload_chinese=True)
    segments.set_progress(None)


def test_a_file_named_twice_is_indexed_once(tmp_path, small_corpus):
    index_dir = tmp_path / "index"
    summary = update_index(index_dir, [small_corpus, small_corpus / "untoc.en.md",
                                       small_corpus], jobs=1)
    assert summary.added == len(SMALL) and not summary.refused
    expected = len(parse_file(small_corpus / "untoc.en.md").paragraphs)
    assert paragraph_count(index_dir, lang="en", doc_key="UNTOC|en") == expected


def test_a_run_with_nothing_to_do_writes_nothing(tmp_path, small_corpus):
    index_dir = tmp_path / "index"
    update_index(index_dir, [small_corpus], jobs=2)
    before = sorted(p.name for p in index_dir.iterdir())
    summary = update_index(index_dir, [small_corpus], jobs=2)
    assert summary.unchanged == len(SMALL) and summary.added == summary.removed == 0
    assert sorted(p.name for p in index_dir.iterdir()) == before  # same table of contents


def test_paths_given_as_strings_are_indexed(tmp_path, small_corpus):
    """The Python API as the README shows it: `update_index(dir, ["file.md"])`."""
    summary = update_index(str(tmp_path / "ix"), [str(path) for path in small_corpus.iterdir()],
                           jobs=1)
    assert (summary.added, summary.refused) == (3, [])
    assert paragraph_count(tmp_path / "ix") == summary.paragraphs
