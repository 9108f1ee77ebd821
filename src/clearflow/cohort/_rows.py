"""An import file's columns and rows, checked before anything is written.

The importer asks this module which column means what, which step an office
list settles, and whether each row's student id and owes-or-clear cells are
readable; every problem becomes a located :class:`~clearflow.errors.Issue`.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Mapping

import attrs

from clearflow._hints import known, suggest
from clearflow._i18n import Message, Plural
from clearflow.cohort._cells import CellError, read_amount, read_fact, read_owes, read_student_id
from clearflow.cohort._located import Issues
from clearflow.cohort._table import Row, Table, file_issue
from clearflow.engine import Engine, Owed, StartsAlike
from clearflow.errors import Issue, TableError
from clearflow.spec import Fact, StepKind
from clearflow.spec.conditions import FactValue


@attrs.frozen(kw_only=True)
class Columns:
    """What each file column means: ``file[meaning]`` is the column's name in the file."""

    file: Mapping[str, str]


@attrs.frozen(kw_only=True)
class ListRow:
    """One row of an office list: its row number, owes or clear, why, and what is owed."""

    row: int
    owes: bool
    reason: str
    note: str | None
    owed: Owed | None = None


def check_columns(
    table: Table, names: Mapping[str, str], required: Collection[str], kind: Message
) -> tuple[Columns, list[Issue]]:
    """Map the file's columns through ``names`` (file name -> meaning); report the rest."""
    issues: list[Issue] = []
    file: dict[str, str] = {}
    for column in table.columns:
        meaning = names.get(column)
        if meaning is None:
            hint = suggest(column, names) or known(Message("columns"), set(names.values()))
            message = Message("unknown column '{column}'", column=column)
            issues.append(table.issue("CF712", table.header_row, column, message, hint))
        elif meaning in file:
            message = Message(
                "column '{column}' means '{meaning}', as does column '{other}'",
                column=column,
                meaning=meaning,
                other=file[meaning],
            )
            issues.append(table.issue("CF704", table.header_row, column, message))
        else:
            file[meaning] = column
    missing = sorted(set(required) - set(file), key=lambda name: (name != "student_id", name))
    if missing:
        message = Plural(
            "missing column {names}",
            "missing columns {names}",
            len(missing),
            names=", ".join(f"'{name}'" for name in missing),
        )
        needed = ", ".join(sorted(required, key=lambda n: (n != "student_id", n)))
        hint = Message("{kind} needs {columns}", kind=kind, columns=needed)
        issues.append(file_issue(table.source, "CF711", message, hint, table.header_row, 1))
    return Columns(file=file), issues


def student_rows(table: Table, columns: Columns, issues: list[Issue]) -> Iterator[tuple[Row, str]]:
    """Each row with a readable student id seen for the first time; reports the others."""
    column = columns.file.get("student_id")
    if column is None:
        return
    seen: dict[str, int] = {}
    for row in table.rows:
        try:
            student_id = read_student_id(row.get(column))
        except CellError as error:
            issues.append(table.issue("CF713", row.number, column, error.message, error.hint))
            continue
        if student_id in seen:
            message = Message(
                "student '{student}' is also on row {row}", student=student_id, row=seen[student_id]
            )
            hint = Message("list each student once")
            issues.append(table.issue("CF714", row.number, column, message, hint))
            continue
        seen[student_id] = row.number
        yield row, student_id


FactCache = dict[tuple[str, str], "FactValue | CellError"]
"""Cells already read, by fact and text: a roster's columns repeat a few values."""


def fact_values(
    table: Table,
    row: Row,
    columns: Columns,
    facts: Mapping[str, Fact],
    issues: Issues,
    cache: FactCache | None = None,
) -> dict[str, object]:
    """A roster row's fact values; each unreadable cell reported (CF713). ``cache`` keeps
    what each distinct cell read as, for the rows to come."""
    values: dict[str, object] = {}
    cells: FactCache = {} if cache is None else cache
    for fact_id, column in columns.file.items():
        fact = facts.get(fact_id)
        text = row.get(column)
        if fact is None or (not text and fact.default is not None):
            continue
        try:
            if not text:
                raise CellError(
                    Message("empty value"), Message("every student needs '{fact}'", fact=fact_id)
                )
            read = cells.get((fact_id, text))
            if read is None:
                try:
                    read = read_fact(text, fact)
                except CellError as error:
                    read = error
                if len(cells) < 65536:
                    cells[fact_id, text] = read
            if isinstance(read, CellError):
                raise CellError(read.message, read.hint)
            values[fact_id] = read
        except CellError as error:
            issues.append(table.issue("CF713", row.number, column, error.message, error.hint))
    return values


