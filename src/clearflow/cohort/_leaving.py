"""The leaving record (离校记录): one row per student whose documents were released.

What a college files when a class has left: the student, the counsellor, the grouping
facts (the workflow's choice facts: department, programme, campus, ...), the documents
handed over, and when and by whom they were released (the staff id, and the staff
member's name when the release recorded it or the store has a staff roster). Rows are
sorted per department (the default grouping fact, when declared) and then by student.
The cases are read from the store one by one; a released case's release comes from its
own events. As CSV and xlsx (labels in the reader's language) or JSON (ids and both
languages), written by :mod:`clearflow.cohort._writers` as the rows come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from clearflow._i18n import N_, Lang, translate
from clearflow.cohort._headings import LEAVING_SHEET, leaving_headings
from clearflow.cohort._writers import Cell, Counted, label_json, write_csv, write_json, write_xlsx
from clearflow.cohort.report import group_fact
from clearflow.engine import Action, Case, Engine, Event
from clearflow.spec import FactType, Workflow
from clearflow.spec.conditions import FactValue
from clearflow.store import open_reader
from clearflow.words import Words

LEAVING_COLUMNS = (
    "student_id",
    "name",
    "counsellor",
    "documents",
    "documents_label",
    "released_at",
    "released_by",
    "staff_name",
)
"""The leaving record's CSV columns; each grouping fact's two go after the counsellor."""
_SEPARATOR = N_("; ")


@attrs.frozen(kw_only=True)
class LeavingRow:
    """One released student: who, the grouping facts, what was handed over, when, by whom."""

    student_id: str
    name: str | None
    counsellor: str | None
    facts: tuple[tuple[str, FactValue | None], ...]
    documents: tuple[str, ...]
    released_at: dt.datetime | None
    released_by: str | None
    staff_name: str | None


def grouping_facts(workflow: Workflow) -> tuple[str, ...]:
    """The facts a leaving record groups by: the choice facts, in the workflow's order."""
    return tuple(fact.id for fact in workflow.facts if fact.type is FactType.CHOICE)


def leaving_row(
    case: Case, counsellor: str | None, release: Event | None, staff_name: str | None = None
) -> LeavingRow:
    """A released case as a row; ``release`` is its release event (None if not found)."""
    facts = tuple((fact, case.facts.get(fact)) for fact in grouping_facts(case.engine.workflow))
    return LeavingRow(
        student_id=case.student_id,
        name=case.name,
        counsellor=counsellor,
        facts=facts,
        documents=case.documents or (),
        released_at=release.at if release else None,
        released_by=release.staff if release else None,
        staff_name=(release.staff_name if release else None) or staff_name,
    )


def read_leaving(target: str | Path, engine: Engine) -> list[LeavingRow]:
    """Every released student of the store at ``target``, sorted per department and student.

    The store is opened read-only; the cases are read one by one and only a released
    one's events are read (for its release).
    """
    with open_reader(target, engine) as store:
        roster = store.engine.roster
        pending = [
            leaving_row(case, counsellor, None)
            for case, counsellor in store.cases()
            if case.is_released
        ]
        rows = []
        for row in pending:
            events = store.history(row.student_id)
            release = next((e for e in reversed(events) if e.action is Action.RELEASE), None)
            if release is not None:
                member = roster.get(release.staff) if roster else None
                row = attrs.evolve(
                    row,
                    released_at=release.at,
                    released_by=release.staff,
                    staff_name=release.staff_name or (member.name if member else None),
                )
            rows.append(row)
    return sort_leaving(engine.workflow, rows)


def sort_leaving(workflow: Workflow, rows: Iterable[LeavingRow]) -> list[LeavingRow]:
    """Rows per department (the default grouping fact, when declared), then per student."""
    fact = group_fact(workflow, None)

    def key(row: LeavingRow) -> tuple[str, str]:
        value = dict(row.facts).get(fact) if fact else None
        return ("" if value is None else str(value), row.student_id)

    return sorted(rows, key=key)


def leaving_header(workflow: Workflow) -> list[str]:
    """The leaving record's column ids: each grouping fact's id and label after the counsellor."""
    header = list(LEAVING_COLUMNS)
    fixed = set(LEAVING_COLUMNS)
    for number, fact in enumerate(grouping_facts(workflow)):
        column = f"fact_{fact}" if fact in fixed or fact.endswith("_label") else fact
        header[3 + 2 * number : 3 + 2 * number] = [column, column + "_label"]
    return header


def leaving_cells(
    workflow: Workflow, rows: Iterable[LeavingRow], lang: Lang = "en"
) -> Iterator[list[Cell]]:
    """Each row's cells under :func:`leaving_header`, labels in ``lang``."""
    words = Words(workflow, lang)
    separator = translate(_SEPARATOR, lang)
    labels = {
        document.id: words.label(document.label, document.id) for document in workflow.documents
    }
    for row in rows:
        facts: list[Cell] = []
        for fact, value in row.facts:
            shown = None if value is None else str(value)
            facts += [shown, None if value is None else words.value(fact, value)]
        yield [
            row.student_id,
            row.name,
            row.counsellor,
            *facts,
            " ".join(row.documents) or None,
            separator.join(labels.get(document, document) for document in row.documents) or None,
            row.released_at,
            row.released_by,
            row.staff_name,
        ]


def leaving_item(workflow: Workflow, row: LeavingRow) -> dict[str, Any]:
    """One row for tools: ids, both label languages, an ISO time, null for missing."""
    documents = {document.id: document for document in workflow.documents}
    return {
        "student_id": row.student_id,
        "name": row.name,
        "counsellor": row.counsellor,
        "facts": dict(row.facts),
        "documents": [
            {"id": document, "label": label_json(documents[document].label)}
            if document in documents
            else {"id": document, "label": None}
            for document in row.documents
        ],
        "released_at": row.released_at.isoformat() if row.released_at else None,
        "released_by": row.released_by,
        "staff_name": row.staff_name,
    }


def write_leaving(
    file: BinaryIO,
    output_format: str,
    workflow: Workflow,
    rows: Iterable[LeavingRow],
    *,
    lang: Lang = "en",
    encoding: str = "utf-8-sig",
) -> int:
    """Write the leaving record as ``csv``, ``xlsx`` or ``json``, as the rows come; how many."""
    counted = Counted(rows)
    if output_format == "json":
        head = {"workflow": workflow.id, "report": "released"}
        write_json(file, head, "rows", (leaving_item(workflow, row) for row in counted))
        return counted.count
    header = leaving_header(workflow)
    cells = leaving_cells(workflow, counted, lang)
    if output_format == "xlsx":
        headings = leaving_headings(header, grouping_facts(workflow), Words(workflow, lang))
        write_xlsx(file, headings, cells, LEAVING_SHEET.text(lang))
    else:
        write_csv(file, header, cells, encoding)
    return counted.count


__all__ = [
    "LEAVING_COLUMNS",
    "LeavingRow",
    "grouping_facts",
    "leaving_cells",
    "leaving_header",
    "leaving_item",
    "leaving_row",
    "read_leaving",
    "sort_leaving",
    "write_leaving",
]
