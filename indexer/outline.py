"""The one outline builder: blocks in document order to anchored Paragraphs.

It gives each block its anchor, heading path and kind, and repairs conversion damage on
the way (page breaks, paragraphs glued behind a footnote number, nested lists), the same
for every format: the readers only say what the lines are. What the walk leaves
unlabelled is anchored once the document is known (`indexer.anchoring`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from undocs.indexer.anchoring import Entry, Shape, anchor_articles, anchor_preambles, anchor_residue
from undocs.indexer.blocks import Block
from undocs.indexer.labels import Label
from undocs.indexer.records import Paragraph
from undocs.indexer.structure import (
    annex_label,
    article_number,
    heading_label,
    heading_level,
    may_open_structure,
    roman,
)

MAX_NUMBER_GAP = 20  # `2023.` opening a wrapped line is no paragraph 2023
MAX_FIRST_NUMBER = 999  # numbers past it are paragraphs only as the sequence reaches them

_TERMINAL_RE = re.compile(r"[.。!?！？;；:：…”\"»)）\]】」』](?:\s?\d{1,3})?\s*$")
_TITLE_WORD_RE = re.compile(r"[A-ZÀ-ÝА-ЯЁ][a-zà-ÿа-яё]")
_PREAMBLE_HEADING_RE = re.compile(r"^(?:Preamble|PREAMBLE|Préambule|PRÉAMBULE|Preámbulo|"
                                  r"PREÁMBULO|Преамбула|ПРЕАМБУЛА|الديباجة|序言)\W*$")


_NEXT_LETTER = {chr(c): chr(c + 1) for c in range(ord("a"), ord("z"))}


@dataclass
class Outline:
    """The state of a walk through a document's blocks."""

    entries: list[Entry] = field(default_factory=list)
    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text) stack
    prefix: str = ""  # "annex." inside an annex
    article: str = ""  # "art3" inside an article
    article_open: bool = False  # the article heading has had no body yet
    last_number: dict[str, int] = field(default_factory=dict)  # per scope
    number_anchor: str = ""  # anchor of the current numbered paragraph
    letter_anchor: str = ""
    item_anchor: str = ""  # the current `(ii)`: `a.` nests under it
    last_letter: str = ""
    last_roman: int = 0
    nested: bool = False  # inside a list nested in a numbered paragraph
    path: tuple[str, ...] = ()  # the texts of `headings`, kept in step with it
    structured: bool = False  # a chapter, section or article has begun: no preamble
    scope_depth: int = 0  # headings that belong to the scope (the annex heading)
    section: str = ""  # anchor of the current `IV.` section
    # each article heading with the entries made inside the article
    bodies: list[tuple[Entry, list[Entry]]] = field(default_factory=list)
    preambles: int = 0  # how many blocks may be preambular
    cn_numbered: bool = False  # the current paragraph is numbered `一、`: `1.` is below it
    plain_top: bool = False  # the innermost heading has no label (`Preamble`)
    plain_text: bool = False  # ... and text stands under it

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
        self.plain_top = self.plain_text = False

    def _reset_numbering(self) -> None:
        self.number_anchor = ""
        self._reset_letters()
        self.nested = False

    def _reset_letters(self) -> None:
        self.letter_anchor = self.item_anchor = ""
        self.last_letter = ""
        self.last_roman = 0

    def _new(self, kind: str, block: Block, anchor: str | None = None) -> Entry:
        entry = Entry(kind, self.path, list(block.lines), anchor, article=self.article,
                       scope=self.prefix)
        self.entries.append(entry)
        if self.article:
            self.bodies[-1][1].append(entry)
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
            self._new("heading", block, "title")
            return
        entry = self._new("heading", block, self._heading_anchor(text))
        self._push_heading(heading_level(text, block.level, block.bold), text)
        entry.heading = self.path[:-1]
        self.plain_top = entry.anchor is None
        if not self.plain_top:
            self.structured = True

    def _heading_anchor(self, text: str) -> str | None:
        """`chap7`, `partIII`, `secIV`, `secIV.B`, `goal3` (inside an annex: `annex.chap7`)."""
        label = heading_label(text)
        if label is None:
            return None
        kind, anchor = label
        if kind == "subsection":
            anchor = f"{self.section or 'sec'}.{anchor}"
        elif kind == "section":
            self.section = anchor
        return self.prefix + anchor

    def _article(self, block: Block, number: int) -> None:
        anchor = f"{self.prefix}art{number}"
        if self.plain_top and self.plain_text:
            # `## Preamble` and its text, then `### Article 1`: the preamble ends here
            self.headings.pop()
        self.structured = True
        self._push_heading(4, block.text)
        entry = self._new("article", block, anchor)
        entry.heading = self.path[:-1]
        self.article = anchor
        self.bodies.append((entry, []))
        self.article_open = True
        self.last_number[anchor] = 0

    def _annex(self, block: Block, annex: str) -> None:
        self.headings.clear()
        self._headings_changed()
        self.prefix = f"{annex}."
        self.article = self.section = ""
        self.structured = False
        self.scope_depth = 1
        self._reset_numbering()
        self.last_number[self.prefix] = 0
        self._new("heading", block, annex)
        self.headings.append((1, block.text))
        self._headings_changed()

    def _text(self, block: Block) -> None:
        self.article_open = False
        if may_open_structure(block.lines[0][1]):
            text = block.text
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
        elif label is not None and label.kind == "subletter":
            parent = (self.item_anchor or self.letter_anchor or self.number_anchor
                      or self.article)
            self._new("subparagraph", block, f"{parent}({label.value})" if parent else None)
            return
        elif label is not None and label.kind == "dotted":
            self._new("item", block, f"{self.prefix}{label.value}")
            self._reset_numbering()
            return
        if self._continues_previous(block):
            self.entries[-1].lines.extend(block.lines)
            return
        if (self.article or self.structured and self.entries[-1].kind == "heading") and (
                _is_lost_heading(block)):
            self._lost_heading(block)
            return
        entry = self._new("text", block)
        self.plain_text = self.plain_top
        if not self.article and not self.structured and not self.last_number.get(self.prefix):
            # before the first paragraph: a preamble if no heading but the title (or a
            # `Preamble`) stands over it, or if it opens with `The Security Council,`
            top_level = (len(self.path) == self.scope_depth
                         or _PREAMBLE_HEADING_RE.match(self.path[-1]) is not None)
            entry.preamble = "yes" if top_level else "after intro"
            self.preambles += 1

    def _lost_heading(self, block: Block) -> None:
        """`Voting` between two articles is a sub-heading conversion left as text: it
        closes the article and heads the ones after it, in every language version."""
        entry = self._new("heading", block)
        self._push_heading(3, block.text)
        entry.heading = self.path[:-1]

    def _numbered(self, block: Block, label: Label) -> bool:
        """A `41.` or `一、` block; False if the number is no paragraph number here."""
        if label.kind == "cn_enum" and not self.article:
            return False
        scope = self.article or self.prefix
        last = self.last_number.get(scope, 0)
        number = label.number
        if number > MAX_FIRST_NUMBER and not last:
            return False  # `2023.` opening a line is a year, unless paragraph 999 came before
        if (label.kind == "number" and self.letter_anchor and last
                and (number <= last or self.cn_numbered) and number == self.last_roman + 1):
            # Chinese treaties number the third level: `一、` › `(一)` › `1.` = (i)
            self._new("subparagraph", block, f"{self.letter_anchor}({roman(number)})")
            self.last_roman = number
            return True
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
        self.cn_numbered = label.kind == "cn_enum"
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
                    glued = Entry("paragraph", target.heading, tail, anchor, scope,
                                   article=target.article, scope=target.scope)
                    self.entries.insert(self.entries.index(target) + 1, glued)
                    if glued.article and self.bodies:
                        self.bodies[-1][1].append(glued)
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
            self.item_anchor = f"{parent}({label.value})"
            self._new("subparagraph", block, self.item_anchor)
            self.last_roman = label.number
            return
        letter = label.value
        self.item_anchor = ""
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
               ocr_lines: set[int] | None = None,
               shapes: dict[str, list[Shape]] | None = None,
               preambles: bool = True) -> list[Paragraph]:
        """The paragraphs; `page_of` maps line numbers to pages for paged formats,
        `ocr_lines` holds the lines read from page images, `shapes` the articles of
        another language version to pair unnumbered ones with (`indexer.versions`);
        `preambles=False` for a kind of document that has none (a meeting's record)."""
        paragraphs = []
        seen: dict[str, int] = {}
        entries = self.entries
        anchor_articles(self.bodies, shapes)
        if self.preambles and preambles:
            anchor_preambles(entries)
        anchor_residue(entries)
        for ordinal, entry in enumerate(entries, start=1):
            anchor = entry.anchor
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


def _is_lost_heading(block: Block) -> bool:
    """A one-line block of a few words, capitalised, with no closing punctuation."""
    if len(block.lines) != 1 or block.label is not None:
        return False
    text = block.lines[0][1]
    if len(text) > 40:
        return False
    text = text.strip()
    return (0 < len(text) and len(text.split()) <= 5 and not text[0].islower()
            and not text[0].isdigit() and _TERMINAL_RE.search(text) is None
            and not text.endswith((",", "，", "،", "؛", "-", "—")))


def _pages(lines: list[tuple[int, str]], page_of: dict[int, int]) -> tuple[int, ...]:
    """The pages an entry's lines lie on, in order, each once."""
    return tuple(sorted({page_of[number] for number, _ in lines if number in page_of}))
