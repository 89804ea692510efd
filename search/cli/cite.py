"""`undocs cite` and `undocs show`: a paragraph by its citation; a document's outline."""

from __future__ import annotations

import sys

import click

from undocs.search.cli.options import (
    format_option,
    open_searcher,
    parallel_option,
    reports_errors,
    searched_index_options,
)
from undocs.search.cli.output import (
    fail_line,
    print_for_scripts,
    print_json,
    print_jsonl,
    use_colour,
)
from undocs.search.cli.words import QueryCommand


@click.command("cite", short_help="The paragraph a citation names, in every language.",
               cls=QueryCommand)
@click.argument("citation", nargs=-1, required=True)
@click.option("--lang", default=None, metavar="L[,L…]|all",
              help="Languages [default: the citation's, else every version].")
@click.option("--context", type=click.IntRange(min=0, max=50), default=0, show_default=True,
              help="Also show N paragraphs before and after.")
@parallel_option
@format_option()
@searched_index_options
@reports_errors
def cite_command(citation, lang, context, parallel, fmt, index_dir, quiet):
    """The paragraphs CITATION names, e.g. `un-ctoc-cop-wg3-2023-report ¶41 (zh)`,
    `A/RES/80/9, annex, para. 3`, `UN Charter Article 2, paragraph 4`, `… 第41段`,
    `A/RES/80/6 paras. 3 and 5`. A part not found is named on stderr (exit status 1)."""
    with open_searcher(index_dir, quiet=quiet) as searcher:
        result = searcher.cite(" ".join(citation), lang=lang, context=context,
                               parallel=parallel)
    if not print_for_scripts(fmt, result, parallel):
        colour = use_colour()
        for hit in result.hits:
            cite = click.style(hit.citation, bold=True) if colour else hit.citation
            click.echo(f"{cite}  [{hit.file}:{hit.lines[0]}-{hit.lines[1]}]")
            if hit.heading:
                click.echo(f"  {' › '.join(hit.heading)}")
            for part in [p for p in hit.parts if p.get("context") == "before"]:
                click.echo(f"  ({part['anchor']}) {part['text']}")
            click.echo(f"  {hit.text}")
            for part in [p for p in hit.parts if p.get("context") != "before"]:
                marker = f"({part['anchor']}) " if part.get("context") else ""
                click.echo(f"    {marker}{part['text']}")
            for lang_code, other in (hit.parallel or {}).items():
                click.echo(f"  [{lang_code} ¶{other.anchor}] {other.text}")
            click.echo()
    for error in result.errors:
        fail_line(error)
    if result.errors:
        sys.exit(1)


@click.command("show", short_help="A document's outline with its anchors.")
@click.argument("symbol", nargs=-1, required=True)
@click.option("--lang", default=None, metavar="L", help="Language version [default: en if "
              "indexed, else the first].")
@format_option(["text", "json", "jsonl"])
@searched_index_options
@reports_errors
def show_command(symbol, lang, fmt, index_dir, quiet):
    """A document's outline: every entry with its anchor, indented by heading depth."""
    with open_searcher(index_dir, quiet=quiet) as searcher:
        outline = searcher.outline(" ".join(symbol), lang=lang)
    if fmt == "json":
        print_json(outline.to_dict())
        return
    if fmt == "jsonl":
        print_jsonl(e.to_dict() for e in outline.entries)
        return
    others = [code for code in outline.languages if code != outline.lang]
    click.echo(f"{outline.symbol} ({outline.lang}) {outline.title} [{outline.file}]")
    if others:
        click.echo(f"also in: {' '.join(others)}")
    if outline.details:
        click.echo("; ".join(f"{name}: {value}" for name, value in outline.details.items()))
    for entry in outline.entries:
        text = " ".join(entry.text.split())
        if len(text) > 70:
            text = text[:69] + "…"
        indent = "  " * entry.depth
        click.echo(f"{entry.anchor:<14} {indent}{text}")
