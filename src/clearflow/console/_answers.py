"""Scripted answers for the walkthrough: what each office does at each step, in order.

A file maps step ids to one answer or a list of answers (successive visits)::

    library_cleared:
      - {refuse: 2 books not returned, at: 2014-07-02 10:42}
      - {clear: ~, at: 2014-07-03 09:15}
    party_transfer: {clear: held_by_branch}
    finance_cleared: clear

An answer is ``clear``, ``skip`` or ``stop``, or a mapping with one of
``clear`` (value: the outcome, or ``~``), ``refuse`` or ``waive`` (value: the
reason), and optionally ``at`` (when it happened) and ``staff``; a refusal may say what
is owed: ``amount`` (yuan, e.g. ``35.00``) and ``items`` (the office's words).
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs

from clearflow._hints import join, known, suggest
from clearflow._i18n import N_, Lang, Message, translate
from clearflow.engine import AmountError, Case, Engine, Owed, StepStatus, read_amount
from clearflow.errors import WorkflowError
from clearflow.format import ListNode, MapNode, Node, Reader, Scalar, kind_of, parse, read_text
from clearflow.spec import Step, Workflow


class Verb(enum.StrEnum):
    """What the staff member does at a step."""

    CLEAR = "clear"
    REFUSE = "refuse"
    WAIVE = "waive"
    SKIP = "skip"
    STOP = "stop"


@attrs.frozen(kw_only=True)
class Decision:
    """One answer: a verb, its outcome or reason, and optionally when and by whom."""

    verb: Verb
    text: str | None = None
    at: dt.datetime | None = None
    staff: str | None = None
    owed: Owed | None = None
    """What a refusal says is owed."""


@attrs.frozen
class UnusedAnswer:
    """A scripted answer the walk never used, and why."""

    step: str
    why: str
    """An id of :data:`_SETTLED_WHY`'s, rendered in the language of :meth:`text`."""

    def text(self, lang: Lang) -> str:
        """The line the walk prints, in ``lang``."""
        why = translate(self.why, lang)
        return Message("answer for '{step}' not used: {why}", step=self.step, why=why).text(lang)

    def __str__(self) -> str:
        return self.text("en")


_SETTLED_WHY = {
    StepStatus.NOT_APPLICABLE: N_("the step does not apply to this student"),
    StepStatus.CLEARED: N_("the step was already cleared"),
    StepStatus.WAIVED: N_("the step was already waived"),
}
OWED_KEYS = ("amount", "items")
"""The keys of a refusal's answer that say what is owed."""
_ANSWER_FORMS = N_("write clear, skip, stop or {{refuse: reason}}")


def unused_answers(case: Case, left: dict[str, list[Decision]]) -> tuple[UnusedAnswer, ...]:
    """One entry per answer left over for a step the walk had no visit for: it does not apply
    to the student, or it was settled (a second answer, a resumed case). Answers left for a
    step still open, where the walk ended first, are not listed."""
    found: list[UnusedAnswer] = []
    for step_id, queue in left.items():
        why = _SETTLED_WHY.get(case.status(step_id))
        if why is not None:
            found.extend(UnusedAnswer(step_id, why) for _ in queue)
    return tuple(found)


def read_answers(path: str | Path, workflow: Workflow) -> dict[str, list[Decision]]:
    """Read an answers file; raise WorkflowError with every located problem."""
    return parse_answers(read_text(path), workflow, str(path))


def parse_answers(
    text: str, workflow: Workflow, source: str = "<answers>"
) -> dict[str, list[Decision]]:
    """Answers by step id, in the order they are given."""
    document = parse(
        text,
        source,
        Message("an answers file maps step ids to answers, e.g. 'finance_cleared: clear'"),
    )
    reader = Reader(source)
    reader.issues.extend(document.issues)
    steps = {step.id: step for step in workflow.steps}
    answers: dict[str, list[Decision]] = {}
    for key, value in reader.entries(document.root, ""):
        if key.value not in steps:
            reader.report(
                "CF203",
                key,
                key.value,
                Message("unknown step '{step}'", step=key.value),
                suggest(key.value, steps) or known(Message("steps"), steps),
            )
            continue
        items = value.items if isinstance(value, ListNode) else (value,)
        step = steps[key.value]
        decisions = [
            _decision(reader, step, item, join(key.value, index))
            for index, item in enumerate(items)
        ]
        answers[key.value] = [decision for decision in decisions if decision is not None]
    if reader.issues:
        raise WorkflowError(reader.issues)
    return answers


