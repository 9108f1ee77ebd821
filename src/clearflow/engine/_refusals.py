"""The checks an action makes before it changes anything, and the refusals they raise.

Each function returns quietly or raises :class:`~clearflow.errors.ActionError` (or its
:class:`~clearflow.errors.NotPermittedError`, for the wrong office) in the student's and
staff's terms; :class:`~clearflow.engine._case.Case` calls them first, so a refused action
leaves the case exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from clearflow._i18n import N_, Contextual, Message, verbatim
from clearflow.engine._audit import Actor
from clearflow.engine._hours import is_off_hours
from clearflow.engine._phases import PREPARING, READY, RELEASED
from clearflow.engine._record import DONE, StepStatus
from clearflow.errors import ActionError, NotPermittedError
from clearflow.spec import Deadline, Document, Step, StepKind, moment_text

if TYPE_CHECKING:
    from clearflow.engine._case import Case

_VERBS = {"clear": N_("clear"), "refuse": N_("refuse"), "waive": N_("waive")}
"""The actions a refusal names, as words (``cannot clear 'library'``)."""
_DONE_WORDS = {
    StepStatus.CLEARED: Contextual("done before", "cleared"),
    StepStatus.WAIVED: Contextual("done before", "waived"),
}


def who(case: Case) -> str:
    """The student, as refusals name them: ``name (id)``, or the id alone."""
    return f"{case.name} ({case.student_id})" if case.name else case.student_id


def verb_word(verb: str) -> Message:
    """The action's word, in the reader's language (an unknown one as it is)."""
    return Message(_VERBS[verb]) if verb in _VERBS else verbatim(verb)


def check_actionable(case: Case, step: Step, by: Actor, verb: str, status: StepStatus) -> None:
    """That ``by`` may ``verb`` this step now, given its ``status``."""
    word = verb_word(verb)
    if case.phase == RELEASED:
        raise ActionError(
            Message(
                "cannot {verb} '{step}': documents were already released", verb=word, step=step.id
            )
        )
    if by.office != step.office:
        raise NotPermittedError(
            Message(
                "cannot {verb} '{step}': it belongs to office '{office}', not '{actor}'",
                verb=word,
                step=step.id,
                office=step.office,
                actor=by.office,
            )
        )
    if status is StepStatus.NOT_APPLICABLE:
        raise ActionError(
            Message(
                "cannot {verb} '{step}': it does not apply to {student}",
                verb=word,
                step=step.id,
                student=who(case),
            )
        )
    if status in DONE:
        record = case.records[step.id]
        when, actor = f"{record.at:%Y-%m-%d %H:%M}", f"{record.office}/{record.staff}"
        raise ActionError(
            Message(
                "cannot {verb} '{step}': already {status} on {when} by {who}",
                verb=word,
                step=step.id,
                status=_DONE_WORDS[record.status],
                when=when,
                who=actor,
            )
        )


def check_in_order(case: Case, step: Step, verb: str) -> None:
    """That nothing the step waits for is open (the current station waits for nothing)."""
    if step.kind is StepKind.STATION and case.phase == step.id:
        return
    waiting = case.waiting_for(step.id)
    if step.kind is StepKind.STATION and not waiting:
        waiting = (case.phase,)
    if waiting:
        message = (
            N_("cannot {verb} '{step}' yet: prerequisites: {open}")
            if case.phase == PREPARING
            else N_("cannot {verb} '{step}' yet: first: {open}")
        )
        raise ActionError(
            Message(message, verb=verb_word(verb), step=step.id, open=", ".join(waiting))
        )


def chosen_outcome(step: Step, outcome: str | None) -> str | None:
    """The outcome a clearance records: the one given, if declared, else the first declared."""
    if outcome is None:
        return step.outcomes[0].id if step.outcomes else None
    declared = [item.id for item in step.outcomes]
    if outcome in declared or (not declared and outcome == "cleared"):
        return outcome if declared else None
    allowed = (
        verbatim(", ".join(declared)) if declared else Message("none (clear it without an outcome)")
    )
    raise ActionError(
        Message(
            "cannot clear '{step}': unknown outcome '{outcome}'; allowed: {allowed}",
            step=step.id,
            outcome=outcome,
            allowed=allowed,
        )
    )


def is_late(case: Case, step: Step, deadline: Deadline, when: dt.datetime) -> bool:
    """Whether clearing a step due by ``deadline`` at ``when`` is late; refused if it must block."""
    due = deadline.date_for(case.facts)
    if due is None or when.astimezone(case.engine.zone).date() <= due:
        return False
    if deadline.late == "block":
        raise ActionError(
            Message(
                "cannot clear '{step}': deadline '{deadline}' ({due}) has passed; "
                "office '{office}' may waive the step instead",
                step=step.id,
                deadline=deadline.id,
                due=due,
                office=step.office,
            )
        )
    return True


def is_early(case: Case, step: Step, verb: str, when: dt.datetime) -> bool:
    """Whether acting on a step at ``when`` comes before it opens; refused if it must block."""
    opening = step.opens
    opens = opening.moment_for(case.facts) if opening else None
    if opening is None or opens is None:
        return False
    if when.astimezone(case.engine.zone).replace(tzinfo=None) >= opens:
        return False
    if opening.early == "block":
        raise ActionError(
            Message(
                "cannot {verb} '{step}' yet: it opens {opens}",
                verb=verb_word(verb),
                step=step.id,
                opens=moment_text(opens),
            )
        )
    return True


def is_off_hours_now(case: Case, step: Step, verb: str, when: dt.datetime) -> bool:
    """Whether acting on a step at ``when`` is outside its hours; refused if it must block."""
    engine = case.engine
    rule = engine.hours_rules.get(step.id)
    if rule is None:
        return False
    local = when.astimezone(engine.zone)

    def described() -> Message:
        return Message("{verb} '{step}'", verb=verb_word(verb), step=step.id)

    return is_off_hours(rule, case.facts, described, local)


def given_reason(reason: str, verb: str, step: Step) -> str:
    """The reason for a refusal or a waiver, stripped; there must be one."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ActionError(
            Message("cannot {verb} '{step}' without a reason", verb=verb_word(verb), step=step.id)
        )
    return text


