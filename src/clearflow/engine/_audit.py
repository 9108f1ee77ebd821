"""The audit trail: who acts (:class:`Actor`), and one immutable :class:`Event` per action.

Events are built on the hot path by :func:`clearflow.engine._fast.new_event`; their
JSON-able form is :meth:`Event.to_dict` and :meth:`Event.from_dict`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clearflow.engine._owed import Owed, owed_or_none
from clearflow.spec.conditions import FactValue


class Action(enum.StrEnum):
    """What an event did."""

    START = "start"
    CLEAR = "clear"
    REFUSE = "refuse"
    WAIVE = "waive"
    RELEASE = "release"
    MIGRATE = "migrate"


@attrs.frozen(kw_only=True)
class Actor:
    """Who acts: an office id and the staff member's id (``staff`` is free text)."""

    office: str
    staff: str

    def __str__(self) -> str:
        return f"{self.office}/{self.staff}"


@attrs.define(kw_only=True, slots=True)
class EventSlots:
    """An :class:`Event`'s fields, writable: only :func:`~clearflow.engine._fast.new_event` uses it.

    Event declares no fields of its own, so the two share one layout and an object of this
    class can become an Event (see :mod:`clearflow.engine._fast`).
    """

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
    backdated: bool = False
    early: bool = False
    staff_name: str | None = None
    unit: str | None = None
    off_hours: bool = False
    owed: Owed | None = None
    rules_from: str | None = None
    renames: dict[str, dict[str, str]] | None = None


@attrs.frozen(kw_only=True, slots=True)
class Event(EventSlots):
    """One action on a case: who, what, when, why, and on which workflow version.

    Its fields are those of :class:`EventSlots`, read-only here. ``late`` marks an action
    after its deadline; ``backdated`` one dated before the case's previous event (recorded
    later than it happened, e.g. a paper signature entered afterwards); ``early`` one before
    its step opens (a step's ``opens:`` with ``early: flag``); ``off_hours`` one outside the
    hours (or the student's own session) that apply, with ``off_hours: flag``. ``staff_name``
    and ``unit`` are the verified actor's, from the engine's staff roster (absent without
    one, and for an office's account). ``owed`` is what a refusal says is owed (absent from
    events written before amounts were kept). A ``migrate`` event moved the case onto the
    rules of its ``digest`` from those of ``rules_from``, its events' step and office ids
    renamed by ``renames`` (``{"steps": {old: new}, "offices": {old: new}}``), ``reason``
    saying why (:mod:`clearflow.engine._moving`).
    """

    @property
    def actor(self) -> Actor:
        """Who acted."""
        return Actor(office=self.office, staff=self.staff)

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
        for name in ("step", "outcome", "reason", "staff_name", "unit", "rules_from"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.facts is not None:
            data["facts"] = dict(self.facts)
        if self.late:
            data["late"] = True
        if self.backdated:
            data["backdated"] = True
        if self.early:
            data["early"] = True
        if self.off_hours:
            data["off_hours"] = True
        if self.documents is not None:
            data["documents"] = list(self.documents)
        if self.owed is not None:
            data["owed"] = self.owed.to_dict()
        if self.renames is not None:
            data["renames"] = {kind: dict(names) for kind, names in self.renames.items()}
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
            backdated=bool(data.get("backdated", False)),
            early=bool(data.get("early", False)),
            staff_name=_text_or_none(data.get("staff_name")),
            unit=_text_or_none(data.get("unit")),
            off_hours=bool(data.get("off_hours", False)),
            owed=owed_or_none(data.get("owed")),
            rules_from=_text_or_none(data.get("rules_from")),
            renames=_renames_or_none(data.get("renames")),
        )


def _text_or_none(value: Any) -> str | None:
    """An optional text field of an event's data (absent in files without a roster)."""
    return None if value is None else str(value)


def _renames_or_none(value: Any) -> dict[str, dict[str, str]] | None:
    """A migrate event's ``renames`` (ValueError when it is not a map of maps of texts)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(names, dict) for names in value.values()):
        raise ValueError("renames must map 'steps' and 'offices' to maps of ids")
    return {
        str(kind): {str(old): str(new) for old, new in names.items()}
        for kind, names in value.items()
    }
