"""Arabic and Chinese PDFs: Chapter I of the bundled Charter printed to PDF by Chromium
(`tests/indexer/data/make_charter_pdfs.py`), read back in logical order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from undocs.indexer import parse_file

DATA = Path(__file__).resolve().parent / "data"


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u200e\u200f]", "", text)  # the source carries stray RLM marks


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_paragraphs_read_back_as_the_source_text(lang):
    document = parse_file(DATA / f"charter-ch1.{lang}.pdf")
    source = " ".join(p.text for p in parse_file(CORPUS / f"un-charter.{lang}.md").paragraphs)
    body = [p for p in document.paragraphs if len(p.text) > 15]
    found = [p for p in body if _squeezed(p.text) in _squeezed(source)]
    assert len(body) >= 10
    assert len(found) >= 0.9 * len(body), [p.text for p in body if p not in found]
    assert document.lang == lang
    if lang == "ar":  # words, spaces included: a justified line's gaps are no word breaks
        words = set(source.replace("\u200f", "").split())
        ours = [word for p in document.paragraphs for word in p.text.split()]
        assert sum(word in words for word in ours) >= 0.97 * len(ours)


def test_arabic_in_logical_order_without_bidi_marks_or_presentation_forms():
    document = parse_file(DATA / "charter-ch1.ar.pdf")
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "الفصل الأول: مقاصد الهيئة ومبادئها"  # lam-alef pairs as typed
    assert "المادة 1" in texts and "المادة 2" in texts  # digits stay left to right
    joined = "".join(texts)
    assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]", joined)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufefe]", joined)


def test_chinese_lines_joined_without_spaces_and_articles_anchored():
    document = parse_file(DATA / "charter-ch1.zh.pdf")
    by_anchor = {p.anchor: p for p in document.paragraphs}
    assert by_anchor["art1(1)"].text.startswith("一、维持国际和平及安全；")
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", by_anchor["art1(1)"].text)
    assert ["art1(1)", "art1(2)", "art1(3)", "art1(4)"] == [
        a for a in by_anchor if a.startswith("art1(")]
