"""Crash safety: an indexing process killed at any moment leaves a searchable index that
holds every committed document, and the next run finishes the job.

Runs are subprocesses killed at seeded points spread over the time an uninterrupted run
takes on this machine (measured first), so that the points land inside the work however
loaded the machine is."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Or, Term

from tests.conftest import CORPUS
from undocs.indexer import parse_file
from undocs.indexer.build import update_index
from undocs.indexer.schema import FILE, PARA
from undocs.indexer.storage import storage

# Four files in three languages, 165 KB: a run takes a second or two on 2 cores.
CRASH_FILES = ["a-res-80-6.en.md", "untoc.en.md", "sdg-indicators.fr.md",
               "un-ctoc-cop-wg3-2023-report.zh.md"]
MARKER = "zqxjkv"  # a word the updated files gain, in a paragraph of its own
CHANGED = [name for name in CRASH_FILES if not name.endswith(".zh.md")]
KILLS = 6  # per kind of run: a dozen in all
_SEEDED = random.Random(14)
FRACTIONS = sorted(round(_SEEDED.uniform(0.1, 1.0), 3) for _ in range(KILLS))


def _command(*args, index_dir):
    return [sys.executable, "-m", "undocs.search", "index", *map(str, args),
            "--index", str(index_dir), "--jobs", "2", "--commit-every", "1", "--quiet"]


def _run(command) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


class Base:
    def __init__(self, root: Path):
        self.docs = root / "docs"
        self.docs.mkdir()
        for name in CRASH_FILES:
            shutil.copy(CORPUS / name, self.docs / name)
        self.index = root / "base"
        update_index(self.index, [self.docs], jobs=2)
        self.paragraphs = sum(len(parse_file(self.docs / n).paragraphs) for n in CRASH_FILES)
        # how long an uninterrupted run takes here and now: the kill points' scale
        result, self.seconds = _run(_command(self.docs, "--rebuild", index_dir=root / "timed"))
        assert result.returncode == 0, result.stderr
        assert _state(root / "timed") == (len(CRASH_FILES), self.paragraphs, 0)

    def copy(self, index_dir: Path) -> Path:
        shutil.copytree(self.index, index_dir)
        return index_dir


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return Base(tmp_path_factory.mktemp("crash"))


def _state(index_dir) -> tuple[int, int, int]:
    """(file records, paragraphs, paragraphs holding MARKER) of the latest commit, found
    by counting records and by a search."""
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        marked = searcher.search(Or([Term(f"exact_{lang}", MARKER) for lang in
                                     ("en", "fr")]), limit=None)
        searcher.search(Term("lang", "en"), limit=5)
        return (len(list(searcher.document_numbers(record=FILE))),
                len(list(searcher.document_numbers(record=PARA))), len(marked))


def _kill_at(command: list, delay: float, signum=signal.SIGKILL) -> str:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    time.sleep(delay)
    _signal_group(process.pid, signum)
    _, stderr = process.communicate(timeout=60)
    return stderr


def _signal_group(pid: int, signum) -> None:
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:  # the run had finished
        pass


def test_sigkill_during_a_rebuild_never_loses_a_document(base, tmp_path):
    for fraction in FRACTIONS:
        index_dir = base.copy(tmp_path / f"rebuild-{fraction}")
        stderr = _kill_at(_command(base.docs, "--rebuild", index_dir=index_dir),
                          fraction * base.seconds)
        assert "Traceback" not in stderr
        assert _state(index_dir) == (len(CRASH_FILES), base.paragraphs, 0), fraction


def test_sigkill_during_an_update_keeps_each_file_old_or_new(base, tmp_path):
    for name in CHANGED:  # the paths the base index holds, changed
        path = base.docs / name
        path.write_text(path.read_text(encoding="utf-8")
                        + f"\n\n999. A {MARKER} paragraph added.\n", encoding="utf-8")
    try:
        for fraction in FRACTIONS:
            index_dir = base.copy(tmp_path / f"update-{fraction}")
            stderr = _kill_at(_command(base.docs, index_dir=index_dir),
                              fraction * base.seconds)
            assert "Traceback" not in stderr
            files, total, marked = _state(index_dir)
            # every file in its old or its new version, never missing
            assert (files, total) == (len(CRASH_FILES), base.paragraphs + marked), fraction
        result, _ = _run(_command(base.docs, index_dir=index_dir))
        assert result.returncode == 0, result.stderr
        assert _state(index_dir) == (len(CRASH_FILES), base.paragraphs + len(CHANGED),
                                     len(CHANGED))
    finally:  # the module's base folder, as it was
        for name in CHANGED:
            shutil.copy(CORPUS / name, base.docs / name)


def test_sigkill_of_a_first_build_then_rerun_finds_everything(base, tmp_path):
    index_dir = tmp_path / "ix"
    seen = []
    for fraction in FRACTIONS[::2]:
        _kill_at(_command(base.docs, index_dir=index_dir), fraction * base.seconds)
        seen.append(_state(index_dir)[0] if list(index_dir.glob("_MAIN_*.toc")) else 0)
    result, _ = _run(_command(base.docs, index_dir=index_dir))
    assert result.returncode == 0, result.stderr
    assert _state(index_dir) == (len(CRASH_FILES), base.paragraphs, 0)
    assert seen == sorted(seen)  # each kill kept what the ones before had committed


def test_ctrl_c_leaves_the_last_commit_and_no_traceback(base, tmp_path):
    index_dir = base.copy(tmp_path / "ix")
    stderr = _kill_at(_command(base.docs, "--rebuild", index_dir=index_dir),
                      0.6 * base.seconds, signal.SIGINT)
    assert "Traceback" not in stderr
    assert _state(index_dir) == (len(CRASH_FILES), base.paragraphs, 0)
    # no file of the interrupted rebuild is left behind: every segment file is listed
    listed = {s.segment_id() for s in whoosh_index.open_dir(str(index_dir))._segments()}
    assert {p.name.split(".")[0] for p in index_dir.glob("MAIN_*.*")} == listed
    assert len(list(index_dir.glob("_MAIN_*.toc"))) == 1


def test_searches_during_a_rebuild_see_the_old_or_the_new_index(base, tmp_path):
    index_dir = base.copy(tmp_path / "ix")
    seen, races = [], []
    done = threading.Event()

    def search_in_a_loop():
        while not done.is_set():
            try:
                seen.append(_state(index_dir))
            except FileNotFoundError as err:  # a file Whoosh listed, removed as it opened
                races.append(err)

    reader = threading.Thread(target=search_in_a_loop)
    reader.start()
    try:
        result, _ = _run(_command(base.docs, "--rebuild", index_dir=index_dir))
    finally:
        done.set()
        reader.join()
    assert result.returncode == 0, result.stderr
    assert len(seen) > 5
    assert set(seen) == {(len(CRASH_FILES), base.paragraphs, 0)}  # never empty or partial
    assert len(races) <= 1


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die by prctl")
def test_workers_die_with_a_killed_run_and_free_its_lock(tmp_path):
    index_dir = tmp_path / "ix"  # the whole corpus: each worker has seconds of work
    whole_corpus = [sys.executable, "-m", "undocs.search", "index", str(CORPUS), "--index",
                    str(index_dir), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(whole_corpus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                len(workers) >= 2 and list(index_dir.glob("MAIN_*.*"))):
            workers = _children(process.pid)  # until both started and one writes
            time.sleep(0.02)
        assert len(workers) >= 2, "the pool did not start"
        process.kill()  # the parent only: its workers must not write on
        _, stderr = process.communicate(timeout=10)  # every holder of stderr has gone
    finally:
        _signal_group(process.pid, signal.SIGKILL)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    deadline = time.monotonic() + 5  # their files are closed: they are on their way out
    while [w for w in workers if _alive(w)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [worker for worker in workers if _alive(worker)]
    lock = storage(index_dir).lock("UNDOCS_RUN")  # not held by a survivor: free at once
    assert lock.acquire(blocking=False)
    lock.release()
