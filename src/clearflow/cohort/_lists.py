"""One office list being imported: its file, what it says of each student, and its counts.

:class:`ListImport` is what :func:`~clearflow.cohort.importing.import_office_list` (one
file, its rows a batch at a time) and :func:`~clearflow.cohort.importing.import_office_lists`
(several files in one pass over the cases) share: the step the list settles, its key, the
actor, the plan of its rows (student → :class:`~clearflow.cohort._rows.ListRow`), the
action on a case and the counts of what it did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Hashable, Iterator
from pathlib import Path
from typing import Any

from clearflow._i18n import Message
from clearflow.cohort._batching import (
    batches,
    counted,
    import_key,
    raise_issues,
    read_columns,
    same_file,
)
from clearflow.cohort._located import Issues
from clearflow.cohort._result import ImportResult
from clearflow.cohort._rows import (
    Columns,
    ListRow,
    list_row,
    resolve_step,
    student_rows,
    unknown_student,
    unlisted_issues,
)
from clearflow.cohort._table import Table, open_table
from clearflow.engine import SETTLED, Actor, Case, StepRecord, StepStatus
from clearflow.errors import ActionError
from clearflow.spec import StepKind, office_account
from clearflow.store import ImportBatch, Store

LIST_COLUMNS = frozenset({"student_id", "name", "owes", "amount", "items", "note"})
LIST_NAMES = {name: name for name in LIST_COLUMNS}
Payload = dict[str, dict[str, Any]]
"""Per step, the values a list writes as they are (see :meth:`ListImport.signature`)."""
COUNTS = ("rows", "cleared", "refused", "skipped", "unchanged", "not_applicable", "waiting")


class ListImport:
    """One office list: which step it settles, as whom, and what it did so far."""

    def __init__(
        self,
        store: Store,
        path: Path | str,
        *,
        office: str,
        step: str | None = None,
        clear_unlisted: bool = False,
        actor: Actor | None = None,
        at: dt.datetime | None = None,
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.step = resolve_step(store.engine, office, step, str(self.path))
        self.key, self.digest = import_key(
            self.path, sheet, "office-list", office, self.step, str(clear_unlisted)
        )
        self.sheet = sheet
        self.clear_unlisted = clear_unlisted
        self.at = store.engine.moment(at)  # one moment for the whole import, now if not given
        # With a staff roster, a list acts as its office's account (office:<id>).
        staff = office_account(office) if store.engine.roster else f"import:{self.path.name}"
        self.by = actor or Actor(office=office, staff=staff)
        self.counts = dict.fromkeys(COUNTS, 0)
        self.refusals = Issues()
        self.unlisted: dict[str, tuple[Message, list[str]]] = {}
        self.plan: dict[str, ListRow] = {}
        self.listed: set[str] = set()
        self.table: Table | None = None
        self._rows: Table | None = None
        self.columns = Columns(file={})
        self.issues = Issues()
        self.alike: dict[Hashable, Any] = {}

    def already(self, store: Store) -> bool:
        """Whether the file was imported before (its key is recorded)."""
        return self.key is not None and store.was_imported(self.key)

    def already_done(self) -> ImportResult:
        """The result of a file imported before: nothing changed."""
        return ImportResult(source=str(self.path), kind="office list", already_imported=True)

    def names(self, student_id: str) -> bool:
        """Whether the list acts on this student: it lists them, or clears the unlisted."""
        return student_id in self.plan or self.clear_unlisted

    @contextlib.contextmanager
    def opened(self) -> Iterator[Table]:
        """The file open, checked to be the file hashed, its columns read; rows counted."""
        with open_table(self.path, sheet=self.sheet) as table:
            same_file(table, self.digest)
            kind = Message("an office list")
            self.columns, self.issues = read_columns(
                table, LIST_NAMES, {"student_id", "owes"}, kind
            )
            self.table = table
            self._rows = counted(table, self.counts)
            yield table

    def chunks(
        self, batch: ImportBatch, everyone: Collection[str] | None = None
    ) -> Iterator[dict[str, ListRow]]:
        """The plan, a batch of rows at a time (each batch's plan replaces the last's);
        ``everyone``: the stored students, when known (else asked a batch at a time)."""
        table = self._table()
        rows = self._rows if self._rows is not None else table
        for chunk in batches(student_rows(rows, self.columns, self.issues)):
            stored = (
                batch.stored([student_id for _, student_id in chunk])
                if everyone is None
                else everyone
            )
            self.plan.clear()
            for row, student_id in chunk:
                if self.clear_unlisted:
                    self.listed.add(student_id)
                if student_id not in stored:
                    self.issues.append(unknown_student(table, row, self.columns, student_id))
                    continue
                entry = list_row(table, row, self.columns, self.issues)
                if entry is not None:
                    self.plan[student_id] = entry
            yield self.plan

    def good(self) -> bool:
        """Whether no problem was found in the file so far."""
        return not (self.issues or self._table().issues)

    def check(self) -> None:
        """Raise the TableError of the file's problems, if it has any."""
        table = self._table()
        self.issues.extend(table.issues)
        raise_issues(table, self.issues)

    def act(self, case: Case) -> str | None:
        """What the list says of this student, done to the case; what :meth:`count` counts
        of it (cleared, refused, ...), or None when the engine refused (reported)."""
        entry = self.plan.get(case.student_id)
        step_id = self.step
        status = case.status(step_id)
        if entry is None and (left := _left_alone(case, step_id, status)):
            return left
        try:
            if entry is None or not entry.owes:
                if status in SETTLED:
                    return "skipped"
                case.clear(step_id, self.by, at=self.at, note=entry.note if entry else None)
                return "cleared"
            if status is StepStatus.REFUSED and _same(case.records[step_id], entry):
                return "unchanged"
            case.refuse(step_id, self.by, entry.reason, at=self.at, owed=entry.owed)
            return "refused"
        except ActionError as error:
            if entry is None:
                self.unlisted.setdefault(error.message, (error.said, []))[1].append(case.student_id)
            else:
                message = Message(
                    "student '{student}': {refusal}", student=case.student_id, refusal=error.said
                )
                column = self.columns.file["owes"]
                self.refusals.append(self._table().issue("CF717", entry.row, column, message))
            return None

    def signature(
        self, student_id: str, data: dict[str, Any], *, payload: bool = True
    ) -> tuple[Hashable, Payload]:
        """What the list does to this student, as far as it differs between students, read
        with the case's snapshot ``data``; and its payload (:meth:`ImportBatch.act_alike`).

        The row's reason (or a clear's note) and what is owed are written as they are into
        the step's record and event, so they are a payload: the signature says only which
        of them there are. Not when the step is refused already (whether the list says
        the same again decides what it does), nor for a text the engine would not keep
        as it is (empty, or with spaces around it), nor without ``payload``.
        """
        entry = self.plan.get(student_id)
        if entry is None:
            return None, {}
        text = entry.reason if entry.owes else entry.note
        owed = entry.owed.to_dict() if entry.owed is not None else None
        item = data["steps"].get(self.step)
        refused = item is not None and item["status"] == "refused"
        if not payload or refused or (text is not None and (not text or text != text.strip())):
            return ("as is", entry.owes, entry.reason, entry.note, entry.owed), {}
        fields: dict[str, Any] = {}
        if text is not None:
            fields["reason"] = text
        if owed is not None:
            fields["owed"] = owed
        shape = ("written", entry.owes, tuple(fields), None if owed is None else tuple(owed))
        return shape, ({self.step: fields} if fields else {})

    def count(self, token: str | None) -> None:
        """Count what :meth:`act` did to one student."""
        if token is not None:
            self.counts[token] += 1

    def apply(self, batch: ImportBatch, students: Collection[str]) -> None:
        """The list's action on these students, counted; alike students written alike."""
        for token in batch.act_alike(
            students,
            self.act,
            at=self.at,
            signature=self.signature,
            cache=self.alike,
            keep=lambda token: token is not None,
        ):
            self.count(token)

    def check_refusals(self) -> None:
        """Raise the TableError of the students the engine refused, if any."""
        self.refusals.extend(unlisted_issues(self._table(), self.unlisted))
        raise_issues(self._table(), self.refusals)

    def result(self) -> ImportResult:
        """What the import did."""
        table = self._table()
        counts = self.counts
        return ImportResult(
            source=table.source,
            kind="office list",
            rows=counts["rows"],
            encoding=table.encoding,
            step=self.step,
            cleared=counts["cleared"],
            refused=counts["refused"],
            skipped=counts["skipped"],
            unchanged=counts["unchanged"],
            not_applicable=counts["not_applicable"],
            waiting=counts["waiting"],
        )

    def _table(self) -> Table:
        if self.table is None:  # pragma: no cover - every caller opens the file first
            raise RuntimeError("the list's file is not open")
        return self.table


def _same(record: StepRecord, entry: ListRow) -> bool:
    """Whether a refusal already says what the list's row says (reason and what is owed)."""
    return record.reason == entry.reason and record.owed == entry.owed


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


__all__ = ["LIST_COLUMNS", "LIST_NAMES", "ListImport", "Payload"]
