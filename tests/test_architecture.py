"""The house rules that import-linter cannot state: module size, docstrings, package doors.

The layers and the third-party confinements are import-linter contracts (``lint-imports``
in ``make lint``, configured in ``pyproject.toml``); docs/architecture.md explains them.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "clearflow"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 330
LAZY_THIRD_PARTY = frozenset(
    {"openpyxl", "graphviz", "chinese_calendar", "alembic", "matplotlib"}
    | {"docx", "docxtpl", "segno", "typst"}
)
"""Heavy or optional libraries a library module may import where it uses them."""
LAZY_INSIDE = {
    ("clearflow.engine._engine", "clearflow.engine.diagram"): "keeps transitions' diagram "
    "extension (about 10 ms) out of every start-up; diagram needs Engine only for typing",
    ("clearflow.cohort._writers", "clearflow.cohort._workbook"): "a CSV or JSON export "
    "leaves the workbook writer (zipfile, ElementTree, xml.sax: about 15 ms) unloaded",
    ("clearflow.cohort.export", "clearflow.cohort._workbook"): "replacing an export asks "
    "whether a file is a clearflow workbook only when it is not a CSV or JSON export",
}
"""Imports of clearflow modules a function may make, each with its reason (none is a cycle)."""


def dotted(path: Path) -> str:
    """``clearflow.engine._case`` for ``src/clearflow/engine/_case.py``."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The subpackage a module belongs to (``clearflow.engine``), or the module itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def imported(tree: ast.Module) -> Iterator[tuple[ast.stmt, str, bool]]:
    """Every import: the statement, the module imported, and whether it sits in a function."""

    def visit(node: ast.AST, in_function: bool) -> Iterator[tuple[ast.stmt, str, bool]]:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield child, alias.name, in_function
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                yield child, child.module, in_function
            yield from visit(child, inner)

    yield from visit(tree, False)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: dotted(path))
def test_module_is_small_and_says_what_it_owns(path: Path) -> None:
    """Each module is at most 330 lines and opens with a docstring."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    assert ast.get_docstring(ast.parse(text)), f"{dotted(path)} has no docstring"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: dotted(path))
def test_other_packages_come_in_through_the_front_door(path: Path) -> None:
    """No module imports another package's private module, or the root package itself."""
    module = dotted(path)
    own = package_of(module)
    for node, name, _ in imported(ast.parse(path.read_text(encoding="utf-8"))):
        if name == "clearflow" and module != "clearflow":
            pytest.fail(f"{module}:{node.lineno} imports the root package")
        parts = name.split(".")
        if parts[0] != "clearflow" or package_of(name) == own or module == "clearflow":
            continue
        private = [part for part in parts[2:] if part.startswith("_")]
        assert not private, f"{module}:{node.lineno} imports {name}, private to {package_of(name)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: dotted(path))
def test_no_imports_hidden_inside_functions(path: Path) -> None:
    """Library modules import at the top; the CLI may defer for start-up, and heavy extras wait."""
    module = dotted(path)
    if module.startswith("clearflow.cli"):
        return
    for node, name, in_function in imported(ast.parse(path.read_text(encoding="utf-8"))):
        if in_function and (module, name) not in LAZY_INSIDE:
            assert name.split(".")[0] in LAZY_THIRD_PARTY, f"{module}:{node.lineno} imports {name}"


def test_no_import_cycles() -> None:
    """The modules' runtime imports (type-checking ones aside) form no cycle."""
    graph = grimp.build_graph("clearflow", exclude_type_checking_imports=True)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert len(imports) > 80
    graphlib.TopologicalSorter(imports).prepare()  # raises CycleError naming the cycle


PACKAGES = sorted(dotted(path) for path in PACKAGE.rglob("__init__.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_name_a_package_exports_resolves(package: str) -> None:
    """Each name in a package's ``__all__`` loads; a lazy package's ``dir()`` lists them all."""
    module = importlib.import_module(package)
    names = list(getattr(module, "__all__", []))
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(module, name) is not None, f"{package}.{name}"
    if "__getattr__" in vars(module):  # lazy: dir() must still show every public name
        assert dir(module) == sorted(names)


def test_the_rules_can_fail() -> None:
    """The helpers see a private import from another package and an import in a function."""
    tree = ast.parse("from clearflow.engine._case import Case\ndef f():\n    import yaml\n")
    found = [(name, in_function) for _, name, in_function in imported(tree)]
    assert found == [("clearflow.engine._case", False), ("yaml", True)]
    assert package_of("clearflow.engine._case") == "clearflow.engine"
    assert dotted(PACKAGE / "engine" / "__init__.py") == "clearflow.engine"
