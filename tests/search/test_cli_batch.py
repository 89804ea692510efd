"""`undocs batch` never ends a run for one line's sake (issue 14.7), and treats an input
without queries the same whether it is empty or blank."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.search.batch import parse_line
from undocs.search.cli import cli
from undocs.search.query import QueryError
from undocs.search.searcher import Searcher

DEEP_JSON = '{"query": "x", "lang": ' + "[" * 100_000
LONE_SURROGATE = '{"query": "\\ud800"}'


def batch(index_args, text: str):
    result = CliRunner().invoke(cli, ["batch", "--limit", "1", *index_args], input=text)
    records = [json.loads(line) for line in result.output.splitlines() if line[:1] == "{"]
    return result, records


def test_a_lone_surrogate_and_deep_json_are_error_records(index_args):
    # each used to end the run: "internal error: UnicodeEncodeError" / "RecursionError"
    result, records = batch(index_args, f"{LONE_SURROGATE}\n{DEEP_JSON}\nnations\n"
                                        '{"query": "x", "lang": ["en", "\\udfff"]}\n')
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert records[0] == {"line": 1, "query": LONE_SURROGATE, "error": 'query error: "query" '
                          "holds a lone surrogate (\\ud800) at position 0: not Unicode text"}
    assert records[1]["error"] == "query error: bad JSON: nested too deeply"
    assert records[2]["total"] == 279
    assert records[3]["error"].startswith('query error: "lang" holds a lone surrogate (\\udfff)')
    assert result.exit_code == 1 and "internal error" not in result.output
    assert "undocs: 3 queries failed (see the error records)" in result.output


def test_a_crash_inside_one_query_is_that_lines_error_record(index_args, monkeypatch):
    search = Searcher.search

    def crashing(self, query, **options):
        if query == "human rights":
            raise RuntimeError("evaluation went wrong\nsomewhere")
        return search(self, query, **options)

    monkeypatch.setattr(Searcher, "search", crashing)
    result, records = batch(index_args, "nations\nhuman rights\n国际合作\n")
    assert records[1] == {"line": 2, "query": "human rights",
                          "error": "internal error: RuntimeError: evaluation went wrong somewhere"}
    assert records[0]["total"] == 279 and records[2]["total"] == 46
    assert result.exit_code == 1 and "Traceback" not in result.output


def random_lines(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    good = ["国际合作", "human rights", "nations lang:fr", "Статья 51", "-rights nations",
            '"United Nations"', "date:2023 国际", "(引渡 OR 司法协助) 双重犯罪", "right*"]
    bad = ["foo:bar", '"unbalanced', "a )", "。", LONE_SURROGATE, '{"query": 5}',
           '{"query": "x", "limit": -1}', '{"query": "x"', "(" * 5000, "",
           '{"query": "\\udc80 nations"}', '{"query": "x", "parallel": [1]}']
    lines = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.5:
            lines.append(rng.choice(good))
        elif roll < 0.95:
            lines.append(rng.choice(bad))
        else:
            lines.append("{" * rng.randint(1, 3) + "[" * rng.choice([10, 5000, 100_000]))
    return lines


def test_a_random_batch_gives_one_record_per_line_in_order(index_args):
    lines = random_lines(400, seed=14)
    result, records = batch(index_args, "\n".join(lines) + "\n")
    expected = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert [r["line"] for r in records] == expected
    for record in records:
        assert set(record) in ({"line", "query", "total", "hits"}, {"line", "query", "error"})
    failed = sum("error" in r for r in records)
    assert failed > 100 and result.exit_code == 1
    assert f"undocs: {failed} queries failed" in result.output


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['{', '}', '[', ']', '"query"', ":", ",", '"\\ud83d"', '"x"',
                                 "5", "true", '"lang"', '"limit"', "null", '"\\\\"']),
                max_size=30))
def test_a_line_parses_or_is_a_query_error(fragments):
    line = "{" + "".join(fragments)
    try:
        query, options = parse_line(line)
    except QueryError:
        return
    assert isinstance(query, str) and isinstance(options, dict)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in query + json.dumps(options,
                                                                          ensure_ascii=False))


@pytest.mark.parametrize("text, message", [
    ("", "undocs: standard input: empty batch (no queries)"),
    ("\n \n\t\n", "undocs: standard input: empty batch (no queries, only 3 blank lines)"),
])
def test_no_queries_is_one_rule_empty_or_blank(index_args, text, message):
    # blank lines used to exit 0 with no output while an empty input exited 2
    result = CliRunner().invoke(cli, ["batch", *index_args], input=text)
    assert result.exit_code == 2
    assert result.output.strip() == message
