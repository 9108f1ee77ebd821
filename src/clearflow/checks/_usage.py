"""CF301–CF303: what a workflow declares but never uses, or groups that cannot choose."""

from __future__ import annotations

from collections.abc import Iterator

from clearflow._i18n import Message
from clearflow.errors import Issue, Severity, located
from clearflow.spec import Where, Workflow
from clearflow.spec.conditions import facts_read


def unused_offices(workflow: Workflow) -> Iterator[Issue]:
    """CF301: an office no step or document names."""
    used = {step.office for step in workflow.steps}
    used |= {document.office for document in workflow.documents if document.office}
    for office in workflow.offices:
        if office.id not in used:
            yield located(
                "CF301",
                office.at,
                Message("office '{office}' is not used by any step", office=office.id),
                Message("remove it, or give it a step"),
                Severity.WARNING,
            )


def unused_facts(workflow: Workflow) -> Iterator[Issue]:
    """CF302: a fact no condition, selector or count reads."""
    read: set[str] = set()
    for step in workflow.steps:
        read |= facts_read(step.when) | facts_read(step.required)
    read |= {step.person for step in workflow.steps if step.person}
    read |= {office.scope for office in workflow.offices if office.scope}
    for document in workflow.documents:
        read |= facts_read(document.when)
    selectors = [count.who for count in workflow.cohort.counts]
    for deadline in workflow.deadlines:
        selectors += [rule.who for rule in deadline.dates if rule.who]
    for office in workflow.offices:
        selectors += [place.who for place in office.places if place.who]
    if workflow.schedule:
        selectors += [session.who for session in workflow.schedule.sessions]
        selectors += [place.who for place in workflow.schedule.elsewhere if place.who]
    for selector in selectors:
        read |= {fact for fact, _ in selector.pairs}
    for fact in workflow.facts:
        if fact.id not in read:
            yield located(
                "CF302",
                fact.at,
                Message("fact '{fact}' is not used by any rule", fact=fact.id),
                Message("remove it, or use it in a 'when:' or 'who:'"),
                Severity.WARNING,
            )


def single_document_groups(workflow: Workflow) -> Iterator[Issue]:
    """CF303: a document group with one document has no alternative."""
    members: dict[str, list[Where]] = {}
    for document in workflow.documents:
        if document.group:
            members.setdefault(document.group, []).append(document.at)
    for group, places in members.items():
        if len(places) == 1:
            yield located(
                "CF303",
                places[0],
                Message("group '{group}' has only one document", group=group),
                Message("a group lists alternatives; add the other documents or drop 'group:'"),
                Severity.WARNING,
            )
