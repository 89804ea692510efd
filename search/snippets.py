"""Snippets: the part of a hit's text to show, with the matched stretches marked.

The marks come from re-analysing the stored text as the index's analyzers do, so their
offsets point into the original text (whatever folding happened): a word is marked
where its analysed form is a query term, a phrase from its first to its last token.
Only the hits of the page shown pay for this, but every query does: outside Chinese
the text is folded and split into words once, and the words stemmed in one call, not
run through the two analyzers' token streams (a fifth of a warm query's time).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from undocs.analyzers.han import han_re
from undocs.analyzers.ngram import strip_ws
from undocs.analyzers.normalize import fold, fold_map, fold_with_offsets, span_end
from undocs.analyzers.words import WORD_RE, stemmer
from undocs.search.compile import Highlight

SNIPPET_CHARS = 240  # longer texts are cut to a window around the first mark
SNIPPET_SCAN_CHARS = 100_000  # of a longer text, only this much is searched for marks
_LEAD = 60  # characters of context kept before the first mark
_CHUNK = 10_000  # a long text is searched a piece at a time, up to its first mark
_NON_SPACE_RE = re.compile(r"\S+")  # (`\s` is what str.isspace says: the n-gram field's)


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # marked stretches of `text`, in order
    cut_before: bool = False
    cut_after: bool = False

    def render(self, before: str = "[", after: str = "]") -> str:
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        body = "".join(out)
        return ("…" if self.cut_before else "") + body + ("…" if self.cut_after else "")


def match_spans(text: str, lang: str, highlight: Highlight) -> list[tuple[int, int]]:
    """The stretches of `text` that the query matched, merged and in order."""
    if lang == "zh":
        return _merge(_chinese_spans(text, highlight))
    if not highlight.words and not highlight.phrases:  # (runs are Chinese only)
        return []
    # the tokens of both analyzers of the language, without building their streams:
    # `WordTokenizer | StemFilter` (word field) and `WordTokenizer | WordBigramFilter`
    # (exact field: word `i` and the pair `i i+1` at position i)
    folded, offsets = fold_map(text, lang)
    matches = list(WORD_RE.finditer(folded))
    words = [match.group() for match in matches]
    marked: list[tuple[int, int]] = []  # (first word, last word) of each mark
    for terms in highlight.phrases:
        marked += _phrase_words(words, terms)
    if highlight.words:
        wanted = highlight.words
        marked += [(i, i) for i, stem in enumerate(stemmer(lang).stemWords(words))
                   if stem in wanted]
    spans = []
    for first, last in marked:
        start, end = matches[first].start(), matches[last].end()
        spans.append((start, end) if offsets is None
                     else (offsets[start], span_end(offsets, end)))
    return _merge(spans)


def _phrase_words(words: list[str], terms: list[str]) -> list[tuple[int, int]]:
    """(first, last word) of each place where the exact field's tokens spell `terms`
    at consecutive positions: the term at position i is word i or the pair of words
    i and i + 1."""
    if not terms:
        return []
    found = []
    head = terms[0].split(" ", 1)[0]
    count = len(words)
    for start, word in enumerate(words):
        if word != head:
            continue
        last = -1
        for at, term in enumerate(terms, start):
            if at >= count:
                break
            if term == words[at]:
                last = at
            elif at + 1 < count and term == f"{words[at]} {words[at + 1]}":
                last = at + 1
            else:
                break
        else:
            found.append((start, last))
    return found


def _chinese_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """Chinese marks by substring search in the folded text, without running jieba or
    the n-gram stream: phrases and unquoted runs where they occur (whitespace ignored,
    as the n-gram field matches them); a run's words only where the run is absent."""
    spans = []
    words = set(highlight.words)
    for terms in highlight.phrases:
        spans += _substring_spans(text, _grams_text(terms))
    for grams, run_words in highlight.runs:
        found = _substring_spans(text, _grams_text(grams))
        spans += found
        if not found:
            words |= run_words
    return spans + _word_spans_zh(text, words) if words else spans


