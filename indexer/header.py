"""The header block of a UN document: distribution, date, language version, original.

Arabic, Chinese and Russian versions keep it in English (`Distr.: General`,
`2 October 2023`, `Chinese`, `Original: English`; older ones in capitals); French and
Spanish translate it (`Distr. générale`, `11 septembre 1998`, `Original : anglais`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from undocs.indexer.languages import lang_code
from undocs.indexer.symbols import SYMBOL_RE, is_symbol

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    # ru (genitive, as dates are written)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(
    rf"\b(\d{{1,2}})(?:er)?\s+(?:de\s+)?({_MONTH_ALT})\s+(?:de\s+)?(\d{{4}})(?:\s*(?:года|г\.))?",
    re.IGNORECASE,
)
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ZH_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")  # 2025年12月1日
# Arabic versions name the month twice, Levantine/Egyptian: `1 كانون الأول/ديسمبر 2025`
_AR_MONTHS = {"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5,
              "يونيه": 6, "يونيو": 6, "يوليه": 7, "يوليو": 7, "أغسطس": 8, "سبتمبر": 9,
              "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12}
_AR_DATE_RE = re.compile(r"(\d{1,2})\s+(?:[^\s/\d]+(?:\s[^\s/\d]+)?\s*/\s*)?("
                         + "|".join(_AR_MONTHS) + r")\s+(\d{4})")
# English in the Arabic, Chinese and Russian versions, translated in the French and
# Spanish ones (older French ones in capitals without accents: `Distr. GENERALE`); the
# Arabic and Chinese words (عام, 普遍) are read too
_DISTR_RE = re.compile(
    r"\bDistr\.?\s*[:：]?\s*(General|GENERAL|Limited|LIMITED|Restricted|RESTRICTED|générale|"
    r"GÉNÉRALE|GENERALE|limitée|LIMITÉE|LIMITEE|restreinte|RESTREINTE|general|limitada|"
    r"LIMITADA|reservada|RESERVADA|普遍|有限|限制|عام|محدود)(?!\w)",
)
_DISTRIBUTIONS = {
    "general": "General", "générale": "General", "generale": "General", "limited": "Limited",
    "limitée": "Limited", "limitee": "Limited", "limitada": "Limited",
    "restricted": "Restricted", "restreinte": "Restricted", "reservada": "Restricted",
    "普遍": "General", "有限": "Limited", "限制": "Limited", "عام": "General",
    "محدود": "Limited",
}
_ORIGINAL_RE = re.compile(r"^\s*(?:Original|ORIGINAL|Оригинал|原文|الأصل)\s*[:：]\s*(\S+)\s*$")


def parse_date(text: str) -> str:
    """An ISO date (`2023-10-02`) from a date written in any of the header languages."""
    match = _ISO_DATE_RE.search(text)
    if match:
        return match.group(0)
    match = _ZH_DATE_RE.search(text)
    if match:
        year, month, day = map(int, match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""
    match = _AR_DATE_RE.search(text)
    if match:
        day, month, year = match.groups()
        return f"{int(year):04d}-{_AR_MONTHS[month]:02d}-{int(day):02d}"
    match = _DATE_RE.search(text)
    if not match:
        return ""
    day, month, year = match.groups()
    return f"{int(year):04d}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"


@dataclass
class HeaderFields:
    distribution: str = ""
    date: str = ""
    language: str = ""
    original: str = ""
    symbol: str = ""
    lines: list[int] = field(default_factory=list)  # the source lines that were header


def merge_headers(first: HeaderFields, then: HeaderFields) -> HeaderFields:
    """The fields of `first`, filled in from `then` where `first` has none."""
    return HeaderFields(
        distribution=first.distribution or then.distribution,
        date=first.date or then.date,
        language=first.language or then.language,
        original=first.original or then.original,
        symbol=first.symbol or then.symbol,
        lines=first.lines + then.lines,
    )


def read_header_line(line: str, fields: HeaderFields) -> bool:
    """Record what a header line says into `fields`; return whether the line was
    header metadata through and through (and so is no paragraph text)."""
    text = line.strip()
    if not text or len(text) > 120:
        return False
    distr = _DISTR_RE.search(text)
    if distr:
        fields.distribution = fields.distribution or _DISTRIBUTIONS[distr.group(1).lower()]
        fields.date = fields.date or parse_date(text)
        return distr.start() == 0 and (len(text) - distr.end() < 40)
    original = _ORIGINAL_RE.match(text)
    if original:
        name = original.group(1)  # Arabic writes `بالإنكليزية`, "in English"
        code = lang_code(name) or (lang_code(name[1:]) if name.startswith("ب") else None)
        if code:
            fields.original = fields.original or code
            return True
        return False
    code = lang_code(text)
    if code and " " not in text and len(text) > 3:
        fields.language = fields.language or code
        return True
    date = parse_date(text)
    if date and (_DATE_RE.fullmatch(text) or _ISO_DATE_RE.fullmatch(text)):
        fields.date = fields.date or date
        return True
    if is_symbol(text):
        fields.symbol = fields.symbol or SYMBOL_RE.search(text).group(0)
        return True
    return False
