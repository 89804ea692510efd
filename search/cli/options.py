"""Options several commands share, and opening the index they read."""

from __future__ import annotations

from pathlib import Path

import click

from undocs.indexer.location import bundled_corpus_dir, default_index_dir, index_exists
from undocs.search.cli.output import FORMATS, fail_line


def index_option(func):
    """`--index DIR`: the index location (default: $UNDOCS_INDEX, else per-user data)."""
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, help="Index directory [default: $UNDOCS_INDEX, else a per-user "
        "data directory].",
    )(func)


def searched_index_options(func):
    """`--index DIR` and `--quiet` of the commands that read an index (and build one
    from the bundled corpus where there is none yet)."""
    func = click.option("--quiet", "-q", is_flag=True,
                        help="No progress bar or notice when the index is built first.")(func)
    return index_option(func)


def format_option(choices=FORMATS, description: str = "Output format."):
    return click.option("--format", "fmt", type=click.Choice(choices), default="text",
                        show_default=True, help=description)


def parallel_option(func):
    return click.option("--parallel", default=None, metavar="LANGS|all",
                        help="Add the same paragraph in these languages (e.g. fr,zh).")(func)


def resolve_index(index_dir: Path | None) -> Path:
    return index_dir if index_dir is not None else default_index_dir()


class CommandError(Exception):
    """A one-line failure the command reports with exit status 2."""


def reports_errors(func):
    """Turn the library's user-facing errors into one line on stderr and exit status 2."""
    import functools
    import sys

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as err:
            message = user_error(err)
            if message is None:
                raise
            fail_line(message)
        sys.exit(2)

    return wrapper


def user_error(err: Exception) -> str | None:
    """The one line a user-facing library error is reported with (the CLI prints it after
    `undocs: `, the HTTP API answers it with status 400); None for any other exception."""
    # here, not at import: every command module is imported by every CLI call
    from undocs.search.citations import CitationError
    from undocs.search.query import QueryError
    from undocs.search.searcher import IndexMissing

    if isinstance(err, QueryError):
        return f"query error: {err}"
    if isinstance(err, (CitationError, CommandError, IndexMissing)):
        return str(err)
    return None


def open_searcher(index_dir: Path | None, *, quiet: bool = False):
    """The Searcher of the chosen index (`--index`, else $UNDOCS_INDEX, else the
    per-user default: one rule for all three). Where there is no index yet, in a
    missing or empty folder, build one from the bundled corpus first, with the progress
    bar of `undocs index`, and say so unless `quiet`."""
    from undocs.search.cli.index import run_index
    from undocs.search.searcher import Searcher

    location = resolve_index(index_dir)
    if not index_exists(location):
        if location.exists() and (not location.is_dir() or any(location.iterdir())):
            # never write an index among someone's files (`--index corpus`)
            raise CommandError(f"{location}: not an undocs index (and not empty)")
        if not quiet:
            fail_line(f"no index at {location} yet; building it from the bundled corpus "
                      "first")
        if run_index(location, [bundled_corpus_dir()], quiet=quiet) != 0:
            raise CommandError(f"{location}: could not build the index")
    return Searcher(location)
