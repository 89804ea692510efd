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


def _same(text: str, lang: str = "zh") -> None:
    fields = [word_field(lang), exact_field(lang), meta_field(lang)]
    for name, postings_of in zip(fields, indexers(SCHEMA, lang), strict=True):
        assert sorted(postings_of(text)) == sorted(SCHEMA[name].index(text)), (name, text)


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
    words, exact, meta = (dict((t, (f, w)) for t, f, w, _ in postings_of(text))
                          for postings_of in indexers(SCHEMA, "en"))
    assert words[b"parti"] == (1, 1.0) and words[b"the"] == (3, 3.0)
    assert exact[b"the"] == (3, 3.0) and exact[b"united nations"] == (1, 1.0)
    assert meta[b"convent"] == (1, 1.5)
