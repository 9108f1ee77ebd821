"""Names a package loads on first use (PEP 562), so that importing it stays light.

``clearflow`` and ``clearflow.cohort`` keep SQLAlchemy and openpyxl out of ``clearflow
check`` this way: the heavy names are listed with the module each comes from, imported when
first read, then kept in the package's namespace; :func:`attribute` is the same door for
one name (a report on a SQLite file opens SQLAlchemy's store only for another database).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_attributes(
    package: str, sources: Mapping[str, str], public: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` for the names in ``sources``, and its ``__dir__``."""

    def getattr_(name: str) -> Any:
        source = sources.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted(public)

    return getattr_, dir_


def attribute(module: str, name: str) -> Any:
    """``module.name``, the module imported now (a door to a heavy module, opened on use)."""
    return getattr(importlib.import_module(module), name)
