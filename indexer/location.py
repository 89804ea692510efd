"""Where things are: the index directory, the bundled corpus, the user's cache."""

from __future__ import annotations

import os
from pathlib import Path


def default_index_dir() -> Path:
    """`$UNDOCS_INDEX`, else the per-user data directory."""
    env = os.environ.get("UNDOCS_INDEX")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "undocs" / "index"


def bundled_corpus_dir() -> Path:
    """The corpus shipped inside the distribution (a checkout's `corpus/` or the
    installed `corpus` package: both are the same folder of the package)."""
    from undocs import corpus

    return Path(corpus.__file__).resolve().parent


def index_exists(index_dir: Path) -> bool:
    """Whether `index_dir` holds a Whoosh index (of any schema, usable or not): its
    table of contents, `_MAIN_<generation>.toc`, found without reading it."""
    return Path(index_dir).is_dir() and any(Path(index_dir).glob("_MAIN_*.toc"))
