"""The ODS job number (`25-19831 (E)` in the first page's footer) is kept in a document's
`details` as `job`, though the footer filter keeps it out of the text; `show` and
`stats --format json` carry it. The numbers are those `../shared/corpus-pdf/PROVENANCE.md`
reads off each file."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from tests.indexer.samples import sample
from undocs.indexer import parse_file
from undocs.search.cli import cli

JOBS = {
    "a-res-80-39.en.pdf": "25-19831",
    "a-res-70-10.en.pdf": "15-16764",
    "s-res-2803-2025.en.pdf": "25-18686",
    "s-2025-378.en.pdf": "25-09624",
    "a-80-604-add1.en.pdf": "26-04887",
    "a-80-604-add1.en.docx": "26-04887",  # from the first page's footer part
    "s-pv-10011.en.pdf": "25-25750",
    "s-pv-4507.en.pdf": "02-31542",
}


@pytest.mark.parametrize("name,job", sorted(JOBS.items()))
def test_the_job_number_is_metadata_not_text(name, job):
    document = parse_file(sample(name))
    assert document.details["job"] == job
    assert not any(job in paragraph.text for paragraph in document.paragraphs)


def test_a_file_without_a_job_number_has_none():
    assert "job" not in parse_file(sample("a-c4-sr-985.fr.pdf")).details


def test_show_and_stats_json_carry_the_job(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a-res-80-39.en.pdf", "a-c4-sr-985.fr.pdf"):
        shutil.copy(sample(name), folder / name)
    index = ["--index", str(tmp_path / "ix")]
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(folder), "-q", "-j", "1", *index]).exit_code == 0
    shown = runner.invoke(cli, ["show", "A/RES/80/39", "--format", "json", *index])
    assert json.loads(shown.output)["details"]["job"] == "25-19831"
    stats = json.loads(runner.invoke(cli, ["stats", "--format", "json", *index]).output)
    jobs = {d["symbol"]: d.get("job") for d in stats["document_details"]}
    assert jobs == {"A/RES/80/39": "25-19831", "A/C.4/SR.985": None}
