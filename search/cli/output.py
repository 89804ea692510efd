"""Output for people (text, colour on a terminal) and for scripts (json, jsonl, csv).

The machine formats are a contract, documented in the README:
- json: `{"query", "total", "page", "limit", "hits": [HIT...]}` (cite: `{"citation", "hits"}`);
- jsonl: one HIT per line;
- csv: a header row, then one row per hit with the columns of `CSV_COLUMNS`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import click

CSV_COLUMNS = ("rank", "score", "citation", "symbol", "lang", "anchor", "heading", "snippet",
               "text", "file", "lines", "date", "similarity")
FORMATS = ("text", "json", "jsonl", "csv")


def fail_line(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"undocs: {message}", err=True)


def use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def print_json(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


def print_jsonl(records) -> None:
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False))


def csv_row(hit: dict) -> dict:
    row = {column: hit.get(column, "") for column in CSV_COLUMNS}
    row["heading"] = " › ".join(hit.get("heading") or [])
    lines = hit.get("lines") or []
    row["lines"] = f"{lines[0]}-{lines[1]}" if len(lines) == 2 else ""
    return row


def print_csv(rows, columns=CSV_COLUMNS) -> None:
    """A header of `columns`, then one line per row (dicts; extra keys are left out)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    click.echo(buffer.getvalue(), nl=False)


def marked(hit, colour: bool) -> str:
    """The snippet with its marks: `[…]` brackets, or reverse video on a terminal."""
    if not colour or hit.marks is None:
        return hit.snippet
    return hit.marks.render("\x1b[1;33m", "\x1b[0m")


def print_hit(hit, colour: bool, *, show_score: bool = True) -> None:
    cite = click.style(hit.citation, bold=True) if colour else hit.citation
    figure = ""
    if hit.similarity is not None:
        figure = f"  similarity {hit.similarity:.2f}"
    elif show_score:
        figure = f"  score {hit.score:.2f}"
    click.echo(f"{hit.rank:>3}. {cite}{figure}")
    if hit.heading:
        click.echo(f"     {' › '.join(hit.heading)}")
    click.echo(f"     {marked(hit, colour)}")
    for lang, other in (hit.parallel or {}).items():
        text = " ".join(other.text.split())
        if len(text) > 200:
            text = text[:199] + "…"
        click.echo(f"     [{lang} ¶{other.anchor}] {text}")


def print_for_scripts(fmt: str, result) -> bool:
    """Print a result with `.to_dict()` and `.hits` in a machine format; False for text."""
    if fmt == "json":
        print_json(result.to_dict())
    elif fmt == "jsonl":
        print_jsonl(hit.to_dict() for hit in result.hits)
    elif fmt == "csv":
        print_csv(csv_row(hit.to_dict()) for hit in result.hits)
    else:
        return False
    return True
