"""Where a pasted passage comes from (`undocs source`).

Candidates are the paragraphs that share the most of the passage's words (Chinese:
character bigrams) in the exact field of the passage's languages; each is then scored
by the share of the passage's folded character trigrams found in it. Small edits cost
a few trigrams; a word the index does not know is also looked up within one or two
edits, and the last word, likely cut short by the paste, as a prefix.

The work is bounded whatever the passage: at most `SOURCE_MAX_CHARS` characters, a
sample of at most `SOURCE_MAX_TERMS` of its distinct words per language, fuzzy lookups
(Whoosh walks the term dictionary for each: tens of milliseconds) for at most
`SOURCE_MAX_FUZZY` words in the one language that knows the passage's words best,
each fuzzy or prefix word standing for at most `SOURCE_MAX_EXPANSIONS` indexed words,
and trigram comparisons over at most `SOURCE_MAX_TRIGRAMS` of the passage's trigrams
and the first `SOURCE_PARAGRAPH_CHARS` characters of a candidate.
"""

from __future__ import annotations

import heapq
import re
from itertools import islice

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import exact_analyzer_for, exact_phrase_terms, fold
from undocs.analyzers.han import han_re
from undocs.indexer.schema import exact_field
from undocs.search.query import QueryError

SOURCE_MAX_CHARS = 100_000
SOURCE_MAX_TERMS = 64
SOURCE_MAX_FUZZY = 4
SOURCE_MAX_EXPANSIONS = 16
SOURCE_MAX_TRIGRAMS = 2_000
SOURCE_PARAGRAPH_CHARS = 100_000

_NOT_WORD_RE = re.compile(r"[\W_]+")
# the scripts of the six languages: a passage is looked for in those of its scripts
# (and in Chinese through `han_re`, compiled only for a passage that is not ASCII)
_SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u052f]"),
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}
_LATIN_LANGS = ("en", "fr", "es")


def passage_langs(passage: str, asked: tuple[str, ...]) -> list[str]:
    """The languages of `asked` written in a script that makes up a fifth of the
    passage's letters (every one asked, for a passage of digits alone)."""
    letters = _NOT_WORD_RE.sub("", passage)
    if not letters:
        return list(asked)
    han = 0 if letters.isascii() else len(han_re().findall(letters))
    shares = {"zh": han / len(letters)}
    shares.update((script, len(pattern.findall(letters)) / len(letters))
                  for script, pattern in _SCRIPTS.items())
    if not any(shares.values()):
        return list(asked)
    return [code for code in asked
            if shares["latin" if code in _LATIN_LANGS else code] > 0.2]


def candidates(searcher, passage: str, langs: tuple[str, ...],
               count: int) -> list[tuple[float, dict]]:
    """(similarity, stored fields) of the `count` best candidates per language, all
    languages together, best first. `searcher` is a `search.Searcher`."""
    if len(passage) > SOURCE_MAX_CHARS:
        raise QueryError(f"passage too long ({len(passage):,} characters; at most "
                         f"{SOURCE_MAX_CHARS:,})")
    passage = " ".join(passage.split())
    if not passage:
        raise QueryError("empty passage")
    reader = searcher._searcher.reader()
    probes = {}
    for code in passage_langs(passage, langs):
        if code == "zh":  # character bigrams, which an edit damages two at a time
            terms = exact_phrase_terms(passage, code)
        else:  # the words as written (each also sits in the exact field alone)
            terms = [t.text for t in exact_analyzer_for(code)(passage, mode="query")]
        terms = _spread(list(dict.fromkeys(terms)), SOURCE_MAX_TERMS)
        if terms:
            probes[code] = terms
    fuzzy_lang = _best_known(reader, probes)
    scored: dict[int, tuple[float, dict]] = {}
    for code, terms in probes.items():
        fieldname = exact_field(code)
        words = _probe_words(reader, fieldname, terms, code, fuzzy=code == fuzzy_lang)
        if not words:
            continue
        probe = wq.Or([wq.Term(fieldname, word) for word in words])
        scores = searcher._evaluator.scores(probe)
        if scores is None:  # a model other than BM25F: Whoosh ranks
            best = [hit.docnum for hit in searcher._searcher.search(probe, limit=count)]
        else:  # best first, ties in index order
            best = [-negated for _, negated in heapq.nlargest(
                count, ((score, -doc) for doc, score in scores.items()))]
        grams = _spread(_trigram_list(passage, code), SOURCE_MAX_TRIGRAMS)
        wanted = set(grams)
        for docnum in best:
            stored = searcher._searcher.stored_fields(docnum)
            found = _trigrams(stored["text"][:SOURCE_PARAGRAPH_CHARS], code)
            similarity = len(wanted & found) / len(wanted) if wanted else 0.0
            scored[docnum] = (similarity, stored)
    return sorted(scored.values(), key=lambda item: -item[0])


