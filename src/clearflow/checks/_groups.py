"""Groups of students in words: who a session or a cohort count selects, by its facts' labels.

The labels stay the workflow's (:class:`~clearflow.words.LabelText`), so that an issue
reads ``高职`` in Chinese and ``Higher vocational`` in English; the words between them are
catalogue messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from clearflow._i18n import N_, Message, verbatim
from clearflow.spec import Fact, Session, Workflow
from clearflow.spec.conditions import EVERYONE, OR
from clearflow.words import LabelText, join_messages


def group_words(
    workflow: Workflow, pairs: Sequence[tuple[str, Sequence[object]]]
) -> Message | None:
    """Students selected by fact values, in the facts' labels: ``Higher vocational, Tourism``
    (``高职、旅游``); None when no fact is selected."""
    words: list[Message] = []
    for fact_id, values in pairs:
        fact = workflow.fact(fact_id)
        name = LabelText(fact.label, fact.id)
        if all(isinstance(value, bool) for value in values) and len(values) == 1:
            words.append(name if values[0] else Message("not {fact}", fact=name))
        elif fact.values:
            words.append(join_messages(OR, [_value(fact, value) for value in values]))
        else:
            shown = join_messages(OR, [verbatim(str(value)) for value in values])
            words.append(Message("{fact} {values}", fact=name, values=shown))
    return join_messages(N_("{left}, {right}"), words) if words else None


def _value(fact: Fact, value: object) -> Message:
    """A value of a choice fact as its label (its id when it has none)."""
    for choice in fact.values:
        if choice.id == value:
            return LabelText(choice.label, choice.id)
    return verbatim(fact.value_label(value))


def session_name(workflow: Workflow, session: Session) -> Message:
    """``session on 2014-07-11 for Higher vocational, Tourism``."""
    who = group_words(workflow, session.who.pairs) or Message(EVERYONE)
    return Message("session on {date} for {who}", date=str(session.date), who=who)
