"""Where Chinese characters are: the one definition of a Han character for every layer.

The patterns compile on first use (1-2 ms each, which a query process without Chinese
never pays), and ASCII text is told without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

__all__ = ["HAN_CLASS", "han_re", "has_han", "han_run_or_word_re", "han_run_re",
           "han_runs_or_words"]

# Han ideographs as OpenCC and jieba see them (after NFKC).
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


@cache
def han_re() -> re.Pattern[str]:
    """One Chinese character, for callers that test text."""
    return re.compile(f"[{HAN_CLASS}]")


def has_han(text: str) -> bool:
    """Whether `text` holds a Chinese character (ASCII text is told without the pattern)."""
    return not text.isascii() and han_re().search(text) is not None


@cache
def han_run_or_word_re() -> re.Pattern[str]:
    """In Chinese text: a run of Han characters (group 1), or a word of other letters
    and digits."""
    return re.compile(f"([{HAN_CLASS}]+)|[^\\W_{HAN_CLASS}]+")


# The same for ASCII text, which holds no Han run: group 1 (non-ASCII) never matches.
_ASCII_WORD_RE = re.compile(r"([^\x00-\x7f]+)|[^\W_]+")


def han_runs_or_words(text: str) -> Iterator[re.Match[str]]:
    """`han_run_or_word_re().finditer(text)`, ASCII text spared the Han pattern (a Latin
    query searched in Chinese too compiles nothing)."""
    return (_ASCII_WORD_RE if text.isascii() else han_run_or_word_re()).finditer(text)


@cache
def han_run_re() -> re.Pattern[str]:
    """A run of Chinese characters (what OpenCC converts)."""
    return re.compile(f"[{HAN_CLASS}]+")
