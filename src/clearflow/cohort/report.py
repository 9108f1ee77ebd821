"""Cohort reports: who is blocked where and why, grouped by any fact, office or counsellor.

Pure functions over cases (no I/O; the clock only in :func:`today_in`): a store supplies
the cases (:func:`clearflow.cohort.read_cohort`),
:mod:`clearflow.console.report_view` draws the results and :mod:`clearflow.cohort.export`
writes them as CSV or JSON. Progress per session lives in :mod:`clearflow.cohort.progress`.
Nothing here knows a particular workflow.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Collection, Iterable

import attrs

from clearflow._hints import known, suggest
from clearflow._i18n import N_, Message, translate
from clearflow.engine import Case, StepStatus, blockers
from clearflow.errors import ReportError
from clearflow.spec import Label, Workflow
from clearflow.spec.conditions import FactValue

OFFICE = "office"
COUNSELLOR = "counsellor"
DEFAULT_FACT = "department"
"""The fact blocked rows carry when none is named and the workflow declares it."""
NO_COUNSELLOR = N_("(no counsellor)")
"""The group of students without a counsellor (a :class:`Label` in both languages)."""


class BlockedStatus(enum.StrEnum):
    """Why a step holds a student: refused by its office, pending, or waiting for other steps."""

    REFUSED = "refused"
    PENDING = "pending"
    WAITING = "waiting"


OVERDUE = "overdue"
STATUSES = (*(str(status) for status in BlockedStatus), OVERDUE)
"""What :func:`filter_rows` keeps rows by: a :class:`BlockedStatus`, or ``overdue``."""


@attrs.frozen(kw_only=True)
class BlockedRow:
    """One step holding one student back, with the student's group and the reason."""

    student_id: str
    name: str | None
    counsellor: str | None
    fact: str | None
    """The fact the row is grouped by (e.g. ``department``), or None."""
    value: FactValue | None
    value_label: Label | None
    office: str
    office_label: Label
    step: str
    step_label: Label
    status: BlockedStatus
    reason: str | None = None
    staff: str | None = None
    at: dt.datetime | None = None
    waiting_for: tuple[str, ...] = ()
    overdue_since: dt.date | None = None


@attrs.frozen(kw_only=True)
class GroupCount:
    """How many students and blockers one group (a fact value, office or counsellor) has."""

    key: str
    label: Label
    students: int
    blockers: int
    refused: int
    overdue: int


@attrs.frozen(kw_only=True)
class BlockedSummary:
    """Blocked students counted per group, the largest group first."""

    by: str
    groups: tuple[GroupCount, ...]
    students: int
    blockers: int


def group_fact(workflow: Workflow, by: str | None) -> str | None:
    """The fact blocked rows carry for ``--by``: the fact named, else ``department`` if declared.

    ``office`` and ``counsellor`` (or None) keep the default fact; an unknown name is a
    ReportError with a hint.
    """
    facts = [fact.id for fact in workflow.facts]
    if by is None or by in (OFFICE, COUNSELLOR):
        return DEFAULT_FACT if DEFAULT_FACT in facts else None
    if by in facts:
        return by
    hint = suggest(by, [*facts, OFFICE, COUNSELLOR]) or known(Message("facts"), facts)
    raise ReportError(
        Message(
            "cannot group by '{by}': not a fact of workflow '{workflow}', "
            "nor 'office' or 'counsellor' ({hint})",
            by=by,
            workflow=workflow.id,
            hint=hint,
        )
    )


def grouping(workflow: Workflow, by: str | None) -> str:
    """What blocked rows are summed up by: ``by``, else the default fact, else ``office``."""
    return by or group_fact(workflow, by) or OFFICE


