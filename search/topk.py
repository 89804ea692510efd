"""The best k matches of a query and their exact count, without scoring every match.

`Evaluator.scores` scores every match, which a search showing ten hits does not need.
Most searches take one shape: per language one term (a word; a two-word phrase,
which is one shingle of the exact field), optionally raised by title and heading
terms (`AndMaybe`), the languages OR'ed. A paragraph holds the fields of its own
language only, so the languages' matches are disjoint, and then:
- the count needs no score and no posting: it is each term's document frequency (in a
  segment with deletions, or under a filter that narrows the term, its postings are
  read and counted instead);
- the best k need only the blocks whose best possible score can still enter them.
  Whoosh keeps, per block of 128 postings, the highest weight and the shortest field
  length; with the idf and the average length they bound BM25F from above. Blocks are
  read best bound first, and reading stops once the k-th best score found exceeds the
  bound of every block left, boosts included at their own bound (so that a tie with
  an unread document, which the index order would decide, cannot occur).
A language's part of another shape (several terms under AND, a phrase of three words
or more) is scored whole beside the others; a query without any one-term part, or
whose parts are not one language each (an AND of words, NOT, filters), returns None,
and the caller scores every match.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, repeat

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import LANGS
from undocs.indexer.codec import PackedLeafMatcher
from undocs.search.terms import read_postings

_SLACK = 1 + 1e-6  # bounds are raised by this much against rounding (float32 weights)


@dataclass
class _Clause:
    """One language's part: a term and the query raising its score (or None), or
    (`whole`) a part of another shape, whose every match is scored."""

    fieldname: str
    text: str
    boost: wq.Query | None
    whole: wq.Query | None = None


@dataclass
class _Block:
    """A block of postings not read yet, and where its data lies."""

    bound: float
    clause: int
    offset: int  # the segment's first document number
    matcher: PackedLeafMatcher  # of its term (which has moved on since)
    start: int  # data offset in the postings file
    end: int
    count: int
    compressed: int
    scorer: object
    postings: list | None = None  # (docnum, weight) read already: those that count


def top(evaluator, query: wq.Query, within: set[int] | None,
        k: int) -> tuple[int, list[tuple[int, float]]] | None:
    """(number of matches, the k best as (docnum, score), ties in index order), as
    `heapq.nlargest` over `evaluator.scores(query, within)` gives them; None for a
    shape this does not handle."""
    clauses = _clauses(query)
    if clauses is None or not evaluator.terms.bm25f:
        return None
    total = 0
    found: list[tuple[int, int, float]] = []  # (clause, docnum, score without boost)
    pending: list[_Block] = []
    boosts: list[float] = []
    for number, clause in enumerate(clauses):
        if clause.whole is not None:
            scores = evaluator.evaluate(clause.whole, within)
            found.extend((number, doc, score) for doc, score in scores.items())
            total += len(scores)
            boosts.append(0.0)
            continue
        field = evaluator.field_or_none(clause.fieldname)
        if field is None:
            return None
        bound = _boost_bound(evaluator, clause.boost)
        if bound is None:
            return None
        boosts.append(bound)
        btext = _encoded(field, clause.text)
        if btext is None:
            continue  # matches nothing, as Whoosh's matcher would
        narrowing = within if not evaluator.covers(within, _lang(clause.fieldname)) else None
        counted = _read_term(evaluator, number, clause.fieldname, btext, narrowing,
                             bound, found, pending)
        if counted is None:
            return None
        total += counted
    best = _best(pending, found, k)
    scores = _with_boosts(evaluator, clauses, best, within)
    ranked = heapq.nlargest(k, ((score, -doc) for doc, score in scores.items()))
    return total, [(-negated, score) for score, negated in ranked]


def matches(evaluator, query: wq.Query, within: set[int] | None) -> set[int] | None:
    """Every document `query` matches (among `within`), unscored, for the shapes `top`
    takes (facet counts after a search ranked by `top`); None for the others."""
    clauses = _clauses(query)
    if clauses is None:
        return None
    found: set[int] = set()
    terms = evaluator.terms
    for clause in clauses:
        if clause.whole is not None:
            found.update(evaluator.evaluate(clause.whole, within))
            continue
        field = evaluator.field_or_none(clause.fieldname)
        if field is None:
            return None
        btext = _encoded(field, clause.text)
        if btext is None:
            continue
        narrowing = within if not evaluator.covers(within, _lang(clause.fieldname)) else None
        for number, (_, offset) in enumerate(terms.segments):
            if terms.info(number, clause.fieldname, btext) is None:
                continue
            wanted = evaluator.local(within, number)
            if wanted is not None and not wanted:
                continue
            matcher, deleted = terms.matcher(number, clause.fieldname, btext)
            if type(matcher) is not PackedLeafMatcher:
                return None
            ids, _, _ = read_postings((matcher, deleted), False, wanted)
            keep = evaluator.local_set(narrowing, number)
            found.update(offset + doc for doc in ids if keep is None or doc in keep)
    return found


def _clauses(query: wq.Query) -> list[_Clause] | None:
    """The per-language clauses of `query`, or None for another shape (or for no
    clause of one term: nothing to gain)."""
    parts = query.subqueries if type(query) is wq.Or and not query.minmatch \
        and query.scale is None else [query]
    clauses = []
    langs = []
    for part in parts:
        lang = _query_lang(part)
        if lang is None:
            return None
        langs.append(lang)
        term, boost = part, None
        if type(part) is wq.AndMaybe and part.boost == 1.0:
            term, boost = part.a, part.b
        if type(term) is wq.Term and term.boost == 1.0:
            clauses.append(_Clause(term.fieldname, term.text, boost))
        else:
            clauses.append(_Clause("", "", None, whole=part))
    if len(set(langs)) != len(langs) or all(clause.whole for clause in clauses):
        return None  # matches of two clauses could meet in one paragraph
    return clauses


def _query_lang(query: wq.Query) -> str | None:
    """The one language of every field `query` reads, or None."""
    if type(query) in (wq.Term, wq.Phrase, wq.Prefix):
        return _lang(query.fieldname)
    if type(query) in (wq.And, wq.Or, wq.AndMaybe):
        langs = {_query_lang(child) for child in query.children()}
        return langs.pop() if len(langs) == 1 else None
    return None


def _lang(fieldname: str) -> str | None:
    """The language of a per-language field (`text_en`, `exact_zh`, `meta_fr`)."""
    lang = fieldname.rpartition("_")[2]
    return lang if lang in LANGS and fieldname != lang else None


def _encoded(field, text: str) -> bytes | None:
    try:
        return field.to_bytes(text)
    except ValueError:  # a lone surrogate
        return None


def _boost_bound(evaluator, boost: wq.Query | None) -> float | None:
    """The highest score `boost` can add (terms under AND or OR), None if unknown."""
    if boost is None:
        return 0.0
    if boost.boost != 1.0:
        return None
    if type(boost) is wq.Term:
        field = evaluator.field_or_none(boost.fieldname)
        btext = None if field is None else _encoded(field, boost.text)
        return None if field is None else 0.0 if btext is None else \
            evaluator.terms.term_bound(boost.fieldname, btext)
    if type(boost) in (wq.And, wq.Or) and (type(boost) is wq.And or not boost.minmatch):
        bounds = [_boost_bound(evaluator, sub) for sub in boost.subqueries]
        return None if None in bounds else sum(bounds)
    return None


def _read_term(evaluator, clause: int, fieldname: str, btext: bytes,
               within: set[int] | None, boost: float, found: list,
               pending: list) -> int | None:
    """Count the term's matches and leave its blocks in `pending` with their bounds.
    Where counting needs the postings (a filter, deletions), every block that can hold
    a match is read now, and only its matches kept."""
    total = 0
    terms = evaluator.terms
    for number, (_, offset) in enumerate(terms.segments):
        info = terms.info(number, fieldname, btext)
        if info is None:
            continue
        wanted = evaluator.local(within, number)
        if wanted is not None and not wanted:
            continue
        matcher, deleted = terms.matcher(number, fieldname, btext)
        if type(matcher) is not PackedLeafMatcher:
            return None  # inlined postings, or a codec of another version
        scorer = terms.scorer(number, fieldname, btext)
        bound_of = terms.bound(fieldname, btext)
        eager = wanted is not None or bool(deleted)
        if not eager:
            total += info.doc_frequency()
        keep = evaluator.local_set(within, number)
        first = 0  # no docnum of the current block is below this
        while matcher.is_active():
            last = matcher._maxid
            block = _Block(bound_of(matcher._maxweight, matcher._minlength) + boost, clause,
                           offset, matcher, matcher._dataoffset, matcher._nextoffset,
                           matcher._blocklength, matcher._compression, scorer)
            if not eager:
                pending.append(block)
            elif wanted is None or _has_between(wanted, first, last):
                block.postings = [(doc, weight) for doc, weight in _postings(block)
                                  if doc not in deleted and (keep is None or doc in keep)]
                if block.postings:
                    total += len(block.postings)
                    pending.append(block)
            first = last + 1
            matcher._next_block()
    return total


def _has_between(wanted: list[int], first: int, last: int) -> bool:
    """Whether the sorted `wanted` holds a docnum in [first, last]."""
    at = bisect_left(wanted, first)
    return at < len(wanted) and wanted[at] <= last


def _postings(block: _Block):
    """The (local docnum, weight) of every posting of a block, read in one go."""
    deltas, weights, _ = block.matcher.block_data(block.start, block.end, block.count,
                                                  block.compressed)
    ids = accumulate(deltas)
    if weights is None or isinstance(weights, float):
        return zip(ids, repeat(1.0 if weights is None else weights))
    return zip(ids, weights, strict=True)


def _scored(block: _Block) -> list[tuple[int, float]]:
    """The (local docnum, score) of the block's postings (those kept, if read)."""
    score = block.scorer
    postings = block.postings if block.postings is not None else _postings(block)
    return [(doc, score(doc, weight)) for doc, weight in postings]


