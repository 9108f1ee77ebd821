"""What both kinds of store read, written once: cases, histories, the roster, the checks.

:class:`Reading` is the read side of a store over any connection that runs the texts of
:mod:`clearflow.store._sql` (a :class:`Rows`): :class:`~clearflow.store.Store` gives it
SQLAlchemy's connection (any database), :class:`~clearflow.store._reader.SqliteReader` a
``sqlite3`` one (a report on a SQLite file, without importing SQLAlchemy). So a report, an
export and a read-only open's checks (:func:`check_schema`) run the same SQL and say the
same refusals on both.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from clearflow.engine import Case, Engine, Event
from clearflow.errors import Said
from clearflow.spec import Roster, StaffMember
from clearflow.store import _sql
from clearflow.store._case_rows import events_of, grouped, restored
from clearflow.store._refusals import (
    SCHEMA_VERSION,
    newer_store,
    not_a_store,
    stored_id,
    unknown_student,
)
from clearflow.store._sql import Rows

META_TABLE = "clearflow_meta"
STAFF_TABLE = "clearflow_staff"
PENDING = "projection_pending"
"""The ``clearflow_meta`` key revision 0002 sets on a store with cases: some lack ``holds``."""


def check_schema(rows: Rows, label: str) -> None:
    """Refuse, for a read-only open, a database that is not a store of this schema version.

    Opens that may write check the same in ``_migrate.migrate`` and upgrade what they may.
    """
    if not rows.has_table(META_TABLE):
        raise not_a_store(label)
    value = next(iter(rows.run(_sql.SCHEMA, {"key": "schema"})), (None,))[0]
    if value is None or str(value) != str(SCHEMA_VERSION):
        raise newer_store(label, None if value is None else str(value))


def pending(rows: Rows) -> bool:
    """Whether the store says some cases lack ``facts`` and ``holds`` (:data:`PENDING`)."""
    return any(True for _ in rows.run(_sql.MARKED, {"key": PENDING}))


def newest_roster(rows: Rows, workflow: str) -> Roster | None:
    """The workflow's newest stored roster, or None (none imported, or a store from before)."""
    if not rows.has_table(STAFF_TABLE):
        return None
    found = next(iter(rows.run(_sql.NEWEST_ROSTER, {"workflow": workflow})), None)
    if found is None:
        return None
    source, members = found
    return roster_of(source, members)


def roster_of(source: str, members: str) -> Roster:
    """A roster from its stored ``source`` and ``members`` (JSON)."""
    staff = [
        StaffMember(
            id=str(item["id"]),
            name=str(item["name"]),
            office=str(item["office"]),
            unit=item.get("unit"),
            role=item.get("role"),
        )
        for item in json.loads(members)
    ]
    return Roster.of(staff, source=source)


class Reading:
    """The reads every store offers, over the connection its ``_query`` gives."""

    workflow: str
    engine: Engine
    label: str
    _restore: Callable[[dict[str, Any], Said], Case]

    def _query(self) -> contextlib.AbstractContextManager[Rows]:
        """A connection in a read transaction (never the write lock)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the database connection(s)."""
        raise NotImplementedError

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _restored(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Case, str | None]]:
        """The cases of joined rows (:func:`clearflow.store._sql.cases`), with counsellors."""
        for data, counsellor in grouped(self.workflow, rows):
            yield restored(self._restore, data), counsellor

    def load(self, student_id: str) -> Case:
        """The case as stored, without its history (``case.events`` starts empty)."""
        student_id = stored_id(student_id)
        with self._query() as rows:
            found = next(self._restored(rows.run(_sql.ONE_CASE, self._of(student_id))), None)
        if found is None:
            raise unknown_student(student_id, self.workflow)
        return found[0]

    def history(self, student_id: str) -> list[Event]:
        """Every event of a student's case, in order."""
        student_id = stored_id(student_id)
        with self._query() as rows:
            return events_of(self.workflow, rows.run(_sql.EVENTS, self._of(student_id)))

    def histories(self) -> Iterator[tuple[str, list[Event]]]:
        """Every student's events, in student order, each history in order: one query for
        the whole workflow (a migration plan reads every case's history)."""
        with self._query() as rows:
            found = rows.run(_sql.ALL_EVENTS, self._of())
            for student_id, group in itertools.groupby(found, key=operator.itemgetter(0)):
                yield student_id, events_of(self.workflow, (row[1:] for row in group))

    def student_ids(self) -> list[str]:
        """Every student of this workflow in the store, sorted."""
        with self._query() as rows:
            return [student for (student,) in rows.run(_sql.STUDENT_IDS, self._of())]

    def cases(self) -> Iterator[tuple[Case, str | None]]:
        """Every case with its counsellor, for reports (history left out)."""
        with self._query() as rows:
            yield from self._restored(rows.run(_sql.ALL_CASES, self._of()))

    def _of(self, student_id: str | None = None) -> dict[str, Any]:
        given = {"workflow": self.workflow}
        return given if student_id is None else {**given, "student": student_id}


__all__ = [
    "PENDING",
    "Reading",
    "Rows",
    "check_schema",
    "newest_roster",
    "pending",
    "roster_of",
]