def today_in(workflow: Workflow, now: dt.datetime | None = None) -> dt.date:
    """The date in the workflow's time zone (now, or at the moment given)."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(zoneinfo.ZoneInfo(workflow.timezone)).date()


def filter_rows(
    workflow: Workflow,
    rows: Iterable[BlockedRow],
    *,
    office: str | None = None,
    statuses: Collection[str] = (),
) -> tuple[BlockedRow, ...]:
    """The rows of one office (when given) with one of ``statuses`` (when given).

    A status is one of :data:`STATUSES`: ``overdue`` keeps the rows past their deadline
    whatever their status. An unknown office or status is a ReportError with a hint.
    """
    wanted = check_office(workflow, office) if office is not None else None
    for status in statuses:
        if status not in STATUSES:
            hint = suggest(status, STATUSES) or known(Message("statuses"), STATUSES)
            raise ReportError(
                Message("unknown status '{status}' ({hint})", status=status, hint=hint)
            )
    return tuple(
        row
        for row in rows
        if (wanted is None or row.office == wanted)
        and (
            not statuses
            or row.status in statuses
            or (OVERDUE in statuses and row.overdue_since is not None)
        )
    )


def check_office(workflow: Workflow, office: str) -> str:
    """The office id, or a ReportError with a hint when the workflow has no such office."""
    offices = [item.id for item in workflow.offices]
    if office in offices:
        return office
    hint = suggest(office, offices) or known(Message("offices"), offices)
    raise ReportError(Message("unknown office '{name}' ({hint})", name=office, hint=hint))


def blocked_rows(
    cases: Iterable[tuple[Case, str | None]],
    today: dt.date | None = None,
    *,
    by: str | None = None,
) -> tuple[BlockedRow, ...]:
    """One row per open step holding a student back, students in the order given.

    ``cases`` pairs each case with its counsellor (as :meth:`Store.cases` yields them);
    ``by`` names the fact each row carries (see :func:`group_fact`); ``today`` marks
    overdue steps.
    """
    rows: list[BlockedRow] = []
    fact_for: dict[int, str | None] = {}
    for case, counsellor in cases:
        workflow = case.engine.workflow
        key = id(case.engine)
        if key not in fact_for:
            fact_for[key] = group_fact(workflow, by)
        fact = fact_for[key]
        value = case.facts.get(fact) if fact else None
        label = value_label(workflow, fact, value)
        for blocker in blockers(case, today):
            refused = blocker.status is StepStatus.REFUSED
            status = (
                BlockedStatus.REFUSED
                if refused
                else BlockedStatus.WAITING
                if blocker.waiting_for
                else BlockedStatus.PENDING
            )
            rows.append(
                BlockedRow(
                    student_id=case.student_id,
                    name=case.name,
                    counsellor=counsellor,
                    fact=fact,
                    value=value,
                    value_label=label,
                    office=blocker.step.office,
                    office_label=blocker.office,
                    step=blocker.step.id,
                    step_label=blocker.step.label,
                    status=status,
                    reason=blocker.reason,
                    staff=blocker.staff,
                    at=blocker.at,
                    waiting_for=blocker.waiting_for,
                    overdue_since=blocker.overdue_since,
                )
            )
    return tuple(rows)


def value_label(workflow: Workflow, fact: str | None, value: FactValue | None) -> Label | None:
    """A fact value's label in both languages (None without a fact or a value)."""
    if fact is None or value is None:
        return None
    declared = workflow.fact(fact)
    return Label(zh=declared.value_label(value, "zh"), en=declared.value_label(value, "en"))


def group_of(row: BlockedRow, by: str) -> tuple[str, Label]:
    """The key and label of a row's group: its office, its counsellor, or its fact's value."""
    if by == OFFICE:
        return row.office, row.office_label
    if by == COUNSELLOR:
        if not row.counsellor:
            return "", Label(zh=translate(NO_COUNSELLOR, "zh"), en=translate(NO_COUNSELLOR, "en"))
        return row.counsellor, Label(zh=row.counsellor, en=row.counsellor)
    if row.fact != by:
        raise ReportError(
            Message("cannot group by '{by}': the rows carry fact '{fact}'", by=by, fact=row.fact)
        )
    key = "" if row.value is None else str(row.value)
    return key, row.value_label or Label(en=key or "-")


def blocked_summary(rows: Iterable[BlockedRow], by: str) -> BlockedSummary:
    """Blocked students and blockers per group (``office``, ``counsellor`` or the rows' fact).

    A student held by two offices counts once in each office's group, and once in the total.
    """
    labels: dict[str, Label] = {}
    members: dict[str, list[BlockedRow]] = {}
    for row in rows:
        key, label = group_of(row, by)
        labels.setdefault(key, label)
        members.setdefault(key, []).append(row)
    groups = [
        GroupCount(
            key=key,
            label=labels[key],
            students=len({row.student_id for row in group}),
            blockers=len(group),
            refused=sum(row.status is BlockedStatus.REFUSED for row in group),
            overdue=sum(row.overdue_since is not None for row in group),
        )
        for key, group in members.items()
    ]
    groups.sort(key=lambda group: (-group.students, group.key))
    everyone = {row.student_id for group in members.values() for row in group}
    total = sum(len(group) for group in members.values())
    return BlockedSummary(by=by, groups=tuple(groups), students=len(everyone), blockers=total)
