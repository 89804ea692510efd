"""The masthead of older Official Records: capitals without accents, an organ's name over
two lines, the committee's meeting at the head of the right-hand column (A/C.4/SR.985,
a French summary record of 1959, in `../shared/corpus-pdf`)."""

from __future__ import annotations

from tests.indexer.samples import sample
from undocs.indexer import parse_file
from undocs.indexer.masthead import read_masthead


def test_the_1959_summary_record_masthead_is_metadata_not_text():
    document = parse_file(sample("a-c4-sr-985.fr.pdf"))
    assert document.details["session"] == "QUATORZIEME SESSION"
    assert document.session == "14"  # `session:14` finds it
    assert document.details["meeting"] == (
        "QUATRIEME COMMISSION, 9g5e SEANCE, Vendredi 4 décembre 1959, à 10h50")
    texts = [paragraph.text for paragraph in document.paragraphs]
    for masthead in ("ASSEMBLEE", "GENERALE", "QUATORZIEME SESSION Documents officiels",
                     "NEW YORK", "SEANCE", "à 10h50"):
        assert masthead not in texts
    assert not any("GENERALE" in paragraph.heading for paragraph in document.paragraphs)
    # a meeting's record has no preamble: what comes before paragraph 1 counts as p1…
    first = [p.anchor for p in document.paragraphs[:9]]
    assert first == ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "1"]
    assert document.paragraphs[8].text.startswith("1. Sir Andrew COHEN")
    # …and the numbered paragraphs run on where the right-hand column's masthead stood
    anchors = [p.anchor for p in document.paragraphs]
    assert anchors.index("3") == anchors.index("2") + 1


def test_an_english_record_of_the_time_reads_the_same_way():
    lines = ["UNITED NATIONS", "GENERAL", "ASSEMBLY", "FOURTEENTH SESSION", "Official Records",
             "SUMMARY", "FOURTH COMMITTEE, 985th", "MEETING",
             "Friday, 4 December 1959, at 10.50 a.m.", "NEW YORK",
             "1. Sir Andrew COHEN (United Kingdom) explained his vote."]
    head = read_masthead(lines)
    assert head.session == "FOURTEENTH SESSION"
    assert head.meeting == "FOURTH COMMITTEE, 985th MEETING, Friday, 4 December 1959, at 10.50 a.m."
    assert head.taken == set(range(len(lines))) - {5, 10}  # `SUMMARY` and paragraph 1 stay


def test_a_word_of_an_organ_alone_is_text():
    head = read_masthead(["GENERAL", "Considerations on the agenda"])
    assert head.taken == set() and head.organ == ""
