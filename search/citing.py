"""The paragraphs a citation names (`Searcher.cite`), found in the documents' outlines.

A parsed citation (`search.citations`) names anchors; each is looked up in every language
version asked for, with the forms the parser has no anchor for (a chapter, a lettered
sub-item it left unnumbered) found by their headings and markers, and numbering only one
version kept found through that version.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from undocs.analyzers import LANGS
from undocs.search.anchor_forms import chapter_number, sub_item_letter
from undocs.search.citations import CitationError, CitationRef, parse_citations
from undocs.search.hits import Hit

if TYPE_CHECKING:
    from undocs.search.outlines import StoredEntry as _Entry

_POSITIONAL_RE = re.compile(r"p\d+")  # anchors that only count blocks


@dataclass
class CiteResult:
    citation: str
    hits: list[Hit]
    errors: list[str] = field(default_factory=list)  # parts of the citation not found

    def to_dict(self) -> dict:
        record = {"citation": self.citation, "hits": [hit.to_dict() for hit in self.hits]}
        if self.errors:
            record["errors"] = self.errors
        return record


def cite(searcher, text: str, *, lang=None, context: int = 0, parallel=None) -> CiteResult:
    """The paragraphs a citation names, in the languages asked for (default: the
    citation's own language, else every language the document exists in), in the
    order the citation names them (`paras. 5-6`: 5, then 6). When a citation names
    several, those not found are `errors` and the others are still given."""
    refs = parse_citations(text, searcher.document_names(),
                           has_anchor=functools.partial(_has_anchor, searcher))
    hits: list[Hit] = []
    errors: list[str] = []
    for ref in refs:
        try:
            found = _cite_ref(searcher, ref, lang, context)
        except CitationError as err:
            if len(refs) == 1:
                raise
            errors.append(f"{ref.typed}: {err}" if ref.typed else str(err))
            continue
        for hit in found:
            hit.rank = len(hits) + 1
            hits.append(hit)
    if not hits:
        raise CitationError("; ".join(errors))
    searcher._add_parallels(hits, parallel)
    return CiteResult(citation=text, hits=hits, errors=errors)


def _has_anchor(searcher, key: str, anchor: str) -> bool:
    return any(_resolve_in(searcher, key, anchor, False, r["lang"]) is not None
               for r in searcher.documents() if r["symbol_key"] == key)


def _cite_ref(searcher, ref: CitationRef, lang, context: int) -> list[Hit]:
    from undocs.search.searcher import resolve_langs  # the searcher imports this module

    available = sorted({r["lang"] for r in searcher.documents()
                        if r["symbol_key"] == ref.symbol_key},
                       key=LANGS.index)
    if lang is not None:
        wanted = [code for code in resolve_langs(lang) if code in available]
    elif ref.lang is not None:
        wanted = [ref.lang] if ref.lang in available else []
    else:
        wanted = available
    symbol = searcher.known_symbols()[ref.symbol_key]
    if not wanted:
        raise CitationError(f"{symbol} is not indexed in {lang or ref.lang}; "
                            f"it is in {', '.join(available)}")
    if ref.pages is not None:
        return _pages(searcher, ref, symbol, wanted)
    hits = []
    for code in wanted:
        position = _resolve(searcher, ref, code, available)
        if position is not None:
            entries = searcher.library.outline_entries(f"{ref.symbol_key}|{code}")
            hits.append(_cited_hit(searcher, entries, position, len(hits) + 1, context))
    if not hits:
        entries = searcher.library.outline_entries(f"{ref.symbol_key}|{wanted[0]}")
        chapter = re.fullmatch(r"chap(\d+)", ref.anchor)
        if chapter:
            numbers = sorted({n for e in entries if e.fields["kind"] == "heading"
                              and (n := chapter_number(e.fields["text"])) is not None})
            known = f" (its chapters: {numbers[0]}–{numbers[-1]})" if numbers else " (no chapters)"
            raise CitationError(f"no chapter {chapter.group(1)} in {symbol}{known}")
        anchors = [e.anchor for e in entries]
        close = difflib.get_close_matches(ref.anchor, anchors, n=4, cutoff=0.3)
        hint = f"; nearest: {', '.join(close)}" if close else ""
        raise CitationError(f"no paragraph {ref.anchor!r} in {symbol}{hint}")
    return hits


def _pages(searcher, ref: CitationRef, symbol: str, wanted: list[str]) -> list[Hit]:
    """Every paragraph that lies on the pages cited, in document order, per version."""
    first, last = ref.pages
    shown = f"page {first}" if first == last else f"pages {first}-{last}"
    hits: list[Hit] = []
    problems: list[str] = []  # versions without those pages, said if none has them
    for code in wanted:
        doc_key = f"{ref.symbol_key}|{code}"
        entries = searcher.library.outline_entries(doc_key)
        record = searcher.library.file_record(doc_key)
        count = record.get("meta", {}).get("pages") or max(
            (page for e in entries for page in e.fields.get("pages") or ()), default=0)
        if not count:
            problems.append(f"{symbol} ({code}) has no pages: {record.get('file', 'its file')}"
                            " is no PDF; cite a paragraph (¶3, para. 3)")
        elif last > count:
            problems.append(f"no {shown} in {symbol} ({code}): its pages are 1-{count}")
        else:
            hits += [searcher._hit(entry.fields, len(hits) + 1, 1.0, None) for entry in entries
                     if any(first <= page <= last for page in entry.fields.get("pages") or ())]
    if not hits:
        raise CitationError("; ".join(problems) or f"nothing on {shown} of {symbol}")
    return hits


def _resolve(searcher, ref: CitationRef, code: str, available) -> int | None:
    """Where `ref` stands in the `code` version: by its anchor there, else through
    another version that has it (numbering only one version kept: the scraped
    Charter numbers `art13(1)` and its `(丑)` sub-item only in Chinese)."""
    position = _resolve_in(searcher, ref.symbol_key, ref.anchor, ref.annex_given, code)
    if position is not None:
        return position
    symbol = searcher.known_symbols()[ref.symbol_key]
    positions = searcher.library.anchor_positions(f"{ref.symbol_key}|{code}")
    for other in available:
        if other == code:
            continue
        found = _resolve_in(searcher, ref.symbol_key, ref.anchor, ref.annex_given, other)
        if found is None:
            continue
        anchor = searcher.library.outline_entries(f"{ref.symbol_key}|{other}")[found].anchor
        entry = searcher.parallel_entry(symbol, other, anchor, code)
        if entry is not None:
            return positions[entry["anchor"]]
    return None


def _resolve_in(searcher, key: str, anchor: str, annex_given: bool, code: str) -> int | None:
    """The position of `anchor` in one version, with the forms the parser has no
    anchor for: a chapter (`chap7`), a lettered sub-item the parser left unnumbered."""
    entries = searcher.library.outline_entries(f"{key}|{code}")
    positions = searcher.library.anchor_positions(f"{key}|{code}")
    chapter = re.fullmatch(r"chap(\d+)", anchor)
    if chapter:
        return next((i for i, e in enumerate(entries) if e.fields["kind"] == "heading"
                     and chapter_number(e.fields["text"]) == int(chapter.group(1))), None)
    candidates = [anchor]
    numbered_annex = re.fullmatch(r"annex(\d+)", anchor)
    if numbered_annex:  # `annex 3`: annex III, or paragraph 3 of the only annex
        candidates.append(f"annex.{numbered_annex.group(1)}")
    if not annex_given:  # `A/RES/80/9 ¶3` where only the annex is numbered
        candidates += sorted({a.split(".", 1)[0] + "." + anchor for a in positions
                              if a.startswith("annex") and "." in a})
    for candidate in candidates:
        if candidate in positions:
            return positions[candidate]
    lettered = re.fullmatch(r"(.+)\(([a-z])\)", anchor)
    if lettered:
        parent = _resolve_in(searcher, key, lettered.group(1), annex_given, code)
        if parent is not None:
            return _sub_item(entries, parent, lettered.group(2))
    return None


def _cited_hit(searcher, entries: list[_Entry], position: int, rank: int,
               context: int) -> Hit:
    entry = entries[position]
    hit = searcher._hit(entry.fields, rank, 1.0, None)
    hit.parts = [_part(e) for e in _children(entries, position)]
    if context:
        before = entries[max(0, position - context):position]
        after_start = position + 1 + len(hit.parts)
        after = entries[after_start:after_start + context]
        hit.parts = ([{**_part(e), "context": "before"} for e in before] + hit.parts
                     + [{**_part(e), "context": "after"} for e in after])
    return hit


def _part(entry: _Entry) -> dict:
    return {"anchor": entry.anchor, "kind": entry.fields["kind"], "text": entry.fields["text"]}


def _children(entries: list[_Entry], position: int) -> list[_Entry]:
    """What a citation of an entry takes in: the sub-paragraphs of a paragraph
    (`4(a)`…), everything of an article up to the next article or heading, everything
    of a chapter up to the next chapter."""
    entry = entries[position]
    chapter = entry.fields["kind"] == "heading" and chapter_number(entry.fields["text"])
    children = []
    for following in entries[position + 1:]:
        kind = following.fields["kind"]
        if chapter:
            if kind == "heading" and chapter_number(following.fields["text"]) is not None:
                break
        elif entry.fields["kind"] == "article":
            if kind in ("article", "heading", "footnote"):
                break
        elif not following.anchor.startswith(entry.anchor + "("):
            break
        children.append(following)
    return children


def _sub_item(entries: list[_Entry], parent: int, letter: str) -> int | None:
    """The entry after `parent` that opens with the sub-item marker `letter` (`(b)`,
    `b)`, `(丑)`), before the next article, heading or numbered entry of another parent."""
    base = entries[parent].anchor
    for position in range(parent + 1, len(entries)):
        entry = entries[position]
        if entry.fields["kind"] in ("article", "heading"):
            return None
        if not _POSITIONAL_RE.fullmatch(entry.anchor) and not entry.anchor.startswith(base):
            return None
        if sub_item_letter(entry.fields["text"]) == letter:
            return position
    return None
