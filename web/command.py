"""The `undocs` console script: the search CLI plus `serve`.

`undocs.search.cli` knows nothing of the web layer (imports flow one way); this module
adds `serve` to its click group and runs it. Starlette, Jinja2 and uvicorn are imported
only when `serve` runs, so every other command starts as fast as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from undocs.search.cli import cli
from undocs.search.cli import main as search_main
from undocs.search.cli.options import index_option, open_searcher, reports_errors


@click.command("serve", short_help="The search page and HTTP API on this machine.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another than localhost shares the index).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--quiet", is_flag=True, help="No request log.")
@index_option
@reports_errors
def serve_command(host: str, port: int, open_browser: bool, quiet: bool,
                  index_dir: Path | None) -> None:
    """Serve the search page, document and parallel views and the /api/ routes on
    http://HOST:PORT/ until Ctrl-C. The index is only read; a newer commit of it (an
    `undocs index` run meanwhile) is picked up without a restart."""
    with open_searcher(index_dir) as searcher:  # builds the default index if none yet
        location = searcher.index_dir
    from undocs.web.server import serve

    sys.exit(serve(location, host=host, port=port, open_browser=open_browser, quiet=quiet))


def main() -> None:
    """Console entry point (`undocs`): the search CLI's guards, with `serve` added."""
    if "serve" not in cli.commands:
        cli.add_command(serve_command)
    search_main()
