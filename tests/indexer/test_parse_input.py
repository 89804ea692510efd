"""Bad and unusual input, and the parser's invariants over arbitrary text."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undocs.indexer import ParseError, parse_bytes, parse_file, parse_text
from undocs.indexer.markup import clean_line


def test_empty_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "empty.en.md"
    path.write_bytes(b"")
    with pytest.raises(ParseError) as err:
        parse_file(path)
    assert str(err.value).startswith(str(path)) and "empty" in str(err.value)


def test_binary_file_is_refused():
    with pytest.raises(ParseError, match=r"x\.md: binary file \(NUL byte at byte offset 4\)"):
        parse_bytes(b"%PDF\x00\x01\x02", "x.md")


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(ParseError, match="invalid UTF-8 at byte offset 6"):
        parse_bytes(b"1. ab " + b"\xff\xfe rest", "bad.en.md")


def test_utf8_with_bom():
    document = parse_bytes(codecs.BOM_UTF8 + b"1. First.\n\n2. Second.", "x.en.md")
    assert [p.text for p in document.paragraphs] == ["1. First.", "2. Second."]


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    # UTF-32 LE's BOM begins with UTF-16 LE's: it was read as UTF-16
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_utf16_and_utf32_with_bom(codec, bom):
    data = bom + "### 第一条\n\n一、维持国际和平及安全。".encode(codec)
    document = parse_bytes(data, "charter.zh.md")
    assert [p.anchor for p in document.paragraphs] == ["art1", "art1(1)"]
    assert document.paragraphs[1].text == "一、维持国际和平及安全。"


def test_crlf_line_ends():
    document = parse_bytes(b"1. First line\r\ncontinued.\r\n\r\n2. Second.\r\n", "x.en.md")
    assert [p.text for p in document.paragraphs] == ["1. First line continued.", "2. Second."]
    assert document.paragraphs[0].lines == (1, 2)


def test_twenty_megabytes_without_a_line_break():
    data = ("word " * 4_200_000).encode()
    assert len(data) > 20_000_000
    document = parse_bytes(data, "huge.en.md")
    assert len(document.paragraphs) == 1
    assert len(document.paragraphs[0].text) == len(data) - 1


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="No such file"):
        parse_file(tmp_path / "nope.en.md")


def test_front_matter_in_any_case_and_language_key():
    text = "---\nSymbol: S/RES/2712 (2023)\nLANGUAGE: Fr\ndate: 2023-11-15\n---\n\n1. Texte."
    document = parse_text(text, "whatever.md")
    assert (document.symbol, document.lang, document.date) == ("S/RES/2712 (2023)", "fr",
                                                               "2023-11-15")


@pytest.mark.parametrize("header,expected", [
    ("Distr. GENERAL\n\nE/CN.4/1998/53\n2 October 1998\n\nRUSSIAN\nORIGINAL: FRENCH",
     ("General", "1998-10-02", "ru", "fr", "E/CN.4/1998/53")),
    ("Distr. générale\n11 septembre 1998\n\nFrançais\nOriginal : anglais",
     ("General", "1998-09-11", "fr", "en", "doc")),
    ("Distr. general\n15 de junio de 1998\nEspañol\nOriginal: inglés",
     ("General", "1998-06-15", "es", "en", "doc")),
])
def test_header_block_in_the_languages_that_translate_it(header, expected):
    document = parse_text(f"{header}\n\n1. Text of the first paragraph.", "doc.md")
    got = (document.distribution, document.date, document.lang, document.original,
           document.symbol)
    assert got == expected
    assert [p.anchor for p in document.paragraphs] == ["1"]


def test_symbol_falls_back_to_file_name_without_language_suffix():
    assert parse_text("Some text.", "udhr.zh.md").symbol == "udhr"
    assert parse_text("Some text.", "dir/udhr.md").symbol == "udhr"


def test_footer_noise_is_not_text():
    text = "1. A paragraph that runs\n\n15-07848 (E)\n*1507848*\n3/9\n\nover a page break.\n"
    document = parse_text(text, "x.en.md")
    assert [p.text for p in document.paragraphs] == ["1. A paragraph that runs over a page break."]


def test_nested_list_never_lowers_the_numbering():
    text = "1. One.\n2. The agenda:\n1. Opening;\n2. Adoption.\n3. Three."
    document = parse_text(text, "x.en.md")
    assert [p.anchor for p in document.paragraphs] == ["1", "2", "3"]


def test_roman_sub_paragraphs_and_the_letter_i():
    text = "4. Intro:\n(a) a;\n(b) b:\n(i) one;\n(ii) two;\n(c) c;\n(d) d;\n(e) e;\n(f) f;\n" \
           "(g) g;\n(h) h;\n(i) the letter i."
    anchors = [p.anchor for p in parse_text(text, "x.en.md").paragraphs]
    assert anchors == ["4", "4(a)", "4(b)", "4(b)(i)", "4(b)(ii)", "4(c)", "4(d)", "4(e)",
                       "4(f)", "4(g)", "4(h)", "4(i)"]


def test_french_article_premier_and_lettered_without_parenthesis():
    text = "### Article premier\n\n1. Texte :\n\na) premier point ;\n\nb) second point."
    anchors = [p.anchor for p in parse_text(text, "x.fr.md").paragraphs]
    assert anchors == ["art1", "art1(1)", "art1(1)(a)", "art1(1)(b)"]


def test_numbered_annex_prefix():
    text = "1. Decides.\n\nAnnex II\n\n1. First of the annex.\n2. Second."
    anchors = [p.anchor for p in parse_text(text, "x.en.md").paragraphs]
    assert anchors == ["1", "annexII", "annexII.1", "annexII.2"]


# -- properties over arbitrary text ---------------------------------------------------------

_pieces = st.sampled_from([
    "1. ", "2. ", "3. ", "12. ", "(a) ", "b) ", "(ii) ", "一、", "### ", "## ", "**", "# ",
    "Article 3", "第三条", "Annex", "[^1]: ", "[x](#)", "---", "15-07848 (E)", "*1507848*",
    "\n", "\n\n", "  ", "\u3000", "。", ".", ";", "word", "Word", "联合国", "合作", "Статья 2",
    "المادة", "é", "e\u0301", "8 6. We", "(", ")", "-", "Distr.: General", "2 October 2023",
])
_texts = st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=60).map("".join)


def _nonspace(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_parser_never_raises_and_loses_nothing(text):
    text = text.replace("\r", "\n")
    if text.lstrip().startswith("---"):
        text = "x" + text  # front matter is tested elsewhere
    document = parse_text(text, "prop.en.md")
    anchors = [p.anchor for p in document.paragraphs]
    assert len(anchors) == len(set(anchors))
    header = set(document.header_lines)
    expected = "".join(
        _nonspace(clean_line(number, line).text)
        for number, line in enumerate(text.split("\n"), start=1)
        if number not in header
    )
    assert _nonspace("".join(p.text for p in document.paragraphs)) == expected
    for paragraph in document.paragraphs:
        first, last = paragraph.lines
        assert 1 <= first <= last <= text.count("\n") + 1
