"""Parallel writing: each worker process parses, analyses and writes whole segments.

Whoosh's writer is single-threaded Python; one writer fed by parsing workers spent
two thirds of a build adding postings. So every worker opens the index, writes its
share of the files into a segment of its own (without the index lock), and hands the
segment back; the process that holds the lock commits all segments of a round, with
its deletions, in one new table of contents (`indexer.build`). Until that commit a
worker's segment is invisible, and an interrupted run leaves only orphan files that
the next commit removes.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.analyse import FileTask, analyse_file, file_record

_PROGRESS: list = []  # in a worker: the queue that reports finished files, if any


@dataclass
class Outcome:
    """What became of one file in a worker."""

    task: FileTask
    paragraphs: int = 0
    error: str = ""  # the one-line refusal, if the file could not be parsed


def set_progress(progress) -> None:
    """Where `write_segment` reports each finished file: a queue, or an object whose
    `put` is a callback (when this process writes), or None."""
    _PROGRESS[:] = [progress] if progress is not None else []


def worker_init(progress=None) -> None:
    """Pool initializer: Ctrl-C is the committing process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_progress(progress)


POOL_MB = 512  # posting-pool memory shared by the workers: spilling to disk costs ~40%


def write_segment(index_dir: str, tasks: list[FileTask], pool_mb: int = POOL_MB):
    """Write `tasks` into a new, uncommitted segment of the index in `index_dir`.

    Returns (segment or None if nothing was written, [Outcome]). Uses Whoosh's
    SegmentWriter the way its own multiprocessing writer does (`_lk=False`,
    `_finalize_segment`): tested against whoosh 2.7.4, which the project pins."""
    ix = whoosh_index.open_dir(index_dir)
    writer = SegmentWriter(ix, _lk=False, limitmb=pool_mb)
    outcomes = []
    try:
        for task in tasks:
            result = analyse_file(task)
            if result.document is None:
                outcomes.append(Outcome(task, error=result.error))
            else:
                for entry in result.entries:
                    writer.add_document(**entry)
                writer.add_document(**file_record(result))
                outcomes.append(Outcome(task, paragraphs=len(result.entries)))
            if _PROGRESS:
                _PROGRESS[0].put(task.display)
        # Never `cancel()` or `_finish()` here: they delete the temporary folder all
        # writers of the index share, under the feet of the other workers. The
        # committing process removes it once a round is over.
        if not writer._added:
            writer._close_segment()
            return None, outcomes
        return writer._finalize_segment(), outcomes
    except BaseException:
        writer._close_segment()
        raise


def write_segment_job(job: tuple[str, list[FileTask], int]):
    return write_segment(*job)


def split_evenly(tasks: list[FileTask], parts: int, size) -> list[list[FileTask]]:
    """`tasks` in at most `parts` groups of about equal total `size(task)`."""
    groups: list[list[FileTask]] = [[] for _ in range(max(1, min(parts, len(tasks))))]
    loads = [0] * len(groups)
    for task in sorted(tasks, key=size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(task)
        loads[lightest] += size(task)
    return [group for group in groups if group]
