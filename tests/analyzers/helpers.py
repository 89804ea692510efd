"""Token-stream helpers for the analyzer tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tok:
    text: str
    pos: int
    start: int
    end: int


def tokens(analyzer, text: str, mode: str = "index") -> list[Tok]:
    return [
        Tok(t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode=mode)
    ]


def check_stream(toks: list[Tok], text: str, shared_positions: bool) -> None:
    """Offsets in range and ordered; positions consecutive per distinct word.

    ``shared_positions``: a token may repeat the previous position (zh sub-words and
    n-grams); it must then lie inside the span of the first token of that position
    (word analyzer) or start where it does (n-grams).
    """
    prev_pos = None
    head = None
    prev_start = 0
    for t in toks:
        assert 0 <= t.start < t.end <= len(text), t
        assert t.start >= prev_start, t
        prev_start = t.start
        if prev_pos is None or t.pos != prev_pos:
            assert prev_pos is None or t.pos == prev_pos + 1, t
            head = t
        else:
            assert shared_positions, t
            assert head.start <= t.start, t
            assert t.end <= head.end or t.start == head.start, t
        prev_pos = t.pos
