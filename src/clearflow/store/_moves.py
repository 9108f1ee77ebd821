"""Stored cases moved onto other rules: one in one transaction (``Store.move``), many a
chunk at a time (:func:`move_many`, ``clearflow migrate apply``).

The case is locked and read, its history replayed to the actions a move redoes
(:func:`clearflow.engine.actions_of`, on the rules the store keeps), moved
(:func:`clearflow.engine.moved`: its ``migrate`` event) and written whole: its case row
(now naming the new digest, and the facts the move gave), its step rows replaced (a move
may rename or leave out records) and the new event. The rules moved onto are kept
(``_rules.keep_rules``), so the case loads on them from then on. A case whose version is not
the one the caller planned on is refused with a ConflictError, having changed nothing.

:func:`move_many` decides every case of a chunk before it writes any (a case that cannot
move is skipped, and said why), then writes the chunk's moved cases together: each case
whole or not at all, as one transaction per case would, at a fraction of the commits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import operator
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import sqlalchemy as sa

from clearflow._i18n import Message
from clearflow.engine import Actor, Case, Engine, Event, Renames, moved, recorded_actions
from clearflow.errors import CaseDataError, ClearflowError, ConflictError, InputError
from clearflow.spec.conditions import FactValue
from clearflow.store import _sql
from clearflow.store._bulk import UPDATE_ONE, chunks, mark_stored, now_text
from clearflow.store._case_rows import events_of
from clearflow.store._driver import DriverStatement
from clearflow.store._failures import unknown_student
from clearflow.store._interned import FACTS_ID, ensure, keys
from clearflow.store._limits import check_case_rows, stored_id
from clearflow.store._rows import AlchemyRows
from clearflow.store._rules import keep_rules
from clearflow.store._tables import facts_table, holds_table, steps_table

if TYPE_CHECKING:
    from clearflow.store._store import Store

MOVE_ROW = UPDATE_ONE.values(digest=sa.bindparam("digest"), facts_id=FACTS_ID)
"""A case row moved onto other rules (``UPDATE_ONE``, its digest and facts too), only if it
is still at the version it was read at."""
CHUNK = 500
"""Cases moved per transaction by :func:`move_many` (the most ``Store._locked`` reads)."""


@attrs.frozen
class Moves:
    """What :func:`move_many` did: the students moved, and those skipped with why."""

    moved: tuple[str, ...] = ()
    skipped: tuple[tuple[str, Message], ...] = ()


def move_case(
    store: Store,
    student_id: str,
    engine: Engine,
    *,
    by: Actor,
    why: str,
    renames: Renames | None = None,
    facts: Mapping[str, FactValue] | None = None,
    at: dt.datetime | None = None,
    expected: int | None = None,
) -> Case:
    """Move one stored case onto ``engine``'s rules (see the module); the moved case."""
    how = _How(engine, by, why, renames or Renames(), engine.moment(at))
    with store._writing() as connection:
        found = store._locked(connection, [student_id])
        if not found:
            raise unknown_student(student_id, store.workflow)
        histories = _histories(store, connection, [student_id])
        new = _moved(store, found[0], histories[student_id], how, expected, facts)
        keep_rules(connection, engine.workflow)
        write_moved(store, connection, [new])
    store.know(engine)
    return new


def move_many(
    store: Store,
    planned: Mapping[str, int | None],
    engine: Engine,
    *,
    by: Actor,
    why: str,
    renames: Renames | None = None,
    facts: Mapping[str, Mapping[str, FactValue]] | None = None,
    at: dt.datetime | None = None,
    atomic: bool = False,
) -> Moves:
    """Move many stored cases (``planned``: student id -> the version a plan read, or None)
    at one moment, :data:`CHUNK` at a time, a transaction each: a case moves whole or not at
    all, and one that cannot (released, on these rules already, changed since the plan,
    refused by the new rules, not stored) is skipped and said why. With ``atomic``, all in
    one transaction and the first case that cannot move raises, having written nothing."""
    how = _How(engine, by, why, renames or Renames(), engine.moment(at))
    given = facts or {}
    planned = {stored_id(student): version for student, version in planned.items()}
    wanted = sorted(planned)
    moved: list[str] = []
    skipped: list[tuple[str, Message]] = []
    with contextlib.ExitStack() as whole:
        if atomic:
            connection = whole.enter_context(store._writing())
        for chunk in chunks(wanted, CHUNK):
            with contextlib.ExitStack() as part:
                if not atomic:
                    connection = part.enter_context(store._writing())
                found = {case.student_id: case for case in store._locked(connection, chunk)}
                histories = _histories(store, connection, list(found))
                cases = []
                for student in chunk:
                    case = found.get(student)
                    try:
                        if case is None:
                            raise unknown_student(student, store.workflow)
                        cases.append(
                            _moved(
                                store,
                                case,
                                histories[student],
                                how,
                                planned.get(student),
                                given.get(student),
                            )
                        )
                    except ClearflowError as error:
                        if atomic:
                            raise
                        skipped.append((student, error.said))
                keep_rules(connection, engine.workflow)
                write_moved(store, connection, cases)
                moved.extend(case.student_id for case in cases)
    store.know(engine)
    return Moves(tuple(moved), tuple(skipped))


