"""fold / fold_with_offsets: Unicode, width, case, accents, script-specific folding."""

from __future__ import annotations

import unicodedata

import pytest

from undocs.analyzers import LANGS, fold, fold_with_offsets

from .conftest import corpus_files


def test_offsets_shape_on_corpus():
    for lang in LANGS:
        for name, text in corpus_files(lang):
            folded, offs = fold_with_offsets(text, lang)
            assert len(offs) == len(folded) + 1, name
            assert offs[-1] == len(text)
            assert all(a <= b for a, b in zip(offs, offs[1:], strict=False)), name
            assert folded == fold(text, lang)


def test_sdg_files_are_nfd_and_fold_composes():
    text = dict(corpus_files("fr"))["sdg-indicators.fr.md"]
    assert "e\u0301" in text  # the file really is decomposed
    folded, offs = fold_with_offsets(text, "fr")
    assert "\u0301" not in folded
    ru = dict(corpus_files("ru"))["sdg-indicators.ru.md"]
    assert "\u0438\u0306" in ru
    fru = fold(ru, "ru")
    assert "й" in fru and "\u0306" not in fru


@pytest.mark.parametrize(
    "lang,a,b",
    [
        ("zh", "聯合國", "联合国"),
        ("zh", "（２０２３）ＲｅｖＭｏｄ", "(2023)revmod"),
        ("en", "ＵＮＩＴＥＤ\u3000Nations", "united nations"),
        ("fr", "Économique", "economique"),
        ("zh", "聯合國", "联合国"),
        ("fr", "E\u0301conomique", "economique"),
        ("es", "Año", "año"),
        ("es", "An\u0303o", "año"),
        ("es", "pingüino canción", "pinguino cancion"),
        ("ru", "Ёлка Й", "елка й"),
        ("ru", "и\u0306", "й"),
        ("ar", "الأُمَمُ", "الامم"),
        ("ar", "مـــتـــحـــدة", "متحدة"),
        ("ar", "إلى آخر مستوى ٢٠٢٣", "الي اخر مستوي 2023"),
    ],
)
def test_fold_examples(lang, a, b):
    if lang != "es" and a != "ＵＮＩＴＥＤ\u3000Nations":
        assert fold(b, lang) == b
    assert fold(a, lang) == fold(b, lang)


def test_arabic_keeps_ta_marbuta():
    assert "ة" in fold("الجمعية العامة", "ar")


def test_offsets_point_into_original():
    text = "E\u0301tats ﬁnanciers ½ Straße"
    folded, offs = fold_with_offsets(text, "fr")
    assert folded == "etats financiers 1⁄2 strasse"
    i = folded.index("financiers")
    assert text[offs[i]:offs[i + len("financiers")]] == "ﬁnanciers"
    j = folded.index("strasse")
    assert text[offs[j]:offs[-1]] == "Straße"
    assert text[offs[0]:offs[1]] == "E\u0301"


def test_nfd_equals_nfc_after_fold():
    for lang in LANGS:
        for _, text in corpus_files(lang):
            nfc = unicodedata.normalize("NFC", text)
            if nfc != text:
                assert fold(text, lang) == fold(nfc, lang)


def test_unknown_language_is_a_value_error():
    from undocs import analyzers

    with pytest.raises(ValueError, match="xx"):
        analyzers.analyzer_for("xx")
    with pytest.raises(ValueError, match="de"):
        analyzers.exact_analyzer_for("de")


@pytest.mark.parametrize("group", ["", "accent", "es", "ru", "ar"])
def test_no_ascii_character_needs_cluster_folding(group):
    """What lets `_clusters` return ASCII text as it is, without its patterns."""
    from undocs.analyzers.normalize import _special_ranges

    assert all(low > 0x7F for low, _ in _special_ranges(group))


@pytest.mark.parametrize("group", ["", "accent", "es", "ru", "ar"])
def test_the_one_character_test_agrees_with_the_tables(group):
    """`_is_special` lets a text without a character to fold skip the run patterns: it
    must say of every code point what the cached tables say (all of the BMP, where
    the tables' ranges nearly all lie, and both sides of every range's edges)."""
    from undocs.analyzers.normalize import _is_special, _special_ranges

    ranges = _special_ranges(group)
    special = {cp for low, high in ranges for cp in range(low, high + 1)}
    edges = {cp for low, high in ranges for cp in (low - 1, low, high, high + 1)}
    for cp in sorted(set(range(0x10000)) | edges | {0x10FFFF}):
        if not 0xD800 <= cp <= 0xDFFF:
            assert _is_special(chr(cp), group) == (cp in special), hex(cp)


def test_text_without_a_character_to_fold_is_its_own_fold():
    """Curly quotes, dashes and Cyrillic without ё are left alone, offsets and all."""
    assert fold_with_offsets("“Human rights” – today", "en")[0] == "“human rights” – today"
    assert fold("Права человека", "ru") == "права человека"
    assert fold("国际合作", "zh") == "国际合作"
    assert fold("café", "fr") == "cafe" and fold("año", "es") == "año"



def test_a_text_told_plain_is_one_the_run_patterns_leave_alone(monkeypatch):
    """Where the character-by-character test spares the patterns, they would have
    changed nothing: checked on every corpus paragraph and line of every language."""
    from undocs.analyzers import normalize

    spared = 0
    for lang in LANGS:
        group = normalize._group(lang)
        for _, text in corpus_files(lang):
            for piece in {*text.split("\n\n"), *text.splitlines()}:
                piece = piece.casefold()
                if piece.isascii():
                    continue
                monkeypatch.setattr(normalize, "_TOLD", {})
                if normalize._needs_patterns(piece, group):
                    continue
                spared += 1
                monkeypatch.setattr(normalize, "_TOLD", {group: normalize._TELL_TEXTS})
                assert normalize._clusters(piece, group) == (piece, None), (lang, piece)
    assert spared > 100  # the test saw texts the patterns were spared for
