"""The Python API of the query layer: `Searcher(index_dir).search(...)`, `.cite(...)`,
`.source(...)`, `.outline(...)`. The CLI is a thin layer over it."""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import TYPE_CHECKING

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TopCollector

from undocs.analyzers import LANGS
from undocs.indexer.languages import lang_code
from undocs.indexer.location import index_exists
from undocs.indexer.schema import (
    IndexVersionError,
    UnusableIndex,
    open_checked,
)
from undocs.indexer.stats import index_stats
from undocs.search.compile import PARAGRAPHS, Compiled, compile_query, date_query, symbol_query
from undocs.search.evaluate import Evaluator
from undocs.search.filters import FilterSets
from undocs.search.hits import Hit, Parallel, SearchResult
from undocs.search.library import Library
from undocs.search.outlines import Outline, aligned_entry, document_outline
from undocs.search.query import QueryError, parse_query
from undocs.search.snippets import make_snippet
from undocs.search.vocabulary import ChineseVocabulary

if TYPE_CHECKING:  # loaded by `cite` and `outline` only: a search never pays for them
    from undocs.search.citing import CiteResult
    from undocs.search.names import DocumentNames

MAX_LIMIT = 10_000  # hits per page, as `--limit` allows
MAX_CONTEXT = 50  # paragraphs around a citation


class IndexMissing(Exception):
    """No index in the directory given."""


