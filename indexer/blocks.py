"""The block stream every reader feeds: lines with the hints their format gives, grouped
into blocks (a heading, a footnote, or consecutive text lines) for the outline builder.

Readers differ in where lines come from (Markdown source lines, PDF character positions,
DOCX paragraphs), not in what a block is: the header block, paragraph labels, articles
and annexes open blocks the same way whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from undocs.indexer.header import HeaderFields, read_header_line
from undocs.indexer.labels import Label, read_label
from undocs.indexer.structure import annex_label, article_number

HEADER_REGION_LINES = 40  # the UN header block sits within the first lines of the body

_CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(slots=True)
class Line:
    """One line of a document. `kind` is "text", "heading", "footnote" or "blank" (a
    paragraph break). `joins`: the format knows that this line continues the block before
    it (a PDF line that wraps), even if it opens with something like a label. Treated as
    immutable, but not frozen: a frozen dataclass costs six times as much to build, and a
    parse builds one per source line."""

    number: int
    kind: str
    text: str
    level: int = 0  # markdown heading level, 0 for others
    bold: bool = False
    footnote: str = ""
    joins: bool = False


@dataclass(slots=True)
class Block:
    kind: str  # "text", "heading", "footnote"
    lines: list[tuple[int, str]]
    label: Label | None = None
    level: int = 0
    bold: bool = False
    footnote: str = ""
    blank_before: bool = False

    @property
    def text(self) -> str:
        lines = self.lines
        return lines[0][1] if len(lines) == 1 else join_lines([text for _, text in lines])


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines: no space between two CJK characters, one space otherwise."""
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and _CJK_RE.match(out[-1]) and _CJK_RE.match(part[0]):
            out += part
        else:
            out += " " + part
    return out


@dataclass
class BlockStream:
    """What grouping found besides the blocks: the header block's fields."""

    header: HeaderFields = field(default_factory=HeaderFields)
    blocks: list[Block] = field(default_factory=list)


def group_blocks(lines: Iterable[Line]) -> BlockStream:
    """Group lines into blocks; header lines (distribution, date, language, symbol) in
    the first lines of the body become the header's fields, not text."""
    stream = BlockStream()
    header, blocks = stream.header, stream.blocks
    current: Block | None = None
    blank_before = False
    body_lines = 0
    in_header = True
    for line in lines:
        if line.kind == "blank":
            current, blank_before = None, True
            continue
        body_lines += 1
        if in_header:
            if body_lines > HEADER_REGION_LINES:
                in_header = False
            elif line.kind == "text" and read_header_line(line.text, header):
                header.lines.append(line.number)
                current, blank_before = None, True
                continue
        if line.kind == "heading":
            blocks.append(Block("heading", [(line.number, line.text)], level=line.level,
                                bold=line.bold, blank_before=blank_before))
            current = None
        elif line.kind == "footnote":
            current = Block("footnote", [(line.number, line.text)], footnote=line.footnote)
            blocks.append(current)
        elif line.joins and current is not None:
            current.lines.append((line.number, line.text))
        else:
            label = read_label(line.text)
            if label is not None and label.kind == "number":
                in_header = False
            starts_block = (
                current is None
                or label is not None
                or article_number(line.text) is not None
                or annex_label(line.text) is not None
            )
            if starts_block:
                current = Block("text", [(line.number, line.text)], label=label,
                                blank_before=blank_before)
                blocks.append(current)
            else:
                current.lines.append((line.number, line.text))
        blank_before = False
    return stream
