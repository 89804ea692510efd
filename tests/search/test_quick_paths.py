"""The quick ways of the query layer give what the general ones give:
`search.termtable.TermTable` reads a segment's term table as Whoosh's reader does (the
same term info for every term the index holds, none for terms it lacks);
`search.searcher.best_of` ranks as `heapq.nlargest`; `search.compile`'s query terms
are the analyzers'."""

from __future__ import annotations

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.reading import TermNotFound

from undocs.analyzers import LANGS, exact_phrase_terms, query_terms
from undocs.indexer.build import update_index
from undocs.indexer.schema import FILE, PARA
from undocs.search.compile import phrase_terms, word_terms
from undocs.search.searcher import Searcher, best_of
from undocs.search.termtable import TermTable


def _whoosh(reader, fieldname, btext):
    try:
        return reader._terms.term_info(fieldname, btext)
    except TermNotFound:
        return None


def test_every_term_of_the_corpus_index_is_found_as_whoosh_finds_it(searcher):
    terms = searcher._evaluator.terms
    checked = 0
    for reader, _ in terms.segments:
        table = TermTable.of(reader)
        assert table is not None  # the mapped layout of every segment
        for fieldname, btext in reader._terms.terms():
            got = table.info(fieldname, btext)
            assert got is not None and vars(got) == vars(_whoosh(reader, fieldname, btext))
            for absent in ((fieldname, btext + b"\x00"), ("no_such_field", btext)):
                assert table.info(*absent) is None and _whoosh(reader, *absent) is None
            checked += 1
    assert checked > 10_000


@given(st.dictionaries(st.integers(0, 500), st.sampled_from([0.5, 1.0, 1.5, 2.25, 3.0])
                       | st.floats(0, 20, allow_nan=False), max_size=80),
       st.integers(1, 30))
def test_best_of_ranks_as_nlargest_does(scores, top):
    expected = [(-negated, score) for score, negated
                in heapq.nlargest(top, ((score, -doc) for doc, score in scores.items()))]
    assert best_of(scores, top) == expected


@settings(deadline=None)  # the first Chinese text loads jieba
@given(st.sampled_from(LANGS), st.text(st.sampled_from(
    "aAeÉé\u0301ñßﬁ1-/.' \u00a0ИйЁё\u0306الأمة\u064e١ 国際合作"), max_size=30))
def test_query_terms_are_the_analyzers(lang, text):
    assert word_terms(text, lang) == query_terms(text, lang)
    assert phrase_terms(text, lang) == exact_phrase_terms(text, lang)


def _documents_the_whoosh_way(searcher) -> dict:
    """Each document's file record and its paragraphs' numbers, by Whoosh queries."""
    whoosh = searcher._searcher
    return {record["doc_key"]: (whoosh.document(doc_key=record["doc_key"], record=FILE),
                                sorted(whoosh.document_numbers(doc_key=record["doc_key"],
                                                               record=PARA)))
            for record in searcher.documents()}


def _assert_documents_found_as_whoosh_finds_them(searcher) -> None:
    expected = _documents_the_whoosh_way(searcher)
    assert len(expected) > 1
    for doc_key, (record, numbers) in expected.items():
        assert searcher.library.file_record(doc_key) == record
        assert sorted(e.docnum for e in searcher.library.outline_entries(doc_key)) == numbers


def test_file_records_and_outlines_are_found_as_whoosh_finds_them(searcher):
    """A document's file record is the last of its `doc_key`'s documents and its
    outline the others (`search.library.Library`)."""
    _assert_documents_found_as_whoosh_finds_them(searcher)


def test_file_records_and_outlines_of_changed_files_are_their_new_versions(small_corpus,
                                                                          tmp_path):
    """After an update the old versions are deleted and the new ones in another
    segment: found as Whoosh finds them still, and the changed text is the new one."""
    index_dir = tmp_path / "index"
    update_index(index_dir, [small_corpus], jobs=1)
    changed = small_corpus / "untoc.en.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA paragraph added.\n",
                       encoding="utf-8")
    update_index(index_dir, [small_corpus], jobs=1)
    with Searcher(index_dir) as opened:
        assert len(opened._searcher.reader().leaf_readers()) > 1
        _assert_documents_found_as_whoosh_finds_them(opened)
        key = next(r["doc_key"] for r in opened.documents() if r["file"] == "untoc.en.md")
        assert opened.library.outline_entries(key)[-1].fields["text"] == "A paragraph added."
