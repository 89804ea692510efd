"""Postings of the analysed fields, computed without a token stream.

`field.index(text)` runs the analyzer, makes a Token per word or character and groups
them in Whoosh's format. For the Chinese fields (a posting per character of every
paragraph in the exact field, one per word in the word field: nine tenths of a
Chinese build's postings) that was a third of the build. These functions return the
same `(term, frequency, weight, encoded value)` items from the analyzers' own
plain-text helpers (`tests/indexer/test_postings.py` checks that they are equal), with
the term as text: the segment writer encodes each term once, not once per posting.
The other languages' fields (words, stems, word bigrams) are computed the same way:
a Token object per word, passed through two filters, was half of their build; a
paragraph's words and its exact words come from one fold and one split of its text.

The weights and values most postings share (a frequency of 1, one position) are one
object each, so that the writer's memory pool holds a posting as three list slots.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.system import pack_uint

from undocs.analyzers.chinese import word_counts
from undocs.analyzers.ngram import ngram_terms
from undocs.analyzers.words import stemmer, word_texts
from undocs.indexer.codec import encode_positions
from undocs.indexer.schema import Postings, exact_field, meta_field, word_field

_SHARED = 64  # frequencies below this share their weight and value objects
_COUNT_VALUES = [pack_uint(count) for count in range(_SHARED)]  # Frequency's values
_ONE_POSITION = [encode_positions([position]) for position in range(_SHARED)]


class _Weights(list):
    """`float(frequency) * boost` for the shared frequencies of one field boost."""

    def __init__(self, boost: float):
        super().__init__(float(count) * boost for count in range(_SHARED))
        self.boost = boost

    def of(self, count: int) -> float:
        return self[count] if count < _SHARED else float(count) * self.boost


@functools.cache
def _weights(boost: float) -> _Weights:
    """The shared weights of a field boost: the same objects in every document."""
    return _Weights(boost)


def _counts(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def _counted(counts: dict[str, int], weights: _Weights) -> Postings:
    """Frequency postings of `counts`, the shared objects where the count is small."""
    return Postings((term, count, weights[count], _COUNT_VALUES[count]) if count < _SHARED
                    else (term, count, weights.of(count), pack_uint(count))
                    for term, count in counts.items())


def _exact(words: list[str], weights: _Weights) -> Postings:
    """The exact field's postings: each word at its position, each word bigram at its
    first word's (`WordBigramFilter`)."""
    postings = _positional(words, weights)
    postings += _encoded(_positions(map("{} {}".format, words, words[1:])), weights)
    return postings


def _positional(terms, weights: _Weights) -> Postings:
    """Positions postings of a sequence of terms, each at its index in it."""
    return _encoded(_positions(terms), weights)


def _positions(terms) -> dict[str, list[int]]:
    """{term: its indexes in `terms`}, in order of first appearance."""
    positions: dict[str, list[int]] = {}
    for pos, term in enumerate(terms):
        seen = positions.get(term)
        if seen is None:
            positions[term] = [pos]
        else:
            seen.append(pos)
    return positions


def _encoded(positions: dict[str, list[int]], weights: _Weights) -> Postings:
    one, weight = _ONE_POSITION, weights[1]
    return Postings((term, 1, weight, one[where[0]])
                    if len(where) == 1 and where[0] < _SHARED
                    else (term, len(where), weights.of(len(where)), encode_positions(where))
                    for term, where in positions.items())


def indexers(schema, lang: str) -> tuple[Callable[[str], tuple[Postings, Postings]],
                                         Callable[[str], Postings]]:
    """For `lang`, the functions giving a paragraph's Postings in its word and exact
    fields (one call: the text is split once) and a text's in its metadata field: the
    equivalents above of `field.index`."""
    words, exact, meta = (schema[name(lang)] for name in (word_field, exact_field, meta_field))
    word_weights, exact_weights, meta_weights = (
        _weights(field.format.field_boost) for field in (words, exact, meta))
    if lang == "zh":
        def paragraph(text: str) -> tuple[Postings, Postings]:
            return (_counted(word_counts(text), word_weights),
                    _positional(ngram_terms(text, "zh"), exact_weights))

        def heading(text: str) -> Postings:
            return _counted(word_counts(text), meta_weights)
    else:
        stem = stemmer(lang).stemWords

        def paragraph(text: str) -> tuple[Postings, Postings]:
            split = word_texts(text, lang)
            return _counted(_counts(stem(split)), word_weights), _exact(split, exact_weights)

        def heading(text: str) -> Postings:
            return _counted(_counts(stem(word_texts(text, lang))), meta_weights)
    return paragraph, heading
