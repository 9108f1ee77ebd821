"""Imports into a store: the class roster, and each office's list of who owes and who is clear.

Every import checks every row and reports every problem at once (a
:class:`~clearflow.errors.TableError`, codes CF711-CF718), in ONE transaction that first
records the file: the rows stream from the file and are written :data:`BATCH` at a time,
and the transaction commits only when the whole file was good, so an import is all or
nothing, holds a batch in memory (and the ids seen, to find a student listed twice), and
importing the same file again, even at the same moment from another process, changes
nothing. Events name the import as the actor: ``import/<file>`` for a roster,
``<office>/import:<file>`` for an office list (``<office>/office:<office>``, the office's
account, when the store has a staff roster).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clearflow._i18n import Message
from clearflow.cohort._batching import (
    BATCH,
    Progress,
    batches,
    counted,
    import_key,
    raise_issues,
    read_columns,
    same_file,
    tick,
)
from clearflow.cohort._cells import fact_headers
from clearflow.cohort._located import Issues
from clearflow.cohort._result import ImportResult
from clearflow.cohort._rows import (
    FactCache,
    ListRow,
    fact_values,
    in_store,
    list_row,
    resolve_step,
    student_rows,
    unknown_student,
    unlisted_issues,
)
from clearflow.cohort._table import Row, open_table
from clearflow.engine import SETTLED, Actor, Case, StepRecord, StepStatus
from clearflow.errors import ActionError
from clearflow.spec import StepKind, office_account
from clearflow.store import ImportBatch, Store

ROSTER_COLUMNS = frozenset({"student_id", "name", "counsellor"})
LIST_COLUMNS = frozenset({"student_id", "name", "owes", "amount", "items", "note"})
LIST_NAMES = {name: name for name in LIST_COLUMNS}
__all__ = ["BATCH", "ImportResult", "Progress", "import_office_list", "import_roster"]


def _same(record: StepRecord, entry: ListRow) -> bool:
    """Whether a refusal already says what the list's row says (reason and what is owed)."""
    return record.reason == entry.reason and record.owed == entry.owed


