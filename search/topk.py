"""The best k matches of a query and their exact count, without scoring every match.

`Evaluator.scores` scores every match, which a search showing ten hits does not need.
Most searches take one shape: per language a few terms, the languages OR'ed. A
paragraph holds the fields of its own language only, so the languages' matches are
disjoint. A language's part is taken here when its matches are the union of some
terms' postings (its drivers: a word; a two-word phrase, which is one shingle of the
exact field; an unquoted Chinese word as jieba's word OR its one bigram) and what
else it scores is terms too, under AND, OR and AndMaybe (title and heading terms; the
bigrams of a Chinese word that answers for its substring). Then:
- the count needs no score: it is the driver's document frequency, or, for several
  drivers, a filter or deletions, the distinct documents of the blocks read (ids and
  weights, no positions decoded);
- the best k need only the blocks that can enter them. Each driver block's bound is
  the part's score formula over the best score every term can give in the block's
  range of documents (`search.blockmax`: exact per block, from the frontier the codec
  stores), in the order and with the float operations `search.evaluate` uses, so
  that no score exceeds its bound. Blocks are read best bound first, ties in index
  order, and each of their documents is scored whole; reading stops at the first
  block whose bound is below the k-th best score (`_SLACK` spares a block within
  rounding of it), and a block whose bound only equals the k-th best is skipped when
  all its documents come after that one (a tie goes to the lower docnum).
A language's part of another shape (several words under AND, a phrase of three words
or more) is scored whole beside the others; a query without any part of this shape,
or whose parts are not one language each (an AND of words, NOT, filters), returns
None, and the caller scores every match.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import compress

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.indexer.codec import PackedLeafMatcher
from undocs.search.blockmax import TermBlocks
from undocs.search.shapes import Clause, Node, lang_of, language_clauses
from undocs.search.terms import has_between, kept_mask

_SLACK = 1 + 1e-9  # a block within rounding of the k-th best score is read all the same
LONG = 64 * 128  # a driver's postings from which, numpy in use, its clause is scored whole


@dataclass(order=True)
class _Block:
    """A driver's block not read yet: read best bound first, then in index order."""

    order: tuple[float, int]  # (-bound, first docnum in the index)
    clause: int = field(compare=False)
    segment: int = field(compare=False)
    blocks: TermBlocks = field(compare=False)
    number: int = field(compare=False)
    driver: Node = field(compare=False)
    kept: list[int] | None = field(compare=False, default=None)  # filtered: the docs left


class _Segment:
    """The term tables of one clause in one segment (None: absent there), and the
    clause's score as functions of a local docnum: `exact` (None where it does not
    match) and `upper` (at least the score, from the blocks read so far and the bounds
    of the others: it reads nothing)."""

    def __init__(self, evaluator, number: int, tree: Node):
        self.tables: dict[tuple[str, bytes], TermBlocks | None] = {}
        self.deleted: frozenset[int] = frozenset()
        terms = evaluator.terms
        for node in tree.terms():
            key = (node.fieldname, node.btext)
            if key in self.tables:
                continue
            table = None
            if node.btext is not None and terms.info(number, *key) is not None:
                matcher, deleted = terms.matcher(number, *key)
                if type(matcher) is not PackedLeafMatcher:
                    raise _Other  # inlined postings, or a codec of another version
                self.deleted = deleted
                table = TermBlocks.walk(matcher, terms.scorer(number, *key), terms.bound(*key))
            self.tables[key] = table
        self.exact, self.upper = self._functions(tree)

    def table(self, node: Node) -> TermBlocks | None:
        return self.tables[(node.fieldname, node.btext)]

    def _functions(self, node: Node):
        """(exact, upper) of `node`, adding up scores as `search.evaluate` does: an
        optional part to its required one, AND's parts in its order from 0, OR's in
        order where present; so that, each step being monotone in floating point, no
        exact score exceeds its upper one."""
        kind = node.kind
        if kind == "term":
            table = self.table(node)
            if table is None:
                return (lambda doc: None), (lambda doc: 0.0)
            return table.score, table.upper
        pairs = [self._functions(child) for child in node.children]
        exacts = [exact for exact, _ in pairs]
        uppers = [upper for _, upper in pairs]
        if kind == "maybe":
            (required, optional), (required_up, optional_up) = exacts, uppers

            def exact(doc):
                score = required(doc)
                if score is None:
                    return None
                extra = optional(doc)
                return score if extra is None else score + extra

            return exact, lambda doc: required_up(doc) + optional_up(doc)
        if kind == "and":
            def exact(doc):
                scores = [part(doc) for part in exacts]
                return None if None in scores else sum(scores)

            # a Chinese word's two bigrams: no list per document (`sum` of two floats is
            # their sum in every Python; of more, from 3.12 on, a compensated one, as the
            # exact score's `sum` is, so that stays `sum`)
            if len(uppers) == 2:
                first, second = uppers
                return exact, lambda doc: first(doc) + second(doc)
            return exact, lambda doc: sum([upper(doc) for upper in uppers])

        def exact(doc):
            total = None
            for part in exacts:
                score = part(doc)
                if score is not None:
                    total = score if total is None else total + score
            return total

        def upper(doc):
            total = None
            for part in uppers:
                score = part(doc)
                total = score if total is None else total + score
            return total

        return exact, upper

    def bound(self, node: Node, low: int, high: int, driver: Node | None = None,
              score: float = 0.0) -> float:
        """The most `node` scores a document in [low, high], by the same additions;
        with `driver`, for a document where that term scores `score`."""
        kind = node.kind
        if kind == "term":
            if node is driver:
                return score
            table = self.table(node)
            return 0.0 if table is None else table.bound_between(low, high)
        if kind == "maybe":
            return self.bound(node.children[0], low, high, driver, score) + \
                self.bound(node.children[1], low, high, driver, score)
        total = 0.0 if kind == "and" else None
        for child in node.children:
            part = self.bound(child, low, high, driver, score)
            total = part if total is None else total + part
        return total or 0.0


