"""The PDF and DOCX readers on the real UN files of `../shared/corpus-pdf`
(PROVENANCE.md there counts their numbered paragraphs)."""

from __future__ import annotations

import difflib
import re

import pytest

from tests.indexer.samples import sample
from undocs.indexer import ParseError, parse_file
from undocs.indexer.readers import ocr

_CACHE: dict = {}


def parsed(name: str):
    if name not in _CACHE:
        _CACHE[name] = parse_file(sample(name))
    return _CACHE[name]


def numbered(document) -> list[str]:
    return [p.anchor for p in document.paragraphs if p.kind == "paragraph"]


def upto(n: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{i}" for i in range(1, n + 1)]


CASES = [
    ("a-res-80-39.en.pdf", "A/RES/80/39", upto(32)),
    ("a-res-70-10.en.pdf", "A/RES/70/10", upto(5)),
    ("s-res-2803-2025.en.pdf", "S/RES/2803 (2025)", upto(11) + upto(20, "annex1.")),
    ("s-2025-378.en.pdf", "S/2025/378", upto(6)),
    ("a-80-604-add1.en.pdf", "A/80/604/Add.1", upto(44)),
    ("a-80-604-add1.en.docx", "A/80/604/Add.1", upto(44)),
    ("a-c4-sr-985.fr.pdf", "A/C.4/SR.985", upto(37)),
    ("s-pv-4507.en.pdf", "S/PV.4507", []),
    ("s-pv-10011.en.pdf", "S/PV.10011", []),
]


@pytest.mark.parametrize("name,symbol,anchors", CASES, ids=[c[0] for c in CASES])
def test_numbered_paragraphs_in_order_once_each_and_the_symbol(name, symbol, anchors):
    document = parsed(name)
    assert numbered(document) == anchors
    assert document.symbol == symbol
    assert document.symbol_from in ("masthead", "header")


_NOISE = [
    re.compile(r"\b\d{2}-\d{5}\b(?! \()"),  # job number 25-19831
    re.compile(r"\*\d{7,}\*"),  # barcode
    re.compile(r"Please recycle|Accessible document"),
]


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[0].endswith(".pdf")])
def test_no_job_number_barcode_page_counter_or_running_header_in_paragraphs(name):
    document = parsed(name)
    pages = document.pages
    counter = re.compile(rf"(?<![\d/])\d{{1,3}}/{pages}(?![\d/])")  # `3/9` on a 9-page file
    for paragraph in document.paragraphs:
        text = paragraph.text
        assert not any(p.search(text) for p in _NOISE), (paragraph.anchor, text)
        assert not counter.search(text) or pages < 3, (paragraph.anchor, text)
        # the running header prints the symbol on every page; the body never does
        assert document.symbol not in text, (paragraph.anchor, text)


def test_running_header_title_is_not_glued_into_paragraphs():
    document = parsed("s-pv-10011.en.pdf")
    assert not any("06/10/2025" in p.text for p in document.paragraphs)


def test_footnotes_are_their_own_entries_and_their_markers_leave_the_text():
    document = parsed("a-res-80-39.en.pdf")
    notes = [p for p in document.paragraphs if p.kind == "footnote"]
    assert [p.anchor for p in notes] == upto(16, "fn")
    assert notes[0].text == "A/75/982."
    by_anchor = {p.anchor: p for p in document.paragraphs}
    preamble = next(p for p in document.paragraphs if "Our Common Agenda" in p.text)
    assert "Our Common Agenda”, in particular" in preamble.text  # not `Agenda”1,`
    assert by_anchor["fn9"].text.startswith("Ibid., vol. I")
    assert not any(p.text.startswith("Ibid.") for p in document.paragraphs
                   if p.kind != "footnote")


