"""The workers of ``bench_cohort.py``: each measured operation, run in a fresh process.

``python benchmarks/cohort_workers.py NAME ARG...`` runs the worker ``NAME`` and prints
``{"seconds": ...}``, the time of its measured part (what comes before the clock starts,
such as loading the workflow, is not counted). Only the standard library is imported at
the top, so that a floor's process pays for nothing it does not use.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
WORKFLOW_ID = "gyvtc-2014"
TODAY = "2014-07-01"
"""The day the reports are asked on (it decides what is overdue)."""
PAGE = 50
"""The first page of ``cohort blocked`` (its default ``--limit``)."""
PHASES = "SELECT phase, count(*) FROM clearflow_cases GROUP BY phase"
TALLY = (
    "SELECT f.text, t.phase, h.text, t.n FROM (SELECT facts_id, phase, holds_id, count(*) AS n "
    f"FROM clearflow_cases WHERE workflow = '{WORKFLOW_ID}' AND holds_id IS NOT NULL "
    "GROUP BY facts_id, phase, holds_id) t LEFT JOIN clearflow_facts f ON f.id = t.facts_id "
    "JOIN clearflow_holds h ON h.id = t.holds_id"
)
"""The cases counted by facts, phase and holds (their ids), with the texts of each group."""
BLOCKED = "(SELECT id FROM clearflow_holds WHERE text <> '')"
"""The ids of the holds texts that hold someone."""


def _engine() -> Any:
    from clearflow import Engine, load_workflow

    return Engine(load_workflow(WORKFLOW))


def _today() -> Any:
    import datetime as dt

    return dt.date.fromisoformat(TODAY)


def work_status_library(db: str) -> float:
    """Open the class as ``cohort status`` does and compute what it shows."""
    from clearflow.cohort.stored import StoredCohort

    engine = _engine()
    start = time.perf_counter()
    with StoredCohort(db, engine) as cohort:
        cohort.progress()
        cohort.headcount()
        cohort.unassigned()
    return time.perf_counter() - start


def work_status_floor(db: str, query: str = PHASES) -> float:
    """The same counts' floor: one GROUP BY phase (sqlite3, or psycopg for a URL)."""
    if "://" in db:
        import psycopg
        import sqlalchemy as sa

        url = sa.make_url(db).set(drivername="postgresql")
        start = time.perf_counter()
        with psycopg.connect(url.render_as_string(hide_password=False)) as server:
            server.execute(query).fetchall()
        return time.perf_counter() - start
    import sqlite3

    start = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute(query).fetchall()
    connection.close()
    return time.perf_counter() - start


def work_status_tally(db: str) -> float:
    """The GROUP BY the library asks (facts, phase, holds), bare: the query's own cost."""
    return work_status_floor(db, TALLY)


def work_blocked_library(db: str) -> float:
    """The summary by office and the first page, as ``cohort blocked --by office``."""
    import itertools

    from clearflow.cohort.stored import StoredCohort

    engine = _engine()
    start = time.perf_counter()
    with StoredCohort(db, engine) as cohort:
        summary = cohort.summary(_today(), by="office")
        held = cohort.blocked(_today(), by="office", summary=summary)
        list(itertools.islice(held, PAGE))
    return time.perf_counter() - start


def work_blocked_floor(db: str) -> float:
    """The bare SQL of a summary and a page: GROUP BY holds, the first blocked rows."""
    import sqlite3

    start = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute(
        "SELECT h.text, t.n FROM (SELECT holds_id, count(*) AS n FROM clearflow_cases "
        f"WHERE workflow = ? AND holds_id IN {BLOCKED} GROUP BY holds_id) t "
        "JOIN clearflow_holds h ON h.id = t.holds_id",
        (WORKFLOW_ID,),
    ).fetchall()
    connection.execute(  # a page of cases with their step rows, as a case is restored
        "SELECT c.student_id, c.name, f.text, s.step, s.status FROM (SELECT * FROM "
        f"clearflow_cases WHERE workflow = ? AND holds_id IN {BLOCKED} ORDER BY student_id "
        "LIMIT ?) c LEFT JOIN clearflow_facts f ON f.id = c.facts_id "
        "LEFT JOIN clearflow_steps s ON s.workflow = c.workflow AND s.student_id = c.student_id "
        "ORDER BY c.student_id, s.step",
        (WORKFLOW_ID, PAGE),
    ).fetchall()
    connection.close()
    return time.perf_counter() - start


def work_export_floor(db: str, output: str) -> float:
    """Stream every blocked case's id, name and holds to a CSV with sqlite3."""
    import csv
    import sqlite3

    start = time.perf_counter()
    connection = sqlite3.connect(db)
    with Path(output).open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student_id", "name", "holds"])
        writer.writerows(
            connection.execute(
                "SELECT c.student_id, c.name, h.text FROM clearflow_cases c "
                "JOIN clearflow_holds h ON h.id = c.holds_id WHERE c.workflow = ? "
                "AND h.text <> '' ORDER BY c.student_id",
                (WORKFLOW_ID,),
            )
        )
    connection.close()
    return time.perf_counter() - start


