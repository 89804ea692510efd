"""The real UN PDFs and DOCX beside the checkout (`../shared/corpus-pdf`, copied next to
CI's clone too), and small hand-made PDFs for the hostile-file tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-pdf"


def sample(name: str) -> Path:
    """A file of `../shared/corpus-pdf`; the test is skipped, saying why, if absent."""
    path = SHARED_PDFS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real UN PDFs live in ../shared/corpus-pdf "
                    "beside the checkout")
    return path


def make_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of numbered objects (1 is the catalogue) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer
            + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
