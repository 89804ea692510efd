"""Batch runs: many queries in one process, one result record per input line.

Input: one query per line, or JSON objects `{"query": ..., "lang": ..., "limit": ...}`
carrying any `search` option. Output records (one per non-blank input line):
`{"line": N, "query": Q, "total": T, "hits": [HIT...]}`, or on failure
`{"line": N, "query": Q, "error": "..."}`; the run goes on past bad lines.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator

from undocs.search.citations import CitationError
from undocs.search.query import QueryError

OPTIONS = ("lang", "symbol", "since", "until", "limit", "page", "parallel", "snippets")
BINARY_PROBE = 8192


class BatchInputError(ValueError):
    """The batch input as a whole is unusable (binary, empty)."""


def read_lines(stream, name: str) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None, error) for each line of a binary stream: a line that
    is not UTF-8 becomes an error of its own; a binary file is refused outright."""
    if not hasattr(stream, "peek"):  # e.g. an in-memory stream: buffer it to look ahead
        stream = io.BufferedReader(stream)
    head = stream.peek(BINARY_PROBE)[:BINARY_PROBE]
    nul = head.find(b"\x00")
    if nul >= 0:
        raise BatchInputError(f"{name}: binary file (NUL byte at byte offset {nul}); "
                              "expected one query per line")
    seen = False
    for number, raw in enumerate(stream, start=1):
        seen = True
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n"), ""
        except UnicodeDecodeError as err:
            yield number, None, f"invalid UTF-8 at byte offset {err.start} of the line"
    if not seen:
        raise BatchInputError(f"{name}: empty batch (no queries)")


def parse_line(text: str) -> tuple[str, dict]:
    """(query, search options) from one input line."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return stripped, {}
    try:
        record = json.loads(stripped)
    except json.JSONDecodeError as err:
        raise QueryError(f"bad JSON: {err.msg} at column {err.colno}") from None
    return parse_record(record)


def parse_record(record) -> tuple[str, dict]:
    """(query, search options) from a `{"query": ..., option: ...}` object."""
    if not isinstance(record, dict) or not isinstance(record.get("query"), str):
        raise QueryError('a JSON line needs a "query" string')
    unknown = sorted(set(record) - set(OPTIONS) - {"query"})
    if unknown:
        raise QueryError(f"unknown option {unknown[0]!r} (known: {', '.join(OPTIONS)})")
    options = {key: record[key] for key in OPTIONS if key in record}
    for key, value in options.items():
        if key in ("limit", "page"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise QueryError(f'"{key}" must be a whole number of at least 1')
        elif key == "snippets":
            if not isinstance(value, bool):
                raise QueryError('"snippets" must be true or false')
        elif key in ("lang", "parallel"):
            if not (isinstance(value, str) or (isinstance(value, list)
                                               and all(isinstance(v, str) for v in value))):
                raise QueryError(f'"{key}" must be a language code or a list of them')
        elif not isinstance(value, str):
            raise QueryError(f'"{key}" must be a string')
    return record["query"], options


def run_batch(searcher, lines: Iterable[tuple[int, str | dict | None, str]],
              defaults: dict | None = None) -> Iterator[dict]:
    """One record per non-blank line (a text line, or an already parsed object from
    the Python API), streamed in input order."""
    defaults = defaults or {}
    for number, item, error in lines:
        if isinstance(item, str) and not item.strip():
            continue
        if isinstance(item, dict):
            query = str(item.get("query", ""))
        else:
            query = item.strip() if item is not None else ""
        if error:
            yield {"line": number, "query": query, "error": error}
            continue
        try:
            query, options = parse_record(item) if isinstance(item, dict) else parse_line(item)
            result = searcher.search(query, **{**defaults, **options})
        except (QueryError, CitationError) as err:
            yield {"line": number, "query": query[:200], "error": f"query error: {err}"}
            continue
        yield {"line": number, "query": query, "total": result.total,
               "hits": [hit.to_dict() for hit in result.hits]}
