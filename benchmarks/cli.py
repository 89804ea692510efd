"""Whole `undocs` commands as a newcomer runs them: start-up, searches, `cite`, `source`.

Run from the repository root: ``.venv/bin/python benchmarks/cli.py [--runs N]
[--undocs PATH] [--reference PATH]``.

The bundled corpus is indexed first into a temporary folder (by the measured
``undocs index``), then each command runs as a new process ``--runs`` times (default
9, after one untimed run) and the median wall time is printed, with the CPU time spent
importing the command line (``undocs.search.cli``) and the searcher
(``undocs.search.searcher``, with Whoosh) in a fresh interpreter. With
``--reference PATH`` (another checkout's ``undocs``, e.g. one at main) the same
commands also run with it, over an index it builds itself, its runs alternating with
the measured ones (so that load from elsewhere weighs on both alike), and each line
shows the ratio reference / measured.

The aim (issue 13, item 11): ``source`` with an English passage under 300 ms, an
English search under 150 ms, end to end.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EN_PASSAGE = ("We recall the Global Compact for Safe, Orderly and Regular Migration and "
              "its commitment to prevent trafficking in persons")
COMMANDS = [
    ("undocs --help", ["--help"]),
    ("search 'human rights'", ["search", "human rights"]),
    ("search '国际合作 引渡'", ["search", "国际合作 引渡"]),
    ("cite 'A/RES/80/9 ¶annex.3'", ["cite", "A/RES/80/9 ¶annex.3"]),
    ("source (English passage)", ["source", EN_PASSAGE]),
]
AIMS_MS = {"search 'human rights'": 150.0, "source (English passage)": 300.0}


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd` as a new process. CPU time
    (user + system) is the steadier figure on a machine others load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}... failed: {done.stderr.decode()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


IMPORTS = ("undocs.search.cli", "undocs.search.searcher")


def import_seconds(undocs: Path, env: dict[str, str], module: str) -> float:
    """The CPU seconds `import module` costs in a fresh interpreter beside `undocs`
    (after the modules every Python start-up loads)."""
    python = undocs.with_name("python")
    code = ("import time\nstart = time.process_time()\n"
            f"import {module}\nprint(time.process_time() - start)")
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    return float(done.stdout)


class Subject:
    """One undocs to measure, with its own index and bytecode cache: bytecode is cached
    as a user's Python caches it, but in the temporary folder, not in the checkout
    measured (whatever PYTHONDONTWRITEBYTECODE says in this shell)."""

    def __init__(self, undocs: Path, workdir: Path):
        self.undocs = undocs
        self.index_dir = workdir / "index"
        self.env = {key: value for key, value in os.environ.items()
                    if key != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        subprocess.run([str(undocs), "index", "--quiet", "--index", str(self.index_dir)],
                       capture_output=True, check=True, env=self.env)

    def command(self, args: list[str]) -> list[str]:
        tail = [] if args == ["--help"] else ["--index", str(self.index_dir)]
        return [str(self.undocs), *args, *tail]


def measure(subjects: list[Subject], runs: int) -> list[dict[str, tuple[float, float]]]:
    """Median (wall, CPU) seconds per command and subject. The subjects' runs
    alternate, so that load from elsewhere on the machine weighs on each alike; one
    untimed run first warms the file cache and writes the bytecode."""
    figures: list[dict[str, tuple[float, float]]] = [{} for _ in subjects]
    for name, args in COMMANDS:
        times: list[list[tuple[float, float]]] = [[] for _ in subjects]
        for i in range(runs + 1):
            for subject, found in zip(subjects, times, strict=True):
                measured = run_once(subject.command(args), subject.env)
                if i:
                    found.append(measured)
        for figure, found in zip(figures, times, strict=True):
            figure[name] = (statistics.median(w for w, _ in found),
                            statistics.median(c for _, c in found))
    for module in IMPORTS:
        found = [[import_seconds(subject.undocs, subject.env, module) for subject in subjects]
                 for _ in range(max(3, runs // 2))]  # alternating, as the commands
        for i, figure in enumerate(figures):
            figure[f"import {module}"] = (float("nan"), statistics.median(f[i] for f in found))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command")
    parser.add_argument("--undocs", type=Path, default=Path(sys.executable).with_name("undocs"),
                        help="the undocs to measure [default: the one beside this python]")
    parser.add_argument("--reference", type=Path, default=None,
                        help="another undocs to compare with (e.g. a checkout of main)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="undocs-cli-bench-") as tmp:
        subjects = [Subject(args.undocs, Path(tmp) / "measured")]
        if args.reference:
            subjects.append(Subject(args.reference, Path(tmp) / "reference"))
        figures = measure(subjects, args.runs)
    ours = figures[0]
    reference = figures[1] if args.reference else None
    # wall time grows with what else runs on the machine, CPU time much less: say how busy
    print(f"median of {args.runs} runs, ms: wall (CPU); load average {load_before:.1f} "
          f"at the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} CPUs")
    header = f"{'command':<30} {'measured':>13}"
    if reference:
        header += f" {'reference':>13} {'ratio':>6}"
    print(header + "  aim (wall)")
    for name, (wall, cpu) in ours.items():
        row = f"{name:<30} {_ms(wall, cpu):>13}"
        if reference:
            ref_wall, ref_cpu = reference[name]
            ratio = ref_wall / wall if wall == wall else ref_cpu / cpu  # imports: CPU only
            row += f" {_ms(ref_wall, ref_cpu):>13} {ratio:>5.2f}×"
        aim = AIMS_MS.get(name)
        if aim:
            row += f"  ≤ {aim:.0f} ({'met' if wall * 1000 <= aim else 'not met'})"
        print(row)


def _ms(wall: float, cpu: float) -> str:
    """`wall (CPU)` in ms; `(CPU)` alone for an import, whose wall time is not taken."""
    return (f"{wall * 1000:.0f} " if wall == wall else "") + f"({cpu * 1000:.0f})"


if __name__ == "__main__":
    main()
