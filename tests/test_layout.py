"""The layout's rules: imports flow one way, analyzers → indexer → search → web, all under
the `undocs` namespace, and every package folder ships in the wheel."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("analyzers", "corpus", "indexer", "search", "web")
# nothing imports the web layer: it sits on top of search (tests and benchmarks may)
FORBIDDEN = {"analyzers": {"indexer", "search", "web"}, "indexer": {"search", "web"},
             "search": {"web"}, "corpus": {"web"}}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            if node.module == "undocs":
                names.update(f"undocs.{alias.name}" for alias in node.names)
    return names


def undocs_packages(path: Path) -> set[str]:
    """The undocs packages a file imports: `undocs.search.cli` → `search`."""
    return {name.split(".")[1] for name in imported_modules(path)
            if name.startswith("undocs.") and name.count(".") >= 1}


def python_files() -> list[Path]:
    return sorted(p for folder in (*PACKAGES, "tests", "benchmarks")
                  for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = undocs_packages(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_code_imports_only_through_the_undocs_namespace():
    """A bare `import search` would find the checkout's folder from the repository root
    and a different module (or another distribution's) anywhere else."""
    for path in python_files():
        bare = {name for name in imported_modules(path) if name.split(".")[0] in PACKAGES}
        assert not bare, f"{path.relative_to(ROOT)} imports {sorted(bare)} outside undocs."


def test_every_package_ships_in_the_wheel():
    """pyproject lists each folder with an __init__.py under its undocs name."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"undocs." + ".".join(init.parent.relative_to(ROOT).parts)
             for package in PACKAGES for init in (ROOT / package).rglob("__init__.py")}
    assert found == listed
    mapping = config["tool"]["setuptools"]["package-dir"]
    assert mapping == {f"undocs.{package}": package for package in PACKAGES}
