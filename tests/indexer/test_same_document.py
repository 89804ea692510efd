"""A DOCX and a PDF of the same document (A/80/604/Add.1 from `../shared/corpus-pdf`):
the DOCX is indexed, the PDF is a note, whatever the order of discovery or of updates."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from tests.indexer.samples import sample
from undocs.indexer import parse_file
from undocs.indexer.build import update_index
from undocs.indexer.schema import FILE, PARA
from undocs.search.cli import cli

PDF, DOCX = "a-80-604-add1.en.pdf", "a-80-604-add1.en.docx"


def _indexed(index_dir) -> tuple[list[str], int]:
    """The files indexed, and how many paragraphs A/80/604/Add.1 (en) has."""
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        files = sorted(record["file"] for record in searcher.documents(record=FILE))
        paragraphs = len(list(searcher.documents(record=PARA, doc_key="A/80/604/ADD.1|en")))
    return files, paragraphs


def _note(pdf: str, docx: str) -> str:
    return f"{pdf}: the same document as {docx}, which is indexed (a DOCX's text is exact)"


@pytest.mark.parametrize("pdf_name,docx_name", [
    ("A_80_604_Add.1-EN.pdf", "A_80_604_Add.1-EN.docx"),  # the DOCX sorts first
    ("a.pdf", "b.docx"),  # the PDF sorts first
])
def test_the_docx_wins_in_one_run(tmp_path, pdf_name, docx_name):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample(PDF), folder / pdf_name)
    shutil.copy(sample(DOCX), folder / docx_name)
    summary = update_index(tmp_path / "ix", [folder], jobs=2)
    assert (summary.added, summary.refused) == (1, [])
    assert _note(pdf_name, docx_name) in summary.notes
    docx_paragraphs = len(parse_file(sample(DOCX)).paragraphs)
    assert _indexed(tmp_path / "ix") == ([docx_name], docx_paragraphs)


def test_a_docx_added_later_replaces_the_indexed_pdf_and_the_exit_status_is_0(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample(PDF), folder / "A_80_604_Add.1-EN.pdf")
    index_dir = tmp_path / "ix"
    runner = CliRunner()
    first = runner.invoke(cli, ["index", str(folder), "--index", str(index_dir), "-j", "1"])
    assert first.exit_code == 0 and _indexed(index_dir)[0] == ["A_80_604_Add.1-EN.pdf"]
    shutil.copy(sample(DOCX), folder / "A_80_604_Add.1-EN.docx")
    second = runner.invoke(cli, ["index", str(folder), "--index", str(index_dir), "-j", "1"])
    assert second.exit_code == 0, second.output
    assert _note("A_80_604_Add.1-EN.pdf", "A_80_604_Add.1-EN.docx") in second.output
    assert "already indexed" not in second.output
    assert _indexed(index_dir) == (["A_80_604_Add.1-EN.docx"],
                                   len(parse_file(sample(DOCX)).paragraphs))


def test_a_changed_pdf_does_not_take_the_key_from_its_docx(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample(DOCX), folder / "b.docx")
    index_dir = tmp_path / "ix"
    update_index(index_dir, [folder], jobs=1)
    shutil.copy(sample(PDF), folder / "a.pdf")
    summary = update_index(index_dir, [folder], jobs=1)
    assert (summary.added, summary.refused) == (0, []) and _note("a.pdf", "b.docx") in summary.notes
    with open(folder / "a.pdf", "ab") as pdf:  # the PDF changes: bytes after its end
        pdf.write(b"\n% changed\n")
    summary = update_index(index_dir, [folder], jobs=1)
    assert (summary.added, summary.updated, summary.refused) == (0, 0, [])
    assert _note("a.pdf", "b.docx") in summary.notes
    assert _indexed(index_dir)[0] == ["b.docx"]


def test_two_pdfs_of_one_document_stay_a_refusal(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample(PDF), folder / "a.pdf")
    shutil.copy(sample(PDF), folder / "b.pdf")
    summary = update_index(tmp_path / "ix", [folder], jobs=1)
    assert summary.refused == ["b.pdf: A/80/604/Add.1 (en) is already indexed from a.pdf"]
    assert summary.added == 1
