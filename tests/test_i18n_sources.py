"""No hand-made word table or language branch is left in the library: words come from the catalogue.

Chinese in the library's source is allowed only in docstrings and comments, and in the few
places that read what people type (input vocabulary, not output); an ``== "zh"`` comparison is
allowed only where the language itself is decided.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "clearflow"
MODULES = sorted(PACKAGE.rglob("*.py"))
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
READS_WHAT_PEOPLE_TYPE: dict[str, str] = {
    "cohort/_cells.py": "the yes/no spellings of a cell (是/否, 欠/清)",
    "engine/_owed.py": "the marks of an amount people type (¥, ￥, 元, the full-width comma)",
    "cohort/_table.py": "the Chinese column names a table may use (学号, 姓名, ...)",
    "format/_reader.py": "the full-width colon a Chinese input method types in 9：00",
    "staff/rollover.py": "the dates a comment may name (7月4日), to move them with the year",
    "documents/_docx.py": "the East Asian font names Word writes in w:eastAsia (宋体, 仿宋, 黑体)",
    "documents/_reading.py": "the dates, weekdays, times and headcounts a notice writes (7月10日)",
}
"""Modules whose string constants may hold Chinese, and why: what people type, not what is shown."""
PICKS_A_LANGUAGE: dict[str, str] = {
    "_i18n.py": "the catalogue of a language",
    "_language.py": "which language to speak",
    "spec/_model.py": "Label.text: the workflow's own zh or en words, not clearflow's",
    "format/_reader.py": "the label keys zh: and en: of the YAML",
}
"""Modules that may compare with ``"zh"``, and why."""
MARKERS = {"Message", "N_", "Plural", "Contextual"}


def name(module: Path) -> str:
    return module.relative_to(PACKAGE).as_posix()


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # attribute docstrings: a string expression right after an assignment
        inner: object = getattr(node, "body", None)
        if isinstance(inner, list):
            for statement in inner:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    found.add(id(statement.value))
    return found


def message_ids(tree: ast.AST) -> set[int]:
    """The ids of the constants that are message ids (an English id may quote a Chinese term)."""
    return {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in MARKERS
        for argument in node.args
    }


def chinese_constants(module: Path) -> list[str]:
    """The string constants (not docstrings, not message ids) of a module that hold Chinese,
    as ``line: text``."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    skip = docstrings(tree) | message_ids(tree)
    return [
        f"{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and HAN.search(node.value)
    ]


def language_branches(module: Path) -> list[str]:
    """Comparisons with the language code ``"zh"``, as ``line: source``."""
    text = module.read_text(encoding="utf-8")
    tree = ast.parse(text)
    return [
        f"{node.lineno}: {ast.get_source_segment(text, node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(
            isinstance(part, ast.Constant) and part.value == "zh"
            for part in (node.left, *node.comparators)
        )
    ]


@pytest.mark.parametrize("module", MODULES, ids=name)
def test_no_chinese_words_outside_the_catalogue(module: Path) -> None:
    """Chinese reaches people through the catalogue, not from string constants in the code."""
    if name(module) in READS_WHAT_PEOPLE_TYPE:
        return
    assert chinese_constants(module) == []


@pytest.mark.parametrize("module", MODULES, ids=name)
def test_no_branch_on_the_language(module: Path) -> None:
    """No ``if lang == "zh"``: a language is a catalogue to read, not a branch to take."""
    if name(module) in PICKS_A_LANGUAGE:
        return
    assert language_branches(module) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A word table and a branch are both found; a docstring is not."""
    module = tmp_path / "m.py"
    module.write_text(
        '"""模块说明。"""\nWORDS = {"en": "done", "zh": "已办结"}\n'
        'def f(lang):\n    """说明。"""\n    return 1 if lang == "zh" else 2\n'
        'M = Message("swapped working days (调休)")\n',
        encoding="utf-8",
    )
    assert chinese_constants(module) == ["2: '已办结'"]
    assert language_branches(module) == ['5: lang == "zh"']
