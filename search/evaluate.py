"""Whole-query evaluation in bulk: every match of a query, with its BM25F score.

`undocs search` promises exact totals, so every match of a query must be visited.
Whoosh's collector does that a document at a time through a tree of matchers (a
dozen Python calls per match): a phrase with a few thousand matches took 20-50 ms.
Here a term's postings are read a block at a time, AND and OR are set operations,
a phrase of several terms is matched by `search.phrases` (positions checked only
where its terms meet), and each term is scored in one comprehension, with Whoosh's
own BM25F statistics and formula: the scores are Whoosh's
(`tests/search/test_evaluate.py` compares them), except that an optional part under
an AND always counts (Whoosh's AndMaybe matcher sometimes drops it: its `skip_to`
leaves the optional matcher behind the required one).

Only the shapes `search.compile` produces are handled: Term, Phrase, Prefix (a
one-character Chinese query), And (with NOT parts), Or, AndMaybe, and filters (a term,
prefix, wildcard or range of an ID field, through the caller's cached sets; each
scores 1). Anything else makes `scores` return None, and the caller lets Whoosh run
the query.
"""

from __future__ import annotations

from itertools import compress

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq
from whoosh.formats import Existence

from undocs.indexer.codec import PackedPositions
from undocs.search import topk
from undocs.search.phrases import Starts, phrase_postings, whole_phrase
from undocs.search.splits import Splits
from undocs.search.terms import Terms, encoded, in_mask, read_postings
from undocs.search.vectors import Unvectorised, Vectors

_FILTER_KINDS = (wq.Term, wq.Prefix, wq.Wildcard, wq.TermRange)


class _Unsupported(Exception):
    """A query node this evaluator does not handle."""


