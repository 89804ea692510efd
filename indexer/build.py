"""Build or update the index: incremental, on several cores, crash-safe.

- Incremental: a file whose content hash is unchanged is skipped; a changed file's
  entries are replaced; a file gone from an indexed folder loses its entries.
- Parallel: worker processes parse, analyse and write segments of their share of a
  round (`indexer.segments`); this process holds the lock and commits each round
  (Whoosh's own multi-process writer proved unreliable, so the steps are ours).
- Claims: a quick parse first gives every new or changed file its (symbol, language)
  key; a file claiming a key another keeps is refused before anything is written.
- Crash-safe: every commit writes paragraphs together with their file's record, and
  Whoosh swaps in a new table of contents atomically; a SIGKILL or Ctrl-C leaves the
  last commit searchable and the next run carries on from it. Whoosh's locks are
  `flock` locks, which the kernel drops with a dead process: no stale lock survives.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from undocs.indexer.analyse import FileTask, doc_key
from undocs.indexer.languages import lang_code
from undocs.indexer.location import index_exists
from undocs.indexer.parse import parse_file, split_name
from undocs.indexer.records import ParseError
from undocs.indexer.schema import (
    FILE,
    IndexVersionError,
    build_schema,
    check_version,
    unusable_index,
)
from undocs.indexer.segments import (
    set_progress,
    split_evenly,
    worker_init,
    write_segments,
    write_segments_job,
)
from undocs.indexer.sniff import document_kind

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
    notes: list[str] = field(default_factory=list)  # parts of indexed files not read (pages)
    paragraphs: int = 0  # paragraphs written in this run
    seconds: float = 0.0
    rebuilt_outdated: bool = False  # an older undocs's index was replaced

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {len(self.refused)} refused "
                f"({self.paragraphs} paragraphs written in {self.seconds:.1f} s)"
                + (f"; {len(self.skipped)} skipped: not a document ({', '.join(self.skipped[:3])}"
                   f"{', …' if len(self.skipped) > 3 else ''})" if self.skipped else ""))


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[Path], list[str],
                                            list[str]]:
    """The document files under `paths`: (file, folder it was found in) pairs, each file
    once however often it is named, the folders searched (whose vanished files are
    removed), one error line per missing path, and the files of those folders that are
    no document (by content: `N2534567` without an extension is still a PDF)."""
    found: list[tuple[Path, Path]] = []
    folders: list[Path] = []
    errors: list[str] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            folders.append(root)
            for file in sorted(root.rglob("*")):
                relative = file.relative_to(root)
                if (file.is_file() and file.name.lower() not in NOT_DOCUMENTS
                        and not any(part.startswith((".", "__")) for part in relative.parts)):
                    if document_kind(file):
                        found.append((file, root))
                    else:
                        skipped.append(str(relative))
        elif path.is_file():
            found.append((path.resolve(), path.resolve().parent))
        else:
            errors.append(f"{path}: no such file or directory")
    first_root: dict[Path, Path] = {}  # a file named twice is indexed once
    for file, root in found:
        first_root.setdefault(file, root)
    return list(first_root.items()), folders, errors, skipped


def open_or_create(index_dir: Path, rebuild: bool = False):
    """Open the index in `index_dir`, creating it (and the folder) if need be."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if rebuild or not index_exists(index_dir):
            return whoosh_index.create_in(str(index_dir), build_schema())
    except OSError as err:
        raise IndexError_(f"{index_dir}: {err.strerror or err}") from None
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        ix.searcher().close()  # opens every segment: damage shows here, not mid-run
    except Exception as err:  # noqa: BLE001 - whoosh raises many kinds on a damaged index
        raise IndexError_(unusable_index(index_dir, err)) from None
    try:
        check_version(ix, index_dir)
    except IndexVersionError as err:
        raise (OutdatedIndex if err.outdated else IndexError_)(str(err)) from None
    return ix


