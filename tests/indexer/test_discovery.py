"""Finding the files to index: every entry that cannot be taken is named, the rest indexed."""

from __future__ import annotations

import os
import shutil

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from tests.conftest import CORPUS
from undocs.indexer.build import discover, update_index
from undocs.indexer.schema import FILE
from undocs.search.cli import cli

BAD_NAME = os.fsdecode(b"bad\xff\xfe.en.md")


def _indexed_files(index_dir) -> list[str]:
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        return sorted(r["file"] for r in searcher.documents(record=FILE))


def test_a_file_name_that_is_not_utf8_is_refused_by_name_and_the_rest_indexed(
        small_corpus, tmp_path):
    shutil.copy(small_corpus / "untoc.en.md", small_corpus / BAD_NAME)
    summary = update_index(tmp_path / "ix", [small_corpus], jobs=1)
    assert summary.refused == [r"bad\xff\xfe.en.md: file name is not valid UTF-8 (rename it)"]
    assert summary.added == 3
    assert _indexed_files(tmp_path / "ix") == sorted(
        ["a-res-80-6.en.md", "un-ctoc-cop-wg3-2023-report.zh.md", "untoc.en.md"])


def test_the_command_line_names_the_file_escaped_and_exits_1(small_corpus, tmp_path):
    shutil.copy(small_corpus / "untoc.en.md", small_corpus / BAD_NAME)
    result = CliRunner().invoke(cli, ["index", str(small_corpus), "--index",
                                      str(tmp_path / "ix"), "--jobs", "1"])
    assert result.exit_code == 1
    assert (r"undocs: bad\xff\xfe.en.md: file name is not valid UTF-8 (rename it)"
            in result.output)
    assert "3 added" in result.output and "Traceback" not in result.output


def test_fifos_dangling_links_loops_and_links_outside_are_named_never_opened(
        small_corpus, tmp_path):
    outside = tmp_path / "elsewhere.en.md"
    shutil.copy(CORPUS / "a-res-80-9.en.md", outside)
    os.mkfifo(small_corpus / "pipe.en.md")  # opening it for reading would block the run
    (small_corpus / "outside.en.md").symlink_to(outside)
    (small_corpus / "dangling.en.md").symlink_to(tmp_path / "nowhere.en.md")
    (small_corpus / "loop.en.md").symlink_to(small_corpus / "loop.en.md")
    (small_corpus / "inside.en.md").symlink_to(small_corpus / "untoc.en.md")
    (small_corpus / "far").symlink_to(tmp_path, target_is_directory=True)
    summary = update_index(tmp_path / "ix", [small_corpus], jobs=1)
    assert sorted(summary.refused) == [
        "dangling.en.md: dangling symbolic link; skipped",
        "far: symbolic link to a folder outside the indexed folder; not followed "
        "(name its target on the command line to index it)",
        "loop.en.md: symbolic link loop; skipped",
        "outside.en.md: symbolic link to a file outside the indexed folder; not followed "
        "(name it on the command line to index it)",
        "pipe.en.md: not a regular file (a FIFO); skipped",
    ]
    # the link inside points at a file indexed anyway: once, under its own name
    assert summary.added == 3
    assert "elsewhere.en.md" not in _indexed_files(tmp_path / "ix")
    # a path named on the command line is always taken, wherever it points
    named = update_index(tmp_path / "ix", [small_corpus / "outside.en.md"], jobs=1)
    assert named.added == 1 and not named.refused
    assert "elsewhere.en.md" in _indexed_files(tmp_path / "ix")


def test_an_unreadable_folder_is_named_and_the_rest_indexed(small_corpus, tmp_path,
                                                            monkeypatch):
    locked = small_corpus / "locked"
    locked.mkdir()
    shutil.copy(CORPUS / "a-res-80-9.en.md", locked / "a-res-80-9.en.md")
    real_scandir = os.scandir

    def scandir(path):  # a chmod 000 folder, even for root (CI runs as root)
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("undocs.indexer.walk.os.scandir", scandir)
    summary = update_index(tmp_path / "ix", [small_corpus], jobs=1)
    assert summary.refused == ["locked/: cannot read folder (Permission denied)"]
    assert summary.added == 3


def test_missing_paths_and_fifos_named_on_the_command_line(tmp_path):
    os.mkfifo(tmp_path / "named.en.md")
    (tmp_path / "gone.en.md").symlink_to(tmp_path / "nothing")
    _, _, errors, _ = discover([tmp_path / "named.en.md", tmp_path / "gone.en.md",
                             tmp_path / "missing"])
    assert errors == [f"{tmp_path / 'named.en.md'}: not a regular file (a FIFO); skipped",
                      f"{tmp_path / 'gone.en.md'}: dangling symbolic link",
                      f"{tmp_path / 'missing'}: no such file or directory"]


NAME_BYTES = st.binary(min_size=1, max_size=12).filter(
    lambda b: b"/" not in b and b"\x00" not in b and not b.startswith((b".", b"__")))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAME_BYTES, min_size=1, max_size=6, unique=True))
def test_any_file_names_are_found_or_named_never_an_exception(tmp_path_factory, names):
    folder = tmp_path_factory.mktemp("names")
    for raw in names:
        (folder / os.fsdecode(raw + b".en.md")).write_text("1. Text.\n", encoding="utf-8")
    found, _, errors, _ = discover([folder])
    assert len(found) + len(errors) == len(names)
    for file, _ in found:
        str(file).encode("utf-8")  # what the index stores as text
    for line in errors:
        line.encode("utf-8")  # every line can be printed
        assert line.endswith("file name is not valid UTF-8 (rename it)")
