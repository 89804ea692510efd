"""Output edge cases (issue 13.9): CSV with `--parallel`, `kwic --limit`, plural
agreement, `stats` documents and versions, and the new `undocs documents` / `list`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from undocs.analyzers import LANGS
from undocs.indexer.build import UpdateSummary
from undocs.search.cli import cli
from undocs.search.cli.documents import document_columns
from undocs.search.cli.output import CSV_COLUMNS, print_stats_table


def run(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    return result


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_carries_the_parallel_text(index_args):
    # the CSV used to drop `--parallel` altogether
    result = run("search", "Article 51", "--lang", "en", "-n", "1", "--parallel", "fr,zh",
                 "--format", "csv", *index_args)
    header = result.output.splitlines()[0].split(",")
    assert header == [*CSV_COLUMNS, "parallel_fr_anchor", "parallel_fr_text",
                      "parallel_zh_anchor", "parallel_zh_text"]
    row = csv_rows(result.output)[0]
    assert row["citation"] == "un-charter ¶art51 (en)"
    assert (row["parallel_fr_anchor"], row["parallel_fr_text"]) == ("art51", "Article 51")
    assert row["parallel_zh_text"] == "第五十一条"
    plain = run("search", "Article 51", "-n", "1", "--format", "csv", *index_args)
    assert plain.output.splitlines()[0].split(",") == list(CSV_COLUMNS)


def test_cite_csv_with_parallel_all_has_every_language(index_args):
    result = run("cite", "un-charter Article 51", "--lang", "en", "--parallel", "all",
                 "--format", "csv", *index_args)
    row = csv_rows(result.output)[0]
    assert all(f"parallel_{lang}_text" in row for lang in LANGS)
    assert row["parallel_en_text"] == "" and row["parallel_ru_text"] == "Статья 51"


def test_kwic_limit_takes_the_first_lines_in_the_chosen_order(index_args):
    every = run("kwic", "right", "--lang", "en", "--sort", "right", "--format", "jsonl",
                *index_args)
    first = run("kwic", "right", "--lang", "en", "--sort", "right", "--limit", "3",
                "--format", "jsonl", *index_args)
    assert first.exit_code == 0
    assert first.output.splitlines() == every.output.splitlines()[:3]
    assert len(every.output.splitlines()) > 3
    short = run("kwic", "国际合作", "-n", "2", *index_args)
    assert len(short.output.splitlines()) == 2


def test_one_is_singular(index_args):
    # "1 best candidates", "1 paragraphs written"
    result = run("source", "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求",
                 "--limit", "1", *index_args)
    assert result.output.splitlines()[0] == "1 best candidate"
    assert run("source", "nations of the world", "--limit", "2",
               *index_args).output.splitlines()[0] == "2 best candidates"
    assert "(1 paragraph written in" in UpdateSummary(added=1, paragraphs=1).line()
    assert "(2 paragraphs written in" in UpdateSummary(added=1, paragraphs=2).line()


def test_stats_counts_documents_and_language_versions(index_args):
    result = run("stats", *index_args)
    lines = result.output.splitlines()
    assert "7 documents in 17 language versions" in lines
    assert "lang  versions  paragraphs" in lines
    assert lines[-1] == ("symbols taken from file names: 5 (sdg-indicators, un-charter, "
                         "un-ctoc-cop-wg3-2023-report, unfccc, untoc)")
    data = json.loads(run("stats", "--format", "json", *index_args).output)
    assert (data["total_documents"], data["total_versions"]) == (7, 17)


def test_the_symbols_from_file_names_are_a_count_and_a_few(searcher, capsys):
    stats = searcher.stats()
    stats["symbols_from_file_names"] = [f"report-{n:04}" for n in range(2000)]
    print_stats_table(stats)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == ("symbols taken from file names: 2000 (report-0000, report-0001, "
                    "report-0002, report-0003, report-0004, … and 1995 more)")


def test_documents_lists_the_index(index_args):
    result = run("documents", *index_args)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["symbol", "date", "languages", "paragraphs", "title"]
    assert lines[-1] == "7 documents in 17 language versions, 4699 paragraphs"
    charter = next(line for line in lines if line.startswith("un-charter "))
    assert charter.split()[1:9] == ["1945-06-26", "ar", "zh", "en", "fr", "ru", "es",
                                      "2271"]
    assert charter.endswith("Charter of the United Nations")
    assert run("list", *index_args).output == result.output


@pytest.mark.parametrize("options, symbols", [
    (["--lang", "zh"], ["sdg-indicators", "un-charter", "un-ctoc-cop-wg3-2023-report"]),
    (["--symbol", "a/res/*"], ["A/RES/80/6", "A/RES/80/9"]),
    (["--since", "2025-11-20"], ["A/RES/80/9"]),
    (["--until", "2023"], ["sdg-indicators", "un-charter", "un-ctoc-cop-wg3-2023-report",
                           "unfccc", "untoc"]),
    (["--until", "1999"], ["un-charter", "unfccc"]),
    (["--since", "2024", "--lang", "zh"], []),
])
def test_documents_filters(index_args, options, symbols):
    result = run("documents", *options, "--format", "jsonl", *index_args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["symbol"] for line in result.output.splitlines()] == symbols


def test_documents_machine_formats(index_args):
    data = json.loads(run("documents", "--lang", "zh,fr", "--format", "json",
                          *index_args).output)
    assert (data["total_documents"], data["total_versions"]) == (3, 5)
    charter = next(d for d in data["documents"] if d["symbol"] == "un-charter")
    assert charter["languages"] == ["zh", "fr"] and charter["title"] == "联合国宪章"
    assert charter["versions"]["fr"] == {"title": "Charte des Nations Unies", "date": "1945-06-26",
                                         "file": "un-charter.fr.md", "paragraphs": 379}
    assert charter["paragraphs"] == sum(v["paragraphs"] for v in charter["versions"].values())
    rows = csv_rows(run("documents", "--format", "csv", *index_args).output)
    assert list(rows[0]) == document_columns()
    report = next(r for r in rows if r["symbol"] == "un-ctoc-cop-wg3-2023-report")
    assert (report["languages"], report["paragraphs_zh"], report["paragraphs_en"]) == \
        ("zh", "108", "")


def test_documents_bad_filters_are_one_line(index_args):
    result = run("documents", "--since", "2025-13", *index_args)
    assert result.exit_code == 2
    assert result.output.startswith("undocs: query error: bad date '2025-13' in '--since")
    assert run("list", "--lang", "klingon", *index_args).exit_code == 2
