"""The writing part of a run, in the workers: parse, claims, write, merge, commit.

1. Parse jobs parse every file once (`indexer.segments`); the claims are settled on
   what they tell (`indexer.claims`) before anything is written.
2. Write jobs analyse the accepted files' parsed documents and write segments; merge
   jobs merge segments as the policy says (`indexer.merges`), beside them.
3. This process commits every `commit_every` files or `commit_seconds` (a rebuild
   once, at the end), each commit one new table of contents (`indexer.commit`).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from undocs.indexer.analyse import FileTask
from undocs.indexer.claims import settle_claims
from undocs.indexer.commit import WRITER_FOLDER, commit, remove_leftovers
from undocs.indexer.languages import lang_code
from undocs.indexer.merges import Policy, sizes_of
from undocs.indexer.parse import split_name
from undocs.indexer.segments import Job, split_evenly
from undocs.indexer.workers import Stopped, Workers

if TYPE_CHECKING:
    from undocs.indexer.build import UpdateSummary


@dataclass
class Run:
    """How a run goes: what `update_index` was asked."""

    jobs: int
    rebuild: bool
    commit_every: int
    commit_seconds: float
    on_start: Callable | None
    on_file: Callable | None
    optimize: bool
    on_merge: Callable | None
    file_timeout: float | None
    on_read: Callable | None


def write_run(ix, index_dir, tasks, known, vanished, summary, replace, run: Run, run_lock,
           original: list) -> None:
    """Have workers parse the tasks, settle the claims, have workers write the accepted
    ones and merge segments; commit as `run` says.

    A file's old version is deleted in the commit that adds its new one (vanished files
    in the first); a rebuild commits once, replacing everything (`indexer.commit`)."""
    # Workers start now: they load jieba's dictionary (half a second each) if the new
    # files look Chinese, while the first parse jobs are handed out.
    preload = any(_looks_chinese(task) for task in tasks)
    with Workers(run.jobs, None, preload_chinese=preload, close_fds=[run_lock.fd],
                 timeout=run.file_timeout) as workers, \
            _scratch(index_dir) as scratch:
        claims = settle_claims(_parse(workers, str(index_dir), tasks, scratch, summary,
                                      run.on_read), known, vanished)
        summary.refused.extend(claims.refused)
        summary.notes.extend(claims.notes)
        accepted = claims.accepted
        # a file weighs its pages (the parse counted them), an unpaged file 1
        steps = {task.display: max(claims.pages.get(task.source, 0), 1) for task in accepted}
        if run.on_file:
            workers.on_file = lambda name: run.on_file(name, steps.get(name, 1))
        if run.on_start:
            run.on_start(sum(steps.values()))
        deletions = list(vanished) + claims.displaced
        touched = _segments_holding(ix, original, deletions + [
            known[task.source] for task in accepted if task.source in known])
        merger = _Merger(str(index_dir), Policy().budget(sum(_size(t.path) for t in accepted)),
                         [] if replace else [s for s in original
                                             if s.segment_id() not in touched])
        for group in _groups(accepted, run.jobs, run.commit_every):
            workers.submit(Job("write", str(index_dir), group))
        merger.plan(workers)
        ids = frozenset(segment.segment_id() for segment in original)
        segments, merged, files = [], [], 0
        last_commit = time.monotonic()
        for job, result in workers.results():
            if isinstance(result, Stopped):
                summary.refused.append(result.message)
                continue
            if job.kind == "merge":
                summary.merged += len(job.segments)
                summary.merged_into += 1
                merged.append((result, job.segments))
                merger.add([result])
            else:
                written, outcomes = result
                segments.extend(written)
                merger.add(written)
                files += len(outcomes)
                for outcome in outcomes:
                    _count(outcome, known, summary)
                    if outcome.task.source in known:
                        deletions.append(known[outcome.task.source])
            merger.plan(workers)
            if not replace and (files >= run.commit_every
                                or time.monotonic() - last_commit >= run.commit_seconds):
                commit(ix, segments, deletions=deletions, original=ids, final=False,
                       merged=merged)
                deletions, segments, merged, files = [], [], [], 0
                last_commit = time.monotonic()
        listed = commit(ix, segments, deletions=deletions, original=ids,
                        final=not run.optimize, replace=replace, merged=merged)
        if run.optimize:
            _optimize(ix, workers, str(index_dir), listed, run.on_merge, summary)


def _scratch(index_dir) -> tempfile.TemporaryDirectory:
    """A folder for the parsed documents, inside Whoosh's writer folder: a killed run's
    is removed with it by the next run (`commit.remove_leftovers`)."""
    folder = Path(index_dir) / WRITER_FOLDER
    folder.mkdir(mode=0o755, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="parsed-", dir=folder, ignore_cleanup_errors=True)


def _parse(workers: Workers, index_dir: str, tasks: list[FileTask], scratch: str,
           summary: UpdateSummary, on_read=None) -> list:
    """Every task parsed once, by the workers, in the order of `tasks` (the claims'
    order); the parsed documents wait in `scratch` for the write jobs. `on_read(name,
    files read, files in all)` is told as they are."""
    count = max(workers.jobs * 4, -(-len(tasks) // 32))
    for group in split_evenly(tasks, count, lambda t: _size(t.path)):
        workers.submit(Job("parse", index_dir, group, scratch=scratch))
    done = 0

    def read(name: str) -> None:
        nonlocal done
        done += 1
        on_read(name, done, len(tasks))

    workers.on_parsed = read if on_read else None
    parsed = {}
    for _, result in workers.results():
        if isinstance(result, Stopped):
            summary.refused.append(result.message)
        else:
            parsed.update((item.task.source, item) for item in result)
    return [parsed[task.source] for task in tasks if task.source in parsed]


def _groups(tasks: list[FileTask], jobs: int, most: int) -> list[list[FileTask]]:
    """`tasks` in groups of at most about `most` files and `GROUP_BYTES` of input,
    at least one per worker."""
    total = sum(_size(task.path) for task in tasks)
    count = max(jobs, -(-total // GROUP_BYTES), -(-len(tasks) // most))
    return split_evenly(tasks, count, lambda t: _size(t.path)) if tasks else []


# A group of files a worker writes as one segment: small enough that a commit can follow
# within a minute or so (about 30 s of other languages on one core), large enough to
# keep segments few without merges. Each segment holds its own term dictionary, and
# terms, not postings, were most of the cost of writing one (the vocabulary of 16 MB
# of text is little more than that of 4 MB): a build in 4 MB groups wrote each term
# about four times, then merged the segments (rewriting everything once per tier of
# `indexer.merges`), two thirds of a 300k-paragraph build. In 16 MB groups a million
# paragraphs are a dozen segments that no merge needs to touch. A small update writes
# one small segment per worker whatever this is.
GROUP_BYTES = 16_000_000


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class _Merger:
    """The merges of a run: segments that may be merged, and the budget left
    (`indexer.merges`). A segment is in at most one merge at a time."""

    def __init__(self, folder: str, budget: int, candidates: list):
        self.folder = folder
        self.budget = budget
        self.free = {segment.segment_id(): segment for segment in candidates}
        self.policy = Policy()

    def add(self, segments: list) -> None:
        self.free.update((segment.segment_id(), segment) for segment in segments)

    def plan(self, workers: Workers) -> None:
        sizes = sizes_of(self.folder, self.free.values())
        for group in self.policy.plan(sizes, self.budget):
            self.budget -= sum(sizes[name] for name in group)
            workers.submit(Job("merge", self.folder,
                               segments=[self.free.pop(name) for name in group]), first=True)


def _segments_holding(ix, segments: list, records: list[dict]) -> set[str]:
    """The ids of the `segments` (the index's, in order) holding any of `records`."""
    if not records:
        return set()
    ends, total = [], 0
    for segment in segments:
        total += segment.doc_count_all()
        ends.append(total)
    held = set()
    with ix.searcher() as searcher:
        for record in records:
            for docnum in searcher.document_numbers(id=record["id"]):
                index = next(i for i, end in enumerate(ends) if docnum < end)
                held.add(segments[index].segment_id())
    return held


def worth_merging(segments: list) -> bool:
    return len(segments) > 1 or any(segment.has_deletions() for segment in segments)


def _optimize(ix, workers: Workers, index_dir: str, listed: list, on_merge,
              summary: UpdateSummary) -> None:
    """Merge every segment into one, in a worker, and commit it (`--optimize`)."""
    if not worth_merging(listed):
        remove_leftovers(Path(index_dir), listed)
        return
    total, done = sum(segment.doc_count_all() for segment in listed), 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if on_merge:
            on_merge(done, total)

    if on_merge:
        on_merge(0, total)
    workers.on_step = step
    workers.submit(Job("merge", index_dir, segments=list(listed)))
    for job, result in workers.results():
        commit(ix, [], merged=[(result, job.segments)], final=True)
        summary.merged += len(job.segments)
        summary.merged_into += 1


def _count(outcome, known: dict, summary: UpdateSummary) -> None:
    if outcome.error:
        summary.refused.append(outcome.error)
    elif outcome.task.source in known:
        summary.updated += 1
    else:
        summary.added += 1
    summary.paragraphs += outcome.paragraphs
    summary.notes.extend(outcome.notes)


def _looks_chinese(task: FileTask) -> bool:
    """A hint from the file name (`report.zh.md`); the parser has the last word."""
    return lang_code(split_name(Path(task.path).name)[2]) == "zh"
