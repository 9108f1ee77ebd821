"""Groups of students a notice names by the workflow's own labels (``院本部``, ``旅游系``).

:class:`Labels` finds the labels of the workflow's choice values in a piece of text (in
either language, the longest first, so that one label inside another counts once);
:func:`groups` lists what the workflow says about groups: each session (its students,
``expected:`` headcount, date and times) and each cohort count. :meth:`Group.score` says how
well a group fits the labels found: a point for each label of a fact the group selects by,
none at all when a label contradicts it (``中职`` for a group of ``高职``).
:func:`known_dates` and :func:`known_spans` are every date and time range the workflow gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from clearflow._i18n import N_, Message
from clearflow.documents._content import service_dates
from clearflow.spec import FactType, Session, Workflow
from clearflow.words import LabelText, join_messages

Named = Mapping[str, set[object]]
"""Labels found: fact id -> the values named."""


@attrs.frozen(kw_only=True)
class Labels:
    """Every choice value's label (zh and en, without spaces) -> its fact and value, longest
    first."""

    entries: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, workflow: Workflow) -> Labels:
        """The labels of ``workflow``'s choice facts."""
        found = {
            "".join(text.split()): (fact.id, choice.id)
            for fact in workflow.facts
            if fact.type is FactType.CHOICE
            for choice in fact.values
            for text in (choice.label.zh, choice.label.en)
            if text
        }
        ordered = sorted(found.items(), key=lambda item: -len(item[0]))
        return cls(entries=tuple((text, fact, value) for text, (fact, value) in ordered))

    def find(self, text: str) -> dict[str, set[object]]:
        """The values whose labels ``text`` holds, by fact; spaces and line breaks are not
        compared (a table cell read back from a PDF wraps ``Equipment Manufacturing``)."""
        text = "".join(text.split())
        taken: list[tuple[int, int]] = []
        named: dict[str, set[object]] = {}
        for label, fact, value in self.entries:
            start = text.find(label)
            while start >= 0:
                end = start + len(label)
                if not any(low < end and start < high for low, high in taken):
                    taken.append((start, end))
                    named.setdefault(fact, set()).add(value)
                start = text.find(label, end)
        return named


@attrs.frozen(kw_only=True)
class Group:
    """A group the workflow gives a headcount (and, for a session, a day and times)."""

    pairs: tuple[tuple[str, tuple[object, ...]], ...]
    count: int | None
    words: Message
    session: Session | None = None

    def score(self, named: Named) -> int:
        """Labels found that this group selects by; -1 when one contradicts it."""
        mine = dict(self.pairs)
        score = 0
        for fact, values in named.items():
            if fact in mine:
                if not values & set(mine[fact]):
                    return -1
                score += 1
        return score


def groups(workflow: Workflow) -> tuple[Group, ...]:
    """Every session, then every cohort count, as a group."""
    found = [
        Group(
            pairs=session.who.pairs,
            count=session.expected,
            words=_words(workflow, session.who.pairs),
            session=session,
        )
        for session in (workflow.schedule.sessions if workflow.schedule else ())
    ]
    found += [
        Group(pairs=count.who.pairs, count=count.count, words=_words(workflow, count.who.pairs))
        for count in workflow.cohort.counts
    ]
    return tuple(found)


def who_words(workflow: Workflow, named: Named) -> Message:
    """The values named, in the workflow's order of facts: ``中职、院本部``."""
    pairs = [(fact.id, tuple(named[fact.id])) for fact in workflow.facts if fact.id in named]
    return _words(workflow, pairs)


def _words(workflow: Workflow, pairs: Sequence[tuple[str, Sequence[object]]]) -> Message:
    shown: list[Message] = []
    for fact_id, values in pairs:
        fact = workflow.fact(fact_id)
        for choice in fact.values:
            if choice.id in values:
                shown.append(LabelText(choice.label, choice.id))
    if not shown:
        return Message(N_("everyone"))
    return join_messages(N_("{left}, {right}"), shown)


def known_dates(workflow: Workflow) -> set[dt.date]:
    """Every date the workflow gives: service days, sessions, deadlines, date of issue."""
    days = set(service_dates(workflow))
    schedule = workflow.schedule
    if schedule and schedule.first_day and schedule.last_day:
        span = (schedule.last_day - schedule.first_day).days
        days |= {schedule.first_day + dt.timedelta(days=n) for n in range(span + 1)}
    days |= {rule.date for deadline in workflow.deadlines for rule in deadline.dates}
    if workflow.issued:
        days.add(workflow.issued)
    return days


def known_spans(workflow: Workflow) -> set[tuple[dt.time, dt.time]]:
    """Every time range the workflow gives: sessions, the hall's and offices' hours (whole
    and split at their breaks)."""
    spans = set()
    hours = [*(workflow.schedule.hours if workflow.schedule else ())]
    hours += [entry for office in workflow.offices for entry in office.hours]
    for entry in hours:
        spans.add((entry.open, entry.close))
        spans |= set(entry.ranges())
    for session in workflow.schedule.sessions if workflow.schedule else ():
        spans.add((session.start, session.end))
    return spans
