"""Exceptions and located issues: the one root error and what a workflow file did wrong."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any, Protocol

import attrs


class Severity(enum.StrEnum):
    """How bad an issue is: errors stop a workflow from loading, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Issue:
    """One located problem in a workflow file, with a stable code.

    Rendered as ``file:line:col: path: message (hint) [CODE]``.
    """

    code: str
    message: str
    source: str = "<string>"
    line: int = 1
    column: int = 1
    path: str = ""
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """Whether this issue stops the workflow from loading."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}: "
        subject = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        tag = self.code if self.is_error else f"{self.code} warning"
        return f"{where}{subject}{self.message}{hint} [{tag}]"

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order issues by file, then position, then code, path and message (a total order)."""
        return (self.source, self.line, self.column, self.code, self.path, self.message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form for tools (``clearflow check --format json``)."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class Located(Protocol):
    """Anything that knows where it was written (a spec object's ``at``)."""

    @property
    def source(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def path(self) -> str: ...


def located(
    code: str, at: Located, message: str, hint: str, severity: Severity = Severity.ERROR
) -> Issue:
    """An issue at the place a spec object was written."""
    return Issue(
        code=code,
        message=message,
        hint=hint,
        severity=severity,
        source=at.source,
        line=at.line,
        column=at.column,
        path=at.path,
    )


def sorted_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Issues sorted by position, each distinct issue once."""
    return tuple(sorted(set(issues), key=Issue.sort_key))


class ClearflowError(Exception):
    """Root of every error clearflow raises on purpose.

    ``exit_code`` is what the command line exits with when it reaches the user.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WorkflowError(ClearflowError):
    """A workflow file could not be loaded; ``issues`` lists every located problem."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted_issues(issues)
        errors = [issue for issue in self.issues if issue.is_error]
        shown = errors or list(self.issues)
        summary = "\n".join(str(issue) for issue in shown)
        super().__init__(summary or "workflow is invalid")

    def to_json(self) -> str:
        """Every issue as a JSON list."""
        return json.dumps([issue.to_dict() for issue in self.issues], ensure_ascii=False)
