"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright's Python
package pointed at it (no browser is ever downloaded). Skipped, saying so, where the
`chromium` package is not installed.

With UNDOCS_SCREENSHOTS=DIR (`make screenshots`) the tests also save the README's
pictures of the search page and the parallel view there.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless browser tests need Debian's `chromium` package "
    "(apt-get install -y chromium)")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
PASSAGE = "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"


@pytest.fixture(scope="module")
def server(full_index):
    """`undocs serve` on a free loopback port, in a thread of this process."""
    import uvicorn

    from undocs.web.app import create_app
    from undocs.web.server import bind

    sock = bind("127.0.0.1", 0)
    app = create_app(full_index[0])
    running = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    running.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("UNDOCS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def search_for(page, query: str) -> int:
    page.fill("#query", query)
    page.press("#query", "Enter")
    page.wait_for_selector("h2.total")
    return int(page.get_attribute("h2.total", "data-total"))


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """element => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight; }""")


def test_chinese_and_traditional_queries_show_hits_and_marks(page):
    page.goto("/")
    assert search_for(page, '"安全理事会" OR "Security Council"') == 163
    screenshot(page, "search-page.png")
    assert search_for(page, "国际合作") == 46
    marks = page.locator(".hit mark").all_inner_texts()
    assert marks and set(marks) == {"国际合作"}
    assert search_for(page, "國際合作") == 46
    assert set(page.locator(".hit mark").all_inner_texts()) == {"国际合作"}


def test_open_a_hit_and_the_parallel_view_of_article_2(page):
    page.goto("/?query=" + "国际合作")
    first = page.locator(".hit a.citation").first
    anchor = first.inner_text().split("¶")[1].split(" ")[0]
    first.click()
    page.wait_for_url("**/doc/un-ctoc-cop-wg3-2023-report/zh**")
    cited = page.locator(".entry.cited")
    assert cited.get_attribute("id") == f"¶{anchor}"
    assert in_view(page, ".entry.cited")
    # the citation box, without a language: the six versions side by side
    page.goto("/")
    page.fill("#citation", "un-charter Article 2")
    page.press("#citation", "Enter")
    page.wait_for_url("**/parallel/un-charter**")
    assert page.locator("[role=columnheader]").evaluate_all(
        "cells => cells.map(c => c.lang)") == ["ar", "zh", "en", "fr", "ru", "es"]
    row = page.locator("div.row.cited")
    assert unquote(row.get_attribute("id")) == "¶art2"
    assert in_view(page, "div.row.cited")
    directions = row.locator("[role=cell]").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).direction)")
    assert directions == ["rtl", "ltr", "ltr", "ltr", "ltr", "ltr"]
    assert "为求实现第一条所述各宗旨起见" in row.locator("[lang=zh]").inner_text()
    page.evaluate("window.scrollBy(0, -60)")
    screenshot(page, "parallel-view.png")


def test_copy_a_citation(page):
    page.goto("/?query=trafficking&symbol=A/RES/80/9")
    button = page.locator(".hit button.copy").first
    assert button.is_visible()  # the script shows what it can do
    wanted = button.get_attribute("data-copy")
    assert wanted.startswith("A/RES/80/9, ")
    button.click()
    page.wait_for_function("() => document.querySelector('.hit button.copy')"
                           ".textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == wanted


def test_paste_a_citation_and_a_passage(page):
    page.goto("/")
    page.fill("#citation", "A/RES/80/9, annex, para. 3 (en)")
    page.click("text=Go to paragraph")
    page.wait_for_url("**/doc/A/RES/80/9/en**")
    assert unquote(urlsplit(page.url).fragment) == "¶annex.3"
    assert "We also welcome the actions" in page.locator(".entry.cited").inner_text()
    page.goto("/")
    page.fill("#passage", PASSAGE)
    page.click("text=Find its paragraph")
    page.wait_for_url("**/doc/un-ctoc-cop-wg3-2023-report/zh**")
    assert page.locator(".entry.cited").get_attribute("id") == "¶41"
    page.goto("/")
    page.fill("#citation", "A/RES/80/99 4")
    page.press("#citation", "Enter")
    assert "did you mean A/RES/80/9, A/RES/80/6?" in page.locator(".box .error").inner_text()


def test_the_session_field_filters_the_results(page):
    page.goto("/")
    everything = search_for(page, "nations")
    page.fill("input[name=session]", "80")
    assert search_for(page, "nations") == 45 < everything
    assert "session=80" in page.url
    assert page.input_value("input[name=session]") == "80"
    cited = page.locator(".hit a.citation").all_inner_texts()
    assert cited and all(text.startswith(("A/RES/80/6 ", "A/RES/80/9 ")) for text in cited)


def test_page_through_results(page):
    page.goto("/?query=国际合作")
    first_page = page.locator(".hit a.citation").all_inner_texts()
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert page.get_attribute("ol.hits", "start") == "11"
    second_page = page.locator(".hit a.citation").all_inner_texts()
    assert len(second_page) == 10 and not set(first_page) & set(second_page)
    page.click("a[rel=prev]")
    assert page.locator(".hit a.citation").all_inner_texts() == first_page


def test_keyboard_only_use_of_the_search_form(page):
    page.goto("/")
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "query"
    page.keyboard.type("nations")
    for _ in range(4):  # Search, then the chips: العربية, 中文, English
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "en"
    page.keyboard.press("Space")
    page.keyboard.press("/")  # back to the query box, and submit
    page.keyboard.press("Enter")
    page.wait_for_url("**lang=en**")
    assert int(page.get_attribute("h2.total", "data-total")) == 216
    page.keyboard.press("Escape")  # out of the (autofocused) query box
    page.keyboard.press("j")  # the first hit, then open it
    assert page.evaluate("document.activeElement.className") == "citation"
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/**")
    assert page.locator(".entry.cited").count() == 1
