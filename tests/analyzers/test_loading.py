"""Lazy loading, pickling, jieba's silence and cache location (in subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import whoosh


def run(code: str, root, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(root) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=root, env=full_env, capture_output=True, text=True, timeout=120,
    )


def test_import_build_and_unpickle_do_not_load_jieba(root):
    res = run(
        """
        import pickle, sys
        from undocs import analyzers
        for lang in analyzers.LANGS:
            for a in (analyzers.analyzer_for(lang), analyzers.exact_analyzer_for(lang)):
                b = pickle.loads(pickle.dumps(a))
                assert b == a, lang
        list(analyzers.analyzer_for("en")("United Nations"))
        assert "jieba" not in sys.modules and "opencc" not in sys.modules
        print("ok")
        """,
        root,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


def test_jieba_silent_and_cached_per_user(root, tmp_path):
    xdg = tmp_path / "xdg"
    code = """
        from undocs import analyzers
        print(analyzers.query_terms("国际合作工作组審議了司法協助", "zh"))
        """
    res = run(code, root, {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(xdg)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "['国际合作工作组', '审议', '了', '司法协助']"
    assert res.stderr == ""
    assert (xdg / "undocs" / "jieba-0.42.1.cache").is_file()
    again = run(code, root, {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(xdg)})
    assert again.stdout == res.stdout and again.stderr == ""
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": ""}
    res = run(code, root, env)
    assert res.returncode == 0 and res.stderr == ""
    assert (tmp_path / ".cache" / "undocs" / "jieba-0.42.1.cache").is_file()


def test_whoosh_is_the_pinned_release():
    assert whoosh.versionstring() == "2.7.4"
