"""Build or update the index: incremental, on several cores, crash-safe.

- Incremental: a file whose content hash is unchanged is skipped; a changed file's
  entries are replaced; a file gone from an indexed folder loses its entries.
- Parallel: worker processes parse every file once, then analyse and write segments
  of their share, and merge segments (`indexer.segments`, `indexer.merges`); this
  process holds the lock, watches the time each file takes (`indexer.workers`) and
  commits each round (Whoosh's own multi-process writer proved unreliable, so the
  steps are ours).
- Claims: the parse gives every new or changed file its (symbol, language) key; a
  file claiming a key another keeps is refused before anything is written, unless a
  DOCX meets a PDF of the same document: the DOCX wins (`indexer.claims`).
- Crash-safe: every commit writes paragraphs together with their file's record, and
  Whoosh swaps in a new table of contents atomically; a SIGKILL or Ctrl-C leaves the
  last commit searchable and the next run carries on from it. Whoosh's locks are
  `flock` locks, which the kernel drops with a dead process: no stale lock survives.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.analyse import FileTask
from undocs.indexer.commit import remove_leftovers
from undocs.indexer.location import index_exists, index_folder_problem
from undocs.indexer.pipeline import Run, worth_merging, write_run
from undocs.indexer.schema import (
    FILE,
    IndexVersionError,
    UnusableIndex,
    build_schema,
    open_checked,
)
from undocs.indexer.sniff import DOCUMENT_SUFFIXES, document_kind
from undocs.indexer.storage import create_index, make_folder, open_index, storage
from undocs.indexer.sums import ensure_sums
from undocs.indexer.versions import version_hash
from undocs.indexer.walk import file_problem, is_utf8_name, shown_name, walk_folder

NOT_DOCUMENTS = {"readme.md", "provenance.md", "license.md", "changelog.md"}
RUN_LOCK = "UNDOCS_RUN"


class IndexBusy(Exception):
    """Another process is updating this index."""


class IndexError_(Exception):
    """The index directory cannot be used (not an undocs index, unreadable...)."""


class OutdatedIndex(IndexError_):
    """An index whose schema an older undocs wrote: derived data, rebuilt on update."""


@dataclass
class UpdateSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    refused: list[str] = field(default_factory=list)  # one line per refused file
    skipped: list[str] = field(default_factory=list)  # files in folders that are no document
    # indexed, with a remark: pages that could not be read, giant paragraphs split
    notes: list[str] = field(default_factory=list)
    paragraphs: int = 0  # paragraphs written in this run
    merged: int = 0  # segments merged (`indexer.merges`, `--optimize`)...
    merged_into: int = 0  # ...into this many
    seconds: float = 0.0
    rebuilt_outdated: bool = False  # an older undocs's index was replaced

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {len(self.refused)} refused "
                f"({self.paragraphs} paragraph{'' if self.paragraphs == 1 else 's'} written in "
                f"{self.seconds:.1f} s)"
                + (f"; {self.merged} segments merged into {self.merged_into}"
                   if self.merged else "")
                + (f"; {len(self.skipped)} skipped: not a document ({', '.join(self.skipped[:3])}"
                   f"{', …' if len(self.skipped) > 3 else ''})" if self.skipped else ""))


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[Path], list[str],
                                            list[str]]:
    """The document files under `paths`: (file, folder it was found in) pairs, each file
    once however often it is named, the folders searched (whose vanished files are
    removed), one error line per path or entry that cannot be taken (`indexer.walk`), and
    the files of those folders that are no document (by content: `N2534567` without an
    extension is still a PDF)."""
    found: list[tuple[Path, Path]] = []
    folders: list[Path] = []
    errors: list[str] = []
    skipped: list[str] = []
    for path in paths:
        if not is_utf8_name(path):
            errors.append(f"{shown_name(path)}: file name is not valid UTF-8 (rename it)")
        elif path.is_dir():
            root = path.resolve()
            folders.append(root)
            for entry in walk_folder(root):
                _sort_entry(entry, root, found, errors, skipped)
        else:
            problem = _named_file_problem(path)
            if problem:
                errors.append(f"{shown_name(path)}: {problem}")
            else:
                found.append((path.resolve(), path.resolve().parent))
    first_root: dict[Path, Path] = {}  # a file named twice is indexed once
    for file, root in found:
        first_root.setdefault(file, root)
    return list(first_root.items()), folders, errors, skipped


def _sort_entry(entry, root: Path, found: list, errors: list, skipped: list) -> None:
    """File an entry of a folder walk: a document found, a refusal named, or a file that
    is no document. An entry that cannot be read is named if it may be a document (by
    its name: a document suffix or none, as sniffed files have)."""
    name = entry.path.name
    if name.lower() in NOT_DOCUMENTS:
        return
    if entry.problem and not entry.folder and entry.path.is_file() and not entry.path.is_symlink():
        if not document_kind(entry.path):  # a non-UTF-8 name: no document, no refusal
            skipped.append(entry.shown)
            return
    elif entry.problem and not (entry.folder or Path(name).suffix.lower() in DOCUMENT_SUFFIXES
                                or not Path(name).suffix):
        return
    if entry.problem:
        errors.append(f"{entry.shown}: {entry.problem}")
    elif document_kind(entry.path):
        found.append((entry.path, root))
    else:
        skipped.append(entry.shown)


def _named_file_problem(path: Path) -> str:
    """Why a path named on the command line cannot be indexed ("" if it can)."""
    try:
        return file_problem(path.stat().st_mode)
    except RuntimeError:
        return "symbolic link loop"
    except OSError as err:
        if path.is_symlink():
            return "dangling symbolic link"
        return "no such file or directory" if err.errno == errno.ENOENT else (
            err.strerror or str(err))


def open_or_create(index_dir: Path):
    """Open the index in `index_dir`, creating it (and the folder) if need be."""
    try:
        make_folder(index_dir)
        if not index_exists(index_dir):
            return create_index(index_dir, build_schema())
    except OSError as err:
        raise IndexError_(f"{index_dir}: {err.strerror or err}") from None
    try:
        ix, searcher = open_checked(index_dir)
        searcher.close()
        return ix
    except UnusableIndex as err:
        raise IndexError_(str(err)) from None
    except IndexVersionError as err:
        raise (OutdatedIndex if err.outdated else IndexError_)(str(err)) from None


def _open(index_dir: Path, rebuild: bool, summary: UpdateSummary) -> tuple:
    """The index to update, and whether this run replaces all it holds (`--rebuild` of
    a usable index: built beside it, switched in by the last commit)."""
    try:
        ix = open_or_create(index_dir)
    except OutdatedIndex:  # derived data an older undocs wrote, which no search reads
        summary.rebuilt_outdated = True
        return create_index(index_dir, build_schema()), False
    except IndexError_:
        if not rebuild:
            raise
        return create_index(index_dir, build_schema()), False
    return ix, rebuild


def _file_records(ix) -> dict[str, dict]:
    with ix.searcher() as searcher:
        return {fields["source"]: fields
                for fields in searcher.documents(record=FILE)}


def _hash(path: Path) -> str | None:
    """The hash `parse_file` gives the file's records (its siblings' bytes included)."""
    try:
        return version_hash(path, path.read_bytes())
    except OSError:
        return None


# An interruption loses at most this much work: a commit follows every `commit_every`
# files or this many seconds, whichever comes first.
COMMIT_SECONDS = 15.0


def update_index(
    index_dir: Path | str,
    paths: Iterable[Path | str],
    *,
    jobs: int = 0,
    rebuild: bool = False,
    commit_every: int = 1000,
    commit_seconds: float = COMMIT_SECONDS,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[str, int], None] | None = None,
    optimize: bool = False,
    on_merge: Callable[[int, int], None] | None = None,
    file_timeout: float | None = None,
    on_read: Callable[[str, int, int], None] | None = None,
) -> UpdateSummary:
    """Bring the index in `index_dir` up to date with the files under `paths`.

    `on_read(name, done, total)` is told as each file to (re)index is read and parsed
    (the claims need them all before anything is written); then `on_start(n)` is told
    how many steps the files to (re)index weigh (a PDF its pages,
    any other file 1: a 300-page PDF is 300 steps of a progress bar), `on_file(name,
    steps)` each time one is done, with its weight. Commits every `commit_every` files
    or `commit_seconds` of work (a rebuild commits once, at the end). With `optimize`,
    the index is merged into one segment at the end, `on_merge(documents done, total)`
    told as it goes. A file whose reading takes over `file_timeout` seconds (default:
    `workers.file_timeout()`) is stopped and refused. Raises `IndexBusy`
    if another process is updating the same index, `IndexError_` if `index_dir` cannot
    hold an index.
    """
    started = time.monotonic()
    jobs = jobs or os.cpu_count() or 1
    index_dir = Path(index_dir)
    paths = [Path(path) for path in paths]  # the Python API takes strings too
    problem = index_folder_problem(index_dir)
    if problem:
        raise IndexError_(f"{index_dir}: {problem}")
    make_folder(index_dir)
    run_lock = _take_run_lock(index_dir, rebuild)
    try:
        return _update(index_dir, paths, Run(
            jobs=jobs, rebuild=rebuild, commit_every=commit_every,
            commit_seconds=commit_seconds, on_start=on_start, on_file=on_file,
            optimize=optimize, on_merge=on_merge, file_timeout=file_timeout,
            on_read=on_read), started, run_lock)
    finally:
        run_lock.release()


def _take_run_lock(index_dir: Path, rebuild: bool):
    """The run lock: a `flock` the kernel drops with its holder (workers close their
    inherited copy), so the lock of a killed run is simply taken over."""
    path = index_dir / RUN_LOCK
    if path.is_dir() and not path.is_symlink():
        if not rebuild:
            raise IndexError_(f"{path}: a folder stands where undocs keeps its run lock; "
                              "remove it, or run `undocs index --rebuild`")
        shutil.rmtree(path)
    run_lock = storage(index_dir).lock(RUN_LOCK)
    if not run_lock.acquire(blocking=False):
        raise IndexBusy(f"{index_dir}: another undocs index is updating this index; "
                        "try again when it has finished")
    return run_lock


def _update(index_dir, paths, run: Run, started, run_lock):
    summary = UpdateSummary()
    ix, replace = _open(index_dir, run.rebuild, summary)
    original = ix._segments()
    remove_leftovers(index_dir, original)  # what dead runs left behind
    ensure_sums(index_dir, ix.latest_generation(), original)
    known = {} if replace else _file_records(ix)
    found, folders, summary.refused, summary.skipped = discover(paths)

    tasks: list[FileTask] = []
    seen: set[str] = set()
    for file, root in found:
        source = str(file)
        seen.add(source)
        record = known.get(source)
        digest = _hash(file)
        if record is not None and digest is not None and record["meta"]["hash"] == digest:
            summary.unchanged += 1
            continue
        tasks.append(FileTask(path=source, source=source,
                              display=shown_name(file.relative_to(root))))
    vanished = [known[source] for source in known if source not in seen and any(
        Path(source).is_relative_to(folder) for folder in folders)]
    if not tasks and not vanished and not replace and not (
            run.optimize and worth_merging(original)):  # nothing to write: no new commit
        summary.seconds = time.monotonic() - started
        return summary
    try:
        write_run(ix, index_dir, tasks, known, vanished, summary, replace, run, run_lock,
               original)
    except BaseException:
        with contextlib.suppress(Exception):  # give back the space a failed run took
            remove_leftovers(index_dir, open_index(index_dir)._segments())
        raise
    summary.removed = len(vanished)
    summary.seconds = time.monotonic() - started
    return summary
