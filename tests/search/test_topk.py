"""The best-k evaluation (`search.topk`) ranks and counts as scoring every match does.

Three evaluations of the same random queries (words, two-word phrases, words OR'ed,
in all six languages, Chinese words of two to four characters (jieba's word OR its
bigram; a word that answers for its substring, with its bigrams), bare and under
`lang:`, `symbol:` and date filters) must agree:
Whoosh's own matchers (`searcher.search(..., limit=None)`), the bulk evaluation of
every match (`Evaluator.scores`), and the new one, which reads only the blocks that
can enter the best k. Totals are equal, the hits are the same documents in the same
order, ties in index order."""

from __future__ import annotations

import heapq
import random
import re

import pytest

from tests.search.test_evaluate import whoosh_scores
from tests.search.test_exactness import sample_phrases
from undocs.analyzers import LANGS
from undocs.search import topk

FILTERS = ["", " lang:{lang}", " symbol:A/RES/*", " date:2020..2030", " symbol:UN*"]


def _queries(count: int, seed: int) -> list[str]:
    """Words and two-word phrases cut from the corpus, with and without filters."""
    rng = random.Random(seed)
    queries = []
    for lang, phrase in sample_phrases(count, seed=seed):
        if lang == "zh":
            size = rng.choice([2, 2, 3, 4])
            words = [phrase[i:i + size] for i in range(0, len(phrase) - size + 1, size)]
        else:
            words = [w for w in re.findall(r"[^\W\d_]+", phrase) if len(w) > 2]
        words = [w for w in words if re.fullmatch(r"[^\W_]+", w)]
        if not words:
            continue
        word = rng.choice(words)
        pair = " ".join(re.findall(r"[^\W_]+", phrase)[:2]) if lang != "zh" else words[0]
        shape = rng.choice([word, f'"{pair}"', f"{word} OR {rng.choice(words)}", word])
        queries.append(shape + rng.choice(FILTERS).format(lang=lang))
    return queries


def _blocks(searcher, query, allowed, k):
    """`search.topk.top` itself, block by block (without the arrays a searcher with
    numpy loaded uses for some shapes: `tests/search/test_vectors.py`)."""
    searcher._evaluator._prepare(allowed)
    return topk.top(searcher._evaluator, query, allowed, k)


def _reference(searcher, query, allowed, k):
    """(total, best k) from every match scored, as the searcher ranked them before."""
    scores = searcher._evaluator.scores(query, within=allowed)
    best = heapq.nlargest(k, ((score, -doc) for doc, score in scores.items()))
    return len(scores), [(-negated, score) for score, negated in best]


@pytest.mark.parametrize("k", [1, 10, 137])
def test_best_k_equals_every_match_scored(searcher, k):
    handled = 0
    queries = _queries(80, seed=k)
    for text in queries:
        compiled = searcher.compile(text)
        query, allowed = searcher._with_filters(compiled, LANGS, None, None, None)
        if allowed is not None and not allowed:
            continue
        found = _blocks(searcher, query, allowed, k)
        if found is None:
            continue  # a shape left to the full evaluation (`search.vectors` or dicts)
        handled += 1
        total, best = found
        assert (total, best) == _reference(searcher, query, allowed, k), text
        everything = searcher._evaluator.scores(query, within=allowed)
        assert searcher._evaluator.matches(query, allowed) == set(everything), text
        theirs = whoosh_scores(searcher, query, allowed)
        assert total == len(theirs), text
        for doc, score in best:
            assert score == pytest.approx(theirs[doc], rel=1e-9), (text, doc)
        # what the matchers rank first is what this ranks first, up to equal scores
        ranked = sorted(theirs.items(), key=lambda item: (-item[1], item[0]))[:k]
        assert [round(s, 9) for _, s in ranked] == [round(s, 9) for _, s in best], text
    assert handled >= len(queries) // 3  # Chinese words (half of them) take another shape


def test_facet_counts_follow_the_hits(searcher):
    """The web page counts facets after ranking: the unscored matches of the best-k
    path are the documents every evaluation finds."""
    for text in ["rights", '"United Nations" lang:en', "Convention symbol:UN*"]:
        ranked = searcher.search(text, limit=3)
        docs = set(searcher.matching_docnums(text))
        assert len(docs) == ranked.total > 0, text


def test_search_totals_and_hits_through_the_new_path(searcher):
    for text in ["rights", "cooperation lang:en", '"United Nations"', '"引渡"',
                 "Convention symbol:UN*", "права date:2000..2030"]:
        result = searcher.search(text, limit=5)
        compiled = searcher.compile(text)
        query, allowed = searcher._with_filters(compiled, LANGS, None, None, None)
        assert searcher._evaluator.top(query, allowed, 5) is not None, text
        total, best = _reference(searcher, query, allowed, 5)
        assert result.total == total > 0, text
        assert [round(h.score, 9) for h in result.hits] == [round(s, 9) for _, s in best]


