"""`undocs parse FILE...`: the paragraph records of files, no index needed."""

from __future__ import annotations

import sys

import click

from undocs.search.cli.options import format_option
from undocs.search.cli.output import fail_line, print_jsonl


@click.command("parse", short_help="The paragraphs of files and their anchors (no index).")
@click.argument("files", nargs=-1, required=True)
@format_option(["text", "jsonl"], "text: an outline; jsonl: one record per paragraph.")
def parse_command(files: tuple[str, ...], fmt: str) -> None:
    """Print the paragraphs the parser finds in FILES, with their anchors.

    Files that cannot be parsed are named on stderr; the others are still printed, and
    the exit status is 1 if any file was refused.
    """
    from undocs.indexer.parse import ParseError, parse_file  # not needed by the other commands

    refused = 0
    for path in files:
        try:
            document = parse_file(path)
        except ParseError as err:
            fail_line(str(err))
            refused += 1
            continue
        for note in document.notes:  # pages not read: named, the rest is printed
            fail_line(f"{document.source}: {note}")
        if fmt == "jsonl":
            print_jsonl({"symbol": document.symbol, "lang": document.lang,
                         "file": document.source, **paragraph.to_dict()}
                        for paragraph in document.paragraphs)
        else:
            _print_outline(document)
    if refused:
        sys.exit(1)


def _print_outline(document) -> None:
    meta = ", ".join(
        f"{key} {value}" for key, value in (
            ("lang", document.lang), ("date", document.date),
            ("distribution", document.distribution), ("original", document.original),
            ("pages", document.pages),
        ) if value
    )
    click.echo(f"{document.symbol} ({meta}) [{document.source}]")
    if document.title:
        click.echo(f"  title: {document.title}")
    for key, value in document.details.items():
        click.echo(f"  {key}: {value}")
    for paragraph in document.paragraphs:
        first, last = paragraph.lines
        lines = f"{first}" if first == last else f"{first}-{last}"
        text = " ".join(paragraph.text.split())
        if len(text) > 60:
            text = text[:59] + "…"
        if document.pages:  # paged formats: the pages column, `*` for OCR text
            click.echo(f"  {paragraph.anchor:<14} {paragraph.kind:<12} {lines:<9} "
                       f"{_pages(paragraph.pages) + ('*' if paragraph.ocr else ''):<7} {text}")
        else:
            click.echo(f"  {paragraph.anchor:<14} {paragraph.kind:<12} {lines:<9} {text}")


def _pages(pages: tuple[int, ...]) -> str:
    """`p3`, or `p3-4` for a paragraph across a page break."""
    if not pages:
        return ""
    return f"p{pages[0]}" if len(pages) == 1 else f"p{pages[0]}-{pages[-1]}"
