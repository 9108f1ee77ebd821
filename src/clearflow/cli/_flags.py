"""The CLI's words for the remedies the library names by keyword argument or call.

A library error that a caller could settle carries a ``fix`` (e.g. ``skip_existing``), and
its message spells that remedy in library terms (``import with skip_existing=True``). The
command line says the same with its own flags: :func:`error_text` swaps each library phrase
of the error's fixes for the flag phrase, so the library never names a flag and the CLI
prints what it always printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from clearflow.errors import ClearflowError, IssuesError

FLAG_WORDS: Mapping[str, Mapping[str, str]] = {
    "clear_unlisted": {"clear_unlisted=True": "--clear-unlisted"},
    "force": {"force=True": "--force"},
    "from_year": {"from_year=YEAR": "--from-year"},
    "import_roster": {
        "(import a roster first)": "(import a roster first: clearflow cohort import ...)"
    },
    "memory": {", or open it with memory=True": ""},  # the CLI keeps no in-memory store
    "skip_existing": {"skip_existing=True": "--skip-existing"},
    "step": {"step=ID": "--step"},
    "student": {
        "give a student record": "give --student FILE",
        "leave out the student record": "leave out --student",
    },
}
"""For each ``fix``: the library's phrase and the CLI's phrase that replaces it."""


def error_text(error: ClearflowError) -> str:
    """The error as the CLI prints it: its message, remedies in flags."""
    fixes = {error.fix}
    if isinstance(error, IssuesError):
        fixes |= {issue.fix for issue in error.issues}
    return flag_text(str(error), [fix for fix in fixes if fix is not None])


def flag_text(text: str, fixes: Iterable[str]) -> str:
    """``text`` with the library phrases of ``fixes`` in the CLI's words."""
    for fix in sorted(name for name in fixes if name in FLAG_WORDS):
        for library, flag in FLAG_WORDS[fix].items():
            text = text.replace(library, flag)
    return text


__all__ = ["FLAG_WORDS", "error_text", "flag_text"]
