"""The staff roster from a CSV or .xlsx table, read with the imports' located errors.

Columns ``staff_id``, ``name``, ``office`` and optionally ``unit`` and ``role`` (or
工号/姓名/部门/单位/角色). Every problem is reported at once as a
:class:`~clearflow.errors.TableError`: a missing or unknown column (CF711, CF712), an empty
id or name, an id written as an office's account, a missing or unknown unit of a scoped
office (CF713), an unknown office with a suggestion (CF718), a staff id on two rows naming
both (CF719). An office is named by its id or its zh or en label. :func:`load_roster` reads
a roster from YAML (:mod:`clearflow.format.roster`) or a table; :func:`import_staff` stores
one as a store's newest version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import attrs

from clearflow._hints import known, suggest
from clearflow._i18n import Message, Plural
from clearflow.cohort._batching import import_key, raise_issues, read_columns
from clearflow.cohort._located import Issues
from clearflow.cohort._table import Row, Table, open_table
from clearflow.cohort.report import today_in
from clearflow.errors import Issue
from clearflow.format import read_roster
from clearflow.spec import ACCOUNT_PREFIX, FactType, Roster, StaffMember, Where, Workflow
from clearflow.store import ImportBatch, Store, save_roster, use_roster

STAFF_COLUMNS = ("staff_id", "name", "office", "unit", "role")
_REQUIRED = {"staff_id", "name", "office"}


def read_staff_table(path: Path | str, workflow: Workflow, *, sheet: str | None = None) -> Roster:
    """The roster a CSV or .xlsx file lists for this workflow's offices (TableError if bad)."""
    with open_table(Path(path), sheet=sheet, key="staff_id") as table:
        columns, issues = read_columns(
            table, {name: name for name in STAFF_COLUMNS}, _REQUIRED, Message("a staff roster")
        )
        members: list[StaffMember] = []
        if not issues:
            reading = _Rows(table, columns.file, workflow, issues)
            members = [member for row in table.rows if (member := reading.member(row))]
        issues.extend(table.issues)
        raise_issues(table, issues)
    return Roster.of(members, source=table.source)


class _Rows:
    """Reads rows into members, remembering ids seen and reporting problems."""

    def __init__(
        self, table: Table, file: Mapping[str, str], workflow: Workflow, issues: Issues
    ) -> None:
        self.table, self.file, self.issues = table, file, issues
        self.offices: dict[str, str] = {}
        for office in workflow.offices:
            for name in (office.id, office.label.zh, office.label.en):
                if name:
                    self.offices.setdefault(name, office.id)
        self.scopes = {o.id: workflow.fact(o.scope) for o in workflow.offices if o.scope}
        self.seen: dict[str, int] = {}

    def member(self, row: Row) -> StaffMember | None:
        """The row's member, or None (its problems reported)."""
        staff_id, name = self.cell(row, "staff_id"), self.cell(row, "name")
        office_name, unit = self.cell(row, "office"), self.cell(row, "unit") or None
        before = len(self.issues)
        if not staff_id:
            self.report(row, "staff_id", Message("empty staff id (every row needs one)"))
        elif staff_id.startswith(ACCOUNT_PREFIX):
            self.report(
                row,
                "staff_id",
                Message("'{id}' is an office's account, not a person's staff id", id=staff_id),
                Message("list people by their staff id (工号)"),
            )
        elif staff_id in self.seen:
            self.report(
                row,
                "staff_id",
                Message(
                    "staff '{id}' is on row {row} and on row {other}",
                    id=staff_id,
                    row=self.seen[staff_id],
                    other=row.number,
                ),
                Message("list each staff member once"),
                code="CF719",
            )
        else:
            self.seen[staff_id] = row.number
        if not name:
            self.report(row, "name", Message("empty name (every staff member needs one)"))
        office = self.offices.get(office_name)
        if office is None:
            hint = suggest(office_name, self.offices) or known(Message("offices"), self.offices)
            self.report(
                row,
                "office",
                Message("unknown office '{name}'", name=office_name),
                hint,
                code="CF718",
            )
        else:
            self.unit(row, office, unit)
        if len(self.issues) > before:
            return None
        at = Where(self.table.source, row.number, 1, "")
        role = self.cell(row, "role") or None
        return StaffMember(id=staff_id, name=name, office=office or "", unit=unit, role=role, at=at)

    def unit(self, row: Row, office: str, unit: str | None) -> None:
        """A scoped office's staff need a unit, one of the scope fact's values if a choice."""
        fact = self.scopes.get(office)
        if fact is None:
            return
        if unit is None:
            self.report(
                row,
                "unit",
                Message(
                    "empty unit: office '{office}' acts only for its unit's students",
                    office=office,
                ),
                Message("write the '{fact}' of the students this person serves", fact=fact.id),
            )
        elif fact.type is FactType.CHOICE and unit not in {c.id for c in fact.values}:
            values = [choice.id for choice in fact.values]
            self.report(
                row,
                "unit",
                Message("unknown unit '{unit}' of '{fact}'", unit=unit, fact=fact.id),
                suggest(unit, values) or known(Message("values"), values),
            )

    def cell(self, row: Row, meaning: str) -> str:
        column = self.file.get(meaning)
        return row.get(column).strip() if column else ""

    def report(
        self,
        row: Row,
        meaning: str,
        message: Message,
        hint: Message | None = None,
        *,
        code: str = "CF713",
    ) -> None:
        column = self.file.get(meaning, meaning)
        issue: Issue = self.table.issue(code, row.number, column, message, hint)
        self.issues.append(issue)


