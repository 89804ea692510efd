"""The Starlette application of `undocs serve`.

Endpoints are `async` and call the Searcher directly, so requests run one at a time on
the event loop: Whoosh readers are not meant to be shared between threads, and a query
takes milliseconds. Every response carries a strict Content-Security-Policy (scripts and
styles from /static only), so hostile document text could not run even if it escaped.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from undocs.web import pages
from undocs.web.api import api_endpoint, error
from undocs.web.openapi import openapi_document
from undocs.web.state import SharedSearcher

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def openapi(request: Request) -> Response:
    return Response(json.dumps(openapi_document(), ensure_ascii=False),
                    media_type="application/json")


async def robots(request: Request) -> Response:
    return PlainTextResponse("User-agent: *\nDisallow: /\n")


async def not_found(request: Request, exc) -> Response:
    if request.url.path.startswith("/api/"):
        return error(f"no such route {request.url.path!r}", 404)
    return pages.render("error.html", 404, message=f"no page at {request.url.path}")


async def method_not_allowed(request: Request, exc) -> Response:
    return error("only GET is served (the index is read-only)", 405)


async def internal_error(request: Request, exc: Exception) -> Response:
    """The last guard: a one-line message, never a traceback (the server's log has it)."""
    message = f"internal error: {type(exc).__name__}"
    if request.url.path.startswith("/api/"):
        return error(message, 500)
    return pages.render("error.html", 500, message=message)


def create_app(index_dir: Path, *, check_every: float = 1.0,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The application over the index at `index_dir` (opened once, read-only).
    `allowed_hosts`: the only `Host` headers answered (None: any)."""
    routes = [
        Route("/", pages.search_page),
        Route("/doc/{path:path}", pages.document_page),
        Route("/parallel/{symbol:path}", pages.parallel_page),
        Route("/cite", pages.cite_box),
        Route("/source", pages.source_box),
        Route("/api/openapi.json", openapi),
        Route("/api/{name}", api_endpoint),
        Route("/robots.txt", robots),
        Mount("/static", StaticFiles(directory=pages.static_dir()), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(ServerTiming)]
    if allowed_hosts is not None:
        middleware.insert(1, Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts,
                                        www_redirect=False))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: not_found, 405: method_not_allowed,
                                        Exception: internal_error})
    app.state.searchers = SharedSearcher(index_dir, check_every=check_every)
    return app


class ServerTiming:
    """ASGI middleware: `Server-Timing: app;dur=MS`, the time spent answering (what
    `benchmarks/web.py` reports as server-side latency)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()

        async def timed(message):
            if message["type"] == "http.response.start":
                spent = (time.perf_counter() - start) * 1000
                MutableHeaders(scope=message).append("Server-Timing", f"app;dur={spent:.2f}")
            await send(message)

        await self.app(scope, receive, timed)


class SecurityHeaders:
    """ASGI middleware: `SECURITY_HEADERS` on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
