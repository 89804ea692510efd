"""Arabic analyzer: normalisation in the fold, light stemming with Snowball Arabic.

The fold drops diacritics (U+064B-065F, U+0670 and other combining marks) and tatweel,
maps ``أ إ آ ٱ`` -> ``ا`` and ``ى`` -> ``ي`` and Arabic-Indic digits to ASCII, but keeps
``ة``: Snowball Arabic strips it as a suffix itself, and mapping it to ``ه`` first would
merge feminine nouns with pronoun-suffixed forms. ``الأُمَمُ`` and ``الامم`` meet.
"""

from __future__ import annotations

from whoosh.analysis import Analyzer

from .shingles import WordBigramFilter
from .words import StemFilter, WordTokenizer

__all__ = ["arabic_analyzer", "arabic_exact_analyzer"]


def arabic_analyzer() -> Analyzer:
    """Normalised, Snowball-stemmed Arabic words."""
    return WordTokenizer("ar") | StemFilter("ar")


def arabic_exact_analyzer() -> Analyzer:
    """Normalised, unstemmed Arabic words plus word bigrams (the exact field)."""
    return WordTokenizer("ar") | WordBigramFilter("ar")
