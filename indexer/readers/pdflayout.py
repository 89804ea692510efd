"""Positioned PDF lines to the block stream: running headers and footers dropped,
footnotes set apart, columns read in order, paragraph breaks from spacing, indentation
and numbering, headings from weight and size.

The rules follow the measurements on real ODS files (Word 365, bioPDF, InDesign,
Distiller, OCR layers); the thresholds are fractions of the body font size.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from undocs.indexer.blocks import Line
from undocs.indexer.labels import read_label
from undocs.indexer.markup import is_noise
from undocs.indexer.readers.pdflines import PdfLine
from undocs.indexer.symbols import SYMBOL_RE

HEADER_ZONE = 0.085  # share of the page height where running headers sit
FOOTER_ZONE = 0.10
JOB_ZONE = 0.14  # job numbers and barcodes sit a little higher on older first pages

_SEPARATOR_RE = re.compile(r"^[_\-–—]{5,}$")
_FOOTER_RES = (
    re.compile(r"^\d{2}-\d{5,6}\s*(?:\([A-Z]\))?$"),  # job number 25-19831 (E)
    re.compile(r"^\*\d{7,}\*(?:\s+Please recycle)?$"),  # barcode (the older generator
    # puts the recycling notice on its line: `*1516764* Please recycle`)
    re.compile(r"^(?:\d{1,4}\s*/\s*\d{1,4}\s+)?\d{2}-\d{5,6}(?:\s*\([A-Z]\))?"
               r"(?:\s*\d{1,4}\s*/\s*\d{1,4})?$"),  # `2/9 25-19831`, `25-19831 9/9`
    re.compile(r"^\d{2}-\d{5,6}\x08?\d{1,4}/\d{1,4}$"),  # `25-257503/42`
    re.compile(r"^(?:Please recycle|Accessible document)(?:\s+Please recycle)?$",
               re.IGNORECASE),
    # the recycling notice of the other language versions
    re.compile(r"^(?:Merci de recycler|Se ruega reciclar|Просьба отправить на вторичную "
               r"переработку|请回收|الرجاء إعادة الاستعمال)$"),
)
_TERMINAL_END = (".", ";", ":", ",", "”", "\"", "。", "；", "：", "!", "?")
_DIGITS_RE = re.compile(r"\d+")


@dataclass
class Layout:
    """The block-stream lines of a document and the page of each."""

    lines: list[Line] = field(default_factory=list)
    page_of: dict[int, int] = field(default_factory=dict)
    footnotes: list[tuple[PdfLine, str]] = field(default_factory=list)  # (line, number)


def body_size(pages: list[list[PdfLine]]) -> float:
    """The font size most characters have."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def running_lines(pages: list[list[PdfLine]], heights: list[float],
                  symbol: str) -> set[int]:
    """The ids of lines that are running headers and footers: in the top or bottom zone
    of a page and repeated on other pages (digits aside), or a page counter, job number,
    barcode, or the document symbol; job numbers and barcodes a little higher up too."""
    def shape(text: str) -> str:
        return _DIGITS_RE.sub("#", text.lower())

    shapes: Counter = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen = {shape(line.text) for line in lines
                if line.top < HEADER_ZONE * height or line.bottom > (1 - FOOTER_ZONE) * height}
        shapes.update(seen)
    found: set[int] = set()
    for lines, height in zip(pages, heights, strict=True):
        for line in lines:
            text = line.text
            footer = any(pattern.match(text) for pattern in _FOOTER_RES)
            if line.bottom > (1 - JOB_ZONE) * height and footer:
                found.add(id(line))
                continue
            in_zone = line.top < HEADER_ZONE * height or line.bottom > (1 - FOOTER_ZONE) * height
            if not in_zone:
                continue
            if (footer or is_noise(text) or (len(pages) > 2 and shapes[shape(text)] > 1)
                    or (symbol and symbol in text and len(text) < 160)):
                found.add(id(line))
    return found


def columns(lines: list[PdfLine], width: float) -> list[PdfLine]:
    """Set `column` on the lines of a two-column page and put them in reading order:
    lines across the page above the columns, the left column, the right one, then the
    rest. A single-column page is left as it is."""
    middle = width / 2
    left = [line for line in lines if line.x1 <= middle + 6]
    right = [line for line in lines if line.x0 >= middle - 6]
    spanning = len(lines) - len(left) - len(right)
    chars = sum(len(line.text) for line in lines) or 1
    if (len(left) < 3 or len(right) < 3 or sum(len(x.text) for x in left) < 0.3 * chars
            or sum(len(x.text) for x in right) < 0.3 * chars or spanning > 0.15 * len(lines)
            or _median_width(left) < 0.28 * width or _median_width(right) < 0.28 * width):
        return lines  # one column (table cells are narrow: no columns of text)
    for line in left:
        line.column = 1
    for line in right:
        line.column = 2
    first = min(line.top for line in left + right)
    def key(line: PdfLine) -> tuple[int, float]:
        if line.column:
            return line.column, line.top
        return (0 if line.top < first else 3), line.top
    return sorted(lines, key=key)


