"""The store's reads as SQL text, written once and run by either driver.

A report reads a SQLite file with the standard library's ``sqlite3`` (no SQLAlchemy to
import, see :mod:`clearflow.store._reader`) and any other database through SQLAlchemy's
``Connection.exec_driver_sql``; both run the texts below. A text names its parameters
``:name`` (``sqlite3``'s named style); :func:`for_driver` rewrites it for a driver of
another ``paramstyle`` (PostgreSQL's ``%(name)s``), so that there is one query, not one
per driver. The texts are plain SQL that SQLite and PostgreSQL read alike: no quoting of
names, ``LIKE ... ESCAPE '/'`` with the ``%`` in the parameter, ``LIMIT :n``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

CASE_COLUMNS = "student_id, state, version, counsellor"
"""What a case is restored from, in this order (see :class:`CaseRow`)."""
SCHEMA = "SELECT value FROM clearflow_meta WHERE key = :key"
MARKED = "SELECT key FROM clearflow_meta WHERE key = :key"
STUDENT_IDS = (
    "SELECT student_id FROM clearflow_cases WHERE workflow = :workflow ORDER BY student_id"
)
ONE_CASE = (
    f"SELECT {CASE_COLUMNS} FROM clearflow_cases "
    "WHERE workflow = :workflow AND student_id = :student"
)
EVENTS = (
    "SELECT event FROM clearflow_events "
    "WHERE workflow = :workflow AND student_id = :student ORDER BY seq"
)
ALL_CASES = (
    f"SELECT {CASE_COLUMNS} FROM clearflow_cases WHERE workflow = :workflow ORDER BY student_id"
)
UNPREPARED = (
    f"SELECT {CASE_COLUMNS} FROM clearflow_cases "
    "WHERE workflow = :workflow AND holds IS NULL ORDER BY student_id"
)
NEWEST_ROSTER = (
    "SELECT source, members FROM clearflow_staff WHERE workflow = :workflow "
    "ORDER BY version DESC LIMIT 1"
)
_NAME = re.compile(r":([a-z_][a-z0-9_]*)")


def tally(*, counsellor: bool) -> str:
    """Cases of ``:workflow`` with ``holds`` counted by facts, phase and holds (counsellor):
    the grouped columns, then the count."""
    grouped = "facts, phase, holds" + (", counsellor" if counsellor else "")
    return (
        f"SELECT {grouped}, COUNT(*) FROM clearflow_cases "
        f"WHERE workflow = :workflow AND holds IS NOT NULL GROUP BY {grouped}"
    )


def like_escaped(token: str) -> str:
    """The ``LIKE ... ESCAPE '/'`` pattern of a text containing ``token``."""
    escaped = token.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def scan(*, holds_any: int, facts_in: int | None, counsellor: str | None) -> str:
    """A page of cases of ``:workflow`` after ``:after``, at most ``:limit``: those whose
    ``holds`` is like one of ``:h0``... (``holds_any`` of them), whose facts are one of
    ``:f0``... (``facts_in`` of them; None: any, 0: none), and (``counsellor``) whose counsellor is
    ``"none"``: none or empty, ``"one"``: ``:counsellor``, None: any. Cases without
    ``holds`` always match."""
    conditions = ["workflow = :workflow", "student_id > :after"]
    if holds_any:
        held = " OR ".join(f"holds LIKE :h{number} ESCAPE '/'" for number in range(holds_any))
        conditions.append(f"({held} OR holds IS NULL)")
    if facts_in == 0:
        conditions.append("holds IS NULL")
    elif facts_in is not None:
        listed = ", ".join(f":f{number}" for number in range(facts_in))
        conditions.append(f"(facts IN ({listed}) OR holds IS NULL)")
    if counsellor == "none":
        conditions.append("(counsellor IS NULL OR counsellor = '')")
    elif counsellor == "one":
        conditions.append("counsellor = :counsellor")
    where = " AND ".join(conditions)
    return (
        f"SELECT {CASE_COLUMNS} FROM clearflow_cases WHERE {where} ORDER BY student_id LIMIT :limit"
    )


@functools.lru_cache(maxsize=256)
def for_driver(sql: str, paramstyle: str) -> tuple[str, tuple[str, ...] | None]:
    """The text in a driver's ``paramstyle``, and the names in order for a positional one
    (None: the parameters go by name)."""
    if paramstyle == "named":
        return sql, None
    names: list[str] = []
    if paramstyle in ("pyformat", "format"):
        sql = sql.replace("%", "%%")
    marks = {"pyformat": "%({})s", "format": "%s", "qmark": "?", "numeric": ":{}"}
    mark = marks.get(paramstyle)
    if mark is None:
        raise ValueError(f"paramstyle {paramstyle!r} is not supported")

    def replace(found: re.Match[str]) -> str:
        names.append(found.group(1))
        return mark.format(len(names)) if paramstyle == "numeric" else mark.format(found.group(1))

    text = _NAME.sub(replace, sql)
    return text, None if paramstyle == "pyformat" else tuple(names)


def parameters(
    names: tuple[str, ...] | None, given: Mapping[str, Any]
) -> Mapping[str, Any] | Sequence[Any]:
    """The parameters as a driver takes them: by name, or in the order of ``names``."""
    return given if names is None else tuple(given[name] for name in names)


__all__ = [
    "ALL_CASES",
    "CASE_COLUMNS",
    "EVENTS",
    "MARKED",
    "NEWEST_ROSTER",
    "ONE_CASE",
    "SCHEMA",
    "STUDENT_IDS",
    "UNPREPARED",
    "for_driver",
    "like_escaped",
    "parameters",
    "scan",
    "tally",
]
