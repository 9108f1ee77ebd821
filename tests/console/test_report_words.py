"""The cohort reports' words exist in both languages and name no command-line flag."""

from __future__ import annotations

import string

from clearflow.console._report_words import REPORT_WORDS


def placeholders(text: str) -> set[str]:
    """The names of the ``{fields}`` in a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_key() -> None:
    """English and Chinese report words have the same keys."""
    assert set(REPORT_WORDS["en"]) == set(REPORT_WORDS["zh"])


def test_placeholders_agree_between_languages() -> None:
    """Each word has the same ``{placeholders}`` in both languages."""
    for key, english in REPORT_WORDS["en"].items():
        chinese = REPORT_WORDS["zh"][key]
        assert placeholders(english) == placeholders(chinese), key
