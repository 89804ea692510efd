"""The merge policy: which segments a run merges, in tiers, within a budget.

Every worker writes segments of its own, and a query visits each segment (its own term
dictionary, its own postings), so segments must be merged; but Whoosh's own policy
merges in the committing process and, on a large index, now and then merges half of
it in one update (700 s at a million paragraphs, after five updates of 4 s). Here:

- Tiers: a segment's tier is the power of `FACTOR` its size reaches over `FLOOR_BYTES`
  (live bytes: its files less the share of deleted documents). When a tier holds
  `FACTOR` segments, the `FACTOR` smallest are merged into one of the next tier; so
  each tier holds fewer than `FACTOR` segments once merges catch up, and every byte is
  rewritten about once per tier, not once per update.
- A budget per run: a run merges at most `RUN_BYTES` plus `RUN_RATIO` times the bytes
  of the files it indexes; so a small update costs a few seconds of merging whatever
  the size of the index, and a large run pays for the large merges.
- A ceiling: no automatic merge makes a segment over `MAX_BYTES`;
  `undocs index --optimize` merges everything into one. A build writes segments of
  16 MB of text each (`pipeline.GROUP_BYTES`, 50-70 MB of index): six of them are
  over the ceiling, so a build of any size merges none of its own segments (a
  million paragraphs: a dozen segments), and small updates merge among themselves.
- Merges run in the worker processes, beside the writing of new files, and each is
  committed like new segments: one new table of contents (`indexer.commit`). Segments
  a run may delete from (they hold an old version of a changed file) are not merged
  in that run.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

FACTOR = 6
FLOOR_BYTES = 1_000_000
RUN_BYTES = 24_000_000  # about 6 s of merging on one core here (~4 MB of index a second)
RUN_RATIO = 10  # the index is about 9 times its text: each new byte merged about once
MAX_BYTES = 200_000_000


@dataclass(frozen=True)
class Policy:
    factor: int = FACTOR
    floor_bytes: int = FLOOR_BYTES
    run_bytes: int = RUN_BYTES
    run_ratio: float = RUN_RATIO
    max_bytes: int = MAX_BYTES

    def budget(self, input_bytes: int) -> int:
        """The bytes a run indexing `input_bytes` of files may merge."""
        return int(self.run_bytes + self.run_ratio * input_bytes)

    def tier(self, size: int) -> int:
        if size < self.floor_bytes:
            return 0
        return 1 + int(math.log(size / self.floor_bytes, self.factor))

    def plan(self, sizes: dict[str, int], budget: int) -> list[list[str]]:
        """Groups of segment ids (from `sizes`: id -> live bytes) to merge, smallest
        tiers first, within `budget` bytes in all."""
        tiers: dict[int, list[str]] = {}
        for name in sorted(sizes, key=lambda n: (sizes[n], n)):
            tiers.setdefault(self.tier(sizes[name]), []).append(name)
        groups = []
        for tier in sorted(tiers):
            members = tiers[tier]
            while len(members) >= self.factor:
                group, members = members[:self.factor], members[self.factor:]
                total = sum(sizes[name] for name in group)
                if total > budget or total > self.max_bytes:
                    break
                groups.append(group)
                budget -= total
        return groups


def segment_bytes(folder: str, segment) -> int:
    """The live bytes of `segment`: its files, less the share of deleted documents."""
    prefix = f"{segment.segment_id()}."
    try:
        total = sum(os.path.getsize(os.path.join(folder, name))
                    for name in os.listdir(folder) if name.startswith(prefix))
    except OSError:
        return 0
    count = segment.doc_count_all()
    return total * segment.doc_count() // count if count else 0


def sizes_of(folder: str, segments: Iterable) -> dict[str, int]:
    return {segment.segment_id(): segment_bytes(folder, segment) for segment in segments}
