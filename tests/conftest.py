"""Shared fixtures: the bundled corpus, read from the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE_REPORT = CORPUS / "un-ctoc-cop-wg3-2023-report.zh.md"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.*.md"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def full_index(tmp_path_factory):
    """The whole bundled corpus indexed once per test session (jobs=2)."""
    from indexer.build import update_index

    index_dir = tmp_path_factory.mktemp("full-index")
    summary = update_index(index_dir, [CORPUS], jobs=2)
    return index_dir, summary
