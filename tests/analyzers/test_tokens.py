"""Token streams of every analyzer on the real corpus, and the issue's required cases."""

from __future__ import annotations

import re
import unicodedata

import pytest
import Stemmer

from undocs.analyzers import (
    LANGS,
    analyzer_for,
    exact_analyzer_for,
    exact_phrase_terms,
    fold,
    query_terms,
)
from undocs.analyzers.ngram import END, strip_ws

from .conftest import corpus_files
from .helpers import check_stream, tokens

SNOWBALL = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian",
            "ar": "arabic"}


@pytest.mark.parametrize("lang", LANGS)
def test_corpus_word_streams(lang):
    an = analyzer_for(lang)
    stem = Stemmer.Stemmer(SNOWBALL[lang]).stemWord if lang != "zh" else (lambda w: w)
    for name, text in corpus_files(lang):
        toks = tokens(an, text)
        assert toks, name
        check_stream(toks, text, shared_positions=lang == "zh")
        for t in toks:
            assert stem(fold(text[t.start:t.end], lang)) == t.text, (name, t)


@pytest.mark.parametrize("lang", LANGS)
def test_corpus_exact_streams(lang):
    an = exact_analyzer_for(lang)
    for name, text in corpus_files(lang):
        toks = tokens(an, text)
        check_stream(toks, text, shared_positions=True)
        for t in toks:
            span = fold(text[t.start:t.end], lang)
            if lang == "zh":  # a bigram, or the last character and END
                assert strip_ws(span) == t.text.rstrip(END), (name, t)
            else:  # a word, or a word bigram spanning both words
                assert re.findall(r"[^\W_]+", span) == t.text.split(), (name, t)
        if lang == "zh":
            # one token per non-space folded character, positions 0..n-1
            n = len(strip_ws(fold(text, lang)))
            assert toks[-1].pos == n - 1 and len(toks) == n
            assert toks[-1].text.endswith(END)


def test_zh_positions_count_words_not_chars():
    toks = tokens(analyzer_for("zh"), "国际合作工作组审议了司法协助", mode="query")
    assert [t.pos for t in toks] == list(range(len(toks)))
    assert [t.text for t in toks] == ["国际合作工作组", "审议", "了", "司法协助"]


def test_zh_subwords_share_the_word_position():
    toks = tokens(analyzer_for("zh"), "在坦桑尼亚联合共和国", mode="index")
    word = next(t for t in toks if t.text == "坦桑尼亚联合共和国")
    subs = [t for t in toks if t.pos == word.pos and t is not word]
    assert {"坦桑尼亚", "共和国"} <= {t.text for t in subs}
    for t in subs:
        assert word.start <= t.start and t.end <= word.end
        assert "在坦桑尼亚联合共和国"[t.start:t.end] == t.text
    assert word.end == len("在坦桑尼亚联合共和国")  # the last 国 is highlighted too
    q = query_terms("坦桑尼亚联合共和国", "zh")
    assert q == ["坦桑尼亚联合共和国"]


def test_zh_traditional_and_width_forms_meet():
    za = analyzer_for("zh")
    assert query_terms("聯合國", "zh") == query_terms("联合国", "zh") == ["联合国"]
    assert query_terms("（２０２３）ＲｅｖＭｏｄ", "zh") == query_terms("(2023)RevMod", "zh")
    assert query_terms("ＲｅｖＭｏｄ", "zh") == ["revmod"]
    ex = exact_analyzer_for("zh")
    assert [t.text for t in tokens(ex, "聯合國")] == [t.text for t in tokens(ex, "联合国")]
    toks = tokens(za, "《聯合國憲章》")
    assert "《聯合國憲章》"[toks[0].start:toks[0].end] in ("聯合國憲章", "聯合國")


def test_zh_keeps_he_single_chars_and_latin():
    terms = query_terms("特立尼达和多巴哥", "zh")
    assert "".join(terms) == "特立尼达和多巴哥"
    text = ("使用国际刑警组织的 I-24/7 全球警察安全通信系统，议程项目 2，"
            "CTOC/COP/WG.3/2023/INF/1/Rev.1")
    toks = tokens(analyzer_for("zh"), text)
    words = [t.text for t in toks]
    for w in ("i", "24", "7", "2", "inf", "1", "rev", "ctoc", "2023", "国际刑警组织"):
        assert w in words, w
    one = [t for t in toks if t.text == "1"]
    assert len(one) == 2 and all(text[t.start:t.end] == "1" for t in one)
    assert query_terms("I-24/7", "zh") == ["i", "24", "7"]


