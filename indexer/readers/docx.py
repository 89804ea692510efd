"""DOCX files (the standard library's zipfile and ElementTree: ODS Word files need
no more): body paragraphs, headings by style, tables as text (a line per row),
footnotes from `footnotes.xml` as `fn` entries, the masthead from the first page's
header part.

A ZIP bomb is refused before anything is inflated past MAX_PART bytes; damaged
archives and missing parts are refused in one line.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO
from xml.etree import ElementTree

from undocs.indexer.blocks import Line
from undocs.indexer.masthead import job_number, read_masthead
from undocs.indexer.readers import Reading
from undocs.indexer.records import ParseError

MAX_PART = 64 * 1024 * 1024  # bytes of XML one part may inflate to
MAX_RATIO = 200  # a real part compresses 5-20 times; a bomb thousands of times
MASTHEAD_PARAGRAPHS = 12  # the body's masthead paragraphs come first

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HEADING_STYLE_RE = re.compile(r"^(?:Heading\d|H\d+|HCh|HM|TitleH\w*|Title|AgendaTitle\w*)$")
_TITLE_STYLE_RE = re.compile(r"^(?:TitleH\w*|Title)$")
_MASTHEAD_STYLE_RE = re.compile(r"^(?:Session|AgendaItem\w*|AgendaTitle\w*)$")


def read_docx(data: bytes, source: str) -> Reading:
    """The Reading of a DOCX's bytes."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ParseError(source, f"damaged DOCX (not a readable ZIP archive: {err})") from None
    with archive:
        document = _xml(archive, "word/document.xml", source)
        if document is None:
            raise ParseError(source, "damaged DOCX (no word/document.xml)")
        footnotes = _xml(archive, "word/footnotes.xml", source)
        header = _first_page_part(archive, document, source, "header")
        job = job_number(_first_page_part(archive, document, source, "footer"))
    body = document.find(f"{_W}body")
    if body is None:
        raise ParseError(source, "damaged DOCX (no document body)")
    return _reading(body, footnotes, header, job)


def _xml(archive: zipfile.ZipFile, name: str, source: str):
    """A part parsed, or None if absent; refuses parts that inflate too far."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART or (
            info.compress_size and info.file_size > MAX_RATIO * info.compress_size
            and info.file_size > 1024 * 1024):
        raise ParseError(source, f"refused DOCX: {name} would inflate to {info.file_size} "
                                 "bytes (a ZIP bomb?)")
    try:
        with archive.open(info) as handle:
            raw = handle.read(MAX_PART + 1)  # the directory's sizes can lie: read at most
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as err:
        raise ParseError(source, f"damaged DOCX ({name}: {err})") from None
    if len(raw) > MAX_PART:
        raise ParseError(source, f"refused DOCX: {name} inflates past {MAX_PART} bytes "
                                 "(a ZIP bomb?)")
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as err:
        raise ParseError(source, f"damaged DOCX ({name}: {err})") from None


def _first_page_part(archive: zipfile.ZipFile, document, source: str, kind: str) -> list[str]:
    """The paragraphs of the `header` or `footer` part the first page shows (the header
    holds the masthead: symbol, organ, distribution, date, original language; the
    footer the job number)."""
    section = document.find(f".//{_W}sectPr")
    if section is None:
        return []
    references = {ref.get(f"{_W}type"): ref.get(f"{_R}id")
                  for ref in section.findall(f"{_W}{kind}Reference")}
    wanted = references.get("first") or references.get("default")
    rels = _xml(archive, "word/_rels/document.xml.rels", source)
    if wanted is None or rels is None:
        return []
    target = next((rel.get("Target") for rel in rels if rel.get("Id") == wanted), None)
    part = _xml(archive, f"word/{target}", source) if target else None
    if part is None:
        return []
    return [text for paragraph in part.iter(f"{_W}p") if (text := _text(paragraph)[0])]


def _text(paragraph) -> tuple[str, list[str]]:
    """A paragraph's text (a tab after a paragraph number becomes a space) and the
    ids of the footnotes it references, whose markers are left out of the text."""
    parts: list[str] = []
    notes: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}footnoteReference":
            notes.append(node.get(f"{_W}id", ""))
    return " ".join("".join(parts).split()), notes


def _style(paragraph) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style.get(f"{_W}val", "") if style is not None else ""


def _reading(body, footnotes, header: list[str], job: str) -> Reading:
    lines: list[Line] = []
    numbers: dict[str, str] = {}  # footnote id -> the number it shows, in reference order
    masthead_texts: list[str] = list(header)
    masthead_bold: list[bool] = [False] * len(header)
    number = 0

    def add(kind: str, text: str, **hints) -> None:
        nonlocal number
        number += 1
        if lines:
            lines.append(Line(number, "blank", ""))
            number += 1
        lines.append(Line(number, kind, text, **hints))

    seen_body = 0
    titled = False
    for element in body:
        if element.tag == f"{_W}p":
            text, notes = _text(element)
            for note in notes:
                numbers.setdefault(note, str(len(numbers) + 1))
            if not text:
                continue
            style = _style(element)
            seen_body += 1
            if seen_body <= MASTHEAD_PARAGRAPHS and _MASTHEAD_STYLE_RE.match(style):
                masthead_texts.append(text)
                masthead_bold.append(style.startswith("AgendaTitle"))
                continue
            if _HEADING_STYLE_RE.match(style):
                level = 1 if _TITLE_STYLE_RE.match(style) and not titled else 0
                titled = titled or level == 1
                add("heading", text, level=level, bold=True)
            else:
                add("text", text)
        elif element.tag == f"{_W}tbl":
            for row in element.iter(f"{_W}tr"):
                cells = [_text(cell)[0] for cell in row.findall(f"{_W}tc")]
                text = " ".join(cell for cell in cells if cell)
                if text:
                    add("text", text)
    if footnotes is not None:
        for note in footnotes.iter(f"{_W}footnote"):
            note_id = note.get(f"{_W}id", "")
            if note.get(f"{_W}type") or note_id not in numbers:
                continue  # separators, and notes nothing references
            text = " ".join(_text(paragraph)[0] for paragraph in note.iter(f"{_W}p")).strip()
            if text:
                add("footnote", text, footnote=numbers[note_id])
    head = read_masthead(masthead_texts, masthead_bold)
    head.job = head.job or job
    return Reading(
        lines=lines,
        symbol=head.symbol,
        details=head.fields(),
        header=head.header,
        sample=" ".join(line.text for line in lines[:400]),
    )
