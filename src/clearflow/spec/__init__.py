"""The frozen model of a workflow, the bottom layer every other package builds on.

A :class:`Workflow` is what a workflow file means once read: offices, facts, deadlines,
steps, documents, schedule and cohort, as frozen attrs classes with tuples for
collections and each object's source location (``at``) kept out of equality. The
condition language (:mod:`clearflow.spec.conditions`) is pure data with no ``eval``. The
order graph, the rules digest and "which sessions are a student's" are computed from the
model alone; :func:`clean_student_id` says once what a student id is. This package
imports only :mod:`clearflow.errors`, :mod:`clearflow._i18n` (the words it marks for
the catalogue: weekdays, condition connectives) and the standard library.
"""

from clearflow.spec._calendar import Calendar
from clearflow.spec._calls import Calls
from clearflow.spec._digest import rules_digest
from clearflow.spec._graph import advice, advised_order, ancestors, order_graph
from clearflow.spec._ids import MAX_STUDENT_ID, clean_student_id
from clearflow.spec._model import (
    DEFAULT_OUTCOME,
    WEEKDAYS,
    Choice,
    Cohort,
    Count,
    DatedRule,
    Deadline,
    Document,
    Fact,
    FactType,
    Label,
    Outcome,
    Schedule,
    Selector,
    Session,
    Step,
    StepKind,
    Where,
    Workflow,
)
from clearflow.spec._offices import (
    OFF_HOURS_POLICIES,
    Break,
    Hours,
    Office,
    Place,
    Range,
    hours_on,
    is_open,
)
from clearflow.spec._opening import EARLY_POLICIES, Opening, OpeningRule, moment_text
from clearflow.spec._roster import (
    ACCOUNT_PREFIX,
    Roster,
    RosterRule,
    StaffMember,
    account_office,
    office_account,
)
from clearflow.spec._service import (
    Service,
    Week,
    clock,
    service_for,
    week_of,
    week_text,
    weekly,
)
from clearflow.spec._sessions import last_date, place_of, sessions_for
from clearflow.spec._weekdays import (
    FULL_WEEKDAY_WORDS,
    FULL_WEEKDAYS,
    WEEKDAY_ID_WORDS,
    WEEKDAY_WORDS,
    weekday_name,
)

__all__ = [
    "ACCOUNT_PREFIX",
    "DEFAULT_OUTCOME",
    "EARLY_POLICIES",
    "FULL_WEEKDAYS",
    "FULL_WEEKDAY_WORDS",
    "MAX_STUDENT_ID",
    "OFF_HOURS_POLICIES",
    "WEEKDAYS",
    "WEEKDAY_ID_WORDS",
    "WEEKDAY_WORDS",
    "Break",
    "Calendar",
    "Calls",
    "Choice",
    "Cohort",
    "Count",
    "DatedRule",
    "Deadline",
    "Document",
    "Fact",
    "FactType",
    "Hours",
    "Label",
    "Office",
    "Opening",
    "OpeningRule",
    "Outcome",
    "Place",
    "Range",
    "Roster",
    "RosterRule",
    "Schedule",
    "Selector",
    "Service",
    "Session",
    "StaffMember",
    "Step",
    "StepKind",
    "Week",
    "Where",
    "Workflow",
    "account_office",
    "advice",
    "advised_order",
    "ancestors",
    "clean_student_id",
    "clock",
    "hours_on",
    "is_open",
    "last_date",
    "moment_text",
    "office_account",
    "order_graph",
    "place_of",
    "rules_digest",
    "service_for",
    "sessions_for",
    "week_of",
    "week_text",
    "weekday_name",
    "weekly",
]
