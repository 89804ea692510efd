"""The printed labels that open a paragraph: `41.`, `(b)`, `b)`, `(ii)`, `3.6`, `一、`.

Each recogniser looks at the start of a block's text and says what label, if any, it
carries. The parser decides what the label means in context (a `1.` after paragraph 59
is a nested list item, not paragraph 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """`十八` → 18, `一百零一` → 101, `111` → 111; None if `text` is no number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_number(text: str) -> int | None:
    """`iv` → 4, `XII` → 12; None if `text` is no roman numeral."""
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


# Cyrillic and Arabic sub-paragraph letters, in the order the UN uses them, mapped to the
# Latin letter of the same rank so that parallel language versions share anchors.
_CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_ARABIC_LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_LATIN = "abcdefghijklmnopqrstuvwxyz"


def latin_letter(letter: str) -> str:
    """The Latin letter of the same rank (`б` → `b`, `ج` → `c`); Latin stays as it is."""
    for alphabet in (_CYRILLIC_LETTERS, _ARABIC_LETTERS):
        index = alphabet.find(letter)
        if 0 <= index < len(_LATIN):
            return _LATIN[index]
    return letter.lower()


@dataclass(frozen=True)
class Label:
    kind: str  # "number", "letter", "roman?" (letter or roman), "dotted", "cn_enum"
    value: str  # the number, letter or dotted form as the anchor writes it
    number: int = 0  # numeric value for "number" and "cn_enum", roman value for "roman?"


_NUMBER_RE = re.compile(r"(\d{1,4})[.．](?:\s+|(?=[^\d\s.．]))")
_DOTTED_RE = re.compile(r"(\d{1,2}\.(?:\d{1,2}|[a-z])(?:\.\d{1,2})?)(?:\s|$)")
_LETTER_RE = re.compile(
    r"(?:[(（]([a-z]{1,4}|[а-я]|[\u0621-\u064a])[)）]|([a-z]|[а-я]|[\u0621-\u064a])[)）])\s*"
)
_CN_ENUM_RE = re.compile(r"([一二三四五六七八九十]{1,3})、")


def read_label(text: str) -> Label | None:
    """The label at the start of `text` (already stripped of indentation and markup)."""
    first = text[:1]
    if not first:
        return None
    if first.isdigit():
        match = _DOTTED_RE.match(text)
        if match:
            return Label("dotted", match.group(1))
        match = _NUMBER_RE.match(text)
        if match:
            return Label("number", match.group(1), int(match.group(1)))
        return None
    if first in "(（" or text[1:2] in ")）":
        match = _LETTER_RE.match(text)
        if not match:
            return None
        letter = match.group(1) or match.group(2)
        if len(letter) > 1 and len(set(letter)) == 1 and letter not in ("ii", "iii", "xx"):
            return Label("letter", latin_letter(letter[0]) * len(letter))  # (aa) after (z)
        if len(letter) > 1 or letter in "ivxlc":
            roman = roman_number(letter)
            if roman is None:
                return None
            return Label("roman?", letter, roman)
        return Label("letter", latin_letter(letter))
    if first in _CN_DIGITS or first == "十":
        match = _CN_ENUM_RE.match(text)
        if match:
            return Label("cn_enum", match.group(1), chinese_number(match.group(1)) or 0)
    return None
