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

from clearflow._i18n import Message
from clearflow.engine import RELEASED, Case, Engine, Event, restorer
from clearflow.errors import CaseDataError, Said, StoreError, WorkflowError
from clearflow.loading import kept_rules
from clearflow.spec import Roster, StaffMember, Workflow
from clearflow.store import _sql
from clearflow.store._case_rows import events_of, grouped, restored
from clearflow.store._refusals import (
    READS,
    SCHEMA_VERSION,
    newer_store,
    not_a_store,
    older_store,
    stored_id,
    unknown_student,
)
from clearflow.store._sql import Rows

META_TABLE = "clearflow_meta"
STAFF_TABLE = "clearflow_staff"
RULES_TABLE = "clearflow_rules"
PENDING = "projection_pending"
"""The ``clearflow_meta`` key revision 0002 sets on a store with cases: some lack ``holds``."""


def check_schema(rows: Rows, label: str) -> None:
    """Refuse, for a read-only open, a database that is not a store of this schema version.

    Opens that may write check the same in ``_migrate.migrate`` and upgrade what they may.
    """
    if not rows.has_table(META_TABLE):
        raise not_a_store(label)
    value = next(iter(rows.run(_sql.SCHEMA, {"key": "schema"})), (None,))[0]
    if value is not None and str(value).isdigit() and int(value) < SCHEMA_VERSION:
        raise older_store(label, str(value))
    if value is None or str(value) not in READS:
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


Restore = Callable[[dict[str, Any], Said], Case]


def kept_workflow(text: str, source: str, digest: str) -> Workflow:
    """The workflow of kept rules; a CaseDataError when they no longer build to ``digest``
    (a clearflow that reads rules differently: its cases must be moved by the old one)."""
    try:
        workflow = kept_rules(text, source)
    except WorkflowError as error:
        workflow = None
        problem = str(error)
    if workflow is None or workflow.digest != digest:
        raise CaseDataError(
            Message(
                "the rules {digest} the store keeps (from {source}) no longer read as they "
                "did{problem}; move their cases with the clearflow that started them",
                digest=digest[:12],
                source=source,
                problem="" if workflow is not None else ": " + problem,
            )
        )
    return workflow


class Reading:
    """The reads every store offers, over the connection its ``_query`` gives.

    A case runs on the rules it started on (or was moved onto): the store's workflow's, or
    rules the store keeps (``clearflow_rules``, :meth:`engine_of`)."""

    workflow: str
    engine: Engine
    label: str
    _kept: dict[str, tuple[Engine, Restore]]
    """The engines (and restorers) of rules digests read so far, the store's own among them."""

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

    def use_engine(self, engine: Engine) -> None:
        """Read (and write) with this engine for the store's workflow; kept rules again."""
        self.engine = engine
        self._kept = {engine.workflow.digest: (engine, restorer(engine))}

    def know(self, engine: Engine) -> None:
        """Read the cases of ``engine``'s rules digest with it (cases of older rules the
        store keeps no text of, say); a StoreError for another workflow's engine."""
        if engine.workflow.id != self.workflow:
            raise StoreError(
                Message(
                    "the store holds workflow '{workflow}', not '{other}'",
                    workflow=self.workflow,
                    other=engine.workflow.id,
                )
            )
        self._kept.setdefault(engine.workflow.digest, (engine, restorer(engine)))

    def engine_of(self, digest: str) -> Engine | None:
        """The engine of a rules digest: the store's workflow's, or the rules the store
        keeps of that digest (None when it keeps none: a case on them cannot be read)."""
        known = self._kept.get(digest)
        if known is None:
            with self._query() as rows:
                if not rows.has_table(RULES_TABLE):
                    return None
                found = next(iter(rows.run(_sql.RULES, {**self._of(), "digest": digest})), None)
            if found is None:
                return None
            engine = Engine(kept_workflow(found[0], found[1], digest), self.engine.roster)
            known = self._kept[digest] = (engine, restorer(engine))
        return known[0]

    def kept_digests(self) -> list[str]:
        """The rules digests the store keeps the text of (a quick read: no case is read)."""
        with self._query() as rows:
            if not rows.has_table(RULES_TABLE):
                return []
            return [str(digest) for (digest,) in rows.run(_sql.KEPT, self._of())]

    def rules_in_use(self) -> list[tuple[str, int]]:
        """Each rules digest the store's cases run on, with how many, by digest (reads every
        case row: ask :meth:`kept_digests` first whether there can be more than one)."""
        with self._query() as rows:
            return [(digest, count) for digest, count in rows.run(_sql.DIGESTS, self._of())]

    def open_on(self, digest: str) -> dict[str, int]:
        """The cases not released that run on the rules of ``digest``: id -> version."""
        given = {**self._of(), "digest": digest, "released": RELEASED}
        with self._query() as rows:
            return {str(row[0]): int(row[1]) for row in rows.run(_sql.OPEN_ON, given)}

    def _restore(self, data: dict[str, Any], source: Said) -> Case:
        """A case from its snapshot, on the rules it names (the store's own when it keeps
        none of that digest: their restorer then refuses it, naming both digests)."""
        stored = data.get("workflow")
        digest = stored.get("digest") if isinstance(stored, dict) else None
        if not isinstance(digest, str) or self.engine_of(digest) is None:
            digest = self.engine.workflow.digest
        return self._kept[digest][1](data, source)

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
