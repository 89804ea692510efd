"""The cost of small updates: `runs` times, 10 new documents and one `undocs index`.

On a copy of the cached index (the cache stays as built). Each run writes `files` new
documents (drawn by `corpusgen` with another seed, their symbols renamed `UPD/...` so
that none claims a key the corpus holds) into an `updates/` folder, then runs
`undocs index CORPUS UPDATES --index COPY` as a user who added documents to a
collection would: every corpus file is looked at and found unchanged, the new ones are
indexed, and whatever merging the writer does happens in that run. Measured per run:
wall and CPU seconds, and the index's segment count after it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import corpusgen

from scalekit import procs
from scalekit.cache import MB_PER_PARAGRAPH, undocs_command

PARAGRAPHS_PER_FILE = 105  # corpusgen's mean (60-150 paragraphs a document)


@dataclass
class UpdateRun:
    wall: float
    cpu: float
    segments: int


def segment_count(index_dir: Path) -> int:
    """Segments in the index's latest commit."""
    from undocs.indexer.storage import open_index

    return len(open_index(index_dir)._segments())


def update_documents(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` generated documents under `folder/pool`, symbols `UPD/<LANG>/<n>`."""
    pool = folder / "pool"
    mb = count * PARAGRAPHS_PER_FILE * MB_PER_PARAGRAPH * 1.5
    while True:
        shutil.rmtree(pool, ignore_errors=True)
        gen = corpusgen.generate(pool, mb, seed)
        if gen.files >= count:
            break
        mb *= 2
    documents = []
    for path in sorted(pool.glob("gen-*.md"))[:count]:
        renamed = pool / path.name.replace("gen-", "upd-", 1)
        renamed.write_text(path.read_text(encoding="utf-8").replace(
            "symbol: GEN/", "symbol: UPD/", 1), encoding="utf-8")
        path.unlink()
        documents.append(renamed)
    return documents


def run_updates(index_dir: Path, corpus: Path, work: Path, runs: int, files: int,
                seed: int) -> tuple[int, list[UpdateRun]]:
    """(segments before, one UpdateRun per run) on a copy of `index_dir` in `work`."""
    copy = work / "index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index_dir, copy)
    updates = work / "updates"
    updates.mkdir(parents=True, exist_ok=True)
    documents = update_documents(work, runs * files, seed + 1)
    before = segment_count(copy)
    results = []
    for run in range(runs):
        for path in documents[run * files:(run + 1) * files]:
            shutil.move(path, updates / path.name)
        measured = procs.run([undocs_command(), "index", str(corpus), str(updates),
                              "--index", str(copy), "--quiet"])
        results.append(UpdateRun(measured.wall, measured.cpu, segment_count(copy)))
    shutil.rmtree(copy, ignore_errors=True)
    return before, results