def work_roster_library(db: str, files: str) -> float:
    """``import_roster`` of the class's roster into an empty store (opened untimed)."""
    from bench_store import ROSTER_AT

    from clearflow.cohort.importing import import_roster
    from clearflow.store import Store

    with Store.open(db, _engine()) as store:
        start = time.perf_counter()
        import_roster(store, Path(files) / "roster.csv", at=ROSTER_AT)
        return time.perf_counter() - start


def work_roster_floor(db: str, files: str) -> float:
    """Read the roster CSV and insert its rows with one executemany, one transaction."""
    import csv
    import sqlite3

    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute(
        "CREATE TABLE cases (workflow TEXT, student_id TEXT, name TEXT, counsellor TEXT, "
        "facts TEXT, PRIMARY KEY (workflow, student_id))"
    )
    start = time.perf_counter()
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    with (Path(files) / "roster.csv").open(encoding="utf-8", newline="") as file:
        rows = []
        for row in csv.DictReader(file):
            student, name, counsellor = (
                row.pop("student_id"),
                row.pop("name"),
                row.pop("counsellor"),
            )
            rows.append((WORKFLOW_ID, student, name, counsellor, encode(row)))
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def work_roster_rows_floor(db: str, files: str) -> float:
    """The rows ``import_roster`` writes, bare: into a store made by ``Store.open`` (untimed,
    its tables and indexes), read the roster CSV and insert with ``sqlite3``, one
    transaction, each student's case row (its facts text kept once in ``clearflow_facts``,
    its holds in ``clearflow_holds``) and its start event row (the digest and facts as
    JSON). No checks, no engine: the floor of the design's writes."""
    import csv
    import hashlib
    import sqlite3

    from bench_store import ROSTER_AT

    from clearflow.store import Store

    engine = _engine()
    digest = engine.workflow.digest
    with Store.open(db, engine):
        pass
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    at, now = ROSTER_AT.isoformat(), "2014-06-28T01:00:00+00:00"
    facts_ids: dict[str, int] = {}
    cases, events = [], []
    with (Path(files) / "roster.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            student, name, counsellor = (
                row.pop("student_id"),
                row.pop("name"),
                row.pop("counsellor"),
            )
            text = encode(row)
            facts_id = facts_ids.setdefault(text, len(facts_ids) + 1)
            cases.append(
                (
                    WORKFLOW_ID,
                    student,
                    digest,
                    name,
                    counsellor,
                    "preparing",
                    1,
                    now,
                    None,
                    facts_id,
                    1,
                )
            )
            event = json.dumps({"digest": digest, "facts": row}, ensure_ascii=False)
            events.append(
                (WORKFLOW_ID, student, 1, "start", at, "import", "roster.csv", None, event)
            )
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO clearflow_facts (id, key, text) VALUES (?, ?, ?)",
        [
            (number, hashlib.sha256(text.encode()).hexdigest(), text)
            for text, number in facts_ids.items()
        ],
    )
    connection.execute(
        "INSERT INTO clearflow_holds (id, key, text) VALUES (1, ?, ' ')",
        (hashlib.sha256(b" ").hexdigest(),),
    )
    connection.executemany(f"INSERT INTO clearflow_cases VALUES ({', '.join('?' * 11)})", cases)
    connection.executemany(f"INSERT INTO clearflow_events VALUES ({', '.join('?' * 9)})", events)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def work_lists_library(db: str, files: str) -> float:
    """The six full lists, ``import_office_list`` one after another (store opened untimed)."""
    from bench_store import LISTS_AT

    import cohort
    from clearflow.cohort.importing import import_office_list
    from clearflow.store import Store

    with Store.open(db, _engine()) as store:
        start = time.perf_counter()
        for office in cohort.OFFICES:
            path = Path(files) / f"{office}.csv"
            import_office_list(store, path, office=office, at=LISTS_AT)
        return time.perf_counter() - start


def work_lists_together(db: str, files: str) -> float:
    """The six full lists in one ``import_office_lists`` (``--together``; store opened untimed)."""
    from bench_store import LISTS_AT

    import cohort
    from clearflow.cohort.importing import import_office_lists
    from clearflow.store import Store

    lists = [(Path(files) / f"{office}.csv", office, None) for office in cohort.OFFICES]
    with Store.open(db, _engine()) as store:
        start = time.perf_counter()
        import_office_lists(store, lists, at=LISTS_AT)
        return time.perf_counter() - start


