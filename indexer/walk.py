"""Walking an indexed folder: every file it holds, and every entry it cannot take, named.

One bad entry must never stop a run or vanish in silence, so each is handed back with
the reason it is skipped, and the caller refuses it by name:
- names that are not UTF-8 (the index stores names as text), shown escaped (`bad\\xff.md`);
- folders that cannot be read;
- FIFOs, sockets and devices (opening a FIFO for reading would block the run);
- symbolic links that dangle, loop, or point outside the folder being indexed.

The rule for links: inside an indexed folder a link to a file is followed only if its
target lies inside that folder too (so indexing a folder never reads what lies beyond
it, such as a link to `/etc/hostname`); links to folders are not descended into (a
target inside is walked anyway, one outside is named). A path named on the command
line is always taken, wherever a link in it points.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Entry:
    """A file met in a folder: `path` (resolved if it was a link), the name to show
    (relative to the folder, escaped), and why it cannot be indexed, if so."""

    path: Path
    shown: str
    problem: str = ""
    folder: bool = False  # a folder-level problem: named whatever its file name is


def shown_name(path: Path | str) -> str:
    """`path` as text a terminal can print: bytes that are not UTF-8 as `\\xff`."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def is_utf8_name(path: Path | str) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def walk_folder(root: Path) -> Iterator[Entry]:
    """Every non-folder entry under `root` (already resolved), sorted by name; hidden
    entries (`.git`) and `__pycache__`-like ones are passed over in silence."""
    stack = [root]
    while stack:
        folder = stack.pop()
        relative = folder.relative_to(root)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name, reverse=True)
        except OSError as err:
            yield Entry(folder, shown_name(relative if relative.parts else folder) + "/",
                        f"cannot read folder ({err.strerror or err})", folder=True)
            continue
        subfolders = []
        for entry in reversed(entries):
            if entry.name.startswith((".", "__")):
                continue
            path = Path(entry.path)
            shown = shown_name(relative / entry.name)
            if not is_utf8_name(entry.name):
                yield Entry(path, shown, "file name is not valid UTF-8 (rename it)",
                            folder=_is_dir(entry))
                continue
            if entry.is_symlink():
                found = _link(root, path, shown)
                if found is not None:
                    yield found
                continue
            if _is_dir(entry):
                subfolders.append(path)
                continue
            yield Entry(path, shown, _special(entry))
        stack.extend(reversed(subfolders))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _special(entry: os.DirEntry) -> str:
    """Why an entry that is neither folder nor link is not a regular file, if it is not."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as err:
        return err.strerror or str(err)
    return file_problem(mode)


def file_problem(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind}); skipped"


def _link(root: Path, path: Path, shown: str) -> Entry | None:
    """The entry a symbolic link inside `root` stands for, or None (a link to a folder
    inside `root`, whose files the walk meets anyway)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a loop so
        return Entry(path, shown, "symbolic link loop; skipped")
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Entry(path, shown, "symbolic link loop; skipped")
        return Entry(path, shown, "dangling symbolic link; skipped")
    inside = target.is_relative_to(root)
    if target.is_dir():
        return None if inside else Entry(
            path, shown, "symbolic link to a folder outside the indexed folder; not "
            "followed (name its target on the command line to index it)", folder=True)
    if not inside:
        return Entry(path, shown, "symbolic link to a file outside the indexed folder; not "
                     "followed (name it on the command line to index it)")
    try:
        return Entry(target, shown, file_problem(target.stat().st_mode))
    except OSError as err:
        return Entry(path, shown, err.strerror or str(err))
