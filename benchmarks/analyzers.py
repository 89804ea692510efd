"""Throughput of every analyzer over the corpus files of its language.

Run from the repository root: ``.venv/bin/python benchmarks/analyzers.py``. Each
figure is MB/s of UTF-8 input, best of 3 runs of at least ~2 s of text each
(the language's corpus text repeated). Also times plain ``jieba.cut`` (accurate mode,
the same private tokenizer and UN dictionary, after warm-up) on the same Chinese text
and prints the ratio to the Chinese word analyzer.
"""

from __future__ import annotations

import argparse
import glob
import os
import time

from undocs import analyzers
from undocs.analyzers.chinese import jieba_tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus_text(lang: str) -> str:
    files = sorted(glob.glob(os.path.join(ROOT, "corpus", f"*.{lang}.md")))
    return "\n\n".join(open(f, encoding="utf-8").read() for f in files)


def best_of(fn, text: str, runs: int, min_seconds: float) -> float:
    """Best MB/s of ``runs`` measurements of ``fn`` over ``text`` repeated to last ~min_seconds."""
    start = time.perf_counter()
    fn(text)
    once = max(time.perf_counter() - start, 1e-6)
    reps = max(1, int(min_seconds / once) + 1)
    mb = len(text.encode("utf-8")) * reps / 1e6
    best = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(reps):
            fn(text)
        best = max(best, mb / (time.perf_counter() - start))
    return best


def consume(analyzer, mode: str):
    def run(text: str) -> None:
        for _ in analyzer(text, positions=True, chars=True, mode=mode):
            pass

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="minimum time per run")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    print(f"{'analyzer':<28}{'MB in':>8}{'MB/s':>10}")
    results = {}
    for lang in analyzers.LANGS:
        text = corpus_text(lang)
        mb = len(text.encode("utf-8")) / 1e6
        for name, an, mode in (
            ("word/index", analyzers.analyzer_for(lang), "index"),
            ("word/query", analyzers.analyzer_for(lang), "query"),
            ("exact/index", analyzers.exact_analyzer_for(lang), "index"),
        ):
            if lang != "zh" and name == "word/query":
                continue
            rate = best_of(consume(an, mode), text, args.runs, args.seconds)
            results[(lang, name)] = rate
            print(f"{lang + ' ' + name:<28}{mb:>8.3f}{rate:>10.2f}")

    tok = jieba_tokenizer()
    zh = corpus_text("zh")

    def plain_jieba(text: str) -> None:
        for _ in tok.cut(text):
            pass

    plain_jieba(zh)  # warm-up
    jrate = best_of(plain_jieba, zh, args.runs, args.seconds)
    print(f"{'plain jieba.cut (zh)':<28}{len(zh.encode('utf-8')) / 1e6:>8.3f}{jrate:>10.2f}")
    for name in ("word/index", "word/query"):
        print(f"ratio zh {name} / jieba.cut: {results[('zh', name)] / jrate:.2f}")


if __name__ == "__main__":
    main()