def work_lists_floor(db: str, files: str) -> float:
    """Per list, one transaction: UPDATE each listed case (version, holds), INSERT one event
    row each (its JSON the list row's own values, as version 3 keeps an event's)."""
    import csv
    import sqlite3

    import cohort

    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    for number, office in enumerate(cohort.OFFICES):
        with (Path(files) / f"{office}.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        seq = number + 2
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "UPDATE clearflow_cases SET holds_id = ?, version = version + 1 "
            "WHERE workflow = ? AND student_id = ?",
            [(1, WORKFLOW_ID, row["student_id"]) for row in rows],
        )
        action = {"yes": "refuse", "no": "clear"}
        connection.executemany(
            "INSERT INTO clearflow_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    WORKFLOW_ID,
                    row["student_id"],
                    seq,
                    action[row["owes"]],
                    "2014-06-30T17:00:00+08:00",
                    office,
                    f"import:{office}.csv",
                    f"{office}_cleared",
                    json.dumps({"owes": row["owes"], "amount": row["amount"]}, ensure_ascii=False),
                )
                for row in rows
            ],
        )
        connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def work_lists_together_floor(db: str, files: str) -> float:
    """What ``--together`` writes, bare: ONE transaction that UPDATEs each listed case once
    (phase, holds, version), INSERTs one event row per row of each list (its JSON the list
    row's own values) and upserts its step row (the projection). No decoding, no checks:
    the floor of the design."""
    import csv
    import sqlite3

    import cohort

    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    at, action = "2014-06-30T17:00:00+08:00", {"yes": "refuse", "no": "clear"}
    start = time.perf_counter()
    lists = {}
    for office in cohort.OFFICES:
        with (Path(files) / f"{office}.csv").open(encoding="utf-8", newline="") as file:
            lists[office] = {row["student_id"]: row for row in csv.DictReader(file)}
    listed = sorted(set().union(*lists.values()))
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "UPDATE clearflow_cases SET phase = ?, holds_id = ?, version = version + ?, "
        "updated_at = ? WHERE workflow = ? AND student_id = ?",
        [("p", 1, len(lists), at, WORKFLOW_ID, student) for student in listed],
    )
    events, steps = [], []
    for student in listed:
        for seq, (office, rows) in enumerate(lists.items(), start=2):
            row, staff, step = rows[student], f"import:{office}.csv", f"{office}_cleared"
            done = action[row["owes"]]
            text = json.dumps({"owes": row["owes"], "amount": row["amount"]}, ensure_ascii=False)
            events.append((WORKFLOW_ID, student, seq, done, at, office, staff, step, text))
            status = "refused" if row["owes"] == "yes" else "cleared"
            amount = row["amount"] or None
            steps.append((WORKFLOW_ID, student, step, office, status, staff, at, amount))
    connection.executemany(
        "INSERT INTO clearflow_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events
    )
    connection.executemany(
        "INSERT INTO clearflow_steps (workflow, student_id, step, office, status, staff, at, "
        "late, early, off_hours, amount) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?) "
        "ON CONFLICT (workflow, student_id, step) DO UPDATE SET status = excluded.status",
        steps,
    )
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def work_fill_postgres(url: str, source: str, students: str) -> float:
    """A store at ``url`` whose cases are ``source``'s, repeated under new ids; seconds."""
    import sqlalchemy as sa

    from clearflow.store import Store
    from clearflow.store._tables import cases_table, facts_table, holds_table

    start = time.perf_counter()
    with Store.open(url, _engine()):
        pass
    reading = sa.create_engine(f"sqlite:///{source}")
    with reading.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(sa.select(cases_table))]
        texts = {
            table: [dict(row._mapping) for row in connection.execute(sa.select(table))]
            for table in (facts_table, holds_table)
        }
    reading.dispose()
    writing = sa.create_engine(url)
    with writing.begin() as connection:
        for table, kept in texts.items():  # the same ids: the case rows name them
            connection.execute(table.insert(), kept)
        chunk: list[dict[str, Any]] = []
        for number in range(int(students)):
            row = dict(rows[number % len(rows)])
            row["student_id"] = f"{row['student_id']}-{number // len(rows):03d}"
            chunk.append(row)
            if len(chunk) == 5000:
                connection.execute(cases_table.insert(), chunk)
                chunk = []
        if chunk:
            connection.execute(cases_table.insert(), chunk)
    with writing.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE clearflow_cases"
        )
    writing.dispose()
    return time.perf_counter() - start


WORKERS: dict[str, Callable[..., float]] = {
    name.removeprefix("work_"): function
    for name, function in list(globals().items())
    if name.startswith("work_")
}


def main(argv: Sequence[str]) -> int:
    """Run one worker in this process and print its seconds as JSON."""
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "examples")]
    seconds = WORKERS[argv[0]](*argv[1:])
    print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
