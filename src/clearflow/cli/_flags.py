"""The CLI's words for the remedies the library names by keyword argument or call.

A library error that a caller could settle carries a ``fix`` (e.g. ``skip_existing``), and
its message spells that remedy in library terms (``import with skip_existing=True``). The
command line says the same with its own flags: :func:`error_text` swaps each library phrase
of the error's fixes for the flag phrase, so the library never names a flag and the CLI
prints what it always printed.

A phrase is swapped in the language the error is shown in: a token (``force=True``) reads
the same in every language, and a phrase of words (``(import a roster first)``) is an
``N_`` id on both sides, each replaced by its translation (the library message holds it as
a placeholder whose value is the same id, so the translation is found whole in the text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from clearflow._i18n import N_, Lang, translate
from clearflow.errors import ClearflowError, IssuesError

_TOKENS: Mapping[str, Mapping[str, str]] = {
    "clear_unlisted": {"clear_unlisted=True": "--clear-unlisted"},
    "force": {"force=True": "--force"},
    "from_year": {"from_year=YEAR": "--from-year"},
    "skip_existing": {"skip_existing=True": "--skip-existing"},
    "step": {"step=ID": "--step"},
    "upgrade_store": {"upgrade_store()": "clearflow store upgrade"},
}
"""Remedies that are code: the same in every language."""

_PHRASES: Mapping[str, Mapping[str, str]] = {
    "import_roster": {
        N_("(import a roster first)"): N_("(import a roster first: clearflow cohort import ...)")
    },
    "memory": {N_(", or open it with memory=True"): ""},  # the CLI keeps no in-memory store
    "minutes": {
        N_("(give each station 'minutes:' in the workflow, or assume them)"): N_(
            "(give each station 'minutes:' in the workflow, or assume them: --minutes 1.5, "
            "or --minutes STATION=1.5 for one)"
        )
    },
    "student": {
        N_("give a student record"): N_("give --student FILE"),
        N_("leave out the student record"): N_("leave out --student"),
    },
}
"""Remedies in words: catalogue ids, each side swapped in its translation."""

FLAG_WORDS: Mapping[str, Mapping[str, str]] = {**_TOKENS, **_PHRASES}
"""For each ``fix``: the library's phrase and the CLI's phrase that replaces it."""


def error_text(error: ClearflowError, lang: Lang = "en") -> str:
    """The error as the CLI prints it in ``lang``: its message, remedies in flags."""
    fixes = {error.fix}
    if isinstance(error, IssuesError):
        fixes |= {issue.fix for issue in error.issues}
    return flag_text(error.text(lang), [fix for fix in fixes if fix is not None], lang)


def flag_text(text: str, fixes: Iterable[str], lang: Lang = "en") -> str:
    """``text`` (in ``lang``) with the library phrases of ``fixes`` in the CLI's words."""
    for fix in sorted(name for name in fixes if name in FLAG_WORDS):
        for library, flag in FLAG_WORDS[fix].items():
            if fix in _PHRASES:
                library, flag = translate(library, lang), flag and translate(flag, lang)
            text = text.replace(library, flag)
    return text


__all__ = ["FLAG_WORDS", "error_text", "flag_text"]
