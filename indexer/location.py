"""Where things are: the index directory, the bundled corpus, the user's cache."""

from __future__ import annotations

import os
import re
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


# Every name undocs and Whoosh write into an index folder: tables of contents (and their
# temporary files), segment files, Whoosh's writer folder and lock, undocs's run lock and
# checksums. A folder holding anything else is someone's documents, not an index.
# (Compiled where a folder is checked: a search never checks one.)
INDEX_FILE_PATTERN = (
    r"_MAIN_\d+\.toc(\.[\d.]+)?|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+|MAIN\.tmp|MAIN_WRITELOCK"
    r"|UNDOCS_RUN|UNDOCS_SUMS_\d+(\.tmp)?")


def index_folder_problem(index_dir: Path) -> str:
    """Why `index_dir` cannot take an index ("" if it is missing, empty, or holds only
    index files): an index never goes into a folder of documents."""
    try:
        names = sorted(os.listdir(index_dir))
    except FileNotFoundError:
        return ""
    except NotADirectoryError:
        return "not a folder"
    except OSError as err:
        return err.strerror or str(err)
    index_file = re.compile(INDEX_FILE_PATTERN)
    others = [name for name in names if not index_file.fullmatch(name)]
    if not others:
        return ""
    shown = os.fsencode(others[0]).decode("utf-8", "backslashreplace")
    return (f"not an undocs index folder (it holds {shown}"
            + (f" and {len(others) - 1} other entries" if len(others) > 1 else "")
            + "); an index goes into an empty or new folder")
