"""The index's own Chinese vocabulary, for compiling queries without jieba.

A Chinese query run is split by longest match against the words `text_zh` holds
(jieba's words and sub-words, from indexing): loading jieba costs a query process
about a second. And a run that is one such word may need no substring pass: see
`answers`.
"""

from __future__ import annotations

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import fold
from undocs.analyzers.han import han_run_or_word_re
from undocs.indexer.schema import exact_field, word_field

LONGEST_WORD = 10
MAX_CACHED = 10_000  # words remembered per answer; then the cache starts over


class ChineseVocabulary:
    """Lookups in one open commit (its searcher and evaluator), cached: the commit
    never changes under them."""

    def __init__(self, searcher, evaluator):
        self._searcher = searcher
        self._evaluator = evaluator
        self._known: dict[str, bool] = {}
        self._answers: dict[str, bool] = {}

    def segment(self, text: str) -> list[str]:
        """Words of a Chinese query run, by longest match against the index's words.
        A run that splits otherwise still matches as a substring (`search.compile`)."""
        words = []
        for match in han_run_or_word_re().finditer(fold(text, "zh")):
            run = match.group(1)
            if not run:
                words.append(match.group(0))
                continue
            start = 0
            while start < len(run):
                end = min(len(run), start + LONGEST_WORD)
                while end > start + 1 and not self.known(run[start:end]):
                    end -= 1
                words.append(run[start:end])
                start = end
        return words

    def known(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            found = self._searcher.reader().doc_frequency(word_field("zh"), word) > 0
            _bounded(self._known)[word] = found
        return found

    def answers(self, word: str, grams: list[str]) -> bool:
        """Whether every paragraph holding `word` as a (whitespace-free) substring holds
        it as a word of `text_zh` too. Exact, once per word: the paragraphs with all of
        its bigrams but not the word are few, and only their positions are compared."""
        answered = self._answers.get(word)
        if answered is None and self._as_many(word, grams):
            answered = self._answers[word] = True
        if answered is None:
            evaluate = self._evaluator.scores
            as_word = evaluate(wq.Term(word_field("zh"), word))
            with_grams = evaluate(wq.And([wq.Term(exact_field("zh"), g) for g in grams]))
            if as_word is None or with_grams is None:  # a model the evaluator leaves
                answered = False
            else:
                rest = set(with_grams).difference(as_word)
                answered = not rest or not evaluate(wq.Phrase(exact_field("zh"), grams),
                                                    within=rest)
            _bounded(self._answers)[word] = answered
        return answered

    def _as_many(self, word: str, grams: list[str]) -> bool:
        """Whether the word is in as many paragraphs as its rarest bigram (`班牙` only
        ever in `西班牙`): the word's paragraphs are among the substring's, which are
        among the bigram's, so then all three are the same (the counts, from the
        collection statistics, include deleted paragraphs alike: no postings read)."""
        reader = self._searcher.reader()
        rarest = min(reader.doc_frequency(exact_field("zh"), gram) for gram in grams)
        return rarest == reader.doc_frequency(word_field("zh"), word)


def _bounded(cache: dict) -> dict:
    if len(cache) >= MAX_CACHED:
        cache.clear()
    return cache
