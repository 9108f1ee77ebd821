"""Where one step stands for one student: its :class:`StepStatus` and its :class:`StepRecord`."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from clearflow.engine._owed import Owed


class StepStatus(enum.StrEnum):
    """Where one step stands for one student."""

    PENDING = "pending"
    CLEARED = "cleared"
    REFUSED = "refused"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


SETTLED = frozenset({StepStatus.CLEARED, StepStatus.WAIVED, StepStatus.NOT_APPLICABLE})
"""The statuses of a step that no longer holds the student."""
DONE = frozenset({StepStatus.CLEARED, StepStatus.WAIVED})
"""The recorded statuses after which a step cannot be acted on again."""


@attrs.frozen(kw_only=True, slots=True, weakref_slot=False)
class StepRecord:
    """The last thing that happened to a step: cleared, refused or waived, by whom, when.

    ``owed`` is what a refusal says the student owes (an office list's amount and items).
    """

    status: StepStatus
    office: str
    staff: str
    at: dt.datetime
    outcome: str | None = None
    reason: str | None = None
    late: bool = False
    early: bool = False
    off_hours: bool = False
    owed: Owed | None = None
