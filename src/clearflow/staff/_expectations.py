"""What a scenario expected and did not get: of the whole run, and of each action.

:func:`compare` lists every way a run differs from its scenario's expectations (the
documents, where the student stopped, what held them, the stations passed), after what
the actions missed: :func:`refusal_missed` for an action written with ``refused:`` (no
refusal came, or one for another reason) and :func:`flags_missed` for one written with
``flagged:`` (its event carries other flags).
"""

from __future__ import annotations

from collections.abc import Iterable

from clearflow._i18n import LANGUAGES, Message
from clearflow.engine import PREPARING, Event
from clearflow.staff._scenario_model import FLAGS, Run, Scenario, ScenarioAction


def refusal_missed(index: int, action: ScenarioAction, error: Message | None) -> Message | None:
    """For an action that must be refused saying ``action.refused``: what went otherwise,
    given the refusal (None: the action was allowed); None when it was refused so."""
    expected = action.refused or ""
    if error is None:
        return Message(
            "action {index} ({verb} '{step}') was not refused (expected a refusal saying '{text}')",
            index=index,
            verb=str(action.verb),
            step=action.step,
            text=expected,
        )
    if says(error, expected):
        return None
    return Message(
        "action {index} ({verb} '{step}') was refused, but not saying '{text}': {error}",
        index=index,
        verb=str(action.verb),
        step=action.step,
        text=expected,
        error=error,
    )


def says(message: Message, text: str) -> bool:
    """Whether the message, in English or in Chinese, contains ``text`` (case ignored)."""
    wanted = text.casefold()
    return any(wanted in message.text(lang).casefold() for lang in LANGUAGES)


def flags_missed(index: int, action: ScenarioAction, event: Event) -> Message | None:
    """For an action written with ``flagged:``: its event's flags when they are not exactly
    those (None when they are)."""
    expected = action.flagged or ()
    recorded = {"late": event.late, "early": event.early, "off_hours": event.off_hours}
    got = tuple(flag for flag in FLAGS if recorded[flag])
    if set(got) == set(expected):
        return None
    return Message(
        "action {index} ({verb} '{step}') was flagged {got}, expected {expected}",
        index=index,
        verb=str(action.verb),
        step=action.step,
        got=_listed(got),
        expected=_listed(expected),
    )


def compare(scenario: Scenario, run: Run) -> tuple[Message, ...]:
    """Every expectation the run missed, in the student's terms (empty when all held)."""
    if run.action_failed:
        return (*run.missed, run.problem or Message("an action was refused"))
    failures: list[Message] = list(run.missed)
    if scenario.documents is not None:
        got = run.documents or ()
        if set(got) != set(scenario.documents):
            detail = (
                _difference(scenario.documents, got)
                if run.documents is not None
                else run.describe()
            )
            failures.append(
                Message(
                    "expected documents {expected}, got {got} ({detail})",
                    expected=_listed(scenario.documents),
                    got=_listed(got),
                    detail=detail,
                )
            )
    if scenario.stops_at is not None and not _stops_at(run, scenario.stops_at):
        failures.append(
            Message(
                "expected to stop at {expected}, got {got}",
                expected=scenario.stops_at,
                got=run.describe(),
            )
        )
    if scenario.blocked_by is not None and set(run.blocked_by) != set(scenario.blocked_by):
        failures.append(
            Message(
                "expected blocked by {expected}, got {got}",
                expected=_listed(scenario.blocked_by),
                got=_listed(run.blocked_by),
            )
        )
    if scenario.passes is not None and run.passed != scenario.passes:
        failures.append(
            Message(
                "expected passes {expected}, got {got}",
                expected=_listed(scenario.passes),
                got=_listed(run.passed),
            )
        )
    return tuple(failures)


def _stops_at(run: Run, where: str) -> bool:
    """Whether the run stopped at a phase, or before the hall held by a prerequisite."""
    return run.phase == where or (run.phase == PREPARING and where in run.blocked_by)


def _listed(ids: Iterable[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _difference(expected: tuple[str, ...], got: tuple[str, ...]) -> Message:
    missing = ", ".join(name for name in expected if name not in got)
    unexpected = ", ".join(name for name in got if name not in expected)
    if missing and unexpected:
        return Message(
            "missing {missing}; unexpected {unexpected}", missing=missing, unexpected=unexpected
        )
    if missing:
        return Message("missing {missing}", missing=missing)
    return Message("unexpected {unexpected}", unexpected=unexpected)
