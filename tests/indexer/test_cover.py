"""The cover page of a verbatim record is metadata: no corrections notice, members
list or announced agenda among the searchable paragraphs; the President, the members
and the agenda in the document's details."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.indexer.samples import sample
from undocs.indexer import parse_file, parse_text
from undocs.indexer.cover import split_cover
from undocs.indexer.records import Paragraph
from undocs.search.cli import cli

_PARSED: dict = {}


def parsed(name: str):
    """Each record parsed once for the module (S/PV.10011 takes a second or two)."""
    if name not in _PARSED:
        _PARSED[name] = parse_file(sample(name))
    return _PARSED[name]


_COVER_RE = re.compile(r"This record contains|^President:|^Members:|(?:\. ){3}")


@pytest.mark.parametrize("name,president,members,agenda", [
    ("s-pv-4507.en.pdf", "Mr. Lavrov (Russian Federation)", 14,
     "Food aid in the context of conflict settlement: Afghanistan and other crisis areas; "
     "Briefing by Ms. Catherine Bertini, Executive Director of the World Food Programme"),
    ("s-pv-10011.en.pdf", "Mr. Nebenzia/Ms. Zabolotskaya (Russian Federation)", 14,
     "Women and peace and security"),
])
def test_cover_page_goes_to_the_details(name, president, members, agenda):
    document = parsed(name)
    assert not [p.text for p in document.paragraphs if _COVER_RE.search(p.text)]
    assert document.paragraphs[0].text.startswith("The meeting was called to order")
    assert document.details["president"] == president
    pairs = document.details["members"].split("; ")
    assert len(pairs) == members and all(re.fullmatch(r"[^:]+: (?:Mr|Mrs|Ms)\. .+", p)
                                         for p in pairs)
    assert document.details["agenda_title"] == agenda
    # what the cover said no longer shifts the record's own anchors
    assert document.paragraphs[0].anchor != "p1"


def test_members_are_paired_with_their_states():
    document = parsed("s-pv-10011.en.pdf")
    pairs = dict(pair.split(": ", 1) for pair in document.details["members"].split("; "))
    assert pairs["China"] == "Mr. Fu Cong"
    assert pairs["Sierra Leone"] == "Ms. Mahoi"
    assert pairs["United Kingdom of Great Britain and Northern Ireland"] == "Mr. Young"


# the cover and first lines of A/66/PV.82 (a vdocuments.fr copy of the ODS PDF), the
# members list of a Security Council record in French form after them
_FRENCH_RECORD = """---
symbol: A/66/PV.82
lang: fr
---

Ce procès-verbal contient le texte des déclarations prononcées en français et
l’interprétation des autres déclarations.

Président : M. Al-Nasser ........................................... (Qatar)

Membres : Algérie . . . . . . . . . . . . . . . . . . . . . . Mme Messaoud

Chine . . . . . . . . . . . . . . . . . . . . . . . . . . M. Fu Cong

## Ordre du jour

Rapports de la Sixième Commission

En l’absence du Président, Mme Kamara (Libéria), Vice-Présidente, assume la présidence.

La séance est ouverte à 15 h 10.

La Présidente par intérim (parle en anglais) : L’Assemblée générale va maintenant examiner
les rapports de la Sixième Commission.
"""


def test_a_french_record_in_text_loses_its_cover_too():
    document = parse_text(_FRENCH_RECORD, "a-66-pv-82.fr.md")
    assert [p.text[:24] for p in document.paragraphs] == [
        "En l’absence du Présiden", "La séance est ouverte à ", "La Présidente par intéri"]
    assert document.details == {"president": "M. Al-Nasser (Qatar)",
                                "members": "Algérie: Mme Messaoud; Chine: M. Fu Cong",
                                "agenda_title": "Rapports de la Sixième Commission"}
    assert document.paragraphs[2].speaker == "La Présidente par intérim"


def test_show_prints_the_cover_details_and_search_finds_no_cover(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(sample("s-pv-4507.en.pdf"), folder / "S_PV.4507-EN.pdf")
    index = ["--index", str(tmp_path / "ix")]
    runner = CliRunner()
    result = runner.invoke(cli, ["index", str(folder), "--quiet", *index])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["show", "S/PV.4507", "--format", "json", *index])
    assert shown.exit_code == 0, shown.output
    details = json.loads(shown.output)["details"]
    assert details["president"] == "Mr. Lavrov (Russian Federation)"
    assert "China: Mr. Zhang Yishan" in details["members"]
    found = runner.invoke(cli, ["search", "Bertini", "--format", "json", "--limit", "100",
                                *index])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.output)["hits"]
    assert hits and all(1 not in hit["pages"] for hit in hits)  # the cover is page 1


_TEXTS = st.sampled_from([
    "This record contains the text of speeches delivered in English.",
    "President: Mr. Lavrov . . . . . . (Russian Federation)",
    "China . . . . . . . . Mr. Zhang Yishan", "Agenda", "Food aid",
    "The meeting was called to order at 11.50 a.m.", "The President: Thank you.",
    "In the absence of the President, Mr. Yap took the Chair.", ""])


@given(st.lists(st.tuples(_TEXTS, st.sampled_from(["text", "heading"]),
                          st.sampled_from([(), (1,), (2,)])), max_size=20))
def test_split_cover_keeps_the_rest_in_order(items):
    paragraphs = [Paragraph(f"p{i}", i, kind, (), text or "x", (i, i), pages)
                  for i, (text, kind, pages) in enumerate(items, start=1)]
    kept, details = split_cover(paragraphs, lambda p: [p.text])
    assert [p.anchor for p in kept] == [p.anchor for p in paragraphs if p in kept]
    opened = next((i for i, p in enumerate(paragraphs) if p.text.startswith("The meeting")), None)
    if opened is not None:  # nothing from the opening on is ever dropped
        assert kept[-(len(paragraphs) - opened):] == paragraphs[opened:]
    assert set(details) <= {"president", "members", "agenda_title"}