def _substring_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """`analyzers.ngram.substring_spans(text, phrase)` (both folded, whitespace
    ignored), without a list of every character's offset: the folded text is taken
    as its runs of non-whitespace, and only a match is mapped back."""
    needle = strip_ws(fold(phrase, "zh"))
    if not needle:
        return []
    folded, offsets = fold_map(text, "zh")
    runs = _NON_SPACE_RE.findall(folded)
    stripped = "".join(runs)
    at = stripped.find(needle)
    if at < 0:
        return []
    starts = [match.start() for match in _NON_SPACE_RE.finditer(folded)]
    ends = list(accumulate(map(len, runs)))  # in `stripped`, where each run stops

    def unstripped(i: int) -> int:  # the index in `folded` of `stripped[i]`
        run = bisect_right(ends, i)
        return starts[run] + i - (ends[run - 1] if run else 0)

    spans = []
    while at >= 0:
        first, end = unstripped(at), unstripped(at + len(needle) - 1) + 1
        spans.append((first, end) if offsets is None
                     else (offsets[first], span_end(offsets, end)))
        at = stripped.find(needle, at + len(needle))
    return spans


def _grams_text(grams: list[str]) -> str:
    """The phrase a list of overlapping bigrams spells (`国际 际合 合作` → `国际合作`)."""
    return grams[0] + "".join(gram[1:] for gram in grams[1:])


def _word_spans_zh(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Chinese words marked where they stand in the folded text: Han words as
    substrings, other words (`i`, `24`, `revmod`) as whole words."""
    folded, offsets = fold_with_offsets(text, "zh")
    spans = []
    for word in words:
        if not word.isascii() and han_re().match(word):
            pattern = re.escape(word)
        else:
            pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"
        for match in re.finditer(pattern, folded):
            spans.append((offsets[match.start()], span_end(offsets, match.end())))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, lang: str, highlight: Highlight | None,
                 width: int = SNIPPET_CHARS) -> Snippet:
    """A window of `text` around its first match (the whole text when it is short),
    never more than `width` characters and the ellipses."""
    if len(text) <= width:
        return Snippet(text, tuple(match_spans(text, lang, highlight) if highlight else ()))
    return window(text, _first_spans(text, lang, highlight, width) if highlight else [], width)


def window(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """The `width` characters of `text` from a little before its first span."""
    start = max(0, spans[0][0] - _LEAD) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    inside = tuple((max(s, start) - start, min(e, end) - start) for s, e in spans
                   if e > start and s < end)
    return Snippet(text[start:end], inside, cut_before=start > 0, cut_after=end < len(text))


def _first_spans(text: str, lang: str, highlight: Highlight,
                 width: int) -> list[tuple[int, int]]:
    """The marks of `text` from its first one to a window past it: analysing a long
    text whole to show 240 characters of it cost seconds and gigabytes on a 50 MB
    paragraph. Pieces of `_CHUNK` characters (cut between words, overlapping by a
    window) are searched in turn, up to `SNIPPET_SCAN_CHARS`; none marked there, none
    is shown."""
    for start in range(0, min(len(text), SNIPPET_SCAN_CHARS), _CHUNK):
        begin = _word_boundary(text, start)
        end = _word_boundary(text, min(len(text), start + _CHUNK + width))
        spans = [(s + begin, e + begin)
                 for s, e in match_spans(text[begin:end], lang, highlight)]
        if any(s < start + _CHUNK for s, _ in spans):
            return spans
    return []


def _word_boundary(text: str, at: int) -> int:
    """`at`, or the start of the word it cuts (a piece must not begin or end inside a
    word: its tail could match on its own). Text without spaces (Chinese) is cut
    where it stands."""
    if at <= 0 or at >= len(text) or text[at - 1].isspace() or text[at].isspace():
        return at
    back = text.rfind(" ", max(0, at - 64), at)
    return back + 1 if back >= 0 else at
