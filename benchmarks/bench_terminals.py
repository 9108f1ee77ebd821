"""The hall day: terminal processes clearing stations at once on one store, beside bare SQL.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_terminals.py``); pytest
never collects it. On SQLite (a file in a temporary directory) always, and on PostgreSQL
too when ``CLEARFLOW_TEST_POSTGRES`` names a server (``.ci/postgres run .venv/bin/python
benchmarks/bench_terminals.py`` starts a throwaway one), each in a schema of its own.

The class: ``--terminals`` (default 16) terminals, each with ``--own`` students of its own
(default 40), and each pair of terminals (0 and 1, 2 and 3, ...) with ``--shared`` students
both of them act on (default 10). Every student has settled the prerequisites
(``bench_engine``'s facts and times: the tourism session of the 2014 workflow). Each
terminal is a process (multiprocessing) with its own ``Store.open``; it goes round its
students and, for each, takes one action through ``Store.act``, as ``walk --db`` does:
inside the transaction it reads the case and clears the first station not yet settled, or
releases the documents once all are. A ConflictError (a store that stayed busy) is retried
and counted. The terminals stop when every student is released or after ``--seconds``.

Reported per database: actions/s (successful actions over the wall time from the first
start to the last finish), p50/p99 latency of one action (retries included), conflicts
retried, and the check of lost updates: every action that returned success must be in the
event log exactly once (a ``(student, step)`` pair per success, counted against the
events of ``Store.history``), and the log may hold no hall event no terminal saw succeed.
The floor, side by side in the same run: the same processes doing the same number of bare
SQL transactions (a single-row UPDATE plus an INSERT each, through SQLAlchemy Core, on
SQLite with the same WAL mode and BEGIN IMMEDIATE as the store), as a ratio, flat out and
paced alike.

Two runs per database, on students of their own:

- **Flat out** (closed loop): each terminal acts again as soon as its last action returned.
  This gives the most actions/s the store sustains. Its latency says little by itself: with
  16 terminals always waiting on a saturated 2-core machine, the mean latency is 16 divided
  by the rate (Little's law), whatever the store does.
- **Paced** (open loop, ``--rate``, default 500 actions/s in all): each terminal's actions
  come at random times (a Poisson stream of ``rate / terminals`` per second, seeded), as a
  hall's students arrive, and an action's latency runs from the moment it was due, so an
  action that had to wait for the one before counts its wait (no "coordinated omission").
  This is the latency a station sees at that load.

The goal (issue 12): at least 500 actions/s flat out, p99 under 50 ms paced at 500
actions/s, and no lost update in either run, on PostgreSQL (SQLite, one writer at a time,
is reported against the same figures). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from bench_engine import FACTS, HALL_AT, PREPARED_AT, START_AT

from clearflow import Actor, Case, ConflictError, Engine, Store, load_workflow
from clearflow.engine import SETTLED

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
POSTGRES_VARIABLE = "CLEARFLOW_TEST_POSTGRES"
GOAL_RATE = 500.0
GOAL_P99_SECONDS = 0.050


@dataclass
class Tally:
    """What one terminal process saw: its successes, latencies and conflicts."""

    done: list[tuple[str, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    conflicts: int = 0
    started: float = 0.0
    finished: float = 0.0


def engine_2014() -> Engine:
    """The engine of the 2014 workflow (each process builds its own)."""
    return Engine(load_workflow(WORKFLOW))


def plan(terminals: int, own: int, shared: int, first: int = 0) -> list[list[str]]:
    """The students of each terminal: its own, then those it shares with its pair.

    Ids are numbered from ``first``, so that two runs on one database have their own.
    """
    groups: list[list[str]] = []
    number = first

    def take(count: int) -> list[str]:
        nonlocal number
        ids = [f"2014{number + index:06d}" for index in range(count)]
        number += count
        return ids

    pairs = [take(shared) for _ in range((terminals + 1) // 2)]
    for terminal in range(terminals):
        groups.append(take(own) + pairs[terminal // 2])
    return groups


def fill(url: str, students: Sequence[str]) -> None:
    """A store holding every student, prerequisites settled, waiting at the first station."""
    engine = engine_2014()
    prerequisites = [
        (step.id, Actor(office=step.office, staff="bench")) for step in engine.prerequisites
    ]
    cases: list[Case] = []
    for student in students:
        case = engine.start(student, FACTS, at=START_AT)
        for step_id, actor in prerequisites:
            case.clear(step_id, actor, at=PREPARED_AT)
        cases.append(case)
    with Store.open(url, engine) as store:
        for start in range(0, len(cases), 500):
            chunk = cases[start : start + 500]
            store.add(chunk, {case.student_id: None for case in chunk})


def next_action(engine: Engine) -> Any:
    """The action a terminal takes on a case: the first open station, then the release."""
    stations = [(step.id, Actor(office=step.office, staff="T")) for step in engine.stations]
    releaser = Actor(office=engine.releasing_office(), staff="T")

    def act(case: Case) -> str | None:
        for step_id, actor in stations:
            if case.status(step_id) not in SETTLED:
                case.clear(step_id, actor, at=HALL_AT)
                return step_id
        if case.is_released:
            return None
        case.release(releaser, at=HALL_AT)
        return "release"

    return act


def terminal(
    url: str, students: list[str], seconds: float, pace: float, seed: int, begin: Any
) -> Tally:
    """One terminal process: act on its students in turn until all are released.

    With ``pace`` (actions per second) > 0 the actions come as a seeded Poisson stream and
    each latency is counted from the moment its action was due; else flat out.
    """
    engine = engine_2014()
    act = next_action(engine)
    tally = Tally()
    gaps = random.Random(seed)
    with Store.open(url, engine, create=False) as store:
        begin.wait()
        tally.started = time.perf_counter()
        deadline = tally.started + seconds
        due = tally.started
        waiting = collections.deque(students)
        while waiting and time.perf_counter() < deadline:
            student = waiting.popleft()
            start = time.perf_counter()
            if pace > 0:
                due += gaps.expovariate(pace)
                if due > start:
                    time.sleep(due - start)
                start = due
            while True:
                try:
                    step = store.act(student, act)
                    break
                except ConflictError:
                    tally.conflicts += 1
            tally.latencies.append(time.perf_counter() - start)
            if step is not None:
                tally.done.append((student, step))
            if step not in (None, "release"):  # None: the pair's other terminal released
                waiting.append(student)
        tally.finished = time.perf_counter()
    return tally


def floor_tables(url: str) -> tuple[sa.Engine, sa.Table, sa.Table]:
    """The bare tables of the floor in their own database engine (WAL, BEGIN IMMEDIATE)."""
    database = sa.create_engine(url)
    if database.dialect.name == "sqlite":

        @sa.event.listens_for(database, "connect")
        def _connect(connection: Any, record: Any) -> None:
            connection.isolation_level = None
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")

        @sa.event.listens_for(database, "begin")
        def _begin(connection: sa.Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    metadata = sa.MetaData()
    cases = sa.Table(
        "floor_cases",
        metadata,
        sa.Column("student_id", sa.String(32), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    events = sa.Table(
        "floor_events",
        metadata,
        sa.Column("student_id", sa.String(32), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("event", sa.Text, nullable=False),
    )
    return database, cases, events


def floor_fill(url: str, students: Sequence[str]) -> None:
    """The floor's rows: one per student."""
    database, cases, _ = floor_tables(url)
    cases.metadata.create_all(database)
    with database.begin() as connection:
        connection.execute(
            cases.insert(), [{"student_id": s, "state": "{}", "version": 0} for s in students]
        )
    database.dispose()


