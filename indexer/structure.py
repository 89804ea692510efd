"""Recognisers for structural lines: articles, annexes, chapters and section headings."""

from __future__ import annotations

import re

from undocs.indexer.labels import chinese_number, roman_number

_ARTICLE_RE = re.compile(
    r"^(?:Article|ARTICLE|Artículo|ARTÍCULO|Articulo|Art\.|Статья|СТАТЬЯ|المادة)\s+"
    r"(\d{1,3}|[٠-٩]{1,3}|premier|PREMIER|1er|first|FIRST)(?=$|[\s.:—–-])\s*[.:—–-]?\s*(.*)$"
)
_ARTICLE_ZH_RE = re.compile(r"^第\s*([零〇一二三四五六七八九十百两\d]{1,6})\s*条(?![款项])\s*(.*)$")
_ANNEX_RE = re.compile(
    r"^(?:Annex|ANNEX|Annexe|ANNEXE|Anexo|ANEXO|Приложение|ПРИЛОЖЕНИЕ|المرفق|附件)"
    r"(?:\s+([IVXLC]{1,6}|\d{1,2})\b|([一二三四五六七八九十]{1,3}))?(?=$|[\s.:—–-])"
)
_CHAPTER_RE = re.compile(
    r"^(?:Chapter|CHAPTER|Chapitre|CHAPITRE|Capítulo|CAPÍTULO|Глава|ГЛАВА|الفصل|第[^章\s]{1,6}章)"
)
_SECTION_RE = re.compile(r"^([IVXL]{1,6}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*\S")
_SUBSECTION_RE = re.compile(r"^([A-Z])\s*[.．]\s+\S")
# the labels a heading anchors by, in one pattern: each alternative names its group
_HEADING_LABEL_RE = re.compile(
    r"(?:Chapter|CHAPTER|Chapitre|CHAPITRE|Capítulo|CAPÍTULO|Глава|ГЛАВА)\s+"
    r"(?P<chap>[IVXLC]{1,6}|\d{1,2})\b"
    r"|第\s*(?P<chap_zh>[一二三四五六七八九十]{1,3}|\d{1,2})\s*章"
    r"|الفصل\s+(?P<chap_ar>[\u0621-\u064a]+(?:\s+عشر)?)"
    r"|(?:Part|PART|Partie|PARTIE|Parte|PARTE|Часть|ЧАСТЬ)\s+(?P<part>[IVXLC]{1,6}|\d{1,2})\b"
    r"|第\s*(?P<part_zh>[一二三四五六七八九十]{1,3})\s*部分"
    r"|(?:Goal|Objectif|Objetivo|Цель|目标|هدف)\s*(?P<goal>\d{1,2})$"
    r"|(?P<sec>[IVXL]{1,6}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*\S"
    r"|(?P<sub>[A-Z])\s*[.．]\s+\S"
)
_LABEL_STARTS = ("第", "الفصل", "目标", "هدف", "一", "二", "三", "四", "五", "六", "七", "八", "九",
                 "十")
_ARABIC_ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع",
                    "الثامن", "التاسع", "العاشر", "الحادي")
# Cheap first checks: most lines open with none of these, and skip the regular expressions.
_ARTICLE_STARTS = ("Art", "ART", "Стат", "СТАТ", "المادة", "第")
_ANNEX_STARTS = ("Anex", "ANEX", "Annex", "ANNEX", "Прил", "ПРИЛ", "المرفق", "附件")
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def may_open_structure(text: str) -> bool:
    """Whether a block opening with `text` can be an article or an annex heading: the
    cheap test that spares joining the lines of every other block."""
    return text.startswith(_ARTICLE_STARTS) or text.startswith(_ANNEX_STARTS)


