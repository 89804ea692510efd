"""The jobs of a worker process: parse files, write them as segments, merge segments.

Each file is parsed once, by a `parse` job: the claims (`indexer.claims`) need every
file's key before anything is written, so the parsed document waits in a scratch
folder (a pickle, deleted when read) for the `write` job that analyses it.

Whoosh's writer is single-threaded Python; one writer fed by parsing workers spent
two thirds of a build adding postings. So every worker opens the index, writes its
share of the files into segments of its own (without the index lock, with the
in-memory `indexer.writer.SegmentBuilder`), and hands the segments back; the process
that holds the lock commits all segments of a round, with its deletions, in one new
table of contents (`indexer.build`). Until that commit a worker's segment is
invisible, and an interrupted run leaves only orphan files that the next commit
removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import pickle
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from undocs.analyzers.chinese import jieba_tokenizer
from undocs.indexer.analyse import (
    AnalysedFile,
    FileTask,
    analyse_document,
    analyse_file,
    doc_key,
    file_record,
)
from undocs.indexer.parse import parse_file
from undocs.indexer.records import ParseError
from undocs.indexer.sniff import SNIFF_BYTES, sniff
from undocs.indexer.storage import open_index
from undocs.indexer.writer import SegmentBuilder

_PROGRESS: list = []  # in a worker: where it reports files begun and finished, if any


@dataclass
class Job:
    """One job for a worker: `parse` tasks into `scratch`, `write` them (parsed) into
    segments of the index in `index_dir`, or `merge` its `segments` into one."""

    kind: str
    index_dir: str
    tasks: list[FileTask] = field(default_factory=list)
    scratch: str = ""
    segments: list = field(default_factory=list)

    def with_tasks(self, tasks: list[FileTask]) -> Job:
        return replace(self, tasks=tasks)


@dataclass
class Parsed:
    """What a parse job tells of one file: what the claims need, and where the parsed
    document waits (`task.parsed`)."""

    task: FileTask
    error: str = ""  # the one-line refusal
    key: str = ""  # `symbol|lang`
    shown: str = ""  # `SYMBOL (lang)`, to name the key in a refusal
    format: str = ""  # `pdf`, `docx` or `text`
    pages: int = 0
    notes: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What became of one file in a worker."""

    task: FileTask
    paragraphs: int = 0
    error: str = ""  # the one-line refusal, if the file could not be parsed
    notes: tuple[str, ...] = ()  # what indexing changed in it (giant paragraphs split)


def set_progress(progress) -> None:
    """Where jobs report each file they begin and finish: a pipe to the parent
    (`send(("begin", task))`, `send(("end", (task, outcome)))`), or None."""
    _PROGRESS[:] = [progress] if progress is not None else []


def _tell(kind: str, value) -> None:
    if _PROGRESS:
        _PROGRESS[0].send((kind, value))


def run_job(job: Job, conn=None):
    """Run `job` in this worker, reporting through `conn`: a parse job's results go
    file by file (`end` messages), a write job returns (segments, outcomes), a merge
    job the merged segment."""
    set_progress(conn)
    try:
        if job.kind == "parse":
            for task in job.tasks:
                _tell("begin", task)
                parsed = parse_task(task, job.scratch)
                _tell("end", (task, parsed))
            return None
        if job.kind == "write":
            return write_segments(job.index_dir, job.tasks)
        return merge_segments(job.index_dir, job.segments)
    finally:
        set_progress(None)


