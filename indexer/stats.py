"""What an index holds: documents, their language versions and paragraphs per language,
and its state. A document is a symbol; each language it is indexed in is a version."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from undocs.indexer.schema import FILE


def index_stats(searcher, index_dir: Path) -> dict:
    """The figures `undocs stats` prints, read with a Whoosh searcher of the index; the
    keys are part of the JSON output contract."""
    documents: Counter[str] = Counter()
    paragraphs: Counter[str] = Counter()
    fallback = []
    symbols = set()
    last = ""
    for record in searcher.documents(record=FILE):
        meta = record["meta"]
        symbols.add(record["symbol_key"])
        documents[record["lang"]] += 1
        paragraphs[record["lang"]] += meta["paragraphs"]
        if meta["symbol_from"] == "file name":
            fallback.append(record["symbol"])
        last = max(last, meta["indexed_at"])
    size = sum(p.stat().st_size for p in Path(index_dir).iterdir() if p.is_file())
    return {
        "documents": dict(sorted(documents.items())),
        "paragraphs": dict(sorted(paragraphs.items())),
        "total_documents": len(symbols),
        "total_versions": sum(documents.values()),
        "total_paragraphs": sum(paragraphs.values()),
        "symbols_from_file_names": sorted(set(fallback)),
        "index_bytes": size,
        "last_update": last,
        "index": str(index_dir),
    }
