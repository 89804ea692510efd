"""The parser on the real documents of the bundled corpus."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CORPUS, SAMPLE_REPORT, corpus_files
from undocs.indexer import parse_file


@pytest.fixture(scope="module")
def report():
    return parse_file(SAMPLE_REPORT)


def anchors(document):
    return [p.anchor for p in document.paragraphs]


def by_anchor(document):
    return {p.anchor: p for p in document.paragraphs}


def test_report_numbered_paragraphs_1_to_66_once_each_in_order(report):
    numbered = [p.anchor for p in report.paragraphs if p.kind == "paragraph"]
    assert numbered == [str(n) for n in range(1, 67)]


@pytest.mark.parametrize("parent,last", [("4", "q"), ("44", "e"), ("65", "c")])
def test_report_subparagraphs(report, parent, last):
    subs = [a for a in anchors(report) if a.startswith(f"{parent}(") and "+" not in a]
    letters = "abcdefghijklmnopq"[: "abcdefghijklmnopq".index(last) + 1]
    assert subs == [f"{parent}({letter})" for letter in letters]


def test_report_agenda_list_stays_inside_59(report):
    p59 = by_anchor(report)["59"]
    assert "1. 组织事项" in p59.text and "5. 通过报告" in p59.text
    assert "(b) 通过议程和工作安排" in p59.text
    assert p59.lines == (190, 197)
    assert by_anchor(report)["60"].text.startswith("60.")


@pytest.mark.parametrize("anchor,lines", [("8", (74, 76)), ("23", (106, 108)), ("41", (138, 140))])
def test_report_paragraphs_whole_across_page_breaks(report, anchor, lines):
    assert by_anchor(report)[anchor].lines == lines


def test_report_paragraph_8_joined_without_a_space(report):
    assert "在调查和起诉与洗钱有关的犯罪方面进行协调" in by_anchor(report)["8"].text


def test_report_metadata(report):
    assert report.distribution == "General"
    assert report.date == "2023-10-02"
    assert report.lang == "zh"
    assert report.original == "en"
    assert report.symbol == "un-ctoc-cop-wg3-2023-report"
    assert report.symbol_from == "file name"
    assert report.header_lines == (7, 8, 9, 10)


def test_report_heading_paths(report):
    paragraphs = by_anchor(report)
    assert paragraphs["41"].heading[0] == "三. 审议情况概要"
    assert paragraphs["41"].heading[1].startswith("B. 在《打击有组织犯罪公约》生效 20 年后")
    # `## D. 出席情况` is a section of `## 四. 会议安排` whatever its markdown level says.
    assert paragraphs["60"].heading == ("四. 会议安排", "D. 出席情况")
    assert paragraphs["1"].heading == ("一. 导言",)


def test_report_markup_removed(report):
    p64 = by_anchor(report)["64"]
    assert "CTOC/COP/WG.3/2023/INF/1/Rev.1 号文件" in p64.text
    assert "](#)" not in p64.text
    assert all("**" not in p.text for p in report.paragraphs)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_parses_with_unique_anchors(path):
    document = parse_file(path)
    assert document.paragraphs
    assert len(set(anchors(document))) == len(document.paragraphs)
    assert [p.ordinal for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))
    lang = path.name.split(".")[-2]
    assert document.lang == lang


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_charter_articles_in_every_language(lang):
    document = parse_file(CORPUS / f"un-charter.{lang}.md")
    # an article's anchor is its heading, or its text where the text took it (`art9`)
    articles = [p.anchor for p in document.paragraphs if re.fullmatch(r"art\d+", p.anchor)]
    assert articles == [f"art{n}" for n in range(1, 112)]
    assert document.symbol == "un-charter"


def test_charter_chinese_enumerations_inside_articles():
    paragraphs = by_anchor(parse_file(CORPUS / "un-charter.zh.md"))
    assert paragraphs["art1"].text == "联合国之宗旨为："  # the lead-in is the article
    assert paragraphs["art1(1)"].text.startswith("一、维持国际和平及安全")
    assert paragraphs["art2(7)"].text.startswith("七、本宪章不得认为授权联合国干涉")
    assert paragraphs["art1(1)"].heading == ("第一章：宗旨及原则", "第一条")


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_sdg_targets_keep_their_printed_numbers(lang):
    paragraphs = by_anchor(parse_file(CORPUS / f"sdg-indicators.{lang}.md"))
    assert "3.6.1" in paragraphs and "1.a.1" in paragraphs and "17.19.2" in paragraphs
    assert paragraphs["3.6.1"].kind == "item"
    assert len([a for a in paragraphs if re.fullmatch(r"\d+\.\w+\.\d+", a)]) == 252


def test_resolution_front_matter_language_key_in_capitals():
    document = parse_file(CORPUS / "a-res-80-9.en.md")
    assert document.symbol == "A/RES/80/9"
    assert document.symbol_from == "front matter"
    assert document.lang == "en"
    assert document.date == "2025-11-25"


def test_resolution_glued_paragraphs_are_split():
    paragraphs = by_anchor(parse_file(CORPUS / "a-res-80-9.en.md"))
    numbered = [a for a, p in paragraphs.items() if p.kind == "paragraph"]
    assert numbered == [f"annex.{n}" for n in range(1, 32)]
    assert paragraphs["annex.5"].text.endswith("trafficking in persons.8")
    assert paragraphs["annex.6"].text.startswith("6. We recall the Global Compact")
    assert paragraphs["annex.7"].text.startswith("7. We also reaffirm our recognition")
    assert paragraphs["annex.11"].text.startswith("11. We express our serious concern")
    assert paragraphs["annex.6"].lines == (38, 38)


def test_resolution_annex_and_footnotes():
    paragraphs = by_anchor(parse_file(CORPUS / "a-res-80-9.en.md"))
    assert paragraphs["annex"].kind == "heading"
    assert paragraphs["annex.1"].heading[0].startswith("Annex 2025 Political Declaration")
    assert paragraphs["fn8"].text == "Ibid., vols. 2171 and 2173, No. 27531."
    # a page break inside 2 is repaired; 13 continues after the break too
    assert "that the 2030 Agenda includes commitments" in paragraphs["annex.2"].text
    assert "testimonies. We also commit" in paragraphs["annex.13"].text


def test_treaty_sub_paragraphs_without_opening_parenthesis():
    paragraphs = by_anchor(parse_file(CORPUS / "untoc.en.md"))
    assert paragraphs["art2(a)"].text.startswith("a) “Organized criminal group”")
    assert paragraphs["art3(1)(b)"].text.startswith("b) Serious crime")
    assert paragraphs["art5(1)(a)(ii)"].text.startswith("(ii) Conduct by a person")
    # `#### Statement of purpose` is the title of Article 1, not a heading of its own;
    # the article's one paragraph is the article
    assert paragraphs["art1"].text.startswith("The purpose of this Convention is to promote")
    assert paragraphs["art1"].heading[-1] == "Article 1: Statement of purpose"
    assert paragraphs["art2(i)"].text.startswith("i) “Controlled delivery”")


def test_resolution_operative_paragraphs_with_preamble_unnumbered():
    document = parse_file(CORPUS / "a-res-80-6.en.md")
    paragraphs = by_anchor(document)
    numbered = [p.anchor for p in document.paragraphs if p.kind == "paragraph"]
    assert numbered == [str(n) for n in range(1, 33)]
    assert "regional organizations remain essential" in next(
        p.text for p in document.paragraphs if p.text.startswith("Recalling that effective"))
    assert paragraphs["14"].lines[1] > paragraphs["14"].lines[0]