def check_count(name: str, value, high: int = MAX_LIMIT, low: int = 1) -> None:
    """A limit, page or width of the API must be a whole number in [low, high]: a
    QueryError (one line in the CLI) names it otherwise."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise QueryError(f"{name} must be a whole number from {low:,} to {high:,} "
                         f"(got {value!r})")


def resolve_langs(value) -> tuple[str, ...]:
    """`None`/`all` → every language; `zh`, `zh,en`, `["fr", "Chinese"]` → codes."""
    if value is None or value == "all":
        return LANGS
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = []
    for item in items:
        if item.strip() == "all":
            return LANGS
        code = lang_code(item)
        if code is None:
            raise QueryError(f"unknown language {item.strip()!r} (use one of "
                             f"{', '.join(LANGS)} or all)")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def best_of(scores: dict[int, float], top: int) -> list[tuple[int, float]]:
    """The `top` best (docnum, score), best first, ties in index order: what
    `heapq.nlargest` over (score, -docnum) gives, from the `top` best scores alone
    (floats, no tuple per match: a common word has tens of thousands of matches)."""
    if len(scores) > top:
        floor = heapq.nlargest(top, scores.values())[-1]
        scores = {doc: score for doc, score in scores.items() if score >= floor}
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]


class Searcher:
    """Read-only access to an index. Cheap to keep open across many queries."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        if not index_exists(self.index_dir):
            raise IndexMissing(f"{self.index_dir}: no index here (run `undocs index` first)")
        try:
            self._ix, self._searcher = open_checked(self.index_dir)
        except (IndexVersionError, UnusableIndex) as err:
            raise IndexMissing(str(err)) from None
        self._filters = FilterSets(self._searcher)
        self._evaluator = Evaluator(self._searcher, filter_docs=self._filters.docs)
        self.library = Library(self._searcher)  # documents, titles, outlines, names
        self._chinese = ChineseVocabulary(self._searcher, self._evaluator)
        self._last_scores: tuple | None = None  # (query repr, allowed, scores): see _scores
        self._searches = 0  # from the second on, numpy (`search.terms.Terms.use_numpy`)

    def close(self) -> None:
        self._searcher.close()

    def stats(self) -> dict:
        """What the index holds (`undocs stats`): see `indexer.stats.index_stats`."""
        return index_stats(self._searcher, self.index_dir)

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------------
    def documents(self) -> list[dict]:
        """The file records: symbol, lang, file, title, date, meta."""
        return self.library.records()

    # -- search ------------------------------------------------------------------------
    def search(self, query: str, *, lang=None, symbol: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 10,
               page: int = 1, parallel=None, snippets: bool = True) -> SearchResult:
        """Ranked paragraphs for `query` (see `search.query` for the syntax)."""
        check_count("limit", limit)
        check_count("page", page, high=10**9)
        self._searches += 1
        if self._searches == 2:  # kept open (web, batch): worth numpy's import
            self._evaluator.terms.use_numpy()
        langs = resolve_langs(lang)
        resolve_langs(parallel or None)  # a bad --parallel is told before any work
        compiled = self.compile(query, langs)
        whoosh_query, allowed = self._with_filters(compiled, langs, symbol, since, until)
        if compiled.has_text:
            total, found = self._ranked(whoosh_query, allowed, page * limit)
        else:  # filters and negations only: every match, in index order, unscored
            docs = list(self._docnums(whoosh_query, allowed))
            total, found = len(docs), [(n, 0.0) for n in docs[:page * limit]]
        hits = []
        start = (page - 1) * limit
        for rank, (docnum, score) in enumerate(found[start:start + limit], start=start + 1):
            stored = self._searcher.stored_fields(docnum)
            hits.append(self._hit(stored, rank, score, compiled if snippets else None))
        self._add_parallels(hits, parallel)
        return SearchResult(query=query, total=total, hits=hits, page=page, limit=limit)

    def _ranked(self, query: wq.Query, allowed: set[int] | None,
                top: int) -> tuple[int, list[tuple[int, float]]]:
        """(number of matches, the `top` best as (docnum, score)), ties in index order.

        Every match is visited, so the count is exact: in bulk (`search.evaluate`) for
        the words and phrases queries are made of, else with Whoosh's collector, kept
        from skipping blocks or pruning the query once its heap is full (it would then
        count by running the query again, or report a total that depends on the page
        size)."""
        if allowed is not None and not allowed:
            return 0, []
        found = self._evaluator.top(query, allowed, top)  # one term per language
        if found is not None:
            return found
        scores = self._scores(query, allowed)
        if scores is not None:
            return len(scores), best_of(scores, top)
        collector = TopCollector(limit=top, usequality=False, replace=0)
        wrapped = collector if allowed is None else FilterCollector(collector, allow=allowed)
        self._searcher.search_with_collector(query, wrapped)
        best = sorted(collector.items, reverse=True)  # (score, -docnum): best, then first
        return collector.total, [(-negated, score) for score, negated in best]

    def compile(self, query: str, langs=LANGS) -> Compiled:
        """Parse and compile a query, segmenting Chinese with the index's vocabulary."""
        return compile_query(parse_query(query), langs, segment=self._chinese.segment,
                             answers=self._chinese.answers)

    def segment_chinese(self, text: str) -> list[str]:
        """Words of a Chinese query run, by longest match against the index's words
        (`search.vocabulary`)."""
        return self._chinese.segment(text)

    def _with_filters(self, compiled: Compiled, langs, symbol, since, until):
        """(query, allowed documents or None): the compiled query, and the filters of
        the query and the options as one set of document numbers (empty: no match)."""
        filters = list(compiled.filters)
        query = compiled.query if compiled.query is not None else PARAGRAPHS
        if langs != LANGS and (not compiled.has_text or compiled.has_negation
                               or compiled.has_inner_filter):
            # words are only looked up in these languages' fields; what matches
            # without them (filters, NOT) must be held to the languages too
            filters.append(wq.Or([wq.Term("lang", code) for code in langs]))
        if symbol:
            filters.append(symbol_query(symbol))
        if since or until:
            for value, where in ((since, "--since"), (until, "--until")):
                if value:
                    date_query(value, f"{where} {value}")  # validates
            filters.append(date_query(f"{since or ''}..{until or ''}", "--since/--until"))
        return query, self._filters.allowed(filters)

    def matching(self, compiled: Compiled, *, langs=LANGS, symbol: str | None = None):
        """The stored fields of every paragraph a compiled query matches, unranked and
        streamed (for counting: no page, no limit)."""
        query, allowed = self._with_filters(compiled, langs, symbol, None, None)
        return map(self._searcher.stored_fields, self._docnums(query, allowed))

    def matching_docnums(self, query: str, *, lang=None, symbol: str | None = None,
                         since: str | None = None, until: str | None = None):
        """The index numbers of every paragraph `query` matches under the filters of
        `search`, in no order; no stored field is read (facet counts)."""
        langs = resolve_langs(lang)
        whoosh_query, allowed = self._with_filters(self.compile(query, langs), langs,
                                                   symbol, since, until)
        if allowed is not None and not allowed:
            return ()
        last = self._last_scores
        if last is None or last[0] != repr(whoosh_query) or last[1] is not allowed:
            found = self._evaluator.matches(whoosh_query, allowed)  # what `top` ranked
            if found is not None:
                return found
        scores = self._scores(whoosh_query, allowed)
        return scores.keys() if scores is not None else self._docnums(whoosh_query, allowed)

    def reader(self):
        """The Whoosh reader of the open index (read-only)."""
        return self._searcher.reader()

    def paragraphs_matching(self, query: wq.Query, *, symbol: str | None = None):
        """The stored fields of every paragraph a Whoosh query matches, within the
        documents `symbol` names (for the corpus tools that build their own query)."""
        allowed = self._filters.allowed([symbol_query(symbol)] if symbol else [])
        return map(self._searcher.stored_fields, self._docnums(query, allowed))

    def _docnums(self, query: wq.Query, allowed: set[int] | None):
        """The documents `query` matches that `allowed` lets through (None: all)."""
        if allowed is not None and not allowed:
            return
        scores = self._scores(query, allowed)
        if scores is not None:
            yield from sorted(scores)
            return
        for docnum in self._searcher.docs_for_query(query):
            if allowed is None or docnum in allowed:
                yield docnum

    def _scores(self, query: wq.Query, allowed: set[int] | None) -> dict[int, float] | None:
        """The evaluator's scores of every match, the last query's kept: the web page
        counts a query's facets right after ranking its hits (`allowed` is held, so the
        identity check cannot meet a new set at a reused address)."""
        key = repr(query)
        last = self._last_scores
        if last is not None and last[0] == key and last[1] is allowed:
            return last[2]
        scores = self._evaluator.scores(query, within=allowed)
        self._last_scores = (key, allowed, scores)
        return scores

    def _hit(self, stored: dict, rank: int, score: float, compiled: Compiled | None) -> Hit:
        highlight = compiled.highlights.get(stored["lang"]) if compiled else None
        snippet = make_snippet(stored["text"], stored["lang"], highlight)
        return Hit(
            rank=rank, score=score, symbol=stored["symbol"], lang=stored["lang"],
            anchor=stored["anchor"], heading=list(stored.get("heading") or []),
            text=stored["text"], snippet=snippet.render(), file=stored["file"],
            lines=list(stored["lines"]), pages=list(stored.get("pages") or []),
            kind=stored.get("kind", ""),
            ordinal=stored.get("ordinal", 0), date=stored.get("date") or "",
            title=self.library.title(stored["doc_key"]), marks=snippet,
        )

    # -- parallel versions ---------------------------------------------------------------
    def _add_parallels(self, hits: list[Hit], parallel) -> None:
        if not parallel:
            return
        langs = resolve_langs(parallel)
        for hit in hits:
            hit.parallel = {}
            for other in langs:
                if other == hit.lang:
                    continue
                found = self.parallel_entry(hit.symbol, hit.lang, hit.anchor, other)
                if found is not None:
                    hit.parallel[other] = Parallel(other, found["anchor"], found["file"],
                                                   found["text"])

    def parallel_entry(self, symbol: str, lang: str, anchor: str, other: str) -> dict | None:
        """The paragraph of `symbol` in language `other` that matches `anchor` in `lang`
        (`search.outlines.aligned_entry`)."""
        return aligned_entry(self, symbol, lang, anchor, other)

    def batch(self, queries, **defaults):
        """Run many queries; yields one record per query (see `search.batch`). `queries`
        holds query strings or `{"query": ..., option: ...}` dicts."""
        from undocs.search.batch import run_batch

        return run_batch(self, ((n, q, "") for n, q in enumerate(queries, start=1)), defaults)

    def kwic(self, term: str, *, lang=None, symbol: str | None = None, width: int = 40):
        """Concordance lines of `term`, streamed in reading order (see `search.concordance`)."""
        from undocs.search.concordance import kwic_lines

        check_count("width", width, high=500, low=5)
        return kwic_lines(self, term, langs=resolve_langs(lang), symbol=symbol, width=width)

    def count(self, query: str, *, by: str = "doc", lang=None, symbol: str | None = None):
        """Matching paragraphs and occurrences per document, language, year or body."""
        from undocs.search.concordance import count_matches

        return count_matches(self, query, by=by, langs=resolve_langs(lang), symbol=symbol)

    def catalog(self, *, lang=None, symbol: str | None = None, since: str | None = None,
                until: str | None = None):
        """The documents the index holds, each with its language versions, by symbol
        (see `search.catalog`)."""
        from undocs.search.catalog import list_documents

        return list_documents(self.documents(), langs=resolve_langs(lang), symbol=symbol,
                              since=since, until=until)

    # -- quote provenance ----------------------------------------------------------------
    def source(self, passage: str, *, lang=None, limit: int = 5, parallel=None,
               candidates: int = 40) -> SearchResult:
        """The paragraphs a pasted passage most likely comes from, best first, each with
        a `similarity` in [0, 1]: the share of the passage's character trigrams (after
        folding width, case, accents and Traditional forms, and dropping whitespace and
        punctuation) found in the paragraph. Small edits cost a few trigrams each; the
        work is bounded whatever the passage (see `search.provenance`)."""
        from undocs.search.provenance import candidates as source_candidates

        check_count("limit", limit)
        check_count("candidates", candidates)
        langs = resolve_langs(lang)
        resolve_langs(parallel or None)  # a bad --parallel is told before any work
        best = source_candidates(self, passage, langs, candidates)
        hits = []
        for rank, (similarity, stored) in enumerate(best[:limit], start=1):
            hit = self._hit(stored, rank, similarity, None)
            hit.similarity = similarity
            hits.append(hit)
        self._add_parallels(hits, parallel)
        return SearchResult(query=" ".join(passage.split()), total=len(best), hits=hits,
                            limit=limit)

    # -- citations -----------------------------------------------------------------------
    def known_symbols(self) -> dict[str, str]:
        """{symbol key: symbol as written} of every indexed document (cached)."""
        return self.library.known_symbols()

    def document_names(self) -> DocumentNames:
        """The symbols, titles and short names the indexed documents answer to (cached)."""
        return self.library.names()

    def cite(self, text: str, *, lang=None, context: int = 0,
             parallel=None) -> CiteResult:
        """The paragraphs a citation names, in the languages asked for (default: the
        citation's own language, else every language the document exists in), in the
        order the citation names them; see `search.citing`."""
        from undocs.search.citing import cite

        check_count("context", context, high=MAX_CONTEXT, low=0)
        if lang is not None:
            resolve_langs(lang)
        resolve_langs(parallel or None)  # a bad --parallel is told before any work
        return cite(self, text, lang=lang, context=context, parallel=parallel)

    # -- outline -------------------------------------------------------------------------
    def outline(self, symbol: str, lang: str | None = None) -> Outline:
        """A document's entries in order, with their depth in the heading tree."""
        return document_outline(self, symbol, lang)

