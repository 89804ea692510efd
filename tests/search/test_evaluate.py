"""The bulk evaluator finds what Whoosh's matchers find, with Whoosh's scores.

One difference is intended: under an AND, Whoosh's AndMaybe matcher sometimes drops
the score of its optional part (its `skip_to` moves the optional matcher to the target,
not to where the required one landed). The reference below therefore scores an AND
as the sum of its parts, each scored by Whoosh."""

from __future__ import annotations

import random
import re

import pytest
from whoosh import query as wq

from tests.search.test_exactness import sample_phrases
from undocs.indexer.build import update_index
from undocs.search import Searcher
from undocs.search.evaluate import Evaluator
from undocs.search.terms import Terms

QUERIES = [
    "cooperation", "human rights", '"United Nations"', '"in accordance with the"',
    '"of the"', "Security Council", '"Member States" cooperation', "coopération",
    "cooperation OR extradition", "международного сотрудничества", '"الأمم المتحدة"',
    "国际合作", "引渡 司法协助", '"国际合作"', "聯合國", '"第四十一条"', "I-24/7", "RevMod",
    '"the Parties" lang:en', "Convention symbol:untoc", "rights date:2025..2026",
    "rights -human", '"Security Council" -"General Assembly"', "国际 -合作",
    "rights NOT (human OR equal)", "(cooperation -extradition) OR 引渡",
    '"国"', "法", "法 lang:zh", "国 -合作",
    "human OR lang:zh", "(rights lang:en) OR 引渡", "rights -lang:fr",
]


def whoosh_scores(searcher: Searcher, query: wq.Query, allowed=None) -> dict[int, float]:
    if type(query) is wq.And:
        parts = [whoosh_scores(searcher, sub, allowed) for sub in query.subqueries]
        common = set(parts[0]).intersection(*parts[1:])
        return {doc: sum(part[doc] for part in parts) for doc in common}
    results = searcher._searcher.search(query, limit=None, filter=allowed)
    return {hit.docnum: hit.score for hit in results}


def check(searcher: Searcher, text: str) -> int:
    compiled = searcher.compile(text)
    query, allowed = searcher._with_filters(compiled, searcher_langs(), None, None, None)
    ours = searcher._evaluator.scores(query, within=allowed)
    assert ours is not None, text  # every query `search.compile` makes is handled
    theirs = whoosh_scores(searcher, query, allowed)
    assert set(ours) == set(theirs), text
    for doc, score in theirs.items():
        assert ours[doc] == pytest.approx(score, rel=1e-9), (text, doc)
    return len(ours)


def searcher_langs():
    from undocs.analyzers import LANGS

    return LANGS


def test_queries_match_and_score_as_whoosh_does(searcher):
    assert sum(check(searcher, text) > 0 for text in QUERIES) == len(QUERIES)


def test_random_phrases_and_words(searcher):
    rng = random.Random(7)
    for lang, phrase in sample_phrases(60, seed=11):
        check(searcher, f'"{phrase}"')
        words = re.findall(r"[^\W_]+", phrase)
        if lang == "zh":
            words = [phrase[i:i + 2] for i in range(0, len(phrase) - 1, 2)]
        words = [word for word in words if re.fullmatch(r"[^\W_]+", word)]
        if words:
            check(searcher, " ".join(words))
            check(searcher, f"{rng.choice(words)} OR {words[0]}")


def test_not_without_filter_sets_goes_to_whoosh(searcher):
    bare = Evaluator(searcher._searcher)  # no cached filter sets: NOT needs them
    assert bare.scores(searcher.compile("rights -human").query) is None
    assert bare.scores(searcher.compile("rights").query) is not None


@pytest.mark.parametrize("query", ["-human lang:en", "lang:zh -国际", "-rights -human"])
def test_pure_negations_list_the_paragraphs_whoosh_lists(searcher, query):
    compiled = searcher.compile(query)
    whoosh_query, allowed = searcher._with_filters(compiled, searcher_langs(), None, None,
                                                   None)
    ours = list(searcher._docnums(whoosh_query, allowed))
    theirs = [doc for doc in searcher._searcher.docs_for_query(whoosh_query)
              if allowed is None or doc in allowed]
    assert ours == theirs and ours
    assert searcher._evaluator.scores(whoosh_query, within=allowed) is not None


def test_deleted_versions_are_not_found(tmp_path, small_corpus):
    folder = small_corpus
    index_dir = tmp_path / "index"
    update_index(index_dir, [folder], jobs=1)
    changed = folder / "untoc.en.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "transnational", "cross-border"), encoding="utf-8")
    update_index(index_dir, [folder], jobs=1)
    with Searcher(index_dir) as searcher:
        assert searcher._searcher.reader().has_deletions()
        assert check(searcher, '"organized crime"') > 0
        assert check(searcher, "transnational") > 0  # the other file still has it
        assert check(searcher, '"cross-border organized crime"') > 0
        hits = searcher.search("transnational", limit=100).hits
        assert hits and all(hit.symbol != "UNTOC" for hit in hits)
        # a searcher kept open (numpy, every term decoded) leaves them out alike
        terms = Terms(searcher._searcher, decode_from=1)
        terms.use_numpy()
        searcher._evaluator = Evaluator(searcher._searcher, filter_docs=searcher._filters.docs,
                                        terms=terms)
        for text in ('"organized crime"', "transnational", '"cross-border organized crime"',
                     "transnational crime", "organized OR crime"):
            assert check(searcher, text) > 0, text
        hits = searcher.search("transnational", limit=100).hits
        assert hits and all(hit.symbol != "UNTOC" for hit in hits)