def test_zh_user_dictionary_terms_are_words():
    for term in ("打击有组织犯罪公约", "司法协助", "双重犯罪", "联络官", "缔约方会议",
                 "毒品和犯罪问题办公室", "国际合作工作组", "国际刑警组织"):
        assert query_terms(f"关于{term}的", "zh")[1] == term


def test_zh_offsets_into_original_after_folding():
    text = "（２０２３）聯合國　ＲｅｖＭｏｄ"
    toks = tokens(analyzer_for("zh"), text, mode="query")
    got = {t.text: text[t.start:t.end] for t in toks}
    assert got == {"2023": "２０２３", "联合国": "聯合國", "revmod": "ＲｅｖＭｏｄ"}


def test_stems_meet():
    assert query_terms("nations", "fr") == query_terms("nation", "fr")
    assert query_terms("Nations", "fr") == query_terms("NATION", "fr")
    assert query_terms("преступности", "ru") == query_terms("преступность", "ru")
    assert query_terms("Ёлки", "ru") == query_terms("елки", "ru")
    assert query_terms("الأُمَمُ", "ar") == query_terms("الامم", "ar")
    assert query_terms("Économique", "fr") == query_terms("economique", "fr")
    assert query_terms("año", "es") != query_terms("ano", "es")


def test_french_elisions_split():
    assert query_terms("l'Organisation d’Etat qu'il", "fr")[:4] == ["l", "organis", "d", "etat"]
    assert exact_phrase_terms("l’Organisation", "fr") == ["l organisation"]  # a word bigram


def test_exact_is_unstemmed_word_level():
    assert exact_phrase_terms("Nations Unies", "fr") == ["nations unies"]
    assert exact_phrase_terms("ПРЕСТУПНОСТИ", "ru") == ["преступности"]
    assert exact_phrase_terms("الأُمَمُ المتحدة", "ar") == ["الامم المتحدة"]


def test_exact_phrase_terms_zh():
    assert exact_phrase_terms("国", "zh") == ["国"]
    assert exact_phrase_terms("聯合 國", "zh") == ["联合", "合国"]
    assert exact_phrase_terms("  ", "zh") == []
    ex = exact_analyzer_for("zh")
    assert [t.text for t in ex("联合国", mode="query")] == exact_phrase_terms("联合国", "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_nfd_files_same_tokens_as_nfc(lang):
    nfd_files = [(n, t) for n, t in corpus_files(lang)
                 if unicodedata.normalize("NFC", t) != t]
    if lang in ("fr", "es", "ru"):
        assert nfd_files
    for _, text in nfd_files:
        nfc = unicodedata.normalize("NFC", text)
        for an in (analyzer_for(lang), exact_analyzer_for(lang)):
            a, b = tokens(an, text), tokens(an, nfc)
            assert [(t.text, t.pos) for t in a] == [(t.text, t.pos) for t in b]
            for t in a:  # offsets index the NFD text: a slice never starts on a mark
                assert not unicodedata.combining(text[t.start])
                assert t.end == len(text) or not unicodedata.combining(text[t.end])


def test_tokenize_false_and_start_offsets():
    an = analyzer_for("en")
    assert [(t.text, t.pos, t.startchar, t.endchar) for t in
            an("United  Nations", positions=True, chars=True, start_pos=5, start_char=10)] == [
        ("unit", 5, 10, 16), ("nation", 6, 18, 25)]
    one = [t.text for t in an("Nations", tokenize=False)]
    assert one == ["nation"]


def test_whoosh_highlight_uses_original_offsets():
    from whoosh import highlight

    text = "（２０２３）聯合國打擊跨國有組織犯罪公約締約方會議"
    an = analyzer_for("zh")
    out = highlight.highlight(
        text, frozenset(["联合国"]), an, highlight.WholeFragmenter(),
        highlight.UppercaseFormatter(), mode="index",
    )
    assert re.sub(r"\s", "", out).startswith("（２０２３）")
    assert "聯合國" in out or "聯合國".upper() in out


def test_whoosh_version():
    import whoosh

    assert whoosh.versionstring() == "2.7.4"
