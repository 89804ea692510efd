"""Fixtures of the query-layer tests: one Searcher over the whole bundled corpus."""

from __future__ import annotations

import pytest

from undocs.search import Searcher


@pytest.fixture(scope="session")
def searcher(full_index):
    index_dir, _ = full_index
    with Searcher(index_dir) as opened:
        yield opened


@pytest.fixture(scope="session")
def index_args(full_index):
    return ["--index", str(full_index[0])]
