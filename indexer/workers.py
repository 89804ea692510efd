"""The worker processes of a run, and the watch this process keeps over them.

Workers take jobs (`indexer.segments`: parse files, write segments, merge segments) one
at a time over a pipe, and say when they start and finish each file. This process
keeps the clock: a worker whose current file has run past the time limit is killed
(a PDFium call that never returns cannot be stopped from inside), the file is reported
in one line, the rest of its job goes to a fresh worker and nothing else is lost. A
worker that dies on a file (a crash in a C library) costs only that file, likewise.

Workers die with the process that started them: on Linux each asks the kernel for
SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)`), so a killed `undocs index`
leaves no worker writing on, holding its run lock or printing tracebacks into the
terminal. They also close their inherited copy of the run lock (a `flock` lives as long
as any copy of its descriptor), so the lock goes with the parent.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from undocs.indexer.segments import Job, run_job, worker_init

# How long one file may take to be read and parsed before its worker is killed: above
# the PDF reader's own limit (checked between pages, `readers.pdf.TIME_LIMIT`), which
# says more (the page it reached) when it is the one that stops a file.
FILE_TIMEOUT = 180.0
TIMEOUT_VARIABLE = "UNDOCS_FILE_TIMEOUT"


def file_timeout(value: float | None = None) -> float:
    """The time limit for one file: `value`, else $UNDOCS_FILE_TIMEOUT, else the default."""
    if value is not None:
        return value
    try:
        return environment_timeout() or FILE_TIMEOUT
    except ValueError:  # the command line refuses it in one line; a library caller gets this
        return FILE_TIMEOUT


def environment_timeout() -> float | None:
    """$UNDOCS_FILE_TIMEOUT in seconds, None when unset; ValueError unless a number above 0."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise ValueError(f"${TIMEOUT_VARIABLE}={value!r} is not a number of seconds above 0 "
                         "(unset it or give e.g. 300)")
    return seconds


@dataclass
class Stopped:
    """A file whose worker was killed (over the time limit) or died while on it."""

    task: object  # the FileTask
    message: str  # the one line naming it


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    job: Job | None = None
    current: object = None  # the task being read
    since: float = 0.0
    done: list = field(default_factory=list)  # (task, what came of it) per finished file


