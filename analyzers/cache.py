"""The per-user cache directory (jieba's dictionary cache, Unicode folding tables).

The caches hold pickles that are loaded back, so a cache folder must be this user's
alone: in the shared temp dir anyone can create `undocs-<uid>` first (and fill it), so
a folder there is used only if this user owns it and no one else may write to it;
otherwise a fresh private folder is made.
"""

from __future__ import annotations

import os
import stat

_FRESH: list[str] = []  # a private folder made for this process (a cache, not state)


def cache_dir() -> str:
    """``$XDG_CACHE_HOME/undocs`` or ``~/.cache/undocs``, created if missing (a private
    folder in the temp dir if the home cannot be written)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "undocs")
    try:
        os.makedirs(path, exist_ok=True)
        return path
    except OSError:
        return _private_temp_dir()


def _private_temp_dir() -> str:
    import tempfile  # here: the fallback only (a command that loads no index spares it)

    path = os.path.join(tempfile.gettempdir(), f"undocs-{os.getuid()}")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return _fresh()
    return path if _is_private(path) else _fresh()


def _is_private(path: str) -> bool:
    """Whether `path` is a real folder (not a link) of this user, writable by no other."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _fresh() -> str:
    if not _FRESH:
        import tempfile

        _FRESH.append(tempfile.mkdtemp(prefix=f"undocs-{os.getuid()}-"))
    return _FRESH[0]
