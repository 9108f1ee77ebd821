"""The cohort reports asked of a store: counts by SQL first, then the rows a page shows.

:class:`StoredCohort` opens a store read-only (on a SQLite file through ``sqlite3``, see
:func:`~clearflow.store.open_reader`) and answers what the CLI's ``cohort status``,
``blocked`` and ``export`` show without loading the class: progress and headcount from
one tally (``GROUP BY`` facts and phase), the blocked summary from one tally of ``holds``,
and blocked rows group by group in the order the report lists them, read a chunk of cases
at a time (:meth:`StoredCohort.blocked`; the first about a page, then growing), so the
first page costs a page and a full export holds a chunk. Each function gives what the
pure report of the same name gives on every case (:mod:`clearflow.cohort.report`,
:mod:`clearflow.cohort.progress`); tests hold them equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from types import TracebackType

from clearflow._i18n import Message
from clearflow.cohort._counting import Profiles, summary_of
from clearflow.cohort._held_rows import held_rows
from clearflow.cohort.progress import (
    Headcount,
    Progress,
    headcount_of,
    progress_of,
    unassigned_count,
)
from clearflow.cohort.report import (
    COUNSELLOR,
    OFFICE,
    BlockedRow,
    BlockedSummary,
    check_office,
    filter_rows,
    group_fact,
    group_of,
    grouping,
)
from clearflow.engine import Engine
from clearflow.errors import StoreError
from clearflow.spec.conditions import FactValue
from clearflow.store import (
    ANY,
    IMPORT_FIRST,
    Driver,
    HeldReader,
    Tally,
    open_reader,
    scan_held,
    tally,
)

CHUNK = 500
"""The most cases read at a time when listing blocked rows."""
FIRST_CHUNK = 64
"""Cases read first: a page shows 50 students, so the first read is about a page; each
further read is twice the last, up to :data:`CHUNK` (an export reads few queries)."""
KINDS = ("refused", "pending", "waiting")


class StoredCohort:
    """A class in a store, opened read-only for reports. Use as a context manager."""

    def __init__(self, target: str | Path, engine: Engine, *, driver: Driver = "auto") -> None:
        self.engine = engine
        self.workflow = engine.workflow
        self.store = open_reader(target, engine, driver=driver)
        self._tallies: dict[bool, list[Tally]] = {}
        self._by_phase: list[tuple[Mapping[str, FactValue], str, int]] | None = None
        self._older: list[Engine] | None = None
        try:
            if not self.tally():
                message = Message(
                    "no students of workflow '{workflow}' in '{store}' {remedy}",
                    workflow=engine.workflow.id,
                    store=self.store.label,
                    remedy=Message("(import a roster first)"),
                )
                raise StoreError(message, fix=IMPORT_FIRST)
        except BaseException:
            self.store.close()
            raise

    def __enter__(self) -> StoredCohort:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.store.close()

    def tally(self, *, counsellor: bool = False) -> list[Tally]:
        """The store's tally of the workflow's cases (asked once per kind)."""
        found = self._tallies.get(counsellor)
        if found is None:
            found = self._tallies[counsellor] = tally(self.store, counsellor=counsellor)
        return found

    def _counted(self) -> list[tuple[Mapping[str, FactValue], str, int]]:
        """Students per facts and phase (the tally without what holds them), decoded once."""
        if self._by_phase is None:
            counts: dict[tuple[str, str], int] = {}
            for row in self.tally():
                key = (row.facts, row.phase)
                counts[key] = counts.get(key, 0) + row.count
            profiles = Profiles()
            self._by_phase = [
                (profiles.facts(facts), phase, count) for (facts, phase), count in counts.items()
            ]
        return self._by_phase

    def older_engines(self) -> list[Engine]:
        """The engines of the other rules the store keeps (cases may run on them)."""
        if self._older is None:
            own = self.engine.workflow.digest
            found = (self.store.engine_of(d) for d in self.store.kept_digests() if d != own)
            self._older = [engine for engine in found if engine is not None]
        return self._older

    def rules(self) -> list[tuple[str, int]]:
        """Each rules digest the cases run on, with how many (``Store.rules_in_use``); empty
        when the store keeps no other rules than the workflow's (no case row is read)."""
        own = self.engine.workflow.digest
        if all(digest == own for digest in self.store.kept_digests()):
            return []
        return self.store.rules_in_use()

    def progress(self) -> Progress:
        """Students per session and phase (:func:`~clearflow.cohort.station_progress`)."""
        return progress_of(self._counted(), self.workflow)

    def headcount(self) -> tuple[Headcount, ...]:
        """Each session's expected headcount against its students."""
        return headcount_of(self._counted(), self.workflow)

    def unassigned(self) -> int:
        """How many students no session or ``elsewhere`` entry selects."""
        return unassigned_count(self._counted(), self.workflow)

    def summary(
        self,
        today: dt.date | None,
        *,
        by: str | None = None,
        office: str | None = None,
        statuses: Collection[str] = (),
    ) -> BlockedSummary:
        """The blocked summary (:func:`~clearflow.cohort.blocked_summary` of the rows)."""
        filter_rows(self.workflow, (), office=office, statuses=statuses)  # refuse bad options
        by_what = grouping(self.workflow, by)
        tallies = self.tally(counsellor=by_what == COUNSELLOR)
        return summary_of(
            self.engine,
            tallies,
            older=self.older_engines(),
            by=by_what,
            fact_by=by,
            today=today,
            office=office,
            statuses=statuses,
        )

    def blocked(
        self,
        today: dt.date | None,
        *,
        by: str | None = None,
        office: str | None = None,
        statuses: Collection[str] = (),
        summary: BlockedSummary | None = None,
    ) -> Iterator[tuple[BlockedRow, ...]]:
        """Each blocked student's rows, in the report's order: the largest group first,
        a student in the first of their groups, then by student id."""
        summary = summary or self.summary(today, by=by, office=office, statuses=statuses)
        rank = {group.key: number for number, group in enumerate(summary.groups)}
        profiles = Profiles()
        for number, group in enumerate(summary.groups):
            counsellor: object = ANY
            facts_in: set[str] | None = None
            if summary.by == OFFICE:  # the group's office is the only one it can hold
                tokens = self._tokens(group.key, statuses)
            else:
                tokens = self._tokens(office, statuses)
                if summary.by == COUNSELLOR:
                    counsellor = group.key
                else:
                    facts_in = self._facts_of(summary.by, group.key, profiles)
            pages = self._pages(today, by, office, statuses, tokens, facts_in, counsellor)
            for kept in pages:
                students: dict[str, list[BlockedRow]] = {}
                for row in kept:
                    students.setdefault(row.student_id, []).append(row)
                for held in students.values():
                    if min(rank[group_of(row, summary.by)[0]] for row in held) == number:
                        yield tuple(held)

    def rows(
        self,
        today: dt.date | None,
        *,
        by: str | None = None,
        office: str | None = None,
        statuses: Collection[str] = (),
    ) -> Iterator[BlockedRow]:
        """Every blocked row the filters keep, by student id then procedure order (what
        :func:`~clearflow.cohort.blocked_rows` and ``filter_rows`` give on every case)."""
        tokens = self._tokens(office, statuses)
        for kept in self._pages(today, by, office, statuses, tokens, None, ANY):
            yield from kept

    def _pages(
        self,
        today: dt.date | None,
        by: str | None,
        office: str | None,
        statuses: Collection[str],
        tokens: list[str],
        facts_in: set[str] | None,
        counsellor: object,
    ) -> Iterator[tuple[BlockedRow, ...]]:
        """The rows the filters keep of each page of candidates (:func:`~clearflow.store.scan_held`
        with ``tokens``, ``facts_in`` and ``counsellor``), by student id."""
        after = ""
        limit = FIRST_CHUNK
        reader = HeldReader(self.store)
        while page := scan_held(
            self.store,
            holds_any=tokens,
            facts_in=facts_in,
            counsellor=counsellor,
            after=after,
            limit=limit,
            reader=reader,
        ):
            after = page[-1].student_id
            limit = min(limit * 2, CHUNK)
            rows = held_rows(page, today, by=by)
            yield filter_rows(self.workflow, rows, office=office, statuses=statuses)

    def _tokens(self, office: str | None, statuses: Collection[str]) -> list[str]:
        """What a candidate's ``holds`` must contain one of, for these filters."""
        wanted = check_office(self.workflow, office) if office is not None else None
        steps = [
            step.id
            for engine in (self.engine, *self.older_engines())
            for step in engine.workflow.steps
            if wanted is None or step.office == wanted
        ]
        steps = list(dict.fromkeys(steps))
        kinds = [kind for kind in KINDS if kind in statuses]
        if not statuses or len(kinds) < len(statuses):  # overdue: any kind
            return [":"] if office is None else [f" {step}:" for step in steps]
        if office is None:
            return [f":{kind} " for kind in kinds]
        return [f" {step}:{kind} " for step in steps for kind in kinds]

    def _facts_of(self, by: str, key: str, profiles: Profiles) -> set[str]:
        """The facts texts of the students whose fact ``by`` has the value ``key``."""
        fact = group_fact(self.workflow, by)
        return {
            row.facts
            for row in self.tally()
            if _key(profiles.facts(row.facts).get(fact) if fact else None) == key
        }


def _key(value: FactValue | None) -> str:
    return "" if value is None else str(value)


__all__ = ["CHUNK", "FIRST_CHUNK", "StoredCohort"]
