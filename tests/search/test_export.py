"""Citation export: the files `cite`/`search --format bibtex|csl-json|ris` write, read
back by real parsers of each format (bibtexparser, rispy, citeproc-py for CSL-JSON with
the CSL schema's type and variable lists it ships; every CSL-JSON export is also valid
against the published JSON Schema `csl-data.json`), and the short citation form that
`cite` reads back for every paragraph of the corpus."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.search.csl_schema import schema_errors, valid_csl_json
from undocs.search.cli import cli
from undocs.search.export import _BIBTEX_SPECIAL, export, paragraph_label, short_citation


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def bibtex_entries(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return [{f.key: f.value for f in entry.fields} | {"ID": entry.key, "TYPE": entry.entry_type}
            for entry in library.entries]


def test_bibtex_of_a_citation(index_args):
    [entry] = bibtex_entries(run("cite", "A/RES/80/9, annex, para. 3", "--format", "bibtex",
                                 *index_args))
    assert entry["TYPE"] == "misc"
    assert entry["title"] == ("2025 Political Declaration on the Implementation of the United "
                              "Nations Global Plan of Action to Combat Trafficking in Persons")
    assert entry["author"] == "{United Nations}"  # a corporate author, not "Nations, U."
    assert (entry["number"], entry["note"], entry["language"]) == \
        ("A/RES/80/9", "annex, para. 3", "en")
    assert (entry["year"], entry["date"]) == ("2025", "2025-11-25")
    assert entry["url"] == "https://undocs.org/en/A/RES/80/9"


def test_every_version_of_a_citation_is_an_entry(index_args):
    entries = bibtex_entries(run("cite", "un-charter Article 2, paragraph 4", "--format",
                                 "bibtex", *index_args))
    assert [e["language"] for e in entries] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert len({e["ID"] for e in entries}) == 6
    # a symbol taken from a file name has no permanent link on the UN's resolver
    assert all("url" not in e for e in entries)


def test_ris_of_search_hits(index_args):
    text = run("search", "trafficking", "--symbol", "A/RES/80/9", "--limit", "3", "--format",
               "ris", *index_args)
    entries = rispy.loads(text)
    assert len(entries) == 3
    for entry in entries:
        assert entry["type_of_reference"] == "GEN"
        assert entry["authors"] == ["United Nations"]
        assert entry["note"] == "A/RES/80/9"  # M1, Zotero's document number
        assert entry["notes"][0].startswith(("para. ", "annex, para. ", "¶", "preambular"))
        assert entry["language"] == "en"
        assert entry["year"] == "2025" and entry["date"] == "2025/11/25"
        assert entry["urls"] == ["https://undocs.org/en/A/RES/80/9"]


CSL_SCHEMA = Path(__import__("citeproc").__file__).parent / "data/schema/schemas/styles"


def csl_vocabulary(name: str) -> set[str]:
    return set(re.findall(r'"([A-Za-z-]+)"', (CSL_SCHEMA / name).read_text(encoding="utf-8")))


def test_csl_json_reads_into_citeproc_and_uses_the_schemas_names(index_args):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = valid_csl_json(run("search", "nations", "--symbol", "A/RES/*", "--limit", "2",
                               "--format", "csl-json", *index_args))
    assert len(items) == 2
    types, variables = csl_vocabulary("csl-types.rnc"), csl_vocabulary("csl-variables.rnc")
    for item in items:
        assert item["type"] in types
        assert set(item) - {"id", "type"} <= variables
        assert item["issued"]["date-parts"][0][0] == 2025
        assert item["number"].startswith("A/RES/80/") and item["language"] == "en"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc warns of every key it does not know
        source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"].lower())]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 2
    assert all(r.startswith("United Nations (2025)") and "https://undocs.org/" in r
               for r in rendered)


@pytest.mark.parametrize(("anchor", "label"), [
    ("3", "para. 3"), ("4(b)", "para. 4 (b)"), ("4(b)(ii)", "para. 4 (b) (ii)"),
    ("art2", "Art. 2"), ("art2(4)", "Art. 2 (4)"), ("annex.3", "annex, para. 3"),
    ("annexII.3", "annex II, para. 3"), ("pp2", "preambular para. 2"), ("fn8", "¶fn8"),
    ("3.6.1", "para. 3.6.1"), ("p12", "¶p12"),
])
def test_paragraph_labels(anchor, label):
    assert paragraph_label(anchor) == label


def test_cite_reads_back_the_short_form_of_every_paragraph(searcher):
    """The copy button's text is a citation `cite` resolves to the same paragraph."""
    checked = 0
    for record in searcher.documents():
        outline = searcher.outline(record["symbol"], record["lang"])
        for entry in outline.entries:
            text = f"{short_citation(outline.symbol, entry.anchor)} ({outline.lang})"
            [hit] = searcher.cite(text).hits
            assert (hit.lang, hit.anchor) == (outline.lang, entry.anchor), text
            checked += 1
    assert checked == 4687


