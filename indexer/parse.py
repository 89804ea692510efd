"""One file to a Document and its ordered, anchored Paragraphs.

The work runs in three passes:
1. `markup.clean_line` classifies each source line (text, heading, footnote, blank);
2. `_blocks` groups lines into blocks (a heading, or consecutive text lines, split
   wherever a line opens with a paragraph label);
3. `_Outline` walks the blocks and gives each one its anchor, heading path and kind,
   repairing PDF damage on the way (page breaks, glued paragraphs, nested lists).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.decode import decode
from undocs.indexer.header import HeaderFields, parse_date, read_header_line
from undocs.indexer.labels import Label, read_label
from undocs.indexer.languages import guess_lang, lang_code
from undocs.indexer.markup import Line, clean_line
from undocs.indexer.records import Document, Paragraph, ParseError
from undocs.indexer.structure import annex_label, article_number, heading_level

HEADER_REGION_LINES = 40  # the UN header block sits within the first lines of the body
MAX_NUMBER_GAP = 20  # `2023.` opening a wrapped line is no paragraph 2023
MAX_FIRST_NUMBER = 999  # numbers past it are paragraphs only as the sequence reaches them

_TERMINAL_RE = re.compile(r"[.。!?！？;；:：…”\"»)）\]】」』](?:\s?\d{1,3})?\s*$")
_TITLE_WORD_RE = re.compile(r"[A-ZÀ-ÝА-ЯЁ][a-zà-ÿа-яё]")
_CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def parse_file(path: str | Path, source: str | None = None) -> Document:
    """Parse a file; `source` is the name the records carry (default: the path)."""
    path = Path(path)
    source = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ParseError(source, err.strerror or str(err)) from None
    return parse_bytes(data, source)


def parse_bytes(data: bytes, source: str) -> Document:
    return parse_text(decode(data, source), source, hashlib.sha256(data).hexdigest())


def parse_text(text: str, source: str, content_hash: str = "") -> Document:
    """Parse decoded text (`\\n` line ends). Never raises on any text. `content_hash`
    identifies the file's bytes (default: the hash of `text`)."""
    lines = text.split("\n")
    front, body_start = _front_matter(lines)
    header = HeaderFields()
    blocks = _blocks(lines, body_start, header)
    outline = _Outline()
    for block in blocks:
        outline.add(block)
    paragraphs = outline.finish()

    name = Path(source).name
    stem, _, name_lang = split_name(name)
    lang = (
        lang_code(front.get("lang", "") or front.get("language", ""))
        or header.language
        or lang_code(name_lang)
        or guess_lang(text)
    )
    if front.get("symbol"):
        symbol, symbol_from = front["symbol"], "front matter"
    elif header.symbol:
        symbol, symbol_from = header.symbol, "header"
    else:
        symbol, symbol_from = stem, "file name"
    return Document(
        symbol=symbol,
        lang=lang,
        source=source,
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=front.get("title", "") or outline.title,
        date=parse_date(front.get("date", "")) or header.date,
        distribution=front.get("distribution", "") or header.distribution,
        original=lang_code(front.get("original", "")) or header.original,
        symbol_from=symbol_from,
        header_lines=tuple(header.lines),
        paragraphs=paragraphs,
    )


def split_name(name: str) -> tuple[str, str, str]:
    """`udhr.zh.md` → (`udhr`, `md`, `zh`); the language part is empty if absent."""
    parts = name.split(".")
    if len(parts) >= 3 and lang_code(parts[-2]) and len(parts[-2]) <= 7:
        return ".".join(parts[:-2]), parts[-1], parts[-2]
    if len(parts) >= 2:
        return ".".join(parts[:-1]), parts[-1], ""
    return name, "", ""


_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """The `---` key: value block at the top of a file, keys folded to lower case."""
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines) or lines[first].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for index in range(first + 1, min(len(lines), first + 200)):
        line = lines[index]
        if line.strip() == "---":
            return fields, index + 1
        match = _FRONT_KEY_RE.match(line)
        if match:
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(match.group(1).lower(), value)
    return {}, 0  # no closing line: not front matter but text


@dataclass
class _Block:
    kind: str  # "text", "heading", "footnote"
    lines: list[tuple[int, str]]
    label: Label | None = None
    level: int = 0
    bold: bool = False
    footnote: str = ""
    blank_before: bool = False

    @property
    def text(self) -> str:
        return _join([text for _, text in self.lines])


def _join(parts: list[str]) -> str:
    """Join wrapped lines: no space between two CJK characters, one space otherwise."""
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and _CJK_RE.match(out[-1]) and _CJK_RE.match(part[0]):
            out += part
        else:
            out += " " + part
    return out


