"""`undocs search`, `cite`, `source`, `show`, `stats` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from undocs.search.cli import cli
from undocs.search.cli.output import CSV_COLUMNS


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def search_json(index_args, *args):
    result = run("search", *args, "--format", "json", *index_args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_text_output_has_rank_citation_heading_and_bracketed_snippet(index_args):
    result = run("search", '"国际合作"', "--limit", "2", *index_args)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "36 hits (page 1 of 18)"
    assert lines[1].startswith("  1. un-ctoc-cop-wg3-2023-report ¶")
    assert "score" in lines[1]
    assert "[国际合作]" in result.output
    assert "\x1b[" not in result.output  # no colour when not on a terminal


def test_json_output_follows_the_documented_shape(index_args):
    data = search_json(index_args, "双重犯罪", "--limit", "3")
    assert set(data) >= {"query", "total", "hits"}
    assert data["query"] == "双重犯罪" and data["total"] >= 3
    hit = data["hits"][0]
    assert set(hit) >= {"rank", "score", "symbol", "lang", "anchor", "citation", "heading",
                        "text", "snippet", "file", "lines"}
    assert hit["citation"] == f"{hit['symbol']} ¶{hit['anchor']} ({hit['lang']})"
    assert "[双重犯罪]" in hit["snippet"]
    assert "parallel" not in hit


def test_quoted_phrase_highlight_is_one_stretch(index_args):
    data = search_json(index_args, '"坦桑尼亚联合共和国"')
    assert data["total"] >= 1
    assert all("[坦桑尼亚联合共和国]" in hit["snippet"] for hit in data["hits"])


def test_traditional_characters_find_simplified_text(index_args):
    traditional = search_json(index_args, '"國際合作"', "--limit", "100")
    simplified = search_json(index_args, '"国际合作"', "--limit", "100")
    assert traditional["total"] == simplified["total"] == 36
    assert "[国际合作]" in traditional["hits"][0]["snippet"]


def test_and_or_not_and_parentheses(index_args):
    both = search_json(index_args, "引渡", "司法协助", "--limit", "200")["total"]
    either = search_json(index_args, "引渡 OR 司法协助", "--limit", "200")["total"]
    only = search_json(index_args, "引渡 -司法协助", "--limit", "200")["total"]
    only_not = search_json(index_args, "引渡 NOT 司法协助", "--limit", "200")["total"]
    first = search_json(index_args, "引渡", "--limit", "200")["total"]
    assert both + only == first and only == only_not
    assert either > first
    grouped = search_json(index_args, "(引渡 OR 司法协助) 双重犯罪", "--limit", "200")
    assert 0 < grouped["total"] <= search_json(index_args, "双重犯罪")["total"]


def test_symbol_wildcard_any_case(index_args):
    data = search_json(index_args, "symbol:a/res/80/*", "trafficking", "--limit", "100")
    assert data["total"] > 10
    assert {hit["symbol"] for hit in data["hits"]} <= {"A/RES/80/9", "A/RES/80/6"}
    option = search_json(index_args, "trafficking", "--symbol", "A/RES/80/*", "--limit", "100")
    assert option["total"] == data["total"]
    titles = {hit["symbol"]: hit["title"] for hit in data["hits"]}
    assert titles["A/RES/80/9"].startswith("2025 Political Declaration on the Implementation")


def test_lang_filter_in_query_and_option(index_args):
    in_query = search_json(index_args, "lang:fr", "nations", "--limit", "5")
    option = search_json(index_args, "nations", "--lang", "fr", "--limit", "5")
    assert in_query["total"] == option["total"] > 0
    assert {hit["lang"] for hit in option["hits"]} == {"fr"}


def test_french_and_russian_stemming(index_args):
    singular = search_json(index_args, "nation", "--lang", "fr")["total"]
    plural = search_json(index_args, "nations", "--lang", "fr")["total"]
    assert singular == plural > 0
    ru = search_json(index_args, "насилию", "--lang", "ru")["total"]
    assert ru == search_json(index_args, "насилия", "--lang", "ru")["total"] == 5


def test_date_filters(index_args):
    year = search_json(index_args, "date:2025", "--limit", "500")["total"]
    assert year == 59 + 63  # the two 2025 resolutions, without their header blocks
    ranged = search_json(index_args, "trafficking", "--since", "2025-11-20")["total"]
    assert ranged == search_json(index_args, "trafficking", "symbol:A/RES/80/9")["total"]
    sdg = search_json(index_args, "symbol:sdg-indicators", "--limit", "1")["total"]
    # the 2023 report, and the SDG indicator framework as reviewed in March 2020
    assert search_json(index_args, "date:2020..2023-12", "--limit", "1")["total"] == 108 + sdg
    charter = search_json(index_args, "symbol:un-charter", "--limit", "1")["total"]
    assert search_json(index_args, "date:1945-06-26", "--limit", "1")["total"] == charter


def test_paging(index_args):
    first = search_json(index_args, "国际合作", "--limit", "5")
    second = search_json(index_args, "国际合作", "--limit", "5", "--page", "2")
    assert [h["rank"] for h in second["hits"]] == [6, 7, 8, 9, 10]
    assert not {h["citation"] for h in first["hits"]} & {h["citation"] for h in second["hits"]}


def test_jsonl_one_hit_per_line(index_args):
    result = run("search", "human", "rights", "--format", "jsonl", "--limit", "4", *index_args)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["rank"] for r in records] == [1, 2, 3, 4]


def test_csv_opens_with_the_documented_columns(index_args):
    result = run("search", "引渡", "--format", "csv", "--limit", "3", *index_args)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3 and rows[0]["rank"] == "1"
    assert "[引渡]" in rows[0]["snippet"]


def test_parallel_all_on_the_charter(index_args):
    data = search_json(index_args, "Article 51", "--lang", "en", "--limit", "1",
                       "--parallel", "all")
    hit = data["hits"][0]
    assert hit["anchor"] == "art51.title"  # the heading; its one paragraph is art51
    assert set(hit["parallel"]) == {"ar", "zh", "fr", "ru", "es"}
    assert hit["parallel"]["zh"]["text"] == "第五十一条"
    assert hit["parallel"]["ru"]["text"] == "Статья 51"
    assert all(p["anchor"] == "art51.title" for p in hit["parallel"].values())


def test_parallel_aligns_unnumbered_blocks_inside_articles(index_args):
    data = search_json(index_args, '"inherent right of individual or collective self-defence"',
                       "--parallel", "zh,fr")
    hit = data["hits"][0]
    assert hit["citation"] == "un-charter ¶art51 (en)"  # was a document ordinal, p176
    assert "单独或集体自卫之自然权利" in hit["parallel"]["zh"]["text"]
    assert "légitime défense" in hit["parallel"]["fr"]["text"]
    assert hit["parallel"]["zh"]["anchor"] == hit["parallel"]["fr"]["anchor"] == "art51"


def test_parallel_shares_the_letters_a_version_takes_from_its_sibling(index_args):
    """The scraped Russian Charter prints neither `a)` nor a lower-case item: beside the
    English version it takes Article 55's letters from it (`indexer.versions`)."""
    data = search_json(index_args, '"higher standards of living"', "--lang", "en",
                       "--parallel", "ru,zh")
    hit = data["hits"][0]
    assert hit["citation"] == "un-charter ¶art55(a) (en)"
    assert hit["parallel"]["zh"]["anchor"] == hit["parallel"]["ru"]["anchor"] == "art55(a)"
    assert hit["parallel"]["ru"]["text"].startswith("Повышению уровня жизни")


