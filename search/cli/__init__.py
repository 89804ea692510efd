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
from undocs.search.cli.documents import documents_command
from undocs.search.cli.index import check_command, index_command, stats_command
from undocs.search.cli.parse import parse_command
from undocs.search.cli.query import search_command, source_command
from undocs.search.cli.words import describe_no_such_option


def _leave_quietly() -> None:
    """`undocs … | head`: the reader has gone; a normal end, as for `cat` (exit 0)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class _Undocs(click.Group):
    ALIASES = {"list": "documents"}

    def get_command(self, ctx: click.Context, cmd_name: str):
        return super().get_command(ctx, self.ALIASES.get(cmd_name, cmd_name))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # before click turns it into exit status 1
            _leave_quietly()
            raise click.exceptions.Exit(0) from None


@click.group(cls=_Undocs, context_settings={"help_option_names": ["-h", "--help"]},
             invoke_without_command=True)
@click.version_option(package_name="undocs")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Paragraph-level full-text search over United Nations documents."""
    if ctx.invoked_subcommand is None:  # bare `undocs`: the help, as asked for
        click.echo(ctx.get_help())


cli.add_command(parse_command)
cli.add_command(index_command)
cli.add_command(stats_command)
cli.add_command(check_command)
cli.add_command(documents_command)
cli.add_command(search_command)
cli.add_command(cite_command)
cli.add_command(source_command)
cli.add_command(show_command)
cli.add_command(batch_command)
cli.add_command(kwic_command)
cli.add_command(count_command)


def utf8_arguments(args: list[str]) -> list[str]:
    """The arguments as UTF-8 text even under a C locale without Python's UTF-8 mode,
    where argv arrives as ASCII with surrogate escapes (`国` → three lone surrogates);
    standard streams switch to UTF-8 likewise."""
    if sys.flags.utf8_mode or sys.getfilesystemencoding().lower() in ("utf-8", "utf8"):
        return args
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return [os.fsencode(arg).decode("utf-8", "surrogateescape") for arg in args]


def main() -> None:
    """Console entry point: the click group, with a last guard against tracebacks."""
    try:
        status = cli.main(args=utf8_arguments(sys.argv[1:]), prog_name="undocs",
                          standalone_mode=False)
        sys.stdout.flush()
        sys.exit(status if isinstance(status, int) else 0)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as err:
        # one line, like every other error: `undocs search: Invalid value for '--limit'…`
        command = err.ctx.command_path if err.ctx else "undocs"
        if isinstance(err, click.NoSuchOption):
            message = describe_no_such_option(err)
        else:
            message = " ".join(err.format_message().split())
        click.echo(f"{command}: {message} (see {command} --help)", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(f"undocs: {err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except BrokenPipeError:
        _leave_quietly()
        sys.exit(0)
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
