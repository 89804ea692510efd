"""Citing by page: `S/PV.10011, p. 5` gives every paragraph (turn) on page 5 of the PDF,
in document order; `¶p12` stays the anchor p12."""

from __future__ import annotations

import functools
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPUS
from tests.indexer.samples import sample
from undocs.indexer import parse_file
from undocs.indexer.build import update_index
from undocs.search import Searcher
from undocs.search.citations import CitationError, parse_pages
from undocs.search.cli import cli

PV = "s-pv-10011.en.pdf"


@pytest.fixture(scope="module")
def paged_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paged")
    shutil.copy(sample(PV), folder / PV)
    shutil.copy(sample("a-c4-sr-985.fr.pdf"), folder / "a-c4-sr-985.fr.pdf")
    shutil.copy(CORPUS / "a-res-80-6.en.md", folder / "a-res-80-6.en.md")
    index_dir = tmp_path_factory.mktemp("paged-index")
    summary = update_index(index_dir, [folder], jobs=2)
    assert summary.refused == []
    return index_dir


@functools.cache
def _parsed(name: str):
    return parse_file(sample(name))


def _on_pages(name: str, first: int, last: int) -> list[str]:
    return [p.anchor for p in _parsed(name).paragraphs
            if any(first <= page <= last for page in p.pages)]


@pytest.mark.parametrize("citation,first,last", [
    ("S/PV.10011, p. 5", 5, 5),
    ("S/PV.10011 page 5", 5, 5),
    ("S/PV.10011 pp. 3-4", 3, 4),
    ("S/PV.10011, p. 5 (en)", 5, 5),
    ("S/PV.10011 第5页", 5, 5),
    ("S/PV.10011 стр. 42", 42, 42),
])
def test_a_page_gives_every_paragraph_on_it_in_order(paged_index, citation, first, last):
    expected = _on_pages(PV, first, last)
    assert len(expected) > 2
    with Searcher(paged_index) as searcher:
        hits = searcher.cite(citation).hits
    assert [hit.anchor for hit in hits] == expected
    assert all(set(hit.pages) & set(range(first, last + 1)) for hit in hits)


def test_french_and_spanish_page_forms(paged_index):
    expected = _on_pages("a-c4-sr-985.fr.pdf", 2, 3)
    with Searcher(paged_index) as searcher:
        for citation in ("A/C.4/SR.985 p. 2-3 (fr)", "A/C.4/SR.985 págs. 2-3",
                         "A/C.4/SR.985, pages 2 à 3"):
            assert [hit.anchor for hit in searcher.cite(citation).hits] == expected


def test_p12_without_its_dot_is_still_the_anchor_p12(paged_index):
    """S/PV.10011 has a page 12 and an entry p12 (its cover page's entries are
    metadata: `The meeting was called to order` is the record's first entry)."""
    with Searcher(paged_index) as searcher:
        assert [hit.anchor for hit in searcher.cite("S/PV.10011 ¶p12").hits] == ["p12"]
        assert [hit.anchor for hit in searcher.cite("S/PV.10011 p12").hits] == ["p12"]


def test_a_page_the_document_lacks_names_its_page_range(paged_index):
    result = CliRunner().invoke(cli, ["cite", "S/PV.10011 p. 50", "--index", str(paged_index)])
    assert result.exit_code != 0
    assert result.output.strip() == ("undocs: no page 50 in S/PV.10011 (en): "
                                     "its pages are 1-42")


def test_a_markdown_document_has_no_pages(paged_index):
    with Searcher(paged_index) as searcher, pytest.raises(CitationError) as err:
        searcher.cite("A/RES/80/6 p. 2")
    assert str(err.value) == ("A/RES/80/6 (en) has no pages: a-res-80-6.en.md is no PDF; "
                              "cite a paragraph (¶3, para. 3)")


_FORMS = ["p. {a}", "p.{a}", "page {a}", "pages {a}-{b}", "pp. {a}-{b}", "pp. {a} to {b}",
          "págs. {a}-{b}", "pág. {a}", "стр. {a}", "стр. {a}-{b}", "第{a}页", "第{a}至{b}页"]


@given(st.sampled_from(_FORMS), st.integers(1, 4000), st.integers(0, 50),
       st.sampled_from(["", " (en)", " (fr)", " (zh)", " ru"]))
def test_every_page_form_reads_back(form, first, more, lang):
    last = first + more if "{b}" in form else first
    pages, code = parse_pages(form.format(a=first, b=last) + lang)
    assert pages == (first, last)
    assert code == (lang.strip(" ()") or None)


@given(st.sampled_from(["p{a}", "¶p{a}", "pp{a}", "pp {a}", "{a}", "para. {a}", "第{a}段"]),
       st.integers(1, 999))
def test_anchors_are_no_pages(form, number):
    assert parse_pages(form.format(a=number)) == (None, None)
