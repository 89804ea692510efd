"""The HTML pages through Starlette's test client: what a reader sees without a browser
(every page works without JavaScript), the chart against `undocs count`, escaping,
and what URLs may reach."""

from __future__ import annotations

import json
import shutil
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import CORPUS
from tests.search.csl_schema import valid_csl_json
from tests.web.html import parse_html
from undocs.search.cli import cli
from undocs.web.app import create_app


def page(client, url, status=200, **params):
    response = client.get(url, params=params or None, follow_redirects=False)
    assert response.status_code == status, response.text[:500]
    return parse_html(response.text)


def total_of(html) -> int:
    return int(html.find_all("h2", class_="total")[0].attrs["data-total"])


def count_json(index_args, query, by):
    result = CliRunner().invoke(cli, ["count", query, "--by", by, "--format", "json",
                                      *index_args])
    assert result.exit_code == 0, result.output
    return [(g["group"], g["paragraphs"]) for g in json.loads(result.output)["groups"]]


def bars(html, number):
    chart = html.find_all("figure", class_="chart")[number]
    return [(bar.attrs["data-label"], int(bar.attrs["data-count"]))
            for bar in chart.find_all(class_="bar")]


def test_a_chinese_query_shows_hits_with_marks(client, searcher):
    html = page(client, "/", query="国际合作")
    hits = html.find_all("li", class_="hit")
    assert len(hits) == 10
    assert total_of(html) == searcher.search("国际合作").total == 46
    marks = [mark.text for hit in hits for mark in hit.find_all("mark")]
    assert marks and set(marks) == {"国际合作"}
    assert all(hit.attrs["lang"] == "zh" for hit in hits)
    first = hits[0]
    citation = first.find_all("a", class_="citation")[0].text
    assert citation.startswith("un-ctoc-cop-wg3-2023-report ¶")
    # one click copies the short form: a button carries it (shown by the script)
    button = first.find_all("button", class_="copy")[0]
    assert button.attrs["data-copy"].startswith("un-ctoc-cop-wg3-2023-report, para. ")
    assert "hidden" in button.attrs


def test_a_traditional_query_finds_the_simplified_text(client):
    simplified = page(client, "/", query="国际合作")
    traditional = page(client, "/", query="國際合作")
    assert total_of(traditional) == total_of(simplified)
    assert {m.text for m in traditional.find_all("mark")} == {"国际合作"}


@pytest.mark.parametrize("query", ["nations", '"安全理事会" OR "Security Council"', "引渡"])
def test_the_chart_bars_are_the_counts_by_year_and_language(client, index_args, query):
    html = page(client, "/", query=query)
    assert bars(html, 0) == count_json(index_args, query, "year")
    assert bars(html, 1) == count_json(index_args, query, "lang")
    for by in ("lang", "body", "year"):
        facet = html.find_all("section", class_="facet", **{"data-facet": by})[0]
        listed = [(li.attrs["data-group"], int(li.attrs["data-count"]))
                  for li in facet.find_all("li")]
        assert sorted(listed) == sorted(count_json(index_args, query, by))
    assert sum(count for _, count in bars(html, 1)) == total_of(html)


def test_each_bar_links_to_its_results(client):
    html = page(client, "/", query="nations")
    links = [a for chart in html.find_all("figure", class_="chart")
             for a in chart.find_all("a", class_="bar")]
    assert len(links) >= 3  # 2025, en, fr (undated has no link)
    for link in links:
        filtered = page(client, link.attrs["href"])
        assert total_of(filtered) == int(link.attrs["data-count"]), link.attrs["href"]


def test_filters_match_the_api(client):
    cases = [
        [("query", "nations"), ("lang", "en"), ("lang", "fr")],
        [("query", "nations"), ("symbol", "A/RES/*")],
        [("query", "human rights"), ("since", "2025"), ("until", "2025-12")],
    ]
    for params in cases:
        html = parse_html(client.get("/", params=params).text)
        assert total_of(html) == client.get("/api/search", params=params).json()["total"]
    chips = page(client, "/", query="x").find_all("input", name="lang", checked=True)
    assert chips == []
    chips = parse_html(client.get("/", params=[("query", "x"), ("lang", "zh")]).text)
    assert [c.attrs["value"] for c in chips.find_all("input", name="lang", checked=True)] == \
        ["zh"]


