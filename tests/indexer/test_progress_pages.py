"""The progress callbacks count pages on PDFs: a file weighs its page count (one step for
a file without pages), so an 11-page record moves a bar 11 steps, not 1."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CORPUS
from tests.indexer.samples import sample
from undocs.indexer.build import update_index

PAGED = {"s-pv-4507.en.pdf": 11, "a-c4-sr-985.fr.pdf": 5, "s-2025-378.en.pdf": 2}


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_file_steps_by_its_pages(tmp_path, jobs):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in PAGED:
        shutil.copy(sample(name), folder / name)
    shutil.copy(CORPUS / "a-res-80-6.en.md", folder / "a-res-80-6.en.md")
    starts: list[int] = []
    steps: dict[str, int] = {}
    summary = update_index(tmp_path / "ix", [folder], jobs=jobs, on_start=starts.append,
                           on_file=lambda name, n: steps.__setitem__(name, n))
    assert summary.added == 4
    assert steps == {**PAGED, "a-res-80-6.en.md": 1}
    assert starts == [11 + 5 + 2 + 1]


def test_only_the_files_to_index_weigh(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample("s-pv-4507.en.pdf"), folder / "s-pv-4507.en.pdf")
    update_index(tmp_path / "ix", [folder], jobs=1)
    shutil.copy(sample("s-2025-378.en.pdf"), folder / "s-2025-378.en.pdf")
    starts: list[int] = []
    update_index(tmp_path / "ix", [folder], jobs=1, on_start=starts.append)
    assert starts == [2]  # the unchanged 11-page record is not counted again


def test_files_are_counted_as_they_are_read_before_any_is_written(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in PAGED:
        shutil.copy(sample(name), folder / name)
    shutil.copy(CORPUS / "a-res-80-6.en.md", folder / "a-res-80-6.en.md")
    events: list = []
    update_index(tmp_path / "ix", [folder], jobs=2,
                 on_read=lambda name, done, total: events.append(("read", name, done, total)),
                 on_start=lambda steps: events.append(("start", steps)))
    reads = [event for event in events if event[0] == "read"]
    assert sorted(name for _, name, _, _ in reads) == sorted([*PAGED, "a-res-80-6.en.md"])
    assert [(done, total) for _, _, done, total in reads] == [(n, 4) for n in range(1, 5)]
    assert events[-1] == ("start", 19)  # every file read before the indexing starts