def check_release(case: Case, by: Actor) -> None:
    """That ``by`` may hand the documents over now."""
    engine = case.engine
    if case.phase == RELEASED:
        raise ActionError(
            Message(
                "cannot release: documents were already released to {student}", student=who(case)
            )
        )
    if by.office not in engine.release_offices:
        offices = ", ".join(sorted(engine.release_offices))
        raise NotPermittedError(
            Message(
                "cannot release: office '{office}' does not hand over documents "
                "(offices that do: {offices})",
                office=by.office,
                offices=verbatim(offices) if offices else Message("none"),
            )
        )
    if case.phase != READY:
        open_steps = [s.id for s in engine.workflow.steps if not case.is_passable(s.id)]
        raise ActionError(
            Message(
                "cannot release: not every step is settled; still open: {open}",
                open=", ".join(open_steps),
            )
        )


def is_release_off_hours(case: Case, by: Actor, when: dt.datetime) -> bool:
    """Whether handing the documents over at ``when`` is outside the releasing office's hours."""
    engine = case.engine
    rule = engine.release_hours.get(by.office)
    if rule is None:
        return False
    local = when.astimezone(engine.zone)
    return is_off_hours(rule, case.facts, lambda: Message("release"), local)


def check_groups(case: Case, documents: tuple[Document, ...]) -> None:
    """That the documents to release give exactly one of each document group."""
    for group in case.engine.document_groups:
        chosen = [d.id for d in documents if d.group == group]
        if len(chosen) != 1:
            found = ", ".join(chosen)
            raise ActionError(
                Message(
                    "cannot release: group '{group}' must give exactly one document, "
                    "the rules give {found}",
                    group=group,
                    found=verbatim(found) if found else Message("none"),
                )
            )