def floor_terminal(
    url: str, students: list[str], actions: int, pace: float, seed: int, begin: Any
) -> Tally:
    """One floor process: ``actions`` bare transactions, round its students (paced as
    :func:`terminal` is, when ``pace`` > 0)."""
    database, cases, events = floor_tables(url)
    update = (
        cases.update()
        .where(cases.c.student_id == sa.bindparam("sid"))
        .values(version=cases.c.version + 1, state=sa.bindparam("state"))
        .returning(cases.c.version)
    )
    tally = Tally()
    with database.connect():  # the pool's connection is made before the clock starts
        pass
    gaps = random.Random(seed)
    begin.wait()
    tally.started = due = time.perf_counter()
    for index in range(actions):
        student = students[index % len(students)]
        start = time.perf_counter()
        if pace > 0:
            due += gaps.expovariate(pace)
            if due > start:
                time.sleep(due - start)
            start = due
        with database.begin() as connection:
            seq = connection.execute(update, {"sid": student, "state": '{"x": 1}'}).scalar_one()
            connection.execute(events.insert(), {"student_id": student, "seq": seq, "event": "{}"})
        tally.latencies.append(time.perf_counter() - start)
        tally.done.append((student, str(seq)))
    tally.finished = time.perf_counter()
    database.dispose()
    return tally


def run_all(target: Any, jobs: list[tuple[Any, ...]]) -> list[Tally]:
    """Run ``target(*job, begin)`` in one process per job, all released at once."""
    with multiprocessing.Manager() as manager:
        begin = manager.Barrier(len(jobs))
        with multiprocessing.Pool(len(jobs)) as pool:
            pending = [pool.apply_async(target, (*job, begin)) for job in jobs]
            return [result.get() for result in pending]


