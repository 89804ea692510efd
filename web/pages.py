"""The HTML pages: search (with filters, facets and the counts chart), a document with
permalinked paragraphs, the parallel view, and the cite and source boxes.

Every text reaches the page through Jinja2's autoescaping (`web.templates`); marks are
built from escaped pieces (`marked`). Pages read the index only, through the shared
Searcher; URLs name documents by symbol, never by path.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from undocs.analyzers import LANGS
from undocs.search.cli.options import user_error
from undocs.search.cli.query import search_command
from undocs.search.export import short_citation
from undocs.search.facets import facet_counts
from undocs.search.searcher import resolve_langs
from undocs.web.chart import bar_chart
from undocs.web.details import HEADER_FIELDS, fold_header_filters, header_fields
from undocs.web.params import ParamError, read_params

LANG_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
              "ru": "Русский", "es": "Español"}
RTL = {"ar"}
PAGE_SIZES = (10, 20, 50)
SEARCH_FIELDS = ("query", "lang", "symbol", "since", "until", *HEADER_FIELDS, "limit", "page")

templates = Environment(loader=PackageLoader("undocs.web", "templates"),
                        autoescape=select_autoescape(default=True), trim_blocks=True,
                        lstrip_blocks=True)


def doc_url(symbol: str, lang: str, anchor: str | None = None) -> str:
    """`/doc/A/RES/80/6/en?para=3#¶3`: a paragraph in its document."""
    url = f"/doc/{quote(symbol, safe='/()')}/{lang}"
    if anchor:
        url += f"?para={quote(anchor, safe='()')}#{quote('¶' + anchor, safe='()')}"
    return url


def parallel_url(symbol: str, anchor: str | None = None, langs=None,
                 source_lang: str | None = None) -> str:
    """`/parallel/un-charter?para=art2#¶art2`. With `source_lang`, `anchor` is that
    version's: the view answers with a redirect to the row of the same paragraph."""
    query = {}
    if langs:
        query["langs"] = ",".join(langs)
    if anchor:
        query["para"] = anchor
        if source_lang:
            query["from"] = source_lang
    url = f"/parallel/{quote(symbol, safe='/()')}"
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{quote('¶' + anchor, safe='()')}" if anchor and not source_lang else "")


