"""Crash safety: an indexing process killed at any moment leaves a searchable index,
and the next run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from whoosh import index as whoosh_index
from whoosh.query import Term

from tests.conftest import CORPUS, corpus_files
from undocs.indexer import parse_file
from undocs.indexer.schema import PARA


def _start_indexing(index_dir):
    return subprocess.Popen(
        [sys.executable, "-m", "undocs.search", "index", str(CORPUS), "--index", str(index_dir),
         "--jobs", "2", "--commit-every", "1", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # so that a kill reaches the workers too, as a Ctrl-C would
    )


def _assert_searchable(index_dir):
    if not whoosh_index.exists_in(str(index_dir)):
        return 0  # killed before the first commit: nothing claimed, nothing broken
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        count = len(list(searcher.document_numbers(record=PARA)))
        searcher.search(Term("lang", "en"), limit=5)
    return count


def test_sigkill_at_several_points_then_rerun_finds_everything(tmp_path):
    index_dir = tmp_path / "ix"
    seen_partial = []
    for delay in (0.4, 1.0, 1.6, 2.4):
        process = _start_indexing(index_dir)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        seen_partial.append(_assert_searchable(index_dir))
    finish = subprocess.run(
        [sys.executable, "-m", "undocs.search", "index", str(CORPUS), "--index", str(index_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert finish.returncode == 0, finish.stderr
    assert "Traceback" not in finish.stderr
    expected = sum(len(parse_file(path).paragraphs) for path in corpus_files())
    assert _assert_searchable(index_dir) == expected
    # every kill left a state that could be opened and searched, growing monotonically
    assert seen_partial == sorted(seen_partial)


def test_ctrl_c_leaves_the_last_commit_and_no_traceback(tmp_path):
    index_dir = tmp_path / "ix"
    process = _start_indexing(index_dir)
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    _assert_searchable(index_dir)
    rerun = subprocess.run(
        [sys.executable, "-m", "undocs.search", "index", str(CORPUS), "--index", str(index_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