def _probe_words(reader, fieldname: str, terms: list[str], code: str,
                 fuzzy: bool) -> list[str]:
    """The indexed words that retrieve candidates: the passage's known words, the
    words within an edit or two of its unknown ones (`fuzzy`), and the words its
    last word begins."""
    known = [term for term in terms if reader.doc_frequency(fieldname, term)]
    if code == "zh":
        return known  # bigrams: an edit costs two of them, the rest still match
    words = dict.fromkeys(known)
    if fuzzy:
        unknown = [term for term in terms if len(term) >= 5 and term not in words]
        for term in unknown[:SOURCE_MAX_FUZZY]:
            words.update(dict.fromkeys(islice(_near(reader, fieldname, term),
                                              SOURCE_MAX_EXPANSIONS)))
    if len(terms[-1]) >= 4:
        begun = (btext.decode("utf-8") for btext in
                 reader.expand_prefix(fieldname, terms[-1].encode("utf-8")))
        words.update(dict.fromkeys(islice(begun, SOURCE_MAX_EXPANSIONS)))
    return list(words)


def _near(reader, fieldname: str, term: str):
    """The indexed words within one edit of `term` (two from 8 characters on), the
    first letter kept. Segment by segment: Whoosh's automaton then walks each term
    dictionary, 2-4 times faster than its whole-index reader, which computes the
    distance of every word sharing the first letter."""
    maxdist = 1 if len(term) < 8 else 2
    seen = set()
    for segment, _ in reader.leaf_readers():
        for word in segment.terms_within(fieldname, term, maxdist, prefix=1):
            if word not in seen:
                seen.add(word)
                yield word


def _best_known(reader, probes: dict[str, list[str]]) -> str | None:
    """The language whose exact field knows the largest share of its probe words:
    the passage's own language, where its misspellings are worth looking up."""
    best, best_share = None, 0.0
    for code, terms in probes.items():
        if code == "zh":
            continue
        fieldname = exact_field(code)
        share = sum(1 for t in terms if reader.doc_frequency(fieldname, t)) / len(terms)
        if share > best_share:
            best, best_share = code, share
    return best


def _spread(items: list, most: int) -> list:
    """At most `most` of `items`, evenly spread over them (the last one kept: the
    word a paste cut short)."""
    if len(items) <= most:
        return items
    step = len(items) / most
    picked = [items[int(i * step)] for i in range(most - 1)]
    return picked + [items[-1]]


def _trigram_list(text: str, lang: str) -> list[str]:
    """The distinct folded character trigrams of `text`, in order (punctuation and
    spaces dropped)."""
    letters = _NOT_WORD_RE.sub("", fold(text, lang))
    if len(letters) < 3:
        return [letters] if letters else []
    return list(dict.fromkeys(letters[i:i + 3] for i in range(len(letters) - 2)))


def _trigrams(text: str, lang: str) -> set[str]:
    letters = _NOT_WORD_RE.sub("", fold(text, lang))
    if len(letters) < 3:
        return {letters} if letters else set()
    return {letters[i:i + 3] for i in range(len(letters) - 2)}