class _Other(Exception):
    """A shape or posting list this module does not take."""


def top(evaluator, query: wq.Query, within: set[int] | None, k: int,
        dense: bool = False) -> tuple[int, list[tuple[int, float]]] | None:
    """(number of matches, the k best as (docnum, score), ties in index order), as
    `heapq.nlargest` over `evaluator.scores(query, within)` gives them; None for a
    shape this does not handle. With `dense` (numpy loaded), a clause whose blocks
    are weakly bounded (`Clause.weakly_bounded`) or narrowed by a filter is scored
    whole in arrays instead: block by block, it would read nearly all of them (to
    count under a filter, every one holding a document of it), a Python step per
    posting; so is one whose driver has hundreds of blocks (`_long`), each bounded
    in Python before the first is read."""
    clauses = language_clauses(evaluator, query)
    if clauses is None or not evaluator.terms.bm25f:
        return None
    best: list[tuple[float, int]] = []  # the k best (score, -docnum) so far, a min-heap
    total = 0
    pending: list[_Block] = []
    segments: dict[tuple[int, int], _Segment] = {}
    try:
        for number, clause in enumerate(clauses):
            if clause.drivers is None or (dense and (clause.weakly_bounded()
                                                     or _narrowed(evaluator, clause, within)
                                                     or _long(evaluator, clause))):
                total += _whole(evaluator, clause, within, best, k)
            else:
                total += _plan(evaluator, number, clause, within, segments, pending)
    except _Other:
        return None
    seen: set[int] = set()
    offsets = [offset for _, offset in evaluator.terms.segments]
    heapq.heapify(pending)
    while pending:
        block = heapq.heappop(pending)
        bound, first = -block.order[0], block.order[1]
        if len(best) >= k:
            score, negated = best[0]
            if bound * _SLACK < score:
                break
            if bound <= score and first > -negated:
                continue  # ties at most, and every one of them comes later
        segment = segments[(block.clause, block.segment)]
        offset = offsets[block.segment]
        exact, upper = segment.exact, segment.upper
        tree, table = clauses[block.clause].tree, block.blocks
        low, high = table.first(block.number), table.lasts[block.number]
        postings = table.postings(block.number)
        docs = block.kept if block.kept is not None else postings
        scorer = table.scorer
        bounds: dict[float, float] = {}  # own score -> the block's bound with it
        # best first by the driver's own score: the rest of the block is bounded out
        # at once where even that score and the others' best in the block cannot enter
        # (score, -doc) descending is score descending, then doc ascending
        for own, negated_doc in sorted([(scorer(doc, postings[doc]), -doc) for doc in docs],
                                       reverse=True):
            doc = -negated_doc
            number = offset + doc
            if len(best) >= k:
                score, negated = best[0]
                most = bounds.get(own)
                if most is None:
                    most = bounds[own] = segment.bound(tree, low, high, block.driver, own)
                if most * _SLACK < score:
                    break
                if number in seen or (most <= score and number > -negated):
                    continue
                most = upper(doc)  # the others' bounds at this document
                if most * _SLACK < score or (most <= score and number > -negated):
                    continue
            elif number in seen:
                continue
            seen.add(number)
            _keep(best, (exact(doc), -number), k)
    ranked = sorted(best, reverse=True)
    return total, [(-negated, score) for score, negated in ranked]


def _long(evaluator, clause: Clause) -> bool:
    """Whether a driver has `LONG` postings or more (`of the`): bounding each of its
    blocks costs more than scoring them all in arrays (its postings decoded whole)."""
    terms = evaluator.terms
    for driver in clause.drivers:
        if driver.btext is not None:
            infos = [terms.info(number, driver.fieldname, driver.btext)
                     for number in range(len(terms.segments))]
            if sum(info.doc_frequency() for info in infos if info is not None) >= LONG:
                return True
    return False


