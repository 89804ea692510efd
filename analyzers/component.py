"""What the analysis components of one language share."""

from __future__ import annotations


class PerLanguage:
    """A tokenizer or filter configured by its language alone.

    Whoosh pickles analyzers into the index schema and compares them for equality, so
    a component holds nothing but `lang` (heavy state lives in module-level caches).
    """

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.lang == other.lang

    def __hash__(self):
        return hash((self.__class__.__name__, self.lang))

    def __repr__(self):
        return f"{self.__class__.__name__}({self.lang!r})"


def whole_value(token, value: str, text: str, start_pos: int, start_char: int):
    """`token` set up as the single token of an untokenised value (Whoosh's
    `tokenize=False`): the folded `text`, spanning all of `value`."""
    token.original = value
    token.text = text
    token.pos = start_pos
    token.startchar = start_char
    token.endchar = start_char + len(value)
    return token
