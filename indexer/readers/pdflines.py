"""PDF pages to positioned text lines, from PDFium's characters (pypdfium2).

PDFium gives each character its box, font size and weight, in content order, with line
breaks it generates itself. A line here is a run of characters on one baseline, with
what the layout rules need: its box, its font size, whether it is bold, and the raised
small digits (footnote markers) taken out of its text.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass, field

_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                                     "\u2068\u2069\u061c\ufeff\u00ad"))
_HYPHEN_MARKS = {0x02, 0xFFFE}  # PDFium's stand-ins for a line-end hyphen


@dataclass
class PdfLine:
    page: int  # 1-based
    x0: float
    x1: float
    top: float  # distance from the top of the page, in points
    bottom: float
    size: float  # the font size most of its characters have
    bold: bool
    text: str
    markers: list[tuple[int, str]] = field(default_factory=list)  # (offset, marker) removed
    hyphen_end: bool = False  # ended with a line-end hyphen that PDFium marked
    column: int = 0  # 0: spans the page or single column; 1, 2: left and right column
    rtl: bool = False  # a right-to-left line (Arabic): indented and short on the other side

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    index: int = -1  # in the text page


def page_lines(textpage, page_number: int, page_height: float) -> list[PdfLine]:
    """The lines of one page, in PDFium's reading order.

    The hot loop of PDF reading: per character its box, font size and weight; the text
    matrix only where the nominal size is 1.0; the text itself in one call. (Loose
    boxes are cheaper but put a smaller font's baseline higher: false footnote marks.)"""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP: fall back to one call each
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    char_box, font_size = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetFontSize
    font_weight, text_matrix = pdfium_c.FPDFText_GetFontWeight, pdfium_c.FPDFText_GetMatrix
    hypot = math.hypot
    lines: list[PdfLine] = []
    current: list[_Char] = []
    hyphen = False
    last_x0 = last_bottom = 0.0  # of the last visible character of the line

    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def named_bold(index: int) -> bool:
        """Whether the character's font is a bold face by its name (`DejaVuSans-Bold`):
        PDFium guesses weights, and some generators' bold faces come out light."""
        length = pdfium_c.FPDFText_GetFontInfo(raw, index, name, 128, ctypes.byref(flags))
        return b"Bold" in name.raw[:max(length, 0)]

    def close() -> None:
        nonlocal current, hyphen
        if current:
            line = _make_line(current, page_number, hyphen, named_bold)
            if line is not None:
                lines.append(line)
        current, hyphen = [], False

    for index in range(count):
        ch = text[index]
        if ch == "\n" or ch == "\r":
            close()
            continue
        code = ord(ch)
        if code in _HYPHEN_MARKS:
            hyphen = True
            continue
        if not char_box(raw, index, left, right, bottom, top):
            continue
        size = font_size(raw, index)
        if size == 1.0 and text_matrix(raw, index, matrix_ref):
            # the nominal size is 1.0 in some generators: the text matrix scales it
            size = hypot(matrix.c, matrix.d) or 1.0
        char = _Char(ch, left.value, right.value, page_height - top.value,
                     page_height - bottom.value, size, font_weight(raw, index) >= 600, index)
        if code != 32:
            # PDFium put it on this line, but it lies elsewhere: far back to the left
            # (a new line without a generated break) or well below
            back = char.x0 < last_x0 - 40 and not _is_rtl(ch)
            if current and (back or char.top > last_bottom + 2):
                close()
            last_x0, last_bottom = char.x0, char.bottom
        current.append(char)
    close()
    return _merge_split_lines(lines)


def _make_line(chars: list[_Char], page: int, hyphen: bool,
               named_bold=None) -> PdfLine | None:
    visible = [c for c in chars if c.ch.strip()]
    if not visible:
        return None
    sizes: dict[float, int] = {}
    for c in visible:
        sizes[round(c.size, 1)] = sizes.get(round(c.size, 1), 0) + 1
    size = max(sizes.items(), key=lambda kv: kv[1])[0]
    main = [c for c in visible if round(c.size, 1) == size]
    base = max(c.bottom for c in main)
    joined = "".join(c.ch for c in visible)
    rtl = _RTL_RE.search(joined) is not None and len(_RTL_RE.findall(joined)) > len(joined) / 2
    if rtl:
        chars = _logical_order(visible, size)
    text, markers = _text_without_markers(chars, size, base)
    text = unicodedata.normalize("NFC", text.translate(_BIDI_MARKS))
    if rtl or any("\ufb50" <= ch <= "\ufeff" for ch in text):
        text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = " ".join(text.split())
    if not text:
        return None
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
        text, hyphen = text[:-1], True  # a hyphen the text stream kept at the line end
    return PdfLine(
        page=page,
        x0=min(c.x0 for c in visible),
        x1=max(c.x1 for c in visible),
        top=min(c.top for c in main),
        bottom=base,
        size=size,
        bold=sum(c.bold for c in visible) > len(visible) / 2 or (
            named_bold is not None and named_bold(visible[0].index)
            and named_bold(visible[len(visible) // 2].index)),
        text=text,
        markers=markers,
        hyphen_end=hyphen,
        rtl=rtl,
    )


_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")  # Arabic presentation forms
_LTR_RUN_RE = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z.,:/%\-]*[0-9A-Za-z%])?")


_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufefe]")


def _is_neutral(text: str) -> bool:
    """Punctuation only (no letter or digit): it takes the direction of its line."""
    return not any(ch.isalnum() for ch in text)


def _is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefe"


def _logical_order(visible: list[_Char], size: float) -> list[_Char]:
    """A right-to-left line's characters in reading order: right to left by position
    (PDF generators emit Arabic words in visual order, some even reversed), spaces
    where the glyphs leave a gap, and runs of digits and Latin letters turned back to
    left to right (a simplified bidi algorithm for a right-to-left paragraph)."""
    ordered = sorted(visible, key=lambda c: -(c.x0 + c.x1))
    out: list[_Char] = []
    for char in ordered:
        if out and out[-1].x0 - char.x1 > 0.2 * size:
            out.append(_Char(" ", char.x1, out[-1].x0, char.top, char.bottom, char.size,
                             char.bold))
        out.append(char)
    text = "".join(c.ch for c in out)
    for match in _LTR_RUN_RE.finditer(text):
        out[match.start():match.end()] = out[match.start():match.end()][::-1]
    return out


def _text_without_markers(chars: list[_Char], size: float,
                          base: float) -> tuple[str, list[tuple[int, str]]]:
    """The line's text with footnote markers (runs of 1-3 small raised digits) removed."""
    out: list[str] = []
    markers: list[tuple[int, str]] = []
    index = 0
    while index < len(chars):
        c = chars[index]
        if c.ch.isdigit() and c.size < 0.8 * size and c.bottom < base - 0.15 * size:
            end = index
            while end < len(chars) and chars[end].ch.isdigit() and chars[end].size < 0.8 * size:
                end += 1
            if end - index <= 3:
                offset = len("".join(out).strip())
                markers.append((offset, "".join(ch.ch for ch in chars[index:end])))
                index = end
                continue
        out.append(c.ch)
        index += 1
    return "".join(out), markers


def _merge_split_lines(lines: list[PdfLine]) -> list[PdfLine]:
    """PDFium breaks a line at a superscript or a font change: rejoin pieces that share
    a baseline and follow each other left to right."""
    merged: list[PdfLine] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.rtl and (line.rtl or _is_neutral(line.text))
                and abs(previous.bottom - line.bottom) < 0.4 * previous.size
                and previous.x0 - 3 * previous.size < line.x1 <= previous.x0 + 1):
            # right to left, the piece to the left goes on: a word, or the line's final
            # stop (`.`, `..`) that PDFium gives a line of its own
            gap = "" if previous.x0 - line.x1 < 0.15 * previous.size else " "
            previous.text = f"{previous.text}{gap}{line.text}"
            previous.x0 = line.x0
            previous.hyphen_end = line.hyphen_end
            continue
        if (previous is not None and abs(previous.bottom - line.bottom) < 0.4 * previous.size
                and previous.x1 - 1 <= line.x0 < previous.x1 + 3 * previous.size):
            gap = "" if line.x0 - previous.x1 < 0.15 * previous.size else " "
            if previous.rtl and line.rtl:  # the piece to the right is read first
                previous.text = f"{line.text}{gap}{previous.text}"
                previous.x1 = line.x1
                continue
            previous.text = f"{previous.text}{gap}{line.text}"
            previous.x1 = line.x1
            previous.markers.extend((offset + len(previous.text) - len(line.text), marker)
                                    for offset, marker in line.markers)
            previous.hyphen_end = line.hyphen_end
            continue
        merged.append(line)
    return merged
