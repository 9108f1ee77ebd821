"""A stored case moved onto other rules, in one transaction (``Store.move``).

The case is locked and read, its history replayed to the actions a move redoes
(:func:`clearflow.engine.actions_of`, on the rules the store keeps), moved
(:func:`clearflow.engine.moved`: its ``migrate`` event) and written whole: its case row
(now naming the new digest, and the facts the move gave), its step rows replaced (a move
may rename or leave out records) and the new event. The rules moved onto are kept
(``_rules.keep_rules``), so the case loads on them from then on. A case whose version is not
the one the caller planned on is refused with a ConflictError, having changed nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import sqlalchemy as sa

from clearflow._i18n import Message
from clearflow.engine import Actor, Case, Engine, Renames, actions_of, moved
from clearflow.errors import CaseDataError, ConflictError
from clearflow.spec.conditions import FactValue
from clearflow.store import _sql
from clearflow.store._bulk import mark_stored, now_text
from clearflow.store._case_rows import events_of
from clearflow.store._failures import unknown_student
from clearflow.store._limits import check_case_rows
from clearflow.store._rows import AlchemyRows
from clearflow.store._rules import keep_rules
from clearflow.store._tables import cases_table, steps_table

if TYPE_CHECKING:
    from clearflow.store._store import Store

MOVE_ROW = (
    sa.update(cases_table)
    .where(
        cases_table.c.workflow == sa.bindparam("k_workflow"),
        cases_table.c.student_id == sa.bindparam("k_student"),
        cases_table.c.version == sa.bindparam("k_version"),
    )
    .values(
        digest=sa.bindparam("digest"),
        facts=sa.bindparam("facts"),
        phase=sa.bindparam("phase"),
        documents=sa.bindparam("documents"),
        holds=sa.bindparam("holds"),
        version=sa.bindparam("version"),
        updated_at=sa.bindparam("updated_at"),
    )
)
"""A case row moved onto other rules, only if it is still at the version it was read at."""


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
    with store._writing() as connection:
        found = store._locked(connection, [student_id])
        if not found:
            raise unknown_student(student_id, store.workflow)
        case = found[0]
        if expected is not None and case.version != expected:
            raise ConflictError(
                Message(
                    "student '{student}' was changed since the plan (version {version}, "
                    "planned at {expected}); plan again",
                    student=student_id,
                    version=case.version,
                    expected=expected,
                )
            )
        rows = AlchemyRows(connection)
        history = events_of(store.workflow, rows.run(_sql.EVENTS, store._of(student_id)))
        _, actions = actions_of(
            case.engine, student_id, history, case.name, rules=lambda digest: _rules(store, digest)
        )
        new = moved(case, actions, engine, by=by, why=why, renames=renames, facts=facts, at=at)
        keep_rules(connection, engine.workflow)
        write_moved(store, connection, new)
    store.know(engine)
    return new


def write_moved(store: Store, connection: sa.Connection, case: Case) -> None:
    """A moved case's rows in place of its old ones, and its move event."""
    writer = store._writer
    now = now_text()
    row = writer._row(case, now)
    check_case_rows([row])
    given = {
        "k_workflow": store.workflow,
        "k_student": case.student_id,
        "k_version": case.base_version,
        **{name: row[name] for name in ("digest", "facts", "phase", "documents", "holds")},
        "version": case.version,
        "updated_at": now,
    }
    if connection.execute(MOVE_ROW, given).rowcount != 1:
        raise writer._conflict(connection, [given])
    connection.execute(
        sa.delete(steps_table).where(
            steps_table.c.workflow == store.workflow, steps_table.c.student_id == case.student_id
        )
    )
    writer._steps.new(connection, [case])
    writer._insert_events(connection, [case])
    mark_stored([case])


def _rules(store: Store, digest: str) -> Engine:
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


__all__ = ["MOVE_ROW", "move_case", "write_moved"]
