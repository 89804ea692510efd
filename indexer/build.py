"""Build or update the index: incremental, on several cores, crash-safe.

- Incremental: a file whose content hash is unchanged is skipped; a changed file's
  entries are replaced; a file gone from an indexed folder loses its entries.
- Parallel: worker processes parse and analyse (`indexer.analyse`); this process is
  the single writer (Whoosh's own multi-process writer proved unreliable).
- Crash-safe: every commit writes paragraphs together with their file's record, and
  Whoosh swaps in a new table of contents atomically; a SIGKILL or Ctrl-C leaves the
  last commit searchable and the next run carries on from it. Whoosh's locks are
  `flock` locks, which the kernel drops with a dead process: no stale lock survives.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.analyse import AnalysedFile, FileTask, analyse_file, doc_key
from indexer.schema import FILE, IndexVersionError, build_schema, check_version
from indexer.symbols import symbol_key

DOCUMENT_SUFFIXES = (".md", ".txt", ".markdown")
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
    paragraphs: int = 0  # paragraphs written in this run
    seconds: float = 0.0
    rebuilt_outdated: bool = False  # an older undocs's index was replaced

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {len(self.refused)} refused "
                f"({self.paragraphs} paragraphs written in {self.seconds:.1f} s)")


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[Path], list[str]]:
    """The document files under `paths`: (file, folder it was found in) pairs, the folders
    searched (whose vanished files are removed), and one error line per missing path."""
    found: list[tuple[Path, Path]] = []
    folders: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            folders.append(root)
            for file in sorted(root.rglob("*")):
                relative = file.relative_to(root)
                if (file.is_file() and file.suffix.lower() in DOCUMENT_SUFFIXES
                        and file.name.lower() not in NOT_DOCUMENTS
                        and not any(part.startswith((".", "__")) for part in relative.parts)):
                    found.append((file, root))
        elif path.is_file():
            found.append((path.resolve(), path.resolve().parent))
        else:
            errors.append(f"{path}: no such file or directory")
    return found, folders, errors


def open_or_create(index_dir: Path, rebuild: bool = False):
    """Open the index in `index_dir`, creating it (and the folder) if need be."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if rebuild or not whoosh_index.exists_in(str(index_dir)):
            return whoosh_index.create_in(str(index_dir), build_schema())
        ix = whoosh_index.open_dir(str(index_dir))
    except OSError as err:
        raise IndexError_(f"{index_dir}: {err.strerror or err}") from None
    except Exception as err:  # noqa: BLE001 - whoosh raises many kinds on a damaged index
        raise IndexError_(f"{index_dir}: not a usable undocs index ({err})") from None
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


def _worker_init() -> None:
    # Ctrl-C is the writer's to handle: it cancels the open batch and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analysed(tasks: list[FileTask], jobs: int) -> Iterator[AnalysedFile]:
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(analyse_file, tasks)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    # Back-pressure: at most two files per worker in flight. Without it the pool runs
    # ahead of the single writer and finished files pile up in the writer's memory.
    in_flight = threading.BoundedSemaphore(2 * jobs)
    stopped = threading.Event()  # so that the pool's feeder thread never waits forever

    def feed() -> Iterator[FileTask]:
        for task in tasks:
            while not in_flight.acquire(timeout=0.1):
                if stopped.is_set():
                    return
            yield task

    with context.Pool(min(jobs, len(tasks)), initializer=_worker_init) as pool:
        try:
            for result in pool.imap_unordered(analyse_file, feed(), chunksize=1):
                in_flight.release()
                yield result
        finally:
            stopped.set()


def update_index(
    index_dir: Path,
    paths: Iterable[Path],
    *,
    jobs: int = 0,
    rebuild: bool = False,
    commit_every: int = 200,
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
    found, folders, summary.refused = discover(paths)

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
    vanished = [source for source in known if source not in seen and any(
        Path(source).is_relative_to(folder) for folder in folders)]

    claimed = {record["doc_key"]: source for source, record in known.items()
               if source not in vanished}
    if on_start:
        on_start(len(tasks))

    writer = ix.writer(limitmb=256)
    pending = 0
    try:
        for source in vanished:
            _delete(writer, known[source])
            claimed = {k: s for k, s in claimed.items() if s != source}
            summary.removed += 1
            pending += 1
        for result in _analysed(tasks, jobs):
            pending += _write(writer, result, known, claimed, summary)
            if on_file:
                on_file(result.task.display)
            if pending >= commit_every:
                writer.commit()
                writer = ix.writer(limitmb=256)
                pending = 0
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    summary.seconds = time.monotonic() - started
    return summary


def _delete(writer, record: dict) -> None:
    """Remove a file's paragraphs and its file record (all share its doc_key)."""
    writer.delete_by_term("doc_key", record["doc_key"])
    writer.delete_by_term("id", record["id"])


def _write(writer, result: AnalysedFile, known, claimed, summary: UpdateSummary) -> int:
    """Write one analysed file; return 1 if the index changed, else 0."""
    task = result.task
    if result.document is None:
        summary.refused.append(result.error)
        return 0
    document = result.document
    key = doc_key(document.symbol, document.lang)
    for old_key in [k for k, s in claimed.items() if s == task.source]:
        del claimed[old_key]  # the file may have changed its symbol
    owner = claimed.get(key)
    if owner is not None and owner != task.source:
        summary.refused.append(
            f"{task.display}: {document.symbol} ({document.lang}) is already indexed "
            f"from {known.get(owner, {}).get('file', owner)}")
        return 0
    if task.source in known:
        _delete(writer, known[task.source])
        summary.updated += 1
    else:
        summary.added += 1
    claimed[key] = task.source
    for entry in result.entries:
        writer.add_document(**entry)
    writer.add_document(
        record=FILE,
        id=f"file|{task.source}",
        source=task.source,
        file=task.display,
        symbol=document.symbol,
        symbol_key=symbol_key(document.symbol),
        doc_key=key,
        lang=document.lang,
        date=document.date or None,
        title=document.title,
        meta={
            "hash": document.content_hash,
            "paragraphs": len(result.entries),
            "symbol_from": document.symbol_from,
            "distribution": document.distribution,
            "original": document.original,
            "indexed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )
    summary.paragraphs += len(result.entries)
    return 1
