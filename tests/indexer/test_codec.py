"""The posting format (`indexer.codec`): what is written is what is read back, by
Whoosh's own matchers and by the bulk readers."""

from __future__ import annotations

from array import array
from itertools import accumulate

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.util.numeric import byte_to_length, length_to_byte

from undocs.indexer.codec import (
    PackedLeafMatcher,
    UndocsCodec,
    decode_positions,
    encode_positions,
    position_count,
)
from undocs.indexer.postblock import (
    MAX_PAIRS,
    BlockPostings,
    TermPostings,
    coarsened,
    decode_block,
    decode_frontier,
    encode_block,
    encode_frontier,
    frontier,
    frontier_size,
)
from undocs.indexer.storage import open_index

POSITIONS = st.lists(st.integers(0, 3_000_000), min_size=1, max_size=60, unique=True).map(
    sorted)


@settings(max_examples=300, deadline=None)
@given(POSITIONS)
def test_positions_round_trip(positions):
    value = encode_positions(positions)
    assert decode_positions(value) == positions
    assert position_count(value) == len(positions)
    if positions[-1] < 128 and len(positions) == 1:
        assert len(value) == 1  # the common case: one byte


@st.composite
def blocks(draw):
    ids = sorted(draw(st.sets(st.integers(0, 2**32 - 1), min_size=1, max_size=128)))
    count = len(ids)
    weights = draw(st.one_of(
        st.just([1.0] * count), st.just([2.5] * count),
        st.lists(st.integers(1, 255).map(float), min_size=count, max_size=count),
        st.lists(st.floats(0.5, 1e6, width=32), min_size=count, max_size=count)))
    fixed = draw(st.sampled_from([None, 0, 4]))
    if fixed is None:
        values = draw(st.lists(st.binary(min_size=1, max_size=300), min_size=count,
                               max_size=count))
    else:
        values = [draw(st.binary(min_size=4, max_size=4)) for _ in ids] if fixed else []
    return ids, array("f", weights), values, fixed


@settings(max_examples=300, deadline=None)
@given(blocks())
def test_blocks_round_trip(block):
    ids, weights, values, fixed = block
    deltas, read_weights, read_values = decode_block(encode_block(ids, weights, values, fixed),
                                                     len(ids), fixed)
    assert list(accumulate(deltas)) == ids
    if read_weights is None:
        read_weights = [1.0] * len(ids)
    elif isinstance(read_weights, float):
        read_weights = [read_weights] * len(ids)
    assert list(read_weights) == list(weights)
    if fixed is None:
        assert list(read_values) == values
    elif fixed:
        assert read_values == b"".join(values)
    else:
        assert read_values is None


@settings(max_examples=300, deadline=None)
@given(blocks(), st.randoms(use_true_random=False))
def test_block_postings_read_what_was_written(block, rng):
    """`BlockPostings` (docnums at once, a posting's weight and value on demand, in
    any order) gives back what `encode_block` wrote."""
    ids, weights, values, fixed = block
    read = BlockPostings(encode_block(ids, weights, values, fixed), len(ids), fixed)
    assert read.ids == ids
    indexes = rng.sample(range(len(ids)), rng.randint(0, len(ids)))
    assert read.weights(indexes) == [weights[k] for k in indexes]
    expected = [values[k] if fixed != 0 else None for k in indexes]
    assert read.values(indexes) == expected
    assert read.values(indexes) == expected  # again, from the offsets kept
    assert read.weights() == list(weights)
    assert read.values() == [values[k] if fixed != 0 else None for k in range(len(ids))]


