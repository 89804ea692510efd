"""The indexer's token-free postings equal what the analyzers give Whoosh, in every
language: the same terms, frequencies, weights and encoded positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import corpus_files
from undocs.analyzers import LANGS
from undocs.indexer import parse_file
from undocs.indexer.postings import indexers
from undocs.indexer.schema import build_schema, exact_field, meta_field, word_field

SCHEMA = build_schema()
TEXT = st.text(alphabet=st.one_of(
    st.sampled_from("聯合國际刑警组織和特立尼达的中华人民共和国国际合作 一二〇"
                    "AbcIÉß-/. 0129ＡＢ１２（），。　\t\n½\u0301"),
    st.characters(exclude_categories=("Cs",))), max_size=80)


OTHER_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from("United Nations l'Organisation INF/1/Rev.1 Ёлка ёж Объединённых "
                    "الأُمَمُ المتحدة ـ ١٢ ñandú Ñ ÉTATS ß ½ ﬁ \u0301 the of"),
    st.characters(exclude_categories=("Cs",))), max_size=80)


def _postings(text: str, lang: str) -> dict[str, list]:
    """Our postings of `text` in each of `lang`'s three fields, the terms as bytes."""
    paragraph, heading = indexers(SCHEMA, lang)
    fields = [word_field(lang), exact_field(lang), meta_field(lang)]
    return {name: [(term.encode("utf-8"), *rest) for term, *rest in postings]
            for name, postings in zip(fields, (*paragraph(text), heading(text)), strict=True)}


def _same(text: str, lang: str = "zh") -> None:
    for name, postings in _postings(text, lang).items():
        assert sorted(postings) == sorted(SCHEMA[name].index(text)), (name, text)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_paragraphs(path):
    document = parse_file(path)
    for paragraph in document.paragraphs:
        _same(paragraph.text, document.lang)
        _same(f"{document.title} {' '.join(paragraph.heading)}", document.lang)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_random_text(text):
    _same(text)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "zh"])
@settings(max_examples=100, deadline=None)
@given(text=OTHER_TEXT)
def test_random_text_other_languages(lang, text):
    _same(text, lang)


def test_other_languages_give_words_and_pairs():
    text = "The Conference of the Parties to the United Nations Convention"
    words, exact, meta = (dict((t, (f, w)) for t, f, w, _ in postings)
                          for postings in _postings(text, "en").values())
    assert words[b"parti"] == (1, 1.0) and words[b"the"] == (3, 3.0)
    assert exact[b"the"] == (3, 3.0) and exact[b"united nations"] == (1, 1.0)
    assert meta[b"convent"] == (1, 1.5)


@pytest.mark.parametrize("lang", LANGS)
def test_postings_of_small_frequencies_share_their_weight_and_value(lang):
    """The writer's pool keeps three slots per posting and no copy of the weight or
    value: paragraphs' postings of frequency 1 at one position hold the same objects,
    whichever document (each gets its own `indexers`) they are in."""
    first = "国际合作与引渡" if lang == "zh" else "cooperation and extradition"
    second = "安全理事会决议" if lang == "zh" else "security council resolutions"
    of_first, of_second = (indexers(SCHEMA, lang)[0](text) for text in (first, second))
    for field_first, field_second in zip(of_first, of_second, strict=True):
        (_, f1, w1, v1), (_, f2, w2, v2) = field_first[0], field_second[0]
        assert f1 == f2 == 1 and w1 is w2 and v1 is v2
