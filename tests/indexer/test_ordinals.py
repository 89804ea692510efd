"""Session ordinals as mastheads spell them, in the six languages (`indexer/ordinals.py`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from undocs.indexer.ordinals import session_ordinal
from undocs.indexer.resolution import session_number

# as printed on real UN mastheads (tests/indexer/data/PROVENANCE.md, ../shared/corpus-pdf)
# and in the other forms the rules of each language give
PRINTED = [
    ("Eightieth session", 80), ("Seventy-ninth session", 79), ("Twelfth session", 12),
    ("First session", 1), ("FOURTEENTH SESSION", 14), ("QUATORZIEME SESSION", 14),
    ("Cinquante-troisième session", 53), ("soixante et onzième session", 71),
    ("Quatre-vingtième session", 80), ("Dix-septième session", 17),
    ("Première session", 1), ("Quincuagésimo tercer período de sesiones", 53),
    ("Sexagésimo período de sesiones", 60), ("Vigésimo primer período de sesiones", 21),
    ("Decimocuarto período de sesiones", 14), ("Undécimo período de sesiones", 11),
    ("Шестьдесят первая сессия", 61), ("Пятнадцатая сессия", 15), ("Сороковая сессия", 40),
    ("Пятьдесят третья сессия", 53), ("Двадцать четвёртая сессия", 24),
    ("第五十四届会议", 54), ("第十届会议", 10), ("الدورة الرابعة والسبعون", 74),
    ("الدورة الخامسة عشرة", 15), ("الدورة الأربعون", 40), ("الدورة الحادية والثمانون", 81),
]


@pytest.mark.parametrize(("printed", "number"), PRINTED)
def test_a_printed_session_gives_its_number(printed, number):
    assert session_ordinal(printed) == number


@pytest.mark.parametrize("text", ["", "session", "Documents officiels", "Official Records",
                                  "NEW YORK", "الدورة", "第届会议", "hundredth session"])
def test_text_that_spells_no_session_gives_none(text):
    assert session_ordinal(text) == 0


_FR = ("", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
       "onze", "douze", "treize", "quatorze", "quinze", "seize")
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}
_EN = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_ORD = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
           "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
           "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_EN_TENS = ("", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")


def french_ordinal(n: int) -> str:
    """The French ordinal of `n` by the grammar's rules (1990 spelling aside)."""
    if n == 1:
        return "premier"
    if n < 17:
        cardinal = _FR[n]
    elif n < 20:
        cardinal = f"dix-{_FR[n - 10]}"
    elif n < 70:
        tens, unit = divmod(n, 10)
        cardinal = _FR_TENS[tens * 10] + ("" if not unit else " et un" if unit == 1
                                          else f"-{_FR[unit]}")
    elif n < 80:
        cardinal = "soixante et onze" if n == 71 else f"soixante-{french_cardinal(n - 60)}"
    else:
        cardinal = "quatre-vingt" + (f"-{french_cardinal(n - 80)}" if n > 80 else "")
    stem = {"cinq": "cinqu", "neuf": "neuv"}.get(cardinal.rsplit("-", 1)[-1])
    if stem:
        return cardinal[: cardinal.rindex(cardinal.rsplit("-", 1)[-1])] + stem + "ième"
    return (cardinal[:-1] if cardinal.endswith("e") else cardinal) + "ième"


def french_cardinal(n: int) -> str:
    return _FR[n] if n < 17 else f"dix-{_FR[n - 10]}"


def english_ordinal(n: int) -> str:
    if n < 20:
        return _EN_ORD[n]
    tens, unit = divmod(n, 10)
    return f"{_EN_TENS[tens]}ieth" if not unit else f"{_EN_TENS[tens]}y-{_EN_ORD[unit]}"


@given(st.integers(min_value=1, max_value=99), st.booleans())
def test_every_french_and_english_ordinal_reads_back(n, capitals):
    for words in (french_ordinal(n), english_ordinal(n)):
        line = f"{words.capitalize()} session"
        if capitals:  # older records: capitals, no accents
            line = line.upper().replace("È", "E")
        assert session_ordinal(line) == n, line


def test_the_symbol_wins_over_the_words():
    assert session_number("Quatorzième session", "A/RES/80/6") == "80"
    assert session_number("QUATORZIEME SESSION", "A/C.4/SR.985") == "14"
    assert session_number("", "S/PV.4507") == ""


def test_a_security_council_year_is_no_session():
    for year in ("Fifty-seventh year", "Cinquante-septième année", "Quincuagésimo séptimo año",
                 "Пятьдесят седьмой год", "第五十七年", "السنة السابعة والخمسون"):
        assert session_number(year, "S/PV.4507") == "", year
    assert session_number("Eightieth session", "") == "80"
