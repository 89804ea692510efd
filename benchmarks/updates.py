"""Build cost and the cost of repeated small updates, through `undocs index`.

Run from the repository root: ``nice .venv/bin/python benchmarks/updates.py [--mb 19]
[--updates 10] [--files 10] [--work DIR]``. A corpus is generated deterministically
(``benchmarks/corpusgen.py``, ``--mb 19`` is about 100k paragraphs) and kept in the work
folder for the next run; then, each as a subprocess of this one:

* a build of a fresh index (``undocs index CORPUS``, 2 workers): wall seconds, CPU
  seconds of every process (the command and its workers), MB of text per CPU-second,
  segments in the index;
* ``--updates`` updates in a row, each adding ``--files`` new generated files (another
  seed, symbols of their own) to a second folder indexed beside the corpus: each one's
  wall and CPU seconds and the segments after it, so a merge cliff shows as one slow run;
* ``undocs index --optimize`` if this undocs has it: its time and the segments after.

``--docs DIR --updates 0`` measures the build of a folder of one's own instead (the real
PDFs of ``../shared/corpus-pdf``: PDF reading dominates, and each file used to be
parsed twice).

The figures of two versions of undocs compare when both run the same script in the same
machine state (run it with each version's interpreter).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpusgen

from undocs.indexer.storage import open_index


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _index(args: list[str]) -> tuple[float, float, str]:
    """Run `undocs index ARGS`; (wall s, CPU s of it and its workers, stderr)."""
    cpu, started = _cpu(), time.monotonic()
    result = subprocess.run([sys.executable, "-m", "undocs.search", "index", *args],
                            capture_output=True, text=True)
    wall, used = time.monotonic() - started, _cpu() - cpu
    if result.returncode not in (0, 1):
        sys.exit(f"undocs index {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return wall, used, result.stderr


def _segments(index_dir: Path) -> int:
    return len(open_index(index_dir)._segments())


def _corpus(work: Path, mb: float, seed: int) -> tuple[Path, float]:
    folder = work / f"corpus-{mb:g}-{seed}"
    stamp = folder / "GENERATED"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generated = corpusgen.generate(folder / "docs", mb, seed)
        stamp.write_text(f"{generated.text_bytes}\n{generated.summary()}\n")
    text_bytes, summary = stamp.read_text().splitlines()[:2]
    print(f"corpus: {summary}")
    return folder / "docs", int(text_bytes) / 1e6


def _new_files(into: Path, count: int, seed: int) -> None:
    """`count` new generated files in `into`, with symbols no other file has."""
    with tempfile.TemporaryDirectory() as scratch:
        corpusgen.generate(Path(scratch), 0.03 * count, seed)
        for path in sorted(Path(scratch).iterdir())[:count]:
            text = re.sub(r"symbol: GEN/", f"symbol: UPD{seed}/", path.read_text())
            (into / f"upd{seed}-{path.name}").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=19.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--updates", type=int, default=10)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "undocs-bench")
    parser.add_argument("--docs", type=Path, help="build from this folder instead (e.g. "
                                                  "../shared/corpus-pdf; MB/CPU-s then "
                                                  "counts its files' bytes)")
    args = parser.parse_args()
    if args.docs:
        docs, mb = args.docs.resolve(), sum(
            p.stat().st_size for p in args.docs.iterdir() if p.is_file()) / 1e6
    else:
        docs, mb = _corpus(args.work, args.mb, args.seed)
    index_dir = args.work / "index"
    extra = args.work / "updates"
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir(parents=True)
    jobs = ["--jobs", str(args.jobs), "--index", str(index_dir)]

    wall, cpu, _ = _index([str(docs), *jobs, "--quiet"])
    print(f"build: {wall:.1f} s wall, {cpu:.1f} CPU-s, {mb / cpu:.3f} MB per CPU-second, "
          f"{_segments(index_dir)} segments")
    times = []
    for run in range(1, args.updates + 1):
        _new_files(extra, args.files, 1000 + run)
        wall, cpu, stderr = _index([str(docs), str(extra), *jobs])
        times.append(wall)
        summary = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        added = re.search(r"(\d+) added", summary)
        print(f"update {run:2}: {wall:5.1f} s wall, {cpu:5.1f} CPU-s, "
              f"{added.group(1) if added else '?'} added, {_segments(index_dir)} segments")
    if times:
        print(f"updates: max {max(times):.1f} s, mean {sum(times) / len(times):.1f} s")
    help_text = subprocess.run([sys.executable, "-m", "undocs.search", "index", "--help"],
                               capture_output=True, text=True).stdout
    if "--optimize" in help_text:
        wall, cpu, _ = _index([str(docs), str(extra), *jobs, "--optimize", "--quiet"])
        print(f"optimize: {wall:.1f} s wall, {cpu:.1f} CPU-s, {_segments(index_dir)} segments")


if __name__ == "__main__":
    main()
