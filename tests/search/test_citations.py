"""Citations as researchers type them (issue 13, items 3, 4 and 10): document names,
Chinese article forms, ranges and lists, footnotes, chapters, errors quoted as typed,
the help's and README's own examples, and the bundled documents' dates."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from undocs.search.anchor_forms import parse_anchors
from undocs.search.citations import CitationError, parse_citations
from undocs.search.cli import cli
from undocs.search.names import DocumentNames

README = Path(__file__).resolve().parents[2] / "README.md"


def cite(index_args, *args):
    return CliRunner().invoke(cli, ["cite", *args, *index_args])


def cite_json(index_args, *args):
    result = cite(index_args, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_lang(data):
    return {hit["lang"]: hit for hit in data["hits"]}


# -- item 3: documents by their names ----------------------------------------------------

@pytest.mark.parametrize("citation", [
    "UN Charter Article 51", "Charter of the United Nations, Article 51",
    "charter of the united nations art. 51", "联合国宪章第五十一条",
    "Charte des Nations Unies, article 51",
])
def test_the_charter_answers_to_its_names(index_args, citation):
    hits = cite_json(index_args, citation, "--lang", "en")["hits"]
    assert [(h["symbol"], h["anchor"]) for h in hits] == [("un-charter", "art51")]


@pytest.mark.parametrize("citation,symbol,anchor", [
    ("UNTOC art. 5", "untoc", "art5"),
    ("Palermo Convention Article 16", "untoc", "art16"),
    ("UNFCCC Article 4", "unfccc", "art4"),
    ("SDG indicators 3.6.1", "sdg-indicators", "3.6.1"),
    ("Report of the International Criminal Court 27", "A/RES/80/6", "27"),
])
def test_short_names_and_titles_name_documents(index_args, citation, symbol, anchor):
    hit = cite_json(index_args, citation, "--lang", "en")["hits"][0]
    assert (hit["symbol"], hit["anchor"]) == (symbol, anchor)


def test_show_takes_a_name_too(index_args):
    result = CliRunner().invoke(cli, ["show", "UN Charter", "--lang", "fr", *index_args])
    assert result.exit_code == 0
    assert result.stdout.startswith("un-charter (fr) Charte des Nations Unies")


def test_a_name_several_documents_share_names_none():
    records = [{"symbol": "A/1", "symbol_key": "A/1", "title": "Annual report"},
               {"symbol": "A/2", "symbol_key": "A/2", "title": "Annual report"}]
    names = DocumentNames.from_records(records)
    with pytest.raises(CitationError, match="'annual report' names several documents: A/1, A/2"):
        parse_citations("Annual report ¶3", names)
    assert parse_citations("A/2 ¶3", names)[0].symbol_key == "A/2"


def test_a_paragraph_alone_says_a_document_is_missing(index_args):
    result = cite(index_args, "¶41")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith("undocs: no document named in '¶41'; name one, e.g. '")
    assert "empty citation" not in message and len(message.splitlines()) == 1
    example = re.search(r"e\.g\. '([^']+)'", message).group(1)
    assert cite(index_args, example).exit_code == 0


def test_the_report_answers_to_its_file_name_and_the_symbol_suggests_it(index_args):
    hit = cite_json(index_args, "un-ctoc-cop-wg3-2023-report ¶41 (zh)")["hits"][0]
    assert hit["text"].startswith("41. 在随后的对话中")
    unknown = cite(index_args, "CTOC/COP/WG.3/2023/4 ¶41 (zh)")
    assert unknown.exit_code == 2 and "did you mean un-ctoc-cop-wg3-2023-report" in unknown.stderr


# -- item 4: more citation forms -------------------------------------------------------

def test_chinese_article_and_paragraph(index_args):
    hits = by_lang(cite_json(index_args, "un-charter 第二条第四项", "--lang", "zh,en"))
    assert hits["zh"]["anchor"] == "art2(4)"
    assert hits["zh"]["text"].startswith("四、各会员国在其国际关系上不得使用威胁或武力")
    assert hits["en"]["text"].startswith("All Members shall refrain in their international")


@pytest.mark.parametrize("citation", ["un-charter 第十三条第一项(丑)款",
                                      "un-charter Article 13, paragraph 1 (b)",
                                      "联合国宪章第十三条第一项（丑）款"])
def test_a_lettered_sub_item_of_an_article(index_args, citation):
    # the Chinese Charter writes Article 13(1)(b) as 第十三条第一项(丑)款: 丑 is the second
    # 地支, (b); the parser leaves the sub-item unnumbered, the English has no markers
    hits = by_lang(cite_json(index_args, citation, "--lang", "zh,en,fr"))
    assert hits["zh"]["text"].startswith("(丑) 以促进经济、社会、文化、教育及卫生")
    assert hits["en"]["text"].startswith("promoting international co-operation in the economic")
    assert "économique" in hits["fr"]["text"]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv"])
def test_a_range_gives_each_paragraph_in_order_in_every_format(index_args, fmt):
    result = cite(index_args, "A/RES/80/6 paras. 5-7", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        cited = [h["citation"] for h in json.loads(result.stdout)["hits"]]
    elif fmt == "jsonl":
        cited = [json.loads(line)["citation"] for line in result.stdout.splitlines()]
    elif fmt == "csv":
        cited = [row["citation"] for row in csv.DictReader(io.StringIO(result.stdout))]
    else:
        cited = [line.split("  [")[0] for line in result.stdout.splitlines()
                 if line.startswith("A/RES")]
    assert cited == [f"A/RES/80/6 ¶{n} (en)" for n in (5, 6, 7)]


@pytest.mark.parametrize("citation,anchors", [
    ("A/RES/80/6 paras. 3 and 5", ["3", "5"]),
    ("A/RES/80/6 ¶¶ 3, 7", ["3", "7"]),
    ("A/RES/80/6 第3至5段", ["3", "4", "5"]),
    ("A/RES/80/6 ¶3; A/RES/80/9 ¶5", ["3", "annex.5"]),
    ("A/RES/80/6 ¶3; ¶8", ["3", "8"]),
    ("un-ctoc-cop-wg3-2023-report paragraph 44 (a)-(c)", ["44(a)", "44(b)", "44(c)"]),
    ("untoc Articles 2 and 5", ["art2", "art5"]),
    ("A/RES/80/9 footnote 8", ["fn8"]),
    ("A/RES/80/9 footnotes 8 and 9", ["fn8", "fn9"]),
])
def test_lists_ranges_footnotes_and_several_citations(index_args, citation, anchors):
    assert [h["anchor"] for h in cite_json(index_args, citation)["hits"]] == anchors


def test_a_footnote_by_its_number(index_args):
    hit = cite_json(index_args, "A/RES/80/9 footnote 8")["hits"][0]
    assert hit["kind"] == "footnote" and hit["text"].startswith("Ibid., vols. 2171 and 2173")


@pytest.mark.parametrize("lang,chapter", [("en", "Chapter VII:"), ("zh", "第七章："),
                                          ("fr", "Chapitre VII:"), ("ru", "Глава VII:"),
                                          ("ar", "الفصل السابع:"), ("es", "Capítulo VII:")])
def test_a_chapter_with_its_articles(index_args, lang, chapter):
    hit = cite_json(index_args, "un-charter Chapter VII", "--lang", lang)["hits"][0]
    assert hit["text"].startswith(chapter)
    parts = [p["anchor"] for p in hit["parts"]]
    assert parts[:2] == ["art39.title", "art39"] and "art51" in parts and "art52" not in parts


def test_a_part_not_found_is_named_and_the_others_are_printed(index_args):
    result = cite(index_args, "A/RES/80/6 paras. 3 and 999")
    assert result.exit_code == 1
    assert result.stdout.startswith("A/RES/80/6 ¶3 (en)")
    assert result.stderr == ("undocs: A/RES/80/6 paras. 3 and 999: no paragraph '999' in "
                             "A/RES/80/6; nearest: 9, 29, 19, pp9\n")
    data = json.loads(cite(index_args, "A/RES/80/6 paras. 3 and 999", "--format", "json").stdout)
    assert [h["anchor"] for h in data["hits"]] == ["3"] and len(data["errors"]) == 1


@pytest.mark.parametrize("citation,quoted", [
    ("un-charter Article 2, paragraph 4 Zz", "'Zz'"),
    ("A/RES/80/6 para. 3 und 5", "'und 5'"),
    ("untoc Chapter XLII-bis", "'-bis'"),
])
def test_errors_quote_the_citation_as_typed(index_args, citation, quoted):
    result = cite(index_args, citation)
    assert result.exit_code == 2
    assert quoted in result.stderr and quoted.upper() not in result.stderr


def test_a_chapter_that_is_not_there(index_args):
    result = cite(index_args, "un-charter Chapter XX")
    assert result.exit_code == 2
    assert result.stderr == "undocs: no chapter 20 in un-charter (its chapters: 1–19)\n"


def test_a_backwards_range_is_refused(index_args):
    result = cite(index_args, "A/RES/80/6 paras. 6-5")
    assert result.exit_code == 2 and "ends before it starts" in result.stderr


@given(st.integers(1, 150), st.integers(0, 40), st.sampled_from(["-", "–", " to ", "至"]))
def test_a_range_names_every_number_from_first_to_last(first, extra, dash):
    anchors, _ = parse_anchors(f"paras. {first}{dash}{first + extra + 1}")
    assert [a for a, _ in anchors] == [str(n) for n in range(first, first + extra + 2)]


@given(st.lists(st.integers(1, 999), min_size=1, max_size=6),
       st.sampled_from([", ", " and ", " & ", "、"]))
def test_a_list_names_each_number_in_order(numbers, joint):
    text = "¶" + joint.join(map(str, numbers))
    assert [a for a, _ in parse_anchors(text)[0]] == [str(n) for n in numbers]


@given(st.integers(1, 111), st.integers(1, 9), st.sampled_from("甲乙丙丁子丑寅卯"))
def test_chinese_article_paragraph_and_sub_item(article, paragraph, marker):
    from undocs.search.anchor_forms import sub_item_letter

    numerals = "一二三四五六七八九"
    zh = f"第{article}条第{numerals[paragraph - 1]}项({marker})款"
    letter = sub_item_letter(f"({marker})")
    assert parse_anchors(zh)[0] == [(f"art{article}({paragraph})({letter})", False)]
    assert parse_anchors(f"Article {article}, paragraph {paragraph} ({letter})")[0][0][0] \
        == f"art{article}({paragraph})({letter})"


# -- the help's and the README's examples ----------------------------------------------

def _help_citations(args):
    text = CliRunner().invoke(cli, args).output
    found = re.findall(r"`([^`]+)`", text) + re.findall(r"undocs cite '([^']+)'", text)
    return [" ".join(x.split()) for x in found if "…" not in x]


def _readme_cite_commands():
    section = README.read_text(encoding="utf-8").split("### `undocs cite CITATION`")[1]
    section = section.split("\n### ")[0]
    return [shlex.split(line[len("$ undocs "):]) for line in section.splitlines()
            if line.startswith("$ undocs cite ")]


def test_every_example_of_the_help_texts_resolves(index_args):
    examples = _help_citations(["cite", "--help"]) + _help_citations(["--help"])
    assert "un-ctoc-cop-wg3-2023-report ¶41 (zh)" in examples
    for example in examples:
        result = cite(index_args, example)
        assert result.exit_code == 0, (example, result.output)


def test_every_example_of_the_readme_cite_section_does_what_it_shows(index_args):
    commands = _readme_cite_commands()
    assert len(commands) >= 6
    for args in commands:
        result = CliRunner().invoke(cli, [*args, *index_args])
        failing = "undocs: " in result.stderr
        assert result.exit_code == (2 if failing else 0), (args, result.output)


# -- item 10: dates ----------------------------------------------------------------------

@pytest.mark.parametrize("symbol,date", [
    ("un-charter", "1945-06-26"), ("untoc", "2000-11-15"), ("unfccc", "1992-05-09"),
    ("sdg-indicators", "2020-03-06"), ("un-ctoc-cop-wg3-2023-report", "2023-10-02"),
])
def test_bundled_documents_carry_their_dates(searcher, symbol, date):
    records = [r for r in searcher.documents() if r["symbol"] == symbol]
    assert records and {r["date"] for r in records} == {date}


def test_no_bundled_document_is_left_out_of_an_open_date_range(searcher):
    everything = searcher.search("NOT zzqxj").total
    assert searcher.search("NOT zzqxj", since="1900").total == everything
    assert searcher.search("Article 51", until="1945-12-31", lang="en").hits[0].symbol \
        == "un-charter"


def test_a_partly_found_citation_as_a_process(index_args):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "undocs.search", "cite",
                           "A/RES/80/6 paras. 4-5; ¶999", "--format", "jsonl", *index_args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert [json.loads(line)["anchor"] for line in proc.stdout.splitlines()] == ["4", "5"]
    assert proc.stderr.startswith("undocs: ¶999: no paragraph '999' in A/RES/80/6")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
