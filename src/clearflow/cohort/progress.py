"""Progress per session and station: students per phase, headcount against expected.

Pure functions over cases (no I/O): sessions come from the workflow's schedule
and a student belongs to every session whose ``who:`` selects them. Students no
session selects count under the first ``schedule.elsewhere`` entry that selects
them (served outside the schedule, e.g. on another campus), else under no session.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from clearflow.engine import PREPARING, READY, RELEASED, Case
from clearflow.spec import Place, Session, Workflow, sessions_for
from clearflow.spec.conditions import FactValue


@attrs.frozen(kw_only=True)
class SessionProgress:
    """One session's students (or those served elsewhere, or of no session), count per phase."""

    number: int | None
    """The session's position in the schedule (1 first), None for the other rows."""
    session: Session | None
    elsewhere: Place | None = None
    """The ``schedule.elsewhere`` entry of a row of students served outside the schedule."""
    expected: int | None
    assigned: int
    phases: tuple[int, ...]
    """Students in each phase, in the order of :attr:`Progress.phases`."""

    @property
    def difference(self) -> int | None:
        """Assigned minus expected (None when the schedule states no headcount)."""
        return None if self.expected is None else self.assigned - self.expected


@attrs.frozen(kw_only=True)
class Progress:
    """Progress per phase: a row per session, per ``elsewhere`` entry, then no session (last).

    ``total`` counts every student once.
    """

    phases: tuple[str, ...]
    rows: tuple[SessionProgress, ...]
    total: SessionProgress

    def count(self, row: SessionProgress, phase: str) -> int:
        """How many of a row's students are in a phase."""
        return row.phases[self.phases.index(phase)]


@attrs.frozen(kw_only=True)
class Headcount:
    """A session's expected headcount against the students its ``who`` selects."""

    number: int
    session: Session
    expected: int | None
    assigned: int

    @property
    def difference(self) -> int | None:
        """Assigned minus expected (None when the schedule states no headcount)."""
        return None if self.expected is None else self.assigned - self.expected


@attrs.frozen(kw_only=True)
class StudentRef:
    """A student named in a report, with the phase reached."""

    student_id: str
    name: str | None
    phase: str


def phases_of(workflow: Workflow) -> tuple[str, ...]:
    """Every phase in order: preparing, each station, ready, released."""
    return (PREPARING, *(step.id for step in workflow.stations), READY, RELEASED)


def _sessions(workflow: Workflow) -> tuple[Session, ...]:
    return workflow.schedule.sessions if workflow.schedule else ()


def _elsewhere(workflow: Workflow) -> tuple[Place, ...]:
    return workflow.schedule.elsewhere if workflow.schedule else ()


Counted = tuple[Mapping[str, FactValue], str, int]
"""Students with the same facts in one phase, and how many: what a store's tally gives
(:func:`counted_cases` makes them from cases, one per case)."""


def counted_cases(cases: Iterable[Case]) -> Iterator[Counted]:
    """Each case as one student with its facts and phase."""
    for case in cases:
        yield case.facts, case.phase, 1


def _assigned(
    counted: Iterable[Counted], workflow: Workflow
) -> Iterator[tuple[Counted, tuple[int, ...]]]:
    """Each count with the rows it counts in: the sessions that select it, else where it goes.

    Rows are numbered as in :attr:`Progress.rows`: the sessions, then each ``elsewhere``
    entry (the first that selects a student of no session), then no session.
    """
    sessions, elsewhere = _sessions(workflow), _elsewhere(workflow)
    index = {id(session): number for number, session in enumerate(sessions)}
    known: dict[tuple[tuple[str, FactValue], ...], tuple[int, ...]] = {}
    for item in counted:
        facts = item[0]
        # A class has few distinct fact profiles: select once per profile.
        profile = tuple(facts.items())
        selected = known.get(profile)
        if selected is None:
            selected = tuple(index[id(s)] for s in sessions_for(workflow, facts))
            if not selected:
                where = [
                    number
                    for number, place in enumerate(elsewhere, start=len(sessions))
                    if place.who is None or place.who.condition.evaluate(facts, {})
                ]
                selected = (where[0] if where else len(sessions) + len(elsewhere),)
            known[profile] = selected
        yield item, selected


def station_progress(cases: Iterable[Case], workflow: Workflow) -> Progress:
    """Per session, per ``elsewhere`` entry, then for students of no session: each phase's count.

    A student whom two sessions select counts in both; ``total`` counts everyone once.
    """
    return progress_of(counted_cases(cases), workflow)


def progress_of(counted: Iterable[Counted], workflow: Workflow) -> Progress:
    """:func:`station_progress` from counted students (a store's tally)."""
    phases = phases_of(workflow)
    position = {phase: number for number, phase in enumerate(phases)}
    sessions, elsewhere = _sessions(workflow), _elsewhere(workflow)
    everyone = len(sessions) + len(elsewhere) + 1
    tallies = [[0] * len(phases) for _ in range(everyone + 1)]
    for (_, phase, count), selected in _assigned(counted, workflow):
        column = position[phase]
        for number in selected:
            tallies[number][column] += count
        tallies[everyone][column] += count
    rows = [
        SessionProgress(
            number=number + 1,
            session=session,
            expected=session.expected,
            assigned=sum(tallies[number]),
            phases=tuple(tallies[number]),
        )
        for number, session in enumerate(sessions)
    ]
    rows += [
        _other_row(tallies[number], place)
        for number, place in enumerate(elsewhere, start=len(sessions))
    ]
    rows.append(_other_row(tallies[everyone - 1]))
    return Progress(phases=phases, rows=tuple(rows), total=_other_row(tallies[everyone]))


def _other_row(tally: list[int], place: Place | None = None) -> SessionProgress:
    return SessionProgress(
        number=None,
        session=None,
        elsewhere=place,
        expected=None,
        assigned=sum(tally),
        phases=tuple(tally),
    )


def unassigned(cases: Iterable[Case], workflow: Workflow) -> tuple[StudentRef, ...]:
    """The students neither a session nor an ``elsewhere`` entry selects, in the order given."""
    nowhere = len(_sessions(workflow)) + len(_elsewhere(workflow))
    listed = list(cases)
    counted = _assigned(counted_cases(listed), workflow)
    return tuple(
        StudentRef(student_id=case.student_id, name=case.name, phase=case.phase)
        for case, (_, selected) in zip(listed, counted, strict=True)
        if selected == (nowhere,)
    )


def unassigned_count(counted: Iterable[Counted], workflow: Workflow) -> int:
    """How many students neither a session nor an ``elsewhere`` entry selects."""
    nowhere = len(_sessions(workflow)) + len(_elsewhere(workflow))
    return sum(item[2] for item, selected in _assigned(counted, workflow) if selected == (nowhere,))


def headcount_check(cases: Iterable[Case], workflow: Workflow) -> tuple[Headcount, ...]:
    """Each session's expected headcount against the students its ``who`` selects."""
    return headcount_of(counted_cases(cases), workflow)


def headcount_of(counted: Iterable[Counted], workflow: Workflow) -> tuple[Headcount, ...]:
    """:func:`headcount_check` from counted students (a store's tally)."""
    sessions = _sessions(workflow)
    assigned = [0] * len(sessions)
    for item, selected in _assigned(counted, workflow):
        for number in selected:
            if number < len(sessions):
                assigned[number] += item[2]
    return tuple(
        Headcount(
            number=number + 1,
            session=session,
            expected=session.expected,
            assigned=assigned[number],
        )
        for number, session in enumerate(sessions)
    )
