"""The reports' questions to the store, as SQL: counts by group, and pages of cases.

:func:`tally` counts a workflow's cases by their facts, phase and ``holds`` (and
counsellor when asked): one ``GROUP BY`` whose rows are few (a class has few distinct
profiles), from which :mod:`clearflow.cohort` computes every count a report shows.
:func:`scan` reads a page of cases that may match a report's filters, in student order;
the report then decides on the decoded cases exactly as it would on all of them (a
filter here only narrows the candidates). Cases a version-1 store left without ``facts``
and ``holds`` (see ``_projection``) are decoded and counted here, so a report is right
before the store is next opened to write, only slower.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from clearflow.engine import Case
from clearflow.store._projection import facts_text, holds_text, pending
from clearflow.store._tables import cases_table

if TYPE_CHECKING:
    from clearflow.store._store import Store

ANY = object()
"""A :func:`scan` counsellor that filters nothing (None filters students without one)."""
MAX_LISTED = 900
"""The most facts texts a :func:`scan` names in ``IN (...)``; past it, it filters none."""


@attrs.frozen
class Tally:
    """How many cases have these facts, phase and holds (and counsellor, when asked)."""

    facts: str
    phase: str
    holds: str
    count: int
    counsellor: str | None = None


def tally(store: Store, *, counsellor: bool = False) -> list[Tally]:
    """The workflow's cases counted by facts, phase and holds (and counsellor)."""
    cases = cases_table
    columns: list[Any] = [cases.c.facts, cases.c.phase, cases.c.holds]
    if counsellor:
        columns.append(cases.c.counsellor)
    query = (
        sa.select(*columns, sa.func.count().label("n"))
        .where(cases.c.workflow == store.workflow, cases.c.holds.is_not(None))
        .group_by(*columns)
    )
    found: dict[tuple[Any, ...], int] = {}
    with store._reading() as connection:
        for row in connection.execute(query):
            key = tuple(row[: len(columns)])
            found[key] = found.get(key, 0) + row.n
        for case, its_counsellor in _unprepared(store, connection) if pending(connection) else ():
            key = (facts_text(case.facts), case.phase, holds_text(case))
            key += (its_counsellor,) if counsellor else ()
            found[key] = found.get(key, 0) + 1
    return [
        Tally(key[0], key[1], key[2], count, key[3] if counsellor else None)
        for key, count in found.items()
    ]


def _unprepared(store: Store, connection: sa.Connection) -> Iterator[tuple[Case, str | None]]:
    """The cases without ``holds`` (a store upgraded from version 1), decoded."""
    query = (
        sa.select(cases_table)
        .where(cases_table.c.workflow == store.workflow, cases_table.c.holds.is_(None))
        .order_by(cases_table.c.student_id)
    )
    for row in connection.execute(query):
        yield store._case(row), row.counsellor


def scan(
    store: Store,
    *,
    holds_any: Sequence[str] = (),
    facts_in: Collection[str] | None = None,
    counsellor: object = ANY,
    after: str = "",
    limit: int = 500,
) -> list[tuple[Case, str | None]]:
    """The next ``limit`` cases after student ``after`` that may match, with counsellors.

    A case matches when its ``holds`` contains one of ``holds_any`` (when given), its facts
    text is one of ``facts_in`` (when given) and its counsellor is ``counsellor`` (unless
    :data:`ANY`; None or ``""``: those without one). Cases without ``holds`` always come
    back: the caller decides on them.
    """
    cases = cases_table
    conditions: list[Any] = [cases.c.workflow == store.workflow, cases.c.student_id > after]
    unprepared = cases.c.holds.is_(None)
    if holds_any:
        held = sa.or_(*(cases.c.holds.contains(token, autoescape=True) for token in holds_any))
        conditions.append(sa.or_(held, unprepared))
    if facts_in is not None and len(facts_in) <= MAX_LISTED:
        conditions.append(sa.or_(cases.c.facts.in_(sorted(facts_in)), unprepared))
    if counsellor is not ANY:
        none = sa.or_(cases.c.counsellor.is_(None), cases.c.counsellor == "")
        conditions.append(none if not counsellor else cases.c.counsellor == counsellor)
    query = sa.select(cases).where(*conditions).order_by(cases.c.student_id).limit(limit)
    with store._reading() as connection:
        return [(store._case(row), row.counsellor) for row in connection.execute(query)]


__all__ = ["ANY", "MAX_LISTED", "Tally", "scan", "tally"]
