"""The header block of a resolution as document metadata, not paragraphs.

`United Nations` / `General Assembly Distr.: General 12 November 2025` / `Eightieth
session Agenda item 74` / `Resolution adopted by the General Assembly on 11 November
2025` / `[without reference to a Main Committee (A/80/L.9)]` / `80/6. Report of …` say
what researchers filter by: session, agenda items, adoption date, the draft's symbol,
the Main Committee, the title. PDF and DOCX readers read the first page's masthead
themselves; text files (Markdown converted from the PDF) carry the same lines at the top.
"""

from __future__ import annotations

import re
from dataclasses import replace

from undocs.indexer.masthead import MASTHEAD_LINES, read_masthead
from undocs.indexer.ordinals import is_year, session_ordinal
from undocs.indexer.readers import Reading

_TITLE_RE = re.compile(r"^(?P<number>\d{1,3}/\d{1,4})\.\s+(?P<title>\S.*)$")
_COMMITTEE_RE = re.compile(r"\bon the report of the (?P<name>[\w ]+? Committee)\b|"
                           r"(?P<none>without reference to a Main Committee)", re.IGNORECASE)
_SESSION_SYMBOL_RE = re.compile(r"^A/(?:RES/|C\.\d/|INF/|BUR/|ES-\d+/)?(\d{1,3})/")
# text conversion joins the masthead's columns: `Eightieth session Agenda item 74`
_JOINED_RE = re.compile(r"^(?P<session>.*\S)\s+(?P<agenda>(?:Agenda items?|Points? \d|Temas? \d|"
                        r"Пункты? \d|议程项目|البند \d|البنود \d).*)$")
# a header block opens with the organisation's name on a line of its own, or with the
# organ and the distribution on one line
_HINT_RE = re.compile(r"(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных "
                      r"Наций|联合国|الأمم المتحدة)\s*$|(?:General Assembly|Security Council|"
                      r"Economic and Social Council|Assemblée générale|Conseil de sécurité|"
                      r"Asamblea General|Consejo de Seguridad|Генеральная Ассамблея|"
                      r"Совет Безопасности|大会|安全理事会|الجمعية العامة|مجلس الأمن)"
                      r"\s.{0,40}Distr")
_AGENDA_ITEM_RE = re.compile(r"(\d{1,3})\s*(?:\(?([a-z]{1,2})\))?")  # `99 (r)`, `99 r)`


def read_resolution_header(reading: Reading) -> Reading:
    """The reading without the header block's lines, its fields in `details` (and the
    distribution and date in `header`); the reading as it was if it has no such block."""
    if reading.header is not None or reading.details:
        return reading  # the PDF or DOCX reader read the masthead already
    top = [index for index, line in enumerate(reading.lines[:MASTHEAD_LINES * 3])
           if line.kind == "text"][:MASTHEAD_LINES]
    if not any(_HINT_RE.match(reading.lines[index].text.replace("\u0640", ""))  # tatweel
               for index in top[:4]):
        return reading  # most files: no masthead words at the top, skip the full reading
    texts, owners = [], []  # masthead texts, and the index in `top` of each one's line
    for position, index in enumerate(top):
        text = reading.lines[index].text.strip()
        joined = _JOINED_RE.match(text) if len(text) < 100 else None
        parts = [joined.group("session"), joined.group("agenda")] if joined else [text]
        texts.extend(parts)
        owners.extend([position] * len(parts))
    head = read_masthead(texts)
    if not (head.session or head.agenda or head.adopted or head.draft):
        return reading  # `United Nations` alone is no resolution header
    untaken = {owners[i] for i in range(min(len(texts), MASTHEAD_LINES)) if i not in head.taken}
    run = 0  # the header block is the leading run of masthead lines
    while run < len(top) and run not in untaken:
        run += 1
    details = head.fields()
    taken = top[:run]
    for index in taken:
        committee = _COMMITTEE_RE.search(reading.lines[index].text)
        if committee:
            details["committee"] = committee.group("name") or "none"
    if run < len(top):
        title = _TITLE_RE.match(reading.lines[top[run]].text.strip())
        if title:
            details["resolution"], details["title"] = title.group("number"), title.group("title")
            taken.append(top[run])
    gone = set(taken)
    head.header.lines = [reading.lines[index].number for index in taken]
    return replace(reading, lines=[line for i, line in enumerate(reading.lines) if i not in gone],
                   details=details, header=head.header, symbol=reading.symbol or head.symbol)


def session_number(session: str, symbol: str) -> str:
    """`80` for a General Assembly document of the eightieth session: from its symbol
    (`A/RES/80/6`, `A/80/L.9`), else from the words in any of the six languages
    (`Eightieth session`, `QUATORZIEME SESSION`, `第五十四届会议`); "" if neither."""
    match = _SESSION_SYMBOL_RE.match(symbol)
    if match:
        return str(int(match.group(1)))
    if is_year(session):
        return ""  # a Security Council record's year is no General Assembly session
    return str(session_ordinal(session) or "")


def agenda_items(agenda: str) -> tuple[str, ...]:
    """The items an agenda line names, each as searched: `99 (r) and 12` → (`99`,
    `99(r)`, `12`); the French and Spanish `99 r)` is `99(r)` too."""
    items: list[str] = []
    for number, sub in _AGENDA_ITEM_RE.findall(agenda):
        for item in (number, f"{number}({sub})" if sub else ""):
            if item and item not in items:
                items.append(item.lower())
    return tuple(items)
