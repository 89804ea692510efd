"""The `undocs` command line: one click group, one module per concern.

Each command is a thin layer over a library call (`indexer.parse_file`, `search.Searcher`);
errors reach the user as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from undocs.search.cli.cite import cite_command, show_command
from undocs.search.cli.corpus import batch_command, count_command, kwic_command
from undocs.search.cli.index import check_command, index_command, stats_command
from undocs.search.cli.parse import parse_command
from undocs.search.cli.query import search_command, source_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="undocs")
def cli() -> None:
    """Paragraph-level full-text search over United Nations documents."""


cli.add_command(parse_command)
cli.add_command(index_command)
cli.add_command(stats_command)
cli.add_command(check_command)
cli.add_command(search_command)
cli.add_command(cite_command)
cli.add_command(source_command)
cli.add_command(show_command)
cli.add_command(batch_command)
cli.add_command(kwic_command)
cli.add_command(count_command)


def main() -> None:
    """Console entry point: the click group, with a last guard against tracebacks."""
    try:
        cli.main(prog_name="undocs", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as err:
        # one line, like every other error: `undocs search: Invalid value for '--limit'…`
        command = err.ctx.command_path if err.ctx else "undocs"
        message = " ".join(err.format_message().split())
        click.echo(f"{command}: {message} (see {command} --help)", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(f"undocs: {err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except BrokenPipeError:
        # `undocs … | head`: the reader has gone; leave quietly, as `cat` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("undocs: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the last line of defence for users
        storage = sys.modules.get("undocs.indexer.storage")  # loaded if it raised
        if storage and isinstance(err, storage.ForbiddenPickle):
            click.echo(f"undocs: refused to read the index: {err}", err=True)
            sys.exit(2)
        detail = " ".join(str(err).split())
        detail = detail if len(detail) <= 200 else detail[:199] + "…"
        click.echo(f"undocs: internal error: {type(err).__name__}: {detail}", err=True)
        sys.exit(1)
