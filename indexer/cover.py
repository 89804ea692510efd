"""The cover page of a verbatim meeting record (S/PV, A/PV): metadata, not speech.

Page 1 of a record prints the corrections notice (the same in every record), who
presided, the members present (`China . . . . . Mr. Fu Cong`) and the agenda as
announced. None of it was said at the meeting: searching `China` must find what
China's representative said, not every record's members list. The notice is dropped;
the President, the members and the agenda go into the document's details.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from undocs.indexer.records import Paragraph

_NOTICE_RE = re.compile(
    r"^(?:This record contains the text of speeches|(?:Le présent|Ce) procès-verbal contient|"
    r"(?:El presente documento|La presente acta) contiene|В настоящем отчете содержится|本记录包括|"
    r"يتضمن هذا المحضر)", re.IGNORECASE)
_LEADER_RE = re.compile(r"\s*\.(?:\s*\.)+\s*")  # the leader dots `. . . .` of a list
_ROLE_RE = re.compile(r"^(?P<role>President|Members|Président|Présidente|Membres|Presidente|"
                      r"Presidenta|Miembros|Председатель|Члены|主席|成员|الرئيس|الأعضاء)\s*[:：]"
                      r"\s*(?P<rest>.*)$")
_MEMBERS = ("Members", "Membres", "Miembros", "Члены", "成员", "الأعضاء")
_AGENDA = ("Agenda", "Ordre du jour", "Orden del día", "Повестка дня", "议程", "جدول الأعمال")
_OPENED_RE = re.compile(r"^(?:The meeting was (?:called to order|resumed)|La séance est "
                        r"(?:ouverte|reprise)|Se (?:abre|reanuda) la sesión|Заседание "
                        r"(?:открывается|возобновляется)|افتتحت الجلسة)|[^。]{0,12}宣布开会")


def split_cover(paragraphs: list[Paragraph],
                lines_of: Callable[[Paragraph], list[str]]) -> tuple[list[Paragraph],
                                                                     dict[str, str]]:
    """The record's paragraphs without its cover page, and what the cover states
    (`president`, `members`, `agenda_title`). `lines_of` gives a paragraph's source
    lines: a members list is one `State . . . Representative` pair per line."""
    first_page = next((p.pages[0] for p in paragraphs if p.pages), 0)
    president, members, agenda = "", [], []
    kept: list[Paragraph] = []  # cover paragraphs that are none of these
    in_agenda = False
    for index, paragraph in enumerate(paragraphs):
        if (paragraph.speaker or _OPENED_RE.match(paragraph.text)
                or (paragraph.pages and paragraph.pages[0] > first_page)):
            kept.extend(paragraphs[index:])
            break
        text = paragraph.text.strip()
        if _NOTICE_RE.match(text):
            continue
        if paragraph.kind == "heading" and text in _AGENDA:
            in_agenda = True
            continue
        if in_agenda and not text.endswith((".", "。")):  # items, not sentences
            agenda.append(text)
            continue
        lines = lines_of(paragraph)
        if not any(_LEADER_RE.search(line) for line in lines):
            kept.append(paragraph)  # `In the absence of the President, …`: the record's
            continue
        for line in lines:
            role = _ROLE_RE.match(line.strip())
            if role and role.group("role") not in _MEMBERS:
                president = " ".join(_LEADER_RE.sub(" ", role.group("rest")).split())
                continue
            pair = _LEADER_RE.split(role.group("rest") if role else line.strip(), maxsplit=1)
            if len(pair) == 2 and pair[0].strip() and pair[1].strip():
                members.append(f"{pair[0].strip()}: {' '.join(pair[1].split())}")
    else:
        return paragraphs, {}  # no end of the cover: no cover
    details = {"president": president, "members": "; ".join(members),
               "agenda_title": "; ".join(agenda)}
    return kept, {name: value for name, value in details.items() if value}
