"""What kind of file this is, from its first bytes rather than its name.

ODS serves PDF and DOCX; researchers keep Markdown and text besides. A `.pdf` that is
really an HTML error page, or a picture in a folder of documents, is named for what it
is instead of failing deep inside a reader.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from undocs.indexer.records import ParseError

SNIFF_BYTES = 4096  # enough for every signature below
TEXT_SUFFIXES = (".md", ".txt", ".markdown")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + (".pdf", ".docx")

# Signatures of files that are certainly no document, named in the one-line refusal.
_OTHER = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc/.xls: save it as DOCX)"),
    (b"{\\rtf", "an RTF file"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")


def sniff(data: bytes, source: str) -> str:
    """`pdf`, `docx` or `text` for a file's bytes (or their first SNIFF_BYTES); raises
    ParseError naming what the file is when no reader takes it."""
    head = data[:SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    suffix = Path(source).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix == ".docx" or _is_docx(data):
            return "docx"  # a damaged one is the DOCX reader's to name
        _refuse(source, "a ZIP archive, not a DOCX")
    for signature, what in _OTHER:
        if head.startswith(signature):
            _refuse(source, what)
    if suffix in (".pdf", ".docx"):
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        what = "an HTML page" if stripped.startswith(_HTML_STARTS) else "no PDF or DOCX signature"
        raise ParseError(source, f"not a {suffix[1:].upper()} ({what})")
    return "text"


def document_kind(path: Path) -> str | None:
    """The reader a file found in a folder calls for, or None if it is no document:
    by content for any name, so `N2534567` (no extension) still counts as a PDF."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return "text" if path.suffix.lower() in DOCUMENT_SUFFIXES else None
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return "named"  # its reader will say what is wrong with it, if anything
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return "docx"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _refuse(source: str, what: str):
    raise ParseError(source, f"not a document ({what})")