def test_agenda_filter_finds_what_the_agenda_query_finds(client, index_args):
    printed = CliRunner().invoke(cli, ["search", "agenda:74", "--limit", "100", "--format",
                                       "json", *index_args])
    expected = json.loads(printed.output)
    html = page(client, "/", agenda="74", limit="50")
    assert total_of(html) == expected["total"] == 59
    shown = [a.text for a in html.find_all("a", class_="citation")]
    assert shown == [hit["citation"] for hit in expected["hits"][:50]]
    assert html.find_all("input", name="agenda")[0].attrs["value"] == "74"
    following = html.find_all("a", rel="next")[0].attrs["href"]
    assert "agenda=74" in following and total_of(page(client, following)) == 59


def test_session_filter_is_kept_by_facets_paging_and_exports(client):
    params = {"query": "nations", "session": "80"}
    html = page(client, "/", **params)
    total = total_of(html)
    assert total == client.get("/api/search", params=params).json()["total"]
    assert 0 < total < total_of(page(client, "/", query="nations"))
    links = [a.attrs["href"] for a in html.find_all("a")
             if a.attrs.get("href", "").startswith(("/?", "/api/search?"))]
    assert links and all("session=80" in link for link in links)
    for facet in html.find_all("section", class_="facet"):
        for item in facet.find_all("li"):
            for link in item.find_all("a"):
                assert total_of(page(client, link.attrs["href"])) == int(item.attrs["data-count"])
    exported = [a.attrs["href"] for a in html.find_all("p", class_="export")[0].find_all("a")]
    assert len(valid_csl_json(client.get(exported[2]).text)) == min(total, 10)


@pytest.mark.parametrize("params", [{"query": "国际合作", "page": "2"},
                                    {"query": "Article 2", "symbol": "un-charter"},
                                    {"query": "trafficking", "agenda": "107"}])
def test_every_csl_json_link_of_the_page_is_valid_against_the_schema(client, params):
    html = page(client, "/", **params)
    links = [a.attrs["href"] for a in html.find_all("a") if "format=csl-json" in
             a.attrs.get("href", "")]
    assert len(links) == 1 + len(html.find_all("li", class_="hit"))  # the page's, each hit's
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert valid_csl_json(response.text), link


def test_session_and_agenda_inputs_only_where_the_index_has_them(client, hostile_client):
    html = page(client, "/")
    assert [i.attrs["name"] for i in html.find_all("input") if i.attrs.get("name") in
            ("session", "agenda")] == ["session", "agenda"]
    html = page(hostile_client, "/")
    assert html.find_all("input", name="session") == html.find_all("input", name="agenda") == []


def test_a_bad_agenda_is_one_line_on_the_page(client):
    html = page(client, "/", 400, query="nations", agenda='<b>"7')
    api = client.get("/api/search", params={"query": "nations", "agenda": '<b>"7'}).json()
    assert api["error"].startswith("query error: bad agenda")
    assert [e.text for e in html.find_all(class_="error")] == [api["error"]]
    assert html.find_all("input", name="agenda")[0].attrs["value"] == '<b>"7'


def test_paging_goes_through_every_hit_once(client, searcher):
    total = searcher.search("国际合作").total
    seen, url, pages = [], "/?query=国际合作&limit=20", 0
    while url:
        html = page(client, url)
        pages += 1
        ol = html.find_all("ol", class_="hits")[0]
        assert int(ol.attrs["start"]) == len(seen) + 1
        seen += [a.text for a in html.find_all("a", class_="citation")]
        following = html.find_all("a", rel="next")
        url = following[0].attrs["href"] if following else None
    assert pages == 3 and len(seen) == total == len(set(seen))


def test_a_bad_query_or_parameter_is_one_line_on_the_page(client):
    html = page(client, "/", 400, query="foo:bar")
    api = client.get("/api/search", params={"query": "foo:bar"}).json()["error"]
    assert api.startswith("query error: unknown field 'foo:' in 'foo:bar' (known: lang:")
    assert [e.text for e in html.find_all(class_="error")] == [api]
    html = page(client, "/", 400, query="x", limit="0")
    assert "Invalid value for '--limit'" in html.find_all(class_="error")[0].text
    page(client, "/", 400, query="x", nonsense="1")


