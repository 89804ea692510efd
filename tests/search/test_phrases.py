"""Quoted phrases of several terms (`search.phrases`) find, score and rank what Whoosh's
own phrase matchers find, on an index of several segments, one of them with deleted
documents: random phrases cut from real paragraphs, and phrases of words put together
at random (most of them match nothing, some only in part)."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS
from tests.search.test_evaluate import check, searcher_langs
from tests.search.test_exactness import cut_phrase, truth
from undocs.indexer.build import update_index
from undocs.search import Searcher
from undocs.search.evaluate import Evaluator
from undocs.search.terms import Terms

FIRST = ["un-charter.en.md", "un-charter.zh.md", "un-charter.fr.md",
         "un-ctoc-cop-wg3-2023-report.zh.md", "untoc.en.md", "a-res-80-9.en.md"]
LATER = ["a-res-80-6.en.md", "sdg-indicators.zh.md", "sdg-indicators.ru.md"]
# replaced in the last commit: their old paragraphs stay in the first segment, deleted,
# between paragraphs of other files that stay
CHANGED = {"un-ctoc-cop-wg3-2023-report.zh.md": ("国际合作", "国际协作"),
           "untoc.en.md": ("organized crime", "organised crime")}


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """A Searcher over an index built in three commits (the last one replaces a file
    of the first, so that segment holds deleted documents), and the paragraphs it
    holds, as `test_exactness.truth` reads them."""
    from undocs.indexer import parse_file

    folder = tmp_path_factory.mktemp("docs")
    index_dir = tmp_path_factory.mktemp("segmented") / "index"
    for name in FIRST:
        shutil.copy(CORPUS / name, folder / name)
    update_index(index_dir, [folder], jobs=1)
    for name in LATER:
        shutil.copy(CORPUS / name, folder / name)
    update_index(index_dir, [folder], jobs=1)
    for name, (old, new) in CHANGED.items():
        changed = folder / name
        changed.write_text(changed.read_text(encoding="utf-8").replace(old, new),
                           encoding="utf-8")
    update_index(index_dir, [folder], jobs=1)
    paragraphs: dict[str, list] = {}
    for path in sorted(folder.glob("*.md")):
        document = parse_file(path)
        for paragraph in document.paragraphs:
            key = (document.symbol, document.lang, paragraph.anchor)
            paragraphs.setdefault(document.lang, []).append((key, paragraph.text))
    with Searcher(index_dir) as searcher:
        yield searcher, paragraphs


@pytest.fixture(scope="module")
def decoding(segmented):
    """A second Searcher over the same index whose every term is decoded whole
    (`Terms.decoded`, which the default keeps for terms of 2,048 postings or more),
    within 64 KB: terms are dropped and decoded again as the queries go."""
    searcher, paragraphs = segmented
    with Searcher(searcher.index_dir) as other:
        whoosh = other._searcher
        terms = Terms(whoosh, decode_from=1, decoded_budget=64 << 10)
        terms.use_numpy()
        other._evaluator = Evaluator(whoosh, filter_docs=other._filters.docs, terms=terms)
        yield other, paragraphs


def test_the_index_has_segments_and_deletions(segmented):
    searcher, _ = segmented
    reader = searcher._searcher.reader()
    assert len(searcher._searcher.leaf_searchers()) >= 2
    assert reader.has_deletions()


def ranked_as_whoosh(searcher: Searcher, text: str, lang: str | None = None) -> int:
    """Hits, order, scores and total of `search` are those of Whoosh's own search
    (its matchers) for the same compiled query; returns the total."""
    langs = searcher_langs() if lang is None else (lang,)
    query, allowed = searcher._with_filters(searcher.compile(text, langs), langs, None, None,
                                            None)
    searcher._last_scores = None
    result = searcher.search(text, lang=lang, limit=20, snippets=False)
    theirs = searcher._searcher.search(query, limit=None, filter=allowed)
    expected = sorted(((hit.score, -hit.docnum) for hit in theirs), reverse=True)[:20]
    ours = [(hit.score, hit.citation) for hit in result.hits]
    assert result.total == len(theirs), text
    cited = [searcher._hit(searcher._searcher.stored_fields(-negated), 0, score, None)
             for score, negated in expected]
    assert [hit.citation for hit in cited] == [citation for _, citation in ours], text
    for (score, _), (mine, _) in zip(expected, ours, strict=True):
        assert mine == pytest.approx(score, rel=1e-9), text
    return result.total


@pytest.mark.parametrize("fixture", ["segmented", "decoding"])
def test_phrases_across_segments_and_deleted_documents(fixture, request):
    searcher, paragraphs = request.getfixturevalue(fixture)
    for text, lang in [('"organized crime"', "en"), ('"organised crime"', None),
                       ('"国际合作"', "zh"), ('"国际协作"', None), ('"the Security Council"', "en"),
                       ('"of the United Nations"', None), ('"联合国会员国"', "zh"),
                       ('"Conseil de sécurité"', "fr")]:
        total = ranked_as_whoosh(searcher, text, lang)
        check(searcher, text)
        assert total > 0, text
        if lang is not None:
            assert total == len(truth(lang, text.strip('"'), paragraphs)), text
    for name, (old, new) in CHANGED.items():  # the old text's deleted paragraphs are gone
        lang = name.split(".")[-2]
        for phrase in (old, new):
            assert searcher.search(f'"{phrase}"', lang=lang, snippets=False).total == \
                len(truth(lang, phrase, paragraphs)) > 0
    if fixture == "decoding":  # the phrases were read from decoded terms, some dropped
        decoded = searcher._evaluator.terms._decoded
        assert decoded._terms and decoded._size <= 64 << 10
        assert sum(term.count for term in decoded._terms.values()) > 1000
    spread = searcher._searcher.search(searcher.compile('"of the United Nations"').query,
                                       limit=None)
    starts = [offset for _, offset in searcher._searcher.leaf_searchers()]
    assert len({sum(doc >= start for start in starts) for doc in
                (hit.docnum for hit in spread)}) >= 2  # matches in several segments


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_random_phrases_rank_as_whoosh_ranks_them(segmented, decoding, rng: random.Random,
                                                  mixed: bool, decoded: bool):
    searcher, paragraphs = decoding if decoded else segmented
    lang = rng.choice(sorted(paragraphs))
    _, text = rng.choice(paragraphs[lang])
    phrase = cut_phrase(rng, lang, text)
    if phrase is None:
        return
    if mixed:  # words of the phrase, shuffled, repeated or from another paragraph
        words = list(phrase) if lang == "zh" else phrase.split()
        _, other = rng.choice(paragraphs[lang])
        words += (list(other) if lang == "zh" else other.split())[:3]
        words = rng.choices(words, k=rng.randint(2, 6))
        phrase = ("" if lang == "zh" else " ").join(words)
        if '"' in phrase:
            return
    if len(re.findall(r"[^\W_]", phrase)) < 2:
        return  # no word to search for (an error), or one character: a Chinese one is a
        # prefix query, which Whoosh scores by the size of the segment (`search.evaluate`)
    within = rng.choice([lang, None])  # one language, or all six
    total = ranked_as_whoosh(searcher, f'"{phrase}"', within)
    check(searcher, f'"{phrase}"')
    if not mixed and within is not None:
        assert total == len(truth(lang, phrase, paragraphs)) > 0


def test_scores_by_numpy_are_the_floats_of_one_call_each(segmented):
    """`Terms.scores` computes the same floats whether by numpy (once a term is decoded)
    or by a call per posting, for documents with and without a field length."""
    import numpy

    searcher, _ = segmented
    terms = Terms(searcher._searcher)
    rng = random.Random(3)
    for fieldname, words in [("exact_en", [b"of the", b"the united"]),
                             ("exact_zh", ["国际".encode()]), ("text_fr", [b"conseil"])]:
        for number in range(len(terms.segments)):
            count = len(terms.field_lengths(number, fieldname))
            docs = sorted(rng.sample(range(count + 5), min(count + 5, 300)))  # 5 past the column
            columns = [[rng.choice([1.0, 2.0, 3.0, 0.5]) for _ in docs] for _ in words]
            terms._decoded.numpy = None
            one_each = terms.scores(number, fieldname, words, docs, columns)
            terms._decoded.use_numpy(numpy)
            assert terms.scores(number, fieldname, words, docs, columns) == one_each
            assert len(one_each) == len(docs) and all(score > 0 for score in one_each)
