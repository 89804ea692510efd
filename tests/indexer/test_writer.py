"""The in-memory segment writer writes what Whoosh's own SegmentWriter writes, byte
for byte."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from tests.conftest import CORPUS, corpus_files, stored_entry
from undocs.indexer.analyse import FileTask, analyse_file, file_record
from undocs.indexer.schema import Postings, build_schema
from undocs.indexer.segments import write_segments
from undocs.indexer.writer import SegmentBuilder

# every language, and terms with more postings than one block (128) holds
FILES = ["a-res-80-6.en.md", "un-ctoc-cop-wg3-2023-report.zh.md", "untoc.en.md",
         "un-charter.fr.md", "un-charter.ru.md", "un-charter.ar.md", "un-charter.es.md"]


def _build(folder: Path, writer_class, analysed: list) -> whoosh_index.Index:
    """Index the `analysed` files with one writer of `writer_class` into one segment."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, _lk=False) if writer_class is SegmentWriter else writer_class(ix)
    for result in analysed:
        for entry in result.entries:
            writer.add_document(**entry)
        record = file_record(result)
        record["meta"]["indexed_at"] = "fixed"
        writer.add_document(**record)
    segment = writer._finalize_segment()
    committer = ix.writer()
    committer._commit_toc([segment])
    committer._finish()
    return whoosh_index.open_dir(str(folder))


def _postings(reader, fieldname, text):
    matcher = reader.postings(fieldname, text)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value(),
                    matcher.block_min_length(), matcher.block_max_length()))
        matcher.next()
    return out


def test_segment_builder_writes_what_whoosh_writes(tmp_path):
    analysed = [analyse_file(FileTask(str(CORPUS / name), str(CORPUS / name), name))
                for name in FILES]
    assert all(result.document is not None for result in analysed)
    for entry in analysed[-1].entries:  # as for a plain text file: no title, no headings
        entry["meta_es"] = Postings()
    ours = _build(tmp_path / "ours", SegmentBuilder, analysed).reader()
    theirs = _build(tmp_path / "whoosh", SegmentWriter, analysed).reader()
    terms = list(theirs.all_terms())
    assert list(ours.all_terms()) == terms and len(terms) > 10_000
    longest = 0
    for fieldname, text in terms:
        expected = _postings(theirs, fieldname, text)
        assert _postings(ours, fieldname, text) == expected, (fieldname, text)
        longest = max(longest, len(expected))
    assert longest > 128  # several blocks per term were compared
    for fieldname in ours.schema.scorable_names():
        assert ours.field_length(fieldname) == theirs.field_length(fieldname)
        for docnum in range(theirs.doc_count()):
            assert ours.doc_field_length(docnum, fieldname) == \
                theirs.doc_field_length(docnum, fieldname)
    assert ours.doc_count() == theirs.doc_count()
    assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
    assert _segment_files(tmp_path / "ours") == _segment_files(tmp_path / "whoosh")


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The files inside an index's one (compound) segment, by name without its id."""
    ix = whoosh_index.open_dir(str(folder))
    [segment] = ix._segments()
    files = segment.open_compound_file(ix.storage)
    return {name.split(".", 1)[1]: files.open_file(name).read() for name in files.list()}


def test_a_worker_writes_several_segments_when_its_postings_fill_up(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    tasks = [FileTask(str(p), str(p), p.name) for p in corpus_files()]
    segments, outcomes = write_segments(str(tmp_path), tasks, max_postings=20_000)
    assert not [o.error for o in outcomes if o.error]
    assert len(segments) > 3
    paragraphs = sum(o.paragraphs for o in outcomes)
    assert sum(s.doc_count() for s in segments) == paragraphs + len(tasks)
    committer = ix.writer()
    committer._commit_toc(segments)
    committer._finish()
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert searcher.doc_count() == paragraphs + len(tasks)
        assert stored_entry(searcher, "un-ctoc-cop-wg3-2023-report|zh|41")["lines"] == [138, 140]
