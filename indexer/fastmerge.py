"""Merging segments by copying their posting blocks instead of re-adding every posting.

Whoosh's merge (`SegmentWriter.add_reader`) reads every posting through a matcher,
sorts them all in a pool and writes them one `add_posting` call at a time: under 2 MB
of index per CPU-second, so that merges were two thirds of a 300k-paragraph build.
Here, for the same sources, the merged segment holds the same documents, stored
fields, field lengths, terms and postings, in blocks with the same boundaries:

- Per document: each live document's stored fields are copied as the compressed
  bytes they are, and the length columns as bytes (documents renumbered in order,
  deleted ones left out); field totals are summed from the length bytes, as Whoosh's
  merge sums the lengths it reads back.
- Postings: the terms of the sources, merged in order. A block is copied with only
  its document numbers moved on (`rebase_block`: the last id in its header, the first
  at the start of its data, the only absolute ids a block holds) while the merged
  list stays aligned on full blocks; the rest (a source's partial last block and what
  follows it, and every block of a segment with deletions) is decoded and written
  again in full blocks by the codec's own block writer, its length bounds read from
  the merged length columns. Every block but a term's last is full, as in a merge by
  Whoosh (`tests/indexer/test_fastmerge.py` compares the two).

The postings half is `indexer.blockmerge`; this module copies the documents and puts
the segment together.
"""

from __future__ import annotations

from collections.abc import Callable

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from undocs.indexer.blockmerge import PostingsMerger, Source, sources

# -- per document -------------------------------------------------------------------------

def _copy_per_doc(perdoc, merged: list[Source], schema) -> dict[str, bytearray]:
    """Stored fields and length columns of the live documents, into `perdoc` (a
    W3PerDocWriter); returns each scorable field's merged length bytes."""
    stored = perdoc._colwriters["_stored"]._child  # the compressed-bytes writer
    add_raw = VarBytesColumn.Writer.add
    total = sum(source.live for source in merged)
    number = 0
    for source in merged:
        column = source.reader._perdoc._cached_reader("_stored", STORED_COLUMN)._child
        keep = source.docmap
        for old in range(source.reader.doc_count_all()):
            if keep is not None and keep[old] < 0:
                continue
            add_raw(stored, number, VarBytesColumn.Reader.__getitem__(column, old))
            number += 1
    lengths: dict[str, bytearray] = {}
    for name, fieldobj in sorted(schema.items()):
        if not fieldobj.scorable:
            continue
        joined = bytearray()
        for source in merged:
            joined += _length_bytes(source, name)
        if not joined.strip(b"\0"):
            continue
        lengths[name] = joined
        data = bytes(joined).rstrip(b"\0")  # Whoosh writes no trailing default bytes
        column = _lenfield(name)
        perdoc._create_column(column, LENGTHS_COLUMN)
        writer = perdoc._colwriters[column]
        writer._dbfile.write(data)
        writer._count = len(data)
        perdoc._fieldlengths[name] = sum(byte_to_length(value) * data.count(value)
                                         for value in set(data) if value)
    perdoc._doccount = total
    return lengths


def _length_bytes(source: Source, name: str) -> bytes:
    """The length bytes of `name` for the source's live documents, in order."""
    count = source.reader.doc_count_all()
    reader = source.reader._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
    if reader is None:
        return bytes(source.live)
    data = bytes(reader._dbfile.get(reader._basepos, min(reader._count, count)))
    data += bytes(count - len(data))
    if source.docmap is None:
        return data
    return bytes(value for old, value in enumerate(data) if source.docmap[old] >= 0)


def fast_merge(ix, segments: list, tell: Callable[[int], None] | None = None):
    """One new, uncommitted segment (of the index `ix`) holding the live documents of
    `segments` in order, as Whoosh's merge of them would; `tell(documents)` is told
    the progress, field by field. The committing process swaps it in for them."""
    writer = SegmentWriter(ix, _lk=False)
    merged: list[Source] = []
    try:
        merged = sources(ix, segments)
        total = sum(source.live for source in merged)
        lengths = _copy_per_doc(writer.perdocwriter, merged, ix.schema)
        writer.docnum = total
        writer._added = True
        writer.perdocwriter.close()
        names = sorted({name for source in merged
                        for name in source.reader._terms._fieldmap} & set(ix.schema.names()))
        done = [0, 0]
        steps = sum(segment.doc_count_all() for segment in segments)  # deleted included

        def field_done(_name: str) -> None:  # progress: documents, spread over the fields
            done[0] += 1
            step = steps * done[0] // max(1, len(names)) - done[1]
            done[1] += step
            if tell and step:
                tell(step)

        PostingsMerger(writer.fieldwriter, merged, lengths).run(ix.schema, field_done)
        if tell and steps - done[1] > 0:
            tell(steps - done[1])
        writer.fieldwriter.close()
        writer._close_segment()
        writer._assemble_segment()
        return writer.get_segment()
    except BaseException:
        writer._close_segment()
        raise
    finally:
        for source in merged:
            source.reader.close()