def _file_records(ix) -> dict[str, dict]:
    with ix.searcher() as searcher:
        return {fields["source"]: fields
                for fields in searcher.documents(record=FILE)}


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def update_index(
    index_dir: Path,
    paths: Iterable[Path],
    *,
    jobs: int = 0,
    rebuild: bool = False,
    commit_every: int = 1000,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[str], None] | None = None,
) -> UpdateSummary:
    """Bring the index in `index_dir` up to date with the files under `paths`.

    `on_start(n)` is told how many files will be (re)indexed, `on_file(name)` each time
    one is done. Commits every `commit_every` files. Raises `IndexBusy` if another
    process is updating the same index.
    """
    started = time.monotonic()
    jobs = jobs or os.cpu_count() or 1
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    from whoosh.filedb.filestore import FileStorage

    run_lock = FileStorage(str(index_dir)).lock(RUN_LOCK)
    if not run_lock.acquire(blocking=False):
        raise IndexBusy(f"{index_dir}: another undocs index is updating this index; "
                        "try again when it has finished")
    try:
        return _update(index_dir, paths, jobs, rebuild, commit_every, on_start, on_file,
                       started)
    finally:
        run_lock.release()


def _update(index_dir, paths, jobs, rebuild, commit_every, on_start, on_file, started):
    summary = UpdateSummary()
    try:
        ix = open_or_create(index_dir, rebuild)
    except OutdatedIndex:
        ix = open_or_create(index_dir, rebuild=True)
        summary.rebuilt_outdated = True
    known = _file_records(ix)
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
        tasks.append(FileTask(path=str(file), source=source, display=str(file.relative_to(root))))
    vanished = [known[source] for source in known if source not in seen and any(
        Path(source).is_relative_to(folder) for folder in folders)]
    if not tasks and not vanished:  # nothing to write: no workers, no new commit
        summary.seconds = time.monotonic() - started
        return summary
    # Workers start now: while this process settles the claims, they load jieba's
    # dictionary (half a second each) if the new files look Chinese.
    preload = any(_looks_chinese(task) for task in tasks)
    with _Workers(jobs, on_file, preload_chinese=preload) as workers:
        accepted = _claim(tasks, known, vanished, summary)
        if on_start:
            on_start(len(accepted))

        # Every old version goes in the first commit, with the first new segments: from
        # then on no key of the run is held by a stale version, so a later round can
        # never delete a file that an earlier round just wrote under a key it took over
        # (two files swapping symbols). Deletions only reach segments committed before.
        replaced = vanished + [known[t.source] for t in accepted if t.source in known]
        rounds = [accepted[i:i + commit_every]
                  for i in range(0, len(accepted), commit_every)] or [[]]
        for number, batch in enumerate(rounds):
            deletions = [] if number else replaced
            segments = workers.write(str(index_dir), batch)
            _commit(ix, deletions, segments, last=number == len(rounds) - 1)
            for outcome in workers.outcomes:
                if outcome.error:
                    summary.refused.append(outcome.error)
                elif outcome.task.source in known:
                    summary.updated += 1
                else:
                    summary.added += 1
                summary.paragraphs += outcome.paragraphs
    summary.removed = len(vanished)
    summary.seconds = time.monotonic() - started
    return summary


def _looks_chinese(task: FileTask) -> bool:
    """A hint from the file name (`report.zh.md`); the parser has the last word."""
    return lang_code(split_name(Path(task.path).name)[2]) == "zh"


