"""The one outline builder: blocks in document order to anchored Paragraphs.

It gives each block its anchor, heading path and kind, and repairs conversion damage on
the way (page breaks, paragraphs glued behind a footnote number, nested lists), the same
for every format: the readers only say what the lines are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from undocs.indexer.blocks import Block, join_lines
from undocs.indexer.labels import Label
from undocs.indexer.records import Paragraph
from undocs.indexer.structure import annex_label, article_number, heading_level

MAX_NUMBER_GAP = 20  # `2023.` opening a wrapped line is no paragraph 2023
MAX_FIRST_NUMBER = 999  # numbers past it are paragraphs only as the sequence reaches them

_TERMINAL_RE = re.compile(r"[.。!?！？;；:：…”\"»)）\]】」』](?:\s?\d{1,3})?\s*$")
_TITLE_WORD_RE = re.compile(r"[A-ZÀ-ÝА-ЯЁ][a-zà-ÿа-яё]")


@dataclass
class _Entry:
    kind: str
    heading: tuple[str, ...]
    lines: list[tuple[int, str]]
    anchor: str | None = None  # None: p<ordinal>, given when the outline is finished
    number_scope: str = ""  # for numbered paragraphs: the scope their number counts in

    @property
    def text(self) -> str:
        return join_lines([text for _, text in self.lines])


_NEXT_LETTER = {chr(c): chr(c + 1) for c in range(ord("a"), ord("z"))}


@dataclass
class Outline:
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

    def _new(self, kind: str, block: Block, anchor: str | None = None) -> _Entry:
        entry = _Entry(kind, self.path, list(block.lines), anchor)
        self.entries.append(entry)
        return entry

    # -- the walk --------------------------------------------------------------------
    def add(self, block: Block) -> None:
        if block.kind == "heading":
            self._heading(block)
        elif block.kind == "footnote":
            self.article_open = False
            self._new("footnote", block, f"fn{block.footnote}")
        else:
            self._text(block)

    def _heading(self, block: Block) -> None:
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

    def _article(self, block: Block, number: int) -> None:
        anchor = f"{self.prefix}art{number}"
        self._push_heading(4, block.text)
        entry = self._new("article", block, anchor)
        entry.heading = self.path[:-1]
        self.article = anchor
        self.article_open = True
        self.last_number[anchor] = 0

    def _annex(self, block: Block, annex: str) -> None:
        self.headings.clear()
        self._headings_changed()
        self.prefix = f"{annex}."
        self.article = ""
        self._reset_numbering()
        self.last_number[self.prefix] = 0
        self._new("heading", block, annex)
        self.headings.append((1, block.text))
        self._headings_changed()

    def _text(self, block: Block) -> None:
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

    def _numbered(self, block: Block, label: Label) -> bool:
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

    def _lettered(self, block: Block, label: Label) -> None:
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

    def _continues_previous(self, block: Block) -> bool:
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

    def finish(self, page_of: dict[int, int] | None = None,
               ocr_lines: set[int] | None = None) -> list[Paragraph]:
        """The paragraphs; `page_of` maps line numbers to pages for paged formats,
        `ocr_lines` holds the lines read from page images."""
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
                pages=_pages(entry.lines, page_of) if page_of else (),
                ocr=bool(ocr_lines) and any(n in ocr_lines for n, _ in entry.lines),
            ))
        return paragraphs


def _pages(lines: list[tuple[int, str]], page_of: dict[int, int]) -> tuple[int, ...]:
    """The pages an entry's lines lie on, in order, each once."""
    return tuple(sorted({page_of[number] for number, _ in lines if number in page_of}))
