"""The layout's one rule: imports flow one way, analyzers → indexer → search."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"analyzers": {"indexer", "search"}, "indexer": {"search"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = imported_packages(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_every_package_ships_in_the_wheel():
    """pyproject's package list must take in every subpackage (search.cli was missed)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for package in ("analyzers", "indexer", "search", "corpus"):
        assert f'"{package}*"' in text
