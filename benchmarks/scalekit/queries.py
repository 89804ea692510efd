"""The query set: the same queries at every size, drawn from the corpus all sizes share.

`corpusgen` with one seed writes the same documents first whatever the size asked for,
so the documents of `QUERY_MB` MB of text (about 10k paragraphs) are the first documents
of every corpus of at least that size. The query classes of `benchmarks/query.py` are
drawn from them (`make_classes`, deterministic for a seed): every query finds its
paragraph at every size, and a run at 300k asks what a run at 100k asked.

The texts are NFC-normalised first (some corpus files are decomposed, NFD): the
queries are drawn from NFC text either way (`query.make_classes`), and tantivy indexes
the same normalised texts.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from dataclasses import asdict
from pathlib import Path

import corpusgen
import query as query_bench

QUERY_MB = 2.0
_FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_NUMBERED_RE = re.compile(r"(\d+)\. (.*)", re.S)

QueryClass = query_bench.QueryClass
Para = query_bench.Para


def generated_paragraphs(folder: Path) -> list[Para]:
    """The paragraphs of the files `corpusgen` wrote into `folder` (symbol, lang and
    number from the file itself), in file-name order, their text in NFC."""
    paras = []
    for path in sorted(Path(folder).glob("gen-*.md")):
        text = path.read_text(encoding="utf-8")
        front = _FRONT_RE.match(text)
        meta = dict(line.split(": ", 1) for line in front.group(1).splitlines())
        for block in text[front.end():].split("\n\n"):
            match = _NUMBERED_RE.match(block.strip())
            if match:
                paras.append(Para(meta["symbol"], meta["lang"], match.group(1),
                                  unicodedata.normalize("NFC", match.group(2))))
    return paras


def draw(seed: int, per_class: int, mb: float = QUERY_MB) -> list[QueryClass]:
    """The query classes for `seed`: `per_class` queries each, from the first `mb` MB."""
    with tempfile.TemporaryDirectory(prefix="undocs-scale-queries-") as tmp:
        corpusgen.generate(Path(tmp), mb, seed)
        paras = generated_paragraphs(Path(tmp))
    return query_bench.make_classes(paras, per_class, seed)


def save(classes: list[QueryClass], path: Path) -> None:
    rows = [{key: value for key, value in asdict(qc).items() if key not in ("timings", "hits")}
            for qc in classes]
    Path(path).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> list[QueryClass]:
    return [QueryClass(**row) for row in json.loads(Path(path).read_text(encoding="utf-8"))]
