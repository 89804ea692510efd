"""`undocs index`, `undocs check` and `undocs stats`: build, update, verify and describe
the index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from undocs.indexer.location import bundled_corpus_dir, index_exists
from undocs.search.cli.options import (
    CommandError,
    format_option,
    index_option,
    reports_errors,
    resolve_index,
)
from undocs.search.cli.output import fail_line, print_json, print_stats_table


class _Progress:
    """Progress bars on a terminal: files read, then indexing in pages for PDFs (a file
    without pages is one step), and `--optimize`'s merge; nothing when stderr is piped
    or `--quiet`."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.merged = 0

    def start(self, total: int, label: str = "indexing") -> None:
        self.close()
        if self.enabled and total:
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                         show_pos=True, item_show_func=lambda n: n)
            self.bar.__enter__()

    def step(self, name: str, steps: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(steps, name)

    def read(self, name: str, done: int, total: int) -> None:
        """Files read and parsed, before any is written."""
        if done == 1:
            self.start(total, "reading")
        self.step(name)

    def merge(self, done: int, total: int) -> None:
        """`--optimize`: documents merged of `total`."""
        if done == 0:
            self.start(total, "merging")
        elif self.bar is not None:
            self.bar.update(done - self.merged, "documents")
        self.merged = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def run_index(index_dir: Path, paths: list[Path], *, jobs: int = 0, rebuild: bool = False,
              quiet: bool = False, commit_every: int = 1000, optimize: bool = False,
              file_timeout: float | None = None) -> int:
    """Index `paths` into `index_dir` and report; the exit status to use."""
    from undocs.indexer.build import IndexBusy, IndexError_, update_index

    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        summary = update_index(index_dir, paths, jobs=jobs, rebuild=rebuild,
                               commit_every=commit_every, on_start=progress.start,
                               on_file=progress.step, optimize=optimize,
                               on_merge=progress.merge, file_timeout=file_timeout,
                               on_read=progress.read)
    except (IndexBusy, IndexError_) as err:
        fail_line(str(err))
        return 2
    except OSError as err:  # the index folder cannot be made or written
        fail_line(f"{err.filename or index_dir}: {err.strerror or err}")
        return 2
    finally:
        progress.close()
    if summary.rebuilt_outdated:
        fail_line(f"{index_dir}: the index was built by an older undocs; rebuilt it")
    for line in summary.refused + summary.notes:
        fail_line(line)
    if not quiet:
        click.echo(f"{index_dir}: {summary.line()}", err=True)
    return 1 if summary.refused else 0


@click.command("index", short_help="Build or update the index (default: the bundled corpus).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True,
              help="Build a new index beside the old one, which searches see until the end.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default=True, help="Worker processes that parse and analyse.")
@click.option("--commit-every", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Commit finished groups after this many files, or 15 s of work "
                   "if sooner (a crash costs that and the groups being written).")
@click.option("--optimize", is_flag=True,
              help="Then merge the whole index into one segment (slow on a large index).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS", help="Stop and refuse a file whose reading takes longer "
                                      "[default: $UNDOCS_FILE_TIMEOUT, else 180].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def index_command(paths, index_dir, rebuild, jobs, commit_every, optimize, file_timeout,
                  quiet) -> None:
    """Build or update the index from PATHS (files or folders; default: the bundled
    corpus). Unchanged files are skipped, changed ones replaced, vanished ones removed."""
    # `--optimize` alone merges the index as it is; without it, no PATHS means the corpus
    paths = list(paths) or ([] if optimize else [bundled_corpus_dir()])
    if file_timeout is None:
        file_timeout = _timeout_from_environment()
    sys.exit(run_index(resolve_index(index_dir), paths, jobs=jobs, rebuild=rebuild,
                       quiet=quiet, commit_every=commit_every, optimize=optimize,
                       file_timeout=file_timeout))


def _timeout_from_environment() -> float | None:
    """$UNDOCS_FILE_TIMEOUT, or None when unset; a bad value is a usage error."""
    from undocs.indexer.workers import environment_timeout

    try:
        return environment_timeout()
    except ValueError as err:
        raise click.UsageError(str(err)) from None


@click.command("check", short_help="Verify every index file against its checksums.")
@index_option
@reports_errors
def check_command(index_dir) -> None:
    """Verify every file of the index against the sha256 checksums written when it was
    committed: exit status 1 naming each damaged file, 0 when all match."""
    from undocs.indexer.sums import verify

    index_dir = resolve_index(index_dir)
    if not index_exists(index_dir):
        raise CommandError(f"{index_dir}: no index here (run `undocs index` first)")
    result = verify(index_dir)
    for line in result.damaged:
        fail_line(f"{index_dir / line}")
    if result.damaged:
        sys.exit(1)
    click.echo(f"{index_dir}: {result.verified} files verified "
               f"(generation {result.generation})")


@click.command("stats", short_help="What the index holds, per language.")
@index_option
@format_option(["text", "json"])
@reports_errors
def stats_command(index_dir, fmt) -> None:
    """What the index holds: documents and paragraphs per language, size, last update."""
    from undocs.search.searcher import Searcher

    index_dir = resolve_index(index_dir)
    if not index_exists(index_dir):
        raise CommandError(f"{index_dir}: no index here (run `undocs index` first)")
    with Searcher(index_dir) as searcher:
        stats = searcher.stats()
    if fmt == "json":
        print_json(stats)
        return
    click.echo(f"index: {stats['index']}")
    click.echo(f"last update: {stats['last_update'] or 'never'}")
    click.echo(f"size on disk: {stats['index_bytes'] / 1e6:.1f} MB")
    print_stats_table(stats)
