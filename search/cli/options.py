"""Options several commands share."""

from __future__ import annotations

from pathlib import Path

import click

from indexer.location import default_index_dir


def index_option(func):
    """`--index DIR`: the index location (default: $UNDOCS_INDEX, else per-user data)."""
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, help="Index directory [default: $UNDOCS_INDEX, else a per-user "
        "data directory].",
    )(func)


def resolve_index(index_dir: Path | None) -> Path:
    return index_dir if index_dir is not None else default_index_dir()
