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
    if args[0] in ("--help", "parse"):
        assert whoosh == "False"
    assert searcher == ("True" if args[0] == "search" else "False")


# What Whoosh's `whoosh.compat` would import (see analyzers/whoosh_compat.py), what only
# Chinese segmentation needs (jieba, logging) and what only `cite` needs (its grammar).
NEVER_AT_START = ["urllib.request", "http.client", "email.parser", "ssl", "socket", "jieba",
                  "logging", "undocs.search.citing", "undocs.search.names"]


@pytest.mark.parametrize("query", ["human rights", "国际合作 引渡"])
def test_a_search_process_loads_no_network_module_nor_jieba(full_index, query):
    """The start-up work an English or Chinese `undocs search` is spared, checked in a
    process of its own that runs the command as the console script does."""
    index_dir, _ = full_index
    out = _python(
        "import contextlib, io, json, sys\n"
        "from undocs.web.command import main\n"
        "from undocs.analyzers import han\n"
        f"sys.argv = ['undocs', 'search', {query!r}, '--index', {str(index_dir)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()) as shown:\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as end:\n"
        "        assert end.code == 0, end.code\n"
        f"loaded = [name for name in {NEVER_AT_START!r} if name in sys.modules]\n"
        "print(json.dumps([shown.getvalue().split()[0], loaded,"
        " han.han_re.cache_info().currsize]))\n")
    hits, loaded, han_patterns = json.loads(out)
    assert int(hits.replace(",", "")) > 0
    assert loaded == []
    # an ASCII query compiles no Chinese character class, not even to search `text_zh`
    assert han_patterns == (0 if query.isascii() else 1)

