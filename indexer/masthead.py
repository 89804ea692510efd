"""The masthead of a UN document's first page: who issued it and under what symbol,
session, agenda items, adoption, the draft it came from, the job number.

PDF and DOCX readers hand it the first page's lines; it says which of them are
masthead (metadata, not paragraphs) and what they state. Distribution, date, language
and original language are the header block's (`indexer.header`), read as usual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from undocs.indexer.header import HeaderFields, parse_date, read_header_line
from undocs.indexer.symbols import SYMBOL_RE

MASTHEAD_LINES = 45  # the masthead is within the first lines of page 1

_ORGANS = (
    "United Nations", "Nations Unies", "Naciones Unidas", "Организация Объединенных Наций",
    "联合国", "الأمم المتحدة", "General Assembly", "Security Council",
    "Economic and Social Council", "Assemblée générale", "Conseil de sécurité",
    "Asamblea General", "Consejo de Seguridad", "Генеральная Ассамблея", "Совет Безопасности",
    "大会", "安全理事会", "الجمعية العامة", "مجلس الأمن", "Provisional", "Provisoire",
    "Provisional", "Provisional", "New York", "Nueva York", "Нью-Йорк", "纽约", "نيويورك",
)
_ORGAN_RE = re.compile(
    r"^(?:" + "|".join(re.escape(organ) for organ in _ORGANS) + r")(?:\s+(?:"
    + "|".join(re.escape(organ) for organ in _ORGANS) + r"))*\s*(?P<rest>.*)$"
)
# `Eightieth session`, `Cinquante-troisième session`, `Quincuagésimo tercer período de
# sesiones`, `Шестьдесят первая сессия`, `第五十四届会议`, `الدورة الرابعة والسبعون`
_SESSION_RE = re.compile(
    r"^(?P<session>(?:[A-Z][a-z]+-)?[A-Za-z]+(?:ieth|th|st|nd|rd) (?:session|year)|"
    r"(?:[A-Za-zéèê-]+ (?:et )?)?[A-Za-zéèê-]+(?:ième|e) (?:session|année)|"
    r"(?:[A-Za-záéíóú]+ ){1,2}(?:período de sesiones|año)|"
    r"(?:[А-Яа-яё-]+ ){1,2}(?:сессия|год)|第[^\s]{1,6}届会议|第[^\s]{1,6}年|"
    r"(?:الدورة|السنة)(?:\s+[\u0621-\u064a]+){1,3})$"
)
_ITEM = r"\d{1,3}(?:\s*\(?[a-z]{1,2}\))?"  # `74`, `99 (r)`, `99 r)`
_ITEMS = rf"{_ITEM}(?:\s*(?:,|et|y|и|و|،)\s*{_ITEM})*"
_AGENDA_RE = re.compile(
    rf"^(?:Agenda items?\s*(?P<items>.*)|Points? (?P<fr>{_ITEMS}) de l[’']ordre du jour\s*:?|"
    rf"Temas? (?P<es>{_ITEMS}) del programa\s*:?|Пункты? (?P<ru>{_ITEMS}) (?:повестки|"
    rf"предварительной).*|议程项目\s*(?P<zh>.*)|"
    rf"(?:البند|البندان|البنود)\s*(?P<ar>{_ITEMS})\s*من جدول الأعمال.*)$", re.IGNORECASE
)
# `Resolution adopted by the General Assembly on 1 December 2025`, `Résolution adoptée
# par…`, `Resolución aprobada por…`, `Резолюция, принятая…`, `قرار اتخذته…`, and the
# Chinese order, date first: `大会2025年12月1日通过的决议`
_ADOPTED_RE = re.compile(
    r"^(?:(?:Resolution|Decision|Résolution|Décision|Resolución|Decisión|Резолюция|Решение|"
    r"决议|قرار|مقرر)[\s,]+.*(?:adopted|adoptée|aprobada|adoptada|принятая|принятое|通过|"
    r"اتخذته|اتخذها)|(?:大会|安全理事会|经济及社会理事会).{0,30}通过的(?:决议|决定))"
)
_DRAFT_RE = re.compile(r"^\[(?:on the report|without reference|sur (?:la base du )?rapport|sans "
                       r"renvoi|sobre la base del informe|sin remisión|по докладу|без передачи|"
                       r"根据|未经|بناء|دون الإحالة)")
_JOB_RE = re.compile(r"^(?P<job>\d{2}-\d{5,6})\s*(?:\([A-Z]\))?(?:\s+\d{6}){0,2}$")
_BARCODE_RE = re.compile(r"^\*\d{7,}\*$")
_MEETING_RE = re.compile(r"^(?:\d+(?:th|st|nd|rd|e|ª|-?е)? (?:meeting|séance|sesión|заседание)|"
                         r"第\d+次会议|الجلسة)", re.IGNORECASE)
# a committee's meeting, as old Official Records print it over two lines:
# `QUATRIEME COMMISSION, 985e` / `SEANCE`, `FOURTH COMMITTEE, 985th` / `MEETING`
_COMMITTEE_RE = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|special political|premiere|deuxieme|"
    r"troisieme|quatrieme|cinquieme|sixieme|primera|segunda|tercera|cuarta|quinta|sexta|"
    r"первый|второй|третий|четвертый|пятый|шестой) (?:main )?(?:committee|commission|"
    r"comision|комитет)\b")
_MEETING_WORD_RE = re.compile(r"^(?:meeting|seance|sesion|заседание)$")
# the time under a meeting's day: `à 10h50`, `at 3 p.m.`, `10.30 a.m.`
_TIME_RE = re.compile(r"^(?:a|at|в)?\s*\d{1,2}(?:\s*h\s*\d{0,2}|[.:]\d{2}\s*(?:a\.m\.|p\.m\.)?|"
                      r"\s*(?:a\.m\.|p\.m\.))$")
# the line of the Official Records a record belongs to
_RECORDS_RE = re.compile(r"^(?:official records|documents officiels|documentos oficiales|"
                         r"официальные отчеты|正式记录|الوثائق الرسمية)$")
_WHEN_RE = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Lundi|"
                      r"Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Lunes|Martes|"
                      r"Miércoles|Jueves|Viernes|Sábado|Domingo)\b", re.IGNORECASE)


@dataclass
class Masthead:
    symbol: str = ""
    organ: str = ""
    session: str = ""
    agenda: str = ""  # `99 (r)`, `12 and 13`
    adopted: str = ""  # ISO date of adoption
    draft: str = ""  # the draft or report symbol: `A/80/L.9`, `A/80/534`
    job: str = ""  # `25-19831`
    meeting: str = ""  # `4507th meeting, Thursday, 4 April 2002, 11.50 a.m.`
    header: HeaderFields = field(default_factory=HeaderFields)  # distribution, date...
    taken: set[int] = field(default_factory=set)  # indices of masthead lines

    def fields(self) -> dict[str, str]:
        return {name: value for name, value in (
            ("session", self.session), ("agenda", self.agenda), ("adopted", self.adopted),
            ("draft", self.draft), ("job", self.job), ("meeting", self.meeting),
        ) if value}


def fold(text: str) -> str:
    """`text` lower-cased, without accents: older mastheads print `ASSEMBLEE GENERALE`,
    `QUATORZIEME SESSION`, `NEW YORK`."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_ORGANS_FOLDED = frozenset(map(fold, _ORGANS))


