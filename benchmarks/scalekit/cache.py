"""Generated corpora and their undocs indexes, cached per size, seed and index writer.

An entry is one folder `<size>-seed<S>-schema<V>-<hash>/` holding `corpus/` (written by
`corpusgen`), `index/` (built by `undocs index` as a subprocess) and `build.json` (what
the build measured; written last, so an entry without it is incomplete and rebuilt).
`<hash>` covers the code that decides what an index holds: every file of the installed
`undocs.indexer` and `undocs.analyzers` packages, Whoosh's version, `corpusgen.py` and
the bundled corpus it samples. A branch that changes how the index is written therefore
never measures an index an older writer left; entries of other writers stay beside it
(delete the cache folder to reclaim the space).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import corpusgen

from scalekit import procs

BENCHMARKS = Path(__file__).resolve().parent.parent
# `corpusgen --mb 19 / 57 / 190` gave 100k / 300k / 1M paragraphs (issue 15)
MB_PER_PARAGRAPH = 19 / 100_000
_SIZE_RE = re.compile(r"^(\d+(?:\.\d+)?)([km]?)$", re.I)


def parse_size(text: str) -> int:
    """Paragraphs named by `100k`, `1M`, `300000` or `600`."""
    match = _SIZE_RE.match(text.strip())
    if not match:
        raise ValueError(f"size {text!r}: write a number of paragraphs such as 100k, 1M, 600")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit])


def size_label(paragraphs: int) -> str:
    """`100k`, `1M`, `600`: the inverse of `parse_size` for round sizes."""
    for unit, factor in (("M", 1_000_000), ("k", 1_000)):
        if paragraphs >= factor and paragraphs % (factor // 10) == 0:
            value = paragraphs / factor
            return f"{value:g}{unit}"
    return str(paragraphs)


def package_folder(name: str) -> Path:
    module = __import__(name, fromlist=["__file__"])
    return Path(module.__file__).resolve().parent


def writer_hash() -> str:
    """A digest of everything that decides an index's bytes (see the module docstring)."""
    import whoosh

    from undocs.indexer.schema import SCHEMA_VERSION

    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}; whoosh {whoosh.versionstring()}\n"
                            .encode())
    folders = [package_folder("undocs.indexer"), package_folder("undocs.analyzers")]
    files = [path for folder in folders for path in sorted(folder.rglob("*"))
             if path.is_file() and path.suffix in {".py", ".txt"}]
    files += [BENCHMARKS / "corpusgen.py", *sorted(corpusgen.CORPUS.glob("*.md"))]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Entry:
    folder: Path
    paragraphs: int  # the size asked for
    seed: int

    @property
    def corpus(self) -> Path:
        return self.folder / "corpus"

    @property
    def index(self) -> Path:
        return self.folder / "index"

    @property
    def record(self) -> Path:
        return self.folder / "build.json"


def entry_for(cache: Path, paragraphs: int, seed: int) -> Entry:
    from undocs.indexer.schema import SCHEMA_VERSION

    name = f"{size_label(paragraphs)}-seed{seed}-schema{SCHEMA_VERSION}-{writer_hash()[:12]}"
    return Entry(Path(cache).resolve() / name, paragraphs, seed)


def undocs_command() -> str:
    beside = Path(sys.executable).with_name("undocs")
    return str(beside) if beside.exists() else (shutil.which("undocs") or "undocs")


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def ensure(entry: Entry, jobs: int, log=print) -> tuple[dict, bool]:
    """The build record of `entry`, building corpus and index first if the cache lacks
    them; returns (record, reused)."""
    if entry.record.exists():
        return json.loads(entry.record.read_text(encoding="utf-8")), True
    shutil.rmtree(entry.folder, ignore_errors=True)
    entry.folder.mkdir(parents=True)
    gen = corpusgen.generate(entry.corpus, entry.paragraphs * MB_PER_PARAGRAPH, entry.seed)
    log(f"  corpus: {gen.summary()}")
    log(f"  building: undocs index --jobs {jobs} ...")
    measured = procs.run([undocs_command(), "index", str(entry.corpus), "--index",
                          str(entry.index), "--jobs", str(jobs), "--quiet"])
    record = {
        "paragraphs": gen.paragraphs, "files": gen.files, "text_bytes": gen.text_bytes,
        "digest": gen.digest, "jobs": jobs, "built": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                    time.gmtime()),
        "wall_s": measured.wall, "cpu_s": measured.cpu, "peak_rss_mb": measured.peak_rss_mb,
        "peak_pss_mb": measured.peak_pss_mb, "max_rss_mb": measured.max_rss_mb,
    }
    entry.record.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record, False
