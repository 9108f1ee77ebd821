"""One error hierarchy: every class in clearflow.errors, its exit code, the funnel, the docs."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow import errors
from clearflow._i18n import verbatim
from clearflow.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
CLASSES = [
    value
    for value in vars(errors).values()
    if inspect.isclass(value)
    and issubclass(value, Exception)
    and value.__module__ == errors.__name__
]


def test_every_exception_is_a_clearflow_error_drawn_in_the_tree() -> None:
    """Each class has one root, and the docstring's tree names it with its exit code."""
    tree = errors.__doc__ or ""
    for cls in CLASSES:
        assert issubclass(cls, errors.ClearflowError), cls
        assert re.search(rf"{cls.__name__}\s+{int(cls.exit_code)}\b", tree), cls.__name__


def test_every_exit_code_is_documented() -> None:
    """docs/errors.md has a row for each exit code the command can end with."""
    doc = DOC.read_text(encoding="utf-8")
    for code in errors.ExitCode:
        assert re.search(rf"^\| {int(code)} \|", doc, re.MULTILINE), code


def test_a_bug_does_not_exit_like_a_user_error() -> None:
    """EngineError (the machine refused what the case allowed) exits 70, as any bug does."""
    assert errors.EngineError(verbatim("x")).exit_code == errors.ExitCode.INTERNAL
    assert errors.ActionError(verbatim("x")).exit_code == errors.ExitCode.ERROR
    assert errors.ConflictError(verbatim("x")).exit_code == errors.ExitCode.CONFLICT


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (
            errors.EngineError(verbatim("phase mismatch")),
            70,
            "internal error: EngineError: phase mismatch",
        ),
        (errors.ConflictError(verbatim("changed meanwhile")), 75, "changed meanwhile"),
        (errors.InputError(verbatim("no such thing")), 1, "no such thing"),
        (RuntimeError("boom"), 70, "internal error: RuntimeError: boom"),
    ],
)
def test_the_cli_funnel_maps_each_error_to_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, error: Exception, code: int, message: str
) -> None:
    """Whatever a command raises ends as one line on stderr and the class's exit code."""

    def fail(_path: object) -> None:
        raise error

    monkeypatch.setattr("clearflow.cli._main.load_workflow", fail)
    result = CliRunner().invoke(main, ["show", "workflows/gyvtc-2014.yaml"])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
