"""Merges: a tiered policy within a budget per run, merges done by the workers and
committed atomically, and `undocs index --optimize` for a full merge."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.indexer import pipeline
from undocs.indexer.build import update_index
from undocs.indexer.merges import Policy
from undocs.indexer.schema import FILE, PARA
from undocs.indexer.storage import open_index
from undocs.indexer.sums import verify
from undocs.search.cli import cli
from undocs.search.searcher import Searcher

NOTE = "---\nsymbol: NOTE/{n}\nlang: en\n---\n\n1. Note {n} on the {word} of the day.\n"


@given(st.lists(st.integers(1, 10**9), max_size=60), st.integers(0, 10**10))
@settings(max_examples=200, deadline=None)
def test_a_plan_merges_whole_tiers_within_the_budget(sizes, budget):
    policy = Policy()
    named = {f"s{i}": size for i, size in enumerate(sizes)}
    groups = policy.plan(named, budget)
    members = [name for group in groups for name in group]
    assert len(members) == len(set(members))  # a segment in one merge at most
    assert sum(named[name] for name in members) <= budget
    for group in groups:
        assert len(group) == policy.factor
        assert len({policy.tier(named[name]) for name in group}) == 1
        assert sum(named[name] for name in group) <= policy.max_bytes


def _simulate(policy: Policy, updates: int, written: int) -> tuple[int, int]:
    """Updates of `written` bytes each on an index of 60 build-sized segments: the most
    bytes one update merged and the most segments the index held."""
    segments = {f"build{i}": 40_000_000 for i in range(60)}
    most_merged = most_segments = 0
    for run in range(updates):
        segments[f"new{run}"] = written
        merged = 0
        for number, group in enumerate(policy.plan(segments, policy.budget(written // 9))):
            merged += sum(segments[name] for name in group)
            segments[f"m{run}.{number}"] = sum(segments.pop(name) for name in group)
        most_merged = max(most_merged, merged)
        most_segments = max(most_segments, len(segments))
    return most_merged, most_segments


def test_small_updates_merge_a_bounded_amount_and_keep_segments_few():
    policy = Policy()
    updates, written = 300, 1_800_000  # the segments of ten generated files
    merged, count = _simulate(policy, updates, written)
    assert merged <= policy.budget(written // 9)  # never a merge of half the index
    # without merges 360; with them, the tiers below the budget hold fewer than `factor`
    # each, and what small updates add stays in segments of about half the budget
    # until a larger run (or --optimize) merges them
    assert count <= 60 + 3 * policy.factor + updates * written // (policy.run_bytes // 2)


def _notes(folder: Path, first: int, count: int, word: str = "agenda") -> None:
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        (folder / f"note-{n:03}.en.md").write_text(NOTE.format(n=n, word=word))


def _state(index_dir: Path) -> tuple[int, int, int]:
    """(segments, file records, paragraphs) of the latest commit."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return (len(ix._segments()), len(list(searcher.document_numbers(record=FILE))),
                len(list(searcher.document_numbers(record=PARA))))


def test_updates_merge_small_segments_in_the_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "Policy", lambda: Policy(factor=3))  # tiers of 3 segments
    folder = tmp_path / "docs"
    index_dir = tmp_path / "ix"
    counts = []
    for run in range(6):
        _notes(folder, run * 4, 4)
        summary = update_index(index_dir, [folder], jobs=2)
        assert summary.added == 4 and not summary.refused
        counts.append(_state(index_dir))
    # each run writes 2 segments; 3 of a tier are merged as soon as there are 3
    assert max(segments for segments, _, _ in counts) <= 4
    assert counts[-1][1:] == (24, 24)
    assert not verify(index_dir).damaged
    with Searcher(index_dir) as searcher:
        assert searcher.search("agenda", limit=50).total == 24


