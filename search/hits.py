"""The records the query layer returns: hits and their parallel versions."""

from __future__ import annotations

from dataclasses import dataclass, field

from undocs.search.snippets import Snippet


def citation(symbol: str, anchor: str, lang: str) -> str:
    """`CTOC/COP/WG.3/2023/4 ¶41 (zh)`."""
    return f"{symbol} ¶{anchor} ({lang})"


@dataclass
class Parallel:
    """The same paragraph in another language."""

    lang: str
    anchor: str
    file: str
    text: str

    def to_dict(self) -> dict:
        return {"anchor": self.anchor, "lang": self.lang, "file": self.file, "text": self.text}


@dataclass
class Hit:
    rank: int
    score: float
    symbol: str
    lang: str
    anchor: str
    heading: list[str]
    text: str
    snippet: str
    file: str
    lines: list[int]
    pages: list[int] = field(default_factory=list)  # PDF pages the paragraph lies on
    kind: str = ""
    ordinal: int = 0
    date: str = ""
    title: str = ""
    marks: Snippet | None = field(default=None, repr=False)  # `snippet`, for colour output
    parallel: dict[str, Parallel] | None = None
    similarity: float | None = None
    parts: list[dict] = field(default_factory=list)  # cite: sub-paragraphs of the entry

    @property
    def citation(self) -> str:
        return citation(self.symbol, self.anchor, self.lang)

    def to_dict(self) -> dict:
        """The JSON form: stable keys, documented in the README."""
        record = {
            "rank": self.rank,
            "score": round(self.score, 4),
            "symbol": self.symbol,
            "lang": self.lang,
            "anchor": self.anchor,
            "citation": self.citation,
            "heading": self.heading,
            "text": self.text,
            "snippet": self.snippet,
            "file": self.file,
            "lines": self.lines,
            "pages": self.pages,
            "kind": self.kind,
            "date": self.date,
            "title": self.title,
        }
        if self.similarity is not None:
            record["similarity"] = round(self.similarity, 4)
        if self.parts:
            record["parts"] = self.parts
        if self.parallel is not None:
            record["parallel"] = {lang: p.to_dict() for lang, p in self.parallel.items()}
        return record


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    page: int = 1
    limit: int = 10

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page,
                "limit": self.limit, "hits": [hit.to_dict() for hit in self.hits]}
