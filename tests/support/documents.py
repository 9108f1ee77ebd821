"""What a paper made from a workflow must show, derived from the workflow itself."""

from __future__ import annotations

from collections.abc import Iterator

from clearflow.documents import day_text, headcount_text, span_text
from clearflow.spec import Workflow


def expected_texts(workflow: Workflow, lang: str, what: str = "notice") -> Iterator[str]:
    """What the YAML says a paper must show: every session's date, time and headcount, every
    deadline's date (the attachment, for students: those a step is due by), every office of a
    step or document, the place."""
    schedule = workflow.schedule
    assert schedule is not None
    for session in schedule.sessions:
        yield day_text(session.date, lang)  # type: ignore[arg-type]
        yield span_text(session.start, session.end, lang)  # type: ignore[arg-type]
        if session.expected is not None:
            yield headcount_text(session.expected, lang)  # type: ignore[arg-type]
    dues = {step.due for step in workflow.steps}
    for deadline in workflow.deadlines:
        if what == "attachment" and deadline.id not in dues:
            continue
        for rule in deadline.dates:
            yield day_text(rule.date, lang)  # type: ignore[arg-type]
    for step in workflow.steps:
        yield workflow.office(step.office).label.text(lang)
    for document in workflow.documents:
        if document.office:
            yield workflow.office(document.office).label.text(lang)
    if schedule.place:
        yield schedule.place.text(lang)