def _blocks(lines: list[str], start: int, header: HeaderFields) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    blank_before = False
    body_lines = 0
    in_header = True
    for index in range(start, len(lines)):
        line: Line = clean_line(index + 1, lines[index])
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
            blocks.append(_Block("heading", [(line.number, line.text)], level=line.level,
                                 bold=line.bold, blank_before=blank_before))
            current = None
        elif line.kind == "footnote":
            current = _Block("footnote", [(line.number, line.text)], footnote=line.footnote)
            blocks.append(current)
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
                current = _Block("text", [(line.number, line.text)], label=label,
                                 blank_before=blank_before)
                blocks.append(current)
            else:
                current.lines.append((line.number, line.text))
        blank_before = False
    return blocks


@dataclass
class _Entry:
    kind: str
    heading: tuple[str, ...]
    lines: list[tuple[int, str]]
    anchor: str | None = None  # None: p<ordinal>, given when the outline is finished
    number_scope: str = ""  # for numbered paragraphs: the scope their number counts in

    @property
    def text(self) -> str:
        return _join([text for _, text in self.lines])


_NEXT_LETTER = {chr(c): chr(c + 1) for c in range(ord("a"), ord("z"))}


@dataclass
class _Outline:
    """The state of a walk through a document's blocks."""

    entries: list[_Entry] = field(default_factory=list)
    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text) stack
    prefix: str = ""  # "annex." inside an annex
    article: str = ""  # "art3" inside an article
    article_open: bool = False  # the article heading has had no body yet
    last_number: dict[str, int] = field(default_factory=dict)  # per scope
    number_anchor: str = ""  # anchor of the current numbered paragraph
    letter_anchor: str = ""
    last_letter: str = ""
    last_roman: int = 0
    nested: bool = False  # inside a list nested in a numbered paragraph
    path: tuple[str, ...] = ()  # the texts of `headings`, kept in step with it

    # -- helpers ---------------------------------------------------------------------
    def _headings_changed(self) -> None:
        self.path = tuple(text for _, text in self.headings)

    def _push_heading(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))
        self._headings_changed()
        if level <= 4:
            self.article = ""
        self._reset_numbering()

    def _reset_numbering(self) -> None:
        self.number_anchor = ""
        self._reset_letters()
        self.nested = False

    def _reset_letters(self) -> None:
        self.letter_anchor = ""
        self.last_letter = ""
        self.last_roman = 0

    def _new(self, kind: str, block: _Block, anchor: str | None = None) -> _Entry:
        entry = _Entry(kind, self.path, list(block.lines), anchor)
        self.entries.append(entry)
        return entry

    # -- the walk --------------------------------------------------------------------
    def add(self, block: _Block) -> None:
        if block.kind == "heading":
            self._heading(block)
        elif block.kind == "footnote":
            self.article_open = False
            self._new("footnote", block, f"fn{block.footnote}")
        else:
            self._text(block)

    def _heading(self, block: _Block) -> None:
        text = block.text
        article = article_number(text)
        if article is not None:
            self._article(block, article[0])
            return
        if self.article_open and self.entries:
            # `#### Statement of purpose` right under `### Article 1` is its title.
            self.entries[-1].lines.extend(block.lines)
            level, article_text = self.headings[-1]
            self.headings[-1] = (level, f"{article_text}: {text}")
            self._headings_changed()
            return
        annex = annex_label(text)
        if annex is not None:
            self._annex(block, annex)
            return
        self.nested = False
        if block.level == 1 and not self.title and not any(
            e.kind != "heading" for e in self.entries
        ):
            self.title = text  # the document title: not part of every heading path
            self._new("heading", block)
            return
        entry = self._new("heading", block)
        self._push_heading(heading_level(text, block.level, block.bold), text)
        entry.heading = self.path[:-1]

    def _article(self, block: _Block, number: int) -> None:
        anchor = f"{self.prefix}art{number}"
        self._push_heading(4, block.text)
        entry = self._new("article", block, anchor)
        entry.heading = self.path[:-1]
        self.article = anchor
        self.article_open = True
        self.last_number[anchor] = 0

    def _annex(self, block: _Block, annex: str) -> None:
        self.headings.clear()
        self._headings_changed()
        self.prefix = f"{annex}."
        self.article = ""
        self._reset_numbering()
        self.last_number[self.prefix] = 0
        self._new("heading", block, annex)
        self.headings.append((1, block.text))
        self._headings_changed()

    def _text(self, block: _Block) -> None:
        text = block.text
        self.article_open = False
        article = article_number(text)
        if article is not None and not article[1]:
            self._article(block, article[0])
            return
        annex = annex_label(text)
        if annex is not None and block.label is None:
            self._annex(block, annex)
            return
        label = block.label
        if label is not None and label.kind in ("number", "cn_enum"):
            if self._numbered(block, label):
                return
        elif self.nested:
            self.entries[-1].lines.extend(block.lines)
            return
        elif label is not None and label.kind in ("letter", "roman?"):
            self._lettered(block, label)
            return
        elif label is not None and label.kind == "dotted":
            self._new("item", block, f"{self.prefix}{label.value}")
            self._reset_numbering()
            return
        if self._continues_previous(block):
            self.entries[-1].lines.extend(block.lines)
            return
        self._new("text", block)

    def _numbered(self, block: _Block, label: Label) -> bool:
        """A `41.` or `一、` block; False if the number is no paragraph number here."""
        if label.kind == "cn_enum" and not self.article:
            return False
        scope = self.article or self.prefix
        last = self.last_number.get(scope, 0)
        number = label.number
        if number > MAX_FIRST_NUMBER and not last:
            return False  # `2023.` opening a line is a year, unless paragraph 999 came before
        if last and number <= last:
            if self.entries and self.number_anchor:
                self.nested = True  # a list inside the paragraph: `1.`..`5.` after 59.
                self.entries[-1].lines.extend(block.lines)
                return True
            return False
        if last and number > last + MAX_NUMBER_GAP:
            return False
        if last and number > last + 1:
            self._split_glued(scope, last, number)
        anchor = f"{self.article}({number})" if self.article else f"{self.prefix}{number}"
        entry = self._new("paragraph", block, anchor)
        entry.number_scope = scope
        self.last_number[scope] = number
        self.number_anchor = anchor
        self._reset_letters()
        self.nested = False
        return True

    def _split_glued(self, scope: str, last: int, upto: int) -> None:
        """Split paragraphs glued behind a footnote number (`…persons.8 6. We recall…`)."""
        for missing in range(last + 1, upto):
            target = next(
                (e for e in reversed(self.entries) if e.kind == "paragraph"
                 and e.number_scope == scope),
                None,
            )
            if target is None:
                return
            pattern = re.compile(
                rf"(?:[.;:!?”\"’)\]]\d{{0,3}}\s+|[。；：]\d{{0,3}}\s*)({missing}[.．]\s*)"
                rf"(?=[A-ZÀ-ÝА-ЯЁ\u4e00-\u9fff\u0600-\u06ff«“\"(])"
            )
            for index, (number, text) in enumerate(target.lines):
                match = pattern.search(text)
                if match:
                    cut = match.start(1)
                    tail = [(number, text[cut:])] + target.lines[index + 1:]
                    target.lines[index:] = [(number, text[:cut].rstrip())]
                    anchor = f"{self.article}({missing})" if self.article else (
                        f"{self.prefix}{missing}")
                    glued = _Entry("paragraph", target.heading, tail, anchor, scope)
                    self.entries.insert(self.entries.index(target) + 1, glued)
                    self.last_number[scope] = missing
                    break
            else:
                return

    def _lettered(self, block: _Block, label: Label) -> None:
        expected = _NEXT_LETTER.get(self.last_letter, "a") if self.last_letter else "a"
        is_roman = label.kind == "roman?" and not (
            label.value == expected and not (self.last_roman and
                                              label.number == self.last_roman + 1)
        )
        if is_roman and (self.letter_anchor or self.number_anchor or self.article):
            parent = self.letter_anchor or self.number_anchor or self.article
            self._new("subparagraph", block, f"{parent}({label.value})")
            self.last_roman = label.number
            return
        letter = label.value
        parent = self.number_anchor or self.article or self.prefix.rstrip(".")
        anchor = f"{parent}({letter})" if parent else None
        self._new("subparagraph", block, anchor)
        self.letter_anchor = anchor or ""
        self.last_letter = letter[-1]
        self.last_roman = 0

    def _continues_previous(self, block: _Block) -> bool:
        """A page break splits a paragraph: an unlabelled block continues the paragraph
        before it when that one does not end in terminal punctuation."""
        if not self.entries or not block.blank_before:
            return False
        previous = self.entries[-1]
        if _TERMINAL_RE.search(previous.lines[-1][1]):
            return False
        if previous.kind in ("paragraph", "subparagraph"):
            return True
        # An unnumbered preambular paragraph (`Recalling that … and`) continues only into
        # a block that opens in lower case; all-capital lines (`WE THE PEOPLES …
        # DETERMINED`) stand on their own.
        head, tail = previous.lines[0][1], block.lines[0][1]
        return (previous.kind == "text" and _TITLE_WORD_RE.match(head) is not None
                and tail[:1].islower())

    def finish(self) -> list[Paragraph]:
        paragraphs = []
        seen: dict[str, int] = {}
        for ordinal, entry in enumerate(self.entries, start=1):
            anchor = entry.anchor or f"p{ordinal}"
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}~{seen[anchor]}"
                while anchor in seen:  # a literal `x~2` elsewhere: keep counting
                    anchor += "~"
            seen.setdefault(anchor, 1)
            paragraphs.append(Paragraph(
                anchor=anchor,
                ordinal=ordinal,
                kind=entry.kind,
                heading=entry.heading,
                text=entry.text,
                lines=(entry.lines[0][0], entry.lines[-1][0]),
            ))
        return paragraphs