@dataclass
class Figures:
    """One run's figures."""

    actions: int
    rate: float
    p50: float
    p99: float
    conflicts: int
    lost: int = 0

    @classmethod
    def of(cls, tallies: list[Tally]) -> Figures:
        latencies = sorted(x for tally in tallies for x in tally.latencies)
        actions = sum(len(tally.done) for tally in tallies)
        wall = max(t.finished for t in tallies) - min(t.started for t in tallies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        return cls(
            actions=actions,
            rate=actions / wall,
            p50=statistics.median(latencies),
            p99=p99,
            conflicts=sum(tally.conflicts for tally in tallies),
        )


def lost_updates(url: str, students: Sequence[str], tallies: list[Tally]) -> tuple[int, int]:
    """Successes not in the log exactly once, and hall events in the log no one saw succeed."""
    succeeded = collections.Counter(pair for tally in tallies for pair in tally.done)
    logged: collections.Counter[tuple[str, str]] = collections.Counter()
    engine = engine_2014()
    stations = {step.id for step in engine.stations}
    with Store.open(url, engine, read_only=True) as store:
        for student in students:
            for event in store.history(student):
                if event.action == "release":
                    logged[(student, "release")] += 1
                elif event.step in stations:
                    logged[(student, str(event.step))] += 1
    missing = sum(1 for pair, count in succeeded.items() if logged[pair] != count or count != 1)
    unseen = sum(count for pair, count in logged.items() if pair not in succeeded)
    return missing, unseen


def hall(url: str, groups: list[list[str]], options: argparse.Namespace, pace: float) -> Figures:
    """One run of the terminals on their students (filled first); its figures, lost checked."""
    students = sorted({student for group in groups for student in group})
    fill(url, students)
    jobs = [(url, group, options.seconds, pace, number) for number, group in enumerate(groups)]
    tallies = run_all(terminal, jobs)
    figures = Figures.of(tallies)
    figures.lost = sum(lost_updates(url, students, tallies))
    return figures


def bench(label: str, url: str, options: argparse.Namespace) -> bool:
    """Fill a store, run the terminals flat out and paced, and the floor; whether goals met."""
    groups = plan(options.terminals, options.own, options.shared)
    flat = hall(url, groups, options, 0.0)
    floor_fill(url, sorted({student for group in groups for student in group}))
    per_terminal = max(1, flat.actions // options.terminals)
    pace = options.rate / options.terminals
    floors = [
        Figures.of(
            run_all(
                floor_terminal,
                [
                    (url, group, per_terminal, its_pace, number)
                    for number, group in enumerate(groups)
                ],
            )
        )
        for its_pace in (0.0, pace)
    ]
    paced_groups = plan(options.terminals, options.own, options.shared, first=len(groups) * 10**5)
    paced = hall(url, paced_groups, options, pace)
    students = len({student for group in groups for student in group})
    print(
        f"{label}: {options.terminals} terminals, {students:,} students per run "
        f"({options.shared} shared per pair)"
    )
    rows = (
        ("clearflow Store.act, flat out", flat),
        ("bare UPDATE+INSERT, flat out", floors[0]),
        (f"clearflow Store.act, paced at {options.rate:.0f}/s", paced),
        (f"bare UPDATE+INSERT, paced at {options.rate:.0f}/s", floors[1]),
    )
    for name, figures in rows:
        print(
            f"  {figures.rate:8.0f} actions/s  p50 {figures.p50 * 1000:6.1f} ms  "
            f"p99 {figures.p99 * 1000:6.1f} ms  {figures.conflicts} conflicts retried  "
            f"{figures.actions:,} actions  {name}"
        )
    print(
        f"  the floor does {floors[0].rate / flat.rate:.1f}x the actions/s flat out; "
        f"clearflow's p99 paced is {paced.p99 / floors[1].p99:.1f}x the floor's"
    )
    lost = flat.lost + paced.lost
    print(f"  lost updates: {flat.lost} flat out, {paced.lost} paced")
    met = flat.rate >= GOAL_RATE and paced.p99 < GOAL_P99_SECONDS and lost == 0
    goal = (
        f">= {GOAL_RATE:.0f} actions/s flat out, p99 < {GOAL_P99_SECONDS * 1000:.0f} ms "
        f"paced at {options.rate:.0f}/s, 0 lost"
    )
    print(f"  {'met' if met else 'missed'}: {goal}")
    return met


def postgres_url(base: str) -> tuple[str, sa.Engine, str]:
    """A fresh schema on the server (as tests/conftest.py makes one), its URL in search_path."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), admin, schema


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures per database; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=16, help="terminal processes")
    parser.add_argument("--own", type=int, default=40, help="students of each terminal")
    parser.add_argument("--shared", type=int, default=10, help="students of each pair")
    parser.add_argument("--seconds", type=float, default=60.0, help="each run at most this long")
    parser.add_argument(
        "--rate", type=float, default=GOAL_RATE, help="actions/s of all terminals, paced run"
    )
    options = parser.parse_args(argv)
    print(f"{sys.executable} ({sys.version.split()[0]}), {os.cpu_count()} cores")
    met = True
    with tempfile.TemporaryDirectory() as folder:
        met = bench("SQLite", f"sqlite:///{Path(folder) / 'hall.db'}", options) and met
    base = os.environ.get(POSTGRES_VARIABLE)
    if base:
        url, admin, schema = postgres_url(base)
        try:
            met = bench("PostgreSQL", url, options) and met
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()
    else:
        print(f"PostgreSQL: skipped (set {POSTGRES_VARIABLE}, or run under .ci/postgres run)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
