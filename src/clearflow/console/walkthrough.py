"""The console walkthrough of one student: prerequisites, stations in order, documents.

Decisions come from an :class:`Answerer`: a person at a prompt, or scripted
answers (``--answers``/``--yes``) so that scripts and CI never wait for input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from rich.console import Console

from clearflow._atomic import Input, refuse_overwrite
from clearflow._files import may_exist
from clearflow._i18n import N_, Lang, Message
from clearflow.console._answers import Decision, UnusedAnswer, Verb, unused_answers
from clearflow.console._prompt import PromptAnswerer as PromptAnswerer  # its home before
from clearflow.console.case_view import (
    STATUS,
    advice_note,
    backdated_note,
    render_blockers,
    render_checklist,
    render_documents,
    render_header,
    render_progress,
    render_station,
    status_word,
)
from clearflow.engine import (
    READY,
    RELEASED,
    Action,
    Actor,
    Case,
    Engine,
    StepStatus,
    blockers,
    load_case,
    reason_said,
)
from clearflow.errors import ActionError, InputError
from clearflow.format.student import StudentRecord
from clearflow.spec import Step, StepKind, advised_order

LEAVE_OUT_STUDENT = N_("leave out the student record")
GIVE_STUDENT = N_("give a student record")
"""Remedies a front end words its own way (the CLI names ``--student``): see ``fix``."""


class Answerer(Protocol):
    """Decides what the office does at a step."""

    interactive: bool

    def decide(self, case: Case, step: Step) -> Decision:
        """The next decision for this step."""
        ...


class ScriptedAnswerer:
    """Answers from a file, in order per step; then ``clear`` with ``yes``.

    When the answers run out and ``yes`` is off, the ``fallback`` (a person at a
    prompt) decides; without one the step is skipped: an open prerequisite is left
    for later, and the walk ends at an open station.
    """

    def __init__(
        self,
        answers: dict[str, list[Decision]] | None = None,
        *,
        yes: bool = False,
        fallback: Answerer | None = None,
    ) -> None:
        self.answers = {step: list(queue) for step, queue in (answers or {}).items()}
        self.yes = yes
        self.fallback = fallback
        # With ``yes`` the fallback is never asked: a refused clear must end the walk,
        # not be retried for ever.
        self.interactive = fallback is not None and fallback.interactive and not yes

    def decide(self, case: Case, step: Step) -> Decision:
        """The next scripted answer for the step."""
        queue = self.answers.get(step.id)
        if queue:
            return queue.pop(0)
        if self.yes:
            return Decision(verb=Verb.CLEAR)
        if self.fallback is not None:
            return self.fallback.decide(case, step)
        return Decision(verb=Verb.SKIP)


def open_case(
    engine: Engine,
    *,
    student: StudentRecord | None,
    case_path: Path | None,
    at: dt.datetime | None = None,
    inputs: Iterable[Input] = (),
    notice: Callable[[str], object] | None = None,
    lang: Lang = "en",
) -> Case:
    """Resume the case saved at ``case_path``, or start one for ``student``.

    A ``case_path`` that is one of ``inputs`` (the workflow, the student record or the
    answers file, by what they are) is refused before it is read or written; ``notice``
    hears of a last line left out of the case file (see :func:`clearflow.load_case`), in
    ``lang``.
    """
    if case_path is not None:
        refuse_overwrite([case_path], inputs)
    if case_path is not None and may_exist(case_path):
        case = load_case(case_path, engine, notice=notice, lang=lang)
        if student is not None and student.id != case.student_id:
            raise InputError(
                Message(
                    "{path}: holds student '{held}', not '{given}' "
                    "(name another case file, or {remedy} to resume)",
                    path=case_path,
                    held=case.student_id,
                    given=student.id,
                    remedy=Message(LEAVE_OUT_STUDENT),
                ),
                fix="student",
            )
        return case
    if student is None:
        remedy = Message(GIVE_STUDENT)
        if case_path is None:
            raise InputError(Message("{remedy} to start a case", remedy=remedy), fix="student")
        raise InputError(
            Message(
                "no case file at {path}; {remedy} to start a case", path=case_path, remedy=remedy
            ),
            fix="student",
        )
    return engine.start(student.id, student.facts, name=student.name, at=at)


class Walkthrough:
    """Walks one case through its workflow, printing to a Rich console.

    ``on_change`` runs after every action that changed the case (e.g. to save it).
    """

    def __init__(
        self,
        case: Case,
        answerer: Answerer,
        console: Console,
        *,
        lang: Lang = "en",
        staff: str = "console",
        at: dt.datetime | None = None,
        on_change: Callable[[Case], None] = lambda case: None,
    ) -> None:
        self.case = case
        self.answerer = answerer
        self.console = console
        self.lang = lang
        self.staff = staff
        self.at = at
        self.on_change = on_change
        self.unused_answers: tuple[UnusedAnswer, ...] = ()
        """After :meth:`run`: the scripted answers never used, each with why."""

    def run(self) -> Case:
        """Walk as far as the answers allow, then say which answers went unused."""
        case = self._walk()
        if isinstance(self.answerer, ScriptedAnswerer):
            self.unused_answers = unused_answers(case, self.answerer.answers)
        for unused in self.unused_answers:
            self.console.print(unused.text(self.lang), style="yellow", markup=False, soft_wrap=True)
        return case

    def _walk(self) -> Case:
        case = self.case
        self.console.print(render_header(case, self.lang))
        self.console.print(render_checklist(case, self.lang))
        if not self._prerequisites():
            return self._blocked()
        if case.engine.prerequisites:
            self.console.print(render_checklist(case, self.lang))
        while case.phase in case.engine.station_index:
            step = case.engine.steps[case.phase]
            self.console.print(render_progress(case, self.lang))
            self.console.print(render_station(case, step, self.lang))
            if self._settle(step) != "settled":
                return self._blocked()
        self.console.print(render_progress(case, self.lang))
        if case.phase == READY:
            self._release()
        elif case.phase == RELEASED and case.documents is not None:
            documents = tuple(case.engine.workflow.document(d) for d in case.documents)
            self.console.print(render_documents(documents, self.lang))
        return case

    def _prerequisites(self) -> bool:
        case = self.case
        # The rules' order, and the advice (advised_after:) where it can be followed.
        order = advised_order(case.engine.workflow.steps)
        for name in order:
            step = case.engine.steps[name]
            if step.kind is not StepKind.PREREQUISITE or case.status(name) in (
                StepStatus.CLEARED,
                StepStatus.WAIVED,
                StepStatus.NOT_APPLICABLE,
            ):
                continue
            if case.waiting_for(name):
                continue
            if self._settle(step) == "stopped":
                return False
        return case.prerequisites_settled()

    def _settle(self, step: Step) -> str:
        case = self.case
        asked_optional = False
        while not case.is_passable(step.id) or (
            case.status(step.id) is StepStatus.PENDING and not asked_optional
        ):
            asked_optional = True
            decision = self.answerer.decide(case, step)
            if decision.verb is Verb.STOP:
                return "stopped"
            if decision.verb is Verb.SKIP:
                return "skipped" if step.kind is StepKind.PREREQUISITE else "stopped"
            if not self._apply(step, decision) and not self.answerer.interactive:
                return "stopped"
        return "settled"

    def _apply(self, step: Step, decision: Decision) -> bool:
        case = self.case
        by = Actor(office=step.office, staff=decision.staff or self.staff)
        at = decision.at or self.at
        clearing = decision.verb is Verb.CLEAR
        try:
            case.perform(
                Action(decision.verb),
                step.id,
                by,
                outcome=decision.text if clearing else None,
                reason=None if clearing else decision.text,
                at=at,
                owed=decision.owed,
            )
        except ActionError as error:
            self.console.print(f"✗ {error.text(self.lang)}", style="red", markup=False)
            return False
        self.on_change(case)
        status = case.status(step.id)
        _, style, mark = STATUS[status]
        word = status_word(status, self.lang)
        record = case.records[step.id]
        said = reason_said(record.reason, record.owed)
        reason = said if isinstance(said, str) else said.text(self.lang)
        note = f" — {reason}" if reason else ""
        line = Message(
            "{mark} {step}: {word}{note}",
            mark=mark,
            step=step.label.text(self.lang),
            word=word,
            note=note,
        )
        self.console.print(line.text(self.lang), style=style, markup=False)
        advice = advice_note(case, step, self.lang)
        if advice is not None:
            self.console.print(advice, style="yellow", markup=False, soft_wrap=True)
        self._say_if_backdated()
        return True

    def _say_if_backdated(self) -> None:
        note = backdated_note(self.case, self.lang)
        if note is not None:
            self.console.print(note, style="yellow", markup=False, soft_wrap=True)

    def _release(self) -> None:
        case = self.case
        office = case.engine.releasing_office()
        try:
            documents = case.release(Actor(office=office, staff=self.staff), at=self.at)
        except ActionError as error:
            self.console.print(f"✗ {error.text(self.lang)}", style="red", markup=False)
            return
        self.on_change(case)
        self._say_if_backdated()
        self.console.print(render_documents(documents, self.lang))

    def _blocked(self) -> Case:
        today = (self.at or dt.datetime.now(self.case.engine.zone)).date()
        found = blockers(self.case, today)
        if found:
            self.console.print(render_blockers(found, self.lang))
        return self.case
