"""Checksums of the index files, written at each commit and verified by `undocs check`.

`undocs index` skips a file whose content hash is unchanged; it never rereads the
segments, so a segment damaged in place (a disk error, a stray write) would go
unnoticed until a search read garbage. Each commit writes `UNDOCS_SUMS_<generation>`
(atomically: a temporary file renamed) with the sha256 of the table of contents and of
every file of every segment it lists. Segment files never change once written (deletions
live in the table of contents), so a file the previous sums cover keeps its sum and
only new files are read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.storage import FILE_MODE

SUMS_PATTERN = re.compile(r"UNDOCS_SUMS_(\d+)")


def sums_name(generation: int) -> str:
    return f"UNDOCS_SUMS_{generation}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _segment_files(folder: Path, segments: list) -> list[str]:
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    return sorted(name for name in os.listdir(folder) if name.startswith(prefixes)) if \
        prefixes else []


def write_sums(folder: Path, generation: int, segments: list) -> None:
    """Write the checksums of generation `generation`, whose table lists `segments`."""
    previous = _read(folder, generation - 1) or {}
    sums = {}
    for name in [f"_MAIN_{generation}.toc", *_segment_files(folder, segments)]:
        known = previous.get(name)
        sums[name] = known if known and not name.endswith(".toc") else file_sha256(
            folder / name)
    temporary = folder / f"{sums_name(generation)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        json.dump({"generation": generation, "sha256": sums}, stream, indent=0)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, folder / sums_name(generation))


def ensure_sums(folder: Path, generation: int, segments: list) -> None:
    """Write the sums of `generation` if a run was killed between its commit and them."""
    if generation >= 0 and not (folder / sums_name(generation)).exists():
        write_sums(folder, generation, segments)


def _read(folder: Path, generation: int) -> dict | None:
    try:
        with open(folder / sums_name(generation), encoding="utf-8") as stream:
            return json.load(stream)["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class CheckResult:
    """What `verify` found: files whose sums match, and one line per damaged file."""

    verified: int = 0
    damaged: list[str] = field(default_factory=list)
    generation: int = -1


def verify(folder: Path) -> CheckResult:
    """Check every file of the latest commit in `folder` against its sums, and that
    the sums cover every file of every segment the table of contents lists."""
    from undocs.indexer.storage import open_index

    result = CheckResult()
    ix = open_index(folder, readonly=True)
    result.generation = generation = ix.latest_generation()
    sums = _read(folder, generation)
    if sums is None:
        result.damaged.append(f"{sums_name(generation)}: missing or unreadable (`undocs "
                              "index` writes the checksums of an index that has none)")
        return result
    for name, digest in sorted(sums.items()):
        try:
            actual = file_sha256(folder / name)
        except OSError as err:
            result.damaged.append(f"{name}: {err.strerror or err}")
            continue
        if actual != digest:
            result.damaged.append(f"{name}: content differs from its checksum (damaged)")
        else:
            result.verified += 1
    if result.damaged:
        return result
    try:
        segments = ix._segments()
    except Exception as err:  # noqa: BLE001 - whatever a damaged table raises
        result.damaged.append(f"_MAIN_{generation}.toc: cannot be read ({err})")
        return result
    for name in _segment_files(folder, segments):
        if name not in sums:
            result.damaged.append(f"{name}: not covered by {sums_name(generation)}")
    for segment in segments:
        if not any(name.startswith(f"{segment.segment_id()}.") for name in sums):
            result.damaged.append(f"{segment.segment_id()}: its files are missing")
    return result
