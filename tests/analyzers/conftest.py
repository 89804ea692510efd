"""Shared fixtures: the real corpus files and their paragraphs, per language."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@cache
def corpus_files(lang: str) -> tuple[tuple[str, str], ...]:
    """(file name, text) of every corpus file of ``lang``."""
    return tuple(
        (p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob(f"*.{lang}.md"))
    )


@cache
def paragraphs(lang: str) -> tuple[str, ...]:
    """Non-empty blank-line-separated blocks of the corpus files of ``lang``."""
    out = []
    for _, text in corpus_files(lang):
        out.extend(b for b in re.split(r"\n\s*\n", text) if b.strip())
    return tuple(out)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
