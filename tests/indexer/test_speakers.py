"""Verbatim records split by speaker turn: anchors, speakers, the States they speak
for, and the `speaker:` query field."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.indexer.samples import sample
from undocs.indexer import parse_file
from undocs.indexer.records import Paragraph
from undocs.indexer.speakers import by_speaker, speaker_key, speaker_of
from undocs.search.cli import cli


@pytest.mark.parametrize("text,expected", [
    ("The President (spoke in Russian): In accordance with", ("The President", "")),
    ("Mr. Levitte (France) (spoke in French): On the last day", ("Mr. Levitte", "France")),
    ("Ms. Bertini: I would like to thank you", ("Ms. Bertini", "")),
    ("Mr. Nebenzia (Russian Federation): We", ("Mr. Nebenzia", "Russian Federation")),
    ("Le Président : La séance est ouverte.", ("Le Président", "")),
    ("M. Dharmadhikari (France) : Je remercie", ("M. Dharmadhikari", "France")),
    ("Г-н Небензя (Российская Федерация): Мы", ("Г-н Небензя", "Российская Федерация")),
    ("主席：我谨代表", ("主席", "")),
    ("耿爽先生（中国）：主席女士", ("耿爽先生", "中国")),
])
def test_speaker_labels_in_the_six_languages(text, expected):
    assert speaker_of(text) == expected


@pytest.mark.parametrize("text", [
    "The President of the General Assembly: a note",  # no colon right after the label
    "Mr. President, I thank you.",
    "Recalling its resolution 1 (I): the Assembly",
])
def test_sentences_are_no_speaker_labels(text):
    assert speaker_of(text) is None


def test_verbatim_record_split_by_speaker_with_countries():
    document = parse_file(sample("s-pv-4507.en.pdf"))
    turns = [(p.anchor, p.speaker, p.speaker_for) for p in document.paragraphs
             if p.kind == "turn"]
    assert turns[:4] == [("sp1", "The President", "Russian Federation"),
                         ("sp2", "Ms. Bertini", ""), ("sp3", "Mr. Levitte", "France"),
                         ("sp4", "Mr. Yap", "Singapore")]
    by_anchor = {p.anchor: p for p in document.paragraphs}
    assert by_anchor["sp2.2"].text.startswith("Over 10 years ago")
    assert by_anchor["sp2.2"].speaker == "Ms. Bertini"
    assert not any(p.speaker for p in document.paragraphs if p.anchor.startswith("p"))


def test_summary_records_keep_their_numbered_paragraphs():
    document = parse_file(sample("a-c4-sr-985.fr.pdf"))
    assert not any(p.anchor.startswith("sp") for p in document.paragraphs)


_TEXTS = st.sampled_from(["Mr. Yap (Singapore): We welcome", "The President: Thank you.",
                          "Food aid saves lives.", "The agenda was adopted.", ""])


@given(st.lists(st.tuples(_TEXTS, st.sampled_from(["text", "heading", "footnote"])),
                max_size=30))
def test_by_speaker_keeps_order_text_and_unique_anchors(items):
    paragraphs = [Paragraph(f"p{i}", i, kind, (), text or "x", (i, i))
                  for i, (text, kind) in enumerate(items, start=1)]
    out = by_speaker(paragraphs)
    assert [p.text for p in out] == [p.text for p in paragraphs]
    assert len({p.anchor for p in out}) == len(out)
    for paragraph in out:
        assert bool(paragraph.speaker) == paragraph.anchor.startswith("sp")


def test_speaker_field_and_count_by_speaker(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(sample("s-pv-4507.en.pdf"), folder / "S_PV.4507-EN.pdf")
    index = ["--index", str(tmp_path / "ix")]
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(folder), "--quiet", *index]).exit_code == 0
    result = runner.invoke(cli, ["count", 'speaker:France OR speaker:Singapore', "--by",
                                  "speaker", "--format", "csv", *index])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0] == "group,paragraphs,occurrences"
    assert sorted(row.split(",")[0] for row in rows[1:]) == [
        "Mr. Levitte (France)", "Mr. Yap (Singapore)"]
    result = runner.invoke(cli, ["search", 'speaker:"russian federation" Bertini',
                                  "--format", "jsonl", *index])
    assert result.exit_code == 0, result.output
    assert '"anchor": "sp1.5"' in result.output and '"pages": [2]' in result.output
    result = runner.invoke(cli, ["cite", "S/PV.4507 ¶sp3", *index])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("S/PV.4507 ¶sp3 (en)")
    assert "Mr. Levitte (France) (spoke in French): On the last day" in result.output


def test_speaker_key_folds_titles_and_case():
    assert speaker_key("Mr. Nebenzia") == speaker_key("nebenzia") == "nebenzia"
    assert speaker_key("Russian  Federation") == "russian federation"