@settings(max_examples=200, deadline=None)
@given(st.lists(blocks(), min_size=1, max_size=5), st.sampled_from([None, 0, 4]))
def test_a_term_s_blocks_decoded_whole_read_what_was_written(drawn, fixed):
    """`TermPostings` (a term's blocks decoded into flat arrays) gives back every
    docnum, weight and value the blocks were written with, in order."""
    ids, weights, values, encoded = [], [], [], []
    for block_ids, block_weights, _, _ in drawn:
        base = ids[-1] + 1 if ids else 0  # a term's blocks follow one another
        block_ids = [base + doc for doc in block_ids if base + doc < 2**32 - 1]  # PAST above
        if not block_ids:
            continue
        block_weights = block_weights[:len(block_ids)]
        if fixed is None:  # values of one to three bytes
            block_values = [bytes([doc % 256]) * (1 + doc % 3) for doc in block_ids]
        else:
            block_values = [bytes([doc % 256]) * fixed for doc in block_ids]
        encoded.append((encode_block(block_ids, block_weights, block_values, fixed),
                        len(block_ids)))
        ids += block_ids
        weights += list(block_weights)
        values += block_values
    if not encoded:
        return
    term = TermPostings.join(encoded, fixed)
    assert term.count == len(ids) and term.ids[:term.count].tolist() == ids
    assert term.ids[term.count] == 2**32 - 1  # past the end: a bisection lands on it
    assert term.weights.tolist() == weights
    assert term.values(term.every()) == (values if fixed != 0 else [b""] * len(ids))
    assert term.nbytes() >= 13 * len(ids)
    read = values if fixed != 0 else [b""] * len(ids)
    assert term.single.tolist() == [value[0] if len(value) == 1 and value[0] < 128 else 255
                                    for value in read]  # a value of one position below 128
    asked = sorted({doc for doc in ids[::2] + [doc + 1 for doc in ids[::3]] + [0, 2**32 - 2]
                    if doc < 2**32 - 1})  # docnums: below the one past the end
    mask, indexes = term.find(asked)
    assert mask == [doc in set(ids) for doc in asked]
    assert term.ids[indexes].tolist() == [doc for doc in asked if doc in set(ids)]
    assert term.weights_at(indexes) == [weights[ids.index(doc)] for doc in asked
                                        if doc in set(ids)]
    wider = sorted({doc for doc in set(ids) | {doc + 1 for doc in ids} | {doc + 2 for doc in ids}
                    if doc < 2**32 - 1} - set(ids[1::2]))  # more documents than postings
    for docs in (asked, asked[:1], [], wider):
        among = term.among(numpy.array(docs, dtype=numpy.uint32))  # from either side
        assert term.ids[among].tolist() == [doc for doc in ids if doc in set(docs)]


def test_every_segment_is_written_with_packed_blocks(full_index):
    """Segments of a build (merged ones included) use the undocs codec, and Whoosh's
    matchers read its blocks: every posting of a long term, in order."""
    index_dir, _ = full_index
    ix = open_index(index_dir)
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert leaves and all(type(leaf.codec()) is UndocsCodec for leaf in leaves)
        matcher = reader.postings("exact_en", "of the")
        ids = list(matcher.all_ids())
        assert len(ids) > 300 and ids == sorted(set(ids))
        assert reader.doc_frequency("exact_en", "of the") == len(ids)


LENGTHS = st.one_of(st.none(), st.just(0), st.integers(1, 200_000))


@st.composite
def scored_blocks(draw):
    count = draw(st.integers(1, 128))
    weights = draw(st.one_of(
        st.lists(st.integers(1, 6).map(float), min_size=count, max_size=count),
        st.lists(st.integers(1, 4).map(lambda n: n * 1.5), min_size=count, max_size=count),
        st.lists(st.floats(0.5, 1e4, width=32), min_size=count, max_size=count)))
    lengths = draw(st.lists(LENGTHS, min_size=count, max_size=count))
    return array("f", weights), lengths


def _bm25(weight: float, length_byte: int, idf=1.7, avgfl=23.0, b=0.75, k1=1.2) -> float:
    """Whoosh's BM25F of one posting, as `search.terms` computes it."""
    fl = byte_to_length(length_byte) or 1
    return idf * ((weight * (k1 + 1)) / (weight + k1 * ((1 - b) + b * fl / avgfl)))


