"""Imports into a store: the class roster, and each office's list of who owes and who is clear.

Every import reads the whole file, checks every row and reports every problem
at once (a :class:`~clearflow.cohort._table.TableError`, codes CF711-CF718) before it
writes anything; then it writes in ONE transaction that also records the file,
so an import is all or nothing and importing the same file again changes
nothing. Events name the import as the actor: ``import/<file>`` for a roster,
``<office>/import:<file>`` for an office list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import attrs

from clearflow._hints import plural
from clearflow.cohort._cells import CellError, fact_headers, read_fact
from clearflow.cohort._rows import (
    ListRow,
    check_columns,
    list_row,
    resolve_step,
    student_rows,
    unknown_student,
    unlisted_issues,
)
from clearflow.cohort._table import Row, Table, read_table, table_identity
from clearflow.engine import SETTLED, Actor, Case, StepStatus
from clearflow.errors import ActionError, Issue, TableError
from clearflow.store import Connection, Store

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while rows are checked and written."""
ROSTER_COLUMNS = frozenset({"student_id", "name", "counsellor"})
LIST_COLUMNS = frozenset({"student_id", "name", "owes", "amount", "items", "note"})


@attrs.frozen(kw_only=True)
class ImportResult:
    """What one import did: counts of students added and of steps cleared or refused."""

    source: str
    kind: str
    rows: int = 0
    encoding: str = ""
    already_imported: bool = False
    step: str | None = None
    added: int = 0
    cleared: int = 0
    refused: int = 0
    skipped: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        """One line for people, e.g. ``roster.csv: 2985 students added (2985 rows, UTF-8)``."""
        if self.already_imported:
            return f"{self.source}: already imported, nothing changed"
        read = f"({plural(self.rows, 'row')}, {self.encoding})"
        if self.kind == "roster":
            skipped = f", {self.skipped} already in the store" if self.skipped else ""
            return f"{self.source}: {plural(self.added, 'student')} added{skipped} {read}"
        return (
            f"{self.source}: {self.step}: {self.cleared} cleared, {self.refused} refused, "
            f"{self.skipped} already settled, {self.unchanged} unchanged {read}"
        )


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
    key = _import_key(path, sheet, "roster")
    if key is not None and store.was_imported(key):
        return ImportResult(source=str(path), kind="roster", already_imported=True)
    table = read_table(path, sheet=sheet)
    workflow = store.engine.workflow
    facts = {fact.id: fact for fact in workflow.facts}
    headers = fact_headers(workflow, ROSTER_COLUMNS)
    required = {"student_id"} | {fact.id for fact in workflow.facts if fact.default is None}
    names = {name: name for name in ROSTER_COLUMNS} | dict(headers)
    columns, issues = check_columns(table, names, required, "a roster")
    existing = set(store.student_ids())
    students: list[tuple[Row, str, dict[str, object]]] = []
    skipped = 0
    for index, (row, student_id) in enumerate(student_rows(table, columns, issues)):
        _tick(progress, index, 2 * len(table.rows))
        if student_id in existing:
            if skip_existing:
                skipped += 1
                continue
            issues.append(
                table.issue(
                    "CF716",
                    row.number,
                    columns.file["student_id"],
                    f"student '{student_id}' is already in the store",
                    "leave the row out, or import with skip_existing=True",
                    fix="skip_existing",
                )
            )
        values: dict[str, object] = {}
        for fact_id, column in columns.file.items():
            fact = facts.get(fact_id)
            text = row.get(column)
            if fact is None or (not text and fact.default is not None):
                continue
            try:
                if not text:
                    raise CellError("empty value", f"every student needs '{fact_id}'")
                values[fact_id] = read_fact(text, fact)
            except CellError as error:
                issues.append(table.issue("CF713", row.number, column, error.message, error.hint))
        students.append((row, student_id, values))
    _raise(table, issues)
    by = actor or Actor(office="import", staff=path.name)
    cases: list[Case] = []
    counsellors: dict[str, str | None] = {}
    for index, (row, student_id, values) in enumerate(students):
        _tick(progress, len(table.rows) + index, 2 * len(table.rows))
        name = row.get(columns.file.get("name", "")) or None
        cases.append(store.engine.start(student_id, values, name=name, by=by, at=at))
        counsellors[student_id] = row.get(columns.file.get("counsellor", "")) or None

    def finish(connection: Connection) -> None:
        recorded = key if key is not None else table.sha256
        store.record_import(connection, recorded, "roster", table.source, len(table.rows))

    added = store.add(cases, counsellors, before_commit=finish)
    _tick(progress, 2 * len(table.rows), 2 * len(table.rows))
    return ImportResult(
        source=table.source,
        kind="roster",
        rows=len(table.rows),
        encoding=table.encoding,
        added=added,
        skipped=skipped,
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

    With ``clear_unlisted``, every student of the store the list leaves out is cleared too.
    """
    path = Path(path)
    step_id = resolve_step(store.engine, office, step, str(path))
    key = _import_key(path, sheet, "office-list", office, step_id, str(clear_unlisted))
    if key is not None and store.was_imported(key):
        return ImportResult(source=str(path), kind="office list", already_imported=True)
    table = read_table(path, sheet=sheet)
    names = {name: name for name in LIST_COLUMNS}
    columns, issues = check_columns(table, names, {"student_id", "owes"}, "an office list")
    existing = set(store.student_ids())
    plan: dict[str, ListRow] = {}
    for index, (row, student_id) in enumerate(student_rows(table, columns, issues)):
        _tick(progress, index, 2 * len(table.rows))
        if student_id not in existing:
            issues.append(unknown_student(table, row, columns, student_id))
            continue
        entry = list_row(table, row, columns, issues)
        if entry is not None:
            plan[student_id] = entry
    _raise(table, issues)
    by = actor or Actor(office=office, staff=f"import:{path.name}")
    targets = list(plan) + (
        [s for s in sorted(existing) if s not in plan] if clear_unlisted else []
    )
    counts = {"cleared": 0, "refused": 0, "skipped": 0, "unchanged": 0}
    refusals: list[Issue] = []
    unlisted: dict[str, list[str]] = {}

    def act(case: Case) -> None:
        entry = plan.get(case.student_id)
        _tick(progress, len(table.rows) + sum(counts.values()), len(table.rows) + len(targets))
        status = case.status(step_id)
        try:
            if entry is None or not entry.owes:
                if status in SETTLED:
                    counts["skipped"] += 1
                    return
                case.clear(step_id, by, at=at, note=entry.note if entry else None)
                counts["cleared"] += 1
            elif status is StepStatus.REFUSED and case.records[step_id].reason == entry.reason:
                counts["unchanged"] += 1
            else:
                case.refuse(step_id, by, entry.reason, at=at)
                counts["refused"] += 1
        except ActionError as error:
            if entry is None:
                unlisted.setdefault(error.message, []).append(case.student_id)
            else:
                refusals.append(
                    table.issue(
                        "CF717",
                        entry.row,
                        columns.file["owes"],
                        f"student '{case.student_id}': {error.message}",
                    )
                )

    def finish(connection: Connection) -> None:
        refusals.extend(unlisted_issues(table, unlisted))
        _raise(table, refusals)
        if key is not None:
            store.record_import(connection, key, "office list", table.source, len(table.rows))

    store.act_many(targets, act, before_commit=finish)
    return ImportResult(
        source=table.source,
        kind="office list",
        rows=len(table.rows),
        encoding=table.encoding,
        step=step_id,
        cleared=counts["cleared"],
        refused=counts["refused"],
        skipped=counts["skipped"],
        unchanged=counts["unchanged"],
    )


def _import_key(path: Path, sheet: str | None, kind: str, *context: str) -> str | None:
    """The sha256 an import is recorded by: of what was imported, not only of the bytes.

    It covers the file's bytes, the sheet read (when not the first), the kind, and for an
    office list the office, step and ``clear_unlisted``; so a second sheet of a workbook is
    a new import. A roster from a CSV file or a workbook's first sheet is recorded by its
    bytes' sha256 alone, and a list without a sheet by the same text as before sheets were
    recorded, so stores imported into before keep their records. None when the file cannot
    be read (read_table says why); a TableError (CF701) when the workbook lacks the sheet.
    """
    identity = table_identity(path, sheet=sheet)
    if identity is None:
        return None
    digest, sheet_read = identity
    if kind == "roster" and not context and sheet_read is None:
        return digest
    parts = [digest, kind, *context] + (["sheet", sheet_read] if sheet_read is not None else [])
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _raise(table: Table, issues: list[Issue]) -> None:
    if issues:
        note = None
        if table.encoding == "GB18030":
            note = f"{table.source} was read as GB18030 (Excel's CSV on Chinese Windows)"
        raise TableError(issues, note)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 100 == 0 or done == total):
        progress(done, total)
