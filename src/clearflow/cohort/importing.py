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

import contextlib
import datetime as dt
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

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
from clearflow.cohort._lists import ListImport, Payload
from clearflow.cohort._result import ImportResult
from clearflow.cohort._rows import ListRow, RowFacts, in_store, student_rows
from clearflow.cohort._table import open_table
from clearflow.cohort.roster_file import ROSTER_COLUMNS
from clearflow.engine import Actor, Case, StartedAs, StartsAlike
from clearflow.store import ImportBatch, Store, add_alike, import_files, stored_among

__all__ = [
    "BATCH",
    "ImportResult",
    "Progress",
    "import_office_list",
    "import_office_lists",
    "import_roster",
]


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
    starts = StartsAlike(store.engine, by=by, at=at)  # one moment for every student
    counts = {"rows": 0, "added": 0, "skipped": 0}
    with open_table(path, sheet=sheet) as table:
        same_file(table, digest)
        columns, issues = read_columns(table, names, required, Message("a roster"))
        rows = counted(table, counts)

        def write(batch: ImportBatch) -> int:
            reading = RowFacts(table, columns, facts, issues)
            name_column = columns.file.get("name", "")
            counsellor_column = columns.file.get("counsellor", "")
            for chunk in batches(student_rows(rows, columns, issues)):
                read = [reading.read(row) for row, _ in chunk]  # the batch's problems first
                stored = stored_among(batch, [student_id for _, student_id in chunk])
                started: list[StartedAs] = []
                counsellors: dict[str, str | None] = {}
                for (row, student_id), (values, kind) in zip(chunk, read, strict=True):
                    if student_id in stored:
                        if skip_existing:
                            counts["skipped"] += 1
                        else:
                            issues.append(in_store(table, row, columns, student_id))
                        continue
                    if issues or table.issues:
                        continue  # the import fails: check the rest, write nothing more
                    name = row.cells.get(name_column) or None
                    started.append(starts.start(student_id, values, name=name, kind=kind))
                    counsellors[student_id] = row.cells.get(counsellor_column) or None
                counts["added"] += add_alike(batch, started, counsellors)
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
    listing = ListImport(
        store,
        path,
        office=office,
        step=step,
        clear_unlisted=clear_unlisted,
        actor=actor,
        at=at,
        sheet=sheet,
    )
    if listing.already(store):
        return listing.already_done()
    with listing.opened() as table:

        def write(batch: ImportBatch) -> int:
            for plan in listing.chunks(batch):
                if listing.good():
                    listing.apply(batch, list(plan))
                tick(progress, table, listing.counts["rows"])
            listing.check()
            listing.plan.clear()
            after = ""
            while clear_unlisted and (page := batch.student_ids(after)):
                listing.apply(batch, [student for student in page if student not in listing.listed])
                after = page[-1]
            listing.check_refusals()
            return listing.counts["rows"]

        key = listing.key or table.sha256
        recorded = store.import_file(key, "office list", table.source, write)
    if not recorded:
        return listing.already_done()
    tick(progress, table, listing.counts["rows"], done=True)
    return listing.result()


def import_office_lists(
    store: Store,
    lists: Sequence[tuple[Path | str, str, str | None]],
    *,
    clear_unlisted: bool = False,
    actor: Actor | None = None,
    at: dt.datetime | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Several office lists (``path, office, step``) in ONE transaction and one pass.

    Each file is checked whole and recorded by its own key, as by
    :func:`import_office_list`; then every student any list names (every stored student
    with ``clear_unlisted``) is loaded once, each list's action done in the order given,
    and saved once. All or nothing: a problem in any file changes nothing. Files imported
    before are left out (their results say so); the plans of the others are held whole.
    """
    moment = store.engine.moment(at)  # one moment for every list
    listings = [
        ListImport(
            store,
            path,
            office=office,
            step=step,
            clear_unlisted=clear_unlisted,
            actor=actor,
            at=moment,
            sheet=sheet,
        )
        for path, office, step in lists
    ]
    results: dict[int, ImportResult] = {}
    pending = []
    for number, listing in enumerate(listings):
        if listing.already(store):
            results[number] = listing.already_done()
        else:
            pending.append((number, listing))
    with contextlib.ExitStack() as stack:
        tables = [stack.enter_context(listing.opened()) for _, listing in pending]
        plans: list[dict[str, ListRow]] = []

        def write(batch: ImportBatch) -> list[int]:
            everyone = batch.every_student()  # full lists name most of them: one query
            for (_, listing), table in zip(pending, tables, strict=True):
                plan: dict[str, ListRow] = {}
                for chunk in listing.chunks(batch, everyone):
                    plan.update(chunk)
                    tick(progress, table, listing.counts["rows"])
                listing.check()
                plans.append(plan)
            for (_, listing), plan in zip(pending, plans, strict=True):
                listing.plan = plan
            wanted = everyone if clear_unlisted else set().union(*plans)
            done = batch.act_alike(  # a part at a time, in the store
                wanted,
                lambda case: _act_all(pending, case),
                at=moment,
                signature=lambda student, data: _signatures(pending, student, data),
                cache={},
                keep=lambda tokens: None not in tokens,
            )
            for tokens in done:
                for (_, listing), token in zip(pending, tokens, strict=True):
                    listing.count(token or None)
            for _, listing in pending:
                listing.check_refusals()
            return [listing.counts["rows"] for _, listing in pending]

        files = [
            (listing.key or table.sha256, "office list", table.source)
            for (_, listing), table in zip(pending, tables, strict=True)
        ]
        if pending and not import_files(store, files, write):
            return [listing.already_done() for listing in listings]
    for number, listing in pending:
        results[number] = listing.result()
    return [results[number] for number in range(len(listings))]


def _act_all(pending: Sequence[tuple[int, ListImport]], case: Case) -> tuple[str | None, ...]:
    """Each list's action on a case, in the order the lists were given: what each did
    (``""`` when the list does not name the student)."""
    return tuple(
        listing.act(case) if listing.names(case.student_id) else "" for _, listing in pending
    )


def _signatures(
    pending: Sequence[tuple[int, ListImport]], student: str, data: dict[str, Any]
) -> tuple[Hashable, Payload]:
    """What each list does to a student (see :meth:`ListImport.signature`), and their
    payloads; none when two lists settle one step (the second reads what the first wrote)."""
    steps = [listing.step for _, listing in pending]
    written = len(set(steps)) == len(steps)
    shapes = []
    payload: Payload = {}
    for _, listing in pending:
        if listing.names(student):
            shape, fields = listing.signature(student, data, payload=written)
            shapes.append(shape)
            payload.update(fields)
        else:
            shapes.append("")
    return tuple(shapes), payload