def marked(hit) -> Markup:
    """The hit's snippet as HTML: every piece escaped, matches in `<mark>`."""
    snippet = hit.marks
    if snippet is None:
        return escape(hit.snippet)
    out, last = [], 0
    for start, end in snippet.spans:
        out += [escape(snippet.text[last:start]), Markup("<mark>"),
                escape(snippet.text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(snippet.text[last:]))
    body = Markup("").join(out)
    return (Markup("…") if snippet.cut_before else Markup("")) + body + \
        (Markup("…") if snippet.cut_after else Markup(""))


templates.globals.update(doc_url=doc_url, parallel_url=parallel_url, marked=marked,
                         short_citation=short_citation, LANGS=LANGS, LANG_NAMES=LANG_NAMES,
                         RTL=RTL, PAGE_SIZES=PAGE_SIZES)


def render(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status)


def _message(err: Exception) -> str:
    """The one line a user sees for a refused parameter, query or citation (the CLI's);
    any other exception goes on up (to the application's last guard)."""
    message = str(err) if isinstance(err, ParamError) else user_error(err)
    if message is None:
        raise err
    return message


def _searcher(request: Request):
    return request.app.state.searchers.get()


def _form(request: Request) -> dict:
    """The search form's values as given (for refilling it and building links)."""
    params = request.query_params
    langs = [code for value in params.getlist("lang") for code in value.split(",") if code]
    return {"query": params.get("query", ""), "lang": langs,
            "symbol": params.get("symbol", ""), "since": params.get("since", ""),
            "until": params.get("until", ""),
            **{name: params.get(name, "") for name in HEADER_FIELDS},
            "limit": params.get("limit", "10"),
            "page": params.get("page", "1")}


def search_link(form: dict, **changes) -> str:
    """The search page URL of `form` with some values changed (page reset to 1)."""
    values = {**form, "page": "1", **changes}
    pairs = [(key, value) for key, value in values.items() if key != "lang" and value
             and not (key == "limit" and value == "10") and not (key == "page" and value == "1")]
    pairs[1:1] = [("lang", code) for code in values.get("lang") or []]
    return "/?" + urlencode(pairs)


async def search_page(request: Request) -> Response:
    form = _form(request)
    searcher = _searcher(request)
    context = {"form": form, "link": lambda **changes: search_link(form, **changes),
               "header_fields": header_fields(searcher)}
    if not any(form[name].strip() for name in ("query", *HEADER_FIELDS)):
        return render("search.html", stats=searcher.stats(), **context)
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k in SEARCH_FIELDS]
    unknown = sorted({k for k, _ in request.query_params.multi_items()} - set(SEARCH_FIELDS))
    if unknown:
        return render("search.html", 400, error=f"unknown parameter {unknown[0]!r}", **context)
    try:
        params = read_params(search_command, [(k, v) for k, v in fold_header_filters(pairs)
                                              if v], skip={"format", "parallel"})
        query = " ".join(params["query"])
        filters = {"lang": params["lang"], "symbol": params["symbol"],
                   "since": params["since"], "until": params["until"]}
        result = searcher.search(query, limit=params["limit"], page=params["page"], **filters)
        facets = facet_counts(searcher, query, **filters)
    except Exception as err:
        return render("search.html", 400, error=_message(err), **context)
    pages = max(1, -(-result.total // result.limit))
    charts = [
        bar_chart("Paragraphs by year", facets.groups["year"],
                  lambda year: search_link(form, since=year, until=year)),
        bar_chart("Paragraphs by language", facets.groups["lang"],
                  lambda code: search_link(form, lang=[code])),
    ]
    export_base = urlencode([("query", form["query"]), *[("lang", c) for c in form["lang"]],
                             *[(k, form[k]) for k in ("symbol", "since", "until",
                                                      *HEADER_FIELDS) if form[k]],
                             ("limit", result.limit), ("page", result.page)])
    return render("search.html", result=result, facets=facets, charts=charts, pages=pages,
                  export_base=export_base, **context)


def _split_doc_path(path: str) -> tuple[str, str]:
    symbol, _, lang = path.rstrip("/").rpartition("/")
    return symbol, lang


async def document_page(request: Request) -> Response:
    symbol, lang = _split_doc_path(request.path_params["path"])
    if lang not in LANGS or not symbol:
        return render("error.html", 404, message="a document address is /doc/SYMBOL/LANG "
                      f"with LANG one of {', '.join(LANGS)}")
    try:
        outline = _searcher(request).outline(symbol, lang)
    except Exception as err:
        return render("error.html", 404, message=_message(err))
    cited = request.query_params.get("para", "")
    headings = [e for e in outline.entries if e.kind == "heading"]
    return render("document.html", outline=outline, cited=cited, headings=headings)


async def parallel_page(request: Request) -> Response:
    symbol = request.path_params["symbol"].rstrip("/")
    searcher = _searcher(request)
    try:
        base = searcher.outline(symbol)
        asked = request.query_params.get("langs") or ",".join(base.languages)
        langs = [code for code in resolve_langs(asked) if code in base.languages]
        if not langs:
            raise ParamError(f"{base.symbol} is not indexed in {asked}; it is in "
                             f"{', '.join(base.languages)}")
        base_lang = "en" if "en" in langs else langs[0]
        outline = searcher.outline(symbol, base_lang)
    except Exception as err:
        return render("error.html", 404, message=_message(err))
    cited = request.query_params.get("para", "")
    source = request.query_params.get("from")
    if source and cited:  # a paragraph of another version: go to its row
        found = cited if source == base_lang else \
            searcher.parallel_entry(outline.symbol, source, cited, base_lang)
        row = found if isinstance(found, str) else (found or {}).get("anchor")
        shown = langs if request.query_params.get("langs") else None
        return RedirectResponse(parallel_url(outline.symbol, row, shown), status_code=303)
    rows = []
    for entry in outline.entries:
        cells = []
        for code in langs:
            if code == base_lang:
                cells.append((code, entry.anchor, entry.text, entry.kind))
                continue
            other = searcher.parallel_entry(outline.symbol, base_lang, entry.anchor, code)
            cells.append((code, other["anchor"], other["text"], other["kind"]) if other
                         else (code, "", "", ""))
        rows.append((entry, cells))
    toggles = []  # (language, shown, the view with it switched)
    for code in base.languages:
        switched = [c for c in langs if c != code] if code in langs else \
            [c for c in base.languages if c in langs or c == code]
        toggles.append((code, code in langs,
                        parallel_url(outline.symbol, cited or None, switched or [code])))
    return render("parallel.html", outline=outline, langs=langs, rows=rows,
                  toggles=toggles, cited=cited)


async def cite_box(request: Request) -> Response:
    """A pasted citation → its paragraph (one language) or the parallel view (several)."""
    text = request.query_params.get("citation", "").strip()
    form = _form(request)
    context = {"form": form, "link": lambda **changes: search_link(form, **changes)}
    if not text:
        return render("search.html", 400, cite_error="paste a citation, e.g. "
                      "A/RES/80/9, annex, para. 3", cite_text=text, **context)
    try:
        result = _searcher(request).cite(text)
    except Exception as err:
        return render("search.html", 400, cite_error=_message(err), cite_text=text, **context)
    if len(result.hits) == 1:
        hit = result.hits[0]
        return RedirectResponse(doc_url(hit.symbol, hit.lang, hit.anchor), status_code=303)
    base = next((hit for hit in result.hits if hit.lang == "en"), result.hits[0])
    return RedirectResponse(parallel_url(base.symbol, base.anchor), status_code=303)


SOURCE_LANDS = 0.5  # a candidate this similar is the passage's paragraph: go there


async def source_box(request: Request) -> Response:
    """A pasted passage → the paragraph it comes from, or the candidates."""
    text = request.query_params.get("passage", "")
    form = _form(request)
    context = {"form": form, "link": lambda **changes: search_link(form, **changes)}
    try:
        result = _searcher(request).source(text)
    except Exception as err:
        return render("search.html", 400, source_error=_message(err), source_text=text, **context)
    if result.hits and result.hits[0].similarity >= SOURCE_LANDS:
        hit = result.hits[0]
        return RedirectResponse(doc_url(hit.symbol, hit.lang, hit.anchor), status_code=303)
    return render("search.html", candidates=result, source_text=text, **context)


def static_dir() -> Path:
    return Path(__file__).resolve().parent / "static"
