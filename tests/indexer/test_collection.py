"""Collection statistics are summed over the segments once per commit: the numbers
Whoosh's own multi-segment reader gives, asked of each segment only the first time."""

from __future__ import annotations

import shutil
from pathlib import Path

from whoosh.reading import MultiReader

from undocs.indexer.build import update_index
from undocs.indexer.collection import CollectionReader
from undocs.indexer.schema import exact_field, meta_field, word_field
from undocs.search import Searcher

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _two_segments(small_corpus, tmp_path) -> Path:
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    shutil.copy(CORPUS / "a-res-80-9.en.md", small_corpus)
    update_index(index_dir, [small_corpus], jobs=1)  # a second commit, a second segment
    return index_dir


def test_statistics_equal_whooshs_and_are_read_from_segments_once(small_corpus, tmp_path):
    index_dir = _two_segments(small_corpus, tmp_path)
    with Searcher(index_dir) as searcher:
        reader = searcher.reader()
        assert isinstance(reader, CollectionReader)
        segments = [r for r, _ in reader.leaf_readers()]
        assert len(segments) >= 2
        whoosh = MultiReader(segments)
        fields = [word_field("en"), exact_field("en"), meta_field("en"), word_field("zh"),
                  exact_field("zh")]
        terms = [(f, t) for f in fields for t in list(reader.lexicon(f))[::7][:40]]
        terms += [(word_field("en"), "nosuchterm"), (exact_field("zh"), "无此")]
        for fieldname, text in terms:
            assert reader.doc_frequency(fieldname, text) == whoosh.doc_frequency(fieldname, text)
            assert reader.frequency(fieldname, text) == whoosh.frequency(fieldname, text)
        for fieldname in fields:
            assert reader.field_length(fieldname) == whoosh.field_length(fieldname)
        for fieldname in fields[:3]:  # in every segment (Whoosh fails on one without it)
            assert reader.min_field_length(fieldname) == whoosh.min_field_length(fieldname)
            assert reader.max_field_length(fieldname) == whoosh.max_field_length(fieldname)
        assert (reader.doc_count(), reader.doc_count_all()) == \
            (whoosh.doc_count(), whoosh.doc_count_all())
        asked = []
        for segment in segments:  # from now on, a segment asked is a statistic summed again
            for name in ("doc_frequency", "frequency", "field_length"):
                original = getattr(segment, name)
                setattr(segment, name, lambda *a, _f=original, _n=name: asked.append(_n) or _f(*a))
        for fieldname, text in terms:
            reader.doc_frequency(fieldname, text)
            reader.frequency(fieldname, text)
        for fieldname in fields:
            searcher._searcher.avg_field_length(fieldname)
        assert asked == []
        assert searcher.search('"United Nations"').total > 0  # scoring reads the caches


def test_a_new_commit_is_read_with_its_own_statistics(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    with Searcher(index_dir) as before:
        generation = before.reader().generation()
        count = before.reader().doc_frequency(word_field("en"), "migrat")
        shutil.copy(CORPUS / "a-res-80-9.en.md", small_corpus)
        update_index(index_dir, [small_corpus], jobs=1)
        assert before.reader().doc_frequency(word_field("en"), "migrat") == count
        with Searcher(index_dir) as after:
            assert after.reader().generation() > generation
            assert after.reader().doc_frequency(word_field("en"), "migrat") > count
