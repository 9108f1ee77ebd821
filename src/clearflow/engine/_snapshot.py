"""A case as plain JSON-able data: snapshot, restore without replay, replay from events.

Restoring a snapshot and replaying its events give the same case; both
refuse a case that was started on a different version of the workflow. Case files,
which hold a case's events, are :mod:`clearflow.engine._case_file`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any

from clearflow._i18n import Message
from clearflow.engine._audit import Event
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.engine._owed import owed_or_none
from clearflow.engine._record import StepRecord, StepStatus
from clearflow.errors import CaseDataError, ClearflowError, Said

SNAPSHOT_FORMAT = 1
_CASE = Message("case")
"""Where a restored case came from, when the caller does not say."""


def snapshot(case: Case, *, events: bool = True) -> dict[str, Any]:
    """The whole case as plain data (JSON-able), events included unless ``events=False``.

    Without events (what a store keeps: the events go to their own rows) the data has
    no ``events`` key; :func:`restore` needs one, so a store puts its own list back.
    """
    workflow = case.engine.workflow
    data = {
        "clearflow_case": SNAPSHOT_FORMAT,
        "workflow": {"id": workflow.id, "digest": workflow.digest},
        "student": {"id": case.student_id, "name": case.name, "facts": dict(case.facts)},
        "phase": case.phase,
        "steps": {step: _record_dict(record) for step, record in case.records.items()},
        "documents": list(case.documents) if case.documents is not None else None,
        "version": case.version,
    }
    if events:
        data["events"] = [event.to_dict() for event in case.events]
    return data


def record_data(record: StepRecord) -> dict[str, Any]:
    """A step record as a snapshot keeps it (plain JSON-able data)."""
    return _record_dict(record)


def _record_dict(record: StepRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": str(record.status),
        "office": record.office,
        "staff": record.staff,
        "at": record.at.isoformat(),
    }
    if record.outcome is not None:
        data["outcome"] = record.outcome
    if record.reason is not None:
        data["reason"] = record.reason
    if record.late:
        data["late"] = True
    if record.early:
        data["early"] = True
    if record.off_hours:
        data["off_hours"] = True
    if record.owed is not None:
        data["owed"] = record.owed.to_dict()
    return data


def restore(engine: Engine, data: dict[str, Any], source: Said = _CASE) -> Case:
    """The case a snapshot describes, without replaying its events."""
    return restorer(engine)(data, source)


def restorer(engine: Engine) -> Callable[[dict[str, Any], Said], Case]:
    """:func:`restore` for many cases of one engine: the same checks, set up once."""
    phases = frozenset(engine.phases)
    outcomes = {step_id: frozenset(step.outcome_ids) for step_id, step in engine.steps.items()}
    documents = frozenset(document.id for document in engine.workflow.documents)

    def restore_one(data: dict[str, Any], source: Said = _CASE) -> Case:
        return _restore(engine, phases, outcomes, documents, data, source)

    return restore_one


def _restore(
    engine: Engine,
    phases: frozenset[str],
    outcomes: dict[str, frozenset[str]],
    documents: frozenset[str],
    data: dict[str, Any],
    source: Said,
) -> Case:
    try:
        same_workflow(engine, data["workflow"], source)
        student = data["student"]
        facts = engine.check_facts(student["facts"])
        phase = str(data["phase"])
        if phase not in phases:
            raise CaseDataError(
                Message("{source}: unknown phase '{phase}'", source=source, phase=phase)
            )
        records = _records(outcomes, data["steps"], source)
        student_id = str(student["id"])
        name = student.get("name")
        released = _released(documents, data.get("documents"), source)
        events = [Event.from_dict(item) for item in data["events"]]
        version = data.get("version", len(events))
        if not isinstance(version, int) or isinstance(version, bool) or version < len(events):
            raise CaseDataError(
                Message(
                    "{source}: 'version' must be a whole number of at least {count}, "
                    "the events given",
                    source=source,
                    count=len(events),
                )
            )
    except CaseDataError:
        raise
    except ClearflowError as error:
        raise CaseDataError(Message("{source}: {error}", source=source, error=error.said)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _malformed(source, error) from None
    case = Case(engine, student_id, facts, name)
    case.phase = phase
    case.records = records
    case.events = events
    case.documents = released
    case.base_version = version - len(events)
    return case


def records_reader(engine: Engine) -> Callable[[Mapping[str, Any], Said], dict[str, StepRecord]]:
    """The step records of a snapshot's ``steps`` (some of them, say), read and checked as
    :func:`restore` reads a case's: a CaseDataError naming the source for an unknown step,
    an outcome the step does not declare or malformed data."""
    outcomes = {step_id: frozenset(step.outcome_ids) for step_id, step in engine.steps.items()}

    def read(steps: Mapping[str, Any], source: Said) -> dict[str, StepRecord]:
        try:
            return _records(outcomes, steps, source)
        except CaseDataError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise _malformed(source, error) from None

    return read


def _records(
    outcomes: dict[str, frozenset[str]], steps: Mapping[str, Any], source: Said
) -> dict[str, StepRecord]:
    records = {
        str(step): StepRecord(
            status=_status(item["status"]),
            office=str(item["office"]),
            staff=str(item["staff"]),
            at=dt.datetime.fromisoformat(item["at"]),
            outcome=item.get("outcome"),
            reason=item.get("reason"),
            late=bool(item.get("late", False)),
            early=bool(item.get("early", False)),
            off_hours=bool(item.get("off_hours", False)),
            owed=owed_or_none(item.get("owed")),
        )
        for step, item in steps.items()
    }
    unknown = sorted(set(records) - outcomes.keys())
    if unknown:
        raise CaseDataError(
            Message("{source}: unknown step '{step}'", source=source, step=unknown[0])
        )
    _check_records(outcomes, records, source)
    return records


def _malformed(source: Said, error: Exception) -> CaseDataError:
    problem = f"{type(error).__name__}: {error}"
    return CaseDataError(
        Message("{source}: malformed case data ({error})", source=source, error=problem)
    )


def _check_records(
    outcomes: dict[str, frozenset[str]], records: dict[str, StepRecord], source: Said
) -> None:
    """Each record's outcome is one its step declares, and its reason is text."""
    for step_id, record in records.items():
        outcome, reason = record.outcome, record.reason
        if outcome is not None and outcome not in outcomes[step_id]:
            shown = json.dumps(outcome, ensure_ascii=False)
            raise CaseDataError(
                Message(
                    "{source}: step '{step}' has no outcome {outcome}",
                    source=source,
                    step=step_id,
                    outcome=shown,
                )
            )
        if reason is not None and not isinstance(reason, str):
            raise CaseDataError(
                Message(
                    "{source}: step '{step}': the reason must be text", source=source, step=step_id
                )
            )


