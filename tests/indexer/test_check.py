"""`undocs check`: every index file against the checksums written at its commit."""

from __future__ import annotations

from click.testing import CliRunner

from undocs.indexer.build import update_index
from undocs.search.cli import cli


def _check(index_dir):
    return CliRunner().invoke(cli, ["check", "--index", str(index_dir)])


def test_an_overwrite_inside_a_segment_is_named_and_exits_1(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    files = sorted(p.name for p in index_dir.glob("MAIN_*.seg")) + ["_MAIN_1.toc"]
    result = _check(index_dir)
    assert result.exit_code == 0, result.output
    assert result.output == f"{index_dir}: {len(files)} files verified (generation 1)\n"
    damaged = index_dir / files[0]
    with open(damaged, "r+b") as stream:  # same size, same time stamp: `index` sees nothing
        stream.seek(3000)
        chunk = stream.read(16)
        stream.seek(3000)
        stream.write(bytes(b ^ 0xFF for b in chunk))
    assert update_index(index_dir, [small_corpus], jobs=1).unchanged == 3
    result = _check(index_dir)
    assert result.exit_code == 1
    assert result.output == f"undocs: {damaged}: content differs from its checksum (damaged)\n"


def test_sums_follow_updates_and_only_the_latest_are_kept(small_corpus, tmp_path):
    index_dir = tmp_path / "ix"
    update_index(index_dir, [small_corpus], jobs=1)
    (small_corpus / "untoc.en.md").unlink()
    update_index(index_dir, [small_corpus], jobs=1)
    assert [p.name for p in index_dir.glob("UNDOCS_SUMS_*")] == ["UNDOCS_SUMS_2"]
    assert _check(index_dir).exit_code == 0
    (index_dir / "UNDOCS_SUMS_2").unlink()
    result = _check(index_dir)
    assert result.exit_code == 1 and "UNDOCS_SUMS_2: missing" in result.output
    update_index(index_dir, [small_corpus], jobs=1)  # nothing to index: sums written
    assert _check(index_dir).exit_code == 0
    assert _check(tmp_path / "none").exit_code == 2