def test_the_document_page_has_a_permalink_on_every_paragraph(client, searcher):
    html = page(client, "/doc/A/RES/80/9/en", para="annex.3")
    entries = html.find_all(class_="entry")
    outline = searcher.outline("A/RES/80/9", "en")
    assert [e.attrs["id"] for e in entries] == [f"¶{e.anchor}" for e in outline.entries]
    for entry in entries:
        link = entry.find_all("a", class_="anchor")[0]
        assert link.attrs["href"] == "#" + entry.attrs["id"]
        assert entry.attrs["lang"] == "en"
    cited = [e for e in entries if "cited" in e.classes()]
    assert [e.attrs["id"] for e in cited] == ["¶annex.3"]
    assert "We also welcome the actions" in cited[0].text
    assert cited[0].find_all("button", class_="copy")[0].attrs["data-copy"] == \
        "A/RES/80/9, annex, para. 3"


def test_the_parallel_view_aligns_six_languages_by_anchor(client):
    html = page(client, "/parallel/un-charter", para="art2")
    heads = html.find_all(role="columnheader")
    assert [h.attrs["lang"] for h in heads] == ["ar", "zh", "en", "fr", "ru", "es"]
    rows = html.find_all("div", role="row")[1:]
    for row in rows:
        cells = row.find_all(role="cell")
        assert [c.attrs["lang"] for c in cells] == ["ar", "zh", "en", "fr", "ru", "es"]
        assert [c.attrs["dir"] for c in cells] == ["rtl"] + ["ltr"] * 5
    article = html.find_all("div", id="¶art2")[0]
    assert "cited" in article.classes()
    texts = [" ".join(c.text.split()) for c in article.find_all(role="cell")]
    # the article's lead-in, which every version anchors `art2`
    assert all(text.startswith("¶art2 ") for text in texts)
    assert "为求实现第一条所述各宗旨起见" in texts[1] and "in pursuit of the Purposes" in texts[2]
    two = page(client, "/parallel/un-charter", langs="zh,fr")
    assert [h.attrs["lang"] for h in two.find_all(role="columnheader")] == ["zh", "fr"]


def test_the_cite_box_lands_on_the_paragraph(client):
    response = client.get("/cite", params={"citation": "A/RES/80/9, annex, para. 3 (en)"},
                          follow_redirects=False)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/doc/A/RES/80/9/en" and unquote(target.fragment) == "¶annex.3"
    # no language: every version side by side
    response = client.get("/cite", params={"citation": "un-charter Article 2, paragraph 4"},
                          follow_redirects=False)
    target = urlsplit(response.headers["location"])
    assert target.path == "/parallel/un-charter" and unquote(target.fragment) == "¶art2(4)"
    html = page(client, "/cite", 400, citation="A/RES/80/99 4")
    assert html.find_all(class_="error")[0].text == (
        "unknown document 'A/RES/80/99' in citation 'A/RES/80/99 4'; "
        "did you mean A/RES/80/9, A/RES/80/6?")
    assert html.find_all("input", id="citation")[0].attrs["value"] == "A/RES/80/99 4"


def test_the_source_box_lands_on_the_paragraph(client):
    response = client.get("/source", params={
        "passage": "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"},
        follow_redirects=False)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/doc/un-ctoc-cop-wg3-2023-report/zh"
    assert unquote(target.fragment) == "¶41"
    html = page(client, "/source", 400, passage=" ")
    assert html.find_all(class_="error")[0].text == "query error: empty passage"