def _narrowed(evaluator, clause: Clause, within: set[int] | None) -> bool:
    """Whether a filter narrows the clause's matches (`symbol:`, `date:`; not the
    `lang:zh` of a Chinese clause): counting them reads every block that holds one."""
    return within is not None and not evaluator.covers(
        within, lang_of(clause.drivers[0].fieldname))


def _whole(evaluator, clause: Clause, within: set[int] | None, best: list, k: int) -> int:
    """Score every match of a clause, keep its k best in `best`; return its number of
    matches. In arrays once numpy is loaded (`search.vectors`), else in dicts."""
    narrowing = within
    if clause.drivers and not _narrowed(evaluator, clause, within):
        narrowing = None  # `lang:zh` of a Chinese clause narrows nothing
    found = evaluator.arrays(clause.part, narrowing)
    if found is not None:
        for doc, score in evaluator.best(*found, k):
            _keep(best, (score, -doc), k)
        return len(found[0])
    scores = evaluator.evaluate(clause.part, within)
    for doc, score in scores.items():
        _keep(best, (score, -doc), k)
    return len(scores)


def _keep(best: list, entry: tuple[float, int], k: int) -> None:
    if len(best) < k:
        heapq.heappush(best, entry)
    elif entry > best[0]:
        heapq.heapreplace(best, entry)


def _plan(evaluator, number: int, clause: Clause, within: set[int] | None,
          segments: dict, pending: list) -> int:
    """Queue the clause's driver blocks with their bounds; return its number of
    matches. Where counting needs the postings (several drivers, a filter,
    deletions), each block that can hold a match is read now, and only its
    matches kept."""
    lang = lang_of(clause.drivers[0].fieldname)
    narrowing = within if not evaluator.covers(within, lang) else None
    terms = evaluator.terms
    total = 0
    for segment_number, (_, offset) in enumerate(terms.segments):
        wanted = evaluator.splits.local(narrowing, segment_number)
        if wanted is not None and not wanted:
            continue
        if all(node.btext is None or terms.info(segment_number, node.fieldname, node.btext)
               is None for node in clause.drivers):
            continue
        segment = _Segment(evaluator, segment_number, clause.tree)
        segments[(number, segment_number)] = segment
        keep = evaluator.splits.mask(narrowing, segment_number)
        deleted = segment.deleted
        single = len(clause.drivers) == 1
        eager = not single or wanted is not None or bool(deleted)
        counted: set[int] = set()
        for driver in clause.drivers:
            table = segment.table(driver)
            if table is None:
                continue
            if not eager:
                total += terms.info(segment_number, driver.fieldname,
                                    driver.btext).doc_frequency()
            for block in range(len(table.lasts)):
                first, last = table.first(block), table.lasts[block]
                kept = None
                if eager:
                    if wanted is not None and not has_between(wanted, first, last):
                        continue
                    kept = _kept(table.ids(block), keep, deleted)
                    if not kept:
                        continue
                    counted.update(kept)
                bound = segment.bound(clause.tree, first, last)
                pending.append(_Block((-bound, offset + first), number, segment_number,
                                      table, block, driver, kept))
        total += len(counted)
    return total


def matches(evaluator, query: wq.Query, within: set[int] | None) -> set[int] | None:
    """Every document `query` matches (among `within`), unscored, for the shapes `top`
    takes (facet counts after a search ranked by `top`); None for the others."""
    clauses = language_clauses(evaluator, query)
    if clauses is None:
        return None
    found: set[int] = set()
    terms = evaluator.terms
    try:
        for clause in clauses:
            if clause.drivers is None:
                found.update(evaluator.evaluate(clause.part, within))
                continue
            lang = lang_of(clause.drivers[0].fieldname)
            narrowing = within if not evaluator.covers(within, lang) else None
            for number, (_, offset) in enumerate(terms.segments):
                wanted = evaluator.splits.local(narrowing, number)
                if wanted is not None and not wanted:
                    continue
                keep = evaluator.splits.mask(narrowing, number)
                segment = _Segment(evaluator, number, Node("or", clause.drivers))
                for driver in clause.drivers:
                    table = segment.table(driver)
                    if table is None:
                        continue
                    for block in range(len(table.lasts)):
                        if wanted is not None and not has_between(
                                wanted, table.first(block), table.lasts[block]):
                            continue
                        found.update(offset + doc for doc in _kept(
                            table.ids(block), keep, segment.deleted))
    except _Other:
        return None
    return found


def _kept(ids: list[int], keep: bytearray | None, deleted: frozenset[int]) -> list[int]:
    """The docnums of a block's `ids` in `keep` (a mask, None: all) and not deleted
    (a filter such as `symbol:` keeps a block's every posting in view)."""
    if keep is None and not deleted:
        return list(ids)
    return list(compress(ids, kept_mask(ids, keep, deleted)))
