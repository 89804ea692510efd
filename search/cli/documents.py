"""`undocs documents` (alias `list`): what an index holds, one line per document."""

from __future__ import annotations

import click

from undocs.search.cli.options import (
    format_option,
    open_searcher,
    reports_errors,
    searched_index_options,
)
from undocs.search.cli.output import (
    plural,
    print_csv,
    print_json,
    print_jsonl,
    text_width,
)

TITLE_COLUMNS = 60


def document_columns() -> list[str]:
    """The CSV columns: one paragraph count per language, in the order of LANGS."""
    from undocs.analyzers import LANGS  # here: every CLI call imports this module

    return ["symbol", "date", "languages", "paragraphs", "title",
            *(f"paragraphs_{lang}" for lang in LANGS)]


def csv_row(document) -> dict:
    row = {"symbol": document.symbol, "date": document.date,
           "languages": " ".join(document.languages), "paragraphs": document.paragraphs,
           "title": document.title}
    for version in document.versions:
        row[f"paragraphs_{version.lang}"] = version.paragraphs
    return row


def summary(documents) -> str:
    versions = sum(len(d.versions) for d in documents)
    paragraphs = sum(d.paragraphs for d in documents)
    return (f"{plural(len(documents), 'document')} in "
            f"{plural(versions, 'language version')}, {plural(paragraphs, 'paragraph')}")


def print_table(documents) -> None:
    rows = [(d.symbol, d.date or "-", " ".join(d.languages), str(d.paragraphs),
             " ".join(d.title.split())) for d in documents]
    head = ("symbol", "date", "languages", "paragraphs", "title")
    widths = [max(text_width(row[i]) for row in [head, *rows]) for i in range(4)]
    for row in [head, *rows]:
        title = row[4] if len(row[4]) <= TITLE_COLUMNS else row[4][:TITLE_COLUMNS - 1] + "…"
        cells = [row[0] + " " * (widths[0] - text_width(row[0])),
                 row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3].rjust(widths[3])]
        click.echo("  ".join([*cells, title]).rstrip())
    click.echo(summary(documents))


@click.command("documents", short_help="The documents an index holds (alias: list).")
@click.option("--lang", default=None, metavar="L[,L…]",
              help="Only these languages' versions.")
@click.option("--symbol", default=None, metavar="PATTERN",
              help="Only documents whose symbol matches (`*` wildcards, any case).")
@click.option("--since", default=None, metavar="DATE", help="Documents dated on or after.")
@click.option("--until", default=None, metavar="DATE", help="Documents dated on or before.")
@format_option()
@searched_index_options
@reports_errors
def documents_command(lang, symbol, since, until, fmt, index_dir, quiet):
    """The documents the index holds: symbol, date, language versions, paragraphs and
    title, by symbol. A date filter leaves out undated documents."""
    with open_searcher(index_dir, quiet=quiet) as searcher:
        documents = searcher.catalog(lang=lang, symbol=symbol, since=since, until=until)
    if fmt == "json":
        print_json({"documents": [d.to_dict() for d in documents],
                    "total_documents": len(documents),
                    "total_versions": sum(len(d.versions) for d in documents),
                    "total_paragraphs": sum(d.paragraphs for d in documents)})
    elif fmt == "jsonl":
        print_jsonl(d.to_dict() for d in documents)
    elif fmt == "csv":
        print_csv((csv_row(d) for d in documents), document_columns())
    else:
        print_table(documents)
