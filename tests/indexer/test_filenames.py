"""Symbols and languages from file names as ODS serves them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from undocs.indexer.filenames import name_lang, ods_name, split_name


@pytest.mark.parametrize("name,expected", [
    ("A_RES_80_39-EN.pdf", ("A/RES/80/39", "en")),
    ("S_RES_2803 (2025)-EN.pdf", ("S/RES/2803 (2025)", "en")),
    ("S_PV.10011-EN.pdf", ("S/PV.10011", "en")),
    ("A_80_604_Add.1-FR.docx", ("A/80/604/Add.1", "fr")),
    ("N2607585E.pdf", ("", "en")),
    ("N2534567.pdf", ("", "")),
    ("report.pdf", ("", "")),
])
def test_ods_names(name, expected):
    assert ods_name(name) == expected


def test_name_lang_reads_both_conventions():
    assert name_lang("report.ru.pdf") == "ru"
    assert name_lang("A_C.4_SR.985-FR.pdf") == "fr"
    assert name_lang("N7133758R.pdf") == "ru"


@given(st.text(max_size=40))
def test_file_names_never_break_the_readers(name):
    symbol, lang = ods_name(name)
    assert lang in ("", "ar", "zh", "en", "fr", "ru", "es")
    assert split_name(name)[0] or not name or name.startswith(".")
