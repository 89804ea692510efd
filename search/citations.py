"""Citations as users type them → (document, anchor, language).

`A/RES/80/11 27`, `CTOC/COP/WG.3/2023/4 ¶41 (zh)`, `… para. 29`, `… paragraph 4 (b)`,
`… 第41段`, `… 第 4 段(b)分段`, `… párrafo 41`, `… Article 14`, `… art. 52`, `… 第十八条`,
`… Статья 13`, `… المادة 17`, `A/RES/80/9, annex, para. 3`: all name an anchor.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from undocs.indexer.labels import chinese_number
from undocs.indexer.languages import lang_code
from undocs.indexer.structure import annex_anchor
from undocs.indexer.symbols import symbol_key


class CitationError(ValueError):
    """A citation that names no known document or paragraph; the message says which."""


@dataclass(frozen=True)
class CitationRef:
    symbol_key: str
    anchor: str
    lang: str | None
    annex_given: bool = False


_LANG_RE = re.compile(r"[\s,]*[(\[]?\s*([A-Za-z\u0400-\u04ff\u4e00-\u9fff-]{2,10})\s*[)\]]?\s*$")
_ANNEX_RE = re.compile(
    r"^(?:ANNEXE?|ANEXO|ПРИЛОЖЕНИЕ|المرفق|附件)\s*([IVXLC]{1,6}\b|\d{1,2}\b|[一二三四五六七八九十]{1,3})?"
    r"[\s,.;:]*", re.IGNORECASE)
_ARTICLE_RE = re.compile(
    r"^(?:ARTICLE|ARTÍCULO|ARTICULO|ART\.?|СТАТЬЯ|СТ\.|المادة)\s*(\d{1,3}|PREMIER|1ER)\b"
    r"|^第\s*([零〇一二三四五六七八九十百两\d]{1,6})\s*条", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(
    r"^(?:¶\s*|PARAGRAPHS?\s*|PARAGRAPHE\s*|PARAS?\.?\s*|PÁRRAFO\s*|PARRAFO\s*|PÁRR\.?\s*|"
    r"ПУНКТ\s*|П\.\s*|الفقرة\s*|第\s*)?"
    r"(\d{1,3}(?:\.(?:\d{1,2}|[A-Z]))*(?![\d])|[一二三四五六七八九十百零]{1,6}(?=\s*[段款]))\s*(?:段|款)?",
    re.IGNORECASE)
_BRACKETED_NUMBER_RE = re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]")
_SUB_RE = re.compile(r"^[\s,]*(?:SUBPARAGRAPH\s*|ALINÉA\s*|APARTADO\s*|ПОДПУНКТ\s*)?"
                     r"[(（]?\s*([A-Za-z]{1,4}|[ivx]{1,5}|\d{1,3})\s*[)）](?:分段|项)?",
                     re.IGNORECASE)
_LITERAL_RE = re.compile(
    r"^(?:p\d+|sp\d+(?:\.\d+)?|fn\w+|annex[ivxlc\d]*|(?:annex\w*\.)?(?:art\d+)?(?:\d[\w.]*)?"
    r"(?:\([a-z0-9]+\))*)$")


def split_symbol(text: str, known: dict[str, str]) -> tuple[str, str]:
    """(symbol key, rest of the citation); `known` maps keys of indexed symbols to their
    display form. Raises CitationError with suggestions when no known symbol leads."""
    normalised = symbol_key(text)
    for key in sorted(known, key=len, reverse=True):
        if normalised.startswith(key):
            rest = normalised[len(key):]
            if not rest or not (rest[0].isalnum() or rest[0] in "/-."):
                return key, rest
    guess = re.split(r"[\s,¶]", text.strip(), maxsplit=1)[0]
    if not guess:
        raise CitationError("empty citation")
    raise unknown_document(guess, known, f" in citation {text!r}")


def unknown_document(name: str, known: dict[str, str], where: str = "") -> CitationError:
    """The error for a symbol no indexed document has, with the closest ones."""
    close = difflib.get_close_matches(symbol_key(name), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(known[k] for k in close)}?" if close else ""
    return CitationError(f"unknown document {name!r}{where}{hint}")


def parse_anchor(rest: str) -> tuple[str, str | None, bool]:
    """(anchor, language or None, whether an annex was named) from what follows the
    symbol (upper-cased by the symbol key). Text it cannot read is an error, never
    silently dropped."""
    rest = rest.strip(" ,;:")
    lang = None
    match = _LANG_RE.search(rest)
    if match and lang_code(match.group(1)) and (match.start() > 0 or "(" in match.group(0)):
        lang = lang_code(match.group(1))
        rest = rest[:match.start()].strip(" ,;:")
    if not rest:
        raise CitationError("the citation names no paragraph (add one: ¶3, para. 3, "
                            "Article 2, 第3段)")
    literal = rest.lstrip("¶ ").lower().replace(" ", "")  # an anchor as undocs prints it
    if literal and _LITERAL_RE.match(literal) and not literal.isdigit():
        return literal, lang, literal.startswith("annex")
    prefix = ""
    annex = _ANNEX_RE.match(rest)
    if annex:
        prefix = _annex_prefix(annex.group(1))
        rest = rest[annex.end():]
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
        return anchor + _subs(rest), lang, bool(annex)
    paragraph = _PARAGRAPH_RE.match(rest)
    if not paragraph or not paragraph.group(1):
        if annex and not rest.strip():
            return prefix.rstrip("."), lang, True
        raise CitationError(f"no paragraph number in {rest.strip()!r}")
    anchor = prefix + _number(paragraph.group(1)).lower()
    return anchor + _subs(rest[paragraph.end():]), lang, bool(annex)


def _number(text: str) -> str:
    """`41`, `3.6.1` as they are; `四十一` (第四十一段) as digits."""
    return text if text[:1].isdigit() else str(chinese_number(text))


def _subs(rest: str) -> str:
    """`(b)(ii)` parts that follow a paragraph number, lower-cased; anything else left
    over is an error (`Article 2(4)` must not cite the whole article)."""
    out = ""
    while True:
        match = _SUB_RE.match(rest)
        if not match:
            leftover = rest.strip(" ,.;:")
            if leftover:
                raise CitationError(f"cannot read {leftover!r} in the citation")
            return out
        out += f"({match.group(1).lower()})"
        rest = rest[match.end():]


def _annex_prefix(number: str | None) -> str:
    return f"{annex_anchor(number)}."


def parse_citation(text: str, known: dict[str, str]) -> CitationRef:
    key, rest = split_symbol(text, known)
    anchor, lang, annex = parse_anchor(rest)
    return CitationRef(key, anchor, lang, annex)