def read_masthead(lines: list[str], bold: list[bool] | None = None,
                  starts: list[float] | None = None,
                  boxes: list[tuple[float, float, float]] | None = None) -> Masthead:
    """What the first page's lines (in reading order) say about the document.

    `starts` (where each line starts: the left edge, the right one for right to left),
    `bold` and `boxes` (top, bottom, font size) find an agenda item's title under it:
    the lines set flush with it that are bold, or in its type size with no gap between
    (a PDF generator that reports no font weight)."""
    head = Masthead()
    bold = bold or [False] * len(lines)
    starts = starts or [0.0] * len(lines)
    agenda_at: int | None = None  # the index of the agenda line or its title's last line
    adopted = False
    meeting_at: int | None = None  # the index of the last line of a meeting's lines
    texts = [text.strip().replace("\u0640", "") for text in lines[:MASTHEAD_LINES]]
    _split_organs(texts, head)
    for index, text in enumerate(texts):
        if index in head.taken:
            continue
        if meeting_at == index - 1 and _meeting_continues(text, head):
            head.taken.add(index)
            meeting_at = index
            continue
        meeting_at = None
        if agenda_at is not None and _under(agenda_at, index, bold, starts, boxes) and not (
                _read_one(text, Masthead())):
            head.taken.add(index)
            agenda_at = index
            continue
        agenda_at = None
        if adopted:
            adopted = False
            date = parse_date(text)
            if date and len(text) < 40:
                head.adopted = head.adopted or date
                head.taken.add(index)
                continue
        if _read_one(text, head):
            head.taken.add(index)
            if _AGENDA_RE.match(text):
                agenda_at = index
            if _ADOPTED_RE.match(text) and not head.adopted:
                adopted = True
            if head.meeting.endswith(text):
                meeting_at = index
    return head