def test_parallel_pairs_by_place_a_version_with_no_sibling(tmp_path):
    """Indexed from another folder, the Russian Charter counts Article 55's items as
    paragraphs on its own; the parallel of `art55(a)` is found by its place after the
    article's lead-in."""
    from tests.conftest import CORPUS
    from undocs.indexer.build import update_index

    for lang in ("en", "ru"):
        folder = tmp_path / lang
        folder.mkdir()
        (folder / f"un-charter.{lang}.md").write_bytes(
            (CORPUS / f"un-charter.{lang}.md").read_bytes())
    update_index(tmp_path / "ix", [tmp_path / "en", tmp_path / "ru"], jobs=1)
    data = search_json(["--index", str(tmp_path / "ix")], '"higher standards of living"',
                       "--lang", "en", "--parallel", "ru")
    ru = data["hits"][0]["parallel"]["ru"]
    assert ru["anchor"] == "art55(1)" and ru["text"].startswith("Повышению уровня жизни")


@pytest.mark.parametrize("citation,expected", [
    ("un-ctoc-cop-wg3-2023-report ¶41 (zh)", "un-ctoc-cop-wg3-2023-report ¶41 (zh)"),
    ("UN-CTOC-COP-WG3-2023-REPORT 41", "un-ctoc-cop-wg3-2023-report ¶41 (zh)"),
    ("un-ctoc-cop-wg3-2023-report para. 29", "un-ctoc-cop-wg3-2023-report ¶29 (zh)"),
    ("un-ctoc-cop-wg3-2023-report paragraph 4 (b)", "un-ctoc-cop-wg3-2023-report ¶4(b) (zh)"),
    ("un-ctoc-cop-wg3-2023-report 第41段", "un-ctoc-cop-wg3-2023-report ¶41 (zh)"),
    ("un-ctoc-cop-wg3-2023-report 第 4 段(b)分段", "un-ctoc-cop-wg3-2023-report ¶4(b) (zh)"),
    ("un-ctoc-cop-wg3-2023-report párrafo 41", "un-ctoc-cop-wg3-2023-report ¶41 (zh)"),
    ("un-ctoc-cop-wg3-2023-report ¶7", "un-ctoc-cop-wg3-2023-report ¶7 (zh)"),
    ("untoc Article 14", "untoc ¶art14 (en)"),
    ("untoc art. 5, paragraph 1 (a) (ii)", "untoc ¶art5(1)(a)(ii) (en)"),
    ("un-charter 第十八条 (zh)", "un-charter ¶art18 (zh)"),
    ("un-charter Статья 13 (ru)", "un-charter ¶art13 (ru)"),
    ("un-charter المادة 17 (ar)", "un-charter ¶art17 (ar)"),
    ("un-charter Article premier (fr)", "un-charter ¶art1 (fr)"),
    ("A/RES/80/9, annex, para. 3", "A/RES/80/9 ¶annex.3 (en)"),
    ("a/res/80/9 ¶3", "A/RES/80/9 ¶annex.3 (en)"),
    ("A/RES/80/6 27", "A/RES/80/6 ¶27 (en)"),
    ("sdg-indicators 3.6.1 (es)", "sdg-indicators ¶3.6.1 (es)"),
])
def test_cite_accepts_every_form(index_args, citation, expected):
    result = run("cite", citation, "--format", "json", *index_args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["citation"] == citation
    assert data["hits"][0]["citation"] == expected


def test_cite_every_language_version_and_sub_paragraphs(index_args):
    data = json.loads(run("cite", "un-charter Article 2, paragraph 4", "--format", "json",
                          *index_args).output)
    by_lang = {hit["lang"]: hit for hit in data["hits"]}
    assert set(by_lang) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert by_lang["zh"]["anchor"] == "art2(4)"
    assert by_lang["en"]["text"].startswith("All Members shall refrain in their international")
    report = json.loads(run("cite", "un-ctoc-cop-wg3-2023-report ¶44", "--format", "json",
                            *index_args).output)
    assert [p["anchor"] for p in report["hits"][0]["parts"]] == [f"44({x})" for x in "abcde"]


def test_cite_context_text_output(index_args):
    result = run("cite", "A/RES/80/6 ¶27", "--context", "1", *index_args)
    assert result.exit_code == 0
    assert "(26) 26. Also recalls" in result.output
    assert "(28) 28. Acknowledges" in result.output


@pytest.mark.parametrize("citation,message", [
    ("A/RES/80/99 4", "unknown document 'A/RES/80/99' in citation 'A/RES/80/99 4'; "
                      "did you mean A/RES/80/9"),
    ("untoc art 99", "no paragraph 'art99' in untoc; nearest: art9"),
    ("un-charter art. 3 (xx)", "no paragraph"),
])
def test_cite_errors_suggest(index_args, citation, message):
    result = run("cite", citation, *index_args)
    assert result.exit_code == 2
    assert result.output.startswith("undocs: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_source_finds_an_edited_traditional_passage(index_args):
    passage = "在隨後的對話中,一些發言者提及在引渡和司法協助案件中\n適用雙重犯罪要求所産生的挑戰"
    data = json.loads(run("source", passage, "--format", "json", *index_args).output)
    best = data["hits"][0]
    assert best["citation"] == "un-ctoc-cop-wg3-2023-report ¶41 (zh)"
    assert 0.8 < best["similarity"] <= 1


def test_source_reads_standard_input(index_args):
    result = CliRunner().invoke(cli, ["source", *index_args],
                                input="We recall the Global Compact for safe, orderly\n"
                                      "and regular migration")
    assert result.exit_code == 0
    assert "1. A/RES/80/9 ¶annex.6 (en)  similarity 1.00" in result.output


def test_show_outline(index_args):
    result = run("show", "UNTOC", *index_args)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("untoc (en) United Nations Convention against Transnational")
    assert any(line.split()[:2] == ["art5(1)(a)(ii)", "(ii)"] for line in lines)
    zh = run("show", "un-charter", "--lang", "zh", *index_args)
    assert "also in: ar en fr ru es" in zh.output
    assert run("show", "nothing", *index_args).exit_code == 2


def test_stats_json(index_args):
    data = json.loads(run("stats", "--format", "json", *index_args).output)
    assert data["documents"] == {"ar": 2, "en": 6, "es": 2, "fr": 2, "ru": 2, "zh": 3}
    assert data["paragraphs"]["zh"] == 757


@pytest.mark.parametrize("args,message", [
    (["search", "foo:bar"], "undocs: query error: unknown field 'foo:'"),
    (["search", '"unbalanced'], "undocs: query error: unterminated quote at position 1"),
    (["search", "a", ")"], "undocs: query error: unbalanced ')' at position 3"),
    (["search", "x", "--since", "2023-13-45x"], "undocs: query error: bad date"),
    (["search", "date:yesterday"], "undocs: query error: bad date 'yesterday' in 'date:yesterday'"),
    (["search", "lang:xx", "a"], "undocs: query error: unknown language in 'lang:xx'"),
    (["search", "x", "--lang", "klingon"], "undocs: query error: unknown language 'klingon'"),
    (["search", "。"], "undocs: query error: nothing to search for"),
])
def test_malformed_queries_are_one_line_exit_2(index_args, args, message):
    result = run(*args, *index_args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_index_dir_is_built_by_one_rule(tmp_path, monkeypatch, small_corpus):
    # `--index DIR` that did not exist used to be an error, `$UNDOCS_INDEX=DIR` built it
    monkeypatch.setattr("undocs.search.cli.options.bundled_corpus_dir", lambda: small_corpus)
    where = tmp_path / "new" / "index"
    result = run("search", '"国际合作"', "--limit", "1", "--index", where)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"undocs: no index at {where} yet; building it from the bundled "
                        "corpus first")
    assert lines[1].startswith(f"{where}: 3 added, 0 updated")
    assert lines[2] == "33 hits (page 1 of 33)"
    # the same through $UNDOCS_INDEX, without a word with --quiet
    monkeypatch.setenv("UNDOCS_INDEX", str(tmp_path / "other"))
    quiet = run("count", "国际合作", "--by", "lang", "-q")
    assert quiet.exit_code == 0
    assert quiet.output.splitlines()[0] == "lang  paragraphs  occurrences"
    assert (tmp_path / "other").is_dir()


def test_show_takes_the_first_language_asked_that_the_document_has(index_args):
    both = run("show", "untoc", "--lang", "zh,en", *index_args)
    assert both.exit_code == 0 and "(en)" in both.output.splitlines()[0]
    missing = run("show", "untoc", "--lang", "zh,fr", *index_args)
    assert missing.exit_code == 2
    assert missing.output.strip() == "undocs: untoc is not indexed in zh,fr; it is in en"
    cite = run("cite", "untoc art. 5", "--lang", "zh", *index_args)
    assert cite.exit_code == 2 and "is not indexed in zh; it is in en" in cite.output