@attrs.frozen
class _How:
    engine: Engine
    by: Actor
    why: str
    renames: Renames
    at: dt.datetime


def _moved(
    store: Store,
    case: Case,
    history: list[Event],
    how: _How,
    expected: int | None,
    facts: Mapping[str, FactValue] | None,
) -> Case:
    """One case moved as ``how`` says (the errors of a case that cannot move)."""
    if case.engine.workflow.digest == how.engine.workflow.digest:
        raise InputError(
            Message(
                "student '{student}' runs on rules {digest} already",
                student=case.student_id,
                digest=how.engine.workflow.digest[:12],
            )
        )
    if expected is not None and case.version != expected:
        raise ConflictError(
            Message(
                "student '{student}' was changed since the plan (version {version}, "
                "planned at {expected}); plan again",
                student=case.student_id,
                version=case.version,
                expected=expected,
            )
        )
    actions = recorded_actions(
        case.engine,
        case.student_id,
        history,
        case.name,
        rules=lambda digest: rules_for(store, digest),
    )
    return moved(
        case,
        actions,
        how.engine,
        by=how.by,
        why=how.why,
        renames=how.renames,
        facts=facts,
        at=how.at,
    )


def _histories(
    store: Store, connection: sa.Connection, student_ids: list[str]
) -> dict[str, list[Event]]:
    """Each student's events, read in one query."""
    if not student_ids:
        return {}
    given: dict[str, object] = {"workflow": store.workflow}
    given.update((f"s{number}", student) for number, student in enumerate(student_ids))
    rows = AlchemyRows(connection).run(_sql.some_events(len(student_ids)), given)
    histories: dict[str, list[Event]] = {student: [] for student in student_ids}
    for student, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        histories[student] = events_of(store.workflow, [row[1:] for row in group])
    return histories


def write_moved(store: Store, connection: sa.Connection, cases: Sequence[Case]) -> None:
    """Moved cases' rows in place of their old ones, and their move events."""
    if not cases:
        return
    writer = store._writer
    now = now_text()
    rows = []
    for case in cases:
        row = writer._row(case, now)
        rows.append(
            {
                "k_workflow": store.workflow,
                "k_student": case.student_id,
                "k_version": case.base_version,
                **{name: row[name] for name in ("digest", "facts", "phase", "documents", "holds")},
                **keys(row),
                "version": case.version,
                "updated_at": now,
            }
        )
    check_case_rows(rows)
    ensure(connection, facts_table, [str(row["facts"]) for row in rows])
    ensure(connection, holds_table, [str(row["holds"]) for row in rows])
    statement = _move_row(connection.dialect)
    if writer.multi_rowcount:  # one executemany: its rowcount is the total changed
        if statement.execute(connection, rows) != len(rows):
            raise writer._conflict(connection, rows)
    else:
        for given in rows:
            if statement.execute(connection, [given]) != 1:
                raise writer._conflict(connection, [given])
    ids = [case.student_id for case in cases]
    connection.execute(
        sa.delete(steps_table).where(
            steps_table.c.workflow == store.workflow, steps_table.c.student_id.in_(ids)
        )
    )
    writer._steps.new(connection, cases)
    writer._insert_events(connection, cases)
    mark_stored(cases)


@functools.cache
def _move_row(dialect: sa.Dialect) -> DriverStatement:
    """:data:`MOVE_ROW` compiled for a dialect once (``_driver``: rows straight to it)."""
    return DriverStatement(MOVE_ROW, dialect)


def rules_for(store: Store, digest: str) -> Engine:
    """The engine of kept rules, for replaying a history (a CaseDataError without them)."""
    engine = store.engine_of(digest)
    if engine is None:
        raise CaseDataError(
            Message(
                "the store does not keep the rules {digest} this case ran on (open the store "
                "once to write with that workflow file)",
                digest=digest[:12],
            )
        )
    return engine


__all__ = ["CHUNK", "MOVE_ROW", "Moves", "move_case", "move_many", "rules_for", "write_moved"]
