"""Files → paragraphs → index. Knows UN documents; knows nothing of the CLI.

`from indexer import parse_file` works as usual; the parser is imported on first use
(PEP 562), so that a query process, which needs only `indexer.schema` and friends,
does not pay for it.
"""

from __future__ import annotations

__all__ = ["Document", "Paragraph", "ParseError", "parse_bytes", "parse_file", "parse_text"]

_HOMES = {
    "Document": "undocs.indexer.records", "Paragraph": "undocs.indexer.records",
    "ParseError": "undocs.indexer.records", "parse_bytes": "undocs.indexer.parse",
    "parse_file": "undocs.indexer.parse", "parse_text": "undocs.indexer.parse",
}


def __getattr__(name: str):
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'undocs.indexer' has no attribute {name!r}")
