"""The query path as real processes: start-up work and what a query may load."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import CORPUS


def _python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.parametrize("query", ['"国际合作" 引渡 聯合國', "human rights", "Статья 51"])
def test_queries_never_load_jieba(full_index, query):
    index_dir, _ = full_index
    out = _python(
        "import sys\n"
        "from search import Searcher\n"
        f"s = Searcher({str(index_dir)!r})\n"
        f"r = s.search({query!r}, limit=5)\n"
        "s.count(" f"{query!r}" ", by='lang')\n"
        "print(r.total, 'jieba' in sys.modules)\n")
    total, loaded = out.split()
    assert int(total) > 0 and loaded == "False"


def test_search_as_a_process(full_index):
    index_dir, _ = full_index
    proc = subprocess.run(
        [sys.executable, "-m", "undocs.search", "search", "坦桑尼亚联合共和国", "--index",
         str(index_dir), "--format", "jsonl", "--limit", "1"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    hit = json.loads(proc.stdout)
    assert "[坦桑尼亚联合共和国]" in hit["snippet"]
    bad = subprocess.run([sys.executable, "-m", "undocs.search", "search", "(", "--index",
                          str(index_dir)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.startswith("undocs: query error:") and "Traceback" not in bad.stderr


@pytest.mark.parametrize("args", [["--help"], ["parse", str(CORPUS / "untoc.en.md")],
                                  ["search", "human rights", "--limit", "1"]])
def test_the_command_line_loads_only_what_the_command_needs(full_index, args):
    index_dir, _ = full_index
    if args[0] == "search":
        args = [*args, "--index", str(index_dir)]
    out = _python(
        "import sys\n"
        "from search.cli import cli\n"
        f"cli.main({args!r}, standalone_mode=False)\n"
        "print('jieba' in sys.modules, 'undocs.search.searcher' in sys.modules, "
        "'whoosh' in sys.modules)\n")
    jieba, searcher, whoosh = out.split()[-3:]
    assert jieba == "False"
    if args[0] == "--help":
        assert whoosh == "False"
    assert searcher == ("True" if args[0] == "search" else "False")
