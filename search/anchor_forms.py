"""What follows a document's symbol in a citation → the anchors it names.

`27`, `¶41 (zh)`, `para. 29`, `paragraph 4 (b)`, `第41段`, `第 4 段(b)分段`, `párrafo 41`,
`Article 14`, `art. 52`, `第十八条`, `第二条第四项`, `第十三条第一项(丑)款`, `Статья 13`,
`المادة 17`, `annex, para. 3`, `footnote 8`, `Chapter VII`, `third preambular paragraph`,
`paras. 5-6`, `paras. 3 and 5`: the grammar of the six languages' citation forms, apart
from resolving a citation against an index (`search.citations`, `search.citing`).
"""

from __future__ import annotations

import re

from undocs.indexer.labels import chinese_number, roman_number
from undocs.indexer.languages import lang_code
from undocs.indexer.structure import annex_anchor


class CitationError(ValueError):
    """A citation that names no known document or paragraph; the message says which."""


_LANG_RE = re.compile(r"[\s,]*[(\[]?\s*([A-Za-z\u0400-\u04ff\u4e00-\u9fff-]{2,10})\s*[)\]]?\s*$")
_ANNEX_RE = re.compile(
    r"^(?:ANNEXE?|ANEXO|ПРИЛОЖЕНИЕ|المرفق|附件)\s*([IVXLC]{1,6}\b|\d{1,2}\b|[一二三四五六七八九十]{1,3})?"
    r"[\s,.;:]*", re.IGNORECASE)
_ARTICLE_RE = re.compile(
    r"^(?:ARTICLES?|ARTÍCULOS?|ARTICULOS?|ARTS?\.?|СТАТЬ[ЯИ]|СТ\.|المادة)\s*(\d{1,3}|PREMIER|1ER)\b"
    r"|^第\s*([零〇一二三四五六七八九十百两\d]{1,6})\s*条", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(
    r"^(?:¶+\s*|PARAGRAPHS?\s*|PARAGRAPHES?\s*|PARAS?\.?\s*|PÁRRAFOS?\s*|PARRAFOS?\s*|"
    r"PÁRRS?\.?\s*|ПУНКТЫ?\s*|П\.\s*|الفقرات?\s*|第\s*)?"
    r"(\d{1,3}(?:\.(?:\d{1,2}|[A-Z]))*(?![\d])|[一二三四五六七八九十百零]{1,6}(?=\s*[段款项]))"
    r"\s*(?:段|款|项)?", re.IGNORECASE)
_BRACKETED_NUMBER_RE = re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]")
# 天干 and 地支 letter the sub-items of Chinese texts: (子) (丑) … are (a) (b) …
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_SUB_RE = re.compile(
    r"^[\s,]*(?:SUBPARAGRAPH\s*|ALINÉA\s*|APARTADO\s*|ПОДПУНКТ\s*|第\s*)?"
    rf"[(（]?\s*([A-Za-z]{{1,4}}|[ivx]{{1,5}}|\d{{1,3}}|[{_STEMS}{_BRANCHES}])\s*[)）]"
    r"(?:分段|项|款)?", re.IGNORECASE)
_FOOTNOTE_RE = re.compile(
    r"^(?:FOOTNOTES?|FNS?\.?|NOTES?|NOTAS?|СНОСКИ?|الحاشية|脚注|注)\s*(\d{1,3})\b\s*",
    re.IGNORECASE)
_CHAPTER_RE = re.compile(
    r"^(?:CHAPTER|CHAPITRE|CAPÍTULO|CAPITULO|ГЛАВА|CH\.)\s*([IVXLC]{1,6}|\d{1,2})\b"
    r"|^第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*章"
    r"|^الفصل\s+((?:ال)?\S+(?:\s+عشر)?)", re.IGNORECASE)
_ARABIC_ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع",
                    "الثامن", "التاسع", "العاشر")
# what joins the numbers of a list or a range: `3 and 5`, `3, 5`, `5-6`, `第3至5段`
_LIST_RE = re.compile(r"^\s*(?:,\s*|and\b|&|et\b|y\b|и\b|و|、|和|及)\s*(?:and\b\s*)?",
                      re.IGNORECASE)
_RANGE_RE = re.compile(r"^\s*(?:-|–|—|to\b|à\b|a\b|al\b|до\b|至|到)\s*", re.IGNORECASE)
_LITERAL_RE = re.compile(
    r"^(?:p\d+|sp\d+(?:\.\d+)?|fn\w+|chap\d+|annex[ivxlc\d]*|(?:annex\w*\.)?(?:art\d+)?"
    r"(?:\d+(?:\.[\da-z]+)*)?"
    r"(?:\([a-z0-9]+\))*)(?:~\d+)?$")  # `~2`: a giant paragraph's part (indexer/giants.py)
