"""An unquoted Chinese word runs as a phrase of character bigrams only where jieba's
words of the index do not already answer for it; where they do, the paragraphs and
their scores are those of the word-or-substring query."""

from __future__ import annotations

import pytest

from undocs.analyzers import LANGS
from undocs.indexer.build import update_index
from undocs.indexer.schema import word_field
from undocs.search import Searcher
from undocs.search.compile import compile_query
from undocs.search.query import parse_query


def _both(searcher, text: str):
    """(the compiled query as before: word OR substring, as now)."""
    node = parse_query(text)
    segment = searcher._chinese.segment
    return (compile_query(node, LANGS, segment=segment),
            compile_query(node, LANGS, segment=segment, answers=searcher._chinese.answers))


def _chinese_words(searcher, count: int) -> list[str]:
    words = [w for w in searcher.reader().lexicon(word_field("zh"))]
    words = [w.decode() for w in words]
    return [w for w in words if len(w) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in w)][
        ::7][:count]


def test_words_that_answer_skip_the_phrase_and_keep_paragraphs_and_scores(searcher):
    words = _chinese_words(searcher, 60)
    assert len(words) >= 40
    skipped = 0
    for word in words:
        before, now = _both(searcher, word)
        assert "Phrase" in repr(before.query)
        old = searcher._evaluator.scores(before.query)
        new = searcher._evaluator.scores(now.query)
        assert new.keys() == old.keys(), word
        assert new == pytest.approx(old, rel=1e-9), word
        skipped += "Phrase" not in repr(now.query)
        assert searcher.search(word).total == len(old)
    assert skipped >= len(words) // 2  # most words answer for themselves


@pytest.fixture
def split_index(tmp_path):
    """司法协助 as a jieba word in one paragraph, and as a substring of another whose
    words it is not (a space between its halves)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "words.zh.md").write_text(
        "---\nsymbol: TEST/1\nlang: zh\n---\n\n"
        "1. 各国应当开展司法协助。\n\n2. 各国应当开展司法 协助。\n\n3. 联合国秘书处负责报告。\n",
        encoding="utf-8")
    index_dir = tmp_path / "ix"
    update_index(index_dir, [docs], jobs=1)
    return index_dir


def test_a_word_the_text_splits_otherwise_still_finds_every_substring(split_index):
    with Searcher(split_index) as searcher:
        assert searcher._chinese.segment("司法协助") == ["司法协助"]
        assert not searcher._chinese._as_many("司法协助", ["司法", "法协", "协助"])
        assert not searcher._chinese.answers("司法协助", ["司法", "法协", "协助"])
        _, now = _both(searcher, "司法协助")
        assert "Phrase" in repr(now.query)
        result = searcher.search("司法协助")
        assert sorted(hit.anchor for hit in result.hits) == ["1", "2"]
        assert searcher._chinese._as_many("秘书处", ["秘书", "书处"])  # no postings read
        assert searcher._chinese.answers("秘书处", ["秘书", "书处"])
        assert [hit.anchor for hit in searcher.search("秘书处").hits] == ["3"]
        assert [hit.anchor for hit in searcher.search("-秘书处 各国").hits] in (["1", "2"],
                                                                              ["2", "1"])
