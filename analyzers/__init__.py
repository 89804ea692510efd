"""Whoosh analyzers for UN documents in the six official languages.

Importing this package is cheap: jieba, its dictionary and the OpenCC converter load
on the first Chinese text, PyStemmer stemmers on first use, all in module-level caches
(analyzer objects hold only their language, so Whoosh can pickle them into a schema).

Per language two analyzers: ``analyzer_for`` (word field ``text_<lang>``: stemmed,
or jieba words for zh) and ``exact_analyzer_for`` (field ``exact_<lang>`` for quoted
phrases: unstemmed words, or character n-grams for zh). Both apply ``fold`` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import whoosh_compat  # noqa: F401 - first: Whoosh loads without urllib.request
from .normalize import fold, fold_with_offsets

if TYPE_CHECKING:
    from whoosh.analysis import Analyzer

__all__ = [
    "LANGS",
    "analyzer_for",
    "exact_analyzer_for",
    "exact_phrase_terms",
    "query_terms",
    "fold",
    "fold_with_offsets",
]

LANGS = ("ar", "zh", "en", "fr", "ru", "es")


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def analyzer_for(lang: str) -> Analyzer:
    """The word analyzer of ``lang`` (for the stemmed/segmented field ``text_<lang>``)."""
    _check(lang)
    if lang == "zh":
        from .chinese import chinese_analyzer

        return chinese_analyzer()
    if lang == "ar":
        from .arabic import arabic_analyzer

        return arabic_analyzer()
    from .western import western_analyzer

    return western_analyzer(lang)


def exact_analyzer_for(lang: str) -> Analyzer:
    """The analyzer of the exact field ``exact_<lang>`` used for quoted phrases."""
    _check(lang)
    if lang == "zh":
        from .ngram import ngram_analyzer

        return ngram_analyzer("zh")
    if lang == "ar":
        from .arabic import arabic_exact_analyzer

        return arabic_exact_analyzer()
    from .western import western_exact_analyzer

    return western_exact_analyzer(lang)


def exact_phrase_terms(text: str, lang: str) -> list[str]:
    """Terms a quoted phrase must match at consecutive positions of ``exact_<lang>``.

    zh: the bigrams of the folded, whitespace-free phrase; a one-character phrase gives
    that character, which the query layer looks up as a prefix of the bigrams
    (`analyzers.ngram`). Other languages: the bigrams of its folded, unstemmed words,
    or the word itself for a one-word phrase (`analyzers.shingles`). Empty for an
    empty phrase.
    """
    _check(lang)
    if lang == "zh":
        from .ngram import ngram_phrase_terms

        return ngram_phrase_terms(text, lang)
    from .shingles import bigram_terms

    return bigram_terms([t.text for t in exact_analyzer_for(lang)(text, mode="query")])


def query_terms(text: str, lang: str) -> list[str]:
    """Analysed terms of a query string for the word field (zh: accurate mode only)."""
    return [t.text for t in analyzer_for(lang)(text, mode="query")]
