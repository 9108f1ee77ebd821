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
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol


class Rows(Protocol):
    """A connection in a read transaction that runs these texts (SQLAlchemy's or
    ``sqlite3``'s: ``_rows.AlchemyRows``, ``_reader``)."""

    def run(self, sql: str, given: Mapping[str, Any]) -> Iterable[tuple[Any, ...]]:
        """The rows of one text with its parameters."""
        ...

    def has_table(self, name: str) -> bool:
        """Whether the database has this table."""
        ...


CASE = ("student_id", "digest", "name", "phase", "version", "facts", "documents", "counsellor")
"""A case row's columns a case is restored from, in the order :func:`cases` reads them."""
STEP = (
    "step",
    "office",
    "status",
    "outcome",
    "reason",
    "staff",
    "at",
    "late",
    "early",
    "off_hours",
    "amount",
    "items",
)
"""A step row's columns a record is restored from, after :data:`CASE`'s (``_case_rows``)."""
CASE_COLUMNS = ", ".join(f"c.{name}" for name in CASE)
STEP_COLUMNS = ", ".join(f"s.{name}" for name in STEP)
SCHEMA = "SELECT value FROM clearflow_meta WHERE key = :key"
MARKED = "SELECT key FROM clearflow_meta WHERE key = :key"
STUDENT_IDS = (
    "SELECT student_id FROM clearflow_cases WHERE workflow = :workflow ORDER BY student_id"
)
ALL_EVENTS = (
    "SELECT student_id, seq, action, at, office, staff, step, event FROM clearflow_events "
    "WHERE workflow = :workflow ORDER BY student_id, seq"
)


def cases(where: str, *, limit: bool = False) -> str:
    """The cases of ``clearflow_cases`` matching ``where`` (over its columns, the case row
    named ``c``), in student order, each with its facts and holds texts and its step rows:
    the case row joined to each of its steps (once, with NULL steps, when it has none), so
    that one query restores them (``_case_rows``). With ``limit``, at most ``:limit`` cases
    (the limit is the case rows', not the joined ones)."""
    chosen = (
        "SELECT c.*, f.text AS facts, h.text AS holds FROM clearflow_cases c "
        "LEFT JOIN clearflow_facts f ON f.id = c.facts_id "
        f"LEFT JOIN clearflow_holds h ON h.id = c.holds_id WHERE {where} ORDER BY c.student_id"
    )
    if limit:
        chosen += " LIMIT :limit"
    return (
        f"SELECT {CASE_COLUMNS}, {STEP_COLUMNS} FROM ({chosen}) c LEFT JOIN clearflow_steps s "
        "ON s.workflow = c.workflow AND s.student_id = c.student_id "
        "ORDER BY c.student_id, s.step"
    )


ONE_CASE = cases("c.workflow = :workflow AND c.student_id = :student")
ALL_CASES = cases("c.workflow = :workflow")
UNPREPARED = cases("c.workflow = :workflow AND c.holds_id IS NULL")


def some_cases(count: int) -> str:
    """:func:`cases` of ``:workflow`` whose student is one of ``:s0``... (``count``)."""
    return cases(f"c.workflow = :workflow AND c.student_id IN ({_listed(count)})")


def lock_cases(count: int) -> str:
    """The case rows of :func:`some_cases` locked ``FOR UPDATE`` in student order (one lock
    order: no deadlocks), read by nothing: PostgreSQL, in READ COMMITTED, gives a locking
    statement that waited the locked rows as they are now but its other rows (the step rows
    of a join) as they were when it began, so a case is read in the statement after."""
    return (
        f"SELECT student_id FROM clearflow_cases WHERE workflow = :workflow "
        f"AND student_id IN ({_listed(count)}) ORDER BY student_id FOR UPDATE"
    )


def some_events(count: int) -> str:
    """The events of ``:workflow``'s students ``:s0``... (``count``), the student id first,
    then :data:`EVENTS`'s columns, in student and ``seq`` order."""
    return (
        "SELECT student_id, seq, action, at, office, staff, step, event FROM clearflow_events "
        f"WHERE workflow = :workflow AND student_id IN ({_listed(count)}) "
        "ORDER BY student_id, seq"
    )


def _listed(count: int) -> str:
    return ", ".join(f":s{number}" for number in range(count))


EVENTS = (
    "SELECT seq, action, at, office, staff, step, event FROM clearflow_events "
    "WHERE workflow = :workflow AND student_id = :student ORDER BY seq"
)
RULES = "SELECT text, source FROM clearflow_rules WHERE workflow = :workflow AND digest = :digest"
MOVES = (
    "SELECT student_id, seq, at, event FROM clearflow_events "
    "WHERE workflow = :workflow AND action = 'migrate' ORDER BY student_id, seq"
)
"""Every ``migrate`` event of ``:workflow`` (``_undo``: the last move is the newest)."""
KEPT = "SELECT digest FROM clearflow_rules WHERE workflow = :workflow ORDER BY digest"
DIGESTS = (
    "SELECT digest, COUNT(*) FROM clearflow_cases WHERE workflow = :workflow "
    "GROUP BY digest ORDER BY digest"
)
OPEN_ON = (
    "SELECT student_id, version FROM clearflow_cases WHERE workflow = :workflow "
    "AND digest = :digest AND phase != :released ORDER BY student_id"
)
NEWEST_ROSTER = (
    "SELECT source, members FROM clearflow_staff WHERE workflow = :workflow "
    "ORDER BY version DESC LIMIT 1"
)
_NAME = re.compile(r":([a-z_][a-z0-9_]*)")


