"""Shared fixtures: the bundled corpus, read from the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE_REPORT = CORPUS / "un-ctoc-cop-wg3-2023-report.zh.md"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.*.md"))


def stored_entry(searcher, entry_id: str) -> dict | None:
    """The stored fields of the paragraph `SYMBOL|LANG|ANCHOR` (paragraphs are found
    through their document's key: the index holds no term per paragraph)."""
    from undocs.indexer.analyse import doc_key

    symbol, lang, anchor = entry_id.split("|")
    return next((fields for fields in searcher.documents(doc_key=doc_key(symbol, lang))
                 if fields["record"] == "para" and fields["anchor"] == anchor), None)


# three files, two languages: quick to index
SMALL = ["a-res-80-6.en.md", "un-ctoc-cop-wg3-2023-report.zh.md", "untoc.en.md"]


@pytest.fixture
def small_corpus(tmp_path):
    """A folder of copies of the SMALL files, free to change."""
    import shutil

    folder = tmp_path / "docs"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def full_index(tmp_path_factory):
    """The whole bundled corpus indexed once per test session (jobs=2)."""
    from undocs.indexer.build import update_index

    index_dir = tmp_path_factory.mktemp("full-index")
    summary = update_index(index_dir, [CORPUS], jobs=2)
    return index_dir, summary
