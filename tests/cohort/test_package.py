"""The cohort package: its reports load light, its database and spreadsheet parts lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import clearflow.cohort


def loaded_after(statement: str) -> list[str]:
    """Which of SQLAlchemy and openpyxl a fresh interpreter holds after ``statement``."""
    code = (
        f"import sys; {statement}; "
        "print(sorted(m for m in ('sqlalchemy', 'openpyxl') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return list(eval(result.stdout))  # a printed list of str


def test_the_reports_load_without_sqlalchemy_or_openpyxl() -> None:
    """Importing the package and its report renderers loads neither."""
    assert loaded_after("import clearflow.cohort, clearflow.console.report_view") == []


def test_the_importers_load_the_store_on_first_use() -> None:
    """The lazy names load their module (SQLAlchemy with it) when first asked for."""
    assert loaded_after("from clearflow.cohort import import_roster") == ["sqlalchemy"]


def test_reading_a_sqlite_store_needs_no_sqlalchemy() -> None:
    """``read_cohort`` and ``read_history`` read a SQLite file through ``sqlite3``."""
    assert loaded_after("from clearflow.cohort import read_cohort, read_history") == []


def test_every_exported_name_resolves_and_unknown_names_fail() -> None:
    """Each name of ``__all__`` resolves, ``dir`` lists them, a missing one is an AttributeError."""
    names = clearflow.cohort.__all__
    assert all(getattr(clearflow.cohort, name) is not None for name in names)
    assert dir(clearflow.cohort) == sorted(names)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        clearflow.cohort.nothing  # noqa: B018
