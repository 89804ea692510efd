"""A file that hangs its reader (a C call that never returns) is stopped by the process
that watches the workers: killed after the time limit, named in one line with the
limit, the other files indexed, no process left behind. Likewise a reader that kills
its own process (a crash in a C library)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS
from undocs.indexer.build import update_index
from undocs.indexer.schema import PARA
from undocs.indexer.storage import open_index
from undocs.search.cli import cli

NOTE = "---\nsymbol: NOTE/{n}\nlang: en\n---\n\n1. Note {n} on the {word} of the day.\n"


def _folder(root: Path, notes: int) -> Path:
    """`notes` one-paragraph notes and a file that is a PDF by its bytes."""
    folder = root / "docs"
    folder.mkdir()
    for n in range(notes):
        (folder / f"note-{n:03}.en.md").write_text(NOTE.format(n=n, word="agenda"))
    (folder / "stuck.en.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 5000)
    return folder


def _hang_reading(monkeypatch, pid_file: Path) -> None:
    """The PDF reader blocks in a read(2) of a pipe nobody writes, as a PDFium call
    that never returns would: no Python code runs in that worker again."""

    def stuck(data, source, **kwargs):
        pid_file.write_text(str(os.getpid()))
        never, _ = os.pipe()
        os.read(never, 1)

    monkeypatch.setattr("undocs.indexer.readers.pdf.read_pdf", stuck)


def _paragraphs(index_dir: Path) -> int:
    with open_index(index_dir).searcher() as searcher:
        return len(list(searcher.document_numbers(record=PARA)))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_hanging_reader_is_killed_after_the_limit_and_the_rest_is_indexed(
        tmp_path, monkeypatch):
    folder = _folder(tmp_path, 40)  # 8 parse jobs of about 5 files: the hung one's
    pid_file = tmp_path / "pid"     # job mates are parsed by a fresh worker
    _hang_reading(monkeypatch, pid_file)
    started = time.monotonic()
    summary = update_index(tmp_path / "ix", [folder], jobs=2, file_timeout=1.0)
    assert time.monotonic() - started < 60
    assert summary.refused == ["stuck.en.pdf: stopped after 1 s (the time limit for one "
                               "file, $UNDOCS_FILE_TIMEOUT)"]
    assert summary.added == 40 and _paragraphs(tmp_path / "ix") == 40
    assert _gone(int(pid_file.read_text()))
    summary = update_index(tmp_path / "ix", [folder], jobs=2, file_timeout=1.0)
    assert summary.unchanged == 40 and len(summary.refused) == 1  # tried again, stopped


def test_the_limit_comes_from_the_environment_through_the_cli(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 3)
    _hang_reading(monkeypatch, tmp_path / "pid")
    monkeypatch.setenv("UNDOCS_FILE_TIMEOUT", "0.5")
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["index", str(folder), "--index",
                                          str(tmp_path / f"ix{jobs}"), "--jobs", jobs])
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        assert lines[0] == ("undocs: stuck.en.pdf: stopped after 0.5 s (the time limit for one "
                            "file, $UNDOCS_FILE_TIMEOUT)")
        assert "3 added" in lines[-1] and "1 refused" in lines[-1]
        assert "Traceback" not in result.output
    assert _gone(int((tmp_path / "pid").read_text()))
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix1"),
                                      "--file-timeout", "0.2"])
    assert "stopped after 0.2 s" in result.output


@pytest.mark.parametrize("value", ["xyz", "-3", "0", "nan"])
def test_a_bad_limit_in_the_environment_is_refused_in_one_line(tmp_path, monkeypatch, value):
    from undocs.indexer.workers import FILE_TIMEOUT, file_timeout

    monkeypatch.setenv("UNDOCS_FILE_TIMEOUT", value)
    result = CliRunner().invoke(cli, ["index", str(_folder(tmp_path, 1)), "--index",
                                      str(tmp_path / "ix")])
    assert result.exit_code == 2, result.output
    assert "UNDOCS_FILE_TIMEOUT" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ix").exists()  # nothing started
    assert file_timeout() == FILE_TIMEOUT  # a library caller gets the default


def test_a_reader_that_crashes_its_process_costs_only_its_file(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 5)
    (folder / "untoc.en.md").write_bytes((CORPUS / "untoc.en.md").read_bytes())

    def crash(data, source, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel kills a process out of memory

    monkeypatch.setattr("undocs.indexer.readers.pdf.read_pdf", crash)
    summary = update_index(tmp_path / "ix", [folder], jobs=2)
    assert summary.refused == ["stuck.en.pdf: its worker process died (signal 9)"]
    assert summary.added == 6