def _split_organs(texts: list[str], head: Masthead) -> None:
    """Take an organ's name set over two lines (`ASSEMBLEE` / `GENERALE`)."""
    for index in range(len(texts) - 1):
        first, second = fold(texts[index]), fold(texts[index + 1])
        if first and second and first not in _ORGANS_FOLDED and (
                f"{first} {second}" in _ORGANS_FOLDED):
            head.organ = head.organ or f"{texts[index]} {texts[index + 1]}"
            head.taken.update((index, index + 1))


def _meeting_continues(text: str, head: Masthead) -> bool:
    """A line that goes on with the meeting's lines above it: `SEANCE` after `QUATRIEME
    COMMISSION, 985e`, `à 10h50` after `Vendredi 4 décembre 1959,`."""
    folded = fold(text)
    if not (_MEETING_WORD_RE.match(folded) or _TIME_RE.match(folded)):
        return False
    joiner = " " if _MEETING_WORD_RE.match(folded) or head.meeting.endswith(",") else ", "
    head.meeting = f"{head.meeting}{joiner}{text}"
    return True


def _under(above: int, index: int, bold: list[bool], starts: list[float],
           boxes: list[tuple[float, float, float]] | None) -> bool:
    """Whether line `index` continues the agenda block that line `above` ends."""
    if abs(starts[index] - starts[above]) >= 6:
        return False
    if not boxes:
        return bold[index]
    (_, bottom, size), (top, _, size_here) = boxes[above], boxes[index]
    if abs(size_here - size) >= 0.6:
        return False  # the document's title, in larger type
    return bold[index] or top - bottom < 0.8 * size


def job_number(lines: Iterable[str]) -> str:
    """The ODS job number (`25-19831`) among a first page's footer lines, "" if none:
    read before the footer filter drops those lines from the text."""
    for text in lines:
        job = _JOB_RE.match(text.strip())
        if job:
            return job.group("job")
    return ""


def _read_one(text: str, head: Masthead) -> bool:
    """Record one masthead line; whether it was one."""
    job = _JOB_RE.match(text)
    if job:
        head.job = head.job or job.group("job")
        return True
    if _BARCODE_RE.match(text):
        return True
    if read_header_line(text, head.header):
        return True
    folded = fold(text)
    if folded in _ORGANS_FOLDED:  # `NEW YORK`, `Assemblee generale`
        head.organ = head.organ or text
        return True
    if _RECORDS_RE.match(folded):
        return True
    organ = _ORGAN_RE.match(text)
    if organ:
        rest = organ.group("rest").strip()
        symbol = SYMBOL_RE.fullmatch(rest) if rest else None
        if symbol:
            head.symbol = head.symbol or symbol.group(0)
        if not rest or symbol or read_header_line(rest, head.header):
            head.organ = head.organ or text[: len(text) - len(rest)].strip()
            return True
        if not _ADOPTED_RE.match(text):
            return False  # `General Assembly resolution 80/6 …`: a sentence, not a masthead
    session = _SESSION_RE.match(text) or (
        _SESSION_RE.match(text.capitalize()) if text.isupper() else None)
    if session:  # as printed (`QUATORZIEME SESSION`): capitalising keeps the length
        head.session = head.session or text[session.start("session"):session.end("session")]
        return True
    agenda = _AGENDA_RE.match(text)
    if agenda and len(text) < 80:
        items = next((value for value in agenda.groups() if value), "")
        head.agenda = head.agenda or items.strip()
        return True
    if _ADOPTED_RE.match(text):
        head.adopted = head.adopted or parse_date(text)
        return True
    if _DRAFT_RE.match(text) and text.endswith("]"):
        symbols = SYMBOL_RE.findall(text)
        head.draft = head.draft or (symbols[0] if symbols else "")
        return True
    if _MEETING_RE.match(text) or _WHEN_RE.match(text) or _COMMITTEE_RE.match(folded):
        head.meeting = f"{head.meeting}, {text}" if head.meeting else text
        return True
    return False
