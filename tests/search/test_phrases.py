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
            terms.use_numpy()
            assert terms.scores(number, fieldname, words, docs, columns) == one_each
            assert len(one_each) == len(docs) and all(score > 0 for score in one_each)


WHOLE_TERMS = [("exact_en", b"of the"), ("exact_en", b"organized crime"),
               ("exact_zh", "国际".encode()), ("exact_zh", "合作".encode()),
               ("text_fr", b"conseil")]


def test_a_term_decoded_whole_is_its_postings_in_every_segment_joined(segmented):
    """`Terms.decoded_whole`: every segment's postings of the term, in order, at the
    index's docnums, deleted documents left out (the index has some), each with its
    weight and positions, as Whoosh's matchers read them one segment at a time; kept."""
    import numpy

    from undocs.indexer.codec import decode_positions
    from undocs.search.terms import read_postings

    searcher, _ = segmented
    terms = Terms(searcher._searcher, decode_from=1)
    terms.use_numpy()
    dropped = 0
    for fieldname, btext in WHOLE_TERMS:
        ids, weights, values = [], [], []
        for number, (_, offset) in enumerate(terms.segments):
            if terms.info(number, fieldname, btext) is None:
                continue
            found = read_postings(terms.matcher(number, fieldname, btext), True, None)
            ids += [offset + doc for doc in found[0]]
            weights += found[1]
            values += found[2]
            dropped += terms.info(number, fieldname, btext).doc_frequency() - len(found[0])
        [whole] = terms.decoded_whole(fieldname, [btext])
        assert whole.ids[:whole.count].tolist() == ids and whole.count > 0, btext
        assert whole.weights.tolist() == weights, btext
        if fieldname.startswith("exact_"):  # positions (a phrase's), decoded
            owners, positions = whole.positions_at(whole.every(), numpy)
            found = [[] for _ in range(whole.count)]
            for owner, position in zip(owners.tolist(), positions.tolist(), strict=True):
                found[owner].append(position)
            assert found == [decode_positions(value) for value in values], btext
            assert any(len(each) > 1 for each in found)  # some with several positions
        assert terms.decoded_whole(fieldname, [btext])[0] is whole  # kept
    assert dropped > 0  # some postings were of deleted documents


def test_rare_terms_are_not_decoded_whole(segmented):
    """A phrase with a term under `decode_from` postings in the whole index (or none)
    is read segment by segment, where that term's few documents are."""
    searcher, _ = segmented
    terms = Terms(searcher._searcher)
    terms.use_numpy()
    common = [b"of the"]
    assert terms.decoded_whole("exact_en", common) is not None
    assert terms.decoded_whole("exact_en", common + [b"organized crime"]) is None
    assert terms.decoded_whole("exact_en", [b"no such pair"]) is None
    assert Terms(searcher._searcher).decoded_whole("exact_en", common) is None  # no numpy


def test_scores_of_the_index_s_docnums_are_those_of_each_segment_s(segmented):
    """`Terms.scores` of the index's docnums (terms decoded whole) gives each document
    the float its own segment's scores give it."""
    import numpy

    searcher, _ = segmented
    terms = Terms(searcher._searcher)
    terms.use_numpy()
    rng = random.Random(4)
    for fieldname, words in [("exact_en", [b"of the", b"the united"]), ("text_fr", [b"conseil"])]:
        docs, columns, expected = [], [[] for _ in words], []
        for number, (reader, offset) in enumerate(terms.segments):
            local = sorted(rng.sample(range(reader.doc_count_all()), 80))
            weights = [[rng.choice([1.0, 2.0, 3.0, 0.5]) for _ in local] for _ in words]
            expected += terms.scores(number, fieldname, words, local, weights)
            docs += [offset + doc for doc in local]
            for column, part in zip(columns, weights, strict=True):
                column += part
        assert terms.scores(None, fieldname, words, numpy.array(docs), columns) == expected
        few = terms.scores(None, fieldname, words, docs[:5], [column[:5] for column in columns])
        assert few == expected[:5]  # a call each, below numpy's threshold
