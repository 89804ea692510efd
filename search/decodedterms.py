"""The decoded postings a searcher keeps, within a budget of bytes."""

from __future__ import annotations

from collections import OrderedDict

from undocs.indexer.postblock import TermPostings

ASKED_COUNTED = 1 << 16  # terms whose asks are counted before the counts are halved


class DecodedTerms:
    """The decoded postings of common terms within `budget` bytes (a searcher reads
    one index commit: never stale), least recently used dropped first. Once full, a
    term is kept only if it was asked for more often than the term it would drop
    (TinyLFU's admission; the counts halved as they pile up): a cycle of queries
    whose terms pass the budget then keeps most of them decoded, where dropping the
    least recently used alone keeps none (each dropped just before it is asked for
    again), and a term of many queries displaces one of few."""

    def __init__(self, budget: int):
        self.budget = budget
        self._size = 0
        self._terms: OrderedDict[tuple, TermPostings] = OrderedDict()
        self._asked: dict[tuple, int] = {}  # how often each term was asked for, lately
        self.numpy = None  # the module, once `Terms.use_numpy` was called

    def get(self, key: tuple) -> TermPostings | None:
        """The term's postings if kept (counted as asked for)."""
        self._asked[key] = self._asked.get(key, 0) + 1
        if len(self._asked) > ASKED_COUNTED:
            self._asked = {key: count // 2 for key, count in self._asked.items() if count > 1}
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
        return found

    def peek(self, key: tuple) -> TermPostings | None:
        """`get`, not counted as asked for, the order of dropping unchanged."""
        return self._terms.get(key)

    def use_numpy(self, numpy) -> None:
        """Decode and evaluate with numpy from now on (`Terms.use_numpy`)."""
        self.numpy = numpy

    def put(self, key: tuple, postings: TermPostings) -> None:
        """Keep a term's postings, if they fit and are asked for more often than the
        first term to be dropped for them."""
        size = postings.nbytes()
        if size > self.budget:
            return
        if self._size + size > self.budget and self._terms:
            first = next(iter(self._terms))
            if self._asked.get(key, 0) <= self._asked.get(first, 0):
                return
        while self._size + size > self.budget:
            _, dropped = self._terms.popitem(last=False)
            self._size -= dropped.nbytes()
        self._terms[key] = postings
        self._size += size
