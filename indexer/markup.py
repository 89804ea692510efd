"""Line-level clean-up of PDF-to-Markdown text: markup and footer noise.

Markup (`#`, `**bold**`, links, bullets, thematic breaks) is not paragraph text and
neither is the footer noise of PDF conversion (job numbers `15-07848 (E)`, barcodes
`*1507848*`, page numbers). What is left is the text a paragraph shows.
"""

from __future__ import annotations

import re

from undocs.indexer.blocks import Line

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")
_FOOTNOTE_DEF_RE = re.compile(r"^\[\^([^\]\s]{1,10})\]:\s*(.*)$")
_BREAK_RE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|>)\s+")
_IMAGE_OR_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]{1,10}\]")
_EMPHASIS_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# one pattern, so that a line costs one match: its alternatives in the order of the kinds
_NOISE_RE = re.compile(
    r"\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6}){0,2}\s*$"  # job number 15-07848 (E)
    r"|\*\d{7,}\*$"  # barcode
    r"|\d{1,4}\s*/\s*\d{1,4}$"  # page n/N
    r"|(?:-\s*)?\d{1,3}(?:\s*-)?$"  # bare page number
    r"|(?i:(?:Page|Página|Страница)\s+\d+(?:\s+(?:of|de|из)\s+\d+)?$)"
    r"|GE\.\d{2}-\d{5}"  # Geneva job number
)


def inline_clean(text: str) -> str:
    """Remove inline markup: links and images keep their text, emphasis its content."""
    if "[" in text:
        text = _IMAGE_OR_LINK_RE.sub(r"\1", text)
        text = _FOOTNOTE_REF_RE.sub("", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return text


def is_noise(text: str) -> bool:
    """Whether a stripped line is footer noise from PDF conversion."""
    if len(text) > 40 or not text:
        return False
    return _NOISE_RE.match(text) is not None


def clean_line(number: int, raw: str) -> Line:
    """Classify one source line and strip its markup."""
    stripped = raw.strip()  # U+3000 too: str.strip takes every Unicode space
    if not stripped:
        return Line(number, "blank", "")
    first = stripped[0]
    if (first in "-*_" and _BREAK_RE.match(stripped)) or (
            len(stripped) <= 40 and _NOISE_RE.match(stripped)):
        return Line(number, "blank", "")
    if first == "#":
        match = _HEADING_RE.match(stripped)
        if match:
            return Line(number, "heading", inline_clean(match.group(2)), level=len(match.group(1)))
    elif first == "*":
        match = _BOLD_LINE_RE.match(stripped)
        if match:
            return Line(number, "heading", inline_clean(match.group(1)), level=0, bold=True)
    elif first == "[":
        match = _FOOTNOTE_DEF_RE.match(stripped)
        if match:
            return Line(number, "footnote", inline_clean(match.group(2)), footnote=match.group(1))
    if first in "-*+•>":
        stripped = _BULLET_RE.sub("", stripped, count=1)
    text = inline_clean(stripped).strip()
    if not text:
        return Line(number, "blank", "")
    return Line(number, "text", text)
