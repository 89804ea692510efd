"""Common-word bigrams for the exact fields (Lucene's CommonGrams).

A quoted phrase of frequent words (`"in accordance with the"`) would make Whoosh check
the positions of every paragraph that holds all its words: most of a UN corpus. So the
exact fields of the word languages also index, at the position of its first word, the
bigram of each adjacent pair in which either word is common (`in accordance`,
`with the`). A phrase is then looked up through those rare bigrams: a two-word phrase
with a common word is a single term, and longer ones check positions only where the
rare pairs meet.
"""

from __future__ import annotations

from whoosh.analysis import Filter

from .component import PerLanguage

__all__ = ["COMMON_WORDS", "CommonGramsFilter", "common_gram_terms"]

# Folded forms (lower case; accents dropped for en/fr/es; ё → е; Arabic normalised).
COMMON_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""the of and to in a for on by with that as at or be is its shall from an
        this all which are not other their under such including has have it was were will
        any been these those into between within upon also may each per no""".split()),
    "fr": frozenset("""de la le les des et a en du l d un une dans pour par sur au aux que qui
        est sont ne pas plus ou ce cette ces son sa ses leur leurs il elle se avec tous toutes
        tout etre ont qu s n y doit""".split()),
    "es": frozenset("""de la el los las y en a del que por para con un una su sus se al o no es
        lo como mas entre sobre todos todas otros este esta estos sin ser ha han e u""".split()),
    "ru": frozenset("""и в на с по для не о к от из что или а как при за его ее их это этой этого
        также все всех быть до со об во том которые который""".split()),
    "ar": frozenset("""في من على الى ان عن مع التي الذي هذه هذا او ما لا ذلك كل بين قد غير تلك
        هو هي وفي ومن وعلى""".split()),
}


class CommonGramsFilter(PerLanguage, Filter):
    """After each word, the bigram `word next` at the word's position, if either is
    common. Positions stay non-decreasing; a bigram spans both words' characters.
    Query-mode streams pass through: phrase terms come from `common_gram_terms`."""

    def __init__(self, lang: str = "zh"):
        super().__init__(lang)

    def __call__(self, tokens):
        common = COMMON_WORDS[self.lang]
        previous = None  # (text, pos, startchar, endchar): the token stream reuses one object
        token = None
        for token in tokens:
            if token.mode == "query":
                yield token
                continue
            current = (token.text, token.pos, getattr(token, "startchar", 0),
                       getattr(token, "endchar", 0))
            if previous is not None:
                token.text, token.pos, token.startchar, token.endchar = previous
                yield token
                if previous[0] in common or current[0] in common:
                    token.text = f"{previous[0]} {current[0]}"
                    token.endchar = current[3]
                    yield token
            previous = current
        if previous is not None and token is not None:
            token.text, token.pos, token.startchar, token.endchar = previous
            yield token


def common_gram_terms(words: list[str], lang: str) -> list[str]:
    """The terms a phrase of `words` must match at consecutive positions of the exact
    field: for each word, the bigram with the next word where the pair is indexed as
    one, else the word; the last word is covered by the last bigram or stands alone."""
    common = COMMON_WORDS[lang]
    if len(words) <= 1:
        return list(words)
    terms = []
    for first, second in zip(words, words[1:], strict=False):
        terms.append(f"{first} {second}" if first in common or second in common else first)
    if not (words[-2] in common or words[-1] in common):
        terms.append(words[-1])
    return terms
