"""Giant paragraphs are split at index time; long documents keep numbering past 999."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.indexer import parse_bytes
from undocs.indexer.giants import MAX_ENTRY_CHARS, split_giants
from undocs.indexer.records import Paragraph
from undocs.search import Searcher
from undocs.search.cli import cli


def _paragraph(text: str, anchor: str = "p1", ordinal: int = 1) -> Paragraph:
    return Paragraph(anchor, ordinal, "text", ("Heading",), text, (1, 1))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab c.。 国\n"), min_size=0, max_size=3000),
       st.integers(min_value=50, max_value=400))
def test_parts_are_bounded_keep_every_word_and_unique_anchors(text, limit):
    text = " ".join(text.split()) or "x"
    paragraphs, notes = split_giants([_paragraph("First."), _paragraph(text, "41", 2),
                                      _paragraph("Last.", "42", 3)], limit=limit)
    assert all(len(p.text) <= limit for p in paragraphs)
    parts = [p for p in paragraphs if p.anchor == "41" or p.anchor.startswith("41+")]
    assert "".join("".join(p.text.split()) for p in parts) == "".join(text.split())
    assert [p.anchor for p in paragraphs].count("41") == 1
    assert len({p.anchor for p in paragraphs}) == len(paragraphs)
    assert [p.ordinal for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert bool(notes) == (len(text) > limit)


def test_parts_never_take_an_anchor_the_outline_gave():
    """The outline names a repeated `41` `41~2`: a giant `41`'s parts go around it."""
    paragraphs, _ = split_giants([_paragraph("x " * 100, "41", 1),
                                  _paragraph("Again.", "41~2", 2)], limit=50)
    anchors = [p.anchor for p in paragraphs]
    assert len(set(anchors)) == len(anchors) and anchors[-1] == "41~2"
    assert anchors[:2] == ["41", "41~2~"]


def test_a_paragraph_under_the_limit_is_left_alone():
    paragraphs = [_paragraph("A sentence.")]
    assert split_giants(paragraphs) == (paragraphs, [])


def test_a_giant_one_line_file_is_indexed_in_bounded_parts(tmp_path):
    sentence = "Speakers noted that the General Assembly had met on the matter again. "
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "huge.en.md").write_text("# Huge\n\n" + sentence * 20_000)
    index_dir = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "docs"), "--index",
                                      str(index_dir), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert ("huge.en.md: ¶title+1: 1,399,999 characters, indexed in 71 parts of at most "
            "20,000 (¶title+1, ¶title+1~2, …)" in result.output)
    with Searcher(index_dir) as searcher:
        found = searcher.search('"general assembly"', limit=100)
        assert found.total == 71
        assert all(len(hit.text) <= MAX_ENTRY_CHARS for hit in found.hits)
        parts = {f"title+1~{n}" for n in range(2, 72)}
        assert {hit.anchor for hit in found.hits} == {"title+1", *parts}
        assert searcher.cite("huge title+1~7").hits[0].text.startswith("Speakers noted")


def test_paragraph_numbers_go_on_past_999():
    text = "\n\n".join(f"{n}. Paragraph number {n}." for n in range(1, 1006))
    document = parse_bytes(text.encode(), "long.en.md")
    assert [p.anchor for p in document.paragraphs] == [str(n) for n in range(1, 1006)]
    assert document.paragraphs[-1].text == "1005. Paragraph number 1005."


def test_a_year_opening_a_document_is_no_paragraph_number():
    document = parse_bytes(b"2023. A year of crises.\n\n1. First paragraph.", "y.en.md")
    assert [p.anchor for p in document.paragraphs][-1] == "1"
    assert "2023" not in [p.anchor for p in document.paragraphs]