def tally(*, counsellor: bool) -> str:
    """Cases of ``:workflow`` with holds counted by facts, phase and holds (counsellor): the
    facts text, phase, holds text (counsellor), then the count. The counting reads only the
    case rows' index (ids); the texts are joined to the groups, a few hundred."""
    grouped = "facts_id, phase, holds_id" + (", counsellor" if counsellor else "")
    shown = "f.text, t.phase, h.text" + (", t.counsellor" if counsellor else "")
    return (
        f"SELECT {shown}, t.n FROM (SELECT {grouped}, COUNT(*) AS n FROM clearflow_cases "
        f"WHERE workflow = :workflow AND holds_id IS NOT NULL GROUP BY {grouped}) t "
        "LEFT JOIN clearflow_facts f ON f.id = t.facts_id "
        "JOIN clearflow_holds h ON h.id = t.holds_id"
    )


def key_of(text: str) -> str:
    """The key a shared facts or holds text is found by (``_interned``): its sha256, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def like_escaped(token: str) -> str:
    """The ``LIKE ... ESCAPE '/'`` pattern of a text containing ``token``."""
    escaped = token.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def scan(*, holds_any: int, facts_in: int | None, counsellor: str | None) -> str:
    """A page of cases of ``:workflow`` after ``:after``, at most ``:limit``: those whose
    holds text is like one of ``:h0``... (``holds_any`` of them), whose facts text is one of
    those keyed ``:f0``... (``facts_in`` of them; None: any, 0: none), and (``counsellor``)
    whose counsellor is ``"none"``: none or empty, ``"one"``: ``:counsellor``, None: any.
    Cases without holds always match. The texts are matched in their own small tables,
    the case rows by the ids found."""
    return cases(_scanned(holds_any, facts_in, counsellor), limit=True)


def scan_held(*, holds_any: int, facts_in: int | None, counsellor: str | None) -> str:
    """The cases of :func:`scan` with their holds text last, each joined only to its
    refused steps' rows (to all its rows when it has no holds text: it is restored)."""
    chosen = (
        "SELECT c.*, f.text AS facts, h.text AS holds FROM clearflow_cases c "
        "LEFT JOIN clearflow_facts f ON f.id = c.facts_id "
        "LEFT JOIN clearflow_holds h ON h.id = c.holds_id "
        f"WHERE {_scanned(holds_any, facts_in, counsellor)} ORDER BY c.student_id LIMIT :limit"
    )
    return (
        f"SELECT {CASE_COLUMNS}, {STEP_COLUMNS}, c.holds FROM ({chosen}) c "
        "LEFT JOIN clearflow_steps s ON s.workflow = c.workflow AND s.student_id = c.student_id "
        "AND (c.holds IS NULL OR s.status = 'refused') ORDER BY c.student_id, s.step"
    )


def _scanned(holds_any: int, facts_in: int | None, counsellor: str | None) -> str:
    """The condition on a case row ``c`` of :func:`scan`."""
    conditions = ["c.workflow = :workflow", "c.student_id > :after"]
    if holds_any:
        held = " OR ".join(f"text LIKE :h{number} ESCAPE '/'" for number in range(holds_any))
        conditions.append(
            f"(c.holds_id IN (SELECT id FROM clearflow_holds WHERE {held}) OR c.holds_id IS NULL)"
        )
    if facts_in == 0:
        conditions.append("c.holds_id IS NULL")
    elif facts_in is not None:
        listed = ", ".join(f":f{number}" for number in range(facts_in))
        conditions.append(
            f"(c.facts_id IN (SELECT id FROM clearflow_facts WHERE key IN ({listed})) "
            "OR c.holds_id IS NULL)"
        )
    if counsellor == "none":
        conditions.append("(c.counsellor IS NULL OR c.counsellor = '')")
    elif counsellor == "one":
        conditions.append("c.counsellor = :counsellor")
    return " AND ".join(conditions)


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
    "CASE",
    "CASE_COLUMNS",
    "EVENTS",
    "MARKED",
    "NEWEST_ROSTER",
    "ONE_CASE",
    "SCHEMA",
    "STEP",
    "STEP_COLUMNS",
    "STUDENT_IDS",
    "UNPREPARED",
    "Rows",
    "cases",
    "for_driver",
    "key_of",
    "like_escaped",
    "lock_cases",
    "parameters",
    "scan",
    "scan_held",
    "some_cases",
    "some_events",
    "tally",
]
