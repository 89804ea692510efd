"""The documents a filter lets through (`lang:zh`, `symbol:A/RES/*`, `date:2020..2023`),
as sets kept per open index: the index is read-only, so a filter's set is made once and
shared by every query it filters (the evaluator keeps its split by segment by identity).
"""

from __future__ import annotations

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

MAX_FILTERS = 64  # filter sets kept (each up to a language's paragraphs); then start over


class FilterSets:
    """Filter sets of one Whoosh searcher, made on first use and kept."""

    def __init__(self, searcher):
        self._searcher = searcher
        self._kept: dict[tuple, set[int]] = {}

    def allowed(self, filters: list[wq.Query]) -> set[int] | None:
        """The documents every filter lets through; None for no filter."""
        if not filters:
            return None
        if len(filters) == 1:  # the filter's own set, not a copy (at 1M paragraphs
            return self.docs(filters[0])  # `lang:zh` holds 10 MB of ints)
        key = ("all", *sorted(repr(f) for f in filters))
        allowed = self._kept.get(key)
        if allowed is None:
            sets = sorted((self.docs(f) for f in filters), key=len)
            allowed = sets[0].intersection(*sets[1:])
            self._keep(key, allowed)
        return allowed

    def docs(self, query: wq.Query) -> set[int]:
        """The documents of one filter. A `set`, which Whoosh's collector takes (not a
        frozenset); nothing changes it once made."""
        key = ("one", repr(query))
        docs = self._kept.get(key)
        if docs is None:
            docs = set(self._searcher.docs_for_query(query))
            self._keep(key, docs)
        return docs

    def kept(self) -> dict[tuple, set[int]]:
        """The sets kept now, by (`one` or `all`, the filters' repr)."""
        return dict(self._kept)

    def _keep(self, key: tuple, docs: set[int]) -> None:
        if len(self._kept) >= MAX_FILTERS:
            self._kept.clear()
        self._kept[key] = docs
