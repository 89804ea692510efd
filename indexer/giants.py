"""Giant paragraphs, split at index time so that no single entry makes queries slow.

A real UN paragraph runs to a few thousand characters (the longest in the bundled corpus
is 6,348); a file converted without line breaks can hold megabytes in one "paragraph",
and every query that matches it would then decode, score and snippet all of it. Such a
paragraph is indexed as parts of at most `MAX_ENTRY_CHARS`, broken after a sentence
where one ends near the limit, else at a space: the first part keeps the paragraph's
anchor (its citation still resolves), the others are `ANCHOR~2`, `ANCHOR~3`, ….
`undocs parse` shows the file as it is; `undocs index` says what it split.
"""

from __future__ import annotations

import dataclasses
import re

from undocs.indexer.records import Paragraph

MAX_ENTRY_CHARS = 20_000
# Look this far back from the limit for a sentence end, then for a space.
_BREAK_WINDOW = 2_000
_SENTENCE_END_RE = re.compile(r"[.!?;。！？；](?=\s)|[。！？；]")


def split_giants(paragraphs: list[Paragraph],
                 limit: int = MAX_ENTRY_CHARS) -> tuple[list[Paragraph], list[str]]:
    """`paragraphs` with each one longer than `limit` split into parts, renumbered in
    document order, and one note per split paragraph (`¶p3: 2,500,000 characters in 125
    parts`)."""
    if all(len(p.text) <= limit for p in paragraphs):
        return paragraphs, []
    result: list[Paragraph] = []
    notes = []
    taken = {p.anchor for p in paragraphs}  # the outline's own `x~2` for a repeated `x`
    for paragraph in paragraphs:
        if len(paragraph.text) <= limit:
            result.append(dataclasses.replace(paragraph, ordinal=len(result) + 1))
            continue
        parts = _cut(paragraph.text, limit)
        notes.append(f"¶{paragraph.anchor}: {len(paragraph.text):,} characters, indexed "
                     f"in {len(parts):,} parts of at most {limit:,} (¶{paragraph.anchor}, "
                     f"¶{paragraph.anchor}~2, …)")
        for number, text in enumerate(parts, start=1):
            anchor = paragraph.anchor if number == 1 else f"{paragraph.anchor}~{number}"
            while number > 1 and anchor in taken:
                anchor += "~"
            taken.add(anchor)
            result.append(dataclasses.replace(paragraph, anchor=anchor, text=text,
                                              ordinal=len(result) + 1))
    return result, notes


def _cut(text: str, limit: int) -> list[str]:
    parts = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        window = text[max(start + 1, end - _BREAK_WINDOW):end]
        offset = end - len(window)
        sentence_ends = [m.end() for m in _SENTENCE_END_RE.finditer(window)]
        if sentence_ends:
            end = offset + sentence_ends[-1]
        else:
            space = window.rfind(" ")
            if space >= 0:
                end = offset + space + 1
        parts.append(text[start:end].strip())
        start = end
    parts.append(text[start:].strip())
    return [part for part in parts if part]
