"""`undocs batch` against one `undocs search` process per query, on the same queries.

Prints queries per second for both, the speed-up, and the batch process's resident
memory over the run (sampled from /proc), to show it stays flat.

Run: .venv/bin/python benchmarks/batch.py [--queries 1000] [--processes N] [--index DIR]
(`--processes` runs only the first N queries as separate processes, to save time; the
per-process rate is what is compared.)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNDOCS = [sys.executable, "-m", "undocs.search"]


def make_queries(count: int, seed: int) -> list[str]:
    """Mixed queries cut from the bundled corpus: words, phrases, filters, OR/NOT."""
    from undocs.indexer import parse_file

    rng = random.Random(seed)
    texts: dict[str, list[str]] = {}
    for path in sorted((ROOT / "corpus").glob("*.*.md")):
        document = parse_file(path)
        texts.setdefault(document.lang, []).extend(p.text for p in document.paragraphs)
    queries = []
    while len(queries) < count:
        lang = rng.choice(sorted(texts))
        text = rng.choice(texts[lang])
        if lang == "zh":
            run = re.sub(r"[^\u4e00-\u9fff]", "", text)
            if len(run) < 6:
                continue
            start = rng.randrange(len(run) - 4)
            piece = run[start:start + rng.randint(2, 4)]
        else:
            words = re.findall(r"[^\W\d_]{4,}", text)
            if len(words) < 3:
                continue
            start = rng.randrange(len(words) - 2)
            piece = " ".join(words[start:start + rng.randint(1, 2)])
        kind = rng.random()
        if kind < 0.3:
            query = f'"{piece}"'
        elif kind < 0.45:
            query = f"{piece} lang:{lang}"
        elif kind < 0.55:
            other = rng.choice(re.findall(r"\w{4,}", rng.choice(texts[lang])) or ["x"])
            query = f"{piece} OR {other}"
        else:
            query = piece
        queries.append(query)
    return queries


def rss_sampler(pid: int, samples: list[int], stop: threading.Event) -> None:
    status = Path(f"/proc/{pid}/status")
    while not stop.is_set():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    samples.append(int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.02)


def run_batch(queries: list[str], index_dir: Path) -> tuple[float, list[int], int]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as handle:
        handle.write("\n".join(queries) + "\n")
        path = handle.name
    samples: list[int] = []
    stop = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen([*UNDOCS, "batch", path, "--index", str(index_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    sampler = threading.Thread(target=rss_sampler, args=(process.pid, samples, stop))
    sampler.start()
    lines = sum(1 for _ in process.stdout)
    process.wait()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    os.unlink(path)
    return elapsed, samples, lines


def run_processes(queries: list[str], index_dir: Path) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        subprocess.run([*UNDOCS, "search", query, "--index", str(index_dir), "--format",
                        "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=None,
                        help="separate processes to run (default: all queries)")
    parser.add_argument("--index", type=Path, default=None,
                        help="an index of the bundled corpus to reuse")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="undocs-batch-"))
    index_dir = args.index or workdir / "index"
    try:
        if args.index is None:
            subprocess.run([*UNDOCS, "index", "--index", str(index_dir), "--quiet"],
                           check=True, cwd=ROOT)
        queries = make_queries(args.queries, args.seed)
        elapsed, samples, lines = run_batch(queries, index_dir)
        per_process = run_processes(queries[: args.processes or len(queries)], index_dir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    batch_rate = len(queries) / elapsed
    process_rate = len(per_process) / sum(per_process)
    quarter = max(1, len(samples) // 4)
    print(f"queries: {len(queries)} mixed (words, phrases, lang: filters, OR), seed {args.seed}")
    print(f"undocs batch:   {elapsed:7.2f} s for {lines} records, {batch_rate:8.1f} queries/s")
    print(f"undocs search:  {sum(per_process):7.2f} s for {len(per_process)} processes, "
          f"{process_rate:8.2f} queries/s (median {statistics.median(per_process):.3f} s)")
    print(f"speed-up: {batch_rate / process_rate:.0f}x")
    if samples:
        print(f"batch RSS (MB): first quarter max {max(samples[:quarter]) / 1024:.0f}, "
              f"last quarter max {max(samples[-quarter:]) / 1024:.0f}, "
              f"peak {max(samples) / 1024:.0f} ({len(samples)} samples)")


if __name__ == "__main__":
    main()
