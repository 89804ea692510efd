"""The warm undocs measurement, run in a fresh process per index (`scale.py --child warm`):
`Searcher` open time, every query once to warm up (jieba, OpenCC, stemmers, caches, the
OS page cache), then every query timed with snippets (wall and CPU seconds: on a loaded
machine the wall time of a short query is mostly waiting for a core, the CPU time is
not), and the process's RSS after, with its parts: the heap (RssAnon) and the pages of
the mapped index files that the queries touched (RssFile)."""

from __future__ import annotations

import time
from pathlib import Path

from scalekit import procs, queries

LIMIT = 10


def measure(index_dir: Path, query_file: Path) -> dict:
    from undocs.search import Searcher

    classes = queries.load(query_file)
    rss_before = procs.own_rss_mb()
    start = time.perf_counter()
    searcher = Searcher(index_dir)
    opened = time.perf_counter() - start
    rss_open = procs.own_rss_mb()
    timings: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    with searcher:
        for qc in classes:
            for q in qc.queries:
                searcher.search(q, limit=LIMIT, snippets=True)
        for qc in classes:
            times, found = timings.setdefault(qc.name, []), totals.setdefault(qc.name, [])
            cpu_times = cpu.setdefault(qc.name, [])
            for q in qc.queries:
                t0, c0 = time.perf_counter(), time.process_time()
                result = searcher.search(q, limit=LIMIT, snippets=True)
                cpu_times.append(time.process_time() - c0)
                times.append(time.perf_counter() - t0)
                found.append(result.total)
        memory = procs.own_memory_mb()
    return {"open_s": opened, "rss_before_open_mb": rss_before, "rss_open_mb": rss_open,
            "rss_mb": memory["rss"], "rss_anon_mb": memory["anon"],
            "rss_file_mb": memory["file"], "timings": timings, "cpu": cpu, "totals": totals}
