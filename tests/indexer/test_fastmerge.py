"""The block-copying merge (`indexer.fastmerge`) against Whoosh's own merge of the same
segments: the same documents, stored fields, lengths, terms, postings and blocks, and the
same search results, with and without deletions."""

from __future__ import annotations

import shutil
import zlib

import pytest
from whoosh.reading import SegmentReader

from tests.conftest import CORPUS
from undocs.indexer import pipeline
from undocs.indexer.blockmerge import blocks, extent
from undocs.indexer.build import update_index
from undocs.indexer.commit import commit
from undocs.indexer.fastmerge import fast_merge
from undocs.indexer.merges import Policy
from undocs.indexer.segments import merge_segments_whoosh
from undocs.indexer.storage import open_index
from undocs.search.searcher import Searcher

FILES = ["a-res-80-6.en.md", "un-ctoc-cop-wg3-2023-report.zh.md", "un-charter.fr.md",
         "un-charter.ru.md", "a-res-80-9.en.md", "un-charter.en.md"]
QUERIES = ["crime", "国际合作", '"国际合作"', '"the General Assembly"', "crime OR crimes",
           "lang:zh 会议", "symbol:A/RES/80/* recall", "traite", "Объединенных", "Charter"]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """An index of several segments, two of them with deleted documents."""
    root = tmp_path_factory.mktemp("fastmerge")
    folder, index_dir = root / "docs", root / "ix"
    folder.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, folder / name)
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "GROUP_BYTES", 50_000)  # a segment per file or two
    patch.setattr(pipeline, "Policy", lambda: Policy(factor=100))  # and no merges
    try:
        update_index(index_dir, [folder], jobs=2)
        for name in FILES[:2]:  # new versions: the old ones' paragraphs deleted
            path = folder / name
            path.write_text(path.read_text(encoding="utf-8").replace("1.", "1.", 1) + "\n",
                            encoding="utf-8")
        update_index(index_dir, [folder], jobs=2)
    finally:
        patch.undo()
    segments = open_index(index_dir)._segments()
    assert len(segments) >= 4 and any(s.has_deletions() for s in segments)
    return index_dir


def _merged(index_dir, tmp_path, how: str):
    """A copy of the index, its segments merged by `how` and committed."""
    copy = tmp_path / how
    shutil.copytree(index_dir, copy)
    ix = open_index(copy)
    segments = ix._segments()
    merged = (fast_merge(ix, segments) if how == "fast"
              else merge_segments_whoosh(str(copy), segments))
    commit(ix, [], merged=[(merged, segments)], final=True)
    return copy, merged


def test_a_fast_merge_writes_what_whoosh_merge_writes(segmented, tmp_path):
    (fast_dir, fast), (slow_dir, slow) = (_merged(segmented, tmp_path, how)
                                          for how in ("fast", "whoosh"))
    ix_fast, ix_slow = open_index(fast_dir), open_index(slow_dir)
    one = SegmentReader(ix_fast.storage, ix_fast.schema, fast)
    two = SegmentReader(ix_slow.storage, ix_slow.schema, slow)
    try:
        assert one.doc_count_all() == two.doc_count_all() > 0
        assert not one.has_deletions()
        assert list(one.all_stored_fields()) == list(two.all_stored_fields())
        for name, fieldobj in ix_fast.schema.items():
            if fieldobj.scorable:
                assert one.field_length(name) == two.field_length(name), name
                assert ([one.doc_field_length(n, name) for n in range(one.doc_count_all())]
                        == [two.doc_field_length(n, name) for n in range(two.doc_count_all())])
        terms = list(one.all_terms())
        assert terms == list(two.all_terms())
        postings_of = (one._terms._postfile, two._terms._postfile)
        written_blocks = with_frontier = 0
        for fieldname, text in terms:
            infos = [reader.term_info(fieldname, text) for reader in (one, two)]
            got, want = ((i.weight(), i.doc_frequency(), i.min_length(), i.max_length(),
                          i.max_weight(), i.min_id(), i.max_id()) for i in infos)
            assert got == want, (fieldname, text)
            written = [[(header, zlib.decompress(data) if header[10] & 1 else data, last)
                        for header, data, last in blocks(postings.get(*extent(info)))]
                       for postings, info in zip(postings_of, infos, strict=True)]
            # the same blocks: boundaries, headers (frontiers included; the flags byte
            # but for its compression bit) and (uncompressed) data
            assert [(_unflagged(h), d, last) for h, d, last in written[0]] == [
                (_unflagged(h), d, last) for h, d, last in written[1]], (fieldname, text)
            written_blocks += len(written[0])
            with_frontier += sum(h[10] >> 2 > 0 for h, _, _ in written[0])
            got, want = (list(reader.postings(fieldname, text).items_as("weight"))
                         for reader in (one, two))
            assert got == want and got
        assert written_blocks > len(terms)  # some terms span several blocks
        assert with_frontier  # and some blocks carry a frontier (`indexer.codec`)
    finally:
        one.close()
        two.close()
    found = []
    with Searcher(fast_dir) as fast_search, Searcher(slow_dir) as slow_search:
        for query in QUERIES:
            got, want = fast_search.search(query, limit=20), slow_search.search(query, limit=20)
            assert got.total == want.total, query
            assert ([(h.citation, round(h.score, 9)) for h in got.hits]
                    == [(h.citation, round(h.score, 9)) for h in want.hits]), query
            found.append(got.total)
    assert all(found), found


def _unflagged(header: bytes) -> bytes:
    """A block header without its compression bit (bit 0 of the flags byte, byte 10)."""
    return header[:10] + bytes((header[10] & 0xFE,)) + header[11:]