_MAX_RANGE = 200
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
_LAST_GROUP = re.compile(r"^(.*)\((\d+|[a-z]+)\)$")


def split_language(text: str) -> tuple[str, str | None]:
    """(`text` without a trailing language, the language or None): `¶41 (zh)`,
    `para. 3, French`; a bare word counts only after something else."""
    match = _LANG_RE.search(text)
    if match and lang_code(match.group(1)) and (match.start() > 0 or "(" in match.group(0)):
        return text[:match.start()].strip(" ,;:"), lang_code(match.group(1))
    return text, None


def parse_anchor(rest: str) -> tuple[str, str | None, bool]:
    """(anchor, language or None, whether an annex was named) of the first anchor
    named by what follows the symbol."""
    anchors, lang = parse_anchors(rest)
    return anchors[0][0], lang, anchors[0][1]


def parse_anchors(rest: str) -> tuple[list[tuple[str, bool]], str | None]:
    """([(anchor, whether an annex was named)], language or None) from what follows the
    symbol, as typed. Text it cannot read is an error, never silently dropped."""
    typed = rest.strip(" ,;:")
    rest, lang = split_language(typed)
    if not rest:
        raise CitationError("the citation names no paragraph (add one: ¶3, para. 3, "
                            "Article 2, 第3段)")
    literal = rest.lstrip("¶ ").lower().replace(" ", "")  # an anchor as undocs prints it
    if literal and _LITERAL_RE.match(literal) and not literal.isdigit():
        return [(literal, literal.startswith("annex"))], lang
    prefix = ""
    annex = _ANNEX_RE.match(rest)
    if annex:
        prefix = f"{annex_anchor(annex.group(1))}."
        rest = rest[annex.end():]
    structural = structural_anchor(rest)
    if structural is not None:
        return [(prefix + structural, bool(annex))], lang
    operative = _OPERATIVE_TAIL_RE.search(rest)
    if operative:  # `paragraphes 1 et 2 du dispositif`: operative paragraphs are numbers
        rest = rest[:operative.start()]
    for special in (_footnote, _chapter):
        found = special(rest)
        if found:
            return [(anchor, False) for anchor in found], lang
    article = _ARTICLE_RE.match(rest)
    if article:
        raw = article.group(1) or article.group(2)
        number = 1 if raw.upper() in ("PREMIER", "1ER") else chinese_number(raw)
        anchor = f"{prefix}art{number}"
        rest = rest[article.end():].lstrip(" ,")
        inner = _PARAGRAPH_RE.match(rest) or _BRACKETED_NUMBER_RE.match(rest)
        if inner and inner.group(1):
            anchor += f"({_number(inner.group(1))})"
            rest = rest[inner.end():]
    else:
        paragraph = _PARAGRAPH_RE.match(rest)
        if not paragraph or not paragraph.group(1):
            if annex and not rest.strip():
                return [(prefix.rstrip("."), True)], lang
            raise CitationError(f"no paragraph number in {rest.strip()!r}")
        anchor = prefix + _number(paragraph.group(1)).lower()
        rest = rest[paragraph.end():]
    subs, rest = _subs(rest)
    anchors = _continue([anchor + subs], rest, typed)
    return [(a, bool(annex)) for a in anchors], lang


