"""Query → hits, and the `undocs` command line.

    from search import Searcher
    with Searcher(index_dir) as searcher:
        for hit in searcher.search('"国际合作" 引渡', lang="zh").hits:
            print(hit.citation, hit.snippet)
"""

from search.citations import CitationError
from search.hits import Hit, Parallel, SearchResult
from search.query import QueryError
from search.searcher import CiteResult, IndexMissing, Outline, Searcher

__all__ = ["CitationError", "CiteResult", "Hit", "IndexMissing", "Outline", "Parallel",
           "QueryError", "SearchResult", "Searcher"]
