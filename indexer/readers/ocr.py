"""OCR of a PDF page with no text layer, through the `tesseract` program (Debian's
`tesseract-ocr` and its language data; the `ocr` extra installs `pytesseract`).

Without Tesseract the page is reported by number and the rest of the file is read.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

from undocs.indexer.readers.pdflines import PdfLine

OCR_DPI = 300
_TESSERACT_LANGS = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara",
                    "zh": "chi_sim"}


@lru_cache(maxsize=1)
def available_languages() -> frozenset[str]:
    """The Tesseract language data installed, or nothing without Tesseract."""
    if shutil.which("tesseract") is None:
        return frozenset()
    try:
        import pytesseract

        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - no pytesseract, or a broken install: no OCR
        return frozenset()


def ocr_page(page, number: int, height: float, lang_hint: str,
             source: str) -> tuple[list[PdfLine], str]:
    """The page's lines read by Tesseract, or no lines and the note to report."""
    installed = available_languages()
    if not installed:
        return [], f"page {number}: no text layer (OCR needs Tesseract: see README)"
    wanted = _TESSERACT_LANGS.get(lang_hint, "")
    langs = wanted if wanted in installed else "+".join(
        code for code in ("eng", "fra", "spa", "rus") if code in installed) or "eng"
    import pytesseract

    scale = OCR_DPI / 72
    image = page.render(scale=scale).to_pil()
    try:
        data = pytesseract.image_to_data(image, lang=langs, config="--psm 3",
                                         output_type=pytesseract.Output.DICT)
    except Exception as err:  # noqa: BLE001 - Tesseract failed on this page
        return [], f"page {number}: OCR failed ({str(err).splitlines()[0][:80]})"
    return _lines(data, number, scale), ""


def _lines(data: dict, number: int, scale: float) -> list[PdfLine]:
    """Tesseract's words grouped by its own block, paragraph and line numbers."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][index]) >= 0:
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            lines.setdefault(key, []).append(index)
    out = []
    for indices in lines.values():
        left = min(data["left"][i] for i in indices) / scale
        right = max(data["left"][i] + data["width"][i] for i in indices) / scale
        top = min(data["top"][i] for i in indices) / scale
        bottom = max(data["top"][i] + data["height"][i] for i in indices) / scale
        text = " ".join(data["text"][i] for i in indices)
        out.append(PdfLine(page=number, x0=left, x1=right, top=top, bottom=bottom,
                           size=max(bottom - top, 1.0), bold=False, text=text))
    return out
