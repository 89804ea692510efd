"""Whoosh loads without `urllib.request` whichever undocs module imports it first."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIM = "undocs.analyzers.whoosh_compat"


def whoosh_importers() -> list[Path]:
    """The modules of the code that import Whoosh at their top level."""
    found = []
    for folder in ("analyzers", "indexer", "search", "web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(_module(node).split(".")[0] == "whoosh" for node in tree.body):
                found.append(path)
    return found


def _module(node: ast.stmt) -> str:
    """What a top-level statement imports (`.whoosh_compat` for `from . import
    whoosh_compat`), "" for any other statement."""
    if isinstance(node, ast.Import):
        return node.names[0].name
    if isinstance(node, ast.ImportFrom):
        return "." * node.level + (node.module or node.names[0].name)
    return ""


@pytest.mark.parametrize("path", whoosh_importers(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_that_imports_whoosh_imports_the_shim_before(path):
    """In `analyzers`, the package's `__init__` imports it before any submodule runs;
    elsewhere the module itself must, above its first Whoosh import (ruff's isort keeps
    it in a section of its own, before third-party imports)."""
    if path.parent.name == "analyzers":
        path = path.parent / "__init__.py"
    modules = [_module(node) for node in ast.parse(path.read_text(encoding="utf-8")).body]
    first_whoosh = next((i for i, m in enumerate(modules) if m.split(".")[0] == "whoosh"),
                        len(modules))
    assert {SHIM, ".whoosh_compat"} & set(modules[:first_whoosh]), path


def test_whoosh_compat_keeps_a_real_urllib_request_and_urlretrieve(tmp_path):
    """The placeholder stood in during one import only: `urllib.request` is the real
    module afterwards, and Whoosh's `urlretrieve` reaches the real function."""
    source = tmp_path / "page.txt"
    source.write_text("fetched")
    code = ("import sys\n"
            "import undocs.indexer.build, undocs.search.searcher, whoosh.compat\n"
            "assert 'urllib.request' not in sys.modules, 'loaded'\n"
            "import urllib.request\n"
            "assert urllib.request.urlopen and urllib.request.__file__\n"
            f"path, _ = whoosh.compat.urlretrieve({source.as_uri()!r}, "
            f"{str(tmp_path / 'copy')!r})\n"
            "print(open(path).read())\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "fetched"