def test_segments_a_run_deletes_from_are_not_merged_in_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "Policy", lambda: Policy(factor=2))
    folder = tmp_path / "docs"
    index_dir = tmp_path / "ix"
    _notes(folder, 0, 4)
    update_index(index_dir, [folder], jobs=2)
    _notes(folder, 0, 4, word="budget")  # every file changes: their segments lose them
    summary = update_index(index_dir, [folder], jobs=2)
    assert summary.updated == 4
    assert _state(index_dir)[1:] == (4, 4)
    with Searcher(index_dir) as searcher:
        assert searcher.search("budget", limit=50).total == 4
        assert searcher.search("agenda", limit=50).total == 0


def test_optimize_merges_the_index_into_one_segment_with_progress(tmp_path):
    folder = tmp_path / "docs"
    index_dir = tmp_path / "ix"
    for run in range(2):
        _notes(folder, run * 5, 5)
        update_index(index_dir, [folder], jobs=2)
    (folder / "note-000.en.md").unlink()
    update_index(index_dir, [folder], jobs=2)
    segments, files, paragraphs = _state(index_dir)
    assert segments > 1 and (files, paragraphs) == (9, 9)
    steps: list[tuple[int, int]] = []
    summary = update_index(index_dir, [], jobs=2, optimize=True,
                           on_merge=lambda done, total: steps.append((done, total)))
    assert summary.added == summary.removed == 0
    assert (summary.merged, summary.merged_into) == (segments, 1)
    assert summary.line().endswith(f"; {segments} segments merged into 1")
    assert _state(index_dir) == (1, 9, 9)
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1] > 0
    assert not verify(index_dir).damaged
    listed = {s.segment_id() for s in open_index(index_dir)._segments()}
    assert {p.name.split(".")[0] for p in index_dir.glob("MAIN_*.seg")} == listed
    with Searcher(index_dir) as searcher:
        assert searcher.search("agenda", limit=50).total == 9
    result = CliRunner().invoke(cli, ["index", "--optimize", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output  # nothing to merge: said, nothing done
    assert "0 added, 0 updated, 0 unchanged" in result.output  # no PATHS: not the corpus
    assert _state(index_dir) == (1, 9, 9)


# `undocs index` with tiers of 2 segments, so that every run merges
MERGING_CLI = ("import sys; import undocs.indexer.pipeline as p; "
               "from undocs.indexer.merges import Policy; p.Policy = lambda: Policy(factor=2); "
               "from undocs.search.cli import cli; sys.argv[0] = 'undocs'; cli()")


def test_a_run_killed_while_it_merges_leaves_a_whole_index(tmp_path):
    import random
    import shutil
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "docs"
    _notes(folder, 0, 40)  # the runs killed add the last ten
    base = tmp_path / "base"
    for first in range(0, 30, 10):  # three runs: three segments of ten notes
        update_index(base, [folder / f"note-{n:03}.en.md" for n in range(first, first + 10)],
                     jobs=1)
    assert _state(base) == (3, 30, 30)
    command = [sys.executable, "-c", MERGING_CLI, "index", str(folder), "--jobs", "2",
               "--quiet", "--index"]
    started = time.monotonic()
    copy = shutil.copytree(base, tmp_path / "timed")
    subprocess.run([*command, str(copy)], check=True, timeout=120)
    seconds = time.monotonic() - started
    assert _state(copy)[0] < 5 and _state(copy)[1:] == (40, 40)  # it wrote 2, merged
    points = sorted(random.Random(15).uniform(0.2, 1.0) for _ in range(4))
    for number, point in enumerate(points):
        index_dir = shutil.copytree(base, tmp_path / f"kill-{number}")
        process = subprocess.Popen([*command, str(index_dir)], stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        time.sleep(point * seconds)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        assert "Traceback" not in process.communicate(timeout=60)[1]
        _, files, paragraphs = _state(index_dir)
        assert 30 <= files <= 40 and paragraphs == files, point  # every note, once
        update_index(index_dir, [folder], jobs=2)  # the next run cleans up and goes on
        assert _state(index_dir)[1:] == (40, 40) and not verify(index_dir).damaged
        listed = {s.segment_id() for s in open_index(index_dir)._segments()}
        assert {p.name.split(".")[0] for p in index_dir.glob("MAIN_*.seg")} == listed
