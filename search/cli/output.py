"""Output for people (text, colour on a terminal) and for scripts (json, jsonl, csv).

The machine formats are a contract, documented in the README:
- json: `{"query", "total", "page", "limit", "hits": [HIT...]}` (cite: `{"citation", "hits"}`);
- jsonl: one HIT per line;
- csv: a header row, then one row per hit with the columns of `CSV_COLUMNS`, and with
  `--parallel` two more per language: `parallel_LANG_anchor`, `parallel_LANG_text`.
- bibtex, csl-json, ris: one reference per hit (`search.export`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata

import click

CSV_COLUMNS = ("rank", "score", "citation", "symbol", "lang", "anchor", "heading", "snippet",
               "text", "file", "lines", "date", "similarity")
FORMATS = ("text", "json", "jsonl", "csv", "bibtex", "csl-json", "ris")


def fail_line(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"undocs: {message}", err=True)


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`1 hit`, `2 hits`, `1 query`, `3 queries`: the count and its noun, agreeing."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def text_width(text: str) -> int:
    """Columns a string takes on a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
    for lang, other in (hit.get("parallel") or {}).items():
        row[f"parallel_{lang}_anchor"] = other["anchor"]
        row[f"parallel_{lang}_text"] = other["text"]
    return row


def csv_columns(parallel=None) -> list[str]:
    """CSV_COLUMNS, then two per language `--parallel` asks for, whatever the hits hold
    (a language a hit's paragraph lacks, or its own, leaves them empty)."""
    if not parallel:
        return list(CSV_COLUMNS)
    from undocs.search.searcher import resolve_langs

    extra = [f"parallel_{lang}_{part}" for lang in resolve_langs(parallel)
             for part in ("anchor", "text")]
    return [*CSV_COLUMNS, *extra]


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


def print_for_scripts(fmt: str, result, parallel=None) -> bool:
    """Print a result with `.to_dict()` and `.hits` in a machine format; False for text.
    `parallel`: the `--parallel` languages, which add CSV columns."""
    if fmt == "json":
        print_json(result.to_dict())
    elif fmt == "jsonl":
        print_jsonl(hit.to_dict() for hit in result.hits)
    elif fmt == "csv":
        print_csv((csv_row(hit.to_dict()) for hit in result.hits), csv_columns(parallel))
    elif fmt in ("bibtex", "csl-json", "ris"):  # citation export: search.export
        from undocs.search.export import export

        click.echo(export(fmt, [hit.to_dict() for hit in result.hits]), nl=False)
    else:
        return False
    return True


def print_stats_table(stats: dict, shown: int = 5) -> None:
    """The body of `undocs stats`: documents, then language versions and paragraphs per
    language; of the symbols taken from file names, a count and the first few."""
    click.echo(f"{plural(stats['total_documents'], 'document')} in "
               f"{plural(stats['total_versions'], 'language version')}")
    click.echo("lang  versions  paragraphs")
    for lang, count in stats["documents"].items():
        click.echo(f"{lang:<5} {count:>8}  {stats['paragraphs'][lang]:>10}")
    click.echo(f"all   {stats['total_versions']:>8}  {stats['total_paragraphs']:>10}")
    fallback = stats["symbols_from_file_names"]
    if fallback:
        listed = ", ".join(fallback[:shown])
        more = f", … and {len(fallback) - shown} more" if len(fallback) > shown else ""
        click.echo(f"symbols taken from file names: {len(fallback)} ({listed}{more})")
