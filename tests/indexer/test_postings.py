"""The indexer's token-free postings for Chinese equal what the analyzers give Whoosh."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import corpus_files
from undocs.indexer import parse_file
from undocs.indexer.postings import indexers
from undocs.indexer.schema import build_schema, exact_field, meta_field, word_field

SCHEMA = build_schema()
FIELDS = [word_field("zh"), exact_field("zh"), meta_field("zh")]
TEXT = st.text(alphabet=st.one_of(
    st.sampled_from("聯合國际刑警组織和特立尼达的中华人民共和国国际合作 一二〇"
                    "AbcIÉß-/. 0129ＡＢ１２（），。　\t\n½\u0301"),
    st.characters(exclude_categories=("Cs",))), max_size=80)


def _same(text: str) -> None:
    for name, postings_of in zip(FIELDS, indexers(SCHEMA, "zh"), strict=True):
        assert sorted(postings_of(text)) == sorted(SCHEMA[name].index(text)), (name, text)


@pytest.mark.parametrize("path", [p for p in corpus_files() if p.name.endswith(".zh.md")],
                         ids=lambda p: p.name)
def test_chinese_corpus_paragraphs(path):
    document = parse_file(path)
    for paragraph in document.paragraphs:
        _same(paragraph.text)
        _same(f"{document.title} {' '.join(paragraph.heading)}")


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_random_text(text):
    _same(text)


def test_other_languages_go_through_their_analyzers():
    text = "The Conference of the Parties to the United Nations Convention"
    for lang in ("en", "fr", "ru"):
        for name, postings_of in zip((word_field(lang), exact_field(lang), meta_field(lang)),
                                     indexers(SCHEMA, lang), strict=True):
            assert sorted(postings_of(text)) == sorted(SCHEMA[name].index(text))