class Workers:
    """`jobs` worker processes running `segments.Job`s; `on_file(name)` is told each
    file a write job finishes. They die with this process and drop `close_fds`."""

    def __init__(self, jobs: int, on_file: Callable[[str], None] | None,
                 preload_chinese: bool = False, close_fds: list[int] = (),
                 timeout: float | None = None):
        self.jobs = max(1, jobs)
        self.on_file = on_file
        self.on_step: Callable[[int], None] | None = None
        self.on_parsed: Callable[[str], None] | None = None  # each file a parse job read
        self.preload_chinese = preload_chinese
        self.close_fds = [fd for fd in close_fds if fd is not None]
        self.timeout = file_timeout(timeout)
        self.context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.workers: list[_Worker] = []
        self.queue: deque[Job] = deque()
        self.reported: set[str] = set()  # files told to on_file (a redone job tells once)

    def __enter__(self) -> Workers:
        for _ in range(self.jobs):
            self._start()
        return self

    def _start(self) -> None:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, daemon=True, args=(
            theirs, (self.preload_chinese, os.getpid(), self.close_fds)))
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, ours))

    def submit(self, job: Job, first: bool = False) -> None:
        (self.queue.appendleft if first else self.queue.append)(job)

    def results(self) -> Iterator[tuple[Job, object]]:
        """(job, its result) as jobs finish, and (job, Stopped) for each file stopped;
        jobs submitted meanwhile are run too. A job that raises raises here."""
        while self.queue or any(worker.job is not None for worker in self.workers):
            self._dispatch()
            busy = [worker for worker in self.workers if worker.job is not None]
            ready = wait([worker.conn for worker in busy], timeout=self._wait())
            for worker in busy:
                if worker.conn in ready:
                    yield from self._receive(worker)
                elif worker.current is not None and (
                        time.monotonic() - worker.since > self.timeout):
                    yield from self._stop(worker, f"stopped after {self.timeout:g} s "
                                                  f"(the time limit for one file, "
                                                  f"${TIMEOUT_VARIABLE})")

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.job is None and self.queue:
                worker.job = self.queue.popleft()
                worker.done = []
                worker.conn.send(worker.job)

    def _wait(self) -> float:
        reading = [w.since for w in self.workers if w.current is not None]
        if not reading:
            return 1.0
        return max(0.01, min(1.0, min(reading) + self.timeout - time.monotonic()))

    def _receive(self, worker: _Worker) -> Iterator[tuple[Job, object]]:
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
            yield from self._stop(worker, f"its worker process died ({how})", kill=False)
            return
        if kind == "begin":
            worker.current, worker.since = value, time.monotonic()
        elif kind == "end":
            task, _ = value
            worker.current = None
            worker.done.append(value)
            if worker.job.kind == "write" and task.display not in self.reported:
                self.reported.add(task.display)
                self._tell(task.display)
            elif worker.job.kind == "parse" and self.on_parsed:
                self.on_parsed(task.display)
        elif kind == "step":  # a merge's progress: documents copied
            if self.on_step:
                self.on_step(value)
        elif kind == "result":
            job, worker.job, worker.current = worker.job, None, None
            yield job, ([item for _, item in worker.done] if job.kind == "parse" else value)
        else:  # "error": what the job raised
            worker.job = worker.current = None
            raise value

    def _tell(self, name: str) -> None:
        if self.on_file:
            try:
                self.on_file(name)
            except Exception:  # noqa: BLE001 - a display problem must not stop a run
                self.on_file = None

    def _stop(self, worker: _Worker, why: str, kill: bool = True) -> Iterator:
        """Kill `worker`, report its current file, queue the rest of its job for a new
        worker (its unfinished segment is lost with it: finished files are redone)."""
        if kill:
            with contextlib.suppress(OSError):
                os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.join(timeout=10)
        worker.conn.close()
        self.workers.remove(worker)
        self._start()
        job, task = worker.job, worker.current
        if task is None:  # died between files: a merge, or the job's bookkeeping
            if job.kind == "merge":
                return  # the segments stay as they are
            raise RuntimeError(f"a worker process {why} outside any file")
        rest = [t for t in job.tasks if t.source != task.source]
        if job.kind == "parse":  # what it parsed before is kept; a write job's is lost
            parsed = {t.source for t, _ in worker.done}
            rest = [t for t in rest if t.source not in parsed]
            if worker.done:
                yield job, [item for _, item in worker.done]
        if rest:
            self.submit(job.with_tasks(rest), first=True)
        if job.kind == "write" and task.display not in self.reported:
            self.reported.add(task.display)
            self._tell(task.display)
        yield job, Stopped(task, f"{task.display}: {why}")

    def __exit__(self, kind, value, traceback) -> None:
        for worker in self.workers:
            if kind is None and worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                with contextlib.suppress(OSError):
                    os.kill(worker.process.pid, signal.SIGKILL)
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    os.kill(worker.process.pid, signal.SIGKILL)
                worker.process.join()
            worker.conn.close()
        self.workers = []


def _serve(conn, init) -> None:
    """A worker's life: take a job, run it, send back what came of it; until told to
    stop (None) or its parent goes."""
    worker_init(None, *init)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            result = ("result", run_job(job, conn))
        except BaseException as err:  # noqa: BLE001 - the parent decides what it means
            result = ("error", _picklable(err))
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _picklable(err: BaseException) -> BaseException:
    import pickle

    try:
        pickle.dumps(err)
        return err
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(err).__name__}: {err}")
