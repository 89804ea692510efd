"""`undocs batch`, `kwic`, `count` and their Python API, on the bundled corpus."""

from __future__ import annotations

import csv
import io
import json
import random
import types

from click.testing import CliRunner

from tests.conftest import SAMPLE_REPORT
from tests.search.test_exactness import sample_phrases
from undocs.search.cli import cli
from undocs.search.cli.corpus import COUNT_COLUMNS, KWIC_COLUMNS


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def hundred_queries() -> list[str]:
    rng = random.Random(6)
    phrases = [f'"{phrase}"' for _, phrase in sample_phrases(40, seed=6)]
    words = ["国际合作", "引渡 司法协助", "human rights", "nations lang:fr", "Статья",
             "symbol:A/RES/80/* trafficking", "date:2023 国际", "المادة", "derechos",
             "security -council", "(引渡 OR 司法协助) 双重犯罪", "聯合國", "right*"]
    queries = phrases + [rng.choice(words) for _ in range(60)]
    rng.shuffle(queries)
    return queries


def test_batch_of_100_gives_the_same_hits_as_100_searches(searcher, index_args, tmp_path):
    queries = hundred_queries()
    path = tmp_path / "queries.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    result = run("batch", path, "--limit", "5", *index_args)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["line"] for r in records] == list(range(1, 101))
    for query, record in zip(queries, records, strict=True):
        single = run("search", query, "--limit", "5", "--format", "json", *index_args)
        if "error" in record:
            assert single.exit_code == 2
            assert single.output.strip() == f"undocs: {record['error']}"
            continue
        expected = json.loads(single.output)
        assert record["query"] == query
        assert record["total"] == expected["total"]
        assert record["hits"] == expected["hits"]
    assert any("error" in record for record in records) == (result.exit_code == 1)


def test_batch_jsonl_lines_carry_search_options(index_args):
    lines = '{"query": "国际合作", "lang": "zh", "limit": 2}\n\n' \
            '{"query": "nations", "lang": "fr", "symbol": "un-charter", "limit": 1}\n' \
            '{"query": "x", "colour": "red"}\n{"query": 5}\n{broken\n'
    result = run("batch", "-", *index_args, input=lines)
    records = [json.loads(line) for line in result.output.splitlines()
               if line.startswith("{")]
    assert [r["line"] for r in records] == [1, 3, 4, 5, 6]
    assert len(records[0]["hits"]) == 2 and {h["lang"] for h in records[0]["hits"]} == {"zh"}
    assert records[1]["hits"][0]["symbol"] == "un-charter"
    assert records[2]["error"].startswith("query error: unknown option 'colour'")
    assert records[3]["error"] == 'query error: a JSON line needs a "query" string'
    assert records[4]["error"].startswith("query error: bad JSON")
    assert result.exit_code == 1
    assert "undocs: 3 queries failed" in result.output


def test_batch_bad_input(index_args, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("batch", empty, *index_args)
    assert result.exit_code == 2
    assert result.output.strip() == f"undocs: {empty}: empty batch (no queries)"

    binary = tmp_path / "queries.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("batch", binary, *index_args)
    assert result.exit_code == 2
    assert "binary file (NUL byte at byte offset 8)" in result.output

    huge = tmp_path / "huge.txt"
    huge.write_bytes(("引渡 " * 350_000).encode() + b"\n\xff\xfe\n" + "国际合作\n".encode())
    result = run("batch", huge, *index_args)
    records = [json.loads(line) for line in result.output.splitlines() if line[:1] == "{"]
    assert records[0]["line"] == 1 and "query too long" in records[0]["error"]
    assert records[1] == {"line": 2, "query": "",
                          "error": "invalid UTF-8 at byte offset 0 of the line"}
    assert records[2]["total"] == 46
    assert "Traceback" not in result.output


def test_kwic_one_line_per_occurrence_in_the_sample_report(index_args):
    expected = SAMPLE_REPORT.read_text(encoding="utf-8").count("国际合作")
    assert expected == 43
    result = run("kwic", "国际合作", "--symbol", "un-ctoc-cop-wg3-2023-report", *index_args)
    lines = result.output.splitlines()
    assert len(lines) == 43
    assert all("[国际合作]" in line for line in lines)
    # aligned on the match: the opening bracket stands at the same display column
    assert len({line.index("[国际合作]") for line in lines if not line.startswith(" ")}) <= 43


def test_kwic_stemmed_for_other_languages_and_sorted(index_args):
    result = run("kwic", "right", "--lang", "en", "--format", "jsonl", "--sort", "right",
                 *index_args)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {r["match"].lower() for r in records} == {"right", "rights"}
    rights = [r["right"].lower() for r in records]
    assert rights == sorted(rights)


def test_kwic_csv_columns(index_args):
    result = run("kwic", "引渡", "--format", "csv", "--width", "10", *index_args)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == KWIC_COLUMNS
    assert all(row["match"] == "引渡" for row in rows)
    assert len(rows[0]["left"]) <= 10


def test_kwic_no_match_is_a_clear_message(index_args):
    result = run("kwic", "zzqxj", *index_args)
    assert result.exit_code == 1
    assert result.output.strip() == "undocs: no occurrences of 'zzqxj'"


def test_count_charter_term_by_lang_shows_six_languages(index_args):
    query = ('"安全理事会" OR "Security Council" OR "Conseil de sécurité" OR '
             '"Consejo de Seguridad" OR "Совет Безопасности" OR "مجلس الأمن"')
    result = run("count", query, "--by", "lang", "--symbol", "un-charter", "--format", "json",
                 *index_args)
    data = json.loads(result.output)
    assert {group["group"] for group in data["groups"]} == {"ar", "zh", "en", "fr", "ru", "es"}
    assert all(g["occurrences"] >= g["paragraphs"] > 0 for g in data["groups"])
    assert data["total"]["paragraphs"] == sum(g["paragraphs"] for g in data["groups"])


def test_count_csv_and_groupings(index_args):
    result = run("count", "trafficking OR 国际合作", "--by", "body", "--format", "csv",
                 *index_args)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == COUNT_COLUMNS
    assert {row["group"] for row in rows} >= {"A/RES", "un-ctoc-cop-wg3-2023-report"}
    years = json.loads(run("count", "国际合作", "--by", "year", "--format", "json",
                           *index_args).output)
    # the Charter (zh) is dated by its signature, the report by its header
    assert [g["group"] for g in years["groups"]] == ["1945", "2023"]
    text = run("count", "trafficking", "--by", "doc", *index_args).output.splitlines()
    assert text[0].split() == ["doc", "paragraphs", "occurrences"]
    assert text[1].split()[:3] == ["A/RES/80/9", "(en)", "44"]


def test_python_api_streams(searcher):
    records = searcher.batch(["国际合作", {"query": "nations", "lang": "fr", "limit": 1}])
    assert isinstance(records, types.GeneratorType)
    first, second = list(records)
    assert first["total"] == 46 and second["hits"][0]["lang"] == "fr"
    lines = searcher.kwic("国际合作", symbol="un-ctoc-cop-wg3-2023-report")
    assert isinstance(lines, types.GeneratorType)
    assert sum(1 for _ in lines) == 43
    counts = searcher.count("nations", by="lang", lang="fr")
    assert counts.rows[0].group == "fr" and counts.paragraphs > 0
