"""UN document symbols: recognising them and the key they are searched by.

Symbols are series and parts joined by `/`, with an optional year or session in
parentheses: `A/78/L.1/Rev.1`, `S/RES/2712 (2023)`, `E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1`.
"""

from __future__ import annotations

import re

_PART = r"[A-Za-z0-9][A-Za-z0-9.\-]*"
SYMBOL_RE = re.compile(
    rf"(?<![\w/])[A-Z][A-Za-z0-9.\-]*(?:/{_PART})+(?:\s?\([A-Za-z0-9]+\))?(?![\w/])"
)
_FULL_SYMBOL_RE = re.compile(rf"^{SYMBOL_RE.pattern}$")


def is_symbol(text: str) -> bool:
    """Whether the whole of `text` is a UN document symbol (`A/RES/80/9`)."""
    return bool(_FULL_SYMBOL_RE.match(text.strip()))


def symbol_key(symbol: str) -> str:
    """The case-insensitive key of a symbol: upper case, no space before `(`.

    `s/res/2712 (2023)` and `S/RES/2712(2023)` share the key `S/RES/2712(2023)`.
    """
    key = " ".join(symbol.split()).upper()
    return key.replace(" (", "(")


def symbol_body(symbol: str) -> str:
    """The leading series of a symbol (`A/RES/80/9` → `A/RES`, `CTOC/COP/WG.3/…` → `CTOC/COP`).

    Parts up to the first one that holds a digit; a symbol with no `/` is its own body.
    """
    if "/" not in symbol:
        return symbol  # a file-name fallback (`un-charter`) is its own series
    parts = symbol_key(symbol).split("/")
    body = []
    for part in parts:
        if any(ch.isdigit() for ch in part):
            break
        body.append(part)
    return "/".join(body) or parts[0]