# Preambular and operative paragraphs as UN texts cite them (`PP3`, `OP5`, `third
# preambular paragraph`, `troisième alinéa du préambule`, `tercer párrafo del preámbulo`,
# `третий пункт преамбулы`, `序言部分第3段`), and the parser's own structural anchors.
_ORDINAL_WORDS = {
    word: rank for words in (
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth",
        "premier deuxième troisième quatrième cinquième sixième septième huitième neuvième "
        "dixième onzième douzième",
        "primer segundo tercer cuarto quinto sexto séptimo octavo noveno décimo undécimo "
        "duodécimo",
        "первый второй третий четвертый пятый шестой седьмой восьмой девятый десятый "
        "одиннадцатый двенадцатый",
    ) for rank, word in enumerate(words.split(), start=1)
} | {"primero": 1, "tercero": 3, "première": 1, "четвёртый": 4}
_NUM = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
_ORD = r"(?:(\d{1,3})\s*(?:st|nd|rd|th|e|er|ème|re|º|o|-?й)?|([^\W\d]+))"
_PREAMBLE_FORMS = (
    ("pp", re.compile(r"^(?:pp|p\.p\.)\s*(\d{1,3})$")),
    ("op", re.compile(r"^(?:op|o\.p\.)\s*(\d{1,3})$")),
    ("pp", re.compile(r"^preambular\s+(?:paragraph|para\.?)\s*(\d{1,3})$")),
    ("op", re.compile(r"^operative\s+(?:paragraph|para\.?)\s*(\d{1,3})$")),
    ("pp", re.compile(rf"^{_ORD}\s+(?:preambular\s+paragraph|alinéa\s+du\s+préambule|"
                      r"párrafo\s+del\s+preámbulo|пункт\s+преамбулы)$")),
    ("op", re.compile(rf"^{_ORD}\s+(?:operative\s+paragraph|párrafo\s+de\s+la\s+parte\s+"
                      r"dispositiva)$")),
    ("pp", re.compile(r"^(?:alinéa|paragraphe|párrafo|пункт)\s+(\d{1,3})\s+(?:du\s+préambule|"
                      r"del\s+preámbulo|преамбулы)$")),
    ("op", re.compile(r"^(?:paragraphe|párrafo|пункт)\s+(\d{1,3})\s+(?:du\s+dispositif|de\s+la\s+"
                      r"parte\s+dispositiva|постановляющей\s+части)$")),
    ("pp", re.compile(rf"^序言部分\s*第\s*{_NUM}\s*段$")),
    ("op", re.compile(rf"^执行部分\s*第\s*{_NUM}\s*段$")),
)
# `paragraphes 1 et 2 du dispositif` (A/C.4/SR.985): a list of operative paragraphs
_OPERATIVE_TAIL_RE = re.compile(r"\s+(?:du\s+dispositif|de\s+la\s+parte\s+dispositiva|"
                                r"постановляющей\s+части)\s*$", re.IGNORECASE)
# anchors the outline gives besides numbers and articles: `pp3`, `intro`, `title`,
# `chap7`, `secIV.B`, `partII`, `goal3`, an article's heading line (`art9.title`), and
# residue counted from the labelled entry before it (`art5(2)+1`); any of them may end in
# `~2`, a part of a giant paragraph (indexer/giants.py)
_STRUCTURAL_RE = re.compile(r"^(?:(?:annex\w*\.)?(?:pp\d+|intro|title|chap\d+|"
                            r"sec[IVXLC]+(?:\.[A-Z])?|part[IVXLC]+|goal\d+)|\S+(?:\+\d+|\.title))"
                            r"(?:~\d+)?$")


def structural_anchor(rest: str) -> str | None:
    """The anchor of a preambular or operative paragraph named the way UN texts name
    them, or a structural anchor typed as undocs prints it; None for other text."""
    text = " ".join(rest.strip(" ,.;:¶").split())
    if _STRUCTURAL_RE.match(text):
        return text
    folded = text.lower()
    for kind, pattern in _PREAMBLE_FORMS:
        match = pattern.match(folded)
        if not match:
            continue
        raw = next(group for group in match.groups() if group)
        number = _ORDINAL_WORDS.get(raw) if raw.isalpha() and not chinese_number(raw) else (
            chinese_number(raw))
        if not number:
            raise CitationError(f"cannot read the number in {text!r}")
        return f"pp{number}" if kind == "pp" else str(number)
    return None


def _footnote(rest: str) -> list[str] | None:
    match = _FOOTNOTE_RE.match(rest)
    if not match:
        return None
    return _continue([f"fn{match.group(1)}"], rest[match.end():], rest)


def _chapter(rest: str) -> list[str] | None:
    match = _CHAPTER_RE.match(rest)
    if not match:
        return None
    number = chapter_number(match.group(0))
    if number is None:
        raise CitationError(f"cannot read the chapter number in {match.group(0)!r}")
    leftover = rest[match.end():].strip(" ,.;:")
    if leftover:
        raise CitationError(f"cannot read {leftover!r} in the citation")
    return [f"chap{number}"]


def chapter_number(text: str) -> int | None:
    """7 for a heading or citation that opens `Chapter VII`, `Chapitre VII`, `Глава VII`,
    `第七章`, `الفصل السابع`; None for other text."""
    match = _CHAPTER_RE.match(text.strip().replace("\u0640", ""))
    if not match:
        return None
    latin, han, arabic = match.groups()
    if latin:
        return int(latin) if latin.isdigit() else roman_number(latin)
    if han:
        return chinese_number(han)
    words = re.findall(r"[\u0621-\u064a]+", arabic)
    if words[0] in _ARABIC_ORDINALS:
        unit = _ARABIC_ORDINALS.index(words[0]) + 1
    elif words[0] == "الحادي":
        unit = 1
    else:
        return None
    return unit + 10 if len(words) > 1 else unit


