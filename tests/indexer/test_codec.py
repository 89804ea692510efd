"""The posting format (`indexer.codec`): what is written is what is read back, by
Whoosh's own matchers and by the bulk readers."""

from __future__ import annotations

from array import array
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.indexer.codec import (
    BlockPostings,
    UndocsCodec,
    decode_block,
    decode_positions,
    encode_block,
    encode_positions,
    position_count,
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