def article_number(text: str) -> tuple[int, str] | None:
    """`(3, title)` if `text` is an article heading (`Article 3`, `第三条`, `المادة 3`)."""
    if len(text) > 200 or not text.startswith(_ARTICLE_STARTS):
        return None
    match = _ARTICLE_RE.match(text)
    if match:
        raw = match.group(1).translate(_ARABIC_INDIC).lower()
        number = 1 if raw in ("premier", "1er", "first") else int(raw)
        return number, match.group(2).strip()
    match = _ARTICLE_ZH_RE.match(text)
    if match:
        number = chinese_number(match.group(1))
        title = match.group(2).strip()
        # `第 27 条（执法合作）的实际实施情况` is a sentence about an article, not one.
        if number and len(title) <= 20 and not title.startswith(("的", "第", "规定")):
            return number, title
    return None


def annex_label(text: str) -> str | None:
    """`annex` or `annexII` if `text` opens an annex (`Annex`, `Annex II`, `附件二`)."""
    if len(text) > 300 or not text.startswith(_ANNEX_STARTS):
        return None
    if text.rstrip().endswith((".", ";", ":", "。", "；", "：")):
        return None  # a sentence that opens with the word, not a heading
    match = _ANNEX_RE.match(text)
    if not match:
        return None
    return annex_anchor(match.group(1) or match.group(2))


def annex_anchor(number: str | None) -> str:
    """The anchor prefix of an annex numbered `number` as written (`3`, `ii`, `二`, or
    none): `annex3`, `annexII`, `annex`. Headings and citations both go through it."""
    if not number:
        return "annex"
    if number.isdigit():
        return f"annex{number}"
    value = roman_number(number) if number.isascii() else chinese_number(number)
    return f"annex{_roman(value)}" if value else "annex"


def roman(value: int) -> str:
    """`4` → `iv`: the lower-case numeral sub-items are anchored by."""
    return _roman(value).lower()


def _roman(value: int) -> str:
    numerals = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for number, numeral in numerals:
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out)


def _number(raw: str) -> int | None:
    """`VII`, `7`, `七`, `السابع` (`الحادي عشر`: 11) as a number."""
    if raw.isdigit():
        return int(raw)
    if raw.isascii():
        return roman_number(raw)
    words = raw.split()
    if words[0] in _ARABIC_ORDINALS:
        unit = _ARABIC_ORDINALS.index(words[0]) % 10 + 1
        return unit + 10 if len(words) > 1 else unit
    return chinese_number(raw)


def heading_label(text: str) -> tuple[str, str] | None:
    """(kind, anchor) of a heading that prints a label: `Chapter VII` → (`chapter`,
    `chap7`), `Part III` → (`part`, `partIII`), `IV. Title` → (`section`, `secIV`),
    `B. Title` → (`subsection`, `B`), `Goal 3` → (`goal`, `goal3`). The same in every
    language version, so parallel headings share anchors."""
    if not text[:1].isupper() and not text.startswith(_LABEL_STARTS):
        return None
    match = _HEADING_LABEL_RE.match(text.replace("\u0640", ""))  # tatweel: `الثامـن`
    if match is None:
        return None
    group = match.lastgroup
    if group == "sub":
        return "subsection", match.group(group)
    number = _number(match.group(group))
    if not number:
        return None
    if group.startswith("chap"):
        return "chapter", f"chap{number}"
    if group.startswith("part"):
        return "part", f"part{_roman(number)}"
    if group == "goal":
        return "goal", f"goal{number}"
    return "section", f"sec{_roman(number)}"


def heading_level(text: str, markdown_level: int, bold: bool) -> int:
    """The nesting level of a heading, from its label before its markup.

    PDF conversion gets markdown levels wrong (`## D. 出席情况` under `## 四. 会议安排`),
    so a label decides where there is one: chapters and `I.`/`一.` sections are level 2,
    `A.` sections level 3, articles 4; unlabelled headings keep their markdown level.
    """
    if _CHAPTER_RE.match(text) or _SECTION_RE.match(text):
        return 2
    if _SUBSECTION_RE.match(text):
        return 3
    if markdown_level:
        return markdown_level
    return 5 if bold else 3
