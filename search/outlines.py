"""A document's outline and the alignment of its language versions, read from the index.

The index stores every paragraph with its anchor and document order; an outline is the
order, with each entry's depth in the heading tree (`undocs show`, the document page),
and alignment finds the paragraph of another version that matches an anchor
(`--parallel`, `cite --lang all`, the parallel view).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from undocs.analyzers import LANGS
from undocs.indexer.symbols import symbol_key

_POSITIONAL_RE = re.compile(r"p\d+")  # anchors that only count blocks


@dataclass
class StoredEntry:
    """A paragraph of a document's outline, as the index stores it."""

    docnum: int
    fields: dict

    @property
    def anchor(self) -> str:
        return self.fields["anchor"]


@dataclass
class OutlineEntry:
    anchor: str
    kind: str
    depth: int
    text: str
    lines: list[int]

    def to_dict(self) -> dict:
        return {"anchor": self.anchor, "kind": self.kind, "depth": self.depth,
                "text": self.text, "lines": self.lines}


@dataclass
class Outline:
    symbol: str
    lang: str
    title: str
    file: str
    entries: list[OutlineEntry] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)  # the header block's metadata

    def to_dict(self) -> dict:
        """The JSON form (`show --format json`, `/api/show`)."""
        return {"symbol": self.symbol, "lang": self.lang, "title": self.title,
                "file": self.file, "languages": self.languages, "details": self.details,
                "entries": [entry.to_dict() for entry in self.entries]}


def aligned_entry(searcher, symbol: str, lang: str, anchor: str, other: str) -> dict | None:
    """The paragraph of `symbol` in language `other` that matches `anchor` in `lang`.

    Same anchor first (language versions share numbering). Unnumbered blocks (`p12`)
    and numbering one version lost (the scraped Charter has `art1(2)` only in
    Chinese) are aligned by their place inside the nearest article or numbered
    paragraph, which the versions share.
    """
    key = symbol_key(symbol)
    other_entries = searcher.library.outline_entries(f"{key}|{other}")
    other_positions = searcher.library.anchor_positions(f"{key}|{other}")
    positional = _POSITIONAL_RE.fullmatch(anchor) is not None
    if anchor in other_positions and not positional:
        return other_entries[other_positions[anchor]].fields
    entries = searcher.library.outline_entries(f"{key}|{lang}")
    position = searcher.library.anchor_positions(f"{key}|{lang}").get(anchor)
    if position is None:
        return None
    # `p12` is the twelfth block of this version only: count from the nearest
    # article or numbered paragraph both versions have (else from the start)
    start, back = 0, 0
    for back in range(position, -1, -1):
        base = entries[back]
        if base.fields["kind"] in ("article", "paragraph") and base.anchor in other_positions:
            start = other_positions[base.anchor]
            break
    else:
        back = 0
    target = start + (position - back)
    return other_entries[target].fields if target < len(other_entries) else None

# -- corpus tools --------------------------------------------------------------------


def document_outline(searcher, symbol: str, lang: str | None = None) -> Outline:
    """A document's entries in order, with their depth in the heading tree."""
    from undocs.search.citations import CitationError, unknown_document
    from undocs.search.searcher import resolve_langs  # the searcher imports this module

    known = searcher.known_symbols()
    key = symbol_key(symbol)
    if key not in known:
        try:
            named = searcher.document_names().split(symbol.strip())
        except ValueError as err:
            raise CitationError(str(err)) from None
        if not named or named[1].strip():
            raise unknown_document(symbol, known)
        key = named[0]
    records = [r for r in searcher.documents() if r["symbol_key"] == key]
    languages = sorted((r["lang"] for r in records), key=LANGS.index)
    asked = resolve_langs(lang) if lang else ("en" if "en" in languages else languages[0],)
    code = next((code for code in asked if code in languages), None)
    if code is None:
        raise CitationError(f"{known[key]} is not indexed in {','.join(asked)}; it is "
                            f"in {', '.join(languages)}")
    record = next(r for r in records if r["lang"] == code)
    outline = Outline(known[key], code, record.get("title") or "", record["file"],
                      languages=languages, details=record["meta"].get("details") or {})
    for entry in searcher.library.outline_entries(f"{key}|{code}"):
        fields = entry.fields
        depth = len(fields.get("heading") or [])
        outline.entries.append(OutlineEntry(fields["anchor"], fields["kind"], depth,
                                            fields["text"], list(fields["lines"])))
    return outline
