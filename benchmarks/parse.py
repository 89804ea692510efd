"""Parse throughput over the bundled corpus, in MB/s on one core: of wall time, and of
the process's CPU time (steadier on a shared machine, where wall time counts waiting).

Run: .venv/bin/python benchmarks/parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from undocs.indexer import parse_bytes

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus")
    args = parser.parse_args()
    files = [(path.name, path.read_bytes()) for path in sorted(CORPUS.glob("*.*.md"))]
    size = sum(len(data) for _, data in files)
    paragraphs = sum(len(parse_bytes(data, name).paragraphs) for name, data in files)
    best = best_cpu = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            for name, data in files:
                parse_bytes(data, name)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    mb = size * args.repeat / 1e6
    print(f"corpus: {len(files)} files, {size / 1e6:.2f} MB, {paragraphs} paragraphs")
    print(f"parse: {mb / best:.1f} MB/s ({paragraphs * args.repeat / best:,.0f} paragraphs/s, "
          f"best of 3 runs of {args.repeat} passes); {mb / best_cpu:.1f} MB/s of CPU time")


if __name__ == "__main__":
    main()