def parse_task(task: FileTask, scratch: str) -> Parsed:
    """Parse one file for the claims; the document waits in `scratch` for its write."""
    try:
        document = parse_file(Path(task.path), source=task.display)
    except ParseError as err:
        return Parsed(task, error=str(err))
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
        return Parsed(task, error=f"{task.display}: cannot be indexed "
                                  f"({type(err).__name__}: {err})")
    name = hashlib.sha256(task.source.encode("utf-8", "surrogateescape")).hexdigest()
    path = os.path.join(scratch, f"{name}.pickle")
    with open(path, "wb") as stream:
        pickle.dump(document, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return Parsed(replace(task, parsed=path), key=doc_key(document.symbol, document.lang),
                  shown=f"{document.symbol} ({document.lang})",
                  format=_format(task.path), pages=document.pages,
                  notes=tuple(f"{task.display}: {note}" for note in document.notes))


def _format(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return sniff(handle.read(SNIFF_BYTES), path)
    except (OSError, ParseError):
        return ""


def worker_init(progress=None, preload_chinese: bool = False, parent: int | None = None,
                close_fds=()) -> None:
    """Pool initializer: the worker dies with `parent` and drops its copies of
    `close_fds` (the run lock: `indexer.workers`); Ctrl-C is the committing process's
    to handle; jieba's dictionary loads now if Chinese files are coming (else on the
    first one)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    for fd in close_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    set_progress(progress)
    if preload_chinese:
        try:
            jieba_tokenizer()
        except Exception:  # noqa: BLE001 - a failing initializer makes the pool respawn
            pass  # workers forever; the first Chinese file loads again and reports it


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), and exit now
    if the parent is already gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


# Postings one worker holds before it writes them out as a segment (about 30 bytes
# each in memory, `writer.MemoryPool`; 16 MB of text are about 5.5 million, Chinese
# more): bounds a worker's memory; more, smaller segments cost term writes and merges.
MAX_POSTINGS = 7_000_000


def write_segments(index_dir: str, tasks: list[FileTask],
                   max_postings: int = MAX_POSTINGS) -> tuple[list, list[Outcome]]:
    """Write `tasks` into new, uncommitted segments of the index in `index_dir`: one,
    or more if a segment would hold over `max_postings` postings.

    Returns ([segment], [Outcome]). Uses the segment writer the way Whoosh's own
    multiprocessing writer uses its sub-writers (`_lk=False`, `_finalize_segment`):
    tested against whoosh 2.7.4, which the project pins."""
    ix = open_index(index_dir)
    segments, outcomes = [], []
    writer = SegmentBuilder(ix)
    try:
        with _without_cyclic_gc():
            for task in tasks:
                _tell("begin", task)
                result = _analyse(task)
                if result.document is None:
                    outcomes.append(Outcome(task, error=result.error))
                else:
                    for entry in result.entries:
                        writer.add_document(**entry)
                    writer.add_document(**file_record(result))
                    outcomes.append(Outcome(task, paragraphs=len(result.entries),
                                            notes=tuple(result.notes)))
                _tell("end", (task, None))
                if writer.postings > max_postings:
                    segments.append(writer._finalize_segment())
                    writer = SegmentBuilder(ix)
        # Never `cancel()` or `_finish()` here: they delete the temporary folder all
        # writers of the index share, under the feet of the other workers. The
        # committing process removes it once a round is over.
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        return segments, outcomes
    except BaseException:
        writer._close_segment()
        raise


def _analyse(task: FileTask):
    """`analyse_file` (of the parsed document if it waits, which is then deleted), with
    any failure on one file made that file's refusal."""
    try:
        if not task.parsed:
            return analyse_file(task)
        with open(task.parsed, "rb") as stream:
            document = pickle.load(stream)  # noqa: S301 - written by this run's parse job
        with contextlib.suppress(OSError):
            os.unlink(task.parsed)
        return analyse_document(task, document)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
        return AnalysedFile(task, error=f"{task.display}: cannot be indexed "
                                        f"({type(err).__name__}: {err})")


@contextmanager
def _without_cyclic_gc():
    """Pause the cyclic garbage collector: the millions of postings a builder holds
    contain no cycles, yet each full collection walks them all (7% of a build)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def merge_segments(index_dir: str, segments: list):
    """One new, uncommitted segment holding the live documents of `segments`, written
    in this worker by copying their posting blocks (`indexer.fastmerge`: what Whoosh's
    own merge writes, several times faster); the committing process swaps it in for
    them in one table of contents (`indexer.commit`)."""
    from undocs.indexer.fastmerge import fast_merge

    with _without_cyclic_gc():
        return fast_merge(open_index(index_dir), segments, lambda n: _tell("step", n))


def merge_segments_whoosh(index_dir: str, segments: list):
    """`merge_segments` the way Whoosh's own merges write (`add_reader`): the reference
    `tests/indexer/test_fastmerge.py` compares the fast merge with."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import SegmentWriter

    ix = open_index(index_dir)
    writer = SegmentWriter(ix, _lk=False)
    try:
        with _without_cyclic_gc():
            for segment in segments:
                reader = SegmentReader(ix.storage, ix.schema, segment)
                try:
                    writer.add_reader(reader)
                finally:
                    reader.close()
                _tell("step", segment.doc_count_all())
        return writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise


def split_evenly(tasks: list[FileTask], parts: int, size) -> list[list[FileTask]]:
    """`tasks` in at most `parts` groups of about equal total `size(task)`."""
    groups: list[list[FileTask]] = [[] for _ in range(max(1, min(parts, len(tasks))))]
    loads = [0] * len(groups)
    for task in sorted(tasks, key=size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(task)
        loads[lightest] += size(task)
    return [group for group in groups if group]
