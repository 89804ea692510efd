"""Hostile and mislabelled files: each refused in one line naming the file and the
reason, in bounded time, and nothing else lost when they sit among good files."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import CORPUS
from tests.indexer.samples import CATALOG, PAGE, make_pdf, sample
from undocs.indexer import ParseError, parse_bytes, parse_file
from undocs.indexer.build import discover, update_index
from undocs.indexer.readers import pdf as pdf_reader

ENCRYPTED = make_pdf(
    [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
     b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
     + b"> /P -4 >>"],
    trailer=b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ")
ZERO_PAGES = make_pdf([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])
MANY_PAGES = make_pdf([CATALOG, b"<< /Type /Pages /Kids [" + b" ".join([b"3 0 R"] * 20000)
                       + b"] /Count 20000 >>", PAGE])
DEEP = make_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                 b"[" * 100000 + b"]" * 100000])
HTML = b"<!DOCTYPE html>\n<html><head><title>Document not found</title></head></html>\n"


def zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates a thousandfold (5 MB from 5 kB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 5_000_000)
    return out.getvalue()


def truncated() -> bytes:
    data = sample("a-res-80-39.en.pdf").read_bytes()
    return data[: len(data) // 3]


@pytest.mark.parametrize("name,data,reason", [
    ("locked.en.pdf", ENCRYPTED, "encrypted PDF (a password is needed to read it)"),
    ("empty.en.pdf", ZERO_PAGES, "PDF with no pages"),
    ("bomb.en.pdf", MANY_PAGES, "PDF claims 20000 pages (more than 5000): refused as a "
                                "likely PDF bomb"),
    ("page.en.pdf", HTML, "not a PDF (an HTML page)"),
    ("bomb.en.docx", zip_bomb(), "refused DOCX: word/document.xml would inflate to "
                                 "5000012 bytes (a ZIP bomb?)"),
    ("cut.en.docx", zip_bomb()[:300], "damaged DOCX"),
    ("photo.en.md", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a document (a PNG image)"),
])
def test_hostile_file_refused_in_one_line(name, data, reason):
    with pytest.raises(ParseError) as err:
        parse_bytes(data, name)
    message = str(err.value)
    assert message.startswith(f"{name}: {reason}")
    assert "\n" not in message


def test_truncated_pdf_refused():
    with pytest.raises(ParseError, match=r"^cut\.en\.pdf: damaged or truncated PDF"):
        parse_bytes(truncated(), "cut.en.pdf")


def test_deeply_nested_objects_read_in_bounded_time():
    # PDFium's own nesting limit stops the parser: the page is read as empty
    with pytest.raises(ParseError, match=r"^deep\.en\.pdf: "):
        parse_bytes(DEEP, "deep.en.pdf")


def test_a_reader_over_its_time_limit_is_stopped_naming_the_page(monkeypatch):
    path = sample("s-pv-10011.en.pdf")
    monkeypatch.setattr(pdf_reader, "TIME_LIMIT", 0.0)
    with pytest.raises(ParseError, match=r"reading took longer than 0 s \(stopped at page 1 "
                                         r"of 42\)"):
        pdf_reader.read_pdf(path.read_bytes(), str(path), time_limit=0.0)


def test_hostile_files_among_good_ones_nothing_else_lost(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(CORPUS / "a-res-80-6.en.md", folder / "a-res-80-6.en.md")
    shutil.copy(sample("s-2025-378.en.pdf"), folder / "S_2025_378-EN.pdf")
    shutil.copy(sample("a-res-70-10.en.pdf"), folder / "N1538000")  # no extension: a PDF
    (folder / "locked.en.pdf").write_bytes(ENCRYPTED)
    (folder / "page.en.pdf").write_bytes(HTML)
    (folder / "bomb.en.docx").write_bytes(zip_bomb())
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04" + bytes(50))
    summary = update_index(tmp_path / "ix", [folder], jobs=1)
    assert summary.added == 3
    assert sorted(line.split(":")[0] for line in summary.refused) == [
        "bomb.en.docx", "locked.en.pdf", "page.en.pdf"]
    assert sorted(summary.skipped) == ["logo.png", "notes.xlsx"]
    assert summary.line().endswith("; 2 skipped: not a document (logo.png, notes.xlsx)")


def test_discovery_by_content_not_only_by_extension(tmp_path):
    (tmp_path / "N2534567").write_bytes(b"%PDF-1.7\n...")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04...")
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))
    found, _, errors, skipped = discover([tmp_path])
    assert sorted(path.name for path, _ in found) == ["N2534567", "report.docx"]
    assert skipped == ["cover.jpg"] and errors == []


def test_cli_refuses_a_pdf_that_is_html_without_a_traceback(tmp_path):
    bad = tmp_path / "A_RES_80_39-EN.pdf"
    bad.write_bytes(HTML)
    good = sample("s-2025-378.en.pdf")
    done = subprocess.run([sys.executable, "-m", "undocs.search", "parse", str(bad),
                           str(good)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == f"undocs: {bad}: not a PDF (an HTML page)\n"
    assert "S/2025/378" in done.stdout


def test_parse_file_names_a_missing_file(tmp_path):
    with pytest.raises(ParseError, match="No such file"):
        parse_file(tmp_path / "gone.pdf")
