"""Character n-gram tokenizer: the exact-substring field for quoted Chinese.

The folded text with whitespace removed is ``c[0] c[1] ...``. At position ``i`` the
index stream holds the unigram ``c[i]`` and, unless ``i`` is last, the bigram
``c[i]c[i+1]`` (each with original-text offsets). A phrase of one character is its
unigram; a phrase of ``n >= 2`` characters is its ``n - 1`` bigrams at consecutive
positions, and that sequence occurs in a paragraph's stream iff the folded,
whitespace-free phrase is a substring of the folded, whitespace-free paragraph,
whatever jieba would make of either. With ``mode="query"`` the tokenizer emits exactly
those phrase terms, so Whoosh's own phrase parsing also works on the field.
"""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

from .normalize import fold, fold_map, span_end

__all__ = ["CharNgramTokenizer", "ngram_analyzer", "ngram_phrase_terms", "strip_ws",
           "substring_spans"]

_WS = re.compile(r"\s+")


def strip_ws(folded: str) -> str:
    """Whitespace removal used by the n-gram field (``\\s`` in Python's sense)."""
    return _WS.sub("", folded)


def ngram_phrase_terms(text: str, lang: str = "zh") -> list[str]:
    """Terms a quoted phrase must match at consecutive positions."""
    s = strip_ws(fold(text, lang))
    if len(s) <= 1:
        return [s] if s else []
    return [s[i:i + 2] for i in range(len(s) - 1)]


class CharNgramTokenizer(Tokenizer):
    """Unigram + bigram per non-space folded character, sharing one position."""

    def __init__(self, lang: str = "zh"):
        self.lang = lang

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.lang == other.lang

    def __hash__(self):
        return hash((self.__class__.__name__, self.lang))

    def __repr__(self):
        return f"{self.__class__.__name__}({self.lang!r})"

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            t.original = value
            t.text = strip_ws(fold(value, self.lang))
            t.pos = start_pos
            t.startchar = start_char
            t.endchar = start_char + len(value)
            yield t
            return
        folded, offs = fold_map(value, self.lang)
        idx = [m.start() for m in re.finditer(r"\S", folded)]
        if offs is None:
            starts = idx
            ends = [i + 1 for i in idx]
        else:
            starts = [offs[i] for i in idx]
            ends = [span_end(offs, i + 1) for i in idx]
        n = len(idx)
        query = mode == "query"
        for p in range(n):
            c = folded[idx[p]]
            t.pos = start_pos + p
            t.startchar = start_char + starts[p]
            if not query or n == 1:
                t.text = c
                t.endchar = start_char + ends[p]
                if keeporiginal:
                    t.original = value[starts[p]:ends[p]]
                yield t
            if p + 1 < n:
                t.text = c + folded[idx[p + 1]]
                t.endchar = start_char + ends[p + 1]
                if keeporiginal:
                    t.original = value[starts[p]:ends[p + 1]]
                yield t


def ngram_analyzer(lang: str = "zh") -> Analyzer:
    """The exact-substring analyzer (field ``exact_zh``)."""
    return CompositeAnalyzer(CharNgramTokenizer(lang))


def substring_spans(text: str, phrase: str, lang: str = "zh") -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` as the n-gram field sees it (both folded,
    whitespace ignored), as ``(start, end)`` offsets into the original ``text``.

    Non-overlapping, left to right, like ``grep -o``: the occurrences a phrase query on
    the n-gram field matches, found without building the token stream.
    """
    needle = strip_ws(fold(text=phrase, lang=lang))
    if not needle:
        return []
    folded, offs = fold_map(text, lang)
    keep = [i for i, ch in enumerate(folded) if not ch.isspace()]
    stripped = "".join(folded[i] for i in keep)
    spans = []
    at = stripped.find(needle)
    while at >= 0:
        first, last = keep[at], keep[at + len(needle) - 1]
        if offs is None:
            spans.append((first, last + 1))
        else:
            spans.append((offs[first], span_end(offs, last + 1)))
        at = stripped.find(needle, at + len(needle))
    return spans
