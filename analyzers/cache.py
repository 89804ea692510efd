"""The per-user cache directory (jieba's dictionary cache, Unicode folding tables)."""

from __future__ import annotations

import os
import tempfile


def cache_dir() -> str:
    """``$XDG_CACHE_HOME/undocs`` or ``~/.cache/undocs``, created if missing (a private
    folder in the temp dir if the home cannot be written)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "undocs")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        path = os.path.join(tempfile.gettempdir(), f"undocs-{os.getuid()}")
        os.makedirs(path, mode=0o700, exist_ok=True)
    return path
