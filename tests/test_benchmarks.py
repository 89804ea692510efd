"""benchmarks/scale.py at a tiny size, so that the instrument issue 15 is measured with
cannot rot: two sizes of a few hundred paragraphs, no tantivy, two updates."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import corpusgen  # noqa: E402
import scale  # noqa: E402
from scalekit import cache, queries, report, updates  # noqa: E402

SEED = 4  # its first 900 paragraphs give all six query classes


@pytest.fixture(scope="module", autouse=True)
def corpus_parsed_once():
    """`corpusgen` parses the bundled corpus on every call: once is enough here."""
    pools = corpusgen.corpus_paragraphs()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpusgen, "corpus_paragraphs", lambda corpus=corpusgen.CORPUS: pools)
        yield


def test_sizes_read_as_the_issue_writes_them():
    assert [cache.parse_size(s) for s in ("100k", "300K", "1M", "600", "1.5k")] == [
        100_000, 300_000, 1_000_000, 600, 1_500]
    assert [cache.size_label(n) for n in (100_000, 1_000_000, 600, 1_500)] == [
        "100k", "1M", "600", "1.5k"]
    with pytest.raises(ValueError, match="12x"):
        cache.parse_size("12x")
    with pytest.raises(SystemExit):
        scale.parse_args(["--sizes", "100k,lots"])


def test_slope_is_the_log_log_growth():
    assert report.slope([100_000, 1_000_000], [10.0, 100.0]) == pytest.approx(1.0)
    assert report.slope([1, 10, 100], [5.0, 5.0, 5.0]) == pytest.approx(0.0)
    assert report.slope([1, 4], [1.0, 2.0]) == pytest.approx(0.5)
    assert report.slope([1, 10], [3.0, None]) is None


def test_cache_key_follows_the_code_that_writes_the_index(tmp_path, monkeypatch):
    """A changed analyzer or indexer file gives another cache entry, never the old index."""
    copies = {}
    for name in ("undocs.indexer", "undocs.analyzers"):
        source = cache.package_folder(name)
        copies[name] = tmp_path / name
        shutil.copytree(source, copies[name], ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "package_folder", lambda name: copies[name])
    before = cache.entry_for(tmp_path / "cache", 100_000, 0).folder.name
    schema = copies["undocs.indexer"] / "schema.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = cache.entry_for(tmp_path / "cache", 100_000, 0).folder.name
    assert before.startswith("100k-seed0-schema") and after.startswith("100k-seed0-schema")
    assert before != after


def test_every_size_begins_with_the_documents_the_queries_come_from(tmp_path):
    small = corpusgen.generate(tmp_path / "small", 0.05, SEED)
    large = corpusgen.generate(tmp_path / "large", 0.15, SEED)
    assert large.files > small.files
    for path in small.folder.iterdir():
        assert (large.folder / path.name).read_bytes() == path.read_bytes()
    first = queries.draw(SEED, 4, 0.1)
    assert [qc.queries for qc in first] == [qc.queries for qc in queries.draw(SEED, 4, 0.1)]
    queries.save(first, tmp_path / "q.json")
    assert queries.load(tmp_path / "q.json") == first


def test_two_tiny_sizes_measure_every_figure(tmp_path, capsys):
    args = scale.parse_args(["--sizes", "1600,800", "--cache", str(tmp_path / "cache"),
                             "--seed", str(SEED), "--queries", "3", "--cold", "1",
                             "--updates", "2", "--update-files", "3", "--query-mb", "0.15",
                             "--no-tantivy"])
    assert args.size_list == [800, 1600]
    classes = queries.draw(args.seed, args.queries, 0.15)
    assert len(classes) == 6
    work = tmp_path / "work"
    work.mkdir()
    query_file = work / "queries.json"
    queries.save(classes, query_file)
    results = [scale.measure_size(n, args, query_file, classes, work, with_tantivy=False)
               for n in args.size_list]
    small, large = results
    assert small.paragraphs < large.paragraphs
    for r in results:
        assert r.build["cpu_s"] > 0 and r.build["peak_pss_mb"] > 0
        assert r.index_bytes > r.text_bytes  # what index / text divides
        assert r.warm["open_s"] > 0 and r.warm["rss_mb"] > r.warm["rss_before_open_mb"] > 0
        assert 0 < r.warm["rss_anon_mb"] < r.warm["rss_mb"]  # the heap, and mapped pages
        assert 0 < r.warm["rss_file_mb"] < r.warm["rss_mb"]
        assert set(r.warm["timings"]) == {qc.name for qc in classes}
        assert set(r.cold) == {"zh", "en"}
        assert all(len(t["wall"]) == len(t["cpu"]) == 1 for t in r.cold.values())
        assert set(r.warm["cpu"]) == set(r.warm["timings"])
        assert len(r.updates) == 2 and r.updates[-1].segments >= 1
    for qc in classes:
        # drawn from documents both sizes hold: found at each, never fewer at the larger
        ours, theirs = small.warm["totals"][qc.name], large.warm["totals"][qc.name]
        if not qc.symbol:  # a word drawn from any English file may miss GEN/EN/1*
            assert min(ours) >= 1, qc.name
        assert all(a <= b for a, b in zip(ours, theirs, strict=True)), qc.name

    # the updates ran on a copy: the cached index is as built and is reused as it is
    entry = cache.entry_for(args.cache, 1600, SEED)
    assert updates.segment_count(entry.index) == large.segments_before
    record, reused = cache.ensure(entry, args.jobs)
    assert reused and record == json.loads(entry.record.read_text(encoding="utf-8"))

    capsys.readouterr()
    report.print_growth(results)
    growth = capsys.readouterr().out
    p95 = next(line for line in growth.splitlines() if "warm p95 zh phrase" in line)
    assert len(p95.split()) >= 8  # two sizes, a slope and the aim
    assert "aims checked at 1.6k (aims are for 1M)" in growth


def test_words_are_drawn_whole_from_decomposed_text():
    import unicodedata

    import query

    text = "Les équipements nécessaires à la sécurité des opérations de paix"
    paras = [query.Para(f"A/{n}", lang, str(n), unicodedata.normalize("NFD", text))
             for n, lang in enumerate(["fr"] * 30 + ["en"] * 3)]
    classes = query.make_classes(paras, 5, seed=1)
    words = next(qc for qc in classes if qc.name.endswith("word")).queries
    whole = set(unicodedata.normalize("NFC", text).split())
    assert words and set(words) <= whole  # never `quipements` cut from `e` + U+0301


def test_paired_refuses_a_checkout_without_its_environment_in_one_line(tmp_path):
    import paired

    with pytest.raises(SystemExit) as refused:
        paired.main([str(tmp_path / "index"), "--vs", str(tmp_path / "other")])
    assert str(refused.value).startswith("paired.py: ") and "has no .venv" in str(refused.value)


def test_paired_says_in_one_line_why_a_warm_run_failed(tmp_path):
    """A checkout whose warm run fails (here: no index) is named, with the last line
    of what it printed, not a traceback of the subprocess call."""
    import paired

    checkout = BENCHMARKS.parent
    with pytest.raises(SystemExit) as failed:
        paired.run_warm(checkout, tmp_path / "no-index", tmp_path / "queries.json")
    message = str(failed.value)
    assert message.startswith(f"paired.py: the warm run in {checkout} failed: ")
    assert "\n" not in message


def test_paired_quantiles_are_those_scale_prints():
    import paired

    values = [n / 1000 for n in range(1, 51)]
    assert paired._p(values, 0.5) == pytest.approx(report._ms(values)[0])
    assert paired._p(values, 0.95) == pytest.approx(report._ms(values)[1])
