"""The CLI says the library's remedies with its flags, and its table matches the library."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from clearflow._i18n import Message, translate, verbatim
from clearflow.cli._flags import FLAG_WORDS, error_text, flag_text
from clearflow.errors import Issue, RolloverError, StoreError, TableError

SOURCE = Path(__file__).resolve().parents[2] / "src" / "clearflow"
LIBRARY_TEXT = "\n".join(
    path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py") if path.parent.name != "cli"
)


@pytest.mark.parametrize(
    ("fix", "library"),
    [(fix, phrase) for fix, phrases in FLAG_WORDS.items() for phrase in phrases],
)
def test_every_library_phrase_is_written_in_the_library(fix: str, library: str) -> None:
    """Each phrase the CLI replaces occurs in a library message, beside a matching fix."""
    assert library in LIBRARY_TEXT
    assert (
        f'fix="{fix}"' in LIBRARY_TEXT
        or f"fix={fix.upper()}" in LIBRARY_TEXT
        or (fix == "import_roster" and "fix=IMPORT_FIRST" in LIBRARY_TEXT)
    )


def library_strings() -> list[tuple[str, str]]:
    """Every string literal of the library outside ``cli/`` that is not a docstring."""
    found = []
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        docstrings |= {  # attribute docstrings: a string statement after an assignment
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        found += [
            (path.name, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ]
    return found


def test_no_library_message_names_a_flag() -> None:
    """No string the library builds messages from names a command-line flag."""
    flags = re.compile(r"(?<![\w-])--[a-z]")
    assert [(name, text) for name, text in library_strings() if flags.search(text)] == []


def test_an_error_is_shown_with_its_flag() -> None:
    """A rollover refusal's remedy becomes ``--force``; the rest of the text is kept."""
    error = RolloverError(
        verbatim("x.yaml: file exists (give force=True to overwrite it)"), fix="force"
    )
    assert error_text(error) == "x.yaml: file exists (give --force to overwrite it)"


def test_an_error_without_fix_is_shown_as_it_is() -> None:
    """Text that only looks like a library phrase is left alone when the error has no fix."""
    error = StoreError(verbatim("student 'force=True' is odd"))
    assert error_text(error) == "student 'force=True' is odd"


def test_a_table_error_uses_the_fixes_of_its_issues() -> None:
    """Each issue's fix is said with its flag, as the import command prints it."""
    issue = Issue(
        code="CF716",
        message=verbatim("student '1' is already in the store"),
        hint=verbatim("leave the row out, or import with skip_existing=True"),
        source="r.csv",
        fix="skip_existing",
    )
    assert error_text(TableError([issue])) == (
        "r.csv:1:1: student '1' is already in the store "
        "(leave the row out, or import with --skip-existing) [CF716]"
    )
    assert flag_text("give step=ID: a, b", ["step"]) == "give --step: a, b"


IMPORT_FIRST = Message("(import a roster first)")


def test_a_word_phrase_is_swapped_in_chinese_by_its_translation() -> None:
    """A phrase held as a placeholder is found by its Chinese and replaced by the flag's."""
    error = StoreError(
        Message("no database at '{path}' {remedy}", path="x.db", remedy=IMPORT_FIRST),
        fix="import_roster",
    )
    assert error_text(error, "zh").endswith("'x.db' （先导入名册：clearflow cohort import ...）")
    assert error_text(error, "en") == (
        "no database at 'x.db' (import a roster first: clearflow cohort import ...)"
    )


def test_tokens_are_swapped_alike_in_both_languages_and_memory_is_dropped() -> None:
    """``force=True`` becomes ``--force`` in Chinese too; the in-memory remedy goes away."""
    assert flag_text("x.yaml：文件已存在（加 force=True 覆盖）", ["force"], "zh") == (
        "x.yaml：文件已存在（加 --force 覆盖）"
    )
    memory = translate(", or open it with memory=True", "zh")
    assert memory != ", or open it with memory=True"
    assert flag_text(f"无法打开数据库{memory}", ["memory"], "zh") == "无法打开数据库"
    student = translate("give a student record", "zh")
    assert flag_text(f"没有办理记录：{student}", ["student"], "zh") == (
        "没有办理记录：" + translate("give --student FILE", "zh")
    )