def test_other_shapes_are_left_to_the_full_evaluation(searcher):
    evaluator = searcher._evaluator
    for text in ["human rights", "rights -human", "国际合作", "rights OR lang:zh",
                 "droits OR rights", "秘书处"]:
        query, allowed = searcher._with_filters(searcher.compile(text), LANGS, None, None,
                                                None)
        assert _blocks(searcher, query, allowed, 10) is None, text
        found = evaluator.top(query, allowed, 10)  # in arrays once numpy is loaded
        if evaluator.terms.numpy is None:  # (`tests/search/test_vectors.py`)
            assert found is None, text
        else:
            assert found == _reference(searcher, query, allowed, 10), text


@pytest.mark.parametrize("k", [1, 3, 10])
def test_chinese_words_of_either_shape(searcher, k):
    """A Chinese word as jieba's word OR its bigram (`国际`: a document holding both is
    scored for both), and a word that answers for its substring (`联合国`, scored with
    its bigrams), titles and headings raising both: ranked and counted as scoring every
    match ranks and counts them, under filters too."""
    shapes = set()
    for text in ["国际", "犯罪", "合作", "人权", "联合国", "会员国", "缔约国", "议定书",
                 "国际 lang:zh", "合作 symbol:UN*", "联合国 date:2000..2030", "会员国 lang:zh"]:
        compiled = searcher.compile(text)
        query, allowed = searcher._with_filters(compiled, LANGS, None, None, None)
        found = _blocks(searcher, query, allowed, k)
        assert found is not None, text
        assert found == _reference(searcher, query, allowed, k), text
        assert found[0] == len(whoosh_scores(searcher, query, allowed)) > 0, text
        assert searcher._evaluator.matches(query, allowed) == \
            set(searcher._evaluator.scores(query, within=allowed)), text
        shapes.add(type(compiled.query.a).__name__)
    assert shapes == {"Or", "AndMaybe"}  # both shapes met


def test_only_the_blocks_that_can_enter_are_read(searcher, monkeypatch):
    """The best of common words come from few of their blocks: the others (words and
    title terms alike) are bounded out unread, and give the same answer."""
    from undocs.search import blockmax

    read, walked = [], []
    original_read, original_walk = blockmax.TermBlocks.postings, blockmax.TermBlocks.walk

    def counted_read(self, number):
        if number not in self._read:
            read.append(number)
        return original_read(self, number)

    def counted_walk(matcher, scorer, bound):
        blocks = original_walk(matcher, scorer, bound)
        walked.append(len(blocks.lasts))
        return blocks

    monkeypatch.setattr(blockmax.TermBlocks, "postings", counted_read)
    monkeypatch.setattr(blockmax.TermBlocks, "walk", counted_walk)
    for text in ["States", "Nations", "United", "shall", "Parties", "Convention", "of"]:
        query, allowed = searcher._with_filters(searcher.compile(text), LANGS, None, None,
                                                None)
        total, best = _blocks(searcher, query, allowed, 1)
        assert (total, best) == _reference(searcher, query, allowed, 1), text
        assert total > 150, text
    assert len(read) < 0.7 * sum(walked), (len(read), sum(walked))


def test_filtered_counts_skip_deleted_versions(tmp_path, small_corpus):
    """Under a filter or beside deletions, counting reads each block's docnums only:
    the totals and best k still equal every match scored, and Whoosh's matches."""
    from undocs.indexer.build import update_index
    from undocs.search import Searcher

    index_dir = tmp_path / "index"
    update_index(index_dir, [small_corpus], jobs=1)
    changed = small_corpus / "untoc.en.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "transnational", "cross-border"), encoding="utf-8")
    update_index(index_dir, [small_corpus], jobs=1)
    with Searcher(index_dir) as searcher:
        assert searcher._searcher.reader().has_deletions()
        for text in ["transnational", "crime symbol:UNTOC", "crime symbol:A/RES/*",
                     "States lang:en", "Convention", "犯罪 lang:zh", "会议"]:
            query, allowed = searcher._with_filters(searcher.compile(text), LANGS, None,
                                                    None, None)
            found = _blocks(searcher, query, allowed, 10)
            assert found is not None, text
            assert found == _reference(searcher, query, allowed, 10), text
            assert found[0] == len(whoosh_scores(searcher, query, allowed)) > 0, text
