"""Words people read: the shared UI terms, plain-language conditions and selectors.

Every word clearflow says here is a catalogue message (``N_``), rendered in the reader's
language with :func:`clearflow._i18n.translate`; the Chinese is in the zh_CN catalogue.
What the workflow says in its own words (its ``zh``/``en`` labels) is the workflow's data:
:class:`Words` picks the label of the reader's language, and :class:`LabelText` carries a
label inside a :class:`~clearflow._i18n.Message` so that an issue built before anyone
chose a language still shows the label in the language it is read in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from clearflow._i18n import N_, Lang, Message, as_lang, translate
from clearflow.spec import WEEKDAY_WORDS, Label, Selector, Workflow
from clearflow.spec.conditions import EVERYONE, NO_ONE, Condition, FactValue, describe

LANGUAGES: Final[tuple[Lang, ...]] = ("en", "zh")

WORDS: Final[dict[str, str]] = {
    "always": EVERYONE,
    "never": NO_ONE,
    "prerequisites": N_("Prerequisites"),
    "stations": N_("Stations in order"),
    "documents": N_("Documents handed over"),
    "schedule": N_("Schedule"),
    "deadlines": N_("Deadlines"),
    "cohort": N_("Cohort"),
    "offices": N_("Offices"),
    "step": N_("Step"),
    "office": N_("Office"),
    "applies": N_("Applies to"),
    "due": N_("Due"),
    "checks": N_("What is checked"),
    "outcomes": N_("Outcomes"),
    "document": N_("Document"),
    "condition": N_("When"),
    "group": N_("One of"),
    "date": N_("Date"),
    "time": N_("Time"),
    "who": N_("Students"),
    "expected": N_("Expected"),
    "place": N_("Place"),
    "total": N_("Total"),
    "count": N_("Headcount"),
    "issued": N_("Issued"),
    "timezone": N_("Time zone"),
    "hours": N_("Hours"),
    "window": N_("Service days"),
    "required": N_("Required"),
    "optional": N_("optional"),
    "after": N_("After"),
    "all_others": N_("all others"),
    "late_block": N_("late clearance refused"),
    "late_flag": N_("late clearance flagged"),
    "no": N_("#"),
    "total_scheduled": N_("Scheduled in all"),
    "cleared": N_("done"),
    "colon": N_(": "),
}
"""The shared UI terms by key (``words["stations"]``), as catalogue ids in English."""

STEP_OUTCOME: Final = N_("{step}: {outcome}")
"""A step's outcome as people read it: ``Party transfer: Transferred``."""


class Words:
    """Labels and plain-language text for one workflow in one language.

    ``lang`` is a :data:`~clearflow._i18n.Lang`; any other text reads as English (the
    callers that still pass a ``str`` keep working).
    """

    def __init__(self, workflow: Workflow, lang: Lang | str = "en") -> None:
        self.workflow = workflow
        self.lang: Lang = as_lang(lang)
        self._facts = {fact.id: fact for fact in workflow.facts}
        self._steps = {step.id: step for step in workflow.steps}

    def __getitem__(self, key: str) -> str:
        return translate(WORDS[key], self.lang)

    def label(self, label: Label | None, fallback: str = "") -> str:
        """A label in this language, or ``fallback``."""
        return (label.text(self.lang) if label else "") or fallback

    def step(self, step_id: str) -> str:
        """A step's label; its id when the workflow lacks it (a step of earlier rules that a
        case still runs on)."""
        step = self._steps.get(step_id)
        return self.label(step.label, step_id) if step else step_id

    def office(self, office_id: str) -> str:
        """An office's label; its id when the label lacks this language."""
        return self.label(self.workflow.office(office_id).label, office_id)

    def fact(self, fact_id: str) -> str:
        """A fact's label."""
        fact = self._facts.get(fact_id)
        return self.label(fact.label, fact_id) if fact else fact_id

    def value(self, fact_id: str, value: FactValue) -> str:
        """A fact value's label."""
        fact = self._facts.get(fact_id)
        return fact.value_label(value, self.lang) if fact else str(value)

    def outcome(self, step_id: str, outcome_id: str) -> str:
        """A step outcome's label, prefixed by the step's ('done' for a step without outcomes)."""
        step = self._steps.get(step_id)
        if step is None:
            return outcome_id
        shown = self["cleared"]
        for outcome in step.outcomes:
            if outcome.id == outcome_id:
                shown = self.label(outcome.label, outcome_id)
        step_label = self.label(step.label, step_id)
        return translate(STEP_OUTCOME, self.lang, step=step_label, outcome=shown)

    def condition(self, condition: Condition) -> str:
        """A condition in plain words."""
        return describe(condition, self.fact, self.value, self.outcome, self.lang)

    def selector(self, selector: Selector) -> str:
        """A ``who:`` selector as its values' labels, e.g. 'Higher vocational · Tourism'."""
        parts = [
            "/".join(self.value(fact, value) for value in values) for fact, values in selector.pairs
        ]
        return " · ".join(parts) or self["always"]

    def weekday(self, index: int) -> str:
        """A weekday's short name (0 is Monday): ``Thu``, ``星期四``."""
        return translate(WEEKDAY_WORDS[index], self.lang)


@attrs.frozen(init=False)
class LabelText(Message):
    """A workflow's label as a message: shown in the language it is read in, never looked
    up in the catalogue (it is the workflow's words, not clearflow's).

    ``LabelText(fact.label, fact.id)`` reads ``Higher vocational`` in English and ``高职``
    in Chinese, each falling back to the other language, then to ``fallback``.
    """

    label: Label | None = None
    fallback: str = ""

    def __init__(self, label: Label | None, fallback: str = "") -> None:
        shown = (label.text("en") if label else "") or fallback
        self.__attrs_init__("{text}", (("text", shown),), None, None, label, fallback)

    def text(self, lang: Lang) -> str:
        """The label in ``lang``, or the fallback."""
        return (self.label.text(lang) if self.label else "") or self.fallback


def join_messages(template: str, items: Sequence[Message]) -> Message:
    """Messages joined two at a time by a ``{left} … {right}`` id: with
    :data:`~clearflow.spec.conditions.OR`, ``a or b or c`` (``a 或 b 或 c``)."""
    shown = items[0]
    for item in items[1:]:
        shown = Message(template, left=shown, right=item)
    return shown
