"""The reports' questions to the store, as SQL: counts by group, and pages of cases.

:func:`tally` counts a workflow's cases by their facts, phase and ``holds`` (and
counsellor when asked): one ``GROUP BY`` whose rows are few (a class has few distinct
profiles), from which :mod:`clearflow.cohort` computes every count a report shows.
:func:`scan` reads a page of cases that may match a report's filters, in student order;
the report then decides on the decoded cases exactly as it would on all of them (a
filter here only narrows the candidates). :func:`scan_held` reads the same cases as
what holds each and its refusals (``_held``), all a blocked row shows, without
restoring them. Cases a version-1 store left without ``facts``
and ``holds`` (see ``_projection``) are decoded and counted here, so a report is right
before the store is next opened to write, only slower.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

import attrs

from clearflow.engine import Case, facts_text, holds_text
from clearflow.store import _sql
from clearflow.store._held import Held, HeldReader
from clearflow.store._reading import Reading, Rows, pending

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


def tally(store: Reading, *, counsellor: bool = False) -> list[Tally]:
    """The workflow's cases counted by facts, phase and holds (and counsellor)."""
    width = 4 if counsellor else 3
    found: dict[tuple[Any, ...], int] = {}
    with store._query() as rows:
        for row in rows.run(_sql.tally(counsellor=counsellor), {"workflow": store.workflow}):
            key = tuple(row[:width])
            found[key] = found.get(key, 0) + row[width]
        for case, its_counsellor in _unprepared(store, rows) if pending(rows) else ():
            key = (facts_text(case.facts), case.phase, holds_text(case))
            key += (its_counsellor,) if counsellor else ()
            found[key] = found.get(key, 0) + 1
    return [
        Tally(key[0], key[1], key[2], count, key[3] if counsellor else None)
        for key, count in found.items()
    ]


def _unprepared(store: Reading, rows: Rows) -> Iterator[tuple[Case, str | None]]:
    """The cases without ``holds`` (a store upgraded from version 1), decoded."""
    yield from store._restored(list(rows.run(_sql.UNPREPARED, {"workflow": store.workflow})))


def scan(
    store: Reading,
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
    sql, given = _scanning(_sql.scan, store, holds_any, facts_in, counsellor, after, limit)
    with store._query() as rows:
        return list(store._restored(rows.run(sql, given)))


def scan_held(
    store: Reading,
    *,
    holds_any: Sequence[str] = (),
    facts_in: Collection[str] | None = None,
    counsellor: object = ANY,
    after: str = "",
    limit: int = 500,
    reader: HeldReader | None = None,
) -> list[Held]:
    """The cases :func:`scan` gives, as :class:`~clearflow.store._held.Held`: what holds
    each and its refusals, read without restoring it (``reader`` remembers the facts it
    checked from one page to the next)."""
    sql, given = _scanning(_sql.scan_held, store, holds_any, facts_in, counsellor, after, limit)
    reader = reader or HeldReader(store)
    with store._query() as rows:
        return list(reader.read(list(rows.run(sql, given))))


def _scanning(
    make: Callable[..., str],
    store: Reading,
    holds_any: Sequence[str],
    facts_in: Collection[str] | None,
    counsellor: object,
    after: str,
    limit: int,
) -> tuple[str, dict[str, Any]]:
    """The SQL ``make`` writes for these filters, and its parameters."""
    given: dict[str, Any] = {"workflow": store.workflow, "after": after, "limit": limit}
    given.update((f"h{number}", _sql.like_escaped(token)) for number, token in enumerate(holds_any))
    listed = None if facts_in is None or len(facts_in) > MAX_LISTED else sorted(facts_in)
    given.update((f"f{number}", _sql.key_of(text)) for number, text in enumerate(listed or ()))
    which = None if counsellor is ANY else ("one" if counsellor else "none")
    if which == "one":
        given["counsellor"] = counsellor
    sql = make(
        holds_any=len(holds_any),
        facts_in=None if listed is None else len(listed),
        counsellor=which,
    )
    return sql, given


__all__ = ["ANY", "MAX_LISTED", "Tally", "scan", "scan_held", "tally"]
