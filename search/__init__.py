"""Query → hits, and the `undocs` command line.

    from undocs.search import Searcher
    with Searcher(index_dir) as searcher:
        for hit in searcher.search('"国际合作" 引渡', lang="zh").hits:
            print(hit.citation, hit.snippet)

The names below are imported on first use (PEP 562, as in `indexer`), so that a
command which never searches (`undocs parse`, `--help`) does not load the searcher.
"""

from __future__ import annotations

__all__ = ["CitationError", "CiteResult", "Hit", "IndexMissing", "Outline", "Parallel",
           "QueryError", "SearchResult", "Searcher"]

_HOMES = {
    "CitationError": "undocs.search.citations",
    "Hit": "undocs.search.hits", "Parallel": "undocs.search.hits",
    "SearchResult": "undocs.search.hits", "QueryError": "undocs.search.query",
    "CiteResult": "undocs.search.searcher", "IndexMissing": "undocs.search.searcher",
    "Outline": "undocs.search.outlines", "Searcher": "undocs.search.searcher",
}


def __getattr__(name: str):
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'undocs.search' has no attribute {name!r}")
