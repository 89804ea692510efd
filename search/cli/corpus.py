"""`undocs batch`, `undocs kwic`, `undocs count`: scripted queries over the corpus."""

from __future__ import annotations

import itertools
import sys

import click

from undocs.search.cli.options import (
    CommandError,
    format_option,
    open_searcher,
    parallel_option,
    reports_errors,
    searched_index_options,
)
from undocs.search.cli.output import (
    fail_line,
    plural,
    print_csv,
    print_json,
    print_jsonl,
    text_width,
)
from undocs.search.cli.words import QueryCommand
from undocs.search.groupings import GROUPINGS

KWIC_COLUMNS = ("left", "match", "right", "citation", "symbol", "lang", "anchor", "file",
                "offset")
COUNT_COLUMNS = ("group", "paragraphs", "occurrences")


@click.command("batch", short_help="Run many queries in one process, one JSON record each.")
@click.argument("file", default="-")
@click.option("--lang", default=None, metavar="L[,L…]", help="Default languages.")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=10_000), default=10,
              show_default=True,
              help="Default hits per query.")
@parallel_option
@searched_index_options
@reports_errors
def batch_command(file, lang, limit, parallel, index_dir, quiet):
    """Run the queries of FILE (or standard input): one per line, or JSON objects with
    "query" and any search option. Prints one JSON record per query, tagged with its
    line number; bad queries give an error record and the run goes on. Exit status 1 if
    any query failed."""
    from undocs.search.batch import BatchInputError, read_lines, run_batch

    stream, name = _open_input(file)
    defaults = {"limit": limit}
    if lang:
        defaults["lang"] = lang
    if parallel:
        defaults["parallel"] = parallel
    failed = 0
    with open_searcher(index_dir, quiet=quiet) as searcher:
        try:
            for record in run_batch(searcher, read_lines(stream, name), defaults):
                failed += "error" in record
                print_jsonl([record])
        except BatchInputError as err:
            raise CommandError(str(err)) from None
    if failed:
        fail_line(f"{plural(failed, 'query', 'queries')} failed (see the error records)")
        sys.exit(1)


def _open_input(file: str):
    """(binary stream, name for messages) of FILE, `-` being standard input."""
    if file == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise CommandError("standard input is closed: give a FILE of queries")
        return stdin, "standard input"
    try:
        return open(file, "rb"), file  # noqa: SIM115 - read to the end of the run
    except OSError as err:
        raise CommandError(f"{file}: {err.strerror or err}") from None


def _pad_left(text: str, columns: int) -> str:
    while text_width(text) > columns:
        text = text[1:]
    return " " * (columns - text_width(text)) + text


def _pad_right(text: str, columns: int) -> str:
    while text_width(text) > columns:
        text = text[:-1]
    return text + " " * (columns - text_width(text))


@click.command("kwic", short_help="Keyword in context: one aligned line per occurrence.",
               cls=QueryCommand)
@click.argument("term", nargs=-1, required=True)
@click.option("--lang", default=None, metavar="L[,L…]", help="Only these languages.")
@click.option("--symbol", default=None, metavar="PATTERN", help="Only these documents.")
@click.option("--width", type=click.IntRange(min=5, max=500), default=40, show_default=True,
              help="Characters of context on each side.")
@click.option("--sort", type=click.Choice(["citation", "left", "right"]), default="citation",
              show_default=True, help="Order: reading order, or by the left or right context.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None,
              help="At most N lines (the first N in the chosen order) [default: all].")
@format_option(["text", "jsonl", "csv"])
@searched_index_options
@reports_errors
def kwic_command(term, lang, symbol, width, sort, limit, fmt, index_dir, quiet):
    """Keyword in context: one line per occurrence of TERM, aligned on it. Chinese terms
    match as substrings; other languages match the stemmed word (right → rights)."""
    term = " ".join(term)
    with open_searcher(index_dir, quiet=quiet) as searcher:
        from undocs.search.concordance import sort_lines

        lines = sort_lines(searcher.kwic(term, lang=lang, symbol=symbol, width=width), sort)
        if limit:
            lines = itertools.islice(lines, limit)
        count = 0
        if fmt == "csv":
            lines = list(lines)
            count = len(lines)
            if count:
                print_csv((line.to_dict() for line in lines), KWIC_COLUMNS)
        else:
            for line in lines:
                count += 1
                if fmt == "jsonl":
                    print_jsonl([line.to_dict()])
                else:
                    click.echo(f"{_pad_left(line.left, width)} [{line.match}] "
                               f"{_pad_right(line.right, width)}  {line.citation}")
    if not count:
        fail_line(f"no occurrences of {term!r}")
        sys.exit(1)


@click.command("count", short_help="Matching paragraphs and occurrences per group.",
               cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--by", type=click.Choice(GROUPINGS), required=True,
              help="Group by document version, language, year or body (A/RES, CTOC/COP…).")
@click.option("--lang", default=None, metavar="L[,L…]", help="Only these languages.")
@click.option("--symbol", default=None, metavar="PATTERN", help="Only these documents.")
@format_option(["text", "json", "csv"])
@searched_index_options
@reports_errors
def count_command(query, by, lang, symbol, fmt, index_dir, quiet):
    """Matching paragraphs and occurrences of QUERY per group."""
    with open_searcher(index_dir, quiet=quiet) as searcher:
        result = searcher.count(" ".join(query), by=by, lang=lang, symbol=symbol)
    if fmt == "json":
        print_json(result.to_dict())
    elif fmt == "csv":
        print_csv((row.to_dict() for row in result.rows), COUNT_COLUMNS)
    else:
        size = max([len(by)] + [text_width(row.group) for row in result.rows])
        click.echo(f"{_pad_right(by, size)}  paragraphs  occurrences")
        for row in result.rows:
            click.echo(f"{_pad_right(row.group, size)}  {row.paragraphs:>10}  "
                       f"{row.occurrences:>11}")
        click.echo(f"{_pad_right('all', size)}  {result.paragraphs:>10}  "
                   f"{result.occurrences:>11}")
