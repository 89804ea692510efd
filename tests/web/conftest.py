"""Fixtures of the web tests: the application over the bundled corpus's index (one per
session), and over small indexes of their own."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from undocs.web.app import create_app

HOSTILE = """---
symbol: X/HOSTILE/1
title: <script>alert("title")</script> Hostile
date: 2024-05-01
---

# <img src=x onerror=alert(1)> Heading

1. A paragraph with <script>alert(document.cookie)</script> and an
<img src=x onerror="alert(2)"> inside.

2. A [link](javascript:alert(3)) and <a href="javascript:alert(4)">another</a> and
"quotes" & ampersands.
"""


@pytest.fixture(scope="session")
def client(full_index):
    with TestClient(create_app(full_index[0], check_every=0)) as opened:
        yield opened


@pytest.fixture(scope="session")
def hostile_client(tmp_path_factory):
    """The application over an index of one document full of markup and scripts."""
    from undocs.indexer.build import update_index

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.en.md").write_text(HOSTILE, encoding="utf-8")
    index_dir = folder / "index"
    update_index(index_dir, [folder / "hostile.en.md"], jobs=1)
    with TestClient(create_app(index_dir, check_every=0)) as opened:
        yield opened


@pytest.fixture(scope="session")
def index_args(full_index):
    return ["--index", str(full_index[0])]


@pytest.fixture(scope="session")
def searcher(full_index):
    from undocs.search import Searcher

    with Searcher(full_index[0]) as opened:
        yield opened
