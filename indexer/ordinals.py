"""Ordinal numbers as mastheads spell a session, in the six languages: 1 to 99.

`Eightieth session`, `QUATORZIEME SESSION`, `Cinquante-troisième session`, `Quincuagésimo
tercer período de sesiones`, `Шестьдесят первая сессия`, `第五十四届会议`, `الدورة الرابعة
والسبعون`: the session number `session:80` finds. Words are compared lower-cased and
without accents (older records print capitals without them).
"""

from __future__ import annotations

import re

from undocs.indexer.labels import chinese_number
from undocs.indexer.masthead import fold

_EN_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth")
_EN_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_EN_TENS = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")

_FR_CARDINALS = {
    "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60,
}
_FR_STEMS = {"cinqu": "cinq", "neuv": "neuf"}  # cinquième, neuvième

_ES_UNITS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
             "quinto": 5, "sexto": 6, "septimo": 7, "octavo": 8, "noveno": 9}
_ES_TENS = {"decimo": 10, "vigesimo": 20, "trigesimo": 30, "cuadragesimo": 40,
            "quincuagesimo": 50, "sexagesimo": 60, "septuagesimo": 70, "octogesimo": 80,
            "nonagesimo": 90}
_ES_ALONE = {"undecimo": 11, "duodecimo": 12}

# stems, longest first where one begins another (пятнадцатая, пятидесятая, пятая)
_RU_STEMS = (
    ("одиннадцат", 11), ("двенадцат", 12), ("тринадцат", 13), ("четырнадцат", 14),
    ("пятнадцат", 15), ("шестнадцат", 16), ("семнадцат", 17), ("восемнадцат", 18),
    ("девятнадцат", 19), ("двадцат", 20), ("тридцат", 30), ("сорок", 40),
    ("пятидесят", 50), ("пятьдесят", 50), ("шестидесят", 60), ("шестьдесят", 60),
    ("семидесят", 70), ("семьдесят", 70), ("восьмидесят", 80), ("восемьдесят", 80),
    ("девяност", 90), ("десят", 10), ("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4),
    ("пят", 5), ("шест", 6), ("седьм", 7), ("восьм", 8), ("девят", 9),
)

_AR_UNITS = {"الاولى": 1, "الحادية": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4,
             "الخامسة": 5, "السادسة": 6, "السابعة": 7, "الثامنة": 8, "التاسعة": 9,
             "العاشرة": 10}
_AR_TENS = {"العشرون": 20, "الثلاثون": 30, "الاربعون": 40, "الخمسون": 50, "الستون": 60,
            "السبعون": 70, "الثمانون": 80, "التسعون": 90}
_ZH_RE = re.compile(r"第([零〇一二三四五六七八九十]{1,4})届")
_SPLIT_RE = re.compile(r"[\s\-]+")
_YEAR_RE = re.compile(r"(?:\b(?:year|annee|ano|год)|年)$|^السنة")


def is_year(session: str) -> bool:
    """Whether a masthead's line names a year of the Security Council's Official Records
    (`Fifty-seventh year`, `Cinquante-septième année`, `第五十七年`): no session."""
    return _YEAR_RE.search(fold(session)) is not None


def session_ordinal(session: str) -> int:
    """The number a masthead's session line spells (`Eightieth session` → 80), 0 if
    it spells none this knows."""
    han = _ZH_RE.search(session)
    if han:
        return chinese_number(han.group(1)) or 0
    words = [word for word in _SPLIT_RE.split(fold(session).replace("\u0640", "")) if word]
    if not words:
        return 0
    if words[0] in ("الدورة", "السنة"):
        return _arabic(words[1:])
    for reader in (_english, _french, _spanish, _russian):
        value = reader(words)
        if value:
            return value if value < 100 else 0
    return 0


def _english(words: list[str]) -> int:
    """`eightieth`, `seventy-ninth` (split at the hyphen), `twelfth`."""
    if words[0] in _EN_TEENS:
        return 10 + _EN_TEENS.index(words[0])
    if words[0] in _EN_UNITS:
        return _EN_UNITS.index(words[0]) + 1
    for suffix, stem_end in (("ieth", -4), ("y", -1)):
        if words[0].endswith(suffix) and words[0][:stem_end] in _EN_TENS:
            value = 10 * (_EN_TENS.index(words[0][:stem_end]) + 2)
            if suffix == "y":  # `seventy-ninth`: a unit follows
                unit = words[1] if len(words) > 1 else ""
                return value + _EN_UNITS.index(unit) + 1 if unit in _EN_UNITS else 0
            return value
    return 0


def _french(words: list[str]) -> int:
    """`quatorzieme`, `cinquante-troisieme`, `soixante et onzieme`, `quatre-vingtieme`,
    `premiere` (already without accents and split at hyphens)."""
    words = [word for word in words if word != "et"]
    if words[0] in ("premier", "premiere"):
        return 1
    last = next((i for i, word in enumerate(words) if word.endswith("ieme")), None)
    if last is None:
        return 0
    cardinals = words[:last] + [_fr_cardinal(words[last][:-4])]
    total = 0
    for index, word in enumerate(cardinals):
        value = _FR_CARDINALS.get(word)
        if value is None:
            return 0
        if word == "vingt" and index and cardinals[index - 1] == "quatre":
            total += 80 - 4  # quatre-vingt: four twenties
        else:
            total += value
    return total


def _fr_cardinal(stem: str) -> str:
    """The cardinal an ordinal's stem comes from: `quatorz` → quatorze, `cinqu` → cinq."""
    if stem in _FR_CARDINALS:
        return stem
    return _FR_STEMS.get(stem) or stem + "e"


def _spanish(words: list[str]) -> int:
    """`quincuagesimo tercer`, `vigesima primera`, `decimocuarto`, `undecimo`."""
    total = 0
    for word in words:
        base = word[:-1] + "o" if word.endswith("a") else word
        if base in _ES_ALONE:
            total += _ES_ALONE[base]
        elif base in _ES_TENS:
            total += _ES_TENS[base]
        elif base in _ES_UNITS:
            total += _ES_UNITS[base]
        elif base.startswith("decimo") and base[6:] in _ES_UNITS:
            total += 10 + _ES_UNITS[base[6:]]
        else:
            break
    return total


def _russian(words: list[str]) -> int:
    """`шестьдесят первая`, `двадцатая`, `пятнадцатая` (ё already folded to е)."""
    total = 0
    for word in words:
        value = next((value for stem, value in _RU_STEMS if word.startswith(stem)), 0)
        if not value:
            break
        total += value
    return total


def _arabic(words: list[str]) -> int:
    """`الرابعة والسبعون`, `الخامسة عشرة`, `الستون` (after `الدورة`; the hamza of
    `الأولى`, `الأربعون` already folded away)."""
    total = 0
    for word in words:
        if word.startswith("و") and word[1:] in _AR_TENS:
            word = word[1:]
        if word in _AR_UNITS:
            total += _AR_UNITS[word]
        elif word in _AR_TENS:
            total += _AR_TENS[word]
        elif word in ("عشرة", "عشر"):
            total += 10
        else:
            break
    return total
