"""Logic checks by exhaustive exploration of the student profiles that matter (CF5xx).

Every student must be able to reach release: each document group gives exactly
one document (CF501), and no station becomes required after the student has
passed it (CF502). Documents no student gets or every student gets (CF503,
CF504) and steps that apply to no student (CF505) are warnings. Each finding
names a counterexample profile; a question too large to explore is a warning
(CF506), never a hang. The profiles are those of :mod:`clearflow.checks._profiles`.

Steps are assumed settled by clearing, not waiving: a waived step has no
outcome, which a document may need.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import attrs

from clearflow._i18n import Message
from clearflow.checks._profiles import CAP, NOT_CLEARED, ProfileSpace
from clearflow.checks._substitution import Key, Profile, assign, assign_all, keys
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import Document, Where, Workflow, ancestors, order_graph
from clearflow.spec.conditions import ALWAYS, All, Any, Condition, Not, steps_read


@attrs.frozen(kw_only=True)
class Exploration:
    """What exploring a workflow found, and how large its space of profiles is.

    ``profiles`` is the number of distinct profiles over every fact and step
    outcome the conditions read (the product over independent parts);
    ``explored`` the search nodes visited to answer every question; parts
    too large to explore are counted in ``skipped`` and left out of ``profiles``.
    """

    profiles: int
    variables: int
    parts: int
    skipped: int
    explored: int
    issues: tuple[Issue, ...]


def explore(workflow: Workflow, cap: int = CAP) -> Exploration:
    """Explore a workflow's profiles and run every logic check."""
    space = ProfileSpace(workflow, cap)
    issues = [
        *_document_groups(space),
        *_late_stations(space),
        *_document_conditions(space),
        *_unreachable_steps(space),
    ]
    profiles, variables, parts, skipped = _size(space)
    return Exploration(
        profiles=profiles,
        variables=variables,
        parts=parts,
        skipped=skipped,
        explored=space.nodes,
        issues=tuple(issues),
    )


def logic_issues(workflow: Workflow) -> Iterator[Issue]:
    """CF501-CF506: every issue the exploration finds."""
    yield from explore(workflow).issues


def _too_many(at: Where, what: Message, error: SpaceTooLargeError, cap: int) -> Issue:
    return located(
        "CF506",
        at,
        Message(
            "too many profiles to explore ({size}); {what} was not checked",
            size=error.size,
            what=what,
        ),
        Message(
            "its rules read {variables} facts and step outcomes together; "
            "at most {cap} profiles are explored, so split the rule or read fewer facts",
            variables=error.variables,
            cap=cap,
        ),
        Severity.WARNING,
    )


def _when(space: ProfileSpace, profile: Profile, everyone: Message) -> Message:
    """``when program=higher_vocational`` for a profile; ``everyone`` for the empty one."""
    words = space.said(profile)
    return Message("when {profile}", profile=words) if words else everyone


def _document_groups(space: ProfileSpace) -> Iterator[Issue]:
    """CF501: a group that gives some student no document, or several."""
    groups: dict[str, list[Document]] = {}
    for document in space.workflow.documents:
        if document.group:
            groups.setdefault(document.group, []).append(document)
    hint = Message("write the documents' 'when:' so that exactly one holds for every student")
    for group, documents in groups.items():
        at = documents[0].at
        conditions = [document.when for document in documents]
        none = All(tuple(Not(condition) for condition in conditions))
        several = Any(tuple(All(pair) for pair in itertools.combinations(conditions, 2)))
        try:
            empty = space.satisfy(none)
            crowded = space.satisfy(several) if len(documents) > 1 else None
        except SpaceTooLargeError as error:
            yield _too_many(at, Message("group '{group}'", group=group), error, space.cap)
            continue
        if empty is not None:
            who = _when(space, empty, Message("to any student"))
            message = Message("group '{group}' gives no document {who}", group=group, who=who)
            yield located("CF501", at, message, hint, Severity.ERROR)
        if crowded is not None:
            given = [d.id for d in documents if assign_all(d.when, crowded) == ALWAYS]
            who = _when(space, crowded, Message("to every student"))
            message = Message(
                "group '{group}' gives {count} documents ({documents}) {who}",
                group=group,
                count=len(given),
                documents=", ".join(given),
                who=who,
            )
            yield located("CF501", at, message, hint, Severity.ERROR)


