"""Who is scheduled (CF405, CF406): sessions against the cohort, and students with no session.

Groups of students are compared by their ``who:`` selectors: a session counts
towards a cohort count when every student it selects is in the count's group.
Students listed under ``schedule.elsewhere`` are served outside this schedule
(another campus, say) and are counted through the cohort counts that cover them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import cast

import attrs

from clearflow._i18n import Message
from clearflow.checks._groups import group_words
from clearflow.checks._profiles import ProfileSpace
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import FactType, Selector, Where, Workflow
from clearflow.spec.conditions import All, Condition, FactIn, FactValue, Not

Selection = Mapping[str, frozenset[object]]
"""A selector as fact -> allowed values; a fact allowed every value is left out."""

MAX_GROUPS = 20
"""At most this many groups with no session are reported."""


def _selection(workflow: Workflow, selector: Selector | None) -> Selection:
    found: dict[str, frozenset[object]] = {}
    for fact_id, values in selector.pairs if selector else ():
        fact = workflow.fact(fact_id)
        every: set[object] = {choice.id for choice in fact.values}
        if fact.type is FactType.BOOL:
            every = {True, False}
        if not every or not every <= set(values):
            found[fact_id] = frozenset(values)
    return found


def _within(inner: Selection, outer: Selection) -> bool:
    """Whether every student ``inner`` selects is one ``outer`` selects."""
    return all(fact in inner and inner[fact] <= values for fact, values in outer.items())


def _apart(first: Selection, second: Selection) -> bool:
    """Whether no student is selected by both."""
    return any(fact in second and not values & second[fact] for fact, values in first.items())


@attrs.frozen
class _Group:
    at: Where
    pairs: tuple[tuple[str, tuple[object, ...]], ...]
    count: int
    selection: Selection


def headcounts(workflow: Workflow) -> Iterator[Issue]:
    """CF405: cohort counts that the sessions' ``expected:`` do not add up to."""
    schedule = workflow.schedule
    if schedule is None or not schedule.sessions:
        return
    cohort = workflow.cohort
    groups = [
        _Group(count.at, count.who.pairs, count.count, _selection(workflow, count.who))
        for count in cohort.counts
    ]
    if cohort.total is not None:
        total_at = attrs.evolve(cohort.at, path="cohort.total")
        groups.append(_Group(total_at, (), cohort.total, {}))
    gaps = [(group, _gap(workflow, group)) for group in groups]
    for group, gap in gaps:
        if not gap or _explained(group, gap, gaps):
            continue
        who = group_words(workflow, group.pairs)
        if gap > 0:
            yield located(
                "CF405",
                group.at,
                _unscheduled(who, gap, group.count),
                Message(
                    "add sessions for them, "
                    "or list them under 'schedule.elsewhere' with where they go"
                ),
                Severity.WARNING,
            )
        else:
            yield located(
                "CF405",
                group.at,
                _overscheduled(who, group.count - gap, group.count),
                Message("check the sessions' 'expected:' against the cohort count"),
                Severity.WARNING,
            )


def _unscheduled(who: Message | None, gap: int, count: int) -> Message:
    """``3 of 40 Higher vocational students are in no session``, or ``all 40 students``."""
    if gap < count and who is not None:
        return Message(
            "{gap} of {count} {who} students are in no session", gap=gap, count=count, who=who
        )
    if gap < count:
        return Message("{gap} of {count} students are in no session", gap=gap, count=count)
    if who is not None:
        return Message("all {count} {who} students are in no session", count=count, who=who)
    return Message("all {count} students are in no session", count=count)


def _overscheduled(who: Message | None, scheduled: int, count: int) -> Message:
    """``the schedule accounts for 45 students, 5 more than the 40 counted``."""
    if who is not None:
        return Message(
            "the schedule accounts for {scheduled} {who} students, "
            "{extra} more than the {count} counted",
            scheduled=scheduled,
            who=who,
            extra=scheduled - count,
            count=count,
        )
    return Message(
        "the schedule accounts for {scheduled} students, {extra} more than the {count} counted",
        scheduled=scheduled,
        extra=scheduled - count,
        count=count,
    )


def _gap(workflow: Workflow, group: _Group) -> int | None:
    """How many of the group no session takes (negative: too many); None when unknown."""
    schedule = workflow.schedule
    assert schedule is not None
    elsewhere = [_selection(workflow, place.who) for place in schedule.elsewhere]
    if any(_within(group.selection, place) for place in elsewhere):
        return None
    accounted = 0
    for session in schedule.sessions:
        selection = _selection(workflow, session.who)
        if _apart(selection, group.selection):
            continue
        if not _within(selection, group.selection) or session.expected is None:
            return None
        accounted += session.expected
    counts = [(_selection(workflow, count.who), count.count) for count in workflow.cohort.counts]
    for place in elsewhere:
        if _apart(place, group.selection):
            continue
        inside = [
            (selection, count)
            for selection, count in counts
            if _within(selection, group.selection) and _within(selection, place)
        ]
        largest = {
            tuple(sorted(selection.items(), key=str)): count
            for selection, count in inside
            if not any(_within(selection, other) and other != selection for other, _ in inside)
        }
        if not largest:
            return None
        accounted += sum(largest.values())
    return group.count - accounted


def _explained(group: _Group, gap: int, gaps: list[tuple[_Group, int | None]]) -> bool:
    """Whether the warnings of smaller groups inside this one add up to its gap."""
    inside = [
        (other, found)
        for other, found in gaps
        if found
        and (found > 0) == (gap > 0)
        and other is not group
        and _within(other.selection, group.selection)
        and other.selection != group.selection
    ]
    largest = [
        found
        for other, found in inside
        if not any(
            _within(other.selection, bigger.selection) and bigger.selection != other.selection
            for bigger, _ in inside
        )
    ]
    return bool(largest) and sum(largest) == gap


def unscheduled(workflow: Workflow) -> Iterator[Issue]:
    """CF406: students no session and no ``elsewhere`` entry selects, as groups of facts."""
    schedule = workflow.schedule
    if schedule is None or not schedule.sessions:
        return
    space = ProfileSpace(workflow)
    selectors = [session.who for session in schedule.sessions]
    if any(place.who is None for place in schedule.elsewhere):
        return
    selectors += [place.who for place in schedule.elsewhere if place.who]
    question: Condition = All(tuple(Not(selector.condition) for selector in selectors))
    for _ in range(MAX_GROUPS):
        try:
            found = space.satisfy(question)
        except SpaceTooLargeError as error:
            yield located(
                "CF506",
                schedule.at,
                Message(
                    "too many profiles to explore ({size}); "
                    "students with no session were not looked for",
                    size=error.size,
                ),
                Message(
                    "the sessions' 'who:' read {variables} facts together; "
                    "at most {cap} profiles are explored",
                    variables=error.variables,
                    cap=space.cap,
                ),
                Severity.WARNING,
            )
            return
        if found is None:
            return
        pairs = [
            (fact.id, (found[("fact", fact.id)],))
            for fact in workflow.facts
            if ("fact", fact.id) in found
        ]
        yield located(
            "CF406",
            schedule.at,
            Message(
                "no session for {who} students ({profile})",
                who=group_words(workflow, pairs) or Message("any"),
                profile=space.said(found),
            ),
            Message(
                "add a session for them, or list them under 'schedule.elsewhere' with where they go"
            ),
            Severity.WARNING,
        )
        # A value here may be the OTHER marker: the search reads it like any other value.
        group = All(
            tuple(FactIn(fact, frozenset(cast(tuple[FactValue], values))) for fact, values in pairs)
        )
        question = All((question, Not(group)))
