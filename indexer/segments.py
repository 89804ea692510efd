"""Parallel writing: each worker process parses, analyses and writes whole segments.

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
import os
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from undocs.analyzers.chinese import jieba_tokenizer
from undocs.indexer.analyse import AnalysedFile, FileTask, analyse_file, file_record
from undocs.indexer.storage import open_index
from undocs.indexer.writer import SegmentBuilder

_PROGRESS: list = []  # in a worker: the queue that reports finished files, if any


@dataclass
class Outcome:
    """What became of one file in a worker."""

    task: FileTask
    paragraphs: int = 0
    error: str = ""  # the one-line refusal, if the file could not be parsed
    notes: tuple[str, ...] = ()  # what indexing changed in it (giant paragraphs split)


def set_progress(progress) -> None:
    """Where `write_segments` reports each finished file: a queue, or an object whose
    `put` is a callback (when this process writes), or None."""
    _PROGRESS[:] = [progress] if progress is not None else []


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


# Postings one worker holds before it writes them out as a segment (about 100 bytes
# each in memory): bounds a worker's memory; more, smaller segments cost merges later.
MAX_POSTINGS = 2_500_000


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
                result = _analyse(task)
                if result.document is None:
                    outcomes.append(Outcome(task, error=result.error))
                else:
                    for entry in result.entries:
                        writer.add_document(**entry)
                    writer.add_document(**file_record(result))
                    outcomes.append(Outcome(task, paragraphs=len(result.entries),
                                            notes=tuple(result.notes)))
                if _PROGRESS:
                    _PROGRESS[0].put(task.display)
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
    """`analyse_file`, with any failure on one file made that file's refusal."""
    try:
        return analyse_file(task)
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


def write_segments_job(job: tuple[str, list[FileTask]]):
    return write_segments(*job)


def split_evenly(tasks: list[FileTask], parts: int, size) -> list[list[FileTask]]:
    """`tasks` in at most `parts` groups of about equal total `size(task)`."""
    groups: list[list[FileTask]] = [[] for _ in range(max(1, min(parts, len(tasks))))]
    loads = [0] * len(groups)
    for task in sorted(tasks, key=size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(task)
        loads[lightest] += size(task)
    return [group for group in groups if group]
