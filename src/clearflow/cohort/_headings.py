"""The header row and sheet name of an export for people (``.xlsx``), in the reader's words.

A CSV's header keeps the column ids (``student_id``, ``office_label``): tools and
earlier exports read them. A workbook is read by staff, so each column is headed in
the reader's language with the words the console's reports use (学号, 姓名, 部门, ...):
an id column beside its label reads ``Office (id)`` / ``部门（代码）``, the label
column ``Office`` / ``部门``; a fact column reads as the workflow labels the fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from clearflow._i18n import N_, Contextual, Lang, Message, translate
from clearflow.engine import PREPARING, READY, RELEASED
from clearflow.words import Words

BLOCKED_SHEET = Contextual("export sheet", "Blocked")
PROGRESS_SHEET = Contextual("export sheet", "Progress")
LEAVING_SHEET = Contextual("export sheet", "Leaving record")
GRID_SHEET = Contextual("export sheet", "Steps")
_WORDS = {
    "student_id": Contextual("student number", "Student"),
    "name": Message("Name"),
    "counsellor": Message("Counsellor"),
    "office_label": Message("Office"),
    "step_label": Message("Step"),
    "status": Message("Status"),
    "reason": Message("Reason"),
    "staff": Message("Staff"),
    "at": Contextual("moment of an event", "Time"),
    "waiting_for": Message("Waiting for"),
    "overdue_since": Message("Overdue since"),
    "amount": Message("Amount owed (yuan)"),
    "items": Message("Items owed"),
    "session": Message("Session"),
    "date": Message("Date"),
    "start": Contextual("session hours", "Start"),
    "end": Contextual("session hours", "End"),
    "who": Message("Students"),
    "expected": Message("Expected"),
    "assigned": Message("Assigned"),
    "difference": Message("Difference"),
    "documents_label": Message("Documents"),
    "released_at": Message("Released at"),
    "released_by": Message("Released by"),
    "staff_name": Message("Staff name"),
    "phase": Message("Phase"),
}
"""The heading of each column the exports share, by the CSV's column id."""
_IDS = {"office": "office_label", "step": "step_label", "documents": "documents_label"}
"""Id columns and the label column whose word they are headed with."""
PHASES = {
    PREPARING: N_("Preparing (prerequisites)"),
    READY: N_("Ready for the documents"),
    RELEASED: N_("Documents released"),
}
"""The phases that are no station, as the console's status report names them."""


def _id_heading(word: Message | str, lang: Lang) -> str:
    return Message("{column} (id)", column=word).text(lang)


def blocked_headings(columns: Sequence[str], fact: str | None, words: Words) -> list[str]:
    """The headings of :func:`~clearflow.cohort.export.blocked_table`'s ``columns``.

    ``fact`` is the fact the rows carry: its two columns are headed with its label.
    """
    lang = words.lang
    fact_label = words.fact(fact) if fact else ""
    fact_columns = {} if not fact else {columns[3]: 0, columns[4]: 1}
    headings = []
    for column in columns:
        if column in fact_columns:
            label = fact_label
            headings.append(label if fact_columns[column] else _id_heading(label, lang))
        elif column in _IDS:
            headings.append(_id_heading(_WORDS[_IDS[column]], lang))
        else:
            headings.append(_WORDS[column].text(lang))
    return headings


def progress_headings(columns: Sequence[str], phases: Sequence[str], words: Words) -> list[str]:
    """The headings of :func:`~clearflow.cohort.export.progress_table`'s ``columns``: its
    fixed columns, then a phase each (a station by its step's label)."""
    lang = words.lang
    fixed = [_WORDS[column].text(lang) for column in columns[: len(columns) - len(phases)]]
    return fixed + [phase_label(phase, words) for phase in phases]


def leaving_headings(columns: Sequence[str], facts: Sequence[str], words: Words) -> list[str]:
    """The headings of the leaving record's ``columns``: each of ``facts`` (its two columns
    after the counsellor) headed with its label, the rest with the shared words."""
    lang = words.lang
    headings = []
    fact_columns = {
        columns[3 + 2 * number + end]: (fact, end)
        for number, fact in enumerate(facts)
        for end in (0, 1)
    }
    for column in columns:
        if column in fact_columns:
            fact, end = fact_columns[column]
            label = words.fact(fact)
            headings.append(label if end else _id_heading(label, lang))
        elif column in _IDS:
            headings.append(_id_heading(_WORDS[_IDS[column]], lang))
        else:
            headings.append(_WORDS[column].text(lang))
    return headings


def grid_headings(columns: Sequence[str], fixed: int, words: Words) -> list[str]:
    """The headings of the grid's ``columns``: its ``fixed`` first ones with the shared
    words, then a step each, by its label."""
    lang = words.lang
    named = [words.step(step) for step in columns[fixed:]]
    return [_WORDS[column].text(lang) for column in columns[:fixed]] + named


def phase_label(phase: str, words: Words) -> str:
    """A phase as the status report names it: a station by its step's label."""
    if phase in PHASES:
        return translate(PHASES[phase], words.lang)
    return words.step(phase)


__all__ = [
    "BLOCKED_SHEET",
    "GRID_SHEET",
    "LEAVING_SHEET",
    "PROGRESS_SHEET",
    "blocked_headings",
    "grid_headings",
    "leaving_headings",
    "phase_label",
    "progress_headings",
]