def test_hostile_document_text_and_queries_come_back_inert(hostile_client):
    pages = [hostile_client.get("/", params={"query": "paragraph OR link"}),
             hostile_client.get("/doc/X/HOSTILE/1/en", params={"para": "1"}),
             hostile_client.get("/parallel/X/HOSTILE/1"),
             hostile_client.get("/", params={"query": '<script>alert(5)</script>" onerror="'}),
             hostile_client.get("/cite", params={"citation": "<img src=x onerror=alert(6)>"}),
             hostile_client.get("/doc/<script>/en")]
    for response in pages:
        html = parse_html(response.text)
        assert [s.attrs.get("src") for s in html.find_all("script")] == ["/static/page.js"]
        assert html.find_all("img") == []
        assert not [a for a in html.find_all("a")
                    if a.attrs.get("href", "").strip().lower().startswith("javascript:")]
        assert not [e for e in html.find_all() if any(k.startswith("on") for k in e.attrs)]
        assert "<script>alert" not in response.text and "<img" not in response.text
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
    text = pages[0].text
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in text
    assert "&lt;a href=&#34;javascript:alert(4)&#34;&gt;" in text
    assert parse_html(pages[1].text).find_all("h1")[0].text == \
        '<script>alert("title")</script> Hostile'
    api = hostile_client.get("/api/search", params={"query": "paragraph"})
    assert api.headers["content-type"] == "application/json"  # never sniffed as HTML


@pytest.mark.parametrize("url", [
    "/doc/../../etc/passwd/en", "/doc/%2e%2e/%2e%2e/etc/passwd/en",
    "/doc/..%2f..%2fpyproject.toml/en", "/static/../pyproject.toml",
    "/static/%2e%2e/pyproject.toml", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/parallel/../../etc/passwd", "/doc/un-charter/../../../etc", "/doc/un-charter/xx",
])
def test_no_url_reads_outside_the_index(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "root:" not in response.text and "[project]" not in response.text


def test_the_server_never_writes_to_the_index(full_index, client):
    index_dir = full_index[0]

    def state():
        return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                      for p in index_dir.iterdir())

    before = state()
    for url in ["/?query=nations", "/doc/un-charter/en", "/parallel/un-charter",
                "/api/stats", "/cite?citation=A/RES/80/6 3", "/api/kwic?term=right"]:
        client.get(url)
    assert state() == before


def test_a_newer_index_commit_is_picked_up_without_a_restart(tmp_path, small_corpus):
    from undocs.indexer.build import update_index

    index_dir = tmp_path / "index"
    update_index(index_dir, [small_corpus], jobs=1)
    with TestClient(create_app(index_dir, check_every=0)) as client:
        search = {"query": "tabaco", "lang": "es"}
        assert client.get("/api/search", params=search).json()["total"] == 0
        shutil.copy(CORPUS / "sdg-indicators.es.md", small_corpus / "sdg-indicators.es.md")
        update_index(index_dir, [small_corpus], jobs=1)
        assert client.get("/api/search", params=search).json()["total"] > 0
        assert client.get("/doc/sdg-indicators/es").status_code == 200


def test_pages_work_without_javascript(client):
    html = page(client, "/", query="nations")
    for form in html.find_all("form"):
        assert form.attrs.get("method") == "get" and form.attrs.get("action")
    assert all("hidden" in b.attrs for b in html.find_all("button", class_="copy"))
    assert client.get("/static/page.js").status_code == 200
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_an_internal_error_is_one_line_on_the_page(client, monkeypatch):
    from undocs.web import pages

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pages, "facet_counts", broken)
    response = TestClient(client.app, raise_server_exceptions=False).get("/?query=nations")
    assert response.status_code == 500
    assert parse_html(response.text).find_all(class_="error")[0].text == \
        "internal error: RuntimeError"
    assert "secret" not in response.text and "Traceback" not in response.text


def test_a_hits_parallel_link_lands_on_its_row(client):
    """A Chinese hit of the Charter (numbered `art2(4)` in Chinese only) opens the
    parallel view at the row of the same paragraph."""
    html = page(client, "/", query="领土完整", lang="zh", symbol="un-charter")
    hit = html.find_all("li", class_="hit")[0]
    assert hit.find_all("a", class_="citation")[0].text == "un-charter ¶art2(4) (zh)"
    link = hit.find_all("a", class_="to-parallel")[0].attrs["href"]
    response = client.get(link, follow_redirects=False)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    row_id = unquote(target.fragment)
    view = page(client, response.headers["location"])
    row = view.find_all("div", id=row_id)[0]
    assert "cited" in row.classes()
    zh = [c for c in row.find_all(role="cell") if c.attrs["lang"] == "zh"][0]
    assert " ".join(zh.text.split()).startswith("¶art2(4) 四、各会员国")
