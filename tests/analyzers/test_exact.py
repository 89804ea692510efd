"""The exact-field guarantee: a quoted phrase matches iff its folded form occurs."""

from __future__ import annotations

import random
import re
import zlib

import pytest

from undocs.analyzers import exact_analyzer_for, exact_phrase_terms, fold
from undocs.analyzers.ngram import strip_ws

from .conftest import paragraphs


def stream_by_position(lang: str, text: str) -> list[set[str]]:
    """The terms the exact field holds at each position."""
    by_position: dict[int, set[str]] = {}
    for t in exact_analyzer_for(lang)(text, positions=True, mode="index"):
        by_position.setdefault(t.pos, set()).add(t.text)
    return [by_position[p] for p in sorted(by_position)]


def occurs(terms: list[str], stream: list[set[str]], lang: str) -> bool:
    """Whether the query layer's exact query for `terms` matches the stream: consecutive
    positions, or for one Chinese character a prefix of some bigram."""
    if lang == "zh" and len(terms) == 1 and len(terms[0]) == 1:
        return any(tok.startswith(terms[0]) for toks in stream for tok in toks)
    n = len(terms)
    return any(all(terms[k] in stream[i + k] for k in range(n))
               for i in range(len(stream) - n + 1))


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
        for stream, truth in zip(streams, truths, strict=True):
            found = occurs(terms, stream, "zh")
            assert found == (needle in truth), (ph, truth[:80])
            hits += found
        # a raw substring of a paragraph is always found (fold is context-free)
        if n < 300:
            assert any(occurs(terms, stream, "zh") for stream in streams), ph
    assert hits > 300


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar"])
def test_word_phrases_against_all_paragraphs(lang):
    paras = paragraphs(lang)
    streams = [stream_by_position(lang, p) for p in paras]
    folded = [fold(p, lang) for p in paras]
    rng = random.Random(zlib.crc32(lang.encode()))
    for _ in range(100):
        p = rng.choice(paras)
        toks = [(t.startchar, t.endchar)
                for t in exact_analyzer_for(lang)(p, chars=True, mode="query")]
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
            found = occurs(terms, stream, lang)
            assert found == bool(rx.search(truth)), (phrase, truth[:80])
            found_any |= found
        assert found_any, phrase


def test_phrases_are_word_bigrams():
    from undocs.analyzers.shingles import bigram_terms

    assert exact_phrase_terms("in accordance with the", "en") == [
        "in accordance", "accordance with", "with the"]
    assert exact_phrase_terms("of the", "en") == ["of the"]  # a single term: no positions
    assert exact_phrase_terms("Security Council", "en") == ["security council"]
    assert exact_phrase_terms("Conseil de sécurité", "fr") == ["conseil de", "de securite"]
    assert exact_phrase_terms("Council", "en") == ["council"]
    assert bigram_terms(["rome", "statute", "of"]) == ["rome statute", "statute of"]
    stream = stream_by_position("en", "Recalls the Rome Statute of the Court.")
    assert stream[1] == {"the", "the rome"} and stream[3] == {"statute", "statute of"}
    assert stream[6] == {"court"}  # the last word pairs with nothing
    assert occurs(exact_phrase_terms("Rome Statute of the", "en"), stream, "en")
    assert not occurs(exact_phrase_terms("Rome of the", "en"), stream, "en")
