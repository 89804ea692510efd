"""PDF-derived text in the index: quoted phrases cut from PDF paragraphs find exactly
the paragraphs holding them, and hits carry their pages."""

from __future__ import annotations

import random
import shutil

import pytest

from tests.indexer.samples import sample
from tests.search.test_exactness import cut_phrase, truth
from undocs.indexer import parse_file
from undocs.indexer.build import update_index
from undocs.search import Searcher

FILES = ["a-res-80-39.en.pdf", "s-pv-4507.en.pdf", "s-2025-378.en.pdf", "a-c4-sr-985.fr.pdf"]


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    for name in FILES:
        shutil.copy(sample(name), folder / name)
    index_dir = tmp_path_factory.mktemp("pdf-index")
    summary = update_index(index_dir, [folder], jobs=2)
    assert (summary.added, summary.refused) == (len(FILES), [])
    paragraphs = {}
    for name in FILES:
        document = parse_file(folder / name)
        for paragraph in document.paragraphs:
            paragraphs.setdefault(document.lang, []).append(
                ((document.symbol, document.lang, paragraph.anchor), paragraph.text))
    with Searcher(index_dir) as searcher:
        yield searcher, paragraphs


def _phrases(paragraphs: dict, count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        lang = rng.choice(sorted(paragraphs))
        _, text = rng.choice(paragraphs[lang])
        phrase = cut_phrase(rng, lang, text)
        if phrase is not None:
            out.append((lang, phrase))
    return out


def test_quoted_phrases_from_pdf_paragraphs_find_exactly_their_paragraphs(pdf_index):
    searcher, paragraphs = pdf_index
    for lang, phrase in _phrases(paragraphs, 60, seed=2758):
        expected = truth(lang, phrase, paragraphs)
        result = searcher.search(f'"{phrase}"', lang=lang, limit=10_000, snippets=False)
        assert {(h.symbol, h.lang, h.anchor) for h in result.hits} == expected, phrase
        assert expected  # cut from an indexed paragraph: it has its source


def test_hits_carry_their_pages(pdf_index):
    searcher, _ = pdf_index
    result = searcher.search('"some States to nuclear weapons in their security doctrines"',
                             lang="en")
    assert result.total == 1
    hit = result.hits[0]
    assert (hit.symbol, hit.pages) == ("A/RES/80/39", [1, 2])
    assert hit.to_dict()["pages"] == [1, 2]
