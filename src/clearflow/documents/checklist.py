"""Each student's 离校清单: one A4 page per student, a session's pages in one PDF.

A page says who the student is (name, id, department, class when the workflow has such a
fact), when and where their hall session is (``7月10日（星期四） 9:00—12:00``, from the
schedule's ``who:``: :func:`clearflow.spec.sessions_for`), one row per step that applies to
them (:func:`clearflow.engine.procedure.narrow` on their facts, defaults filled in by the
engine: office, what is checked, an empty box to sign and stamp), the documents they may
get, and a QR code a station scans to open their case (:mod:`clearflow.documents._qr`).
A step or document that still depends on what happens (an outcome) is printed with its
condition. The words of the page come from the catalogue, the workflow's own labels from
its zh/en fields; :func:`checklist_pages` is the data the template is filled with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clearflow._i18n import N_, Lang, Message, translate
from clearflow.documents._dates import session_when
from clearflow.documents._qr import qr_png, qr_text
from clearflow.documents._typeset import CjkFont, require_extra, typeset
from clearflow.engine import Engine, facts_text
from clearflow.engine.procedure import narrow
from clearflow.format.student import StudentRecord
from clearflow.spec import Session, Step, StepKind, Workflow, place_of, sessions_for
from clearflow.spec.conditions import ALWAYS, Condition, FactValue
from clearflow.words import Words

TEMPLATE = "checklist.typ"
DEPARTMENT_FACT = "department"
CLASS_FACTS = ("class", "class_name")
"""The facts whose value a page shows as the student's department and class, when declared."""
HEADINGS: dict[str, str] = {
    "title": N_("Leaving checklist"),
    "name": N_("Name"),
    "id": N_("Student id"),
    "department": N_("Department"),
    "class": N_("Class"),
    "session": N_("Session"),
    "place": N_("Place"),
    "number": N_("#"),
    "office": N_("Office"),
    "checks": N_("What is checked"),
    "sign": N_("Signature and stamp"),
    "documents": N_("Documents you receive"),
    "scan": N_("Stations scan this code to open your case"),
    "none": N_("none"),
    "prerequisites": N_("Before the hall"),
    "stations": N_("In the hall, in this order"),
}
"""The page's own words by key, as catalogue ids in English."""


def checklist_pdf(
    workflow: Workflow,
    students: Iterable[StudentRecord],
    *,
    lang: Lang = "zh",
    font: CjkFont | None = None,
) -> bytes:
    """One PDF of every student's checklist, a page each, in session order
    (:func:`in_session_order`); FactError for facts the workflow does not declare."""
    require_extra()
    pages = checklist_pages(workflow, in_session_order(workflow, students), lang=lang)
    words = {key: translate(msgid, lang) for key, msgid in HEADINGS.items()}
    return typeset(TEMPLATE, {"lang": lang, "words": words, "pages": pages}, font)


def session_of(workflow: Workflow, student: StudentRecord) -> int | None:
    """The number (1 for the schedule's first) of the student's first session, or None."""
    sessions = sessions_for(workflow, student.facts)
    if not sessions or workflow.schedule is None:
        return None
    return workflow.schedule.sessions.index(sessions[0]) + 1


def in_session_order(workflow: Workflow, students: Iterable[StudentRecord]) -> list[StudentRecord]:
    """The students by their first session in schedule order (those with none last), then
    by id."""
    last = len(workflow.schedule.sessions) + 1 if workflow.schedule else 1
    keyed = [(session_of(workflow, student) or last, student.id, student) for student in students]
    return [student for *_, student in sorted(keyed, key=lambda item: item[:2])]


def by_session(
    workflow: Workflow, students: Iterable[StudentRecord]
) -> dict[int | None, list[StudentRecord]]:
    """The students of each session number (None: no session), sessions in schedule order."""
    grouped: dict[int | None, list[StudentRecord]] = {}
    for student in in_session_order(workflow, students):
        grouped.setdefault(session_of(workflow, student), []).append(student)
    return grouped


def checklist_pages(
    workflow: Workflow, students: Iterable[StudentRecord], *, lang: Lang = "zh"
) -> list[dict[str, Any]]:
    """What each student's page says, as the template reads it (JSON-able), in the order
    given."""
    engine = Engine(workflow)
    words = Words(workflow, lang)
    steps_of: dict[str, list[dict[str, str]]] = {}
    documents_of: dict[str, list[str]] = {}
    pages = []
    for student in students:
        facts = engine.check_facts(student.facts)
        key = facts_text(facts)
        if key not in steps_of:
            narrowed = narrow(workflow, facts)
            steps_of[key] = [_row(step, words) for step in narrowed.steps]
            documents_of[key] = [
                _conditional(words.label(d.label, d.id), d.when, words) for d in narrowed.documents
            ]
        sessions = sessions_for(workflow, facts)
        pages.append(
            {
                "heading": _heading(workflow, lang),
                "name": student.name or "",
                "id": student.id,
                "department": _value(workflow, words, facts, (DEPARTMENT_FACT,)),
                "class": _value(workflow, words, facts, CLASS_FACTS),
                "when": _when(sessions, lang),
                "place": _place(workflow, sessions, lang),
                "rows": steps_of[key],
                "documents": documents_of[key],
                "qr": list(qr_png(qr_text(workflow, student.id))),  # typst: bytes(array)
                "code": qr_text(workflow, student.id),
            }
        )
    return pages


def _heading(workflow: Workflow, lang: Lang) -> str:
    """The college's name, else the workflow's title."""
    if workflow.institution is not None and workflow.institution.text(lang):
        return workflow.institution.text(lang)
    return workflow.title.text(lang) or workflow.id


def _row(step: Step, words: Words) -> dict[str, str]:
    checked = words.label(step.checks) or words.label(step.label, step.id)
    note = ""
    if step.when != ALWAYS:
        note = Message("only if {condition}", condition=words.condition(step.when)).text(words.lang)
    elif step.required != ALWAYS:
        note = Message(
            "optional unless {condition}", condition=words.condition(step.required)
        ).text(words.lang)
    return {
        "office": words.office(step.office),
        "checks": checked,
        "note": note,
        "kind": "prerequisite" if step.kind is StepKind.PREREQUISITE else "station",
    }


def _conditional(label: str, condition: Condition, words: Words) -> str:
    if condition == ALWAYS:
        return label
    return Message(
        "{document} (if {condition})", document=label, condition=words.condition(condition)
    ).text(words.lang)


def _value(
    workflow: Workflow, words: Words, facts: dict[str, FactValue], names: tuple[str, ...]
) -> str:
    declared = {fact.id for fact in workflow.facts}
    for name in names:
        if name in declared and name in facts:
            return words.value(name, facts[name])
    return ""


def _when(sessions: tuple[Session, ...], lang: Lang) -> str:
    return translate(N_("; "), lang).join(session_when(session, lang) for session in sessions)


def _place(workflow: Workflow, sessions: tuple[Session, ...], lang: Lang) -> str:
    places = [place_of(workflow, session) for session in sessions]
    if not places and workflow.schedule is not None:
        places = [workflow.schedule.place]
    shown = dict.fromkeys(place.text(lang) for place in places if place is not None)
    return translate(N_("; "), lang).join(shown)


__all__ = [
    "HEADINGS",
    "by_session",
    "checklist_pages",
    "checklist_pdf",
    "in_session_order",
    "session_of",
]
