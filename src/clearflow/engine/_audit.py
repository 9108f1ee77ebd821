"""The audit trail: one immutable event per action, and its JSON-able form."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clearflow.spec.conditions import FactValue


class Action(enum.StrEnum):
    """What an event did."""

    START = "start"
    CLEAR = "clear"
    REFUSE = "refuse"
    WAIVE = "waive"
    RELEASE = "release"


@attrs.frozen(kw_only=True)
class Actor:
    """Who acts: an office id and the staff member's id (``staff`` is free text)."""

    office: str
    staff: str

    def __str__(self) -> str:
        return f"{self.office}/{self.staff}"


@attrs.define(kw_only=True, slots=True)
class _EventFields:
    """The slots of an :class:`Event`, writable: the fast path of :func:`new_event` fills them."""

    seq: int
    action: Action
    at: dt.datetime
    office: str
    staff: str
    workflow: str
    digest: str
    step: str | None = None
    outcome: str | None = None
    reason: str | None = None
    late: bool = False
    facts: dict[str, FactValue] | None = None
    documents: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True, slots=True)
class Event(_EventFields):
    """One action on a case: who, what, when, why, and on which workflow version."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; None fields are left out."""
        data: dict[str, Any] = {
            "seq": self.seq,
            "action": str(self.action),
            "at": self.at.isoformat(),
            "office": self.office,
            "staff": self.staff,
            "workflow": self.workflow,
            "digest": self.digest,
        }
        for name in ("step", "outcome", "reason"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.facts is not None:
            data["facts"] = dict(self.facts)
        if self.late:
            data["late"] = True
        if self.documents is not None:
            data["documents"] = list(self.documents)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The event back from :meth:`to_dict` output (KeyError/ValueError when malformed)."""
        documents = data.get("documents")
        facts = data.get("facts")
        return cls(
            seq=int(data["seq"]),
            action=Action(data["action"]),
            at=dt.datetime.fromisoformat(data["at"]),
            office=str(data["office"]),
            staff=str(data["staff"]),
            workflow=str(data["workflow"]),
            digest=str(data["digest"]),
            step=data.get("step"),
            outcome=data.get("outcome"),
            reason=data.get("reason"),
            late=bool(data.get("late", False)),
            facts=dict(facts) if facts is not None else None,
            documents=tuple(documents) if documents is not None else None,
        )


_new = object.__new__


def new_event(
    seq: int,
    action: Action,
    at: dt.datetime,
    office: str,
    staff: str,
    workflow: str,
    digest: str,
    step: str | None,
    outcome: str | None,
    reason: str | None,
    late: bool,
    facts: dict[str, FactValue] | None,
    documents: tuple[str, ...] | None,
) -> Event:
    """The same :class:`Event` as ``Event(seq=seq, ...)``, about five times faster.

    The frozen ``__init__`` sets each field through ``object.__setattr__``; this fills
    the slots of the writable base class directly, then makes the object an Event
    (same slots, so the class may change), which refuses assignment from then on.
    """
    event = _new(_EventFields)
    event.seq = seq
    event.action = action
    event.at = at
    event.office = office
    event.staff = staff
    event.workflow = workflow
    event.digest = digest
    event.step = step
    event.outcome = outcome
    event.reason = reason
    event.late = late
    event.facts = facts
    event.documents = documents
    event.__class__ = Event
    return event  # type: ignore[return-value]
