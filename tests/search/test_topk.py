"""The best-k evaluation (`search.topk`) ranks and counts as scoring every match does.

Three evaluations of the same random queries (words, two-word phrases, words OR'ed,
in all six languages, bare and under `lang:`, `symbol:` and date filters) must agree:
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

FILTERS = ["", " lang:{lang}", " symbol:A/RES/*", " date:2020..2030", " symbol:UN*"]


def _queries(count: int, seed: int) -> list[str]:
    """Words and two-word phrases cut from the corpus, with and without filters."""
    rng = random.Random(seed)
    queries = []
    for lang, phrase in sample_phrases(count, seed=seed):
        if lang == "zh":
            words = [phrase[i:i + 2] for i in range(0, len(phrase) - 1, 2)]
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
        found = searcher._evaluator.top(query, allowed, k)
        if found is None:
            continue  # a shape left to the full evaluation
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
    for text in ["human rights", "rights -human", "国际合作", "rights OR lang:zh",
                 "droits OR rights"]:
        query, allowed = searcher._with_filters(searcher.compile(text), LANGS, None, None,
                                                None)
        assert searcher._evaluator.top(query, allowed, 10) is None, text


def test_segments_with_deletions(small_corpus, tmp_path):
    """A changed file's old paragraphs stay in their segment as deletions: they are
    neither counted nor ranked, with or without a filter."""
    from undocs.indexer.build import update_index
    from undocs.search import Searcher

    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    path = small_corpus / "untoc.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Convention", "Treaty"),
                    encoding="utf-8")
    update_index(index_dir, [small_corpus], jobs=1)
    with Searcher(index_dir) as searcher:
        readers = [reader for reader, _ in searcher._evaluator.terms.segments]
        assert any(reader.has_deletions() for reader in readers)
        checked = 0
        for text in ["Convention", "Treaty", "States", '"States Parties"', "Parties lang:en",
                     "offence symbol:UNTOC", "assembly date:2020..2030", '"合作"']:
            query, allowed = searcher._with_filters(searcher.compile(text), LANGS, None,
                                                    None, None)
            for k in (1, 10):
                found = searcher._evaluator.top(query, allowed, k)
                assert found is not None, text
                assert found == _reference(searcher, query, allowed, k), text
                assert searcher._evaluator.matches(query, allowed) == \
                    set(searcher._evaluator.scores(query, within=allowed)), text
                assert found[0] == len(whoosh_scores(searcher, query, allowed)), text
                checked += found[0] > 0
        assert checked >= 12
