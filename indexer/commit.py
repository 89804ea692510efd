"""Committing segments into the index, and keeping its folder free of leftovers.

A commit is one new table of contents, `_MAIN_<generation>.toc`, which Whoosh writes to
a temporary file and renames: a reader sees the previous generation or this one, never a
mix. Whoosh's own commit then deletes every segment file its table does not name, which
would include the files workers are writing at that moment; so undocs writes the table
itself and removes only what it knows to be dead (`remove_leftovers`).

- Updates: the old version of a changed file is deleted in the commit that adds its new
  version, never before. It is found by its file record (`file|<path>`) in a segment
  that was committed before the run, and deleted together with the paragraphs of its
  key in that same segment: a file's paragraphs and record always share a segment
  (`indexer.segments`), so a key another file took over earlier in the run (two files
  swapping symbols) is never touched.
- Rebuilds (`--rebuild`): the new segments are written into the same folder beside the
  old ones, unlisted and so invisible, and one commit at the end lists only them. Until
  that rename every search sees the whole old index; a rebuild killed on the way leaves
  it as it was. Readers opened before keep working: they hold the old files open, and
  POSIX keeps an unlinked file readable until its last reader closes it. (The other
  design, building in a sibling folder and swapping folders, has an instant where the
  index folder is missing, and a reader holding a path would follow the swap midway.)
- Leftovers: a run holds the run lock (`indexer.build`), so any segment file its last
  commit does not list is an orphan of this run or of a dead one. They are removed when
  a run starts, when it fails (a full disk gets its space back) and after its last
  commit.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.index import TOC

from undocs.indexer.sums import SUMS_PATTERN, write_sums

SEGMENT_FILE = re.compile(r"(MAIN_[0-9a-z]+)\.[A-Za-z0-9_.]+")  # Whoosh's own pattern
TOC_FILE = re.compile(r"_MAIN_(\d+)\.toc")
TOC_TEMPORARY = re.compile(r"_MAIN_\d+\.toc\.[\d.]+")
WRITER_FOLDER = "MAIN.tmp"


def commit(ix, segments: list, *, deletions: list[dict] = (), original: frozenset = frozenset(),
           final: bool = True, replace: bool = False, merged: list[tuple] = ()) -> list:
    """Commit `segments` (written by workers) with the `deletions` (file records known
    when the run started, whose versions in `original` segments go) and the `merged`
    segments, each (output, sources) and listed in place of its sources; with
    `replace`, the new table lists only what this run wrote. This process merges
    nothing itself (`indexer.merges`). Returns the segments of the new table."""
    writer = ix.writer()
    before = list(writer.segments)
    try:
        if replace:
            current = []
        else:
            _delete(writer, deletions, original)
            current = list(writer.segments)
        gone = {source.segment_id() for _, sources in merged for source in sources}
        listed = [segment for segment in [*current, *segments, *(out for out, _ in merged)]
                  if segment.segment_id() not in gone]
        writer._close_segment()
        TOC(writer.schema, listed, writer.generation).write(writer.storage, writer.indexname)
    except BaseException:
        writer.cancel()
        raise
    writer.writelock.release()
    writer.is_closed = True
    folder = Path(writer.storage.folder)
    write_sums(folder, writer.generation, listed)
    if final:
        remove_leftovers(folder, listed)
    else:  # workers may be writing or merging: remove only what this commit made dead,
        # and keep the previous table, which a worker may be opening this instant
        kept = {segment.segment_id() for segment in listed}
        dead = {s.segment_id() for s in before} | {writer.newsegment.segment_id()}
        _remove(folder, lambda name: _segment_of(name) in dead - kept
                or _generation(name) not in (None, writer.generation, writer.generation - 1))
    return listed


def _delete(writer, records: list[dict], original: frozenset) -> None:
    """Delete each record's file and paragraphs from the segment holding its record."""
    if not records:
        return
    with writer.searcher() as searcher:
        for record in records:
            for docnum in searcher.document_numbers(id=record["id"]):
                index = writer._document_segment(docnum)
                segment = writer.segments[index]
                if segment.segment_id() not in original:
                    continue
                start = writer._doc_offsets[index]
                end = start + segment.doc_count_all()
                for number in searcher.document_numbers(doc_key=record["doc_key"]):
                    if start <= number < end:
                        writer.delete_document(number)
                writer.delete_document(docnum)


def remove_leftovers(folder: Path, listed: list) -> None:
    """Remove every index file the table of contents listing `listed` does not need:
    unlisted segments, older tables and checksums, temporary files, Whoosh's writer
    folder. Only while no worker writes (the caller holds the run lock)."""
    kept = {segment.segment_id() for segment in listed}
    generation = max((int(m.group(1)) for m in map(TOC_FILE.fullmatch, _names(folder)) if m),
                     default=-1)
    _remove(folder, lambda name: (_segment_of(name) not in kept | {None})
            or TOC_TEMPORARY.fullmatch(name) is not None or name.endswith(".tmp")
            or _generation(name) not in (None, generation))


def _segment_of(name: str) -> str | None:
    match = SEGMENT_FILE.fullmatch(name)
    return match.group(1) if match else None


def _generation(name: str) -> int | None:
    """The generation a table of contents or a checksums file belongs to."""
    match = TOC_FILE.fullmatch(name) or SUMS_PATTERN.fullmatch(name)
    return int(match.group(1)) if match else None


def _names(folder: Path) -> list[str]:
    try:
        return [path.name for path in folder.iterdir()]
    except OSError:
        return []


def _remove(folder: Path, dead) -> None:
    for name in _names(folder):
        if name == WRITER_FOLDER or not dead(name):
            continue
        with contextlib.suppress(OSError):
            (folder / name).unlink()
    if dead(WRITER_FOLDER):
        shutil.rmtree(folder / WRITER_FOLDER, ignore_errors=True)
