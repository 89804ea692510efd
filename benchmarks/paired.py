"""Warm query times of this checkout against another one, paired, on one index.

Run from the repository root: ``.venv/bin/python benchmarks/paired.py INDEX --vs OTHER
[--rounds 3] [--queries 50]``, where OTHER is another checkout of undocs with its own
``.venv`` (e.g. a ``git worktree`` of the commit before a change) and INDEX an index
both can read (one of ``scale.py``'s, in its cache). The queries are ``scale.py``'s
classes (seed 0). Each round runs ``scale.py --child warm`` once in each checkout, in
turn (A B, then B A in the next round), each a fresh process: open, every query once
to warm up, every query timed with snippets. Per class it prints each side's median
over the rounds of p50 and p95 CPU milliseconds, the ratio A/B of p95 round by round
(pairing keeps the ratio meaningful when the machine's speed drifts), whether the two
sides found the same totals, and the warm RSS of each.

Single runs of ``scale.py`` on a shared machine move by 30-50 % from one run to the
next; a decision between two versions of the query code should rest on this instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from query import pct
from scalekit import queries

HERE = Path(__file__).resolve().parent


def run_warm(checkout: Path, index_dir: Path, query_file: Path) -> dict:
    """One `scale.py --child warm` in `checkout`'s own environment."""
    python = checkout / ".venv" / "bin" / "python"
    out = subprocess.run([str(python), str(checkout / "benchmarks" / "scale.py"), "--child",
                          "warm", str(index_dir), str(query_file)],
                         capture_output=True, text=True, cwd=checkout)
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SystemExit(f"paired.py: the warm run in {checkout} failed: {last}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _p(values: list[float], q: float) -> float:
    """Milliseconds at quantile `q`: the median and nearest rank `scale.py` prints."""
    return (statistics.median(values) if q == 0.5 else pct(values, q)) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--vs", type=Path, required=True, help="the other checkout (B)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=50, help="queries per class")
    args = parser.parse_args(argv)
    here = HERE.parent
    if not (args.vs / ".venv" / "bin" / "python").exists():
        raise SystemExit(f"paired.py: {args.vs} has no .venv (make it with `make test` there)")
    classes = queries.draw(0, args.queries)
    rounds: list[tuple[dict, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        query_file = Path(tmp) / "queries.json"
        queries.save(classes, query_file)
        for number in range(args.rounds):
            sides = [("A", here), ("B", args.vs)]
            if number % 2:
                sides.reverse()
            result = {name: run_warm(checkout, args.index, query_file)
                      for name, checkout in sides}
            rounds.append((result["A"], result["B"]))
            print(f"round {number + 1}: A {result['A']['rss_mb']:.0f} MB, "
                  f"B {result['B']['rss_mb']:.0f} MB warm RSS", flush=True)
    print(f"\nA = {here.name}, B = {args.vs.name}; CPU ms, medians over {args.rounds} rounds")
    header = ["class", "A p50", "A p95", "B p50", "B p95", "A/B p95", "same totals"]
    print("  ".join(f"{h:>11}" if i else f"{h:<26}" for i, h in enumerate(header)))
    for qc in classes:
        a50 = statistics.median(_p(a["cpu"][qc.name], 0.5) for a, _ in rounds)
        a95 = statistics.median(_p(a["cpu"][qc.name], 0.95) for a, _ in rounds)
        b50 = statistics.median(_p(b["cpu"][qc.name], 0.5) for _, b in rounds)
        b95 = statistics.median(_p(b["cpu"][qc.name], 0.95) for _, b in rounds)
        ratio = statistics.median(_p(a["cpu"][qc.name], 0.95) / _p(b["cpu"][qc.name], 0.95)
                                  for a, b in rounds)
        same = all(a["totals"][qc.name] == b["totals"][qc.name] for a, b in rounds)
        cells = [f"{a50:.1f}", f"{a95:.1f}", f"{b50:.1f}", f"{b95:.1f}", f"{ratio:.2f}",
                 "yes" if same else "NO"]
        print(f"{qc.name:<26}" + "".join(f"  {c:>11}" for c in cells))
    print("warm RSS (MB), median: A "
          f"{statistics.median(a['rss_mb'] for a, _ in rounds):.0f} = "
          f"{statistics.median(a['rss_anon_mb'] for a, _ in rounds):.0f} heap + "
          f"{statistics.median(a['rss_file_mb'] for a, _ in rounds):.0f} mapped; B "
          f"{statistics.median(b['rss_mb'] for _, b in rounds):.0f} = "
          f"{statistics.median(b['rss_anon_mb'] for _, b in rounds):.0f} heap + "
          f"{statistics.median(b['rss_file_mb'] for _, b in rounds):.0f} mapped")


if __name__ == "__main__":
    main()
