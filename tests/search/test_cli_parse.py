"""`undocs parse` through click's CliRunner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from tests.conftest import CORPUS, SAMPLE_REPORT
from undocs.search.cli import cli


def test_parse_text_outline():
    result = CliRunner().invoke(cli, ["parse", str(SAMPLE_REPORT)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("un-ctoc-cop-wg3-2023-report (lang zh, date 2023-10-02")
    assert any(line.split()[:3] == ["41", "paragraph", "138-140"] for line in lines)


def test_parse_jsonl_records():
    result = CliRunner().invoke(cli, ["parse", "--format", "jsonl", str(CORPUS / "untoc.en.md")])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {"anchor", "kind", "heading", "text", "lines", "symbol", "lang"} <= set(records[0])
    art3 = next(r for r in records if r["anchor"] == "art3(1)(b)")
    assert art3["kind"] == "subparagraph" and art3["lines"] == [49, 49]
    assert art3["heading"] == ["Article 3: Scope of application"]


def test_parse_goes_on_past_refused_files_and_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.en.md"
    bad.write_bytes(b"abc \xff def")
    empty = tmp_path / "empty.en.md"
    empty.write_bytes(b"")
    result = CliRunner().invoke(
        cli, ["parse", "--format", "jsonl", str(bad), str(CORPUS / "a-res-80-6.en.md"),
              str(empty), str(tmp_path / "missing.md")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("undocs:")]
    assert errors == [
        f"undocs: {bad}: invalid UTF-8 at byte offset 4",
        f"undocs: {empty}: empty file (no text)",
        f"undocs: {tmp_path / 'missing.md'}: No such file or directory",
    ]
    assert sum(1 for line in result.output.splitlines() if line.startswith("{")) == 65


def test_parse_as_a_process_prints_no_traceback(tmp_path):
    binary = tmp_path / "x.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x00")
    proc = subprocess.run(
        [sys.executable, "-m", "undocs.search", "parse", str(binary), str(SAMPLE_REPORT)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"undocs: {binary}: damaged or truncated PDF (PDFium cannot "
                                   "read its structure)")
    assert "Traceback" not in proc.stderr
    assert "41" in proc.stdout
