"""The parse of every corpus file, pinned: `undocs parse --format jsonl` and the text
outline, record by record, against `data/corpus-parse.txt`.

A change to the parser that is meant to be fast only (or to touch one thing) must leave
every other record as it was. The pinned file holds one line per record: its anchor, kind
and a digest of the whole JSON record (text, heading path, lines, pages, speaker...), so
its git diff names the anchors a change moved. After a deliberate change, rewrite it:

    .venv/bin/python -m tests.indexer.test_parse_pinned
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import corpus_files
from undocs.search.cli import cli

PINNED = Path(__file__).parent / "data" / "corpus-parse.txt"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def parse_lines(path: Path) -> list[str]:
    """The pinned form of one file's parse: the outline's digest, then one line per record."""
    runner = CliRunner()
    outline = runner.invoke(cli, ["parse", str(path)])
    records = runner.invoke(cli, ["parse", "--format", "jsonl", str(path)])
    assert outline.exit_code == 0 and records.exit_code == 0, (outline.output, records.output)
    lines = [f"# {path.name} outline {_digest(outline.output.replace(str(path), path.name))}"]
    for line in records.output.splitlines():
        record = json.loads(line)
        assert record.pop("file") == str(path)
        lines.append(f"{record['anchor']}\t{record['kind']}\t"
                     f"{_digest(json.dumps(record, ensure_ascii=False, sort_keys=True))}")
    return lines


def current() -> list[str]:
    return [line for path in corpus_files() for line in parse_lines(path)]


def test_every_corpus_parse_is_as_pinned():
    pinned = PINNED.read_text(encoding="utf-8").splitlines()
    now = current()
    if now != pinned:
        import difflib

        diff = list(difflib.unified_diff(pinned, now, "pinned", "now", lineterm="", n=1))
        raise AssertionError(f"{sum(1 for d in diff if d[:1] in '+-') - 2} lines differ "
                             "(rewrite with `python -m tests.indexer.test_parse_pinned` if "
                             "meant):\n" + "\n".join(diff[:60]))


if __name__ == "__main__":
    PINNED.write_text("\n".join(current()) + "\n", encoding="utf-8")
    print(f"wrote {PINNED.name}")
