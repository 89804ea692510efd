"""One read-only Searcher shared by every request, reopened when the index has a newer
commit (an `undocs index` run while the server is up), so no restart is needed."""

from __future__ import annotations

import re
import time
from pathlib import Path

from undocs.search import IndexMissing, Searcher
from undocs.search.facets import prepare

_TOC_RE = re.compile(r"_MAIN_(\d+)\.toc")


def latest_generation(index_dir: Path) -> int:
    """The number of the index's newest commit (its newest table of contents), -1 if none."""
    numbers = [int(m.group(1)) for p in index_dir.iterdir() if (m := _TOC_RE.fullmatch(p.name))]
    return max(numbers, default=-1)


class SharedSearcher:
    """`get()` gives the Searcher of the newest commit, looked for at most every
    `check_every` seconds. Requests run one at a time on the server's event loop, so a
    replaced Searcher is never in use when it is closed."""

    def __init__(self, index_dir: Path, check_every: float = 1.0):
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self._generation = latest_generation(self.index_dir)
        self._searcher = Searcher(self.index_dir)
        prepare(self._searcher)
        self._checked = time.monotonic()

    def get(self) -> Searcher:
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            generation = latest_generation(self.index_dir)
            if generation != self._generation:
                try:
                    fresh = Searcher(self.index_dir)
                    prepare(fresh)
                except IndexMissing:
                    return self._searcher  # a commit half seen: keep the last good one
                self._searcher.close()
                self._searcher, self._generation = fresh, generation
        return self._searcher

    def close(self) -> None:
        self._searcher.close()
