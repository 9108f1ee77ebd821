"""What changed between two workflows, in staff terms rather than as a text diff.

Offices, facts, deadlines, steps and documents are matched by id, sessions and cohort
counts by the students they select (``who:``); the workflow's own fields, its roster rule and
calendar days are :mod:`clearflow.staff._diff_top`'s. Each difference is a
:class:`~clearflow.staff._change.Change` worded in English or Chinese, with conditions in
plain words.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence

from clearflow._i18n import Lang, Message
from clearflow.spec import Opening, Selector, Session, Step, StepKind, Workflow, moment_text
from clearflow.staff._change import Change, ChangeList, Group, hours_text, pairs
from clearflow.staff._diff_top import top_changes
from clearflow.staff.diff_words import ALL_OTHERS, CLOSES, NONE, WHAT
from clearflow.words import Words


def diff_workflows(old: Workflow, new: Workflow, lang: Lang = "en") -> list[Change]:
    """Every difference from ``old`` to ``new``, grouped, worded in ``lang`` ('en' or 'zh')."""
    differ = ChangeList(old, new, lang)
    for part in (top_changes, _offices, _facts, _deadlines, _steps, _documents, _sessions, _cohort):
        part(differ, old, new)
    return differ.changes


def _offices(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.OFFICES
    removed, added, kept = pairs(old.offices, new.offices, lambda office: office.id)
    for office in removed:
        d.removed(g, "office", office.id, d.name(office.label, office.id, d.old))
    for office in added:
        d.added(g, "office", office.id, d.name(office.label, office.id))
    for was, now in kept:
        name = d.name(now.label, now.id)
        places = ["; ".join(d.new.label(p.label) for p in o.places) or "—" for o in (was, now)]
        d.changed(g, "office", now.id, name, "name", *d.labels(was.label, now.label))
        hours = hours_text(was.hours, d, d.old), hours_text(now.hours, d)
        d.changed(g, "office", now.id, name, "hours", *hours)
        d.changed(g, "office", now.id, name, "off_hours", was.off_hours, now.off_hours)
        d.changed(g, "office", now.id, name, "places", *places)
        scopes = [
            d.name(w.fact(o.scope).label, o.scope, ws) if o.scope else "—"
            for ws, w, o in ((d.old, old, was), (d.new, new, now))
        ]
        d.changed(g, "office", now.id, name, "scope", *scopes, same=was.scope == now.scope)


def _facts(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.FACTS
    removed, added, kept = pairs(old.facts, new.facts, lambda fact: fact.id)
    for fact in removed:
        d.removed(g, "fact", fact.id, d.name(fact.label, fact.id, d.old))
    for fact in added:
        d.added(g, "fact", fact.id, d.name(fact.label, fact.id))
    for was, now in kept:
        name = d.name(now.label, now.id)
        d.changed(g, "fact", now.id, name, "name", *d.labels(was.label, now.label))
        d.changed(g, "fact", now.id, name, "type", str(was.type), str(now.type))
        gone, new_values, both = pairs(was.values, now.values, lambda choice: choice.id)
        for choice in gone:
            d.removed(g, "value", now.id, _of_fact(d, d.name(choice.label, choice.id, d.old), name))
        for choice in new_values:
            d.added(g, "value", now.id, _of_fact(d, d.name(choice.label, choice.id), name))
        for before, after in both:
            value = _of_fact(d, d.quote(after.id), name)
            d.changed(g, "value", now.id, value, "name", *d.labels(before.label, after.label))
        defaults = [
            d.word(NONE) if f.default is None else f.value_label(f.default, d.lang)
            for f in (was, now)
        ]
        d.changed(g, "fact", now.id, name, "default", *defaults)


def _deadlines(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.DEADLINES
    removed, added, kept = pairs(old.deadlines, new.deadlines, lambda deadline: deadline.id)
    for deadline in removed:
        d.removed(g, "deadline", deadline.id, d.name(deadline.label, deadline.id, d.old))
    for deadline in added:
        dates = ", ".join(d.day(rule.date) for rule in deadline.dates)
        name = d.name(deadline.label, deadline.id)
        d.added(g, "deadline", deadline.id, _paren(d, name, dates))
    for was, now in kept:
        name = d.name(now.label, now.id)
        d.changed(g, "deadline", now.id, name, "name", *d.labels(was.label, now.label))
        d.changed(g, "deadline", now.id, name, "late", was.late, now.late)
        closes = d.word(CLOSES[was.closes]), d.word(CLOSES[now.closes])
        d.changed(g, "deadline", now.id, name, "closes", *closes)
        gone, new_rules, both = pairs(was.dates, now.dates, lambda rule: _who(rule.who))
        for rule in gone:
            d.removed(g, "date_for", now.id, _of_deadline(d, d.who(rule.who, d.old), name))
        for rule in new_rules:
            shown = _of_deadline(d, d.who(rule.who), name)
            d.added(g, "date_for", now.id, _paren(d, shown, d.day(rule.date)))
        for before, after in both:
            shown = name if after.who is None else f"{name} · {d.who(after.who)}"
            d.changed(g, "deadline", now.id, shown, "date", d.day(before.date), d.day(after.date))


def _of_fact(d: ChangeList, value: str, fact: str) -> str:
    return Message("{value} of fact {fact}", value=value, fact=fact).text(d.lang)


def _of_deadline(d: ChangeList, who: str, deadline: str) -> str:
    return Message("{who} of deadline {deadline}", who=who, deadline=deadline).text(d.lang)


def _who(selector: Selector | None) -> Hashable:
    return None if selector is None else selector.pairs


def _subject(selector: Selector) -> str:
    """A ``who:`` as an id-like subject: ``program=higher_vocational,department=tourism``."""
    return ",".join(f"{fact}={'/'.join(map(str, values))}" for fact, values in selector.pairs)


def _steps(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.STEPS
    removed, added, kept = pairs(old.steps, new.steps, lambda step: step.id)
    for step in removed:
        d.removed(g, str(step.kind), step.id, d.name(step.label, step.id, d.old))
    old_stations = [step.id for step in old.stations]
    new_stations = [step.id for step in new.stations]
    for step in added:
        office = d.new.label(new.office(step.office).label, step.office)
        what, name = Message(WHAT[str(step.kind)]), d.name(step.label, step.id)
        if step.kind is StepKind.STATION:
            detail = Message(
                "added {what} {name} at {office}, position {position}",
                what=what,
                name=name,
                office=d.quote(office),
                position=new_stations.index(step.id) + 1,
            )
        else:
            detail = Message(
                "added {what} {name} at {office}", what=what, name=name, office=d.quote(office)
            )
        d.added(g, str(step.kind), step.id, name, detail)
    common = [name for name in old_stations if name in new_stations]
    matcher = difflib.SequenceMatcher(
        a=common, b=[name for name in new_stations if name in common], autojunk=False
    )
    in_place = {
        name for a, _, size in matcher.get_matching_blocks() for name in common[a : a + size]
    }
    for was, now in kept:
        _step(d, was, now)
        if now.id in common and now.id not in in_place:
            before, after = old_stations.index(now.id) + 1, new_stations.index(now.id) + 1
            name = d.name(now.label, now.id)
            d.changed(g, "station", now.id, name, "order", str(before), str(after))


def _step(d: ChangeList, was: Step, now: Step) -> None:
    def change(field: str, shown: Sequence[str], same: bool | None = None) -> None:
        name = d.name(now.label, now.id)
        d.changed(Group.STEPS, str(now.kind), now.id, name, field, shown[0], shown[1], same=same)

    sides = ((d.old, d.old_workflow, was), (d.new, d.new_workflow, now))
    change("kind", [d.word(WHAT[str(was.kind)]), d.word(WHAT[str(now.kind)])])
    change("name", d.labels(was.label, now.label))
    offices = [d.name(w.office(s.office).label, s.office, ws) for ws, w, s in sides]
    change("office", offices, same=was.office == now.office)
    when = [d.condition(ws, s.when) for ws, _, s in sides]
    change("when", when, same=was.when == now.when)
    required = [d.condition(ws, s.required) for ws, _, s in sides]
    change("required", required, same=was.required == now.required)
    change("checks", d.labels(was.checks, now.checks))

    def order(
        field: str, ids: Callable[[Step], tuple[str, ...]], every: Callable[[Step], bool]
    ) -> None:
        """An order list (``after:``, ``advised_after:``): step names, or 'all others'."""
        shown = [
            d.word(ALL_OTHERS)
            if every(s)
            else ", ".join(d.name(w.step(a).label, a, ws) for a in ids(s)) or "—"
            for ws, w, s in sides
        ]
        change(field, shown, same=(ids(was), every(was)) == (ids(now), every(now)))

    order("after", lambda s: s.after, lambda s: s.after_all)
    order("advised_after", lambda s: s.advised_after, lambda s: s.advised_after_all)
    change("opens", [_opening(d, ws, s.opens) for ws, _, s in sides], same=was.opens == now.opens)
    dues = [d.name(w.deadline(s.due).label, s.due, ws) if s.due else "—" for ws, w, s in sides]
    change("due", dues, same=was.due == now.due)
    change("off_hours", [s.off_hours or "—" for s in (was, now)])
    people = [
        d.name(w.fact(s.person).label, s.person, ws) if s.person else "—" for ws, w, s in sides
    ]
    change("person", people, same=was.person == now.person)
    change("place", d.labels(was.place, now.place))
    outcomes = [
        " / ".join(d.new.label(o.label, o.id) for o in s.outcomes) or "—" for s in (was, now)
    ]
    change("outcomes", outcomes)


def _documents(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.DOCUMENTS
    removed, added, kept = pairs(old.documents, new.documents, lambda document: document.id)
    for document in removed:
        d.removed(g, "document", document.id, d.name(document.label, document.id, d.old))
    for document in added:
        name = d.name(document.label, document.id)
        detail = Message(
            "added {what} {name} for {condition}",
            what=Message(WHAT["document"]),
            name=name,
            condition=d.condition(d.new, document.when),
        )
        d.added(g, "document", document.id, name, detail)
    for was, now in kept:
        name = d.name(now.label, now.id)
        offices = [
            d.name(w.office(doc.office).label, doc.office, ws) if doc.office else "—"
            for ws, w, doc in ((d.old, old, was), (d.new, new, now))
        ]
        d.changed(g, "document", now.id, name, "name", *d.labels(was.label, now.label))
        when = d.condition(d.old, was.when), d.condition(d.new, now.when)
        d.changed(g, "document", now.id, name, "when", *when, same=was.when == now.when)
        d.changed(g, "document", now.id, name, "group", was.group or "—", now.group or "—")
        d.changed(g, "document", now.id, name, "office", *offices, same=was.office == now.office)


def _paren(d: ChangeList, name: str, detail: str) -> str:
    """``'Art' (30)``: a name with its dates, time or count."""
    return Message("{name} ({detail})", name=name, detail=detail).text(d.lang)


def _slot(d: ChangeList, session: Session) -> str:
    return f"{d.day(session.date)} {session.start:%H:%M}–{session.end:%H:%M}"


def _sessions(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g, name = Group.SESSIONS, None
    schedules = (old.schedule, new.schedule)
    for field in ("first_day", "last_day"):
        days = [d.day(getattr(s, field)) if s else d.word(NONE) for s in schedules]
        d.changed(g, "schedule", "schedule", name, field, *days)
    places = d.labels(*(s.place if s else None for s in schedules))
    d.changed(g, "schedule", "schedule", name, "place", *places)
    hours = [
        hours_text(s.hours if s else (), d, w)
        for s, w in zip(schedules, (d.old, None), strict=True)
    ]
    d.changed(g, "schedule", "schedule", name, "hours", *hours)
    for field in ("off_hours", "own_session"):
        policies = [str(getattr(s, field) or "—") if s else "—" for s in schedules]
        d.changed(g, "schedule", "schedule", name, field, *policies)
    removed, added, kept = pairs(
        old.schedule.sessions if old.schedule else (),
        new.schedule.sessions if new.schedule else (),
        lambda session: session.who.pairs,
    )
    for session in removed:
        shown = _paren(d, d.who(session.who, d.old), _slot(d, session))
        d.removed(g, "session", _subject(session.who), shown)
    for session in added:
        shown = _paren(d, d.who(session.who), _slot(d, session))
        d.added(g, "session", _subject(session.who), shown)
    for was, now in kept:
        who, subject = d.who(now.who), _subject(now.who)
        times = [f"{s.start:%H:%M}–{s.end:%H:%M}" for s in (was, now)]
        d.changed(g, "session", subject, who, "date", d.day(was.date), d.day(now.date))
        d.changed(g, "session", subject, who, "time", *times)
        d.changed(g, "session", subject, who, "place", *d.labels(was.place, now.place))
        expected = d.number(was.expected), d.number(now.expected)
        d.changed(g, "session", subject, who, "expected", *expected)


def _cohort(d: ChangeList, old: Workflow, new: Workflow) -> None:
    g = Group.COHORT
    total = d.number(old.cohort.total), d.number(new.cohort.total)
    d.changed(g, "cohort", "total", None, "total", *total)
    removed, added, kept = pairs(old.cohort.counts, new.cohort.counts, lambda c: c.who.pairs)
    for count in removed:
        shown = _paren(d, d.who(count.who, d.old), str(count.count))
        d.removed(g, "count", _subject(count.who), shown)
    for count in added:
        d.added(g, "count", _subject(count.who), _paren(d, d.who(count.who), str(count.count)))
    for was, now in kept:
        counts = str(was.count), str(now.count)
        d.changed(g, "cohort", _subject(now.who), d.who(now.who), "count", *counts)


def _opening(d: ChangeList, words: Words, opens: Opening | None) -> str:
    """A step's opening in staff terms: each moment with whom it is for, and ``block``."""
    if opens is None:
        return "—"
    moments = [
        moment_text(rule.moment)
        if rule.who is None
        else f"{moment_text(rule.moment)} · {d.who(rule.who, words)}"
        for rule in opens.moments
    ]
    shown = "; ".join(moments)
    return f"{shown} ({opens.early})" if opens.early != "flag" else shown
