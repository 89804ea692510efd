"""Warm query latency per class on an existing index, and the index size ÷ text.

Run from the repository root: ``.venv/bin/python benchmarks/warm.py INDEX_DIR CORPUS_DIR
[--queries N] [--seed S]``, where CORPUS_DIR is what ``benchmarks/corpusgen.py`` wrote
and INDEX_DIR its index (``undocs index --index INDEX_DIR CORPUS_DIR``). The query
classes and the timing loop are `benchmarks/query.py`'s (the same queries for the same
index and seed), without its references and cold processes, so that two builds of the
same corpus (before and after a change of the index format) compare in minutes.
Printed: warm p50/p95/max in ms per class, with and without snippets (each query's
time the fastest of ``--repeat`` passes over all queries: on a shared machine a single
run's spikes are other processes'), the average total, and the index size as a multiple of the
corpus's paragraph text. Each table is printed twice: wall clock, and the CPU time of
the searching thread, which the load of other processes on a shared machine leaves
out.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from query import LIMIT, indexed_paragraphs, make_classes, ms, p50_p95, table


def run_warm(index_dir: Path, classes, repeat: int) -> float:
    """Time every query of every class, with and without snippets, each the fastest
    of `repeat` passes over all the queries (the machine is shared: a run's spikes are
    other processes'; a query is never run twice in a row, which the searcher's cache
    of the last query's scores would answer); returns the Searcher's open time."""
    from undocs.search import Searcher

    start = time.perf_counter()
    searcher = Searcher(index_dir)
    opened = time.perf_counter() - start
    with searcher:
        for qc in classes:  # warm-up: jieba, OpenCC, stemmers, caches, the OS cache
            for q in qc.queries:
                searcher.search(q, limit=LIMIT, snippets=True)
        for snippets in (False, True):
            label = "snippets" if snippets else "plain"
            best = {qc.name: [float("inf")] * len(qc.queries) for qc in classes}
            cpu = {qc.name: [float("inf")] * len(qc.queries) for qc in classes}
            for _ in range(repeat):
                for qc in classes:
                    times, cpu_times = best[qc.name], cpu[qc.name]
                    for i, q in enumerate(qc.queries):
                        t0, c0 = time.perf_counter(), time.thread_time()
                        result = searcher.search(q, limit=LIMIT, snippets=snippets)
                        times[i] = min(times[i], time.perf_counter() - t0)
                        cpu_times[i] = min(cpu_times[i], time.thread_time() - c0)
                        if not snippets and len(qc.hits) < len(qc.queries):
                            qc.hits.append(result.total)
            for qc in classes:
                qc.timings[label] = best[qc.name]
                qc.timings[label + " cpu"] = cpu[qc.name]
    return opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--queries", type=int, default=100, help="queries per class")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes over the queries; each query's fastest counts")
    args = parser.parse_args()
    # in one order whatever order the build wrote them in: the same queries every time
    paras = sorted(indexed_paragraphs(args.index), key=lambda p: p.key)
    text_mb = sum(len(p.text.encode("utf-8")) for p in paras) / 1e6
    index_mb = sum(f.stat().st_size for f in args.index.iterdir() if f.is_file()) / 1e6
    print(f"index: {len(paras)} paragraphs, {text_mb:.1f} MB text, {index_mb:.1f} MB "
          f"index = {index_mb / text_mb:.2f}× the text")
    classes = make_classes(paras, args.queries, args.seed)
    opened = run_warm(args.index, classes, args.repeat)
    print(f"Searcher open {ms(opened)} ms")
    rows = [[qc.name, str(len(qc.queries)), f"{statistics.mean(qc.hits):.0f}",
             *p50_p95(qc.timings.get("plain"), True),
             *p50_p95(qc.timings.get("snippets"), True)] for qc in classes]
    print("wall clock (ms):")
    table(["class", "n", "hits avg", "p50", "p95", "max", "snip p50", "snip p95",
           "snip max"], rows)
    print("CPU time of the searching thread (ms; what other processes' load leaves out):")
    rows = [[qc.name, str(len(qc.queries)), f"{statistics.mean(qc.hits):.0f}",
             *p50_p95(qc.timings.get("plain cpu"), True),
             *p50_p95(qc.timings.get("snippets cpu"), True)] for qc in classes]
    table(["class", "n", "hits avg", "p50", "p95", "max", "snip p50", "snip p95",
           "snip max"], rows)


if __name__ == "__main__":
    main()
