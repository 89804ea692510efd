"""Character n-gram tokenizer: the exact-substring field for quoted Chinese.

The folded text with whitespace removed is ``c[0] c[1] ... c[n-1]``. Position ``i``
holds one token, the bigram ``c[i]c[i+1]``, and the last position the last character
followed by ``END`` (a space, which never occurs in the whitespace-free text). A phrase
of ``n >= 2`` characters is its ``n - 1`` bigrams at consecutive positions, and that
sequence occurs in a paragraph's stream iff the folded, whitespace-free phrase is a
substring of the folded, whitespace-free paragraph, whatever jieba would make of
either. A one-character phrase ``c`` is the prefix ``c`` of the bigrams: every
position holding ``c`` starts a token with it (``c END`` at the end). One token per
character, not a unigram and a bigram, halves the postings this field costs.
"""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

from .component import PerLanguage, whole_value
from .normalize import fold, fold_map, span_end

__all__ = ["END", "CharNgramTokenizer", "ngram_analyzer", "ngram_phrase_terms", "ngram_terms",
           "strip_ws", "substring_spans"]

_WS = re.compile(r"\s+")
END = " "  # follows the last character: whitespace never occurs in the stripped text


def strip_ws(folded: str) -> str:
    """Whitespace removal used by the n-gram field (``\\s`` in Python's sense)."""
    return _WS.sub("", folded)


def ngram_phrase_terms(text: str, lang: str = "zh") -> list[str]:
    """Terms a quoted phrase must match at consecutive positions."""
    s = strip_ws(fold(text, lang))
    if len(s) <= 1:
        return [s] if s else []
    return [s[i:i + 2] for i in range(len(s) - 1)]


def ngram_terms(text: str, lang: str = "zh") -> list[str]:
    """The texts of the tokens an index-mode stream of ``text`` holds, position by
    position: what the tokenizer yields, without building tokens (for the indexer)."""
    s = strip_ws(fold(text, lang))
    if not s:
        return []
    return [s[i:i + 2] for i in range(len(s) - 1)] + [s[-1] + END]


class CharNgramTokenizer(PerLanguage, Tokenizer):
    """One token per non-space folded character: its bigram with the next one."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield whole_value(t, value, strip_ws(fold(value, self.lang)), start_pos, start_char)
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
        if query and n == 1:  # a one-character phrase: the layer above makes it a prefix
            t.text, t.pos = folded[idx[0]], start_pos
            t.startchar, t.endchar = start_char + starts[0], start_char + ends[0]
            yield t
            return
        for p in range(n - 1 if query else n):
            c = folded[idx[p]]
            t.pos = start_pos + p
            t.startchar = start_char + starts[p]
            if p + 1 < n:
                t.text = c + folded[idx[p + 1]]
                t.endchar = start_char + ends[p + 1]
            else:
                t.text = c + END
                t.endchar = start_char + ends[p]
            if keeporiginal:
                t.original = value[t.startchar - start_char:t.endchar - start_char]
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