_UNESCAPE = {value: key for key, value in _BIBTEX_SPECIAL.items()}
_UNESCAPE_RE = re.compile("|".join(re.escape(v) for v in sorted(_UNESCAPE, key=len,
                                                                   reverse=True)))

HIT = {"symbol": "A/RES/80/6", "lang": "en", "anchor": "3", "date": "2025-11-21"}


def expected_title(title: str) -> str:
    """The title as references carry it: a header's trailing colon dropped, the symbol
    for a title that is nothing else."""
    return title.rstrip(" :;,") or HIT["symbol"]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_title_survives_bibtex(title):
    [entry] = bibtex_entries(export("bibtex", [{**HIT, "title": title}]))
    assert _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], entry["title"]) == \
        " ".join(expected_title(title).split())


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_title_survives_ris_and_csl_json(title):
    [entry] = rispy.loads(export("ris", [{**HIT, "title": title}]))
    assert entry["title"] == " ".join(expected_title(title).split())
    [item] = valid_csl_json(export("csl-json", [{**HIT, "title": title}]))
    assert item["title"] == expected_title(title)


@pytest.mark.parametrize("args", [
    ["cite", "A/RES/80/9, annex, para. 3", "--context", "1"],
    ["cite", "un-charter Article 2, paragraph 4"],  # six languages, no permanent link
    ["search", '"国际合作" 引渡', "--limit", "20", "--parallel", "all"],
    ["search", "agenda:74", "--limit", "100"],
    ["source", "在隨後的對話中，一些發言者提及在引渡和司法協助案件中適用雙重犯罪要求"],
], ids=["cite", "cite-languages", "search", "search-agenda", "source"])
def test_csl_json_of_cite_search_and_source_is_valid_against_the_schema(index_args, args):
    items = valid_csl_json(run(*args, "--format", "csl-json", *index_args))
    assert items and len({item["id"] for item in items}) == len(items)


def test_the_schema_check_refuses_what_csl_does_not_define():
    [item] = valid_csl_json(export("csl-json", [{**HIT, "title": "Report"}]))
    assert schema_errors([{**item, "type": "resolution"}])
    assert schema_errors([{**item, "symbol": "A/RES/80/6"}])  # a key CSL does not have
    assert schema_errors([{**item, "issued": {"date-parts": [[2025, 11, 21, 9]]}}])
    assert schema_errors([{k: v for k, v in item.items() if k != "id"}])


@settings(max_examples=150, deadline=None)
@given(symbol=st.text(min_size=1, max_size=20), anchor=st.text(min_size=1, max_size=12),
       lang=st.sampled_from(["ar", "zh", "en", "fr", "ru", "es"]),
       date=st.sampled_from(["", "1945", "2023-10", "2025-11-21"]),
       title=st.one_of(st.none(), st.text(max_size=40)))
def test_any_hit_exports_valid_csl_json(symbol, anchor, lang, date, title):
    hit = {"symbol": symbol, "lang": lang, "anchor": anchor, "date": date, "title": title}
    [item] = valid_csl_json(export("csl-json", [hit]))
    assert item["number"] == symbol and ("issued" in item) == bool(date)
