"""Request parameters read by the CLI's own options.

`/api/search?query=…&limit=5` and the search page take the options of `undocs search`,
checked by the same click types, so a bad value gets the message the command line
prints (`undocs search: Invalid value for '--limit': 0 is not in the range 1<=x<=10000.`)
and the OpenAPI document lists what the command takes.
"""

from __future__ import annotations

import click

# the server's own index and its messages; no --help over HTTP
SERVER_SIDE = {"index_dir", "quiet", "help"}


class ParamError(ValueError):
    """A request parameter the command would refuse; the message names it."""


def _name(param: click.Parameter) -> str:
    """The HTTP name of a CLI parameter: `--limit` → `limit`, QUERY → `query`."""
    if isinstance(param, click.Argument):
        return param.name
    longest = max(param.opts, key=len)
    return longest.lstrip("-")


def http_params(command: click.Command) -> dict[str, click.Parameter]:
    return {_name(p): p for p in command.params if p.name not in SERVER_SIDE}


def read_params(command: click.Command, pairs, *, skip=()) -> dict:
    """The command's parameter values (as its callback gets them) from (name, value)
    pairs; a name given twice (`lang=zh&lang=en`) is joined with commas, as `--lang zh,en`."""
    known = http_params(command)
    given: dict[str, list[str]] = {}
    for name, value in pairs:
        if name in skip:
            continue
        if name not in known:
            raise ParamError(f"undocs {command.name}: unknown parameter {name!r} (known: "
                             f"{', '.join(sorted(set(known) - set(skip)))})")
        given.setdefault(name, []).append(value)
    args, positional = [], []
    for name, values in given.items():
        param = known[name]
        if isinstance(param, click.Argument):
            positional += [" ".join(values)]
        elif getattr(param, "is_flag", False):
            if values[-1].lower() in ("", "1", "true", "yes", "on"):
                args.append(param.opts[0])
        else:
            args += [max(param.opts, key=len), ",".join(v for v in values if v)]
    try:
        ctx = command.make_context(f"undocs {command.name}", args + ["--", *positional])
    except click.UsageError as err:
        message = " ".join(err.format_message().split())
        raise ParamError(f"undocs {command.name}: {message}") from None
    return ctx.params


def openapi_parameters(command: click.Command, *, skip=()) -> list[dict]:
    """The OpenAPI `parameters` of a route that takes `command`'s options."""
    out = []
    for name, param in http_params(command).items():
        if name in skip:
            continue
        schema: dict = {"type": "string"}
        if isinstance(param.type, click.IntRange):
            schema = {"type": "integer"}
            if param.type.min is not None:
                schema["minimum"] = param.type.min
            if param.type.max is not None:
                schema["maximum"] = param.type.max
        elif isinstance(param.type, click.Choice):
            schema = {"type": "string", "enum": list(param.type.choices)}
        elif getattr(param, "is_flag", False):
            schema = {"type": "boolean"}
        if isinstance(param.default, (str, int, float)) and not isinstance(param.default, bool):
            schema["default"] = param.default
        out.append({
            "name": name, "in": "query", "required": bool(param.required),
            "description": " ".join((getattr(param, "help", None) or name).split()),
            "schema": schema,
        })
    return out
