"""How undocs's costs grow with the index: 100k, 300k and 1M paragraphs, tantivy beside.

Run from the repository root (with `nice`: a 1M build takes half an hour of two cores):
``nice .venv/bin/python benchmarks/scale.py [--sizes 100k,300k,1M] [--cache DIR]
[--seed S] [--queries N] [--cold N] [--updates N] [--no-tantivy]``.

Per size, a corpus is generated with `corpusgen` (``--mb 19 / 57 / 190`` give 100k /
300k / 1M paragraphs) and indexed by `undocs index --jobs 2` as a subprocess, both cached
in ``--cache`` (default ``benchmarks/.cache/``, outside git) per size, seed and a hash of
the code that writes the index (`scalekit.cache`): a rerun reuses them and prints the
build figures the cache recorded. Then, printed per size:

* build CPU-seconds of all processes (``getrusage(RUSAGE_CHILDREN)`` around the build),
  MB of paragraph text per CPU-second, peak memory of all processes (summed RSS and PSS of
  the process tree, sampled), index bytes / text bytes;
* in a fresh process: `Searcher` open time, warm searcher RSS, warm p50/p95 per query
  class with snippets (limit 10, after one warm-up pass), the same queries at every size
  (`scalekit.queries`);
* cold CLI: ``undocs search Q --limit 10`` as a new process, ``--cold`` runs after one
  untimed run, for a Chinese and an English word (wall and CPU);
* ``--updates`` runs of a 10-file update on a copy of the index (`scalekit.updates`): each
  run's wall time and the segment count after it;
* tantivy (``pip install -e '.[bench]'``; skipped with a note if missing) over the same
  paragraphs, Chinese segmented with jieba, the same queries: p50/p95, RSS, index size,
  build time (`scalekit.tantivy_ref`).

Wall times of short queries measure the machine's load as much as the code (a query
that waits 50 ms for a core shows 50 ms): read them with the load average printed beside
them, and the CPU times (per query, per cold process, per update) as the steadier figure.

Then one table: every figure at every size, its log-log slope across the sizes, and the
aims of issue 15 (stated for 1M paragraphs) beside it, met or not at the largest size.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from scalekit import cache, procs, queries, report, tantivy_ref, updates, warm

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"


def child(argv: list[str]) -> None:
    """`scale.py --child KIND ARGS...`: one measurement, JSON on the last stdout line."""
    kind, *rest = argv
    if kind == "warm":
        result = warm.measure(Path(rest[0]), Path(rest[1]))
    elif kind == "tantivy-build":
        result = tantivy_ref.build(Path(rest[0]), Path(rest[1]), int(rest[2]))
    elif kind == "tantivy-query":
        result = tantivy_ref.search(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"unknown child {kind!r}")
    print(json.dumps(result))


def run_child(*argv: str) -> tuple[dict, procs.Measured]:
    measured = procs.run([sys.executable, str(Path(__file__).resolve()), "--child", *argv])
    return json.loads(measured.stdout.strip().splitlines()[-1]), measured


def cold_runs(index_dir: Path, query: str, runs: int) -> dict[str, list[float]]:
    """Wall and CPU seconds of `runs` runs of `undocs search` as a new process each."""
    cmd = [cache.undocs_command(), "search", query, "--index", str(index_dir), "--limit", "10"]
    times: dict[str, list[float]] = {"wall": [], "cpu": []}
    for i in range(runs + 1):  # the first run only warms the OS cache
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i:
            times["wall"].append(wall)
            times["cpu"].append(after.ru_utime - before.ru_utime
                                + after.ru_stime - before.ru_stime)
    return times


def measure_size(paragraphs: int, args, query_file: Path, classes, work: Path,
                 with_tantivy: bool) -> report.SizeResult:
    """Every figure of one size (building into the cache if need be)."""
    label = cache.size_label(paragraphs)
    entry = cache.entry_for(args.cache, paragraphs, args.seed)
    print(f"\n[{label}] {'reusing' if entry.record.exists() else 'building'} {entry.folder.name}",
          flush=True)
    record, reused = cache.ensure(entry, args.jobs)
    print(f"[{label}] warm queries ...", flush=True)
    warm_result, _ = run_child("warm", str(entry.index), str(query_file))
    load = os.getloadavg()[0]
    print(f"[{label}] cold CLI ...", flush=True)
    zh = next((qc.queries[0] for qc in classes if qc.name == "zh word"), None)
    en = next((qc.literals[0] for qc in classes if qc.name.startswith("en word")), None)
    cold = {lang: cold_runs(entry.index, q, args.cold) for lang, q in (("zh", zh), ("en", en))
            if q}
    result = report.SizeResult(label, record, reused, cache.dir_bytes(entry.index),
                               warm_result, cold, load=load)
    if args.updates:
        print(f"[{label}] {args.updates} updates of {args.update_files} files ...", flush=True)
        result.segments_before, result.updates = updates.run_updates(
            entry.index, entry.corpus, work / "updates", args.updates, args.update_files,
            args.seed)
    if with_tantivy:
        print(f"[{label}] tantivy ...", flush=True)
        tantivy_dir = work / "tantivy"
        shutil.rmtree(tantivy_dir, ignore_errors=True)
        _, built = run_child("tantivy-build", str(entry.corpus), str(tantivy_dir),
                             str(args.jobs))
        searched, _ = run_child("tantivy-query", str(tantivy_dir), str(query_file))
        result.tantivy = {**searched, "build_cpu_s": built.cpu, "build_wall_s": built.wall,
                          "build_rss_mb": built.peak_rss_mb,
                          "index_bytes": cache.dir_bytes(tantivy_dir)}
        shutil.rmtree(tantivy_dir, ignore_errors=True)
    report.print_size(result)
    return result


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def _remove_dead_work(cache_dir: Path) -> None:
    """Remove the work folders (index copies, tantivy) of runs that were killed."""
    for folder in cache_dir.glob("work-*"):
        pid = folder.name.removeprefix("work-")
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,300k,1M",
                        help="paragraph counts, comma-separated (default 100k,300k,1M)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder of cached corpora and indexes (default benchmarks/.cache)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and query seed")
    parser.add_argument("--queries", type=int, default=50, help="queries per class")
    parser.add_argument("--cold", type=int, default=7, help="timed runs per cold query")
    parser.add_argument("--updates", type=int, default=10, help="10-file updates (0: none)")
    parser.add_argument("--update-files", type=int, default=10, help="files per update")
    parser.add_argument("--jobs", type=int, default=2, help="build workers (undocs, tantivy)")
    parser.add_argument("--no-tantivy", action="store_true", help="skip the reference")
    parser.add_argument("--query-mb", type=float, default=queries.QUERY_MB,
                        help=argparse.SUPPRESS)  # tests: a smaller shared prefix
    args = parser.parse_args(argv)
    try:
        args.size_list = sorted({cache.parse_size(s) for s in args.sizes.split(",") if s})
    except ValueError as err:
        parser.error(str(err))
    return args


def _bytecode() -> str:
    """Compile the undocs package's modules where they are not (what `make demo` does,
    as pip does for a regular install), so that the cold figures are a user's and not
    those of a checkout whose environment sets PYTHONDONTWRITEBYTECODE."""
    folders = [cache.package_folder(f"undocs.{name}")
               for name in ("analyzers", "corpus", "indexer", "search", "web")]
    compiled = all([compileall.compile_dir(str(folder), quiet=2) for folder in folders])
    return "compiled" if compiled else "NOT all compiled (cold figures include compiling)"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1:])
        return
    args = parse_args(argv)
    with_tantivy = not args.no_tantivy and tantivy_ref.available()
    began = time.perf_counter()
    print(f"undocs at commit {_commit()}; python {sys.version.split()[0]}, {os.cpu_count()} "
          f"CPUs, load average {_load()}; index writer hash {cache.writer_hash()[:12]}")
    print(f"bytecode of the undocs package: {_bytecode()}")
    if not args.no_tantivy and not with_tantivy:
        print(f"tantivy is not installed: the reference is skipped (install it with "
              f"{tantivy_ref.INSTALL_HINT})")
    smallest_mb = args.size_list[0] * cache.MB_PER_PARAGRAPH
    classes = queries.draw(args.seed, args.queries, min(args.query_mb, smallest_mb))
    print("query classes (the same at every size; first two queries of each):")
    for qc in classes:
        print(f"  {qc.name:<24} {len(qc.queries):>3}  " + "   ".join(qc.queries[:2]))
    args.cache.mkdir(parents=True, exist_ok=True)
    _remove_dead_work(args.cache)
    work = args.cache / f"work-{os.getpid()}"
    results = []
    try:
        work.mkdir()
        query_file = work / "queries.json"
        queries.save(classes, query_file)
        for paragraphs in args.size_list:
            results.append(measure_size(paragraphs, args, query_file, classes, work,
                                        with_tantivy))
    except (RuntimeError, subprocess.CalledProcessError) as err:  # a measured command failed
        detail = getattr(err, "stderr", None) or b""
        raise SystemExit(f"scale.py: {err} {detail.decode(errors='replace')[-400:]}".strip()
                         ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.print_growth(results)
    print(f"total {time.perf_counter() - began:.0f} s, load average now {_load()}")


if __name__ == "__main__":
    main()
