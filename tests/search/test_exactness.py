"""End-to-end guarantees of the query layer, on random samples of the real corpus:
quoted phrases match exactly the paragraphs that contain them, `source` traces edited
passages, and no query string whatever makes the searcher fail other than with a
QueryError."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import corpus_files
from undocs.analyzers import exact_analyzer_for, fold
from undocs.analyzers.ngram import strip_ws
from undocs.indexer import parse_file
from undocs.search import QueryError

QUOTES = set('"“”「」『』«»„')


def corpus_paragraphs() -> dict[str, list[tuple[tuple[str, str, str], str]]]:
    by_lang: dict[str, list] = {}
    for path in corpus_files():
        document = parse_file(path)
        for paragraph in document.paragraphs:
            key = (document.symbol, document.lang, paragraph.anchor)
            by_lang.setdefault(document.lang, []).append((key, paragraph.text))
    return by_lang


PARAGRAPHS = corpus_paragraphs()


def cut_phrase(rng: random.Random, lang: str, text: str) -> str | None:
    """A phrase cut from `text`: Chinese 2–8 characters, other languages 2–5 whole words;
    None if the text is too short or the cut holds a quote or nothing searchable."""
    if lang == "zh":
        size = rng.randint(2, 8)
        if len(text) <= size:
            return None
        start = rng.randrange(len(text) - size)
        phrase = text[start:start + size]
    else:
        spans = [(t.startchar, t.endchar)  # the words, not the word bigrams
                 for t in exact_analyzer_for(lang)(text, chars=True, mode="index")
                 if " " not in t.text]
        size = rng.randint(2, 5)
        if len(spans) <= size:
            return None
        i = rng.randrange(len(spans) - size)
        phrase = text[spans[i][0]:spans[i + size - 1][1]]
    if QUOTES & set(phrase) or not strip_ws(fold(phrase, lang)):
        return None
    return phrase


def sample_phrases(count: int, seed: int) -> list[tuple[str, str]]:
    """(lang, phrase) cut from the bundled corpus, every other one Chinese."""
    rng = random.Random(seed)
    langs = sorted(PARAGRAPHS)
    phrases = []
    while len(phrases) < count:
        lang = langs[len(phrases) % len(langs)] if len(phrases) % 2 else "zh"
        _, text = rng.choice(PARAGRAPHS[lang])
        phrase = cut_phrase(rng, lang, text)
        if phrase is not None:
            phrases.append((lang, phrase))
    return phrases


def truth(lang: str, phrase: str, paragraphs: dict = PARAGRAPHS) -> set:
    """The grep answer over the parser's output, after folding."""
    if lang == "zh":
        needle = strip_ws(fold(phrase, lang))
        return {key for key, text in paragraphs[lang] if needle in strip_ws(fold(text, lang))}
    words = re.findall(r"[^\W_]+", fold(phrase, lang))
    pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
    return {key for key, text in paragraphs[lang] if pattern.search(fold(text, lang))}


def test_quoted_phrases_match_exactly_the_paragraphs_that_contain_them(searcher):
    phrases = sample_phrases(200, seed=20231002)
    assert sum(1 for lang, _ in phrases if lang == "zh") >= 100
    checked = 0
    for lang, phrase in phrases:
        expected = truth(lang, phrase)
        result = searcher.search(f'"{phrase}"', lang=lang, limit=10_000, snippets=False)
        got = {(hit.symbol, hit.lang, hit.anchor) for hit in result.hits}
        assert got == expected, (lang, phrase)
        assert result.total == len(expected)
        checked += bool(expected)
    assert checked == 200  # every phrase came from the corpus, so each has its source


def _edit(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        i = rng.randrange(len(chars))
        action = rng.choice(["replace", "delete", "insert"])
        if action == "replace":
            chars[i] = rng.choice("xyzqwk的了")
        elif action == "delete" and len(chars) > 10:
            del chars[i]
        else:
            chars.insert(i, rng.choice("xyzqwk的了"))
    return "".join(chars)


def _unlabelled(text: str) -> str:
    """The text without its label and Arabic short vowels: 1.5.3 and 11.b.1 repeat each
    other but for one tanween (`تمشيا`/`تمشياً`), which a near-match cannot tell apart."""
    return re.sub(r"[\u064b-\u0652]", "", re.sub(r"^\d+(?:\.\w+)+\s", "", text))


def test_source_finds_50_edited_passages(searcher):
    rng = random.Random(4)
    pool = [(lang, key, text) for lang, items in PARAGRAPHS.items() for key, text in items
            if len(text) >= 60]
    found = 0
    for _ in range(50):
        lang, key, text = rng.choice(pool)
        size = rng.randint(40, 80) if lang != "zh" else rng.randint(20, 40)
        start = rng.randrange(0, max(1, len(text) - size))
        passage = _edit(text[start:start + size], rng, edits=rng.randint(1, 3))
        best = searcher.source(passage, limit=1).hits[0]
        # several SDG indicators repeat word for word under different targets
        assert _unlabelled(best.text) == _unlabelled(text), (passage, key, best.citation)
        found += 1
    assert found == 50


_noise = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "AND", "lang:", "symbol:",
                              "date:", "foo:", "*", "?", "\\", "[", "]", "^", "$", ".*",
                              "国际合作", "human", "rights", "“", "」", ":", "¶", "|", "&&",
                              "date:2020..", "symbol:A/*", "lang:zh", " ", "\x00", "\n"]),
             max_size=20).map(" ".join),
)


@settings(max_examples=2000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_noise)
def test_random_query_strings_never_fail_otherwise(searcher, query):
    try:
        searcher.search(query, limit=3)
    except QueryError as err:
        assert str(err) and "\n" not in str(err).strip("\n")


@pytest.mark.parametrize("query", [
    "国际合作 " * 2000,  # 10 KB
    "(" * 500 + "x" + ")" * 500,
    "a" * 10_000,
    '"' + "国际" * 3000 + '"',
])
def test_huge_queries_are_answered_or_refused_in_one_line(searcher, query):
    try:
        searcher.search(query, limit=3)
    except QueryError as err:
        assert len(str(err)) < 300
