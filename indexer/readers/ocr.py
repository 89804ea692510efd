"""OCR of a PDF page with no text layer, through the `tesseract` program (Debian's
`tesseract-ocr` and its `-rus -ara -chi-sim -fra -spa` language data).

Tesseract runs as a subprocess on one thread (its OpenMP threads thrash a loaded
machine: 3 s of CPU became 80 s of waiting here) and under a time limit. Without it the
page is reported by number and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache

from undocs.indexer.readers.pdflines import PdfLine

OCR_DPI = 300
OCR_TIME_LIMIT = 120  # seconds for one page
_TESSERACT_LANGS = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara",
                    "zh": "chi_sim"}


@lru_cache(maxsize=1)
def available_languages() -> frozenset[str]:
    """The Tesseract language data installed, or nothing without Tesseract."""
    program = shutil.which("tesseract")
    if program is None:
        return frozenset()
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def ocr_page(page, number: int, height: float, lang_hint: str,
             source: str) -> tuple[list[PdfLine], str]:
    """The page's lines read by Tesseract, or no lines and the note to report."""
    installed = available_languages()
    if not installed:
        return [], f"page {number}: no text layer (OCR needs Tesseract: see README)"
    wanted = _TESSERACT_LANGS.get(lang_hint, "")
    langs = wanted if wanted in installed else "+".join(
        code for code in ("eng", "fra", "spa", "rus") if code in installed) or "eng"
    scale = OCR_DPI / 72
    with tempfile.TemporaryDirectory(prefix="undocs-ocr-") as folder:
        image = os.path.join(folder, "page.pgm")
        _write_pgm(page.render(scale=scale, grayscale=True), image)
        try:
            done = subprocess.run(
                [shutil.which("tesseract") or "tesseract", image, "-", "-l", langs,
                 "--psm", "3", "tsv"],
                capture_output=True, text=True, timeout=OCR_TIME_LIMIT, check=False,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired:
            return [], f"page {number}: OCR took longer than {OCR_TIME_LIMIT} s"
        except OSError as err:
            return [], f"page {number}: OCR failed ({err.strerror or err})"
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["tesseract failed"])[-1][:80]
        return [], f"page {number}: OCR failed ({reason})"
    return _lines(done.stdout, number, scale), ""


def _write_pgm(bitmap, path: str) -> None:
    """A grayscale page as a binary PGM, which Tesseract reads: no imaging library needed
    (pypdfium2's `to_pil` would need Pillow)."""
    if bitmap.n_channels != 1:
        raise ValueError("expected a grayscale bitmap")
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = memoryview(bitmap.buffer).cast("B")
    with open(path, "wb") as out:
        out.write(b"P5\n%d %d\n255\n" % (width, height))
        if stride == width:
            out.write(pixels)
        else:
            for row in range(height):
                out.write(pixels[row * stride:row * stride + width])


def _lines(tsv: str, number: int, scale: float) -> list[PdfLine]:
    """Tesseract's words grouped by its own block, paragraph and line numbers."""
    lines: dict[tuple[str, str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            key = (row["block_num"], row["par_num"], row["line_num"])
            lines.setdefault(key, []).append(row)
    out = []
    for words in lines.values():
        left = min(int(w["left"]) for w in words) / scale
        right = max(int(w["left"]) + int(w["width"]) for w in words) / scale
        top = min(int(w["top"]) for w in words) / scale
        bottom = max(int(w["top"]) + int(w["height"]) for w in words) / scale
        text = " ".join(w["text"] for w in words)
        hyphen = text.endswith("-") and len(text) > 1 and text[-2].isalpha()
        out.append(PdfLine(page=number, x0=left, x1=right, top=top, bottom=bottom,
                           size=max(bottom - top, 1.0), bold=False,
                           text=text[:-1] if hyphen else text, hyphen_end=hyphen))
    return out
