"""The marks of a snippet (`search.snippets.match_spans`) are where the index's own
analyzers put the query's terms. The fast path (one fold and word split, stems in one
call; Chinese substrings found in the runs of non-whitespace) is compared with the
analyzer token streams it replaces (`reference_spans`, the previous implementation),
on every paragraph of the bundled corpus under queries cut from it, and on random text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.search.test_exactness import PARAGRAPHS, cut_phrase
from undocs.analyzers import LANGS, analyzer_for, exact_analyzer_for
from undocs.analyzers.ngram import substring_spans
from undocs.search import QueryError, snippets
from undocs.search.compile import Highlight
from undocs.search.snippets import make_snippet, match_spans


def reference_spans(text: str, lang: str, highlight: Highlight) -> list[tuple[int, int]]:
    """The marks through the analyzers' token streams (the implementation replaced)."""
    if lang == "zh":
        spans = []
        words = set(highlight.words)
        for terms in highlight.phrases:
            spans += substring_spans(text, snippets._grams_text(terms))
        for grams, run_words in highlight.runs:
            found = substring_spans(text, snippets._grams_text(grams))
            spans += found
            if not found:
                words |= run_words
        if words:
            spans += snippets._word_spans_zh(text, words)
        return snippets._merge(spans)
    by_position: dict[int, dict[str, tuple[int, int]]] = {}
    if highlight.phrases:
        for token in exact_analyzer_for(lang)(text, positions=True, chars=True, mode="index"):
            by_position.setdefault(token.pos, {})[token.text] = (token.startchar, token.endchar)
    spans = []
    for terms in highlight.phrases:
        for position, tokens in by_position.items():
            if terms[0] not in tokens:
                continue
            ends = [by_position.get(position + i, {}).get(term) for i, term in enumerate(terms)]
            if all(ends):
                spans.append((tokens[terms[0]][0], ends[-1][1]))
    if highlight.words:
        for token in analyzer_for(lang)(text, positions=True, chars=True, mode="index"):
            if token.text in highlight.words:
                spans.append((token.startchar, token.endchar))
    return snippets._merge(spans)


def _highlights(searcher, lang: str, queries: list[str]) -> list[Highlight]:
    """What each query marks in `lang` (a query the parser refuses is left out)."""
    found = []
    for query in queries:
        try:
            found.append(searcher.compile(query).highlights[lang])
        except QueryError:  # an unquoted cut holding `(` or `OR`
            continue
    return found


def _queries(rng: random.Random, lang: str, text: str, others: list[str]) -> list[str]:
    """Queries that mark `text`: a phrase cut from it, quoted and bare (its words, or
    for Chinese an unquoted run), and a word of it OR a phrase of another paragraph."""
    found = []
    phrase = cut_phrase(rng, lang, text)
    if phrase is not None:
        found += [f'"{phrase}"', phrase]
    other = cut_phrase(rng, lang, rng.choice(others))
    words = re.findall(r"[^\W_]+", text)
    if words and other is not None:
        found.append(f'{rng.choice(words)} OR "{other}"')
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_corpus_paragraph_is_marked_as_the_analyzers_mark_it(searcher, lang):
    rng = random.Random(f"marks-{lang}")
    texts = [text for _, text in PARAGRAPHS[lang]]
    marked = 0
    for text in texts:
        for highlight in _highlights(searcher, lang, _queries(rng, lang, text, texts)):
            expected = reference_spans(text, lang, highlight)
            assert match_spans(text, lang, highlight) == expected, (lang, highlight, text)
            marked += bool(expected)
    assert marked >= len(texts)  # the queries cut from a paragraph mark it


def test_snippets_of_long_texts_are_unchanged(searcher, monkeypatch):
    """The windows and ellipses of texts longer than a snippet, through both."""
    rng = random.Random("windows")
    cases = []
    for lang in LANGS:
        texts = [text for _, text in PARAGRAPHS[lang] if len(text) > snippets.SNIPPET_CHARS]
        for text in rng.sample(texts, min(40, len(texts))):
            for highlight in _highlights(searcher, lang, _queries(rng, lang, text, texts)):
                cases.append((text, lang, highlight))
    assert len(cases) > 600
    ours = [make_snippet(text, lang, hl).render() for text, lang, hl in cases]
    monkeypatch.setattr(snippets, "match_spans", reference_spans)
    assert ours == [make_snippet(text, lang, hl).render() for text, lang, hl in cases]


# random text: letters with case, accents (composed and decomposed), ligatures,
# digits, punctuation and whitespace of several kinds; Chinese with Traditional forms
_LATIN = "aAbBeEéÉèiIoOnNñsSß\u0301\u0306ﬁ1 2-.,'’\t\u3000\u00a0"
_CYRILLIC = "аАбБеЁёйИи\u0306 -,."
_ARABIC = "الأمممتحدةى\u064e\u0640 ١٢ ،"
_HAN = "联合國国际合作和發展人权 \u3000a1,。，"
_ALPHABETS = {"en": _LATIN, "fr": _LATIN, "es": _LATIN, "ru": _CYRILLIC + _LATIN[:8],
              "ar": _ARABIC, "zh": _HAN}


@st.composite
def text_and_query(draw):
    lang = draw(st.sampled_from(LANGS))
    text = draw(st.text(st.sampled_from(_ALPHABETS[lang]), max_size=60))
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        piece = text[start:start + draw(st.integers(1, 12))]
        if not re.search(r"[^\W_]", piece) or '"' in piece:
            piece = draw(st.text(st.sampled_from(_ALPHABETS[lang]), min_size=1, max_size=6))
        if not re.search(r"[^\W_]", piece):
            continue
        quoted = draw(st.booleans())
        pieces.append(f'"{piece}"' if quoted else piece)
    return lang, text, " OR ".join(pieces) or "x"


@settings(max_examples=400, deadline=None)
@given(text_and_query())
def test_random_text_is_marked_as_the_analyzers_mark_it(searcher, case):
    lang, text, query = case
    for highlight in _highlights(searcher, lang, [query]):
            assert match_spans(text, lang, highlight) == reference_spans(text, lang, highlight)
