"""Word tokenizer and Snowball stem filter shared by en, fr, es, ru and ar.

A word is a maximal run of letters and digits (``[^\\W_]+``) in the folded text, so
punctuation, apostrophes and hyphens separate words: French elisions split off
(``l'Organisation`` -> ``l``, ``organisation``; no stop list, so the article stays
searchable as a word), ``INF/1/Rev.1`` -> ``inf``, ``1``, ``rev``, ``1``. Offsets are
mapped back through the fold, so they point into the original text.
"""

from __future__ import annotations

import re

from whoosh.analysis import Filter, Token, Tokenizer

from .component import PerLanguage, whole_value
from .normalize import fold, fold_map, span_end

__all__ = ["WordTokenizer", "StemFilter", "SNOWBALL_NAMES", "word_texts"]

WORD_RE = re.compile(r"[^\W_]+")

SNOWBALL_NAMES = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}

# PyStemmer objects cannot be pickled: Whoosh pickles analyzers into the schema, so
# stemmers live here, created on first use, and the filter only stores the language.
_STEMMERS: dict[str, object] = {}


def stemmer(lang: str):
    """The cached PyStemmer object of ``lang``."""
    st = _STEMMERS.get(lang)
    if st is None:
        import Stemmer

        st = _STEMMERS[lang] = Stemmer.Stemmer(SNOWBALL_NAMES[lang])
    return st


def word_texts(text: str, lang: str, stem: bool = False) -> list[str]:
    """The token texts, in order, of an index-mode stream of `WordTokenizer(lang)` (with
    `StemFilter(lang)` if `stem`): what the indexer needs, without building tokens."""
    words = WORD_RE.findall(fold(text, lang))
    return stemmer(lang).stemWords(words) if stem else words


class WordTokenizer(PerLanguage, Tokenizer):
    """Folds the text for ``lang`` and yields its words with consecutive positions."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield whole_value(t, value, fold(value, self.lang), start_pos, start_char)
            return
        folded, offs = fold_map(value, self.lang)
        for pos, m in enumerate(WORD_RE.finditer(folded), start_pos):
            a, b = m.span()
            if offs is not None:
                a, b = offs[a], span_end(offs, b)
            t.text = m.group()
            t.boost = 1.0
            t.stopped = False
            t.pos = pos
            t.startchar = start_char + a
            t.endchar = start_char + b
            if keeporiginal:
                t.original = value[a:b]
            yield t


class StemFilter(PerLanguage, Filter):
    """Snowball stemming through PyStemmer (10-50x faster than Whoosh's own stemmers)."""

    is_morph = True

    def __call__(self, tokens):
        stem = stemmer(self.lang).stemWord
        for t in tokens:
            t.text = stem(t.text)
            yield t
