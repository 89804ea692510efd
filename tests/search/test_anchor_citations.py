"""Anchors through the query layer: preambular and operative citations, the header
block's fields (`session:`, `agenda:`), `show` and `stats` with them, the schema version."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from undocs.search.anchor_forms import CitationError, parse_anchors, structural_anchor
from undocs.search.cli import cli


def run(index_args, *args):
    return CliRunner().invoke(cli, [*args, *index_args])


def cite_json(index_args, *args):
    result = run(index_args, "cite", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("typed,anchor", [
    ("PP3", "pp3"), ("pp 3", "pp3"), ("preambular paragraph 3", "pp3"),
    ("third preambular paragraph", "pp3"), ("3rd preambular paragraph", "pp3"),
    ("序言部分第3段", "pp3"), ("序言部分第三段", "pp3"), ("OP5", "5"),
    ("operative paragraph 5", "5"), ("fifth operative paragraph", "5"), ("执行部分第5段", "5"),
    ("troisième alinéa du préambule", "pp3"), ("3e alinéa du préambule", "pp3"),
    ("paragraphe 5 du dispositif", "5"), ("tercer párrafo del preámbulo", "pp3"),
    ("párrafo 5 de la parte dispositiva", "5"), ("третий пункт преамбулы", "pp3"),
    ("пункт 3 преамбулы", "pp3"), ("пункт 5 постановляющей части", "5"),
    ("art2(4)+1", "art2(4)+1"), ("art9.title", "art9.title"), ("chap7", "chap7"),
    ("secIII.A", "secIII.A"), ("intro", "intro"), ("para. 3", None),
])
def test_preambular_and_operative_forms(typed, anchor):
    assert structural_anchor(typed) == anchor


def test_a_preambular_form_without_a_readable_number_is_an_error():
    with pytest.raises(CitationError, match="cannot read the number in 'umpteenth"):
        structural_anchor("umpteenth preambular paragraph")


@pytest.mark.parametrize("typed", ["A/RES/80/6 PP3", "A/RES/80/6 preambular paragraph 3",
                                   "A/RES/80/6 third preambular paragraph",
                                   "A/RES/80/6 序言部分第3段"])
def test_pp3_is_the_paragraph_recognizing_the_court(index_args, typed):
    hit = cite_json(index_args, typed)["hits"][0]
    assert hit["anchor"] == "pp3"
    assert hit["text"].startswith("Recognizing the International Criminal Court")


def test_op5_is_paragraph_5(index_args):
    hit = cite_json(index_args, "A/RES/80/6 OP5")["hits"][0]
    assert hit["anchor"] == "5" and hit["text"].startswith("5. Underlines")


# as a UN summary record writes them (A/C.4/SR.985: `Les paragraphes 1 et 2 du dispositif
# du projet de résolution…`, `…comme le fait le paragraphe 5 du dispositif`)
@pytest.mark.parametrize("typed,anchors", [
    ("paragraphes 1 et 2 du dispositif", ["1", "2"]),
    ("paragraphes 3, 4 et 5 du dispositif", ["3", "4", "5"]),
    ("paragraphe 4 du dispositif (fr)", ["4"]),
])
def test_operative_paragraphs_as_a_summary_record_names_them(typed, anchors):
    assert [anchor for anchor, _ in parse_anchors(typed)[0]] == anchors


def test_a_french_operative_citation_resolves(index_args):
    hits = cite_json(index_args, "A/RES/80/6 paragraphes 1 et 5 du dispositif")["hits"]
    assert [hit["anchor"] for hit in hits] == ["1", "5"]
    assert hits[1]["text"].startswith("5. Underlines")


def test_charter_article_2_paragraph_4_in_all_six_languages(index_args):
    data = cite_json(index_args, "un-charter Article 2, paragraph 4", "--lang", "all")
    assert sorted(h["lang"] for h in data["hits"]) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert {h["anchor"] for h in data["hits"]} == {"art2(4)"}
    english = next(h for h in data["hits"] if h["lang"] == "en")
    assert "threat or use of force" in english["text"]


def test_threat_or_use_of_force_cites_article_2_4(index_args):
    result = run(index_args, "search", '"threat or use of force"', "--lang", "en",
                 "--format", "json")
    assert json.loads(result.stdout)["hits"][0]["citation"] == "un-charter ¶art2(4) (en)"


def test_one_paragraph_article_cites_as_the_article(index_args):
    result = run(index_args, "search", "self-defence", "--lang", "zh,en", "--format", "json")
    citations = {h["citation"] for h in json.loads(result.stdout)["hits"]}
    assert "un-charter ¶art51 (en)" in citations


def test_session_and_agenda_filter_by_the_header_block(index_args):
    def total(query):
        return json.loads(run(index_args, "search", query, "--format", "json").stdout)["total"]

    assert total("court agenda:74") == total("court symbol:A/RES/80/6") > 0
    assert total("court agenda:107") == total("court symbol:A/RES/80/9")
    assert total("trafficking session:80") == total("trafficking symbol:A/RES/80/*") > 0
    assert total("trafficking session:79") == 0
    result = run(index_args, "search", "agenda:seven")
    assert result.exit_code == 2
    assert result.stderr == ("undocs: query error: bad agenda 'seven' in 'agenda:seven' "
                             "(use a number: agenda:74 or 99(r))\n")


def test_show_and_stats_carry_the_header_block(index_args):
    shown = json.loads(run(index_args, "show", "A/RES/80/6", "--format", "json").stdout)
    assert shown["details"] == {
        "session": "Eightieth session", "agenda": "74", "adopted": "2025-11-11",
        "draft": "A/80/L.9", "committee": "none", "resolution": "80/6",
        "title": "Report of the International Criminal Court"}
    assert [e["anchor"] for e in shown["entries"][:3]] == ["intro", "pp1", "pp2"]
    text = run(index_args, "show", "A/RES/80/6").output.splitlines()
    assert text[1].startswith("session: Eightieth session; agenda: 74; adopted: 2025-11-11")
    stats = json.loads(run(index_args, "stats", "--format", "json").stdout)
    details = {(d["symbol"], d["lang"]): d for d in stats["document_details"]}
    assert details[("A/RES/80/6", "en")]["draft"] == "A/80/L.9"
    assert details[("A/RES/80/9", "en")]["adopted"] == "2025-11-24"


def test_an_index_of_the_previous_schema_is_rebuilt(tmp_path, small_corpus):
    from whoosh import fields
    from whoosh import index as whoosh_index

    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    # undocs' fields of version 7 (before Russian and Arabic versions were paired with
    # their siblings), without the current version's marker
    old = fields.Schema(id=fields.ID(stored=True), exact_zh=fields.ID(),
                        undocs_schema_7=fields.ID())
    whoosh_index.create_in(str(index_dir), old).writer().commit()
    result = subprocess.run([sys.executable, "-m", "undocs.search", "index", str(small_corpus),
                             "--index", str(index_dir), "--quiet"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    found = subprocess.run([sys.executable, "-m", "undocs.search", "search", "agenda:74",
                            "--index", str(index_dir), "--format", "json"],
                           capture_output=True, text=True, check=True)
    assert json.loads(found.stdout)["total"] == 59  # A/RES/80/6, every paragraph