def test_paragraphs_remember_their_pages_across_page_breaks():
    document = parsed("a-res-80-39.en.pdf")
    pages = {p.anchor: p.pages for p in document.paragraphs}
    assert pages["1"] == (3,) or pages["1"][0] >= 2
    crossing = [p for p in document.paragraphs if len(p.pages) == 2]
    assert crossing, "some paragraph runs over a page break"
    for paragraph in crossing:
        assert paragraph.pages[1] == paragraph.pages[0] + 1
    # the preambular paragraph broken between pages 1 and 2 is whole
    concerned = next(p for p in document.paragraphs
                     if p.text.startswith("Deeply concerned about the continued global"))
    assert concerned.pages == (1, 2)
    assert "some States to nuclear weapons in their security doctrines" in concerned.text


def test_two_columns_read_in_order_and_a_sentence_across_the_break_is_whole():
    document = parsed("s-pv-4507.en.pdf")
    texts = [p.text for p in document.paragraphs]
    joined = " ".join(texts)
    assert ("But I absolutely believe that we have put an end to major famines like the one "
            "that claimed so many lives in Ethiopia in the middle 1980s.") in joined
    first = next(i for i, t in enumerate(texts) if "famine. Hunger and malnutrition" in t)
    second = next(i for i, t in enumerate(texts) if t.startswith("The international community "
                                                                  "has achieved this"))
    assert first < second


def test_masthead_is_metadata_not_paragraphs():
    document = parsed("a-res-80-39.en.pdf")
    assert document.details == {"session": "Eightieth session", "agenda": "99 (r)",
                                "adopted": "2025-12-01", "draft": "A/80/534",
                                "job": "25-19831"}
    assert (document.distribution, document.date) == ("General", "2025-12-03")
    assert document.title.startswith("80/39. Towards a nuclear-weapon-free world")
    texts = " ".join(p.text for p in document.paragraphs)
    for masthead in ("Distr.: General", "Eightieth session", "Agenda item 99",
                     "Resolution adopted by the General Assembly", "A/80/534, para. 7"):
        assert masthead not in texts


def test_line_end_hyphens_joined():
    document = parsed("a-res-80-39.en.pdf")
    texts = " ".join(p.text for p in document.paragraphs)
    assert "non‑nuclear-weapon States" in texts  # a compound's hyphen stays
    scan = " ".join(p.text for p in parsed("a-c4-sr-985.fr.pdf").paragraphs)
    assert "puissances administrantes" in scan  # a syllable hyphen of the typeset text goes


def test_french_scan_paragraph_two_read_through_the_ocr_layer_comma():
    document = parsed("a-c4-sr-985.fr.pdf")
    second = next(p for p in document.paragraphs if p.anchor == "2")
    assert second.text.startswith("2. Rien ne s'oppose")


def test_docx_and_pdf_of_one_document_give_the_same_numbered_paragraphs():
    pdf, docx = parsed("a-80-604-add1.en.pdf"), parsed("a-80-604-add1.en.docx")
    ours = {p.anchor: p.text for p in pdf.paragraphs if p.kind == "paragraph"}
    theirs = {p.anchor: p.text for p in docx.paragraphs if p.kind == "paragraph"}
    assert list(ours) == list(theirs)
    for anchor, text in ours.items():
        assert difflib.SequenceMatcher(None, text, theirs[anchor]).ratio() > 0.98, anchor
    assert ([p.text for p in pdf.paragraphs if p.kind == "footnote"]
            == [p.text for p in docx.paragraphs if p.kind == "footnote"])
    assert (docx.date, docx.distribution, docx.original) == ("2026-04-07", "General", "en")
    assert docx.details["agenda"] == "156 (a)"


def test_image_only_page_is_ocred_when_tesseract_is_installed():
    if "rus" not in ocr.available_languages():
        pytest.skip("Tesseract with Russian data is not installed")
    document = parsed("gaor26-res-2758.ru.pdf")
    assert document.lang == "ru"
    assert all(p.ocr for p in document.paragraphs)
    assert any("Генеральная Ассамблея" in p.text for p in document.paragraphs)


def test_image_only_page_is_reported_by_page_without_tesseract(monkeypatch):
    monkeypatch.setattr(ocr, "available_languages", lambda: frozenset())
    with pytest.raises(ParseError, match=r"gaor26-res-2758\.ru\.pdf: page 1: no text layer"):
        parse_file(sample("gaor26-res-2758.ru.pdf"))
