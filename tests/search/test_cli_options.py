"""The command line's surface: options against query words (issues 13.1, 14.8), bare
`undocs`, a closed pipe, a C locale; through the real entry point `main()`, and as
processes where the process itself is the point."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undocs.search.cli import cli, main
from undocs.search.cli.words import split_query_words


def run_main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `undocs ARGS` through `main()`."""
    monkeypatch.setattr(sys, "argv", ["undocs", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    return done.value.code or 0, out, err


def undocs(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "undocs.search", *map(str, args)],
                          capture_output=True, timeout=120, env=env, **kwargs)


def total(monkeypatch, capsys, index_args, *args) -> int:
    status, out, err = run_main(monkeypatch, capsys, "search", "--format", "json", *index_args,
                                *args)
    assert status == 0, err
    return json.loads(out)["total"]


@pytest.mark.parametrize("words, equivalent", [
    (["nations", "-health"], "nations NOT health"),
    (["-rights"], "NOT rights"),
    (["-美国", "--lang", "zh"], "NOT 美国 lang:zh"),
    (["--", "-美国", "--lang"], "NOT 美国 NOT lang"),
    (["--lang", "en", '-"human rights"', "-hope"], 'lang:en NOT "human rights" NOT hope'),
])
def test_a_dash_word_is_an_exclusion_not_a_cluster_of_flags(monkeypatch, capsys, index_args,
                                                          words, equivalent):
    # `undocs search nations -health` used to print the help (`-h`) and exit 0
    found = total(monkeypatch, capsys, index_args, *words)
    assert found == total(monkeypatch, capsys, index_args, equivalent) > 0


def test_count_takes_an_exclusion_word(monkeypatch, capsys, index_args):
    status, out, err = run_main(monkeypatch, capsys, "count", "-human", "--by", "lang",
                                *index_args)
    assert status == 0, err
    assert out.splitlines()[0].startswith("lang") and "Usage" not in out
    assert int(out.splitlines()[-1].split()[1]) == total(monkeypatch, capsys, index_args,
                                                         "NOT human")


@pytest.mark.parametrize("args, message", [
    (["search", "human rights", "--limt", "2"],
     "undocs search: no such option --limt; did you mean --limit?"),
    (["search", "human rights", "--sinse", "2020"],
     "undocs search: no such option --sinse; did you mean --since"),
    (["search", "human rights", "-x", "5"], "undocs search: no such option -x"),
    (["search", "human rights", "-l", "en"],
     "undocs search: no such option -l; did you mean --lang or --limit?"),
    (["search", "human rights", "-limit", "5"],
     "undocs search: no such option -limit; did you mean --limit?"),
    (["count", "human rights", "--by", "lang", "--limt", "3"],
     "undocs count: no such option --limt"),
    (["kwic", "rights", "--widht", "10"],
     "undocs kwic: no such option --widht; did you mean --width?"),
    (["cite", "untoc 5", "--lagn", "en"],
     "undocs cite: no such option --lagn; did you mean --lang?"),
    (["source", "human rights", "--limt", "2"],
     "undocs source: no such option --limt; did you mean --limit?"),
    (["show", "untoc", "--lagn", "en"], "undocs show: no such option --lagn; did you mean --lang?"),
    (["stats", "--formt", "json"], "undocs stats: no such option --formt; did you mean --format?"),
    (["batch", "--limt", "2"], "undocs batch: no such option --limt; did you mean --limit?"),
])
def test_a_mistyped_option_is_an_error_with_a_suggestion(monkeypatch, capsys, index_args,
                                                          args, message):
    # these used to become query words: "0 hits", exit 0
    status, out, err = run_main(monkeypatch, capsys, *args, *index_args)
    assert status == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1, err


def test_n_is_the_short_limit(monkeypatch, capsys, index_args):
    status, out, _ = run_main(monkeypatch, capsys, "search", "human rights", "-n", "5",
                              "--format", "json", *index_args)
    assert status == 0 and len(json.loads(out)["hits"]) == 5


def test_help_is_still_help(monkeypatch, capsys, index_args):
    for flag in ("-h", "--help"):
        status, out, _ = run_main(monkeypatch, capsys, "search", "nations", flag)
        assert status == 0 and out.startswith("Usage: undocs search [OPTIONS] QUERY...")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["-health", "-美国", "nations", "-", "--lang", "en",
                                 "-n", "3", "--", '-"a b"', "-rights", "--format", "json"]),
                max_size=8))
def test_query_words_keep_their_order_and_options_their_values(tokens):
    """Whatever the mix, the words reach the query in order, untouched."""
    command = cli.get_command(None, "search")
    ctx = command.make_context("search", ["x"])
    try:
        _, words = split_query_words(command, ctx, tokens)
    except click.NoSuchOption:  # the only refusal allowed (`--` … as a value: none here)
        raise AssertionError(tokens) from None
    expected, rest = [], iter(tokens)
    for token in rest:
        if token == "--":
            expected.extend(rest)
            break
        if token in ("--lang", "-n", "--format"):
            next(rest, None)
        else:
            expected.append(token)
    assert words == expected


def test_bare_undocs_prints_the_help_on_stdout():
    # it used to print the help squashed onto one stderr line, exit status 2
    proc = undocs(text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("Usage: undocs [OPTIONS] [COMMAND] [ARGS]...")
    assert "\n  search  " in proc.stdout


@pytest.mark.parametrize("args", [["search", "nations", "--limit", "1000", "--format", "jsonl"],
                                  ["cite", "un-charter Article 2", "--context", "50"]])
def test_a_closed_pipe_is_a_normal_end(full_index, args):
    # `undocs cite … | head -1` used to exit 1
    proc = subprocess.Popen([sys.executable, "-m", "undocs.search", *args, "--index",
                             str(full_index[0])], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_a_chinese_query_under_a_c_locale(full_index):
    # Without Python's UTF-8 mode, argv arrives as ASCII with surrogate escapes: the query
    # used to be "nothing to search for"; printed Chinese must not fail either.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    proc = undocs("search", "国际合作", "--limit", "1", "--index", full_index[0], env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out.startswith("46 hits") and "[国际合作]" in out


def test_the_first_search_builds_with_the_progress_bar_on_a_terminal(tmp_path, small_corpus):
    """The automatic build shows the bar of `undocs index` when stderr is a terminal."""
    import pty
    import select

    master, slave = pty.openpty()
    small = ("import sys, pathlib, undocs.search.cli.options as options; "
             f"options.bundled_corpus_dir = lambda: pathlib.Path({str(small_corpus)!r}); "
             "sys.argv[0] = 'undocs'; from undocs.search.cli import main; main()")
    proc = subprocess.Popen([sys.executable, "-c", small, "search", "nations", "-n", "1",
                             "--index", str(tmp_path / "new")], stdout=subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end is closed
                chunk = b""
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=300) == 0
    assert proc.stdout.read().startswith(b"52 hits")
    terminal = seen.decode("utf-8", "replace")
    assert "building it from the bundled corpus first" in terminal
    assert "indexing" in terminal and "3/3" in terminal
