"""The OpenAPI document of `/api/`, made from the CLI commands' own options, so that it
lists exactly what each route takes."""

from __future__ import annotations

from importlib.metadata import version

from undocs.web.api import ROUTES, formats_of
from undocs.web.details import openapi_header_parameters
from undocs.web.params import openapi_parameters

_ERROR = {"description": "A bad parameter, query or citation: the CLI's one-line message.",
          "content": {"application/json": {"schema": {
              "type": "object", "required": ["error"],
              "properties": {"error": {"type": "string"}}}}}}


def openapi_document() -> dict:
    paths = {}
    for name, route in ROUTES.items():
        parameters = openapi_parameters(route.command, skip={"format"})
        if name == "search":
            parameters += openapi_header_parameters()
        formats = formats_of(route)
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "json (what `--format json` prints), or a "
                           "citation export of the hits" if len(formats) > 1 else "json",
                           "schema": {"type": "string", "enum": list(formats),
                                      "default": "json"}})
        content = {"application/json": {"schema": {"type": "object"}}}
        if len(formats) > 1:
            content.update({"application/x-bibtex": {"schema": {"type": "string"}},
                            "application/vnd.citationstyles.csl+json":
                                {"schema": {"type": "array"}},
                            "application/x-research-info-systems":
                                {"schema": {"type": "string"}}})
        paths[f"/api/{name}"] = {"get": {
            "operationId": name, "summary": route.summary,
            "description": " ".join((route.command.help or "").split()),
            "parameters": parameters,
            "responses": {"200": {"description": f"As `undocs {name} --format json` "
                                  "prints it (see the README).", "content": content},
                          "400": _ERROR},
        }}
    return {"openapi": "3.1.0",
            "info": {"title": "undocs", "version": version("undocs"),
                     "description": "Paragraph-level search over UN documents: the "
                     "`undocs` commands over HTTP, answering their `--format json`."},
            "paths": paths}
