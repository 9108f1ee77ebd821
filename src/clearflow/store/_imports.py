"""An import's one transaction: the file claimed first, then its rows, batch by batch.

:func:`import_file` opens ONE write transaction for an import and first records the file
(its key) in ``clearflow_imports``. A second process importing the same file at the same
moment waits on that row (PostgreSQL) or on the write lock (SQLite), then finds it recorded
and changes nothing: its import is "already imported", not a failure on the students the
first one wrote. The importer then streams its rows through :class:`ImportBatch` (which
students are stored, new cases, actions on stored cases), a batch at a time, and nothing
is committed until the whole file was read and found good: a failed import changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clearflow.engine import Case, Delta, apply_delta, decision_key, delta_of
from clearflow.store._bulk import chunks, mark_stored, now_text
from clearflow.store._case_rows import locked
from clearflow.store._failures import added_meanwhile, stored_student
from clearflow.store._kinds import Kind, Patched, Payload, delta_fits, write_payload
from clearflow.store._projection import holds_text
from clearflow.store._rows import AlchemyRows
from clearflow.store._tables import cases_table, imports_table

if TYPE_CHECKING:
    from clearflow.store._store import Store

R = TypeVar("R")
CHUNK = 500
"""Students per ``IN (...)`` query (well under either backend's parameter limits)."""


@attrs.define
class Known(Generic[R]):
    """What an action did to the first case of a kind (``student_id``): its delta, the
    case's holds text, the action's result and the payload it wrote; the kind's rows,
    once a second case needs them."""

    delta: Delta
    holds: str
    student_id: str
    result: R
    payload: Payload
    fits: bool
    """Whether the delta holds the payload where a case alike gets its own written in."""
    kind: Kind | None = None


class ImportBatch:
    """The open transaction of one import: what it may read and write, batch by batch."""

    def __init__(self, store: Store, connection: sa.Connection) -> None:
        self.store = store
        self.connection = connection
        self.workflow = store.workflow

    def stored(self, student_ids: Collection[str]) -> set[str]:
        """Which of these students the store holds for this workflow (this import's too)."""
        found: set[str] = set()
        for chunk in chunks(sorted(set(student_ids)), CHUNK):
            query = sa.select(cases_table.c.student_id).where(
                cases_table.c.workflow == self.workflow, cases_table.c.student_id.in_(chunk)
            )
            found.update(row.student_id for row in self.connection.execute(query))
        return found

    def every_student(self) -> set[str]:
        """Every student the store holds for this workflow, in one query (for an import
        that names most of them: cheaper than asking a part at a time)."""
        query = sa.select(cases_table.c.student_id).where(cases_table.c.workflow == self.workflow)
        return set(self.connection.execute(query).scalars())

    def add(self, cases: Sequence[Case], counsellors: dict[str, str | None]) -> int:
        """Insert new cases and their events; ConflictError if one was added meanwhile."""
        try:
            self.store._writer.insert(self.connection, cases, counsellors)
        except IntegrityError:
            raise added_meanwhile() from None
        mark_stored(cases)
        return len(cases)

    def act_alike(
        self,
        student_ids: Collection[str],
        action: Callable[[Case], R],
        *,
        at: dt.datetime,
        signature: Callable[[str, dict[str, Any]], tuple[Hashable, Payload]],
        cache: dict[Hashable, Known[R]],
        keep: Callable[[R], bool],
    ) -> list[R]:
        """Apply ``action`` to each stored case named (locked on PostgreSQL), acting for
        real on one case of each kind and writing what it did into the snapshots of the
        others alike (:mod:`clearflow.engine._alike`), their rows made once per kind
        (:mod:`clearflow.store._kinds`).

        Cases are alike when the engine reads the same of them at ``at``
        (:func:`~clearflow.engine.decision_key`) and ``signature`` (what the action does
        to each student, read with the case's snapshot) is the same. Its second part is
        the payload: per step, values the action writes as they are into that step's
        record and events (a refusal's reason, what is owed), which the first part says
        all but the values of; a case alike but for them gets its own written in
        (:func:`~clearflow.store._kinds.fits`). ``cache`` keeps, across calls for one
        action, what it did to each kind, when ``keep`` says its result may stand for
        others (not an error told of one student). Returns each case's result, in
        student order.
        """
        store = self.store
        writer = store._writer
        results: list[R] = []
        for chunk in chunks(sorted(set(student_ids)), CHUNK):
            real: list[Case] = []
            patched: list[Patched] = []
            for data in self._locked(chunk):
                student_id, version = data["student"]["id"], data["version"]
                shape, payload = signature(student_id, data)
                digest = data["workflow"]["digest"]  # each rules their own kinds
                key = (digest, decision_key(data, at), shape)
                known = cache.get(key)
                own = known is not None and payload != known.payload
                if known is None or (own and not known.fits):
                    case = store._restore({**data, "events": []}, stored_student(student_id))
                    result = action(case)
                    if known is None and keep(result):
                        delta = delta_of(data, case)
                        cache[key] = Known(
                            delta,
                            holds_text(case),
                            student_id,
                            result,
                            payload,
                            delta_fits(delta, payload),
                        )
                    if case.events:
                        real.append(case)
                    results.append(result)
                    continue
                result = known.result
                if known.delta.events:
                    if known.kind is None:  # made for the second case of a kind, not the first
                        known.kind = writer.kind(known.delta, known.holds, known.student_id, digest)
                    kind = known.kind
                    apply_delta(data, kind.delta, events=False)
                    written = None
                    if own:
                        written = payload
                        write_payload(data, payload)
                    patched.append(Patched(student_id, version, data, kind, written))
                results.append(result)
            writer.update(self.connection, real)
            writer.update_patched(self.connection, patched)
        return results

    def _locked(self, chunk: list[str]) -> list[dict[str, Any]]:
        """The snapshots of some students' cases, locked on PostgreSQL, in one lock order:
        the same two queries for every chunk, its last part padded with its last id."""
        padded = chunk + [chunk[-1]] * (CHUNK - len(chunk))
        rows = AlchemyRows(self.connection)
        return locked(rows, self.workflow, padded, lock=not self.store.is_sqlite)

    def student_ids(self, after: str = "", limit: int = CHUNK) -> list[str]:
        """The next ``limit`` stored students after ``after`` in id order (a page)."""
        query = (
            sa.select(cases_table.c.student_id)
            .where(cases_table.c.workflow == self.workflow, cases_table.c.student_id > after)
            .order_by(cases_table.c.student_id)
            .limit(limit)
        )
        return [row.student_id for row in self.connection.execute(query)]


class _RecordedError(Exception):
    """The file's key was already recorded: leave the transaction, writing nothing."""


def was_imported(store: Store, connection: sa.Connection, sha256: str) -> bool:
    """Whether a file with this key was already imported for the store's workflow."""
    query = sa.select(imports_table.c.sha256).where(
        imports_table.c.workflow == store.workflow, imports_table.c.sha256 == sha256
    )
    return connection.execute(query).first() is not None


def import_file(
    store: Store, key: str, kind: str, source: str, body: Callable[[ImportBatch], int]
) -> bool:
    """Run ``body`` in one transaction that records the file ``key`` first; False if recorded.

    ``body`` returns the number of rows read (recorded with the file); when it raises,
    nothing is written. A file recorded by another process first, even one still
    importing it, makes this return False having changed nothing.
    """
    return import_files(store, [(key, kind, source)], lambda batch: [body(batch)])


def import_files(
    store: Store,
    files: Sequence[tuple[str, str, str]],
    body: Callable[[ImportBatch], Sequence[int]],
) -> bool:
    """:func:`import_file` for several files (``key, kind, source``) in ONE transaction.

    Every key is recorded first; ``body`` returns the rows read of each file, in order.
    False, having changed nothing, when any of them is recorded already.
    """
    try:
        with store._writing() as connection:
            for key, kind, source in files:
                if was_imported(store, connection, key):
                    raise _RecordedError
                try:
                    connection.execute(
                        sa.insert(imports_table).values(
                            workflow=store.workflow,
                            sha256=key,
                            kind=kind,
                            source=source,
                            rows=0,
                            at=now_text(),
                        )
                    )
                except IntegrityError:
                    raise _RecordedError from None
            counts = body(ImportBatch(store, connection))
            for (key, _, _), rows in zip(files, counts, strict=True):
                connection.execute(
                    sa.update(imports_table)
                    .where(
                        imports_table.c.workflow == store.workflow, imports_table.c.sha256 == key
                    )
                    .values(rows=rows, at=now_text())
                )
    except _RecordedError:
        return False
    return True


__all__ = ["ImportBatch", "Known", "import_file", "import_files", "was_imported"]
