"""Index build throughput, index size and peak memory on a larger generated corpus.

Run from the repository root: ``.venv/bin/python benchmarks/index.py [--mb N] [--zh-mb N]
[--seed S]``. Two corpora are generated deterministically from the real paragraphs of
``corpus/`` (see ``benchmarks/corpusgen.py``): a mixed one (all six languages, in
proportion to the corpus) and a Chinese-only one. Then, each in a fresh subprocess:

* the undocs build (``indexer.build.update_index``) with ``--jobs 1`` and ``--jobs 2``,
  on both corpora;
* the naive build, on the Chinese corpus: Whoosh with jieba's bundled
  ``ChineseAnalyzer`` on a TEXT field (plus an ID and a stored text field), one document
  per paragraph, one plain ``ix.writer()``, one commit (``--naive-procs 2`` adds a run
  with Whoosh's ``procs=2`` writer);
* plain ``list(jieba.cut(text))`` over the same Chinese text, after a warm-up.

MB/s counts the UTF-8 bytes of the paragraph texts (not labels, front matter) per
second of build (interpreter start-up and imports excluded; jieba's dictionary load
included in builds). "index/text" is the size of the index folder over those bytes.
Peak RSS is VmHWM of the process that writes the index and, for builds with worker
processes, the largest ``ru_maxrss`` among them (forked workers count pages they share
with their parent). The aim: ``--jobs 2`` at least 2x the naive build, peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpusgen

ROOT = Path(__file__).resolve().parent.parent

AIM_SPEEDUP = 2.0
AIM_RSS_MB = 1024
_FRONT_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
_NUMBER_RE = re.compile(r"\d+\. ")


# --- children: one measurement each, in a fresh process, JSON on the last stdout line ---


def _peaks() -> dict:
    """Peak RSS in MB of this process (VmHWM) and of its largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    own = int(line.split()[1])
    except OSError:
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"rss_mb": own / 1024, "worker_rss_mb": children / 1024 if children else None}


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _plain_paragraphs(folder: Path):
    """(file name, paragraph text) of the generated files, read naively: no undocs parser."""
    for path in sorted(Path(folder).glob("*.md")):
        body = _FRONT_RE.sub("", path.read_text(encoding="utf-8"), count=1)
        for block in body.split("\n\n"):
            block = block.strip()
            if block:
                yield path.name, _NUMBER_RE.sub("", block, count=1)


def _quiet_jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def child_undocs(folder: Path, index_dir: Path, jobs: int) -> dict:
    from undocs.indexer.build import update_index

    summary = update_index(index_dir, [folder], jobs=jobs)
    return {"seconds": summary.seconds, "paragraphs": summary.paragraphs,
            "files": summary.added, "refused": summary.refused,
            "index_bytes": _dir_bytes(index_dir), **_peaks()}


def child_naive(folder: Path, index_dir: Path, procs: int) -> dict:
    _quiet_jieba()
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields, index

    start = time.perf_counter()
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           content=fields.TEXT(analyzer=ChineseAnalyzer()),
                           text=fields.STORED())
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer() if procs <= 1 else ix.writer(procs=procs)
    docs = 0
    for number, (name, text) in enumerate(_plain_paragraphs(folder)):
        writer.add_document(id=f"{name}#{number}", content=text, text=text)
        docs += 1
    writer.commit()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "paragraphs": docs, "index_bytes": _dir_bytes(index_dir),
            **_peaks()}


