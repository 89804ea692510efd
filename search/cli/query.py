"""`undocs search`, `undocs source`: ranked paragraphs for a query or a pasted passage."""

from __future__ import annotations

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
from undocs.search.cli.output import plural, print_for_scripts, print_hit, use_colour
from undocs.search.cli.words import QueryCommand


def print_result(result, fmt: str, *, noun: str = "", parallel=None) -> None:
    """A SearchResult in the chosen format."""
    if not print_for_scripts(fmt, result, parallel):
        colour = use_colour()
        if noun:
            click.echo(plural(len(result.hits), noun))
        else:
            pages = max(1, -(-result.total // result.limit))
            click.echo(f"{plural(result.total, 'hit')} (page {result.page} of {pages})")
        if not result.hits and result.total:
            click.echo(f"(no hits on page {result.page}: the last page is {pages})")
        for hit in result.hits:
            print_hit(hit, colour, show_score=result.total > 0 and hit.score > 0)


@click.command("search", short_help="Ranked paragraphs for a query.",
               cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--lang", default=None, metavar="L[,L…]", help="Only these languages.")
@click.option("--symbol", default=None, metavar="PATTERN",
              help="Only documents whose symbol matches (`*` wildcards, any case).")
@click.option("--since", default=None, metavar="DATE", help="Documents dated on or after.")
@click.option("--until", default=None, metavar="DATE", help="Documents dated on or before.")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=10_000), default=10,
              show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@parallel_option
@format_option()
@searched_index_options
@reports_errors
def search_command(query, lang, symbol, since, until, limit, page, parallel, fmt, index_dir,
                   quiet):
    """Ranked paragraphs for QUERY: words (all must match), "phrases", OR, NOT or -word,
    parentheses, lang:zh, symbol:A/RES/80/*, date:2023 or date:2020..2023.

    A -word is an exclusion, never an option; `--name` and `-x` are options. After `--`
    everything is query text (`-- -limit`)."""
    with open_searcher(index_dir, quiet=quiet) as searcher:
        result = searcher.search(" ".join(query), lang=lang, symbol=symbol, since=since,
                                 until=until, limit=limit, page=page, parallel=parallel)
    print_result(result, fmt, parallel=parallel)


@click.command("source", short_help="Where a quoted passage comes from.",
               cls=QueryCommand)
@click.argument("passage", nargs=-1)
@click.option("--lang", default=None, metavar="L[,L…]", help="Only these languages.")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=100), default=5, show_default=True)
@parallel_option
@format_option()
@searched_index_options
@reports_errors
def source_command(passage, lang, limit, parallel, fmt, index_dir, quiet):
    """Where a quoted PASSAGE comes from (or standard input when no PASSAGE is given),
    tolerant of small edits, punctuation width, Traditional characters, line breaks."""
    if passage:
        text = " ".join(passage)
    elif sys.stdin is None or sys.stdin.closed:
        raise CommandError("no PASSAGE given and standard input is closed")
    else:
        text = sys.stdin.read()
    with open_searcher(index_dir, quiet=quiet) as searcher:
        result = searcher.source(text, lang=lang, limit=limit, parallel=parallel)
    print_result(result, fmt, noun="best candidate", parallel=parallel)