YAML_SUFFIXES = frozenset({".yaml", ".yml"})


def load_roster(path: Path | str, workflow: Workflow, *, sheet: str | None = None) -> Roster:
    """A staff roster from a YAML, CSV or .xlsx file, checked against the workflow's offices.

    A YAML file's problems raise WorkflowError, a table's TableError, each located.
    """
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        return read_roster(path, workflow)
    return read_staff_table(path, workflow, sheet=sheet)


@attrs.frozen(kw_only=True)
class StaffImport:
    """What a staff roster import did: the version stored, and whether it came late."""

    source: str
    members: int = 0
    version: int = 0
    already_imported: bool = False
    due: dt.date | None = None
    late: bool = False

    def said(self) -> Message:
        """One line for people: ``staff.csv: staff roster version 2, 12 staff``."""
        if self.already_imported:
            return Message("{source}: already imported, nothing changed", source=self.source)
        return Plural(
            "{source}: staff roster version {version}, {count} staff member",
            "{source}: staff roster version {version}, {count} staff members",
            self.members,
            source=self.source,
            version=self.version,
        )

    def warning(self) -> Message | None:
        """The warning of an import after the workflow's ``roster: {due: ...}``, or None."""
        if not self.late:
            return None
        return Message(
            "{source}: the staff roster was due by {due} (the workflow's roster.due)",
            source=self.source,
            due=str(self.due),
        )


def import_staff(
    store: Store, path: Path | str, *, sheet: str | None = None, today: dt.date | None = None
) -> StaffImport:
    """Store a staff roster as the store's newest version; its engine checks who acts from now.

    Recorded by the file's sha256 (the same file again changes nothing); ``late`` when the
    workflow's ``roster.due`` is before ``today`` (by default, today in the workflow's zone).
    """
    path = Path(path)
    workflow = store.engine.workflow
    key, _ = import_key(path, sheet, "staff")
    if key is not None and store.was_imported(key):
        return StaffImport(source=str(path), already_imported=True)
    roster = load_roster(path, workflow, sheet=sheet)
    version = [0]

    def write(batch: ImportBatch) -> int:
        version[0] = save_roster(batch.connection, store.workflow, roster)
        return len(roster)

    if not store.import_file(key or roster.digest, "staff", str(path), write):
        return StaffImport(source=str(path), already_imported=True)
    use_roster(store, roster)
    due = workflow.roster.due if workflow.roster else None
    day = today or today_in(workflow)
    return StaffImport(
        source=str(path),
        members=len(roster),
        version=version[0],
        due=due,
        late=due is not None and day > due,
    )
