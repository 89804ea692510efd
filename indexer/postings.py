"""Postings of the analysed fields, computed without a token stream.

`field.index(text)` runs the analyzer, makes a Token per word or character and groups
them in Whoosh's format. For the Chinese fields (a posting per character of every
paragraph in the exact field, one per word in the word field: nine tenths of a
Chinese build's postings) that was a third of the build. These functions return the
same `(term bytes, frequency, weight, encoded value)` items from the analyzers' own
plain-text helpers (`tests/indexer/test_postings.py` checks that they are equal).
The other languages' fields (words, stems, word bigrams) are computed the same way:
a Token object per word, passed through two filters, was half of their build.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from undocs.analyzers.chinese import word_counts
from undocs.analyzers.ngram import ngram_terms
from undocs.analyzers.words import word_texts
from undocs.indexer.schema import Postings, exact_field, meta_field, word_field

_ONE_POSITION: dict[int, bytes] = {}  # cache: position -> its encoding alone


def ngram_postings(text: str, fmt: Positions) -> Postings:
    """What `field.index(text)` gives for the Chinese n-gram field of format `fmt`."""
    positions: dict[str, list[int]] = {}
    for pos, term in enumerate(ngram_terms(text, "zh")):
        seen = positions.get(term)
        if seen is None:
            positions[term] = [pos]
        else:
            seen.append(pos)
    boost = fmt.field_boost
    postings = Postings()
    for term, where in positions.items():
        if len(where) == 1:
            value = _ONE_POSITION.get(where[0])
            if value is None:
                value = _ONE_POSITION[where[0]] = fmt.encode(where)
        else:
            value = fmt.encode(where)
        postings.append((term.encode("utf-8"), len(where), float(len(where)) * boost, value))
    return postings


def chinese_word_postings(text: str, fmt: Frequency) -> Postings:
    """What `field.index(text)` gives for the Chinese word field of format `fmt`."""
    boost = fmt.field_boost
    return Postings((word.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                    for word, count in word_counts(text).items())


def frequency_postings(text: str, fmt: Frequency, lang: str, stem: bool) -> Postings:
    """What `field.index(text)` gives for a word or metadata field of `lang` (Whoosh's
    `Frequency` format) whose analyzer is `WordTokenizer` (and `StemFilter` if `stem`)."""
    counts: dict[str, int] = {}
    for word in word_texts(text, lang, stem):
        counts[word] = counts.get(word, 0) + 1
    boost = fmt.field_boost
    return Postings((word.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                    for word, count in counts.items())


def exact_postings(text: str, fmt: Positions, lang: str) -> Postings:
    """What `field.index(text)` gives for the exact field of `lang`: its unstemmed
    words and word bigrams (`WordBigramFilter`), each bigram at its first word's position."""
    words = word_texts(text, lang)
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        seen = positions.get(word)
        if seen is None:
            positions[word] = [pos]
        else:
            seen.append(pos)
    for pos, pair in enumerate(map("{} {}".format, words, words[1:])):
        seen = positions.get(pair)
        if seen is None:
            positions[pair] = [pos]
        else:
            seen.append(pos)
    boost = fmt.field_boost
    return Postings((term.encode("utf-8"), len(where), float(len(where)) * boost,
                     fmt.encode(where)) for term, where in positions.items())


def indexers(schema, lang: str) -> tuple[Callable[[str], Postings], ...]:
    """For `lang`, the functions giving a text's Postings in its word, exact and
    metadata fields: the equivalents above of `field.index`."""
    words, exact, meta = (schema[name(lang)] for name in (word_field, exact_field, meta_field))
    if lang != "zh":
        return (partial(frequency_postings, fmt=words.format, lang=lang, stem=True),
                partial(exact_postings, fmt=exact.format, lang=lang),
                partial(frequency_postings, fmt=meta.format, lang=lang, stem=True))
    return (partial(chinese_word_postings, fmt=words.format),
            partial(ngram_postings, fmt=exact.format),
            partial(chinese_word_postings, fmt=meta.format))

