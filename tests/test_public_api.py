"""The package's public names: every one resolves, and importing clearflow stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import clearflow

RECORDED = Path(__file__).parent / "transcripts" / "public-names.txt"


@pytest.mark.parametrize("name", clearflow.__all__)
def test_every_public_name_resolves(name: str) -> None:
    """Each name in __all__ is a class or function of that name, defined in a clearflow module."""
    value = getattr(clearflow, name)
    assert value.__name__ == name
    assert value.__module__.startswith("clearflow.")
    assert getattr(sys.modules[value.__module__], name) is value


def test_public_names_are_those_recorded_before_the_restructuring() -> None:
    """The restructuring into subpackages kept every public name, and added none by accident."""
    assert clearflow.__all__ == RECORDED.read_text(encoding="utf-8").split()


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


def test_clearflow_check_loads_no_walkthrough_store_or_staff_tools() -> None:
    """The check command imports what checking needs, not the rest of the console or staff."""
    code = (
        "import sys; from clearflow.cli import main\n"
        "try: main(['check', 'workflows/gyvtc-2014.yaml'])\n"
        "except SystemExit: pass\n"
        "heavy = ('sqlalchemy', 'openpyxl', 'clearflow.console.walkthrough', "
        "'clearflow.staff.rollover', 'clearflow.staff.diff')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stderr.strip() == "[]"
