"""`/api/…`: the CLI's commands over HTTP, answering what `--format json` prints.

Each route reads its parameters with the CLI command's options (`web.params`), calls
the same library function as the command and answers the same `to_dict()` shape;
`format=bibtex|csl-json|ris` exports the hits of search, cite and source. A bad
parameter or query is a 400 with the CLI's one-line message: `{"error": "…"}`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

import click
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from undocs.search.cli.cite import cite_command, show_command
from undocs.search.cli.corpus import count_command, kwic_command
from undocs.search.cli.index import stats_command
from undocs.search.cli.options import user_error
from undocs.search.cli.query import search_command, source_command
from undocs.search.export import EXPORT_FORMATS, EXTENSIONS, MEDIA_TYPES, export
from undocs.web.details import fold_header_filters
from undocs.web.params import ParamError, read_params

API_FORMATS = ("json", *EXPORT_FORMATS)


def _search(searcher, p):
    return searcher.search(" ".join(p["query"]), lang=p["lang"], symbol=p["symbol"],
                           since=p["since"], until=p["until"], limit=p["limit"],
                           page=p["page"], parallel=p["parallel"])


def _cite(searcher, p):
    return searcher.cite(" ".join(p["citation"]), lang=p["lang"], context=p["context"],
                         parallel=p["parallel"])


def _source(searcher, p):
    return searcher.source(" ".join(p["passage"]), lang=p["lang"], limit=p["limit"],
                           parallel=p["parallel"])


def _show(searcher, p):
    return searcher.outline(" ".join(p["symbol"]), lang=p["lang"]).to_dict()


def _kwic(searcher, p):
    from undocs.search.concordance import sort_lines

    term = " ".join(p["term"])
    lines = sort_lines(searcher.kwic(term, lang=p["lang"], symbol=p["symbol"],
                                     width=p["width"]), p["sort"])
    if p["limit"]:
        lines = itertools.islice(lines, p["limit"])
    return {"term": term, "lines": [line.to_dict() for line in lines]}


def _count(searcher, p):
    return searcher.count(" ".join(p["query"]), by=p["by"], lang=p["lang"],
                          symbol=p["symbol"]).to_dict()


def _stats(searcher, p):
    return searcher.stats()


@dataclass(frozen=True)
class Route:
    command: click.Command
    run: Callable
    summary: str
    exports: bool = False  # takes format=bibtex|csl-json|ris


ROUTES = {
    "search": Route(search_command, _search, "Ranked paragraphs for a query.", True),
    "cite": Route(cite_command, _cite, "The paragraph a citation names.", True),
    "source": Route(source_command, _source, "Where a pasted passage comes from.", True),
    "show": Route(show_command, _show, "A document's outline with its anchors."),
    "kwic": Route(kwic_command, _kwic, "Keyword in context, one record per occurrence."),
    "count": Route(count_command, _count, "Matching paragraphs and occurrences per group."),
    "stats": Route(stats_command, _stats, "What the index holds."),
}


def error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def formats_of(route: Route) -> tuple[str, ...]:
    return API_FORMATS if route.exports else ("json",)


def answer(route: Route, searcher, pairs) -> Response:
    """Run one API call: the parameters, the library call, its JSON or export file."""
    pairs = list(pairs)
    fmt = next((value for name, value in reversed(pairs) if name == "format"), "json")
    if fmt not in formats_of(route):
        return error(f"undocs {route.command.name}: format must be one of "
                     f"{', '.join(formats_of(route))}, not {fmt!r}")
    try:
        if route.command is search_command:
            pairs = fold_header_filters(pairs)
        params = read_params(route.command, pairs, skip={"format"})
        result = route.run(searcher, params)
    except ParamError as err:
        return error(str(err))
    except Exception as err:  # the library's user-facing errors are 400s, not crashes
        message = user_error(err)
        if message is None:
            raise
        return error(message)
    if fmt != "json":
        name = f"{route.command.name}.{EXTENSIONS[fmt]}"
        return Response(export(fmt, [hit.to_dict() for hit in result.hits]),
                        media_type=MEDIA_TYPES[fmt] + "; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    record = result if isinstance(result, dict) else result.to_dict()
    return Response(json.dumps(record, ensure_ascii=False), media_type="application/json")


async def api_endpoint(request: Request) -> Response:
    name = request.path_params["name"]
    route = ROUTES.get(name)
    if route is None:
        return error(f"no API route {name!r} (routes: {', '.join(ROUTES)}, openapi.json)", 404)
    return answer(route, request.app.state.searchers.get(), request.query_params.multi_items())
