"""PDF files (pypdfium2): text layers read from character positions, pages without one
OCRed when Tesseract is installed and reported by page when it is not.

Refused in one line, without touching anything else: encrypted, damaged or truncated
files, files with no pages, files over MAX_PAGES pages, and files whose reading takes
longer than the time limit (checked page by page).
"""

from __future__ import annotations

import time

from undocs.indexer.blocks import Line
from undocs.indexer.masthead import job_number, read_masthead
from undocs.indexer.readers import Reading
from undocs.indexer.readers.pdflayout import (
    Layout,
    body_size,
    columns,
    is_hyphenated,
    running_lines,
    split_footnotes,
    symbol_in,
    to_stream,
)
from undocs.indexer.readers.pdflines import PdfLine, page_lines
from undocs.indexer.records import ParseError

MAX_PAGES = 5000  # UN documents run to hundreds of pages; a million is a bomb
TIME_LIMIT = 120.0  # seconds for one file (OCR included)
MASTHEAD_BAND = 0.2  # the masthead lies in the top fifth of page one


def read_pdf(data: bytes, source: str, *, lang_hint: str = "",
             time_limit: float = TIME_LIMIT, progress=None) -> Reading:
    """The Reading of a PDF's bytes. `progress(pages_done)` is told after each page."""
    import pypdfium2 as pdfium

    deadline = time.monotonic() + time_limit
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise ParseError(source, _why(str(err), data)) from None
    try:
        count = len(document)
        if count == 0:
            raise ParseError(source, "PDF with no pages")
        if count > MAX_PAGES:
            raise ParseError(source, f"PDF claims {count} pages (more than {MAX_PAGES}): "
                                     "refused as a likely PDF bomb")
        pages, heights, widths, notes, ocr_pages = [], [], [], [], set()
        for number in range(1, count + 1):
            if time.monotonic() > deadline:
                raise ParseError(source, f"reading took longer than {time_limit:.0f} s "
                                         f"(stopped at page {number} of {count})")
            lines, width, height, note, ocr = _page(document, number, lang_hint, source)
            pages.append(lines)
            widths.append(width)
            heights.append(height)
            if note:
                notes.append(note)
            if ocr:
                ocr_pages.add(number)
            if progress is not None:
                progress(number)
    finally:
        document.close()
    return _reading(pages, widths, heights, notes, ocr_pages, source)


def _why(message: str, data: bytes) -> str:
    """The reason PDFium refused a file. Its error code is global and can be stale
    (a zero-page file after an encrypted one says "password"): the bytes decide."""
    lowered = message.lower()
    if "password" in lowered and b"/Encrypt" in data:
        return "encrypted PDF (a password is needed to read it)"
    if "success" in lowered or "password" in lowered:  # loaded, but no pages
        return "PDF with no pages"
    if "format" in lowered:
        return "damaged or truncated PDF (PDFium cannot read its structure)"
    return f"unreadable PDF ({message})"


def _page(document, number: int, lang_hint: str,
          source: str) -> tuple[list[PdfLine], float, float, str, bool]:
    page = document[number - 1]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = page_lines(textpage, number, height)
        finally:
            textpage.close()
        if lines:
            return lines, width, height, "", False
        from undocs.indexer.readers.ocr import ocr_page

        lines, note = ocr_page(page, number, height, lang_hint, source)
        return lines, width, height, note, bool(lines)
    finally:
        page.close()


def _masthead_order(lines: list[PdfLine], height: float) -> list[PdfLine]:
    """Page one's lines in reading order, those of its top band first: in a two-column
    record the right column's masthead (`FOURTH COMMITTEE, 985th MEETING`, its day and
    place) comes after the whole left column."""
    top = [line for line in lines if line.top < MASTHEAD_BAND * height]
    return top + [line for line in lines if line.top >= MASTHEAD_BAND * height]


def _reading(pages: list[list[PdfLine]], widths: list[float], heights: list[float],
             notes: list[str], ocr_pages: set[int], source: str) -> Reading:
    if not any(pages):
        if len(notes) == 1:
            raise ParseError(source, notes[0])
        raise ParseError(source, f"no text on any of its {len(pages)} pages"
                         + (f" ({notes[0]}; …)" if notes else ""))
    first = [] if 1 in ocr_pages else pages[0]  # OCR misreads symbols: trust no guess
    top = [line for line in first if line.top < MASTHEAD_BAND * heights[0]]
    # the symbol stands alone on its line, or after the organisation's name when the
    # generator put both on one line (`Naciones Unidas A/53/100`)
    symbol = symbol_in(top) or read_masthead([line.text for line in top]).symbol or symbol_in(
        [line for line in first if line.bottom > 0.85 * heights[0]])
    size = body_size(pages)
    drop = running_lines(pages, heights, symbol)
    body: list[PdfLine] = []
    footnotes: list[tuple[PdfLine, str]] = []
    for lines, width in zip(pages, widths, strict=True):
        kept = [line for line in lines if id(line) not in drop]
        text_lines, notes_here = split_footnotes(columns(kept, width), size)
        body.extend(text_lines)
        footnotes.extend(notes_here)
    page_one = _masthead_order([line for line in body if line.page == body[0].page],
                               heights[body[0].page - 1])
    head = read_masthead([line.text for line in page_one], [line.bold for line in page_one],
                         [line.x1 if line.rtl else line.x0 for line in page_one],
                         [(line.top, line.bottom, line.size) for line in page_one])
    # the job number is a footer line: kept as metadata, never as text
    head.job = head.job or job_number(line.text for line in first if id(line) in drop)
    taken = {id(page_one[index]) for index in head.taken}
    body = [line for line in body if id(line) not in taken]
    layout = to_stream(body, size, first_number=1, hyphenated=is_hyphenated(body))
    _add_footnotes(layout, footnotes)
    ocr_lines = {number for number, page in layout.page_of.items() if page in ocr_pages}
    return Reading(
        lines=layout.lines,
        symbol=head.symbol or symbol,
        details=head.fields(),
        header=head.header,
        sample=" ".join(line.text for line in body[:400]),
        page_of=layout.page_of,
        ocr_lines=ocr_lines,
        pages=len(pages),
        notes=notes,
    )


def _add_footnotes(layout: Layout, footnotes: list[tuple[PdfLine, str]]) -> None:
    """Footnotes go after the body, each its own entry: a page break inside a
    paragraph then joins its two halves with no footnote between them."""
    number = max(layout.page_of, default=0) + 1
    for line, mark in footnotes:
        if mark:
            layout.lines.append(Line(number, "blank", ""))
            layout.lines.append(Line(number, "footnote", line.text, footnote=mark))
        elif layout.lines and layout.lines[-1].kind == "footnote":
            last = layout.lines[-1]
            layout.lines[-1] = Line(last.number, "footnote", f"{last.text} {line.text}",
                                    footnote=last.footnote)
            continue
        else:
            continue  # text under the separator before any numbered note: a table foot
        layout.page_of[number] = line.page
        number += 1