def _median_width(lines: list[PdfLine]) -> float:
    widths = sorted(line.x1 - line.x0 for line in lines)
    return widths[len(widths) // 2]


def split_footnotes(lines: list[PdfLine], size: float) -> tuple[list[PdfLine],
                                                                 list[tuple[PdfLine, str]]]:
    """Body lines and footnote lines (with the footnote number each one starts, or "" for
    a continuation). Footnotes follow a `_____` separator and are smaller than the body."""
    body: list[PdfLine] = []
    notes: list[tuple[PdfLine, str]] = []
    in_notes = False
    pending = ""  # a marker PDFium set on a line of its own
    for line in lines:
        if _SEPARATOR_RE.match(line.text):
            in_notes = True
            continue
        if in_notes and line.size < 0.95 * size:
            if line.text.isdigit() and len(line.text) <= 3:
                pending = line.text
                continue
            number, pending = pending, ""
            if not number and line.markers and line.markers[0][0] == 0:
                number = line.markers[0][1]
            elif not number and notes:
                match = re.match(r"^(\d{1,3})\s+(?=\S)", line.text)
                if match:
                    number = match.group(1)
                    line.text = line.text[match.end():]
            notes.append((line, number))
            continue
        in_notes = False
        body.append(line)
    return body, notes


@dataclass
class _Margins:
    left: float
    right: float


def _margins(lines: list[PdfLine], size: float) -> dict[tuple[int, int], _Margins]:
    """Per page and column: the left margin most lines of running text start at, and
    their right edge (table cells and small print do not count when text is there)."""
    groups: dict[tuple[int, int], list[PdfLine]] = {}
    for line in lines:
        groups.setdefault((line.page, line.column), []).append(line)
    margins = {}
    for key, group in groups.items():
        text = [line for line in group if abs(line.size - size) < 0.15 * size
                and len(line.text) > 30] or group
        starts = Counter(round(line.x0) for line in text)
        top = starts.most_common(1)[0][1]
        threshold = min(top, max(2, top // 3))  # a stray line further left is no margin
        ends = sorted(line.x1 for line in text)
        margins[key] = _Margins(min(x for x, n in starts.items() if n >= threshold),
                                ends[int(0.9 * (len(ends) - 1))])
    return margins


def to_stream(body: list[PdfLine], size: float, first_number: int,
              hyphenated: bool = False) -> Layout:
    """The block-stream lines of the body: a blank line wherever a paragraph ends,
    `joins` on lines that wrap, headings for short bold or large runs of lines that
    open a paragraph (a bold paragraph, such as an ACABQ conclusion, stays text)."""
    layout = Layout()
    margins = _margins(body, size)
    number = first_number
    previous: PdfLine | None = None
    run: list[PdfLine] = []  # bold or large lines opening a paragraph, undecided
    titled = False

    def emit(kind: str, line: PdfLine, text: str, joins: bool = False) -> None:
        nonlocal number, titled
        level = 0
        if kind == "heading" and not titled:
            titled = True  # the first large heading is the document's title
            # a Chinese character is a word's worth: 总务委员会第一次报告 is a title
            wide = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff")
            level = 1 if line.size >= 1.15 * size and len(text) + 2 * wide > 15 else 0
        layout.lines.append(Line(number, kind, text, level=level, bold=kind == "heading",
                                 joins=joins))
        layout.page_of[number] = line.page
        number += 1

    def flush_run(paragraph_ends: bool) -> bool:
        """Emit the run as a heading or as text; whether it was a heading."""
        text = " ".join(x.text for x in run)
        heading = paragraph_ends and _heading_text(text, run, size)
        if heading:
            emit("heading", run[0], text)
        else:
            for index, line in enumerate(run):
                emit("text", line, line.text, joins=index > 0)
        run.clear()
        return heading

    for line in body:
        starts = previous is None or _starts_paragraph(previous, line, margins, size)
        if run:
            if _is_display(line, size) and not starts and len(run) < 4:
                run.append(line)
                previous = line
                continue
            if flush_run(paragraph_ends=starts):
                starts = True
        if _is_display(line, size) and starts:
            if previous is not None:
                emit("blank", line, "")
            run.append(line)
            previous = line
            continue
        if previous is not None and previous.hyphen_end and not starts:
            _join_hyphen(layout, line, keep=not hyphenated)
            previous = line
            continue
        if starts and previous is not None:
            emit("blank", line, "")
        if starts and hyphenated:
            line.text = _OCR_NUMBER_RE.sub(r"\1. ", line.text)  # OCR's `2,` for `2.`
        label = read_label(line.text)
        joins = not starts and not (label is not None and previous is not None
                                    and previous.text.endswith(_TERMINAL_END))
        emit("text", line, line.text, joins=joins)
        previous = line
    if run:
        flush_run(paragraph_ends=True)
    return layout


def _join_hyphen(layout: Layout, line: PdfLine, keep: bool) -> None:
    """A line-end hyphen: the word goes on without a space. Word keeps a compound's
    hyphen at a line end (`non-nuclear-`); a hyphenated text's syllable hyphens go."""
    last = layout.lines[-1]
    text = last.text.removesuffix("-")
    joined = f"{text}-{line.text}" if keep or not line.text[:1].islower() else text + line.text
    layout.lines[-1] = Line(last.number, last.kind, joined, bold=last.bold, joins=last.joins)


def is_hyphenated(lines: list[PdfLine]) -> bool:
    """Whether a text is set with syllable hyphenation (old typeset records, their OCR
    layers): many lines end in a hyphen. Word files from ODS are not."""
    ends = sum(line.hyphen_end or line.text.endswith("-") for line in lines)
    return ends > 0.03 * len(lines)


def _is_display(line: PdfLine, size: float) -> bool:
    """Bold at body size or larger, or much larger than the body: heading material."""
    return (line.bold and line.size >= 0.95 * size) or line.size > 1.25 * size


def _heading_text(text: str, run: list[PdfLine], size: float) -> bool:
    """Whether a run of display lines is a heading: short, and not a sentence or a
    numbered paragraph set in bold (`I. Introduction` and `A. Mandate` are headings)."""
    if len(text) > 220:
        return False
    label = read_label(text)
    if label is not None and label.kind == "number" and len(text) > 90:
        return False
    if text.endswith((".", ";", ",", ":")) and not re.match(r"^[IVX]+\.\s", text):
        return max(line.size for line in run) > 1.15 * size
    return True


def _same_heading(last: PdfLine, line: PdfLine, size: float) -> bool:
    return (last.page == line.page and line.top - last.bottom < 0.6 * size
            and abs(last.size - line.size) < 0.5)


def _starts_paragraph(previous: PdfLine, line: PdfLine, margins: dict, size: float) -> bool:
    """Whether `line` opens a new paragraph after `previous`."""
    margin = margins[(line.page, line.column)]
    indented = _indent(line, margin) > 0.8 * size
    if previous.page != line.page or previous.column != line.column:
        # a page or column break continues the paragraph unless the line is indented
        # or numbered, or a heading (a paragraph may well break after a full stop)
        return (indented or read_label(line.text) is not None
                or abs(line.size - previous.size) > 0.15 * size
                or (_is_display(line, size) and not _is_display(previous, size)))
    gap = line.top - previous.bottom
    if gap > 0.55 * size or gap < -0.5 * size:
        return True
    previous_margin = margins[(previous.page, previous.column)]
    short = _shortfall(previous, previous_margin) > 2 * size
    if indented and short:
        return True
    if indented and _indent(previous, previous_margin) <= 0.8 * size and previous.text.endswith(
            _TERMINAL_END):
        return True
    return short and previous.text.endswith(_TERMINAL_END) and read_label(line.text) is not None


_OCR_NUMBER_RE = re.compile(r"^(\d{1,3}),\s+(?=[A-ZÀ-Ý])")
_OCR_SYMBOL_RE = re.compile(r"^[A-Z]{1,6}/[A-Z0-9.,/]+$")


def _indent(line: PdfLine, margin: _Margins) -> float:
    """How far a line starts in from its margin (the right one for right to left)."""
    return margin.right - line.x1 if line.rtl else line.x0 - margin.left


def _shortfall(line: PdfLine, margin: _Margins) -> float:
    """How far a line stops short of the far margin."""
    return line.x0 - margin.left if line.rtl else margin.right - line.x1


def symbol_in(lines: list[PdfLine]) -> str:
    """The document symbol the masthead prints (the largest symbol-like text); an OCR
    layer's `A/C,4/SR.985` is read as `A/C.4/SR.985`."""
    best, best_size = "", 0.0
    for line in lines:
        text = line.text.replace(",", ".") if _OCR_SYMBOL_RE.match(line.text) else line.text
        for match in SYMBOL_RE.finditer(text):
            if len(match.group(0)) < 0.35 * len(text):
                continue  # a symbol cited in a sentence, not the document's own
            if line.size > best_size:
                best, best_size = match.group(0), line.size
    return best
