"""Word bigrams for the exact fields (shingles).

Every pair of adjacent words is also indexed as one term, `first second`, at the
position of its first word. A quoted phrase of two words is then a single term, and a
longer one is its pairs at consecutive positions: phrase search reads the postings of
pairs, which are rare, instead of comparing the positions of common words.
`"United Nations"` reads one list of about 3,700 paragraphs (of 100k), where the two
words alone would mean two lists of 5,000 whose positions must be compared, and
`"in accordance with the"` never reads the lists of `with` or `the`. (An earlier
version paired only common words, as Lucene's CommonGrams does; pairs of two
frequent ordinary words were then the slowest phrases.)
"""

from __future__ import annotations

from whoosh.analysis import Filter

from .component import PerLanguage

__all__ = ["WordBigramFilter", "bigram_terms"]


class WordBigramFilter(PerLanguage, Filter):
    """After each word, the bigram `word next` at the word's position. Positions stay
    non-decreasing; a bigram spans both words' characters. Query-mode streams pass
    through: phrase terms come from `bigram_terms`."""

    def __call__(self, tokens):
        previous = None  # (text, pos, startchar, endchar): the token stream reuses one object
        token = None
        for token in tokens:
            if token.mode == "query":
                yield token
                continue
            current = (token.text, token.pos, getattr(token, "startchar", 0),
                       getattr(token, "endchar", 0))
            if previous is not None:
                token.text, token.pos, token.startchar, token.endchar = previous
                yield token
                token.text = f"{previous[0]} {current[0]}"
                token.endchar = current[3]
                yield token
            previous = current
        if previous is not None and token is not None:
            token.text, token.pos, token.startchar, token.endchar = previous
            yield token


def bigram_terms(words: list[str]) -> list[str]:
    """The terms a phrase of `words` must match at consecutive positions of the exact
    field: the word itself for one word, else each adjacent pair."""
    if len(words) <= 1:
        return list(words)
    return [f"{first} {second}" for first, second in zip(words, words[1:], strict=False)]
