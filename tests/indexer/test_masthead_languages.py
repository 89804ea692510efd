"""Masthead metadata in the French, Spanish, Russian, Arabic and Chinese layouts:
two-page General Assembly documents laid out as ODS prints them, with masthead wording
from real UN documents (`tests/indexer/data/make_masthead_pdfs.py`, PROVENANCE.md)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from undocs.indexer import parse_file
from undocs.indexer.header import HeaderFields, read_header_line
from undocs.indexer.masthead import read_masthead
from undocs.indexer.resolution import agenda_items

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_masthead_pdfs",
                                               DATA / "make_masthead_pdfs.py")
MAKER = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(MAKER)

# symbol, distribution, date, original, session (as printed, and its number), agenda
# items, job number, title
EXPECTED = {
    "fr": ("A/53/250", "General", "1998-09-11", "Cinquante-troisième session", "53", ("74",),
           "98-27421", "Premier rapport du Bureau"),
    "es": ("A/53/100", "General", "1998-06-15", "Quincuagésimo tercer período de sesiones",
           "53", ("74",), "98-14973", "Informe del Secretario General"),
    "ru": ("A/61/L.56", "Limited", "2007-05-09", "Шестьдесят первая сессия", "61", ("114",),
           "07-33695", "Проект резолюции"),
    "ar": ("A/74/L.75", "Limited", "2020-07-16", "الدورة الرابعة والسبعون", "74", ("7",),
           "20-09399", "مشروع مقرر مقدم من رئيس الجمعية العامة"),
    "zh": ("A/54/250", "General", "1999-09-17", "第五十四届会议", "54", ("74",), "99-27561",
           "总务委员会第一次报告"),
}


@pytest.fixture(scope="module")
def documents():
    return {lang: parse_file(DATA / "masthead" / f"masthead.{lang}.pdf") for lang in EXPECTED}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_masthead_fields_in_each_language(documents, lang):
    symbol, distribution, date, session, number, agenda, job, title = EXPECTED[lang]
    document = documents[lang]
    assert (document.symbol, document.symbol_from, document.lang) == (symbol, "masthead", lang)
    assert (document.distribution, document.date, document.original) == (
        distribution, date, "en")
    assert document.details["session"] == session and document.session == number
    assert document.agenda == agenda and document.details["job"] == job
    assert document.title == title


def _body(text: str) -> str:
    """A paragraph without its number and spaces (and the source's RLM marks)."""
    text = re.sub(r"^(?:\d+\.|[一二三四]、)\s*", "", text.strip())
    return re.sub(r"[\s\u200f]", "", text)


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_masthead_lines_are_no_paragraphs(documents, lang):
    """Organ, distribution block, session, agenda item and its title, job number,
    barcode, recycling notice, page 2's running header: none is paragraph text; the
    numbered paragraphs are Article 1's, whole, across the page break."""
    document = documents[lang]
    assert [p.anchor for p in document.paragraphs] == ["title", "1", "2", "3", "4"]
    charter = {p.anchor: p.text for p in parse_file(CORPUS / f"un-charter.{lang}.md").paragraphs}
    for number in "1234":
        ours = next(p for p in document.paragraphs if p.anchor == number)
        assert _body(ours.text) == _body(charter[f"art1({number})"]), number
        assert ours.pages == ((1,) if number in "12" else (2,))


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_the_same_masthead_as_text_gives_the_same_metadata(tmp_path, lang):
    """A text conversion of the first page (Markdown, no layout) reads the same."""
    fields = MAKER.MASTHEADS[lang]
    lines = [fields["un"], fields["symbol"], fields["organ"], *filter(None, fields["distr"]),
             fields["session"], fields["agenda"], fields["agenda_title"], "", fields["title"],
             "", *(f"{n}. {text}" for n, text in enumerate(
                 MAKER.charter_paragraphs(fields["charter"]), 1))]
    path = tmp_path / f"masthead.{lang}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = parse_file(path)
    symbol, distribution, date, session, number, agenda, _, _ = EXPECTED[lang]
    assert (document.symbol, document.lang, document.distribution, document.date,
            document.original) == (symbol, lang, distribution, date, "en")
    assert (document.details["session"], document.session, document.agenda) == (
        session, number, agenda)
    assert not any(p.text.startswith(fields["session"]) for p in document.paragraphs)


@pytest.mark.parametrize("line,field,value", [
    ("Distr. GENERALE", "distribution", "General"),  # older French versions, no accent
    ("Distr. LIMITEE", "distribution", "Limited"),
    ("Distr.: 普遍", "distribution", "General"),
    ("Distr. عام", "distribution", "General"),
    ("ORIGINAL : ANGLAIS", "original", "en"),
    ("Original : anglais", "original", "en"),
    ("原文：英文", "original", "en"),  # a full-width colon
    ("الأصل: بالإنكليزية", "original", "en"),
])
def test_header_lines_in_other_forms(line, field, value):
    fields = HeaderFields()
    assert read_header_line(line, fields)
    assert getattr(fields, field) == value


@pytest.mark.parametrize("line,agenda", [
    ("Point 99 r) de l’ordre du jour", "99 r)"),
    ("Points 74 et 75 de l'ordre du jour", "74 et 75"),
    ("Tema 12 a) del programa", "12 a)"),
    ("Пункт 114 повестки дня", "114"),
    ("议程项目74", "74"),
    ("البند 7 من جدول الأعمال", "7"),
    ("البندان 7 و 8 من جدول الأعمال", "7 و 8"),  # the dual: two items
])
def test_agenda_lines(line, agenda):
    assert read_masthead([line]).agenda == agenda


def test_french_and_spanish_sub_items_are_searched_as_the_english_ones():
    assert agenda_items("99 r)") == agenda_items("99 (r)") == ("99", "99(r)")
    assert agenda_items("7 و 8") == ("7", "8") and agenda_items("74 et 75") == ("74", "75")


@pytest.mark.parametrize("adopted,draft", [
    ("Resolution adopted by the General Assembly on 1 December 2025",
     "[on the report of the First Committee (A/80/534)]"),
    ("Résolution adoptée par l’Assemblée générale le 1er décembre 2025",
     "[sur la base du rapport de la Première Commission (A/80/534)]"),
    ("Resolución aprobada por la Asamblea General el 1 de diciembre de 2025",
     "[sobre la base del informe de la Primera Comisión (A/80/534)]"),
    ("Резолюция, принятая Генеральной Ассамблеей 1 декабря 2025 года",
     "[по докладу Первого комитета (A/80/534)]"),
    ("大会2025年12月1日通过的决议", "[根据第一委员会的报告(A/80/534)通过]"),
    ("قرار اتخذته الجمعية العامة في 1 كانون الأول/ديسمبر 2025",
     "[بناء على تقرير اللجنة الأولى (A/80/534)]"),
])
def test_a_resolution_masthead_adoption_and_draft_in_each_language(adopted, draft):
    head = read_masthead(["Eightieth session", adopted, draft, "The General Assembly,"])
    assert (head.adopted, head.draft, head.taken) == ("2025-12-01", "A/80/534", {0, 1, 2})


def test_a_sentence_opening_with_an_organ_is_no_masthead_line():
    line = "General Assembly resolution 80/6 of 12 November 2025 recalls"
    assert read_masthead([line]).taken == set()
