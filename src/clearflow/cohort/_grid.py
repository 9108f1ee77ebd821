"""The per-student grid: one row per student, one column per step in procedure order.

As the 离校系统 screens show a class: each step's cell says where the step stands,
``✓`` cleared (with the outcome's label when the step has outcomes), ``免``/``waived``
waived, ``✗`` refused with the reason, ``—`` not applicable, and an empty cell for a
step still pending (so a spreadsheet's filter on blanks lists what is left to do).
:func:`grid_cell` is the one place a step's record becomes its text. CSV and xlsx are
headed by the step labels in the reader's language; JSON gives ids and statuses. The
cases are read from the store one by one (:func:`stream_cases`) and written as they come.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from clearflow._i18n import Contextual, Lang, Message
from clearflow.cohort._amounts import owed_json
from clearflow.cohort._headings import GRID_SHEET, grid_headings, phase_label
from clearflow.cohort._writers import Cell, Counted, label_json, write_csv, write_json, write_xlsx
from clearflow.engine import Case, Engine, StepRecord, StepStatus, reason_said
from clearflow.spec import DEFAULT_OUTCOME, Step, Workflow
from clearflow.store import open_reader
from clearflow.words import Words

GRID_COLUMNS = ("student_id", "name", "counsellor", "phase")
"""The grid's first columns; a column per step (its id in CSV) follows."""
CLEARED_MARK = "✓"
REFUSED_MARK = "✗"
NOT_APPLICABLE_MARK = "—"
_WAIVED = Contextual("grid cell", "waived")


def stream_cases(target: str | Path, engine: Engine) -> Iterator[tuple[Case, str | None]]:
    """Every stored case with its counsellor, one by one, the store open while they come."""
    with open_reader(target, engine) as store:
        yield from store.cases()


def grid_cell(step: Step, status: StepStatus, record: StepRecord | None, words: Words) -> str:
    """How one step of one student reads in the grid (see the module's docstring)."""
    if status is StepStatus.NOT_APPLICABLE:
        return NOT_APPLICABLE_MARK
    if status is StepStatus.PENDING or record is None:
        return ""
    if status is StepStatus.WAIVED:
        return _WAIVED.text(words.lang)
    if status is StepStatus.REFUSED:  # what is owed said once, in the reader's language
        said = reason_said(record.reason, record.owed)
        reason = said if isinstance(said, str) else said.text(words.lang)
        return _marked(REFUSED_MARK, reason, words)
    outcome = record.outcome
    label = None
    if outcome is not None and outcome != DEFAULT_OUTCOME:
        label = next(
            (
                words.label(choice.label, outcome)
                for choice in step.outcomes
                if choice.id == outcome
            ),
            outcome,
        )
    return _marked(CLEARED_MARK, label, words)


def _marked(mark: str, text: str | None, words: Words) -> str:
    if not text:
        return mark
    return Message("{mark} {text}", mark=mark, text=text).text(words.lang)


def grid_header(workflow: Workflow) -> list[str]:
    """The grid's column ids: the student's, then each step's id in procedure order."""
    return [*GRID_COLUMNS, *(step.id for step in workflow.steps)]


def grid_cells(
    workflow: Workflow, pairs: Iterable[tuple[Case, str | None]], lang: Lang = "en"
) -> Iterator[list[Cell]]:
    """Each student's row under :func:`grid_header`, texts in ``lang``."""
    words = Words(workflow, lang)
    steps = workflow.steps
    for case, counsellor in pairs:
        phase = phase_label(case.phase, words)
        cells: list[Cell] = [case.student_id, case.name, counsellor, phase]
        own = case.engine.steps
        for step in steps:  # a step the case's own rules lack does not apply to it
            status = case.status(step.id) if step.id in own else StepStatus.NOT_APPLICABLE
            cells.append(grid_cell(step, status, case.records.get(step.id), words) or None)
        yield cells


def grid_item(case: Case, counsellor: str | None) -> dict[str, Any]:
    """One student for tools: ids and each step's status, outcome and reason."""
    steps: dict[str, Any] = {}
    for step in case.engine.workflow.steps:
        record = case.records.get(step.id)
        steps[step.id] = {
            "status": str(case.status(step.id)),
            "outcome": record.outcome if record else None,
            "reason": record.reason if record else None,
            **owed_json(record.owed if record else None),
        }
    return {
        "student_id": case.student_id,
        "name": case.name,
        "counsellor": counsellor,
        "phase": case.phase,
        "steps": steps,
    }


def write_grid(
    file: BinaryIO,
    output_format: str,
    workflow: Workflow,
    pairs: Iterable[tuple[Case, str | None]],
    *,
    lang: Lang = "en",
    encoding: str = "utf-8-sig",
) -> int:
    """Write the grid as ``csv``, ``xlsx`` or ``json``, a student at a time; how many."""
    counted = Counted(pairs)
    if output_format == "json":
        head = {
            "workflow": workflow.id,
            "report": "grid",
            "steps": [{"id": step.id, "label": label_json(step.label)} for step in workflow.steps],
        }
        write_json(file, head, "rows", (grid_item(case, who) for case, who in counted))
        return counted.count
    header = grid_header(workflow)
    cells = grid_cells(workflow, counted, lang)
    if output_format == "xlsx":
        headings = grid_headings(header, len(GRID_COLUMNS), Words(workflow, lang))
        write_xlsx(file, headings, cells, GRID_SHEET.text(lang))
    else:
        write_csv(file, header, cells, encoding)
    return counted.count


__all__ = [
    "CLEARED_MARK",
    "GRID_COLUMNS",
    "NOT_APPLICABLE_MARK",
    "REFUSED_MARK",
    "grid_cell",
    "grid_cells",
    "grid_header",
    "grid_item",
    "stream_cases",
    "write_grid",
]