class Evaluator:
    """Bulk evaluation over one open Whoosh searcher (read-only; caches field lengths)."""

    def __init__(self, searcher, filter_docs=None, terms: Terms | None = None):
        """`filter_docs(term query)`: the (cached) documents of a term of an ID field,
        such as `record:para` under a NOT; without it such terms go to Whoosh. `terms`:
        the searcher's `Terms`, if not the default (which terms are kept decoded)."""
        self._searcher = searcher
        self._filter_docs = filter_docs
        self._schema = searcher.schema
        self._terms = terms if terms is not None else Terms(searcher)
        self._vectors: Vectors | None = None  # once numpy is loaded
        self._segments = self._terms.segments
        self._bm25f = self._terms.bm25f
        self.splits = Splits(self._segments, self._terms)  # sets of documents by segment
        self._starts = Starts()  # phrase positions, memoised per query
        self._covers: dict[tuple[int, str], tuple] = {}  # see `covers`

    def scores(self, query: wq.Query, within: set[int] | None = None) -> dict[int, float] | None:
        """{document number: score} of every document `query` matches (among `within`,
        if given), or None when the query has a shape left to Whoosh."""
        if not self._bm25f:
            return None
        self._prepare(within)
        try:
            found = self.arrays(query, within)
            if found is not None:
                docs, scores = found
                return dict(zip(docs.tolist(), scores.tolist(), strict=True))
            return self._evaluate(query, within)
        except _Unsupported:
            return None

    def arrays(self, query: wq.Query, within: set[int] | None):
        """(docnums, scores) arrays of `evaluate` inside a query already prepared, once
        numpy is loaded (`search.vectors`); None before, or for a shape it leaves to
        the dicts (raises _Unsupported as `evaluate` does)."""
        numpy = self._terms.numpy
        if numpy is None:
            return None
        if self._vectors is None:
            self._vectors = Vectors(self, numpy)
        try:
            return self._vectors.evaluate(query, within)
        except Unvectorised:
            return None

    def best(self, docs, scores, k: int) -> list[tuple[int, float]]:
        """The k best of `arrays`' result, best first, ties in index order."""
        return self._vectors.top(docs, scores, k)

    def top(self, query: wq.Query, within: set[int] | None,
            k: int) -> tuple[int, list[tuple[int, float]]] | None:
        """(number of matches, the `k` best as (docnum, score)), what `scores` and
        `heapq.nlargest` give, reading only what can enter the best k (`search.topk`);
        None for a shape that needs every match scored."""
        if not self._bm25f:
            return None
        self._prepare(within)
        try:
            found = topk.top(self, query, within, k, dense=self._terms.numpy is not None)
            if found is None:  # a shape `search.topk` does not take: every match, in arrays
                whole = self.arrays(query, within)
                if whole is not None:
                    found = len(whole[0]), self.best(*whole, k)
            return found
        except _Unsupported:
            return None

    def matches(self, query: wq.Query, within: set[int] | None) -> set[int] | None:
        """Every document `query` matches among `within`, unscored, for the shapes
        `top` takes (`search.topk.matches`, or once numpy is loaded `arrays`); None for
        the others."""
        if not self._bm25f:
            return None
        self._prepare(within)
        try:
            found = topk.matches(self, query, within)
            if found is None:
                whole = self.arrays(query, within)
                if whole is not None:
                    found = set(whole[0].tolist())
            return found
        except _Unsupported:
            return None

    def _prepare(self, within: set[int] | None) -> None:
        """Per-query state (`within`: the query's filter set, see `Splits.new_query`)."""
        self._starts = Starts()  # per query: a long-lived memo would flatter repeated queries
        self.splits.new_query(within)
        self._terms.new_query()

    # -- for search.topk -------------------------------------------------------------------
    @property
    def terms(self) -> Terms:
        return self._terms

    def evaluate(self, query: wq.Query, within: set[int] | None) -> dict[int, float]:
        """`scores` inside a query already prepared (raises _Unsupported)."""
        return self._evaluate(query, within)

    def reader(self):
        """The searcher's reader (sizes for the order in which an AND's parts are added)."""
        return self._searcher.reader()

    def field_or_none(self, fieldname: str):
        """The schema's field if it is a scorable one, else None."""
        field = self._schema[fieldname] if fieldname in self._schema else None
        return field if field is not None and field.scorable else None

    def covers(self, within: set[int] | None, lang: str | None) -> bool:
        """Whether `within` holds every document of `lang` (`lang:zh`): it then narrows
        nothing a field of that language matches (cached with the set)."""
        if within is None or lang is None or self._filter_docs is None:
            return False
        key = (id(within), lang)
        kept = self._covers.get(key)
        if kept is None or kept[0] is not within:
            # streamed, not a set: a filter of one language (or a symbol) stops at the
            # first paragraph of another, and no language's set is kept for this
            docs = self._searcher.docs_for_query(wq.Term("lang", lang))
            kept = (within, all(doc in within for doc in docs))
            if len(self._covers) >= 64:
                self._covers.clear()
            self._covers[key] = kept
        return kept[1]

    def _evaluate(self, query: wq.Query, within: set[int] | None) -> dict[int, float]:
        """Scores of the matches of `query` among `within` (None: all documents).
        Narrowing as soon as possible lets rare terms skip the blocks of common ones."""
        if query.boost != 1.0:
            raise _Unsupported(query)
        kind = type(query)
        if self.is_filter(query):
            return self._filter(query, within)
        if kind is wq.Term:
            return self._phrase(query.fieldname, [query.text], within)
        if kind is wq.Phrase and query.slop == 1:
            return self._phrase(query.fieldname, query.words, within)
        if kind is wq.AndMaybe:
            required = self._evaluate(query.a, within)
            optional = self._evaluate(query.b, set(required)) if required else {}
            return {doc: score + optional[doc] if doc in optional else score
                    for doc, score in required.items()}
        if kind is wq.And:
            return self._and(query.subqueries, within)
        if kind is wq.Prefix and query.text and query.constantscore:
            return self._prefix(query.fieldname, query.text, within)
        if kind is wq.Or and not query.minmatch and query.scale is None:
            return _union([self._evaluate(sub, within) for sub in query.subqueries])
        raise _Unsupported(query)

    def _and(self, subqueries, within: set[int] | None) -> dict[int, float]:
        """Every part, smallest first, each read only among the matches so far; a NOT
        part then removes its matches among them. Whoosh adds 1 to the score for a NOT
        part (its InverseMatcher's weight), and so does this."""
        negated = [sub.query for sub in subqueries if type(sub) is wq.Not]
        positive = [sub for sub in subqueries if type(sub) is not wq.Not]
        if not positive:
            raise _Unsupported(subqueries)  # the universe: `search.compile` never asks
        reader = self._searcher.reader()
        parts: list[dict[int, float]] = []
        for sub in sorted(positive, key=lambda q: q.estimate_size(reader)):
            part = self._evaluate(sub, within)
            if not part:
                return {}
            parts.append(part)
            within = set(part)
        for sub in negated:
            within.difference_update(self._evaluate(sub, within))
        return {doc: sum(part[doc] for part in parts) + len(negated) for doc in within}

    def is_filter(self, query: wq.Query) -> bool:
        """A term, prefix, wildcard or range of an ID field (`record:para`, `lang:zh`,
        `symbol:A/RES/*`, `date:2020..2023`): a set of documents, each scoring 1 (as
        Whoosh scores a term of such a field)."""
        if type(query) not in _FILTER_KINDS or self._filter_docs is None:
            return False
        field = self._schema[query.fieldname] if query.fieldname in self._schema else None
        return field is not None and not field.scorable and type(field.format) is Existence

    def _filter(self, query: wq.Query, within: set[int] | None) -> dict[int, float]:
        docs = self._filter_docs(query)
        if within is not None:
            docs = docs.intersection(within) if len(within) > len(docs) else \
                within.intersection(docs)
        return dict.fromkeys(docs, 1.0)

    def _prefix(self, fieldname: str, prefix: str, within: set[int] | None) -> dict[int, float]:
        """The documents holding a term of a segment that starts with `prefix`, each
        scoring 1: a constant-score prefix query, as Whoosh means it (its own result
        varies: 1 on segments of up to 5,000 documents, else a sum of term scores)."""
        btexts = encoded(self._field(fieldname), [prefix])
        if btexts is None:
            return {}
        found: set[int] = set()
        for number, (reader, offset) in enumerate(self._segments):
            wanted = self.splits.local(within, number)
            if wanted is not None and not wanted:
                continue
            for btext in reader.expand_prefix(fieldname, btexts[0]):
                matched = self._terms.matcher(number, fieldname, btext)
                ids, _, _ = read_postings(matched, False, wanted)
                found.update(doc + offset for doc in ids)
        if within is not None:
            found.intersection_update(within)
        return dict.fromkeys(found, 1.0)

    def _phrase(self, fieldname: str, words, within: set[int] | None) -> dict[int, float]:
        """A term (one word) or a phrase: its words at consecutive positions, scored as
        Whoosh scores a phrase (the sum of its terms' scores)."""
        scores: dict[int, float] = {}
        for offset, docs, totals in self.phrase_segments(fieldname, words, within):
            scores.update(zip([offset + doc for doc in docs], totals, strict=True))
        return scores

    def phrase_segments(self, fieldname: str, words, within: set[int] | None,
                        arrays: bool = False):
        """(segment offset, local docnums, scores) of a term's or a phrase's matches in
        each segment that has some; the scores an array with `arrays`."""
        field = self._field(fieldname)
        btexts = encoded(field, words)
        if btexts is None:
            return
        if len(btexts) > 1 and type(field.format) is not PackedPositions:
            raise _Unsupported(fieldname)  # `search.phrases` decodes this format only
        if len(btexts) > 1:  # a term the index lacks (statistics kept per commit): no match
            reader = self._searcher.reader()
            if not all(reader.doc_frequency(fieldname, btext) for btext in btexts):
                return
        for number, (_, offset) in enumerate(self._segments):
            infos = []
            for btext in btexts:  # up to the first term the segment lacks
                info = self._terms.info(number, fieldname, btext)
                if info is None:
                    break
                infos.append(info)
            if len(infos) < len(btexts):
                continue
            wanted = self.splits.local(within, number)
            if wanted is not None and not wanted:
                continue
            if len(btexts) == 1:  # a term: every posting (among `within`)
                docs, weights = self._term_postings(number, fieldname, btexts[0], within,
                                                    arrays)
                columns = [weights]
            else:
                wanted_array = None
                if wanted is not None and self._terms.numpy is not None:
                    wanted_array = self.splits.array(within, number)
                found = phrase_postings(self._terms, number, fieldname, btexts, infos,
                                        self.splits.mask(within, number), wanted, self._starts,
                                        wanted_array)
                if found is None:
                    raise _Unsupported(fieldname)  # another codec's postings: Whoosh reads them
                docs, columns = found
                if not arrays and not isinstance(docs, list):
                    docs = docs.tolist()  # docnums of ints for the dicts
            if len(docs):
                yield offset, docs, self._terms.scores(number, fieldname, btexts, docs,
                                                       columns, arrays)

    def whole_phrase(self, fieldname: str, words, within: set[int] | None):
        """(docnums ascending, scores) arrays of a term's or a phrase's matches, read
        once for the whole index from terms decoded whole (`Terms.decoded_whole`);
        None where a term is not (numpy not in use, a rare term, one too large to
        keep): the caller reads segment by segment (`phrase_segments`)."""
        field = self._field(fieldname)
        btexts = encoded(field, words)
        if btexts is None:
            return None
        if len(btexts) > 1 and type(field.format) is not PackedPositions:
            raise _Unsupported(fieldname)  # `search.phrases` decodes this format only
        every = self._terms.decoded_whole(fieldname, btexts)
        if every is None:
            return None
        wanted = None if within is None else self.splits.whole(within)
        if len(every) == 1:
            term = every[0]
            indexes = term.every() if wanted is None else term.among(wanted)
            docs, columns = term.ids[indexes], [term.weights[indexes]]
        else:
            docs, columns = whole_phrase(every, wanted, self._starts)
        docs = docs.astype(self._terms.numpy.int64)
        return docs, self._terms.scores(None, fieldname, btexts, docs, columns, arrays=True)

    def _term_postings(self, number: int, fieldname: str, btext: bytes,
                       within: set[int] | None, arrays: bool = False) -> tuple:
        """(local docnums, weights) of a term's postings in segment `number` (among
        `within`), without deleted documents: lists, or with `arrays` arrays where
        the term is decoded."""
        decoded = self._terms.decoded(number, fieldname, btext)
        wanted = self.splits.local(within, number)
        if decoded is None:
            matched = self._terms.matcher(number, fieldname, btext)
            ids, weights, _ = read_postings(matched, False, wanted)
            if wanted is not None and ids:  # whole blocks were read
                mask = in_mask(self.splits.mask(within, number), ids)
                ids, weights = list(compress(ids, mask)), list(compress(weights, mask))
            return ids, weights
        indexes = None if wanted is None else decoded.among(self.splits.array(within, number))
        ids, weights = decoded.postings(indexes, self._terms.deleted(number))
        return (ids, weights) if arrays else (ids.tolist(), weights.tolist())

    def _field(self, fieldname: str):
        if fieldname not in self._schema or not self._schema[fieldname].scorable:
            raise _Unsupported(fieldname)
        return self._schema[fieldname]


def _union(parts: list[dict[int, float]]) -> dict[int, float]:
    """Documents in any part, their scores summed (Whoosh's UnionMatcher)."""
    scores: dict[int, float] = {}
    for part in parts:
        for doc, score in part.items():
            scores[doc] = scores[doc] + score if doc in scores else score
    return scores