def _late_stations(space: ProfileSpace) -> Iterator[Issue]:
    """CF502: a station that becomes required only after the student has passed it."""
    steps = space.workflow.steps
    graph = order_graph(steps)
    for station in space.workflow.stations:
        before = ancestors(graph, station.id)
        read = steps_read(station.when) | steps_read(station.required)
        later = sorted(name for name in read if name not in before and name != station.id)
        if not later:
            continue
        final = _unset(All((station.when, station.required)), {station.id})
        at_station = _unset(final, set(later))
        try:
            found = space.satisfy(All((Not(at_station), final)))
        except SpaceTooLargeError as error:
            what = Message("station '{station}'", station=station.id)
            yield _too_many(station.at, what, error, space.cap)
            continue
        if found is not None:
            who = _when(space, found, Message("for every student"))
            yield located(
                "CF502",
                station.at,
                Message(
                    "station '{station}' becomes required after the student has passed it, "
                    "which blocks release {who}",
                    station=station.id,
                    who=who,
                ),
                Message(
                    "read only outcomes of steps before it, or move it after '{step}'",
                    step=later[0],
                ),
                Severity.ERROR,
            )


def _unset(condition: Condition, step_ids: set[str]) -> Condition:
    """The condition read while the given steps have no outcome yet."""
    for step_id in step_ids:
        condition = assign(condition, ("step", step_id), NOT_CLEARED)
    return condition


def _document_conditions(space: ProfileSpace) -> Iterator[Issue]:
    """CF503, CF504: a document no student gets; outside a group, one every student gets."""
    for document in space.workflow.documents:
        alone = document.when != ALWAYS and document.group is None
        try:
            given = space.satisfy(document.when)
            withheld = space.satisfy(Not(document.when)) if alone else {}
        except SpaceTooLargeError as error:
            what = Message("document '{document}'", document=document.id)
            yield _too_many(document.at, what, error, space.cap)
            continue
        if given is None:
            yield located(
                "CF503",
                document.at,
                Message(
                    "document '{document}' is never given: its 'when:' holds for no student",
                    document=document.id,
                ),
                Message("correct the condition, or remove the document"),
                Severity.WARNING,
            )
        elif withheld is None:
            yield located(
                "CF504",
                document.at,
                Message(
                    "document '{document}' is given to every student: its 'when:' always holds",
                    document=document.id,
                ),
                Message("drop 'when:', or correct the condition"),
                Severity.WARNING,
            )


def _unreachable_steps(space: ProfileSpace) -> Iterator[Issue]:
    """CF505: a step whose ``when:`` holds for no student."""
    for step in space.workflow.steps:
        applies = _unset(step.when, {step.id})
        try:
            found = space.satisfy(applies)
        except SpaceTooLargeError as error:
            yield _too_many(step.at, Message("step '{step}'", step=step.id), error, space.cap)
            continue
        if found is None:
            yield located(
                "CF505",
                step.at,
                Message(
                    "step '{step}' applies to no student: its 'when:' never holds", step=step.id
                ),
                Message("correct the condition, or remove the step"),
                Severity.WARNING,
            )


def _size(space: ProfileSpace) -> tuple[int, int, int, int]:
    """Profiles, variables, independent parts and parts too large to count."""
    workflow = space.workflow
    conditions: list[Condition] = [document.when for document in workflow.documents]
    conditions += [step.when for step in workflow.steps]
    conditions += [step.required for step in workflow.steps]
    closed = [space.closed(condition) for condition in conditions]
    parts = space.components([condition for condition in closed if any(keys(condition))])
    profiles, skipped, variables = 1, 0, 0
    for part in parts:
        found: set[Key] = {key for condition in part for key in keys(condition)}
        variables += len(found)
        try:
            profiles *= space.count([], found)
        except SpaceTooLargeError:
            skipped += 1
    return profiles, variables, len(parts), skipped
