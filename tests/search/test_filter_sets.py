"""The filter sets a searcher keeps (`search.filters.FilterSets`): one set per filter, shared by
every query it filters, and no language's set made only to learn whether a filter
covers that language (at 1M paragraphs those sets were 60 MB of a warm searcher)."""

from __future__ import annotations

import pytest

from undocs.analyzers import LANGS
from undocs.search import Searcher


@pytest.fixture
def fresh(full_index):
    with Searcher(full_index[0]) as opened:
        yield opened


def _kept(searcher: Searcher) -> dict[str, int]:
    return {key[1]: len(docs) for key, docs in searcher._filters.kept().items()}


def test_a_symbol_filter_keeps_its_own_set_only(fresh, searcher):
    first = fresh.search("rights symbol:A/RES/*", limit=3)
    again = fresh.search("human symbol:A/RES/*", limit=3)
    assert first.total > 0 and again.total > 0
    assert list(_kept(fresh)) == ["Wildcard('symbol_key', 'A/RES/*')"]
    for result, query in ((first, "rights symbol:A/RES/*"), (again, "human symbol:A/RES/*")):
        reference = searcher.search(query, limit=3)  # a searcher that ran many filters
        assert result.total == reference.total
        assert [(h.citation, h.score) for h in result.hits] == \
            [(h.citation, h.score) for h in reference.hits]
        assert all(h.symbol.startswith("A/RES/") for h in result.hits)


def test_one_filter_is_one_set_whatever_the_query(fresh):
    fresh.search("合作 lang:zh", limit=3)
    fresh.search("国际 lang:zh", limit=3)
    (key, docs), = fresh._filters.kept().items()
    assert key == ("one", "Term('lang', 'zh')")
    _, allowed = fresh._with_filters(fresh.compile("发展 lang:zh"), LANGS, None, None, None)
    assert allowed is docs  # the same object: the evaluator keeps its split by identity
    zh = fresh.stats()["paragraphs"]["zh"]
    assert zh <= len(docs) <= zh + fresh.stats()["documents"]["zh"]  # and file records


def test_a_set_split_by_segment_holds_each_segments_own_documents(small_corpus, tmp_path):
    """`search.splits.Splits`: a set's part in each segment (several: an update added
    one) as local docnums, as a mask and as a numpy array, all the same documents; a
    query's filter set stays split for the next query, another set does not."""
    import random

    from undocs.indexer.build import update_index

    index_dir = tmp_path / "index"
    update_index(index_dir, [small_corpus], jobs=2)
    (small_corpus / "extra.en.md").write_text("---\nsymbol: X/1\n---\n\n1. Extra words.\n",
                                              encoding="utf-8")
    update_index(index_dir, [small_corpus], jobs=1)
    with Searcher(index_dir) as opened:
        evaluator = opened._evaluator
        segments = evaluator.terms.segments
        assert len(segments) > 1
        opened._evaluator.terms.use_numpy()
        total = opened._searcher.doc_count_all()
        chosen = set(random.Random(3).sample(range(total), total // 3))
        evaluator.splits.new_query(chosen)
        for number, (reader, offset) in enumerate(segments):
            own = sorted(doc - offset for doc in chosen
                         if offset <= doc < offset + reader.doc_count_all())
            assert list(evaluator.splits.local(chosen, number)) == own
            mask = evaluator.splits.mask(chosen, number)
            assert [doc for doc, kept in enumerate(mask) if kept] == own
            assert evaluator.splits.array(chosen, number).tolist() == own
        kept = evaluator.splits.local(chosen, 0)
        evaluator.splits.new_query(chosen)
        assert evaluator.splits.local(chosen, 0) is kept
        evaluator.splits.new_query(None)
        other = set(chosen)
        assert evaluator.splits.local(other, 0) is not kept