def _best(pending: list[_Block], found: list, k: int) -> list[tuple[int, int, float]]:
    """`found` and the postings of the pending blocks that can enter the best k."""
    floor: list[float] = []  # the k best scores so far (a min-heap)
    for _, _, score in found:
        _keep(floor, score, k)
    pending.sort(key=lambda block: block.bound, reverse=True)
    for block in pending:
        if len(floor) >= k and block.bound * _SLACK < floor[0]:
            break
        for doc, score in _scored(block):
            found.append((block.clause, block.offset + doc, score))
            _keep(floor, score, k)
    return found


def _keep(floor: list[float], score: float, k: int) -> None:
    if len(floor) < k:
        heapq.heappush(floor, score)
    elif score > floor[0]:
        heapq.heapreplace(floor, score)


def _with_boosts(evaluator, clauses: list[_Clause], found: list,
                 within: set[int] | None) -> dict[int, float]:
    """{docnum: score} of the candidates, each clause's boost added where it matches."""
    scores: dict[int, float] = {}
    by_clause: dict[int, list[int]] = {}
    for clause, doc, score in found:
        scores[doc] = score
        by_clause.setdefault(clause, []).append(doc)
    for clause, docs in by_clause.items():
        boost = clauses[clause].boost
        if boost is None:
            continue
        extra = evaluator.evaluate(boost, set(docs))
        for doc, score in extra.items():
            scores[doc] += score
    return scores
