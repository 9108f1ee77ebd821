"""What every table reader shares: a record's shape and an error about a file.

A record is one spreadsheet row as read: its number and its non-empty cells, each as
(1-based column, text), so a far-away cell costs one pair, never a row padded to it. A CSV
file's rows come as lines instead: the csv reader's list of cells, as it gives them.
"""

from __future__ import annotations

from collections.abc import Iterable

from clearflow._i18n import Message, Plural
from clearflow.errors import Issue, Said, TableError

Record = tuple[int, list[tuple[int, str]]]
"""A row's number and its non-empty cells as (column, text)."""
Line = tuple[int, list[str]]
"""A CSV record's number and every cell the csv reader gave (untrimmed, empty ones too)."""


def file_issue(
    source: str,
    code: str,
    message: Said,
    hint: Said | None = None,
    row: int = 1,
    column: int = 1,
    *,
    fix: str | None = None,
) -> Issue:
    """An error about a file as a whole (or one position in it); ``fix`` as on Issue."""
    return Issue(
        code=code, message=message, hint=hint, source=source, line=row, column=column, fix=fix
    )


def fail(source: str, code: str, message: Said, hint: Said | None = None) -> TableError:
    """A TableError about the file as a whole, at 1:1."""
    return TableError([file_issue(source, code, message, hint)])


MAX_ISSUES = 1000
"""Problems kept for one file; the rest are counted (a file of bad rows must not fill memory)."""


class Issues(list[Issue]):
    """The problems found so far: the first :data:`MAX_ISSUES` kept, the rest counted."""

    def __init__(self, issues: Iterable[Issue] = ()) -> None:
        super().__init__()
        self.dropped = 0
        self.extend(issues)

    def append(self, issue: Issue, /) -> None:
        if len(self) < MAX_ISSUES:
            super().append(issue)
        else:
            self.dropped += 1

    def extend(self, issues: Iterable[Issue], /) -> None:
        for issue in issues:
            self.append(issue)

    def note(self) -> Message | None:
        """``and 5 more problems not shown`` when some were dropped, else None."""
        if not self.dropped:
            return None
        return Plural(
            "and {count} more problem not shown (the first {shown} are listed)",
            "and {count} more problems not shown (the first {shown} are listed)",
            self.dropped,
            shown=MAX_ISSUES,
        )


__all__ = ["MAX_ISSUES", "Issues", "Line", "Record", "fail", "file_issue"]
