"""The error a staff member's Word template of the notice raises: :class:`TemplateError`.

It is an :class:`~clearflow.errors.IssuesError` (exit code 1), so the command line shows
its located issues (CF801 cannot be read, CF802 a variable the notice lacks, CF803 tags
that do not parse) one per line, like a workflow's. It lives here, not in
:mod:`clearflow.errors`, only because that module is at its size limit; it imports no
Word library, so ``except TemplateError`` costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from clearflow._i18n import Message
from clearflow.errors import Issue, IssuesError


class TemplateError(IssuesError):
    """Staff's Word template of a notice cannot be read or uses variables it cannot have."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        super().__init__(issues, Message("template is invalid"))
