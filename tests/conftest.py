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
