"""Whole-query evaluation in arrays (`search.vectors`) gives the documents and the very
floats of the evaluation in dicts (`search.evaluate`), for every shape a query takes:
words, phrases, OR of languages, AND of words (with NOT), title terms under AndMaybe,
filters, one-character Chinese prefixes; and the best k in the same order."""

from __future__ import annotations

import heapq
import random

import numpy
import pytest

from tests.search.test_topk import _queries
from undocs.analyzers import LANGS
from undocs.search import Searcher
from undocs.search.evaluate import Evaluator
from undocs.search.terms import Terms

SHAPES = ["human rights", "rights -human", "国际合作", "rights OR lang:zh", "droits OR rights",
          "秘书处", "国", "international cooperation crime", "United Nations -Charter",
          '"of the United Nations" Member', "law lang:en date:2000..2030", '"国际合作" 执法',
          "Convention symbol:UN*", "права человека", "les droits de l'homme", "国际 合作 执法"]


@pytest.fixture(scope="module", params=["blocks", "decoded"])
def vectorised(full_index, request):
    """A Searcher whose evaluator has numpy (as a long-lived one has once it decoded a
    term): terms read by blocks as needed (a budget of nothing decodes none), or every
    term decoded whole."""
    index_dir, _ = full_index
    with Searcher(index_dir) as searcher:
        if request.param == "decoded":
            terms = Terms(searcher._searcher, decode_from=1)
        else:
            terms = Terms(searcher._searcher, decode_from=1 << 40, decoded_budget=0)
        terms.use_numpy()
        searcher._evaluator = Evaluator(searcher._searcher, filter_docs=searcher._filters.docs,
                                        terms=terms)
        yield searcher


def _compiled(searcher: Searcher, text: str):
    return searcher._with_filters(searcher.compile(text), LANGS, None, None, None)


def test_arrays_hold_the_documents_and_floats_of_the_dicts(vectorised):
    evaluator = vectorised._evaluator
    queries = SHAPES + _queries(120, seed=5)
    for _ in range(2):  # the second time, a decoding searcher reads decoded terms
        for text in queries:
            query, allowed = _compiled(vectorised, text)
            if allowed is not None and not allowed:
                continue
            evaluator._prepare(allowed)
            found = evaluator.arrays(query, allowed)
            assert found is not None, text
            docs, scores = found
            expected = evaluator.evaluate(query, allowed)
            assert docs.tolist() == sorted(expected), text
            assert scores.tolist() == [expected[doc] for doc in docs.tolist()], text
    assert sum(len(evaluator.arrays(*_compiled(vectorised, text))[0]) > 0
               for text in SHAPES) >= len(SHAPES) - 2


@pytest.mark.parametrize("k", [1, 10, 137])
def test_the_best_k_in_arrays_are_those_of_every_match_scored(vectorised, k):
    evaluator = vectorised._evaluator
    rng = random.Random(k)
    for text in SHAPES + rng.sample(_queries(120, seed=9), 40):
        query, allowed = _compiled(vectorised, text)
        if allowed is not None and not allowed:
            continue
        evaluator._prepare(allowed)
        expected = evaluator.evaluate(query, allowed)
        best = heapq.nlargest(k, ((score, -doc) for doc, score in expected.items()))
        assert evaluator.top(query, allowed, k) == \
            (len(expected), [(-negated, score) for score, negated in best]), text


def test_ties_go_to_the_lower_docnum(vectorised):
    evaluator = vectorised._evaluator
    evaluator._prepare(None)
    docs = numpy.array([9, 3, 7, 1, 5], dtype=numpy.int64)
    scores = numpy.array([2.0, 1.0, 2.0, 2.0, 0.5])
    evaluator.arrays(*_compiled(vectorised, "rights"))  # makes the vectors
    assert evaluator.best(docs, scores, 2) == [(1, 2.0), (7, 2.0)]
    assert evaluator.best(docs, scores, 10) == [(1, 2.0), (7, 2.0), (9, 2.0), (3, 1.0),
                                                (5, 0.5)]


@pytest.mark.parametrize("k", [1, 10])
def test_weakly_bounded_clauses_scored_whole_rank_as_block_by_block(vectorised, k):
    """A Chinese word (jieba's word OR its bigram; a word with its bigrams under AND)
    scored whole in arrays ranks and counts as `search.topk` does block by block."""
    from undocs.search import topk
    from undocs.search.shapes import language_clauses

    evaluator = vectorised._evaluator
    weak = 0
    for text in ["国际", "合作", "联合国", "缔约国", "国际 lang:zh", "会员国 lang:zh",
                 "合作 symbol:UN*", "执法合作", "秘书处", "rights", "Nations lang:en"]:
        query, allowed = _compiled(vectorised, text)
        evaluator._prepare(allowed)
        weak += any(clause.drivers and clause.weakly_bounded()
                    for clause in language_clauses(evaluator, query) or [])
        dense = topk.top(evaluator, query, allowed, k, dense=True)
        evaluator._prepare(allowed)
        assert dense == topk.top(evaluator, query, allowed, k, dense=False) != (0, []), text
    assert weak >= 7


def test_numpy_is_used_from_a_searcher_s_second_search_on(full_index):
    """A one-shot search (the command line) never uses numpy; a searcher kept open
    (the web server, `undocs batch`) does from its second search, with the same hits."""
    index_dir, _ = full_index
    with Searcher(index_dir) as searcher:
        first = searcher.search("国际 lang:zh", limit=5)
        assert searcher._evaluator.terms.numpy is None
        second = searcher.search("国际 lang:zh", limit=5)
        assert searcher._evaluator.terms.numpy is numpy
        assert [(h.citation, h.score) for h in second.hits] == \
            [(h.citation, h.score) for h in first.hits] and second.total == first.total > 0


def test_a_term_too_large_for_the_budget_is_read_by_blocks(full_index):
    """A term whose decoded postings would not fit the budget is never decoded (it
    would be decoded again at every ask); one that fits is, and kept."""
    index_dir, _ = full_index
    with Searcher(index_dir) as searcher:
        terms = Terms(searcher._searcher, decode_from=1, decoded_budget=1 << 10)
        terms.use_numpy()
        sizes = {number: terms.info(number, "exact_en", b"of the")
                 for number in range(len(terms.segments))}
        number = max((n for n in sizes if sizes[n]), key=lambda n: sizes[n].doc_frequency())
        assert sizes[number].doc_frequency() * 14 > 1 << 10
        assert terms.decoded(number, "exact_en", b"of the") is None
        small = Terms(searcher._searcher, decode_from=1)
        small.use_numpy()
        found = small.decoded(number, "exact_en", b"of the")
        assert found is not None and found.count == sizes[number].doc_frequency()
        assert small.decoded(number, "exact_en", b"of the") is found


def test_a_cycle_of_terms_past_the_budget_keeps_most_of_them():
    """Terms asked for in a cycle larger than the budget: dropping the least recently
    used alone would keep none for the next round; the admission by asks keeps all
    the budget holds, and a term asked for more often displaces one asked for less."""
    from undocs.search.decodedterms import DecodedTerms

    class Postings:
        def nbytes(self):
            return 100

    decoded = DecodedTerms(budget=300)
    keys = [("field", n) for n in range(5)]
    for _ in range(3):
        hits = 0
        for key in keys:
            if decoded.get(key) is not None:
                hits += 1
            else:
                decoded.put(key, Postings())
    assert hits == 3 and decoded._size == 300
    popular = ("field", "popular")
    for _ in range(10):
        if decoded.get(popular) is None:
            decoded.put(popular, Postings())
    assert decoded.get(popular) is not None and decoded._size == 300
