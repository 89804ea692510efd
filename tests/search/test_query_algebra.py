"""The query language obeys set algebra: `A OR B` finds the union of what A and B find,
`A B` the intersection, `A -B` the difference, in every position of the query tree and
with any `--lang`; totals count exactly the hits. Atoms are real words, phrases and
Chinese runs of the bundled corpus, and `field:value` filters."""

from __future__ import annotations

import json
import random
import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.test_exactness import PARAGRAPHS, sample_phrases
from undocs.search import QueryError
from undocs.search.cli import cli

_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")


def sample_words(per_lang: int, seed: int) -> list[str]:
    """Words cut from the corpus's paragraphs, per language (Chinese: 1–4 characters of a
    run of Han characters, unquoted)."""
    rng = random.Random(seed)
    words = []
    for lang in sorted(PARAGRAPHS):
        found: list[str] = []
        while len(found) < per_lang:
            _, text = rng.choice(PARAGRAPHS[lang])
            if lang == "zh":
                runs = _HAN_RUN_RE.findall(text)
                if runs:
                    run = rng.choice(runs)
                    size = rng.randint(1, min(4, len(run)))
                    start = rng.randrange(len(run) - size + 1)
                    found.append(run[start:start + size])
            else:
                candidates = _WORD_RE.findall(text)
                if candidates:
                    found.append(rng.choice(candidates))
        words += found
    return words


FILTERS = ["lang:en", "lang:zh", "lang:fr", "-lang:ar", "symbol:A/RES/80/*", "symbol:untoc",
           "date:2023", "date:2020..2024", "date:..2000"]
ATOMS = (sample_words(4, seed=14) + [f'"{phrase}"' for _, phrase in sample_phrases(12, seed=3)]
         + FILTERS)
LANG_OPTIONS = [None, "en", "zh,fr"]


def combine(op: str, left: str, right: str) -> str:
    return {"or": f"({left}) OR ({right})", "and": f"({left}) ({right})",
            "not": f"({left}) -({right})"}[op]


atoms = st.sampled_from(ATOMS)
queries = st.recursive(atoms, lambda inner: st.builds(
    combine, st.sampled_from(["or", "and", "not"]), inner, inner), max_leaves=3)


class Hits:
    """Each query's hits as a set of ids, memoised (atoms recur across examples)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.cache: dict[tuple, frozenset | None] = {}

    def __call__(self, query: str, lang) -> frozenset | None:
        """The ids of every hit, checked against the total; None for a query that has
        nothing to search for (a word made of punctuation alone)."""
        key = (query, lang)
        if key not in self.cache:
            try:
                result = self.searcher.search(query, lang=lang, limit=10_000, snippets=False)
            except QueryError as err:
                assert "nothing to search for" in str(err), (query, err)
                self.cache[key] = None
            else:
                ids = frozenset((hit.symbol, hit.lang, hit.anchor) for hit in result.hits)
                assert len(ids) == len(result.hits) == result.total, (query, lang)
                self.cache[key] = ids
        return self.cache[key]


@pytest.fixture(scope="module")
def hits(searcher):
    return Hits(searcher)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(op=st.sampled_from(["or", "and", "not"]), left=queries, right=queries,
       lang=st.sampled_from(LANG_OPTIONS))
def test_combined_queries_find_the_union_intersection_difference(hits, op, left, right, lang):
    a, b = hits(left, lang), hits(right, lang)
    if a is None or b is None:
        return
    expected = {"or": a | b, "and": a & b, "not": a - b}[op]
    assert hits(combine(op, left, right), lang) == expected, (op, left, right, lang)


def test_the_atoms_find_something_and_differ(hits):
    """The property above is not vacuous: most atoms match, and not all alike."""
    found = [hits(atom, None) for atom in ATOMS]
    assert sum(1 for ids in found if ids) >= len(ATOMS) * 3 // 4
    assert len(set(found)) >= len(ATOMS) // 2


def test_a_filter_inside_or_finds_paragraphs_only(searcher):
    zh, human = searcher.search("lang:zh").total, searcher.search("human").total
    both = searcher.search("lang:zh human").total
    assert searcher.search("lang:zh OR human", limit=1000).total == zh + human - both
    en, fr = searcher.search("lang:en").total, searcher.search("lang:fr").total
    assert searcher.search("lang:en OR lang:fr").total == en + fr


def test_lang_option_holds_for_a_filter_inside_or(searcher):
    result = searcher.search("lang:zh OR human", lang="en", limit=1000)
    assert result.total == searcher.search("human", lang="en").total
    assert {hit.lang for hit in result.hits} == {"en"}


def test_count_and_batch_take_a_filter_inside_or(searcher, index_args):
    expected = searcher.search("lang:zh OR human").total
    runner = CliRunner()
    counted = runner.invoke(cli, ["count", "lang:zh OR human", "--by", "lang",
                                  "--format", "json", *index_args])
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.output)["total"]["paragraphs"] == expected
    batch = runner.invoke(cli, ["batch", "--limit", "1000", *index_args],
                          input="lang:zh OR human\n")
    assert batch.exit_code == 0, batch.output
    assert json.loads(batch.output)["total"] == expected
    searched = runner.invoke(cli, ["search", "lang:zh OR human", "--limit", "1000",
                                   "--format", "json", *index_args])
    assert searched.exit_code == 0, searched.output
    assert json.loads(searched.output)["total"] == expected
