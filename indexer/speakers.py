"""Verbatim meeting records (`S/PV.4507`, `A/80/PV.12`) by speaker turn.

They have no paragraph numbers: a record is cited by page and speaker. A turn opens
with its speaker (`The President (spoke in Russian):`, `Mr. Levitte (France):`,
`Le Président :`, `Г-н Небензя (Российская Федерация):`, `主席：`); its paragraphs get
the anchors `sp<turn>` (the first) and `sp<turn>.<n>` (the n-th), and carry the speaker
and the State or body they speak for. Summary records (`SR`) keep their numbered
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from undocs.indexer.records import Paragraph

_VERBATIM_RE = re.compile(r"/PV\.\d+")
_TITLES = (r"Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Sheikh|Archbishop|Cardinal|Prince|Princess|"
           r"M|Mme|Mlle|Sr|Sra|Srta|Г-н|Г-жа")
_OFFICES = (r"The (?:Acting )?President|The (?:Deputy )?Secretary-General|"
            r"Le Président(?: par intérim)?|La Présidente(?: par intérim)?|Le Secrétaire général|"
            r"El Presidente(?: interino)?|La Presidenta(?: interina)?|"
            r"El Secretario General|Председатель|Генеральный секретарь|主席|秘书长|الرئيس|"
            r"الأمين العام")
_TURN_RE = re.compile(
    rf"^(?P<who>{_OFFICES}|(?:{_TITLES})\.?\s+[^\s():：,.;][^():：;]{{0,60}}?|"
    r"[^\s（）：]{1,12}(?:先生|女士))"
    r"\s*(?:[(（](?P<for>[^()（）]{2,80})[)）])?"
    r"(?:\s*[(（](?:spoke in|parle en|habla en|говорит по|以|بالل)[^()（）]*[)）])?"
    r"\s*(?:[:：]\s|：)"
)
_PRESIDENTS = ("The President", "The Acting President", "Le Président", "La Présidente",
               "El Presidente", "La Presidenta", "Председатель", "主席", "الرئيس")
_SPOKE_RE = re.compile(r"^(?:spoke in|parle en|habla en|говорит по)", re.IGNORECASE)


_TITLE_RE = re.compile(rf"^(?:{_TITLES})\.?\s+", re.IGNORECASE)


def speaker_key(text: str) -> str:
    """What `speaker:` compares: folded case and spaces, without a title (`Mr.`), so
    that `speaker:Nebenzia` finds `Mr. Nebenzia` and `speaker:China` finds `(China)`."""
    import unicodedata

    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return _TITLE_RE.sub("", folded.strip("\"'“”"), count=1)


def is_verbatim(symbol: str) -> bool:
    return _VERBATIM_RE.search(symbol) is not None


def speaker_of(text: str) -> tuple[str, str] | None:
    """(speaker, the State or body they speak for) if `text` opens a speaker turn."""
    match = _TURN_RE.match(text)
    if match is None:
        return None
    who, for_ = match.group("who").strip(), (match.group("for") or "").strip()
    if _SPOKE_RE.match(for_):
        for_ = ""
    return who, for_


_PRESIDENCY_RE = re.compile(r"^(?:President|Président|Presidente|Председатель|主席)\s*[:：]"
                           r".*[(（]([^()（）]{2,80})[)）]\s*$")


def by_speaker(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs of a verbatim record, anchored and tagged by speaker turn. The
    President speaks for the State holding the presidency (the cover page's
    `President: Mr. Lavrov . . . (Russian Federation)`)."""
    presidency = next((match.group(1).strip() for p in paragraphs[:12]
                       if (match := _PRESIDENCY_RE.match(p.text))), "")
    out: list[Paragraph] = []
    turn, part, speaker = 0, 0, ("", "")
    for paragraph in paragraphs:
        if paragraph.kind not in ("text", "paragraph"):
            if paragraph.kind == "heading":
                speaker = ("", "")  # a new agenda item: what follows is nobody's turn yet
            out.append(paragraph)
            continue
        found = speaker_of(paragraph.text)
        if found is not None:
            if not found[1] and found[0] in _PRESIDENTS:
                found = (found[0], presidency)
            turn, part, speaker = turn + 1, 1, found
            anchor = f"sp{turn}"
        elif turn and speaker[0]:
            part += 1
            anchor = f"sp{turn}.{part}"
        else:
            out.append(paragraph)
            continue
        out.append(replace(paragraph, anchor=anchor, kind="turn" if part == 1 else "text",
                           speaker=speaker[0], speaker_for=speaker[1]))
    return out
