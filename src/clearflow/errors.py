"""Every exception clearflow raises on purpose, its exit code, and the located issue.

The tree (each class's ``exit_code`` is what the command line exits with)::

    ClearflowError                 1  root: a problem with what clearflow was given
    ├── IssuesError                1  carries located issues (file:line:col: ...)
    │   ├── WorkflowError          1  a workflow file cannot be loaded
    │   └── TableError             1  a roster or office list cannot be imported
    ├── InputError                 1  a file or value given cannot be used
    │   ├── OverwriteError         1  an output is one of the inputs or the store
    │   └── WriteError             1  the system refused to write a file: nothing changed
    ├── FactError                  1  a student's facts do not match the declarations
    ├── ActionError                1  the procedure does not allow this action now
    │   └── NotPermittedError      1  an office acted on another office's step
    ├── CaseDataError              1  a stored case is malformed or of other rules
    ├── StoreError                 1  the database cannot be opened or used
    │   ├── UnknownStudentError    1  the student is not in the store
    │   └── ConflictError         75  someone else saved the case first: try again
    ├── ReportError                1  a report asked for what the workflow lacks
    ├── RolloverError              1  the rollover was refused
    ├── DiagramError               1  the diagram cannot be drawn
    ├── SpaceTooLargeError         1  too many fact profiles to explore
    ├── FontMissingError          69  no font with Chinese characters to set a document in
    └── EngineError               70  the machine refused what the case allowed: a bug

The command line adds 0 (done), 2 (usage: click's own), 3 (``walk``: the student is still
blocked), 70 (any other exception: a bug), 130 (interrupted): :class:`ExitCode`, errors.md.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from clearflow._i18n import N_, Lang, Message, translate, verbatim

Said = Message
"""What an error or issue says: a :class:`Message` (every message a person reads is one)."""


def said(value: Said) -> Message:
    """``value`` as a message (a plain ``str``, which the types rule out, shown as it is)."""
    return value if isinstance(value, Message) else verbatim(value)


def _said_or_none(value: Said | None) -> Message | None:
    return None if value is None else said(value)


_LINE: dict[tuple[bool, bool], str] = {
    (True, True): N_("{where}{path}: {message} ({hint}) [{tag}]"),
    (True, False): N_("{where}{path}: {message} [{tag}]"),
    (False, True): N_("{where}{message} ({hint}) [{tag}]"),
    (False, False): N_("{where}{message} [{tag}]"),
}
"""An issue's line by path and hint: location, path and code as in English (tools read them)."""


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
    message: Message = attrs.field(converter=said, eq=str)
    source: str = "<string>"
    line: int = 1
    column: int = 1
    path: str = ""
    hint: Message | None = attrs.field(default=None, converter=_said_or_none, eq=str)
    severity: Severity = Severity.ERROR
    fix: str | None = attrs.field(default=None, eq=False)
    """The keyword argument the hint names, as on :attr:`ClearflowError.fix`."""

    @property
    def is_error(self) -> bool:
        """Whether this issue stops the workflow from loading."""
        return self.severity is Severity.ERROR

    def text(self, lang: Lang) -> str:
        """The issue's line in ``lang``: location, path and code as in English."""
        hint = self.hint.text(lang) if self.hint is not None else ""
        template = _LINE[bool(self.path), bool(hint)]
        tag = self.code if self.is_error else Message("{code} warning", code=self.code)
        return translate(
            template,
            lang,
            where=f"{self.source}:{self.line}:{self.column}: ",
            path=self.path,
            message=self.message,
            hint=hint,
            tag=tag,
        )

    def __str__(self) -> str:
        return self.text("en")

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order issues by file, then position, then code, path and message (a total order)."""
        return (self.source, self.line, self.column, self.code, self.path, str(self.message))

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-able form for tools (``clearflow check --format json``): stable English
        keys, message and hint, and under ``localized`` the same words in ``lang``."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": str(self.message),
            "hint": None if self.hint is None else str(self.hint),
            "localized": {
                "lang": lang,
                "message": self.message.text(lang),
                "hint": None if self.hint is None else self.hint.text(lang),
                "text": self.text(lang),
            },
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
    code: str, at: Located, message: Said, hint: Said | None, severity: Severity = Severity.ERROR
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


class ExitCode(enum.IntEnum):
    """What the ``clearflow`` command exits with."""

    OK = 0
    ERROR = 1
    USAGE = 2
    BLOCKED = 3
    UNAVAILABLE = 69
    INTERNAL = 70
    CONFLICT = 75
    INTERRUPTED = 130


class ClearflowError(Exception):
    """Root of every error clearflow raises on purpose."""

    exit_code: int = ExitCode.ERROR

    def __init__(self, message: Said, *, fix: str | None = None) -> None:
        self.said = said(message)
        """What went wrong, as a message to render in a language (:meth:`text`)."""
        self.message = str(self.said)
        """The same in English."""
        super().__init__(self.message)
        self.fix = fix
        """What would settle it by its library name (``force``; the CLI names its flag), or None."""

    def text(self, lang: Lang) -> str:
        """The message in ``lang`` (``str(error)`` is the English)."""
        return self.said.text(lang)

    def __str__(self) -> str:
        return self.message


class IssuesError(ClearflowError):
    """An error that carries located issues, sorted by position, each distinct one once."""

    def __init__(self, issues: Iterable[Issue], empty: Message, note: Said | None = None) -> None:
        self.issues = sorted_issues(issues)
        self.empty, self.note = empty, _said_or_none(note)  # with no issue; after them
        super().__init__(verbatim(self._lines("en")))

    def shown(self) -> tuple[Issue, ...]:
        """The issues the message lists (all of them)."""
        return self.issues

    def text(self, lang: Lang) -> str:
        """One issue per line in ``lang``, then the note."""
        return self._lines(lang)

    def _lines(self, lang: Lang) -> str:
        lines = [issue.text(lang) for issue in self.shown()]
        if self.note is not None:
            lines.append(Message("note: {note}", note=self.note).text(lang))
        return "\n".join(lines) or self.empty.text(lang)

    def to_json(self, lang: Lang = "en") -> str:
        """Every issue as a JSON list."""
        return json.dumps([issue.to_dict(lang) for issue in self.issues], ensure_ascii=False)


class WorkflowError(IssuesError):
    """A workflow file could not be loaded; ``issues`` lists every located problem, and
    ``language`` is the one the file declares (its staff's, for its errors), when it reads."""

    def __init__(self, issues: Iterable[Issue], language: str | None = None) -> None:
        self.language = language
        super().__init__(issues, Message("workflow is invalid"))

    def shown(self) -> tuple[Issue, ...]:
        """The errors, or every issue when there are only warnings."""
        return tuple(issue for issue in self.issues if issue.is_error) or self.issues


class TableError(IssuesError):
    """A table file or its rows cannot be imported; ``issues`` lists every located problem."""

    def __init__(self, issues: Iterable[Issue], note: Said | None = None) -> None:
        super().__init__(issues, Message("table is invalid"), note)


class InputError(ClearflowError):
    """A file or value given to clearflow cannot be used: missing, unreadable or contradictory."""


class OverwriteError(InputError):
    """An output path names one of the inputs or the store's file; nothing was written."""


class WriteError(InputError):
    """A file could not be written (permissions, a full disk, a path that names no folder);
    the temporary file was removed and the old file, if any, is unchanged."""


class FactError(ClearflowError):
    """A student's facts do not match the workflow's declarations."""


class ActionError(ClearflowError):
    """An action the procedure does not allow now; the message says what must happen first."""


class NotPermittedError(ActionError):
    """An office acted on a step that belongs to another office."""


class CaseDataError(ClearflowError):
    """A stored case is malformed, or belongs to another workflow version."""


class StoreError(ClearflowError):
    """The database cannot be opened, is of an unknown schema, or lacks a student."""


class UnknownStudentError(StoreError):
    """The student is not in the store (under this workflow)."""


class ConflictError(StoreError):
    """Someone else changed the case since it was read; reload it and try again."""

    exit_code = ExitCode.CONFLICT


class ReportError(ClearflowError):
    """A report asked for a fact, office or grouping the workflow does not have."""


class RolloverError(ClearflowError):
    """The rollover was refused: an output file exists, or the year cannot be told."""


class DiagramError(ClearflowError):
    """A diagram that cannot be drawn: unknown kind or language, or a missing package."""


class SpaceTooLargeError(ClearflowError):
    """A question whose variables have more than ``checks`` explores (its profile cap)."""

    def __init__(self, size: int, variables: int) -> None:
        super().__init__(
            Message(
                "too many profiles to explore ({size} over {variables} variables)",
                size=size,
                variables=variables,
            )
        )
        self.size, self.variables = size, variables


class FontMissingError(ClearflowError):
    """No font with Chinese characters to set a document in; the message says how to get one."""

    exit_code = ExitCode.UNAVAILABLE


class EngineError(ClearflowError):
    """The machine refused a transition the case layer thought was allowed: a bug, exit 70."""

    exit_code = ExitCode.INTERNAL