@settings(max_examples=300, deadline=None)
@given(scored_blocks(), st.floats(5, 500))
def test_the_frontier_bounds_a_block_by_its_best_score(block, avgfl):
    """Every posting is dominated by a pair of the frontier, each pair is a posting's,
    and so the best score over the pairs is the best score of the block (for any
    collection statistics), through the bytes a block header holds."""
    weights, lengths = block
    pairs = frontier(weights, lengths)
    postings = [(length_to_byte(n) if n else 0, w) for n, w in zip(lengths, weights, strict=True)]
    assert set(pairs) <= set(postings)
    assert [b for b, _ in pairs] == sorted({b for b, _ in pairs})
    assert [w for _, w in pairs] == sorted({w for _, w in pairs})
    for byte, weight in postings:
        assert any(b <= byte and w >= weight for b, w in pairs)
    best = max(_bm25(w, b, avgfl=avgfl) for b, w in postings)
    assert max(_bm25(w, b, avgfl=avgfl) for b, w in pairs) == best
    kept = coarsened(pairs, MAX_PAIRS)
    if len(kept) > 1:
        flags, data = encode_frontier(kept)
        assert frontier_size(flags) == len(data)
        assert decode_frontier(flags, data) == [(w, b) for b, w in kept]
    assert max(_bm25(w, b, avgfl=avgfl) for b, w in kept) >= best


@given(st.lists(st.tuples(st.integers(0, 255), st.floats(0.5, 1e4, width=32)),
                min_size=1, max_size=128), st.integers(1, 64))
def test_a_coarsened_frontier_still_bounds_every_pair(pairs, most):
    frontier_pairs = [(b, w) for b, w in set(pairs)
                      if not any((ob, ow) != (b, w) and ob <= b and ow >= w for ob, ow in pairs)]
    frontier_pairs.sort()
    kept = coarsened(frontier_pairs, most)
    assert len(kept) <= most
    for byte, weight in pairs:
        assert any(b <= byte and w >= weight for b, w in kept)


def test_the_blocks_of_an_index_are_bounded_by_their_best_posting(full_index):
    """In a built index (merged segments included), each block's frontier, scored with
    the index's own statistics, gives exactly its best posting's score, and the
    frontier costs few bytes."""
    from undocs.search import Searcher
    from undocs.search.terms import FIELD_LENGTH

    index_dir, _ = full_index
    with Searcher(index_dir) as searcher:
        terms = searcher._evaluator.terms
        checked = stored = 0
        reader = searcher.reader()
        common = [(fieldname, btext) for fieldname in
                  ("text_en", "exact_en", "text_zh", "exact_zh", "meta_en", "text_ru")
                  for _, btext in reader.most_frequent_terms(fieldname, 8)]
        for fieldname, btext in common:
            for number in range(len(terms.segments)):
                if terms.info(number, fieldname, btext) is None:
                    continue
                matcher, _ = terms.matcher(number, fieldname, btext)
                if not isinstance(matcher, PackedLeafMatcher):
                    continue
                score = terms.scorer(number, fieldname, btext)
                bound = terms.bound(fieldname, btext)
                while matcher.is_active():
                    pairs = matcher.block_frontier()
                    stored += matcher._flags >= 4
                    deltas, weights, _ = matcher.block_data(
                        matcher._dataoffset, matcher._nextoffset, matcher._blocklength,
                        matcher._compression)
                    if weights is None or isinstance(weights, float):
                        weights = [1.0 if weights is None else weights] * len(deltas)
                    best = max(map(score, accumulate(deltas), weights))
                    assert max(bound(w, FIELD_LENGTH[b]) for w, b in pairs) == best
                    checked += 1
                    matcher._next_block()
        assert checked > 50 and stored > 10
