"""Batch runs: many queries in one process, one result record per input line.

Input: one query per line, or JSON objects `{"query": ..., "lang": ..., "limit": ...}`
carrying any `search` option. Output records (one per non-blank input line):
`{"line": N, "query": Q, "total": T, "hits": [HIT...]}`, or on failure
`{"line": N, "query": Q, "error": "..."}`: whatever goes wrong with one line (bad JSON,
a lone surrogate, JSON nested too deep, a crash inside the query) is that line's error
record and the run goes on. An input without a single non-blank line is refused.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator

from undocs.search.citations import CitationError
from undocs.search.query import QueryError

OPTIONS = ("lang", "symbol", "since", "until", "limit", "page", "parallel", "snippets")
BINARY_PROBE = 8192
SURROGATE = re.compile("[\ud800-\udfff]")


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
    seen = False  # a line that is not blank
    number = 0
    for number, raw in enumerate(stream, start=1):
        seen = seen or bool(raw.strip())
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n"), ""
        except UnicodeDecodeError as err:
            yield number, None, f"invalid UTF-8 at byte offset {err.start} of the line"
    if not seen:
        blank = f", only {number} blank line{'' if number == 1 else 's'}" if number else ""
        raise BatchInputError(f"{name}: empty batch (no queries{blank})")


def parse_line(text: str) -> tuple[str, dict]:
    """(query, search options) from one input line."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return stripped, {}
    try:
        record = json.loads(stripped)
    except json.JSONDecodeError as err:
        raise QueryError(f"bad JSON: {err.msg} at column {err.colno}") from None
    except RecursionError:
        raise QueryError("bad JSON: nested too deeply") from None
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
    for key, value in record.items():
        for text in value if isinstance(value, list) else [value]:
            _check_text(key, text)
    return record["query"], options


def _check_text(key: str, value) -> None:
    """A JSON string may escape half a surrogate pair (`"\\ud800"`), which is no text."""
    found = SURROGATE.search(value) if isinstance(value, str) else None
    if found:
        raise QueryError(f'"{key}" holds a lone surrogate (\\u{ord(found.group()):04x}) at '
                         f"position {found.start()}: not Unicode text")


def printable(text: str) -> str:
    """`text` fit for UTF-8 output: lone surrogates become U+FFFD."""
    return SURROGATE.sub("\ufffd", text)


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
            record = {"line": number, "query": query, "total": result.total,
                      "hits": [hit.to_dict() for hit in result.hits]}
        except (QueryError, CitationError) as err:
            record = _failed(number, query, f"query error: {err}")
        except Exception as err:  # noqa: BLE001 - one line's failure never ends the run
            record = _failed(number, query, f"internal error: {type(err).__name__}: {err}")
        yield record


def _failed(number: int, query: str, message: str) -> dict:
    message = " ".join(printable(message).split())
    if len(message) > 300:
        message = message[:299] + "…"
    return {"line": number, "query": printable(query[:200]), "error": message}
