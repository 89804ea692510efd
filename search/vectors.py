"""Whole-query evaluation in arrays, for a searcher kept open (numpy in use).

`search.evaluate` scores every match of a query in dicts, a Python step or more per
match and part: a Chinese word that is also read as bigrams (`国际合作`, words under AND
OR its bigrams' phrase) has tens of thousands. Here each part of a query is a pair
of arrays, its matching docnums (ascending) and their scores, and AND, OR and
AndMaybe are array operations that add the parts' scores in the order and with the
float operations `search.evaluate` uses, so that the scores are its scores, bit for
bit. Terms and phrases are read as there (`Evaluator.phrase_segments`: decoded terms,
`search.phrases`); only what follows is in arrays.

numpy is in use from a searcher's second search on (`Terms.use_numpy`): a one-shot
`undocs search` never pays its import. A shape not taken here raises `Unvectorised`,
and the caller goes on in dicts.
"""

from __future__ import annotations

import sys

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

# Python's sum() of floats is compensated from 3.12 on: an AND of three parts or more
# (whose score `search.evaluate` adds with sum()) is added document by document there
_COMPENSATED_SUM = sys.version_info >= (3, 12)


_FEW = 4  # a part is read among the matches so far when they are under 1/_FEW of its size


class Unvectorised(Exception):
    """A query shape this module leaves to `search.evaluate`."""


class Vectors:
    """`Evaluator.evaluate` as (docnums, scores) arrays, over the same evaluator."""

    def __init__(self, evaluator, numpy):
        self._evaluator = evaluator
        self._np = numpy

    def evaluate(self, query: wq.Query, within: set[int] | None):
        """(docnums ascending, their scores) of every match of `query` among `within`."""
        evaluator = self._evaluator
        if query.boost != 1.0:
            raise Unvectorised(query)
        kind = type(query)
        if evaluator.is_filter(query) or (kind is wq.Prefix and query.text
                                          and query.constantscore):
            return self._from_dict(evaluator.evaluate(query, within))
        if kind is wq.Term:
            return self._phrase(query.fieldname, [query.text], within)
        if kind is wq.Phrase and query.slop == 1:
            return self._phrase(query.fieldname, query.words, within)
        if kind is wq.AndMaybe:
            docs, scores = self.evaluate(query.a, within)
            if not len(docs):
                return docs, scores
            among = within  # the optional part among the required one's matches if few
            if len(docs) * _FEW < query.b.estimate_size(evaluator.reader()):
                among = set(docs.tolist())
            extra_docs, extra = self.evaluate(query.b, among)
            found, at = self._lookup(extra_docs, docs)
            scores = scores.copy()
            scores[found] = scores[found] + extra[at[found]]
            return docs, scores
        if kind is wq.And:
            return self._and(query.subqueries, within)
        if kind is wq.Or and not query.minmatch and query.scale is None:
            return self._union([self.evaluate(sub, within) for sub in query.subqueries])
        raise Unvectorised(query)

    def top(self, docs, scores, k: int) -> list[tuple[int, float]]:
        """The `k` best (docnum, score), best first, ties in index order."""
        np = self._np
        if len(docs) > k:
            floor = np.partition(scores, len(scores) - k)[len(scores) - k]
            keep = np.nonzero(scores >= floor)[0]
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def _phrase(self, fieldname: str, words, within: set[int] | None):
        """A term's or phrase's matches: read once for the index where its terms are
        decoded whole, else segment by segment."""
        found = self._evaluator.whole_phrase(fieldname, words, within)
        if found is not None:
            return found
        np = self._np
        docs, scores = [], []
        segments = self._evaluator.phrase_segments(fieldname, words, within, arrays=True)
        for offset, local, totals in segments:
            docs.append(np.asarray(local, dtype=np.int64) + offset)
            scores.append(np.asarray(totals, dtype=np.float64))
        if not docs:
            return self._empty()
        return np.concatenate(docs), np.concatenate(scores)

    def _and(self, subqueries, within: set[int] | None):
        """`Evaluator._and` in arrays: the parts smallest first, a part read only among
        the matches so far where they are few against its size (else read whole and
        the arrays intersected: a document's score does not depend on what else is
        read); NOT parts remove theirs, and add 1 each to the score."""
        np = self._np
        negated = [sub.query for sub in subqueries if type(sub) is wq.Not]
        positive = [sub for sub in subqueries if type(sub) is not wq.Not]
        if not positive:
            raise Unvectorised(subqueries)
        reader = self._evaluator.reader()
        sized = sorted(((sub.estimate_size(reader), sub) for sub in positive),
                       key=lambda pair: pair[0])  # a stable sort, as `Evaluator._and`'s
        parts, docs = [], None
        for size, sub in sized:
            among = within
            if docs is not None and len(docs) * _FEW < size:
                among = set(docs.tolist())
            part = self.evaluate(sub, among)
            docs = part[0] if docs is None else self._intersect(docs, part[0])
            if not len(docs):
                return self._empty()
            parts.append(part)
        for sub in negated:
            removed = self._evaluator.evaluate(sub, set(docs.tolist()))
            if removed:
                docs = docs[~np.isin(docs, np.fromiter(removed, np.int64, len(removed)))]
        columns = [part_scores[self._lookup(part_docs, docs)[1]]
                   for part_docs, part_scores in parts]
        if len(columns) > 2 and _COMPENSATED_SUM:
            rows = zip(*(column.tolist() for column in columns), strict=True)
            totals = np.array([sum(row) for row in rows], dtype=np.float64)
        else:
            totals = columns[0]
            for column in columns[1:]:
                totals = totals + column
        return docs, totals + len(negated)

    def _union(self, parts):
        """Documents in any part, their scores added in the parts' order (`_union`)."""
        np = self._np
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return self._empty()
        if len(parts) == 1:
            return parts[0]
        # the parts' sorted runs merged by a stable sort (timsort), then duplicates
        # dropped: `np.unique` (hashing since numpy 2.3) took 40 times as long
        docs = np.sort(np.concatenate([part_docs for part_docs, _ in parts]), kind="stable")
        fresh = np.ones(len(docs), dtype=bool)
        np.not_equal(docs[1:], docs[:-1], out=fresh[1:])
        docs = docs[fresh]
        totals = np.full(len(docs), np.nan)
        for part_docs, part_scores in parts:
            at = np.searchsorted(docs, part_docs)
            current = totals[at]
            totals[at] = np.where(np.isnan(current), part_scores, current + part_scores)
        return docs, totals

    def _intersect(self, left, right):
        """The docnums in both of two sorted arrays, the shorter looked up in the
        longer (`np.intersect1d` quicksorts their concatenation: 15 times as long)."""
        if len(left) > len(right):
            left, right = right, left
        return left[self._lookup(right, left)[0]]

    def _lookup(self, haystack, needles):
        """(whether each of `needles` is in the sorted `haystack`, and where)."""
        np = self._np
        at = np.searchsorted(haystack, needles)
        at[at == len(haystack)] = 0
        found = haystack[at] == needles if len(haystack) else np.zeros(len(needles), bool)
        return found, at

    def _from_dict(self, scores: dict[int, float]):
        np = self._np
        docs = np.array(sorted(scores), dtype=np.int64)
        return docs, np.array([scores[doc] for doc in docs.tolist()], dtype=np.float64)

    def _empty(self):
        np = self._np
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
