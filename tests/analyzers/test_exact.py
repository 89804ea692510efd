"""The exact-field guarantee: a quoted phrase matches iff its folded form occurs."""

from __future__ import annotations

import random
import re
import zlib

import pytest

from analyzers import exact_analyzer_for, exact_phrase_terms, fold
from analyzers.ngram import strip_ws

from .conftest import paragraphs

SEP = "\x00"


def stream_by_position(lang: str, text: str) -> list[str]:
    """The term a phrase can match at each position (zh: the bigram, else the word)."""
    out: dict[int, str] = {}
    uni: dict[int, str] = {}
    for t in exact_analyzer_for(lang)(text, positions=True, mode="index"):
        if lang == "zh" and len(t.text) == 1:
            uni[t.pos] = t.text
        else:
            out[t.pos] = t.text
    return [out[p] for p in sorted(out)], [uni[p] for p in sorted(uni)]


def occurs(terms: list[str], stream: list[str]) -> bool:
    return (SEP + SEP.join(terms) + SEP) in (SEP + SEP.join(stream) + SEP)


def test_zh_random_substrings_against_all_paragraphs():
    paras = paragraphs("zh")
    streams = [stream_by_position("zh", p) for p in paras]
    truths = [strip_ws(fold(p, "zh")) for p in paras]
    rng = random.Random(20231002)
    phrases = []
    while len(phrases) < 300:
        p = rng.choice(paras)
        n = rng.randint(1, 8) if len(phrases) % 10 == 0 else rng.randint(2, 8)
        if len(p) > n:
            i = rng.randrange(len(p) - n)
            if strip_ws(p[i:i + n]):
                phrases.append(p[i:i + n])
    phrases += ["特立尼达和多巴哥", "國際合作", "国际合作", "联合国宪章", "不存在的短语"]
    hits = 0
    for n, ph in enumerate(phrases):
        terms = exact_phrase_terms(ph, "zh")
        needle = strip_ws(fold(ph, "zh"))
        for (bigrams, unigrams), truth in zip(streams, truths, strict=True):
            stream = unigrams if len(needle) == 1 else bigrams
            found = occurs(terms, stream)
            assert found == (needle in truth), (ph, truth[:80])
            hits += found
        # a raw substring of a paragraph is always found (fold is context-free)
        if n < 300:
            assert any(occurs(terms, b if len(needle) > 1 else u) for b, u in streams), ph
    assert hits > 300


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar"])
def test_word_phrases_against_all_paragraphs(lang):
    paras = paragraphs(lang)
    streams = [stream_by_position(lang, p)[0] for p in paras]
    folded = [fold(p, lang) for p in paras]
    rng = random.Random(zlib.crc32(lang.encode()))
    for _ in range(100):
        p = rng.choice(paras)
        toks = [(t.startchar, t.endchar) for t in exact_analyzer_for(lang)(p, chars=True)]
        k = rng.randint(2, 5)
        if len(toks) <= k:
            continue
        i = rng.randrange(len(toks) - k)
        phrase = p[toks[i][0]:toks[i + k - 1][1]]
        terms = exact_phrase_terms(phrase, lang)
        words = re.findall(r"[^\W_]+", fold(phrase, lang))
        rx = re.compile(
            r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])"
        )
        found_any = False
        for stream, truth in zip(streams, folded, strict=True):
            found = occurs(terms, stream)
            assert found == bool(rx.search(truth)), (phrase, truth[:80])
            found_any |= found
        assert found_any, phrase
