"""The HTTP API: every route answers what its CLI command prints with `--format json`,
and every error is a one-line JSON message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.search.csl_schema import valid_csl_json
from undocs.search.cli import cli
from undocs.web.api import ROUTES

# (route, HTTP parameters, the same call on the command line)
CALLS = [
    ("search", {"query": '"国际合作" 引渡', "limit": "3", "page": "2"},
     ["search", '"国际合作" 引渡', "--limit", "3", "--page", "2"]),
    ("search", {"query": "Article 51", "lang": "en", "parallel": "all"},
     ["search", "Article 51", "--lang", "en", "--parallel", "all"]),
    ("search", {"query": "nations", "symbol": "A/RES/*", "since": "2025", "until": "2025-12"},
     ["search", "nations", "--symbol", "A/RES/*", "--since", "2025", "--until", "2025-12"]),
    ("cite", {"citation": "A/RES/80/9, annex, para. 3", "context": "1"},
     ["cite", "A/RES/80/9, annex, para. 3", "--context", "1"]),
    ("cite", {"citation": "un-charter Article 2, paragraph 4", "lang": "zh,en"},
     ["cite", "un-charter Article 2, paragraph 4", "--lang", "zh,en"]),
    ("source", {"passage": "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"},
     ["source", "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"]),
    ("show", {"symbol": "un-charter", "lang": "fr"}, ["show", "un-charter", "--lang", "fr"]),
    ("count", {"query": "nations", "by": "year"}, ["count", "nations", "--by", "year"]),
    ("stats", {}, ["stats"]),
]


def run_cli(args, index_args):
    return CliRunner().invoke(cli, [*args, *index_args])


def undocs_process(args, index_args):
    """The console script's own process (its one-line usage errors are made in `main`)."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from undocs.web.command import main; "
         "sys.argv = ['undocs', *sys.argv[1:]]; main()", *args, *index_args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("route", "params", "args"), CALLS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)])
def test_routes_answer_what_the_cli_prints(client, index_args, route, params, args):
    response = client.get(f"/api/{route}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    printed = run_cli([*args, "--format", "json"], index_args)
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.output)


def test_kwic_answers_the_cli_lines(client, index_args):
    response = client.get("/api/kwic", params={"term": "right", "lang": "en", "width": "12",
                                               "sort": "right"})
    assert response.status_code == 200
    printed = run_cli(["kwic", "right", "--lang", "en", "--width", "12", "--sort", "right",
                       "--format", "jsonl"], index_args)
    lines = [json.loads(line) for line in printed.output.splitlines()]
    assert response.json() == {"term": "right", "lines": lines}
    assert len(lines) > 10
    first = client.get("/api/kwic", params={"term": "right", "lang": "en", "width": "12",
                                            "sort": "right", "limit": "3"}).json()
    assert first["lines"] == lines[:3]


def test_repeated_parameters_join_like_a_comma_list(client):
    both = client.get("/api/search", params=[("query", "nations"), ("lang", "en"),
                                             ("lang", "fr")]).json()
    joined = client.get("/api/search", params={"query": "nations", "lang": "en,fr"}).json()
    assert both == joined and both["total"] == 276


@pytest.mark.parametrize(("route", "params", "args"), [
    ("search", {"query": "nations", "limit": "0"}, ["search", "nations", "--limit", "0"]),
    ("search", {"query": "nations", "page": "x"}, ["search", "nations", "--page", "x"]),
    ("search", {}, ["search"]),
    ("count", {"query": "nations", "by": "colour"}, ["count", "nations", "--by", "colour"]),
    ("kwic", {"term": "x", "width": "1"}, ["kwic", "x", "--width", "1"]),
])
def test_bad_parameters_get_the_cli_message(client, index_args, route, params, args):
    response = client.get(f"/api/{route}", params=params)
    assert response.status_code == 400
    message = response.json()["error"]
    printed = undocs_process(args, index_args)
    assert printed.returncode == 2
    # the CLI adds where to read more: `(see undocs search --help)`
    assert printed.stderr.startswith(message)
    assert "\n" not in message


