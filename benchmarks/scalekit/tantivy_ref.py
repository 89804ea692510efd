"""The reference: tantivy (PyPI `tantivy`) over the same generated paragraphs.

One document per paragraph: `text` (default tokenizer: split on non-alphanumerics,
lower-cased, positions; Chinese paragraphs segmented by `jieba.cut` and space-joined
first), `lang` and `symbol` (raw, for the filters), stored. A query is its class's
literal segmented the same way and quoted (a phrase, or a term if one token), with
`lang:` as a term and `symbol:GEN/EN/1*` as a regex on the raw symbol; top 10 with
`count=True`, and a snippet of each hit (`SnippetGenerator`), as undocs shows snippets.
No stemming or accent folding: tantivy does less per word than undocs, which is fair
to state beside its figures. Build and queries each run in a fresh process
(`scale.py --child tantivy-build / tantivy-query`).
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from scalekit import procs, queries

LIMIT = 10
INSTALL_HINT = ".venv/bin/pip install -e '.[bench]'   (tantivy)"
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def available() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _segmented(text: str) -> str:
    if not _HAN_RE.search(text):
        return text
    return " ".join(w for w in _jieba().cut(text) if w.strip())


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True, tokenizer_name="default", index_option="position")
    builder.add_text_field("lang", stored=True, tokenizer_name="raw")
    builder.add_text_field("symbol", stored=True, tokenizer_name="raw")
    builder.add_text_field("anchor", stored=True, tokenizer_name="raw")
    return builder.build()


def build(corpus: Path, index_dir: Path, threads: int) -> dict:
    import tantivy

    start = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(index_dir))
    writer = index.writer(heap_size=128_000_000, num_threads=threads)
    count = 0
    for para in queries.generated_paragraphs(corpus):
        writer.add_document(tantivy.Document(text=_segmented(para.text), lang=para.lang,
                                             symbol=para.symbol, anchor=para.anchor))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"paragraphs": count, "seconds": time.perf_counter() - start}


def _query(index, schema, qc: queries.QueryClass, literal: str):
    import tantivy

    text = index.parse_query('"' + _segmented(literal) + '"', ["text"])
    filters = []
    if qc.lang:
        filters.append(tantivy.Query.term_query(schema, "lang", qc.lang))
    if qc.symbol:
        pattern = re.escape(qc.symbol.rstrip("*")) + ".*"
        filters.append(tantivy.Query.regex_query(schema, "symbol", pattern))
    if not filters:
        return text
    must = tantivy.Occur.Must
    return tantivy.Query.boolean_query([(must, text), *((must, f) for f in filters)])


def search(index_dir: Path, query_file: Path) -> dict:
    import tantivy

    classes = queries.load(query_file)
    _jieba().initialize()
    start = time.perf_counter()
    index = tantivy.Index.open(str(index_dir))
    searcher = index.searcher()
    opened = time.perf_counter() - start
    schema = index.schema

    def run(qc, literal: str) -> int:
        q = _query(index, schema, qc, literal)
        result = searcher.search(q, LIMIT, count=True)
        snippets = tantivy.SnippetGenerator.create(searcher, q, schema, "text")
        for _, address in result.hits:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        return result.count

    for qc in classes:
        for literal in qc.literals:
            run(qc, literal)
    timings: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for qc in classes:
        times, found = timings.setdefault(qc.name, []), totals.setdefault(qc.name, [])
        cpu_times = cpu.setdefault(qc.name, [])
        for literal in qc.literals:
            t0, c0 = time.perf_counter(), time.process_time()  # CPU of all its threads
            found.append(run(qc, literal))
            cpu_times.append(time.process_time() - c0)
            times.append(time.perf_counter() - t0)
    memory = procs.own_memory_mb()
    return {"open_s": opened, "rss_mb": memory["rss"], "rss_anon_mb": memory["anon"],
            "rss_file_mb": memory["file"], "timings": timings, "cpu": cpu,
            "totals": totals}
