"""Query latency on a larger generated corpus: warm, cold CLI, and rg / SQLite FTS5 references.

Run from the repository root: ``.venv/bin/python benchmarks/query.py [--mb N] [--index DIR]
[--seed S] [--lang L] [--queries N] [--cold N]``.

A corpus is generated deterministically from the real paragraphs of ``corpus/`` (see
``benchmarks/corpusgen.py``; all six languages in proportion unless ``--lang`` is given)
and indexed once with ``indexer.build.update_index(jobs=2)`` into a temporary folder, or
into ``--index DIR`` (kept, and reused without a build when it already holds an index:
pass the same ``--mb/--seed/--lang`` again). Sizes: ``--mb 8`` (the default) gives about
43k paragraphs (5% of the text Chinese) and builds in about 30 s on two cores;
``--mb 19`` gives about 100k paragraphs, the size the aim is stated for; ``--lang zh
--mb 4`` about 34k Chinese paragraphs.

Queries are drawn (``random.Random(seed)``) from the indexed paragraphs, per class:
Chinese words (2-4 characters, jieba words of sampled paragraphs), words of the other
languages, quoted Chinese phrases (3-8 characters cut from paragraphs), quoted English
phrases (2-4 words), and the two filtered classes ``<zh word> lang:zh`` and ``<word>
symbol:GEN/EN/1*``. Printed, in one run:

* warm latency (``Searcher.search``, one process, after a warm-up pass over every query)
  p50/p95/max in ms per class, with ``snippets=False`` and ``snippets=True``;
* cold CLI (``undocs search Q --index DIR --limit 10`` as a new process each, after one
  untimed run) for a Chinese and an English query, median and p95, with the same for
  ``python -c`` runs that only import, only open the index, or load jieba, to break the
  cold time down; and whether an English query imports jieba at all;
* references: ``rg -F -i`` over the raw generated files for the same literal strings (a
  process per query, output read through a pipe), and SQLite FTS5 (``sqlite3``) over the
  same paragraphs pre-segmented with ``jieba.cut`` (space-joined; other languages only
  lower-cased), queries segmented the same way, phrases as FTS5 ``"..."``, top 10 by
  ``rank``; plus how many quoted phrases FTS5 answers with exactly the paragraphs undocs
  finds (pre-segmentation loses phrases that cut across jieba's words).

The aim (issue): warm p95 <= 10 ms at 100k paragraphs; cold Chinese CLI median <= 300 ms;
only a query with Chinese text may load jieba.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import corpusgen

ROOT = Path(__file__).resolve().parent.parent

AIM_WARM_P95_MS = 10.0
AIM_COLD_ZH_MS = 300.0
AIM_PARAGRAPHS = 100_000
LIMIT = 10
KNOWN_ZH_WORDS = ("国际合作", "引渡", "司法协助", "缔约国", "执法合作", "联合国", "秘书处")
SYMBOL_FILTER = "GEN/EN/1*"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")
_HAN_WORD_RE = re.compile(f"^[{_HAN}]{{2,4}}$")
_LETTERS_RE = re.compile(r"[^\W\d_]{4,}")
_EN_RUN_RE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?: [A-Za-z]+)+(?![\w'’-])")


@dataclass(frozen=True)
class Para:
    symbol: str
    lang: str
    anchor: str
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.symbol, self.lang, self.anchor


@dataclass
class QueryClass:
    name: str
    queries: list[str]  # undocs query strings
    literals: list[str]  # what rg looks for (the word or the phrase)
    lang: str | None = None  # the lang:... filter, for rg and FTS5
    symbol: str | None = None  # the symbol:... filter
    timings: dict[str, list[float]] = field(default_factory=dict)  # label -> seconds
    hits: list[int] = field(default_factory=list)


# --- statistics and printing ----------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.2f}" if value < 1 else f"{value:.1f}" if value < 10_000 else f"{value:.0f}"


def p50_p95(values: list[float] | None, with_max: bool = False) -> list[str]:
    if not values:
        return ["-"] * (3 if with_max else 2)
    cells = [ms(statistics.median(values)), ms(pct(values, 0.95))]
    return cells + [ms(max(values))] if with_max else cells


def width(text: str) -> int:
    """Terminal columns of `text` (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        cells = [c + " " * (w - width(c)) if i == 0 else " " * (w - width(c)) + c
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        print("  " + "  ".join(cells))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


# --- corpus, index, paragraphs ----------------------------------------------------------------


def build_index(index_dir: Path, corpus_dir: Path, jobs: int) -> float:
    from undocs.indexer.build import update_index

    start = time.perf_counter()
    update_index(index_dir, [corpus_dir], jobs=jobs)
    return time.perf_counter() - start


def indexed_paragraphs(index_dir: Path) -> list[Para]:
    """Every paragraph record of the index (stored fields), in document-number order."""
    from whoosh import index as whoosh_index

    from undocs.indexer.schema import PARA

    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        return [Para(f["symbol"], f["lang"], f["anchor"], f["text"])
                for f in reader.all_stored_fields() if f.get("record") == PARA]


# --- query sets -------------------------------------------------------------------------------


def make_classes(paras: list[Para], n: int, seed: int) -> list[QueryClass]:
    """`n` queries per class, drawn (seeded) from `paras`. Words and phrases are drawn
    from the NFC form of each text: in a decomposed (NFD) text `_LETTERS_RE` would cut
    `e` + U+0301 + `quipements` into `quipements`, a word no index holds."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    rng = random.Random(seed)
    by_lang: dict[str, list[Para]] = {}
    for p in paras:
        if not p.text.isascii():
            p = Para(p.symbol, p.lang, p.anchor, unicodedata.normalize("NFC", p.text))
        by_lang.setdefault(p.lang, []).append(p)
    zh = by_lang.get("zh", [])

    def distinct(make, count: int) -> list[str]:
        found: dict[str, None] = {}
        for _ in range(count * 50):
            if len(found) >= count:
                break
            item = make()
            if item:
                found[item] = None
        return list(found)

    zh_words: list[str] = []
    if zh:
        pool: dict[str, None] = {}
        for p in rng.sample(zh, min(len(zh), 400)):
            for w in jieba.cut(p.text):
                if _HAN_WORD_RE.match(w):
                    pool[w] = None
        seen = {w for w in KNOWN_ZH_WORDS if any(w in p.text for p in zh[:5000])}
        rest = sorted(set(pool) - seen)
        zh_words = sorted(seen) + rng.sample(rest, min(len(rest), 2 * n))

    other_langs = [lang for lang in ("en", "fr", "ru", "es") if by_lang.get(lang)]
    words_of: dict[str, list[str]] = {}
    for lang in other_langs:
        pool = {}
        for p in rng.sample(by_lang[lang], min(len(by_lang[lang]), 400)):
            for m in _LETTERS_RE.finditer(p.text):
                pool[m.group()] = None
        words_of[lang] = sorted(pool)
    other_words = distinct(
        lambda: rng.choice(words_of[rng.choice(other_langs)]), 2 * n) if other_langs else []

    def zh_phrase() -> str:
        runs = [m.group() for m in _HAN_RUN_RE.finditer(rng.choice(zh).text)
                if len(m.group()) >= 3]
        if not runs:
            return ""
        run = rng.choice(runs)
        size = rng.randint(3, min(8, len(run)))
        start = rng.randint(0, len(run) - size)
        return run[start:start + size]

    def en_phrase() -> str:
        runs = [m.group().split() for m in _EN_RUN_RE.finditer(rng.choice(by_lang["en"]).text)]
        if not runs:
            return ""
        run = rng.choice(runs)
        size = rng.randint(2, min(4, len(run)))
        start = rng.randint(0, len(run) - size)
        return " ".join(run[start:start + size])

    classes = []
    if zh_words:
        classes.append(QueryClass("zh word", zh_words[:n], zh_words[:n]))
    if other_words:
        classes.append(QueryClass(f"{'/'.join(other_langs)} word", other_words[:n],
                                  other_words[:n]))
    if zh:
        phrases = distinct(zh_phrase, n)
        classes.append(QueryClass("zh phrase", [f'"{p}"' for p in phrases], phrases))
    if by_lang.get("en"):
        phrases = distinct(en_phrase, n)
        classes.append(QueryClass("en phrase", [f'"{p}"' for p in phrases], phrases))
    if zh_words:
        words = zh_words[n:2 * n] or zh_words[:n]
        classes.append(QueryClass("zh word lang:zh", [f"{w} lang:zh" for w in words], words,
                                  lang="zh"))
    if by_lang.get("en"):
        words = words_of["en"]
        words = rng.sample(words, min(n, len(words)))
        classes.append(QueryClass(f"en word symbol:{SYMBOL_FILTER}",
                                  [f"{w} symbol:{SYMBOL_FILTER}" for w in words], words,
                                  symbol=SYMBOL_FILTER))
    return classes


# --- undocs, warm -----------------------------------------------------------------------------


def run_warm(index_dir: Path, classes: list[QueryClass]) -> float:
    """Time every query of every class, with and without snippets; returns the open time."""
    from undocs.search import Searcher

    start = time.perf_counter()
    searcher = Searcher(index_dir)
    opened = time.perf_counter() - start
    with searcher:
        for qc in classes:  # warm-up: jieba, OpenCC, stemmers, Whoosh caches, the OS cache
            for q in qc.queries:
                searcher.search(q, limit=LIMIT, snippets=True)
        for snippets in (False, True):
            label = "snippets" if snippets else "plain"
            for qc in classes:
                times = qc.timings.setdefault(label, [])
                for q in qc.queries:
                    t0 = time.perf_counter()
                    result = searcher.search(q, limit=LIMIT, snippets=snippets)
                    times.append(time.perf_counter() - t0)
                    if not snippets:
                        qc.hits.append(result.total)
    return opened


def undocs_sets(index_dir: Path, queries: list[str]) -> list[set[tuple[str, str, str]]]:
    """Every paragraph each query matches, as (symbol, lang, anchor)."""
    from undocs.search import Searcher

    sets = []
    with Searcher(index_dir) as searcher:
        for q in queries:
            total = searcher.search(q, limit=1, snippets=False).total
            hits = searcher.search(q, limit=max(1, total), snippets=False).hits
            sets.append({(h.symbol, h.lang, h.anchor) for h in hits})
    return sets


# --- SQLite FTS5 over jieba-segmented paragraphs ----------------------------------------------


def _segment(text: str, chinese: bool) -> str:
    import jieba

    return " ".join(jieba.cut(text)) if chinese else text.lower()


def fts5_match(literal: str) -> str:
    """The FTS5 phrase for a word or phrase, segmented as the paragraphs were."""
    tokens = _segment(literal, bool(_HAN_RUN_RE.search(literal))).split()
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def build_fts5(db_path: Path, paras: list[Para]) -> tuple[sqlite3.Connection, float, float]:
    """The FTS5 table; returns it with the segmentation and the insert+commit seconds."""
    t0 = time.perf_counter()
    rows = [(_segment(p.text, p.lang == "zh"), p.symbol, p.lang, p.anchor) for p in paras]
    t1 = time.perf_counter()
    con = sqlite3.connect(str(db_path))
    con.execute("CREATE VIRTUAL TABLE para USING fts5(text, symbol UNINDEXED, lang UNINDEXED, "
                "anchor UNINDEXED)")
    con.executemany("INSERT INTO para(text, symbol, lang, anchor) VALUES (?, ?, ?, ?)", rows)
    con.execute("INSERT INTO para(para) VALUES ('optimize')")
    con.commit()
    return con, t1 - t0, time.perf_counter() - t1


def _fts5_sql(qc: QueryClass, snippets: bool, limit: bool = True) -> str:
    columns = "symbol, lang, anchor" + (
        ", snippet(para, 0, '[', ']', '…', 24)" if snippets else "")
    where = "para MATCH ?"
    if qc.lang:
        where += f" AND lang = '{qc.lang}'"
    if qc.symbol:
        where += f" AND symbol LIKE '{qc.symbol.replace('*', '%')}'"
    return f"SELECT {columns} FROM para WHERE {where}" + (
        f" ORDER BY rank LIMIT {LIMIT}" if limit else "")


def run_fts5(con: sqlite3.Connection, classes: list[QueryClass]) -> None:
    for qc in classes:
        matches = [fts5_match(lit) for lit in qc.literals]
        for snippets in (False, True):
            sql = _fts5_sql(qc, snippets)
            for m in matches:  # warm-up
                con.execute(sql, (m,)).fetchall()
            times = qc.timings.setdefault("fts5 snippets" if snippets else "fts5 plain", [])
            for m in matches:
                t0 = time.perf_counter()
                con.execute(sql, (m,)).fetchall()
                times.append(time.perf_counter() - t0)


def fts5_sets(con: sqlite3.Connection, qc: QueryClass) -> list[set[tuple[str, str, str]]]:
    sql = _fts5_sql(qc, snippets=False, limit=False)
    return [set(con.execute(sql, (fts5_match(lit),)).fetchall()) for lit in qc.literals]


# --- rg over the raw files --------------------------------------------------------------------


def run_rg(rg: str, corpus_dir: Path, classes: list[QueryClass]) -> None:
    files = sorted(corpus_dir.glob("*.md"))
    for qc in classes:
        targets = [str(corpus_dir)]
        if qc.lang:
            targets = [str(f) for f in files if f.name.endswith(f".{qc.lang}.md")]
        elif qc.symbol:  # GEN/EN/1* -> gen-en-<n>.en.md with n starting with 1
            body, lang, prefix = qc.symbol.rstrip("*").split("/")
            targets = [str(f) for f in files if f.name.startswith(f"{body.lower()}-"
                                                                   f"{lang.lower()}-")
                       and f.name.split("-")[2].split(".")[0].lstrip("0").startswith(prefix)]
        times = qc.timings.setdefault("rg", [])
        for i, literal in enumerate(qc.literals):
            cmd = [rg, "-F", "-i", "-n", "--no-heading", "--", literal, *targets]
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
            if i or len(qc.literals) == 1:  # the first run of a class only warms up
                times.append(time.perf_counter() - t0)


# --- cold processes ---------------------------------------------------------------------------

_COLD_SEARCH = """\
import sys
from undocs.search import Searcher
Searcher(sys.argv[1]).search(sys.argv[2], limit=10)
"""
_JIEBA_AFTER_CLI = """\
import atexit, sys
atexit.register(lambda: sys.stderr.write(f"\\nJIEBA={'jieba' in sys.modules}\\n"))
from undocs.search.cli import main
sys.argv = ["undocs", "search", sys.argv[2], "--index", sys.argv[1], "--limit", "10"]
main()
"""


def time_process(cmd: list[str], runs: int) -> list[float]:
    """Wall seconds of `runs` runs of `cmd` as a new process each, after one untimed run."""
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, check=False)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[:3]}... failed: {done.stderr.decode()[-500:]}")
        if i:
            times.append(elapsed)
    return times


def imports_jieba(index_dir: Path, query: str) -> bool:
    done = subprocess.run([sys.executable, "-c", _JIEBA_AFTER_CLI, str(index_dir), query],
                          capture_output=True, text=True, check=False)
    return "JIEBA=True" in done.stderr


def undocs_command() -> str:
    beside = Path(sys.executable).with_name("undocs")
    return str(beside) if beside.exists() else (shutil.which("undocs") or "undocs")


# --- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0,
                        help="MB of paragraph text to generate (default 8: ~43k paragraphs; "
                        "19: ~100k)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and query seed")
    parser.add_argument("--lang", action="append", choices=corpusgen.LANGS,
                        help="generate only this language (repeatable); default: all")
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder: reused if it holds an index, else built there "
                        "and kept (default: a temporary folder)")
    parser.add_argument("--queries", type=int, default=100, help="queries per class")
    parser.add_argument("--cold", type=int, default=10, help="runs per cold measurement")
    parser.add_argument("--jobs", type=int, default=2, help="build worker processes")
    args = parser.parse_args()

    from undocs.indexer.location import index_exists

    tmp = Path(tempfile.mkdtemp(prefix="undocs-query-bench-"))
    con = None
    try:
        corpus_dir = tmp / "corpus"
        gen = corpusgen.generate(corpus_dir, args.mb, seed=args.seed,
                                 langs=tuple(args.lang) if args.lang else None)
        print(f"corpus (seed {args.seed}): {gen.summary()}")
        index_dir = args.index if args.index is not None else tmp / "index"
        if index_exists(index_dir):
            print(f"index: reusing {index_dir}")
        else:
            print(f"index: building (jobs={args.jobs}) ...", flush=True)
            seconds = build_index(index_dir, corpus_dir, args.jobs)
            print(f"index: built in {seconds:.1f} s ({gen.mb / seconds:.2f} MB/s)")
        paras = indexed_paragraphs(index_dir)
        index_mb = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file()) / 1e6
        print(f"index: {len(paras)} paragraphs, {index_mb:.1f} MB")
        if len(paras) != gen.paragraphs:
            print(f"  warning: the index holds {len(paras)} paragraphs, the generated corpus "
                  f"{gen.paragraphs}: rg runs over other files than the index holds")

        classes = make_classes(paras, args.queries, args.seed)
        print("\nquery classes (first two queries of each):")
        for qc in classes:
            print(f"  {qc.name:<26} {len(qc.queries):>4}  " + "   ".join(qc.queries[:2]))

        print("\nwarm: running ...", flush=True)
        opened = run_warm(index_dir, classes)
        print(f"  (Searcher opened in {ms(opened)} ms in this process)")

        print("FTS5: building ...", flush=True)
        db = tmp / "fts5.db"
        con, segment_s, insert_s = build_fts5(db, paras)
        print(f"  jieba.cut segmentation {segment_s:.1f} s, insert+optimize {insert_s:.1f} s, "
              f"{db.stat().st_size / 1e6:.1f} MB")
        run_fts5(con, classes)

        rg = shutil.which("rg")
        if rg:
            run_rg(rg, corpus_dir, classes)

        print("cold processes: running ...", flush=True)
        undocs = undocs_command()
        ix = str(index_dir)
        zh_query = next((qc.queries[0] for qc in classes if qc.name == "zh word"), None)
        en_query = next((qc.literals[0] for qc in classes if qc.name.startswith("en word")),
                        next((qc.queries[0] for qc in classes if qc.name.endswith(" word")
                              and not qc.name.startswith("zh")), None))
        py = sys.executable
        cold: list[tuple[str, list[float]]] = [
            ("python -c pass (interpreter start-up)", time_process([py, "-c", "pass"],
                                                                   args.cold)),
            ("python -c 'import undocs.search.cli'",
             time_process([py, "-c", "import undocs.search.cli"], args.cold)),
            ("python -c: import + Searcher(DIR)",
             time_process([py, "-c", "import sys\nfrom undocs.search import Searcher\n"
                           "Searcher(sys.argv[1])", ix], args.cold)),
        ]
        if zh_query:
            cold.append(("python -c: load jieba (analyzers.chinese.jieba_tokenizer)",
                         time_process([py, "-c", "from analyzers.chinese import "
                                       "jieba_tokenizer\njieba_tokenizer()"], args.cold)))
        for label, query in (("zh", zh_query), ("en", en_query)):
            if query:
                cold.append((f"python -c: import + open + search {label} {query!r}",
                             time_process([py, "-c", _COLD_SEARCH, ix, query], args.cold)))
        for label, query in (("zh", zh_query), ("en", en_query)):
            if query:
                cold.append((f"undocs search {label} {query!r} --limit 10",
                             time_process([undocs, "search", query, "--index", ix, "--limit",
                                           str(LIMIT)], args.cold)))
        jieba_loaded = {label: imports_jieba(index_dir, q)
                        for label, q in (("zh", zh_query), ("en", en_query)) if q}

        # --- report ---
        print(f"\n== warm latency, undocs Searcher.search (ms; limit {LIMIT}, "
              f"{len(paras)} paragraphs) ==")
        rows = []
        for qc in classes:
            rows.append([qc.name, str(len(qc.queries)), f"{statistics.mean(qc.hits):.0f}",
                         *p50_p95(qc.timings.get("plain"), True),
                         *p50_p95(qc.timings.get("snippets"), True)])
        table(["class", "n", "hits avg", "p50", "p95", "max", "snip p50", "snip p95",
               "snip max"], rows)

        print("\n== references (ms; same queries) ==")
        rows = []
        for qc in classes:
            rows.append([qc.name, *p50_p95(qc.timings.get("fts5 plain")),
                         *p50_p95(qc.timings.get("fts5 snippets")), *p50_p95(qc.timings.get("rg"))])
        table(["class", "FTS5 p50", "FTS5 p95", "FTS5+snip p50", "FTS5+snip p95", "rg p50",
               "rg p95"], rows)
        if not rg:
            print("  rg: not installed, skipped")
        else:
            print("  rg: one process per query, -F -i over the raw files (filters: the files "
                  "of that language / symbol); FTS5: top 10 by rank, one connection")

        print("\n== FTS5 over jieba-segmented text vs undocs: same set of paragraphs ==")
        for qc in classes:
            if not qc.name.endswith("phrase"):
                continue
            ours = undocs_sets(index_dir, qc.queries)
            theirs = fts5_sets(con, qc)
            same = sum(a == b for a, b in zip(ours, theirs, strict=True))
            missed = sum(bool(a - b) for a, b in zip(ours, theirs, strict=True))
            zero = sum(bool(a) and not b for a, b in zip(ours, theirs, strict=True))
            lost = sum(len(a - b) for a, b in zip(ours, theirs, strict=True))
            found = sum(len(a) for a in ours)
            print(f"  {qc.name}: same set for {same} of {len(ours)} phrases; FTS5 misses "
                  f"paragraphs on {missed} ({zero} with no result at all), {lost} of "
                  f"{found} paragraphs")

        print(f"\n== cold processes (ms, wall; {args.cold} runs each after one untimed run, "
              "OS cache warm) ==")
        table(["command", "median", "p95"], [[label, *p50_p95(times)] for label, times in cold])
        for label, loaded in jieba_loaded.items():
            print(f"  {label} query via the CLI imports jieba: {'yes' if loaded else 'no'}")

        print("\n== aim ==")
        warm = [(pct(qc.timings["snippets"], 0.95), qc.name) for qc in classes]
        worst = max(warm)
        scale = "" if len(paras) >= AIM_PARAGRAPHS else (
            f" (measured at {len(paras)} paragraphs; the aim is for {AIM_PARAGRAPHS}: "
            "use --mb 19)")
        print(f"  warm p95 <= {AIM_WARM_P95_MS:.0f} ms: worst class {worst[1]!r} "
              f"{ms(worst[0])} ms with snippets -> "
              f"{'met' if worst[0] * 1000 <= AIM_WARM_P95_MS else 'NOT met'}{scale}")
        zh_cli = next((t for label, t in cold if label.startswith("undocs search zh")), None)
        if zh_cli:
            median = statistics.median(zh_cli)
            print(f"  cold Chinese CLI median <= {AIM_COLD_ZH_MS:.0f} ms: {ms(median)} ms -> "
                  f"{'met' if median * 1000 <= AIM_COLD_ZH_MS else 'NOT met'}")
        if "en" in jieba_loaded:
            print("  English query does not load jieba: "
                  f"{'NOT met' if jieba_loaded['en'] else 'met'}")
    finally:
        if con is not None:
            con.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