def import_roster(
    store: Store,
    path: Path | str,
    *,
    actor: Actor | None = None,
    at: dt.datetime | None = None,
    sheet: str | None = None,
    skip_existing: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Start a case for every student of a roster file, all in one transaction."""
    path = Path(path)
    key, digest = import_key(path, sheet, "roster")
    if key is not None and store.was_imported(key):
        return ImportResult(source=str(path), kind="roster", already_imported=True)
    workflow = store.engine.workflow
    facts = {fact.id: fact for fact in workflow.facts}
    headers = fact_headers(workflow, ROSTER_COLUMNS)
    required = {"student_id"} | {fact.id for fact in workflow.facts if fact.default is None}
    names = {name: name for name in ROSTER_COLUMNS} | dict(headers)
    by = actor or Actor(office="import", staff=path.name)
    counts = {"rows": 0, "added": 0, "skipped": 0}
    with open_table(path, sheet=sheet) as table:
        same_file(table, digest)
        columns, issues = read_columns(table, names, required, Message("a roster"))
        rows = counted(table, counts)

        def write(batch: ImportBatch) -> int:
            cache: FactCache = {}
            for chunk in batches(student_rows(rows, columns, issues)):
                students: list[tuple[Row, str, dict[str, object]]] = []
                for row, student_id in chunk:
                    values = fact_values(table, row, columns, facts, issues, cache)
                    students.append((row, student_id, values))
                stored = batch.stored([student_id for _, student_id, _ in students])
                cases: list[Case] = []
                counsellors: dict[str, str | None] = {}
                for row, student_id, values in students:
                    if student_id in stored:
                        if skip_existing:
                            counts["skipped"] += 1
                        else:
                            issues.append(in_store(table, row, columns, student_id))
                        continue
                    if issues or table.issues:
                        continue  # the import fails: check the rest, write nothing more
                    name = row.get(columns.file.get("name", "")) or None
                    cases.append(store.engine.start(student_id, values, name=name, by=by, at=at))
                    counsellors[student_id] = row.get(columns.file.get("counsellor", "")) or None
                counts["added"] += batch.add(cases, counsellors)
                tick(progress, table, counts["rows"])
            issues.extend(table.issues)
            raise_issues(table, issues)
            return counts["rows"]

        recorded = store.import_file(key or table.sha256, "roster", table.source, write)
    if not recorded:
        return ImportResult(source=str(path), kind="roster", already_imported=True)
    tick(progress, table, counts["rows"], done=True)
    return ImportResult(
        source=table.source,
        kind="roster",
        rows=counts["rows"],
        encoding=table.encoding,
        added=counts["added"],
        skipped=counts["skipped"],
    )


def import_office_list(
    store: Store,
    path: Path | str,
    *,
    office: str,
    step: str | None = None,
    clear_unlisted: bool = False,
    actor: Actor | None = None,
    at: dt.datetime | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Clear the office's step for students listed as clear, refuse it for those who owe.

    With ``clear_unlisted``, every student of the store the list leaves out is cleared too,
    except those whose step does not apply to them or still waits for another step: they
    are left as they are and counted (``not_applicable``, ``waiting``). Anything else that
    refuses to clear an unlisted student (a deadline passed) refuses the file (CF717).
    """
    path = Path(path)
    step_id = resolve_step(store.engine, office, step, str(path))
    key, digest = import_key(path, sheet, "office-list", office, step_id, str(clear_unlisted))
    if key is not None and store.was_imported(key):
        return ImportResult(source=str(path), kind="office list", already_imported=True)
    # With a staff roster, a list acts as its office's account (office:<id>), which it accepts.
    staff = office_account(office) if store.engine.roster else f"import:{path.name}"
    by = actor or Actor(office=office, staff=staff)
    counts = dict.fromkeys(
        ("rows", "cleared", "refused", "skipped", "unchanged", "not_applicable", "waiting"), 0
    )
    refusals = Issues()
    unlisted: dict[str, tuple[Message, list[str]]] = {}
    plan: dict[str, ListRow] = {}
    listed: set[str] = set()

    def act(case: Case) -> None:
        entry = plan.get(case.student_id)
        status = case.status(step_id)
        if entry is None and (left := _left_alone(case, step_id, status)):
            counts[left] += 1
            return
        try:
            if entry is None or not entry.owes:
                if status in SETTLED:
                    counts["skipped"] += 1
                    return
                case.clear(step_id, by, at=at, note=entry.note if entry else None)
                counts["cleared"] += 1
            elif status is StepStatus.REFUSED and _same(case.records[step_id], entry):
                counts["unchanged"] += 1
            else:
                case.refuse(step_id, by, entry.reason, at=at, owed=entry.owed)
                counts["refused"] += 1
        except ActionError as error:
            if entry is None:
                unlisted.setdefault(error.message, (error.said, []))[1].append(case.student_id)
            else:
                message = Message(
                    "student '{student}': {refusal}", student=case.student_id, refusal=error.said
                )
                refusals.append(table.issue("CF717", entry.row, columns.file["owes"], message))

    with open_table(path, sheet=sheet) as table:
        same_file(table, digest)
        kind = Message("an office list")
        columns, issues = read_columns(table, LIST_NAMES, {"student_id", "owes"}, kind)
        rows = counted(table, counts)

        def write(batch: ImportBatch) -> int:
            for chunk in batches(student_rows(rows, columns, issues)):
                stored = batch.stored([student_id for _, student_id in chunk])
                plan.clear()
                for row, student_id in chunk:
                    if clear_unlisted:
                        listed.add(student_id)
                    if student_id not in stored:
                        issues.append(unknown_student(table, row, columns, student_id))
                        continue
                    entry = list_row(table, row, columns, issues)
                    if entry is not None:
                        plan[student_id] = entry
                if not (issues or table.issues):
                    batch.act(list(plan), act)
                tick(progress, table, counts["rows"])
            issues.extend(table.issues)
            raise_issues(table, issues)
            plan.clear()
            after = ""
            while clear_unlisted and (page := batch.student_ids(after)):
                batch.act([student for student in page if student not in listed], act)
                after = page[-1]
            refusals.extend(unlisted_issues(table, unlisted))
            raise_issues(table, refusals)
            return counts["rows"]

        recorded = store.import_file(key or table.sha256, "office list", table.source, write)
    if not recorded:
        return ImportResult(source=str(path), kind="office list", already_imported=True)
    tick(progress, table, counts["rows"], done=True)
    return ImportResult(
        source=table.source,
        kind="office list",
        rows=counts["rows"],
        encoding=table.encoding,
        step=step_id,
        cleared=counts["cleared"],
        refused=counts["refused"],
        skipped=counts["skipped"],
        unchanged=counts["unchanged"],
        not_applicable=counts["not_applicable"],
        waiting=counts["waiting"],
    )


def _left_alone(case: Case, step_id: str, status: StepStatus) -> str | None:
    """Why an unlisted student's step is left as it is: it does not apply, or it waits."""
    if status is StepStatus.NOT_APPLICABLE:
        return "not_applicable"
    if status is not StepStatus.PENDING and status is not StepStatus.REFUSED:
        return None  # already settled: counted as such
    step = case.engine.steps[step_id]
    if step.kind is StepKind.STATION:
        return None if case.phase == step_id else "waiting"
    return "waiting" if case.waiting_for(step_id) else None
