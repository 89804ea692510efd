"""English, French, Spanish and Russian analyzers.

Word field: fold (NFKC, case, accents for en/fr/es but not Spanish ``ñ``, Russian
``ё`` -> ``е``) | words | Snowball stem. Exact field: the same without stemming, so a
quoted phrase matches the words as written, modulo case, accents and width; it also
holds word bigrams so that phrases read pairs, not common words (`shingles`).
"""

from __future__ import annotations

from whoosh.analysis import Analyzer

from .shingles import WordBigramFilter
from .words import StemFilter, WordTokenizer

__all__ = ["WESTERN_LANGS", "western_analyzer", "western_exact_analyzer"]

WESTERN_LANGS = ("en", "fr", "es", "ru")


def western_analyzer(lang: str) -> Analyzer:
    """Stemmed word analyzer of ``lang``."""
    return WordTokenizer(lang) | StemFilter(lang)


def western_exact_analyzer(lang: str) -> Analyzer:
    """Unstemmed words of ``lang`` plus word bigrams (the exact field)."""
    return WordTokenizer(lang) | WordBigramFilter(lang)

