"""The package's public names: every one resolves, and importing clearflow stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import clearflow


@pytest.mark.parametrize("name", clearflow.__all__)
def test_every_public_name_resolves(name: str) -> None:
    """Each name in __all__ is importable from clearflow and defined in its module."""
    value = getattr(clearflow, name)
    assert getattr(value, "__name__", name) == name


def test_all_is_sorted_and_listed_by_dir() -> None:
    """__all__ is sorted, without duplicates, and is what dir() shows."""
    assert clearflow.__all__ == sorted(set(clearflow.__all__))
    assert dir(clearflow) == clearflow.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A misspelt name raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="has no attribute 'Stor'"):
        _ = clearflow.Stor


def test_loading_a_workflow_does_not_import_the_store() -> None:
    """load_workflow (and so clearflow check) never imports SQLAlchemy or openpyxl."""
    code = (
        "import sys, clearflow; clearflow.load_workflow('workflows/gyvtc-2014.yaml'); "
        "print(sorted(m for m in ('sqlalchemy', 'openpyxl') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