class RowFacts:
    """:func:`fact_values` for the rows of one table: rows whose fact cells are the same
    text are read once (a roster's rows repeat a few hundred kinds of student).

    :meth:`read` gives rows alike the same dict: read it, never change it. A row with
    an unreadable cell is read on its own (its problems name its row).
    """

    def __init__(
        self, table: Table, columns: Columns, facts: Mapping[str, Fact], issues: Issues
    ) -> None:
        self.table, self.columns, self.facts, self.issues = table, columns, facts, issues
        self.fact_columns = tuple(
            column for fact_id, column in columns.file.items() if fact_id in facts
        )
        self._cells: FactCache = {}
        self._rows: dict[tuple[str | None, ...], tuple[dict[str, object], Hashable]] = {}

    def read(self, row: Row) -> tuple[dict[str, object], Hashable]:
        """The row's fact values, as :func:`fact_values` reads them (shared: do not change),
        and their :meth:`StartsAlike.kind <clearflow.engine.StartsAlike.kind>`, worked
        out once for the rows alike."""
        key = tuple(map(row.cells.get, self.fact_columns))  # None: no cell
        known = self._rows.get(key)
        if known is not None:
            return known
        issues = self.issues
        found = len(issues) + issues.dropped
        values = fact_values(self.table, row, self.columns, self.facts, issues, self._cells)
        read = values, StartsAlike.kind(values)
        if len(issues) + issues.dropped == found and len(self._rows) < 65536:
            self._rows[key] = read
        return read


def in_store(table: Table, row: Row, columns: Columns, student_id: str) -> Issue:
    """CF716: a roster row for a student the store already holds."""
    return table.issue(
        "CF716",
        row.number,
        columns.file["student_id"],
        Message("student '{student}' is already in the store", student=student_id),
        Message("leave the row out, or import with skip_existing=True"),
        fix="skip_existing",
    )


def unknown_student(table: Table, row: Row, columns: Columns, student_id: str) -> Issue:
    """CF715: a listed student the store does not hold (no did-you-mean: ids look alike)."""
    return table.issue(
        "CF715",
        row.number,
        columns.file["student_id"],
        Message("unknown student '{student}'", student=student_id),
        Message("not in the store: import the roster first, or correct the id"),
    )


def list_row(table: Table, row: Row, columns: Columns, issues: list[Issue]) -> ListRow | None:
    """An office list row read: owes or clear, and the reason built from amount, items, note."""
    if "owes" not in columns.file:
        return None  # reported as a missing column
    found = len(issues)
    owes = amount = None
    try:
        owes = read_owes(row.get(columns.file["owes"]))
    except CellError as error:
        issues.append(
            table.issue("CF713", row.number, columns.file["owes"], error.message, error.hint)
        )
    amount_text = row.get(columns.file.get("amount", ""))
    if amount_text:
        try:
            amount = read_amount(amount_text)
        except CellError as error:
            issues.append(
                table.issue("CF713", row.number, columns.file["amount"], error.message, error.hint)
            )
    if len(issues) > found or owes is None:
        return None
    items = row.get(columns.file.get("items", "")) or None
    note = row.get(columns.file.get("note", "")) or None
    owed = Owed(amount=amount, items=items) if owes and (amount is not None or items) else None
    parts = [str(owed.said()) if owed is not None else "owes"]  # the reason, in English
    parts += [f"note: {note}"] if note else []
    return ListRow(row=row.number, owes=owes, reason="; ".join(parts), note=note, owed=owed)


def unlisted_issues(table: Table, refused: Mapping[str, tuple[Message, list[str]]]) -> list[Issue]:
    """CF717 for students the list left out whom clearing refused: one issue per reason.

    ``refused`` maps a refusal's English text to the refusal and the students refused.
    """
    issues = []
    for refusal, students in refused.values():
        shown = ", ".join(f"'{student}'" for student in students[:3])
        message = (
            Message(
                "unlisted students {shown} and {more} more: {refusal}",
                shown=shown,
                more=len(students) - 3,
                refusal=refusal,
            )
            if len(students) > 3
            else Message("unlisted students {shown}: {refusal}", shown=shown, refusal=refusal)
        )
        issues.append(
            file_issue(
                table.source,
                "CF717",
                message,
                Message("they are not in the list, and clear_unlisted=True clears them"),
                table.header_row,
                1,
                fix="clear_unlisted",
            )
        )
    return issues


def resolve_step(engine: Engine, office: str, step: str | None, source: str) -> str:
    """The step an office list settles: ``step`` if it is the office's, else its prerequisite."""
    workflow = engine.workflow
    offices = [item.id for item in workflow.offices]
    if office not in offices:
        hint = suggest(office, offices) or known(Message("offices"), offices)
        message = Message("unknown office '{name}'", name=office)
        raise TableError([file_issue(source, "CF718", message, hint)])
    own = [item for item in workflow.steps if item.office == office]
    if step is not None:
        if step in engine.steps and engine.steps[step].office == office:
            return step
        if step in engine.steps:
            message = Message(
                "step '{step}' belongs to office '{owner}', not '{office}'",
                step=step,
                owner=engine.steps[step].office,
                office=office,
            )
        else:
            message = Message("unknown step '{step}'", step=step)
        kind = Message("steps of office '{office}'", office=office)
        hint = known(kind, [item.id for item in own])
        raise TableError([file_issue(source, "CF718", message, hint)])
    prerequisites = [item.id for item in own if item.kind is StepKind.PREREQUISITE]
    if len(prerequisites) == 1:
        return prerequisites[0]
    if prerequisites:
        message = Message(
            "office '{office}' signs several prerequisites: {steps}",
            office=office,
            steps=", ".join(prerequisites),
        )
    else:
        message = Message("office '{office}' signs no prerequisite", office=office)
    steps = ", ".join(item.id for item in own)
    hint = Message("give step=ID: {steps}", steps=steps or Message("the office signs no step"))
    raise TableError([file_issue(source, "CF718", message, hint, fix="step")])
