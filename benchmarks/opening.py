"""What opening an index costs, and the queries right after: this checkout beside another.

Run from the repository root: ``.venv/bin/python benchmarks/opening.py --index DIR
[--reference PYTHON] [--queries N] [--rounds N] [--cold N]``.

``DIR`` holds an index already built (e.g. ``benchmarks/corpusgen.py OUT --mb 19``, about
100k paragraphs, then ``undocs index --index DIR OUT``). Queries are drawn as
``benchmarks/query.py`` draws them (same seed, same classes): ``--queries`` each of Chinese
words, quoted Chinese phrases and quoted English phrases. Each measurement runs in a new
process (so its memory is its own), this checkout's and, with ``--reference PYTHON``
(the interpreter of another checkout's virtual environment, e.g. one at main), that
checkout's too, the two alternating round by round so that load from elsewhere weighs on
both alike. Printed per checkout:

* ``Searcher`` open time (median over rounds);
* the process's memory (``/proc/self/status``: VmRSS, and its anonymous part RssAnon,
  which mapped index pages are not) after the open and after the first 50 queries;
* warm p50/p95 per query class with snippets (every query run once untimed first), the
  mean CPU time of those queries (on a loaded machine wall time mostly measures the
  wait for a core), and
  the same for that first run ("first-seen": what a query pays before any cache of the
  searcher knows its terms; the first query of a class left out, it loads the class's
  analyzers);
* cold ``undocs search QUERY --index DIR --limit 10`` wall time (median), a Chinese word
  and an English phrase, each a new process;

and, with a reference, the ratio reference / this checkout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
CLASSES = ("zh word", "zh phrase", "en phrase")
LIMIT = 10
RSS_AFTER = 50  # queries


def memory() -> dict[str, int]:
    """VmRSS and RssAnon of this process, in kB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            found[key] = int(value.split()[0])
    return found


def measure(index_dir: str, queries: dict[str, list[str]]) -> dict:
    """One process's figures (run with `--measure`, by whichever checkout's Python)."""
    from undocs.search import Searcher

    start = time.perf_counter()
    searcher = Searcher(index_dir)
    opened = time.perf_counter() - start
    result = {"open": opened, "rss_open": memory()}
    done = 0
    first = {name: [] for name in CLASSES}
    with searcher:
        for name in CLASSES:  # warm-up: jieba, OpenCC, stemmers, caches, the OS cache
            for n, query in enumerate(queries[name]):
                t0 = time.perf_counter()
                searcher.search(query, limit=LIMIT, snippets=True)
                if n:  # the first of a class loads what the class needs
                    first[name].append(time.perf_counter() - t0)
                done += 1
                if done == RSS_AFTER:
                    result["rss_after"] = memory()
        timings = {name: [] for name in CLASSES}
        cpu = {name: [] for name in CLASSES}
        for name in CLASSES:
            for query in queries[name]:
                t0, c0 = time.perf_counter(), time.process_time()
                searcher.search(query, limit=LIMIT, snippets=True)
                timings[name].append(time.perf_counter() - t0)
                cpu[name].append(time.process_time() - c0)
    result.setdefault("rss_after", memory())
    result["timings"] = timings
    result["cpu"] = cpu
    result["first"] = first
    return result


def draw_queries(index_dir: Path, n: int, seed: int) -> dict[str, list[str]]:
    sys.path.insert(0, str(HERE.parent))
    import query as query_benchmark

    classes = query_benchmark.make_classes(query_benchmark.indexed_paragraphs(index_dir),
                                           n, seed)
    return {qc.name: qc.queries for qc in classes if qc.name in CLASSES}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def run_child(python: str, index_dir: Path, queries_file: Path) -> dict:
    out = subprocess.run([python, str(HERE), "--measure", str(queries_file), "--index",
                          str(index_dir)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def cold(python: str, index_dir: Path, query: str) -> float:
    start = time.perf_counter()
    subprocess.run([python, "-m", "undocs.search", "search", query, "--index", str(index_dir),
                    "--limit", str(LIMIT)], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--reference", help="another checkout's Python (its venv)")
    parser.add_argument("--queries", type=int, default=20, help="queries per class")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="processes per checkout")
    parser.add_argument("--cold", type=int, default=7, help="cold CLI runs per query")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(str(args.index), json.loads(args.measure.read_text()))))
        return

    queries = draw_queries(args.index, args.queries, args.seed)
    checkouts = {"this": sys.executable}
    if args.reference:
        checkouts["reference"] = args.reference
    runs: dict[str, list[dict]] = {name: [] for name in checkouts}
    colds: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}
    cold_queries = {"zh word": queries["zh word"][0], "en phrase": queries["en phrase"][0]}
    with tempfile.TemporaryDirectory() as tmp:
        queries_file = Path(tmp) / "queries.json"
        queries_file.write_text(json.dumps(queries, ensure_ascii=False))
        for round_ in range(args.rounds):
            for name, python in checkouts.items():
                runs[name].append(run_child(python, args.index, queries_file))
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        for python in checkouts.values():  # one untimed run each: the OS cache
            for query in cold_queries.values():
                cold(python, args.index, query)
        for _ in range(args.cold):
            for name, python in checkouts.items():
                for label, query in cold_queries.items():
                    colds[name].setdefault(label, []).append(cold(python, args.index, query))

    figures: dict[str, dict[str, float]] = {}
    for name, results in runs.items():
        row = figures[name] = {}
        row["Searcher open (ms)"] = statistics.median(r["open"] for r in results) * 1000
        for when in ("open", "after"):
            for key in ("VmRSS", "RssAnon"):
                row[f"{key} after {'open' if when == 'open' else f'{RSS_AFTER} queries'} (MB)"] = \
                    statistics.median(r[f"rss_{when}"][key] for r in results) / 1024
        for cls in CLASSES:
            times = [t for r in results for t in r["timings"][cls]]
            row[f"warm p50 {cls} (ms)"] = statistics.median(times) * 1000
            row[f"warm p95 {cls} (ms)"] = pct(times, 0.95) * 1000
        for cls in CLASSES:  # CPU time: what a loaded machine's waiting leaves out
            row[f"warm CPU mean {cls} (ms)"] = statistics.mean(
                t for r in results for t in r["cpu"][cls]) * 1000
        for cls in CLASSES:
            times = [t for r in results for t in r["first"][cls]]
            row[f"first-seen p50 {cls} (ms)"] = statistics.median(times) * 1000
            row[f"first-seen p95 {cls} (ms)"] = pct(times, 0.95) * 1000
        for label, times in colds[name].items():
            row[f"cold undocs search, {label} (ms)"] = statistics.median(times) * 1000
    print(f"index {args.index}: {sum(len(q) for q in queries.values())} queries "
          f"({args.queries} per class: {', '.join(CLASSES)}), {args.rounds} processes per "
          f"checkout, {args.cold} cold runs per query")
    print(f"cold queries: {cold_queries}")
    names = list(figures)
    header = f"  {'':44}" + "".join(f"{name:>12}" for name in names)
    print(header + ("  reference/this" if "reference" in figures else ""))
    for key in figures["this"]:
        line = f"  {key:44}" + "".join(f"{figures[name][key]:12.1f}" for name in names)
        if "reference" in figures:
            line += f"  {figures['reference'][key] / (figures['this'][key] or 1):14.2f}"
        print(line)


if __name__ == "__main__":
    main()