def _decision(reader: Reader, step: Step, node: Node, path: str) -> Decision | None:
    verbs = [verb.value for verb in Verb]
    if isinstance(node, Scalar):
        if node.value in (Verb.CLEAR, Verb.SKIP, Verb.STOP):
            return Decision(verb=Verb(node.value))
        reader.report(
            "CF104",
            node,
            path,
            Message("unknown answer '{answer}'", answer=node.value),
            suggest(node.value, verbs) or Message(_ANSWER_FORMS),
        )
        return None
    if not isinstance(node, MapNode):
        reader.report(
            "CF103",
            node,
            path,
            Message("expected an answer, found {kind}", kind=kind_of(node)),
            Message(_ANSWER_FORMS),
        )
        return None
    fields = reader.mapping(node, path, optional=(*verbs, "at", "staff", *OWED_KEYS))
    if fields is None:
        return None
    given = [verb for verb in verbs if verb in fields]
    if len(given) != 1:
        reader.report(
            "CF102",
            node,
            path,
            Message("an answer needs exactly one of {verbs}", verbs=", ".join(verbs)),
            Message("e.g. {{refuse: 2 books not returned}}"),
        )
        return None
    verb = Verb(given[0])
    value = fields[verb]
    text = None
    if verb in (Verb.REFUSE, Verb.WAIVE):
        text = reader.text(value, join(path, verb))
    elif isinstance(value, Scalar) and not value.is_null:
        text = _outcome(reader, step, value, join(path, verb))
    at = reader.moment(fields["at"], join(path, "at")) if "at" in fields else None
    staff = reader.text(fields["staff"], join(path, "staff")) if "staff" in fields else None
    owed = _owed(reader, verb, fields, path)
    return Decision(verb=verb, text=text, at=at, staff=staff, owed=owed)


def _owed(reader: Reader, verb: Verb, fields: dict[str, Node], path: str) -> Owed | None:
    """What a refusal's ``amount`` and ``items`` say is owed (None when neither is given)."""
    given = [key for key in OWED_KEYS if key in fields]
    if not given:
        return None
    if verb is not Verb.REFUSE:
        reader.report(
            "CF102",
            fields[given[0]],
            join(path, given[0]),
            Message("'{key}' goes with a refusal, not with '{verb}'", key=given[0], verb=verb),
            Message("e.g. {{refuse: book fee unpaid, amount: 35.00}}"),
        )
        return None
    amount = None
    if "amount" in fields:
        written = reader.text(fields["amount"], join(path, "amount"))
        if written is None:
            return None
        try:
            amount = read_amount(written)
        except AmountError as error:
            reader.report(
                "CF104", fields["amount"], join(path, "amount"), error.message, error.hint
            )
            return None
    items = reader.text(fields["items"], join(path, "items")) if "items" in fields else None
    if amount is None and items is None:
        return None
    return Owed(amount=amount, items=items)


def _outcome(reader: Reader, step: Step, node: Scalar, path: str) -> str | None:
    """One of the step's outcomes (``cleared`` for a step that declares none)."""
    outcome = reader.ident(node, path, Message("outcome"))
    allowed = step.outcome_ids
    if outcome is None or outcome in allowed:
        return outcome
    reader.report(
        "CF205",
        node,
        path,
        Message("step '{step}' has no outcome '{outcome}'", step=step.id, outcome=outcome),
        suggest(outcome, allowed) or known(Message("outcomes"), allowed),
    )
    return None


def earliest(
    answers: dict[str, list[Decision]], at: dt.datetime | None, engine: Engine
) -> dt.datetime | None:
    """The earliest time among scripted answers and ``at``, so a case starts before its events."""
    moments = [decision.at for queue in answers.values() for decision in queue if decision.at]
    if at is not None:
        moments.append(at)
    return min((engine.moment(moment) for moment in moments), default=None)