def child_jieba(folder: Path) -> dict:
    jieba = _quiet_jieba()
    text = "\n".join(text for _, text in _plain_paragraphs(folder))
    list(jieba.cut(text[:20000]))  # warm-up: loads the dictionary
    start = time.perf_counter()
    words = len(list(jieba.cut(text)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": words, "bytes": len(text.encode("utf-8")), **_peaks()}


def run_child(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("undocs", "naive", "jieba"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("index", type=Path, nargs="?")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    if args.kind == "undocs":
        result = child_undocs(args.folder, args.index, args.jobs)
    elif args.kind == "naive":
        result = child_naive(args.folder, args.index, args.jobs)
    else:
        result = child_jieba(args.folder)
    print(json.dumps(result))


# --- parent: generate, run each measurement in a subprocess, print the table ---


def measure(*argv: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *argv]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark child failed: {' '.join(argv[:1])} (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def _fmt(value, template: str, width: int) -> str:
    """`template.format(value)` right-aligned in `width`, or `-` for None."""
    return f"{'-' if value is None else template.format(value):>{width}}"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        run_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0,
                        help="MB of paragraph text in the mixed corpus (default 10; try 50)")
    parser.add_argument("--zh-mb", type=float, default=5.0,
                        help="MB of paragraph text in the Chinese corpus (default 5; try 50)")
    parser.add_argument("--seed", type=int, default=0, help="corpus sampling seed (default 0)")
    parser.add_argument("--naive-procs", type=int, default=1,
                        help="also run the naive build with Whoosh's procs=N writer if N > 1")
    args = parser.parse_args()

    began = time.perf_counter()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, seed {args.seed}, "
          f"load average {_load()} (other processes skew the timings)", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="undocs-bench-") as tmp:
        tmp = Path(tmp)
        corpora = {}
        for name, mb, langs in (("mixed", args.mb, None), ("zh", args.zh_mb, ("zh",))):
            gen = corpusgen.generate(tmp / f"corpus-{name}", mb, args.seed, langs)
            corpora[name] = gen
            print(f"corpus {name}: {gen.summary()}", flush=True)

        def build(corpus: str, label: str, kind: str, jobs: int) -> dict:
            gen = corpora[corpus]
            index_dir = tmp / f"index-{corpus}-{kind}-{jobs}"
            result = measure(kind, str(gen.folder), str(index_dir), "--jobs", str(jobs))
            shutil.rmtree(index_dir, ignore_errors=True)
            result.update(corpus=corpus, label=label, mb=gen.mb, jobs=jobs,
                          rate=gen.mb / result["seconds"],
                          ratio=result["index_bytes"] / gen.text_bytes)
            if result.get("refused"):
                print(f"  refused: {result['refused'][:3]}", flush=True)
            if result["paragraphs"] != gen.paragraphs:
                print(f"  note: {result['paragraphs']} paragraphs indexed, "
                      f"{gen.paragraphs} generated", flush=True)
            print(f"  {corpus} {label}: {result['seconds']:.1f} s, {result['rate']:.3f} MB/s",
                  flush=True)
            rows.append(result)
            return result

        for corpus in ("mixed", "zh"):
            for jobs in (1, 2):
                build(corpus, f"undocs --jobs {jobs}", "undocs", jobs)
        naive = build("zh", "naive whoosh+jieba", "naive", 1)
        if args.naive_procs > 1:
            build("zh", f"naive procs={args.naive_procs}", "naive", args.naive_procs)
        cut = measure("jieba", str(corpora["zh"].folder))
        cut.update(corpus="zh", label="plain jieba.cut", mb=cut["bytes"] / 1e6, jobs=1,
                   rate=cut["bytes"] / 1e6 / cut["seconds"], ratio=None, index_bytes=None)
        print(f"  zh plain jieba.cut: {cut['seconds']:.1f} s, {cut['rate']:.3f} MB/s",
              flush=True)
        rows.append(cut)

    print()
    header = (f"{'corpus':<7}{'MB':>7}{'paras':>8}  {'build':<22}{'s':>8}{'MB/s':>8}"
              f"{'vs naive':>9}{'index/text':>11}{'RSS MB':>8}{'worker':>8}")
    print(header)
    print("-" * len(header))
    for row in rows:
        versus = row["rate"] / naive["rate"] if row["corpus"] == "zh" else None
        paragraphs = row.get("paragraphs", corpora["zh"].paragraphs)
        print(f"{row['corpus']:<7}{row['mb']:>7.2f}{paragraphs:>8}  {row['label']:<22}"
              f"{row['seconds']:>8.1f}{row['rate']:>8.3f}{_fmt(versus, '{:.2f}x', 9)}"
              f"{_fmt(row['ratio'], '{:.1f}x', 11)}{row['rss_mb']:>8.0f}"
              f"{_fmt(row.get('worker_rss_mb'), '{:.0f}', 8)}")

    by = {(row["corpus"], row["label"]): row for row in rows}
    for corpus in ("mixed", "zh"):
        one, two = by[(corpus, "undocs --jobs 1")], by[(corpus, "undocs --jobs 2")]
        print(f"{corpus}: --jobs 2 / --jobs 1 = {two['rate'] / one['rate']:.2f}x")
    zh2 = by[("zh", "undocs --jobs 2")]
    speedup = zh2["rate"] / naive["rate"]
    # Writer plus every worker at its own peak: an upper bound of the build's total.
    worst = max(row["rss_mb"] + (row.get("worker_rss_mb") or 0) * (row["jobs"] > 1) * row["jobs"]
                for row in rows)
    print(f"aim: zh --jobs 2 >= {AIM_SPEEDUP:.0f}x naive: {speedup:.2f}x "
          f"({'met' if speedup >= AIM_SPEEDUP else 'NOT met'}); "
          f"peak RSS < {AIM_RSS_MB} MB: largest writer {max(r['rss_mb'] for r in rows):.0f} MB, "
          f"writer + workers at most {worst:.0f} MB "
          f"({'met' if worst < AIM_RSS_MB else 'NOT met'})")
    print(f"total {time.perf_counter() - began:.0f} s, load average now {_load()}")


if __name__ == "__main__":
    main()