def _released(known: frozenset[str], documents: Any, source: Said) -> tuple[str, ...] | None:
    """The released documents' ids, each one of the workflow's ``known`` (None: not released)."""
    if documents is None:
        return None
    if not isinstance(documents, list):
        raise CaseDataError(Message("{source}: 'documents' must be a list or null", source=source))
    for item in documents:
        if not isinstance(item, str) or item not in known:
            shown = json.dumps(item, ensure_ascii=False)
            raise CaseDataError(
                Message(
                    "{source}: unknown document {document} in 'documents'",
                    source=source,
                    document=shown,
                )
            )
    return tuple(documents)


_STATUSES = {str(status): status for status in StepStatus}


def _status(value: Any) -> StepStatus:
    """``StepStatus(value)``, looked up: restoring a case reads one for every step."""
    try:
        return _STATUSES[value]
    except (KeyError, TypeError):
        return StepStatus(value)


def same_workflow(engine: Engine, stored: dict[str, Any], source: Said) -> None:
    workflow = engine.workflow
    if stored.get("id") != workflow.id or stored.get("digest") != workflow.digest:
        raise CaseDataError(
            Message(
                "{source}: the case was started on workflow '{stored}' (digest {stored_digest}), "
                "not on '{workflow}' (digest {digest}); finish it on the workflow it started on",
                source=source,
                stored=stored.get("id"),
                stored_digest=str(stored.get("digest"))[:12],
                workflow=workflow.id,
                digest=workflow.digest[:12],
            )
        )
