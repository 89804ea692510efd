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
    # the source carries stray RLM marks; its Arabic opening quote is U+201D, Chromium's
    # text layer says U+201C for the same glyph
    return re.sub(r"[\s\u200e\u200f]", "", text).replace("\u201d", "\u201c")


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


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_every_article_paragraph_is_the_source_paragraph_of_its_anchor(lang):
    """Line pieces are rejoined: a line's final stop that PDFium sets apart (`.` left of
    an Arabic line) neither splits the paragraph nor shifts the numbering after it."""
    document = parse_file(DATA / f"charter-ch1.{lang}.pdf")
    source = {p.anchor: p.text for p in parse_file(CORPUS / f"un-charter.{lang}.md").paragraphs}
    ours = [p for p in document.paragraphs if p.anchor.startswith("art")]
    assert [p.anchor for p in ours] == [
        "art1.title", "art1", "art1(1)", "art1(2)", "art1(3)", "art1(4)",
        "art2.title", "art2", *(f"art2({n})" for n in range(1, 8))]
    for paragraph in ours:
        assert _squeezed(paragraph.text) == _squeezed(source[paragraph.anchor]), paragraph.anchor


def test_arabic_in_logical_order_without_bidi_marks_or_presentation_forms():
    document = parse_file(DATA / "charter-ch1.ar.pdf")
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "الفصل الأول: مقاصد الهيئة ومبادئها"  # lam-alef pairs as typed
    # a heading as in the source: Chromium's bold face says so by its name, not its weight
    assert (document.paragraphs[0].anchor, document.paragraphs[0].kind) == ("chap1", "heading")
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
