"""The worker processes of a run: a pool that writes groups of files as segments.

Workers die with the process that started them: on Linux each asks the kernel for
SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)`), so a killed `undocs index`
leaves no worker writing on, holding its run lock or printing tracebacks into the
terminal. They also close their inherited copy of the run lock (a `flock` lives as long
as any copy of its descriptor), so the lock goes with the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator

from undocs.indexer.analyse import FileTask
from undocs.indexer.segments import (
    set_progress,
    split_evenly,
    worker_init,
    write_segments,
    write_segments_job,
)


class Workers:
    """Worker processes that write segments (or this process, for one job). They die
    with this process (`segments.worker_init`) and drop their copies of `close_fds`."""

    def __init__(self, jobs: int, on_file: Callable[[str], None] | None,
                 preload_chinese: bool = False, close_fds: list[int] = ()):
        self.jobs = jobs
        self.on_file = on_file
        self.preload_chinese = preload_chinese
        self.close_fds = [fd for fd in close_fds if fd is not None]
        self.pool = None
        self.progress = None
        self.reader = None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.progress = context.SimpleQueue()
            self.pool = context.Pool(self.jobs, initializer=worker_init, initargs=(
                self.progress, self.preload_chinese, os.getpid(), self.close_fds))
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

    def write(self, index_dir: str, tasks: list[FileTask], most: int) -> Iterator[tuple]:
        """(segments, outcomes) of each group of `tasks` (at most about `most` files and
        `GROUP_BYTES` of input), as groups finish."""
        if not tasks:
            return
        total = sum(_size(task.path) for task in tasks)
        count = max(self.jobs, -(-total // GROUP_BYTES), -(-len(tasks) // most))
        groups = split_evenly(tasks, count, lambda t: _size(t.path))
        if self.pool is None:
            for group in groups:
                yield self._write_here(index_dir, group)
        else:
            yield from self.pool.imap_unordered(
                write_segments_job, [(index_dir, group) for group in groups], chunksize=1)

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


# A group of files a worker writes as one segment: small enough that a commit can follow
# within seconds (about 10 s of Chinese on one core, 4 s of other languages), large
# enough to keep segments few (each holds its own term dictionary: an index in 4
# segments took 1.8 times the space of one).
GROUP_BYTES = 4_000_000


class _Callback:
    """A progress 'queue' for writing in this process: calls `on_file` directly."""

    def __init__(self, on_file):
        self.put = on_file


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