def _claim(tasks: list[FileTask], known: dict, vanished: list[dict],
           summary: UpdateSummary) -> list[FileTask]:
    """The tasks to index. A quick parse names each file's (symbol, language) key; a
    file claiming a key that another file keeps is refused before any worker writes.

    A changed file keeps its old key until it is accepted under its new one: refused,
    its old version stays, and so does its claim (else a newcomer could take the key
    and share it with the stale version). Refusals can free nothing, so repeating the
    pass until nothing changes settles every claim."""
    gone = {record["source"] for record in vanished}
    keys: dict[str, tuple[str, str]] = {}  # source -> (new key, how to name it)
    for task in tasks:
        try:
            document = parse_file(Path(task.path), source=task.display)
        except ParseError as err:
            summary.refused.append(str(err))
            continue
        summary.notes.extend(f"{task.display}: {note}" for note in document.notes)
        keys[task.source] = (doc_key(document.symbol, document.lang),
                             f"{document.symbol} ({document.lang})")
    changing = {task.source for task in tasks}
    refused: dict[str, str] = {}  # source -> the file holding its key
    while True:
        held = {record["doc_key"]: source for source, record in known.items()
                if source not in gone and (source not in changing or source in refused
                                           or source not in keys)}
        new_refusals = {}
        for task in tasks:
            if task.source not in keys or task.source in refused:
                continue
            key = keys[task.source][0]
            owner = held.get(key)
            if owner is not None and owner != task.source:
                new_refusals[task.source] = owner
            else:
                held[key] = task.source
        if not new_refusals:
            break
        refused.update(new_refusals)
    for task in tasks:
        if task.source in refused:
            owner = refused[task.source]
            shown = known[owner]["file"] if owner in known else next(
                t.display for t in tasks if t.source == owner)
            summary.refused.append(f"{task.display}: {keys[task.source][1]} is already "
                                   f"indexed from {shown}")
    return [task for task in tasks if task.source in keys and task.source not in refused]


def _commit(ix, deletions: list[dict], segments: list, last: bool) -> None:
    """One atomic commit: the deletions, and the workers' segments added to the index.

    Mirrors Whoosh's own multi-segment commit; small segments are merged on the last
    round of a run only (each merge rewrites postings in this one process)."""
    writer = ix.writer()
    try:
        for record in deletions:
            _delete(writer, record)
        final = writer._merge_segments(None, None, last) + segments
        if writer._added:  # the merge policy copied small segments into this writer
            final.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(final)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise


def _delete(writer, record: dict) -> None:
    """Remove a file's paragraphs and its file record (all share its doc_key)."""
    writer.delete_by_term("doc_key", record["doc_key"])
    writer.delete_by_term("id", record["id"])


class _Workers:
    """Worker processes that write segments (or this process, for one job)."""

    def __init__(self, jobs: int, on_file: Callable[[str], None] | None,
                 preload_chinese: bool = False):
        self.jobs = jobs
        self.on_file = on_file
        self.preload_chinese = preload_chinese
        self.outcomes: list = []
        self.pool = None
        self.progress = None
        self.reader = None

    def __enter__(self) -> _Workers:
        if self.jobs > 1:
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.progress = context.SimpleQueue()
            self.pool = context.Pool(self.jobs, initializer=worker_init,
                                     initargs=(self.progress, self.preload_chinese))
            self.reader = threading.Thread(target=self._report, daemon=True)
            self.reader.start()
        return self

    def _report(self) -> None:
        while True:
            name = self.progress.get()
            if name is None:
                return
            if self.on_file:
                try:
                    self.on_file(name)
                except Exception:  # noqa: BLE001 - a display problem must not stall workers
                    self.on_file = None

    def write(self, index_dir: str, tasks: list[FileTask]) -> list:
        """Segments holding `tasks`, written in parallel; outcomes in `self.outcomes`."""
        self.outcomes = []
        if not tasks:
            return []
        if self.pool is None:
            results = [self._write_here(index_dir, tasks)]
        else:
            groups = split_evenly(tasks, self.jobs, lambda t: _size(t.path))
            results = self.pool.map(write_segments_job,
                                    [(index_dir, group) for group in groups], chunksize=1)
        segments = []
        for written, outcomes in results:
            segments.extend(written)
            self.outcomes.extend(outcomes)
        return segments

    def _write_here(self, index_dir: str, tasks: list[FileTask]):
        set_progress(_Callback(self.on_file) if self.on_file else None)
        try:
            return write_segments(index_dir, tasks)
        finally:
            set_progress(None)

    def __exit__(self, kind, value, traceback) -> None:
        if self.pool is not None:
            if kind is None:
                self.pool.close()
                self.pool.join()
                self.progress.put(None)
                self.reader.join(timeout=5)
            else:
                # a terminated worker may have died holding the queue's lock: leave the
                # (daemon) reader thread to end with the process
                self.pool.terminate()
                self.pool.join()


class _Callback:
    """A progress 'queue' for writing in this process: calls `on_file` directly."""

    def __init__(self, on_file):
        self.put = on_file


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