@pytest.mark.parametrize(("route", "params", "args"), [
    ("search", {"query": "foo:bar"}, ["search", "foo:bar"]),
    ("search", {"query": '"unclosed'}, ["search", '"unclosed']),
    ("search", {"query": "x", "lang": "klingon"}, ["search", "x", "--lang", "klingon"]),
    ("search", {"query": "x", "since": "2023-02-30"}, ["search", "x", "--since", "2023-02-30"]),
    ("cite", {"citation": "A/RES/80/99 4"}, ["cite", "A/RES/80/99 4"]),
    ("cite", {"citation": "A/RES/80/6 999"}, ["cite", "A/RES/80/6 999"]),
    ("show", {"symbol": "A/RES/1"}, ["show", "A/RES/1"]),
    ("source", {"passage": "  "}, ["source", "  "]),
])
def test_bad_queries_and_citations_get_the_cli_message(client, index_args, route, params,
                                                       args):
    response = client.get(f"/api/{route}", params=params)
    assert response.status_code == 400
    printed = run_cli(args, index_args)
    assert printed.exit_code == 2
    assert printed.output == f"undocs: {response.json()['error']}\n"


@pytest.mark.parametrize(("params", "query"), [
    ({"agenda": "74", "limit": "100"}, "agenda:74"),
    ({"query": "nations", "session": "80", "agenda": "107"}, "(nations) session:80 agenda:107"),
    ({"query": "court OR nations", "session": "80", "agenda": "74"},
     "(court OR nations) session:80 agenda:74"),
])
def test_session_and_agenda_parameters_are_the_query_fields(client, index_args, params, query):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    printed = run_cli(["search", query, "--limit", params.get("limit", "10"),
                       "--format", "json"], index_args)
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.output)
    assert response.json()["total"] > 0
    assert {hit["symbol"] for hit in response.json()["hits"]} <= {"A/RES/80/6", "A/RES/80/9"}


@pytest.mark.parametrize(("params", "query"), [
    ({"query": "nations", "agenda": "x"}, "nations agenda:x"),
    ({"query": "nations", "session": "eightieth"}, "nations session:eightieth"),
])
def test_a_bad_session_or_agenda_gets_the_query_layers_message(client, index_args, params,
                                                               query):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    printed = run_cli(["search", query], index_args)
    assert printed.exit_code == 2
    assert printed.output == f"undocs: {response.json()['error']}\n"


def test_unknown_parameter_route_and_format(client):
    response = client.get("/api/search", params={"query": "x", "index": "/etc"})
    assert response.status_code == 400 and "unknown parameter 'index'" in response.json()["error"]
    response = client.get("/api/search", params={"query": "x", "format": "csv"})
    assert response.status_code == 400 and "format must be one of" in response.json()["error"]
    response = client.get("/api/stats", params={"format": "bibtex"})
    assert response.status_code == 400
    response = client.get("/api/nothing")
    assert response.status_code == 404 and "routes: search" in response.json()["error"]
    response = client.post("/api/search", params={"query": "x"})
    assert response.status_code == 405 and "error" in response.json()


def test_an_internal_error_reaches_the_client_as_one_line(client, monkeypatch):
    from undocs.web import api

    def broken(searcher, params):
        raise RuntimeError("secret detail\n  File \"x.py\", line 1")

    monkeypatch.setitem(api.ROUTES, "stats", api.Route(api.stats_command, broken, "x"))
    response = TestClient(client.app, raise_server_exceptions=False).get("/api/stats")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error: RuntimeError"}
    assert "Traceback" not in response.text and "secret" not in response.text


def test_exports_over_http_are_the_cli_files(client, index_args):
    for fmt in ("bibtex", "csl-json", "ris"):
        response = client.get("/api/cite", params={"citation": "A/RES/80/6 3 (en)",
                                                   "format": fmt})
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        printed = run_cli(["cite", "A/RES/80/6 3 (en)", "--format", fmt], index_args)
        assert response.text == printed.output


@pytest.mark.parametrize(("route", "params"), [
    ("cite", {"citation": "un-charter Article 2, paragraph 4"}),
    ("search", {"query": "nations", "session": "80", "limit": "50"}),
    ("source", {"passage": "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"}),
])
def test_csl_json_over_http_is_valid_against_the_schema(client, route, params):
    response = client.get(f"/api/{route}", params={**params, "format": "csl-json"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    assert valid_csl_json(response.text)


def test_openapi_lists_every_route_and_its_options(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {f"/api/{name}" for name in ROUTES}
    search = document["paths"]["/api/search"]["get"]
    names = {p["name"]: p for p in search["parameters"]}
    assert {"query", "lang", "symbol", "since", "until", "session", "agenda", "limit", "page",
            "parallel", "format"} == set(names)
    assert names["query"]["required"] is True
    assert names["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10000,
                                        "default": 10}
    assert names["format"]["schema"]["enum"] == ["json", "bibtex", "csl-json", "ris"]
    count = {p["name"]: p for p in document["paths"]["/api/count"]["get"]["parameters"]}
    from undocs.search.groupings import GROUPINGS

    assert count["by"]["schema"]["enum"] == list(GROUPINGS)