def sub_item_letter(text: str) -> str | None:
    """The letter of a sub-item's opening marker: `(b)`, `b)`, `（丑）`, `(乙)` → `b`."""
    match = re.match(rf"^\s*[(（]?\s*([a-z]|[{_STEMS}{_BRANCHES}])\s*[)）]", text)
    return _letter(match.group(1)) if match else None


def _letter(marker: str) -> str:
    for series in (_STEMS, _BRANCHES):
        if marker in series:
            return chr(ord("a") + series.index(marker))
    return marker.lower()


def _number(text: str) -> str:
    """`41`, `3.6.1` as they are; `四十一` (第四十一段) as digits."""
    return text if text[:1].isdigit() else str(chinese_number(text))


def _subs(rest: str) -> tuple[str, str]:
    """(`(b)(ii)` parts that follow a paragraph number, lower-cased; what follows them)."""
    out = ""
    while True:
        match = _SUB_RE.match(rest)
        if not match:
            return out, rest
        out += f"({_letter(match.group(1))})"
        rest = rest[match.end():]


def _continue(anchors: list[str], rest: str, typed: str) -> list[str]:
    """More anchors after the first: `and 5`, `, 7`, `-6`, `至5段`, `(c)`; anything else
    left over is an error (`Article 2(4)` must not cite the whole article)."""
    while True:
        leftover = rest.strip(" ,.;:")
        if not leftover:
            return anchors
        span = _RANGE_RE.match(rest)
        joined = span or _LIST_RE.match(rest)
        if not joined:
            raise CitationError(f"cannot read {leftover!r} in the citation")
        rest = rest[joined.end():]
        number = re.match(r"^(?:¶+\s*|PARAS?\.?\s*|第\s*)?(\d{1,3})\s*(?:段|款|项)?", rest,
                          re.IGNORECASE)
        letter = None if number else _SUB_RE.match(rest)
        if not number and not letter:
            raise CitationError(f"cannot read {rest.strip() or joined.group(0).strip()!r} "
                                f"in {typed!r}")
        if number:
            nxt = _replace_number(anchors[-1], int(number.group(1)), typed)
            rest = rest[number.end():]
            subs, rest = _subs(rest)
            new = [nxt + subs]
        else:
            new = [_replace_group(anchors[-1], _letter(letter.group(1)), typed)]
            rest = rest[letter.end():]
        anchors += _span(anchors[-1], new[0], typed) if span else new


def _replace_number(anchor: str, number: int, typed: str) -> str:
    """`3` → `5`, `art2(3)` → `art2(5)`, `annex.3` → `annex.5`: the last number is the
    one a list goes on with."""
    base = re.sub(r"(\([a-z]+\))+$", "", anchor)
    group = _LAST_GROUP.match(base)
    if group and group.group(2).isdigit():
        return f"{group.group(1)}({number})"
    numbered = _NUMBERED.match(base)
    if not numbered:
        raise CitationError(f"cannot continue {anchor!r} with {number} in {typed!r}")
    return f"{numbered.group(1)}{number}"


def _replace_group(anchor: str, letter: str, typed: str) -> str:
    group = _LAST_GROUP.match(anchor)
    if not group or group.group(2).isdigit():
        raise CitationError(f"cannot continue {anchor!r} with ({letter}) in {typed!r}")
    return f"{group.group(1)}({letter})"


def _span(first: str, last: str, typed: str) -> list[str]:
    """Every anchor from after `first` to `last`: `5`..`7` → 6, 7; `4(a)`..`4(c)` → 4(b), 4(c)."""
    a, b = _LAST_GROUP.match(first), _LAST_GROUP.match(last)
    if a and b and a.group(1) == b.group(1) and not a.group(2).isdigit():
        start, end = ord(a.group(2)[0]), ord(b.group(2)[0])
        values = [f"{a.group(1)}({chr(c)})" for c in range(start + 1, end + 1)]
    else:
        a, b = _NUMBERED.match(re.sub(r"\)$", "", first)), _NUMBERED.match(re.sub(r"\)$", "", last))
        if not a or not b or a.group(1) != b.group(1):
            raise CitationError(f"cannot read the range {first!r} to {last!r} in {typed!r}")
        close = ")" if first.endswith(")") else ""
        start, end = int(a.group(2)), int(b.group(2))
        values = [f"{a.group(1)}{n}{close}" for n in range(start + 1, end + 1)]
    if not values:
        raise CitationError(f"the range in {typed!r} ends before it starts")
    if len(values) >= _MAX_RANGE:
        raise CitationError(f"the range in {typed!r} spans more than {_MAX_RANGE} paragraphs")
    return values
