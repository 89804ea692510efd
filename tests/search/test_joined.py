"""Postings joined across segments (`search.joined`): positions decoded in arrays are
the codec's, and a phrase's positions compared in arrays find what a comparison of
position sets finds (random postings: one position or several, small and large)."""

from __future__ import annotations

from array import array
from itertools import accumulate

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.indexer.codec import decode_positions, encode_positions
from undocs.indexer.postblock import TermPostings
from undocs.search.joined import consecutive, decode_varints, join

POSITIONS = st.lists(st.integers(0, 70_000), min_size=1, max_size=6, unique=True).map(sorted)
SMALL = st.lists(st.integers(0, 140), min_size=1, max_size=4, unique=True).map(sorted)


@given(st.lists(st.one_of(POSITIONS, SMALL), max_size=30))
def test_varints_decoded_in_arrays_are_the_codec_s(lists):
    values = [encode_positions(positions) for positions in lists]
    starts, positions = decode_varints(values, numpy)
    found = [positions[starts[k]:starts[k + 1]].tolist() for k in range(len(values))]
    assert found == [decode_positions(value) for value in values] == lists


def _postings(docs: dict[int, list[int]]) -> TermPostings:
    """A segment's decoded postings of one term: document -> its sorted positions."""
    ids = array("I", sorted(docs))
    values = [encode_positions(docs[doc]) for doc in ids]
    ends = array("I", accumulate(map(len, values), initial=0))
    return TermPostings(ids, array("f", [len(docs[doc]) for doc in ids]), ends, b"".join(values))


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4), st.lists(st.lists(st.one_of(SMALL, POSITIONS), min_size=4,
                                            max_size=4), min_size=1, max_size=25),
       st.randoms(use_true_random=False))
def test_phrases_in_arrays_are_those_of_position_sets(size, rows, rng):
    """Each row is a document; each term holds it with the row's positions, shifted
    so that some rows hold the phrase and some do not."""
    terms_docs = [{} for _ in range(size)]
    for doc, row in enumerate(rows):
        base = row[0]
        for shift in range(size):
            if rng.random() < 0.6:  # the phrase's position, and others
                terms_docs[shift][doc] = sorted({p + shift for p in base} | set(row[shift]))
            else:
                terms_docs[shift][doc] = row[shift]
    joined = [join([(_postings(docs), 0, frozenset())], numpy, True) for docs in terms_docs]
    indexes = [numpy.arange(len(rows)) for _ in range(size)]  # every term in every row
    expected = [any(all(start + shift in terms_docs[shift][doc] for shift in range(size))
                    for start in terms_docs[0][doc]) for doc in range(len(rows))]
    assert consecutive(joined, indexes, numpy).tolist() == expected
