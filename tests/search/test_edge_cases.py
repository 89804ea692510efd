"""Edge cases found in review: filters that match nothing, pure negations, exact totals,
pages past the end, citations as undocs prints them, bad batch options, closed stdin,
a wrong --index, and one-line usage errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from undocs.search import CitationError, QueryError
from undocs.search.cli import cli


def total(searcher, query, **options):
    return searcher.search(query, **options).total


@pytest.mark.parametrize("query,options", [
    ("nations", {"symbol": "NOPE"}),
    ("nations symbol:nope", {}),
    ("nations", {"since": "2030"}),
    ("date:1990", {}),
])
def test_a_filter_that_matches_nothing_gives_no_hits(searcher, query, options):
    assert total(searcher, query, **options) == 0


@pytest.mark.parametrize("query", ["date:2023..2020", "date:2023-02-30", "date:2023-13"])
def test_impossible_dates_are_refused(searcher, query):
    with pytest.raises(QueryError, match="date"):
        searcher.search(query)


def test_pure_negations_range_over_paragraphs_of_the_languages_asked(searcher):
    paragraphs = sum(1 for _ in searcher.matching(searcher.compile("lang:en"), langs=("en",)))
    assert paragraphs == 1336  # the resolutions' header lines are metadata, not paragraphs
    with_word = total(searcher, "nations", lang="en")
    assert total(searcher, "NOT nations", lang="en") == 1336 - with_word
    everything = total(searcher, "NOT zzqxj")
    assert everything == 4687  # every paragraph, and none of the 17 file records
    last = searcher.search("NOT nations", limit=100, page=45)
    assert all(hit.text for hit in last.hits)
    counts = searcher.count("NOT nations", by="lang")
    assert counts.paragraphs == total(searcher, "NOT nations")


@pytest.mark.parametrize("limit", [1, 2, 5, 50])
def test_the_total_does_not_depend_on_the_page_size(searcher, limit):
    assert total(searcher, "国际合作", limit=limit) == 46
    assert total(searcher, "human rights", limit=limit) == 23


def test_a_page_past_the_end_is_empty(searcher):
    result = searcher.search("nations", limit=5, page=999)
    assert result.total == 276 and result.hits == []
    output = CliRunner().invoke(cli, ["search", "nations", "--limit", "5", "--page", "999",
                                      "--index", str(searcher.index_dir)]).output
    assert "(no hits on page 999: the last page is 56)" in output


@pytest.mark.parametrize("citation,anchor", [
    ("un-charter ¶art51 (en)", "art51"),
    ("A/RES/80/9 ¶annex.3 (en)", "annex.3"),
    ("un-ctoc-cop-wg3-2023-report ¶secIII", "secIII"),  # was p28: headings by label
    ("A/RES/80/9 ¶fn1", "fn1"),
    ("A/RES/80/9 ¶annex", "annex"),
    ("un-charter Article 2(4) (zh)", "art2(4)"),
    ("un-ctoc-cop-wg3-2023-report 第六十段", "60"),
    ("A/RES/80/9 annex 3", "annex.3"),
])
def test_cite_reads_what_undocs_prints_and_more(searcher, citation, anchor):
    assert searcher.cite(citation).hits[0].anchor == anchor


def test_every_printed_citation_resolves_to_itself(searcher):
    for record in searcher.documents():
        symbol, lang = record["symbol"], record["lang"]
        for entry in searcher.outline(symbol, lang=lang).entries[::7]:
            cited = searcher.cite(f"{symbol} ¶{entry.anchor} ({lang})").hits[0]
            assert (cited.anchor, cited.lang) == (entry.anchor, lang)


@pytest.mark.parametrize("citation,message", [
    ("un-charter Article 2, paragraph 4 zz", "cannot read"),
    ("un-ctoc-cop-wg3-2023-report ¶99999999999999999999", "no paragraph number"),
    ("A/RES/80/9", "names no paragraph"),
])
def test_cite_never_drops_what_it_cannot_read(searcher, citation, message):
    with pytest.raises(CitationError, match=message):
        searcher.cite(citation)


@pytest.mark.parametrize("line,message", [
    ('{"query": "x", "parallel": 5}', '"parallel" must be a language code'),
    ('{"query": "x", "lang": 5}', '"lang" must be a language code'),
    ('{"query": "x", "symbol": 5}', '"symbol" must be a string'),
    ('{"query": "x", "snippets": "no"}', '"snippets" must be true or false'),
    ('{"query": "x", "limit": true}', '"limit" must be a whole number'),
])
def test_batch_options_of_the_wrong_type_are_error_records(index_args, line, message):
    result = CliRunner().invoke(cli, ["batch", *index_args], input=f"{line}\nnations\n")
    records = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert message in records[0]["error"]
    assert records[1]["total"] == 276 and result.exit_code == 1


def _undocs(*args, stdin=subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "undocs.search", *map(str, args)], stdin=stdin,
                          capture_output=True, text=True, timeout=120)


def test_closed_stdin_and_usage_errors_are_one_line(searcher, index_args):
    for args in (["batch", *index_args], ["source", *index_args]):
        proc = subprocess.run(
            [sys.executable, "-c", "import os, sys; os.close(0); sys.stdin = None; "
             "sys.argv = ['undocs', *sys.argv[1:]]; from search.cli import main; main()",
             *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and "standard input is closed" in proc.stderr
    bad = _undocs("search", "x", "--limit", "0", *index_args)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("undocs search: Invalid value for '--limit'")
    dash = _undocs("search", "-nations", "--lang", "en", "--format", "json", *index_args)
    assert json.loads(dash.stdout)["total"] == total(searcher, "NOT nations", lang="en") > 1000


def test_a_folder_that_is_no_index_is_left_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.en.md").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["search", "nations", "--index", str(folder)])
    assert result.exit_code == 2
    assert result.output.strip() == f"undocs: {folder}: not an undocs index (and not empty)"
    assert [p.name for p in folder.iterdir()] == ["a.en.md"]


def test_undecodable_bytes_in_a_query_match_nothing_instead_of_failing(searcher):
    # invalid UTF-8 in argv reaches Python as lone surrogates (surrogateescape)
    assert searcher.search('"\udcff国"').total == 0
    assert searcher.search('"国\udcff际"').total == 0
    assert searcher.search('"\udcff"').total == 0
    assert searcher.search("\udcff国际").total == searcher.search("国际").total > 0


@pytest.mark.parametrize("damage", ["empty segment", "missing segment", "garbled contents"])
def test_a_damaged_index_is_one_line_for_every_command(tmp_path, full_index, damage):
    index_dir = tmp_path / "index"
    shutil.copytree(full_index[0], index_dir)
    segment = sorted(index_dir.glob("*.seg"))[0]
    toc = sorted(index_dir.glob("_MAIN_*.toc"))[-1]
    if damage == "empty segment":
        segment.write_bytes(b"")
    elif damage == "missing segment":
        segment.unlink()
    else:
        toc.write_bytes(b"\x00" * 64)
    for args, status in ((["search", "nations"], 2), (["stats"], 2), (["cite", "untoc 5"], 2),
                         (["index", "--quiet", str(tmp_path / "none")], 2)):
        result = CliRunner().invoke(cli, [*args, "--index", str(index_dir)])
        assert result.exit_code == status, (args, result.output)
        line = result.output.strip()
        assert "\n" not in line and "internal error" not in line, (args, line)
        assert "not a usable undocs index" in line and "--rebuild" in line, (args, line)


@pytest.mark.parametrize("heading, citation", [
    ("Annex XL", ", annex XL, para. 2"), ("Annex L", ", annex L, para. 2"),
    ("附件二", ", annex II, para. 2"), ("Annex 3", ", annex 3, para. 2")])
def test_a_cited_annex_names_the_anchor_the_parser_gives_its_heading(heading, citation):
    from undocs.indexer.structure import annex_label
    from undocs.search.anchor_forms import parse_anchor

    assert parse_anchor(citation)[0] == f"{annex_label(heading)}.2"
