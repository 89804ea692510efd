"""Bounded query cost: long queries and passages are refused in one line, `source`
samples a long passage, snippets analyse a window of a long paragraph, and bad limits
or languages are refused before any search work."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.search.test_exactness import PARAGRAPHS
from undocs.search import QueryError, provenance, snippets
from undocs.search.cli import cli
from undocs.search.compile import Highlight
from undocs.search.query import MAX_QUERY_CHARS, MAX_TERM_CHARS
from undocs.search.snippets import SNIPPET_CHARS, make_snippet, match_spans

CHINESE = "".join(re.sub(r"[^\u4e00-\u9fff]", "", text) for _, text in PARAGRAPHS["zh"])
ENGLISH = " ".join(text for _, text in PARAGRAPHS["en"])


def test_a_long_query_is_refused_in_one_line(index_args):
    result = CliRunner().invoke(cli, ["search", CHINESE[:20_000], *index_args])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"undocs: query error: query too long (20,000 characters; at most "
        f"{MAX_QUERY_CHARS:,})"]


def test_the_longest_query_allowed_is_searched(searcher):
    words = " OR ".join(CHINESE[i * 150:(i + 1) * 150] for i in range(13))
    assert len(words) <= MAX_QUERY_CHARS
    assert searcher.search(words).total >= 0


@pytest.mark.parametrize("query", [CHINESE[:MAX_TERM_CHARS + 1],
                                   f'"{ENGLISH[:MAX_TERM_CHARS + 50]}"'])
def test_a_word_or_phrase_too_long_points_to_source(searcher, query):
    with pytest.raises(QueryError, match=r"too long \(\d+ characters; at most 200\).*source"):
        searcher.search(query)


def test_a_passage_too_long_is_refused(searcher):
    with pytest.raises(QueryError, match="passage too long"):
        searcher.source("rights " * (provenance.SOURCE_MAX_CHARS // 7 + 1))


def test_a_long_passage_is_traced_from_a_sample(searcher, monkeypatch):
    """50 KB of English: a bounded number of fuzzy lookups, and each language's probe
    holds a bounded number of words."""
    import whoosh.reading

    calls = []
    for cls in (whoosh.reading.IndexReader, whoosh.reading.SegmentReader):
        original = cls.terms_within

        def counted(self, *args, _original=original, **kwargs):
            calls.append(args)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "terms_within", counted)
    passage = ENGLISH[:50_000]
    result = searcher.source(passage, limit=3)
    assert result.hits and result.hits[0].lang == "en"
    segments = len(searcher._searcher.reader().leaf_readers())
    assert len(calls) <= provenance.SOURCE_MAX_FUZZY * segments


def test_a_passage_of_several_paragraphs_finds_one_of_them(searcher):
    texts = [text for _, text in PARAGRAPHS["en"] if len(text) > 400][:3]
    passage = " ".join(texts)
    assert len(set(passage.lower().split())) > provenance.SOURCE_MAX_TERMS
    best = searcher.source(passage, limit=1).hits[0]
    assert best.text in texts


@pytest.mark.parametrize("call", [
    lambda s: s.source("human rights", limit=-1),
    lambda s: s.source("human rights", limit=0),
    lambda s: s.source("human rights", candidates=0),
    lambda s: s.search("human rights", limit=0),
    lambda s: s.search("human rights", page=-2),
    lambda s: s.search("human rights", limit=10**6),
    lambda s: s.search("human rights", limit="5"),
    lambda s: s.kwic("rights", width=0),
    lambda s: s.cite("un-charter Article 51", context=-1),
])
def test_bad_limits_are_refused(searcher, call):
    with pytest.raises(QueryError, match="must be a whole number"):
        call(searcher)


class _NoIndex:
    def __getattr__(self, name):
        raise AssertionError(f"searched the index ({name}) before checking the options")


@pytest.mark.parametrize("call", [
    lambda s: s.search("human rights", parallel="xx"),
    lambda s: s.source("We recall the Global Compact", parallel="fr,xx"),
    lambda s: s.source("We recall the Global Compact", lang="xx"),
    lambda s: s.source("We recall the Global Compact", limit=-1),
])
def test_bad_options_are_refused_before_any_search(searcher, monkeypatch, call):
    monkeypatch.setattr(searcher, "_searcher", _NoIndex())
    monkeypatch.setattr(searcher, "_evaluator", _NoIndex())
    with pytest.raises(QueryError):
        call(searcher)


# -- snippets -----------------------------------------------------------------------------

def _words_highlight(*words: str) -> Highlight:
    return Highlight(words=set(words))


def test_a_snippet_of_a_huge_paragraph_analyses_a_window(monkeypatch):
    filler = "member states shall cooperate in matters of trade " * 40_000  # 2 MB
    text = filler[:60_000] + "the general assembly decides " + filler
    seen = []

    def spy(piece, lang, highlight):
        seen.append(len(piece))
        return match_spans(piece, lang, highlight)

    monkeypatch.setattr(snippets, "match_spans", spy)
    snippet = make_snippet(text, "en", _words_highlight("assembl"))
    assert max(seen) <= snippets._CHUNK + SNIPPET_CHARS
    assert len(snippet.text) <= SNIPPET_CHARS
    assert "[assembly]" in snippet.render()
    assert snippet.cut_before and snippet.cut_after


def test_a_mark_beyond_the_scanned_part_is_not_looked_for():
    text = "cooperation " * (snippets.SNIPPET_SCAN_CHARS // 12 + 100) + "assembly"
    snippet = make_snippet(text, "en", _words_highlight("assembl"))
    assert snippet.spans == () and snippet.text == text[:SNIPPET_CHARS]


_SENTENCES = [text for _, text in PARAGRAPHS["en"] if len(text) > 80]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=30, max_size=120),
       st.sampled_from(["assembl", "right", "nation", "traffick", "cooper"]))
def test_piecewise_snippets_equal_whole_text_snippets(paragraphs, stem):
    text = " ".join(paragraphs)
    highlight = _words_highlight(stem)
    if not match_spans(text[:snippets.SNIPPET_SCAN_CHARS - 1000], "en", highlight):
        return
    whole_text = snippets.window(text, match_spans(text, "en", highlight))  # as it was
    assert make_snippet(text, "en", highlight) == whole_text
