"""Hypothesis properties over random mixed-script text, for every analyzer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.analyzers import LANGS, analyzer_for, exact_analyzer_for, fold_with_offsets

from .helpers import check_stream, tokens

POOL = (
    "聯合国际刑警组織和特立尼达的 一二〇"  # Han, traditional and simplified
    "AbcIÉéßﬁİ-/.'’_ 0129"  # Latin, ligatures, punctuation
    "ПреступностьЁёйИ"  # Cyrillic
    "الأُمَمُـىإآةٱ٢٠"  # Arabic with diacritics, tatweel, digits
    "ＡＢ１２（），。　ｶﾞ½㈱"  # full-width, half-width, compatibility
    "\u0301\u0306\u0303\u0308\u064b\u0670\u1161\u11a8"  # combining marks, jamo
    " \t\n\r\u00a0\u2028"  # whitespace
)
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(POOL), st.characters(exclude_categories=("Cs",))),
    max_size=60,
)
ANALYZERS = [(lang, analyzer_for(lang), exact_analyzer_for(lang)) for lang in LANGS]


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_every_analyzer_is_total_ordered_and_deterministic(text):
    for lang, word, exact in ANALYZERS:
        for an in (word, exact):
            for mode in ("index", "query"):
                first = tokens(an, text, mode)
                # zh sub-words and every exact field's bigrams share a word's position
                check_stream(first, text, shared_positions=lang == "zh" or an is exact)
                assert tokens(an, text, mode) == first


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_fold_offsets(text):
    for lang in LANGS:
        folded, offs = fold_with_offsets(text, lang)
        assert len(offs) == len(folded) + 1
        assert offs[-1] == len(text)
        assert all(0 <= a <= b for a, b in zip(offs, offs[1:], strict=False))
        assert all(o < len(text) for o in offs[:-1])
