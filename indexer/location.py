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
    import corpus

    return Path(corpus.__file__).resolve().parent


def index_exists(index_dir: Path) -> bool:
    """Whether `index_dir` holds a Whoosh index (of any schema)."""
    from whoosh import index as whoosh_index

    return Path(index_dir).is_dir() and whoosh_index.exists_in(str(index_dir))
