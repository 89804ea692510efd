"""Processes measured from outside: CPU seconds, wall time and peak memory of a whole
process tree (a command and the workers it starts).

CPU comes from `resource.getrusage(RUSAGE_CHILDREN)` around the run (every descendant
that was waited for counts). Memory is sampled from `/proc` every `SAMPLE_SECONDS`: the
peak of the summed RSS of the tree and the peak of its summed PSS (forked workers share
pages with their parent; PSS counts a shared page once over its sharers, RSS in each),
beside the largest single process's `ru_maxrss` from `os.wait4`, which is exact.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.2


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of every process of the tree
    peak_rss_mb: float  # the tree's summed RSS at its sampled peak
    peak_pss_mb: float  # the tree's summed PSS at its sampled peak
    max_rss_mb: float  # the largest single process (ru_maxrss, exact)
    stdout: str
    stderr: str


def _children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(name))
    return children


def tree(root: int) -> list[int]:
    """`root` and every process descended from it that is alive now."""
    children = _children_of()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB, (0, 0) if it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def own_rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    return own_memory_mb()["rss"]


_STATUS_KEYS = {"VmRSS": "rss", "RssAnon": "anon", "RssFile": "file", "RssShmem": "shmem"}


def own_memory_mb() -> dict[str, float]:
    """This process's resident memory now, in MB: `rss` (VmRSS, the figure the aims
    name) = `anon` (the heap: Python objects, caches) + `file` (pages of mapped files
    the process touched, such as the index's: clean, shared with the page cache, and
    dropped by the kernel under pressure) + `shmem`; NaN where the kernel says none."""
    found = dict.fromkeys(_STATUS_KEYS.values(), float("nan"))
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in _STATUS_KEYS:
                found[_STATUS_KEYS[key]] = int(value.split()[0]) / 1024
    return found


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Measured:
    """Run `cmd` to its end, sampling its process tree; raise on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [memory_kb(pid) for pid in tree(proc.pid)]
            peaks[0] = max(peaks[0], sum(r for r, _ in sizes))
            peaks[1] = max(peaks[1], sum(p for _, p in sizes))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # read the pipes in threads, so that a chatty child never blocks on a full pipe
    out: dict[str, str] = {}
    readers = [threading.Thread(target=lambda k=k, f=f: out.__setitem__(k, f.read()))
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} ... exited {proc.returncode}: "
                           f"{out.get('err', '')[-800:]}")
    return Measured(wall, cpu, peaks[0] / 1024, peaks[1] / 1024, usage.ru_maxrss / 1024,
                    out.get("out", ""), out.get("err", ""))
