"""What a scenario is and what running it gave: the actions, the expectations, the run.

:class:`ScenarioAction` is one thing an office does, optionally by a named staff member
(``by:``), expected to be refused with a reason (``refused:``) or recorded with exactly
some flags (``flagged:``); :class:`Scenario` a student, their actions and what must come
out; :class:`ScenarioFile` a file's scenarios with the staff roster they act against;
:class:`Run` where the case ended, and :class:`ScenarioResult` what it missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import attrs

from clearflow._i18n import N_, Lang, Message, translate
from clearflow.engine import RELEASED, Action
from clearflow.spec import Label, Roster, Where
from clearflow.spec.conditions import FactValue

FLAGS = ("late", "early", "off_hours")
"""What an event may be flagged with, as ``flagged:`` names them (the event's own fields)."""
SEPARATOR = N_("; ")
"""Between two things a failed scenario missed (in Chinese a full-width semicolon)."""


@attrs.frozen(kw_only=True)
class ScenarioAction:
    """One thing an office does: clear (with an outcome), refuse or waive (with a reason).

    ``by`` is the staff id that acts (None: the office's account with a roster, the
    scenario's actor without); ``refused`` the text the refusal must contain (None: the
    action must be allowed); ``flagged`` exactly the flags its event must carry (None: not
    checked).
    """

    step: str
    verb: Action
    text: str | None = None
    at: dt.datetime | None = None
    by: str | None = None
    refused: str | None = None
    flagged: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class Scenario:
    """A student, the actions taken and what is expected; None means 'not checked'."""

    name: Label
    facts: Mapping[str, FactValue]
    actions: tuple[ScenarioAction, ...] = ()
    at: dt.datetime | None = None
    documents: tuple[str, ...] | None = None
    stops_at: str | None = None
    blocked_by: tuple[str, ...] | None = None
    passes: tuple[str, ...] | None = None
    where: Where = attrs.field(factory=Where, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ScenarioFile:
    """A scenarios file: its scenarios, and the staff roster they act against (``staff:``).

    ``staff`` is the roster's path as the file resolves it (beside the scenarios file),
    None when the file names none; the scenarios then run as today, anyone acting.
    """

    scenarios: tuple[Scenario, ...]
    roster: Roster | None = None
    staff: Path | None = None


@attrs.frozen(kw_only=True)
class Run:
    """Where a scenario's case ended: its phase, blockers, stations passed and documents.

    ``documents`` is None when nothing was released; ``problem`` is the refusal that
    stopped the run (an action or the release the procedure did not allow);
    ``missed`` what the actions themselves did not do as expected (a refusal that did
    not come, or came for another reason; other flags), in order.
    """

    phase: str
    blocked_by: tuple[str, ...] = ()
    passed: tuple[str, ...] = ()
    documents: tuple[str, ...] | None = None
    problem: Message | None = None
    action_failed: bool = False
    missed: tuple[Message, ...] = ()

    def describe(self) -> Message:
        """E.g. ``released`` or ``stopped at preparing, blocked by library_cleared``."""
        if self.phase == RELEASED:
            return Message("released")
        if self.blocked_by:
            blocked = ", ".join(self.blocked_by)
            text = Message(
                "stopped at {phase}, blocked by {steps}", phase=self.phase, steps=blocked
            )
        else:
            text = Message("stopped at {phase}", phase=self.phase)
        if self.problem is None:
            return text
        return Message("{state}: {problem}", state=text, problem=self.problem)


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """A scenario, what happened and every expectation it missed."""

    scenario: Scenario
    run: Run
    failures: tuple[Message, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures

    def explain(self, lang: Lang) -> str:
        """Every expectation missed, in ``lang``, one after another (empty when it passed)."""
        return translate(SEPARATOR, lang).join(failure.text(lang) for failure in self.failures)
