"""The cohort reports and imports at 3k, 30k and 100k, each beside its bare-SQL floor.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_cohort.py``); pytest
never collects it. For each of ``--sizes`` (default 3,000, 30,000 and 100,000) on SQLite,
the class of ``examples/cohort.py`` is written as CSV in the "full" shape (the roster and
the six prerequisite offices' lists, every student listed, owes yes or no) and imported as
``bench_store.import_class`` does. The files, the store after the roster and the store
after the six lists are kept per size in ``--cache DIR`` (a temporary folder unless
given), so a re-run skips the build; anything that writes works on a copy.

Every measured operation runs in a fresh process (a worker of ``cohort_workers.py``, or
the CLI), so each figure is a cold process's, as a user sees it: the wall time, the time
of the library part inside the process where there is one, and the peak RSS of that
process (``ru_maxrss`` of its rusage from ``os.wait4``: ``getrusage(RUSAGE_CHILDREN)``
would give the largest child so far, not this one). A child's peak starts at this
process's RSS when it was spawned, so this process stays small: it writes no class and
fills no database itself. The operations of a size take turns,
one of each per round, and the median of ``--rounds`` is kept: the machine is shared and
noisy.

Measured against what (the floor runs in the same rounds):

1. ``cohort status``: the library calls it makes (``StoredCohort`` opened, ``progress``,
   ``headcount``, ``unassigned``) against one ``SELECT phase, count(*) FROM
   clearflow_cases GROUP BY phase`` with ``sqlite3`` (connect included), both timed
   inside their process. Goal at 100k: within 3x. Shown too: the CLI's cold wall, and the
   library beside the GROUP BY it asks itself (facts, phase, holds) run bare, which tells
   the cost of the query from the cost of the Python around it.
2. ``cohort blocked --by office`` (summary and the first page of 50): the library part
   (``summary`` and the first 50 students of ``blocked``) against a ``GROUP BY holds``
   and the first 50 blocked rows with ``sqlite3``. Goal at 100k: the library part within
   1 s. The CLI's cold wall is shown too.
3. ``cohort export --what blocked --format csv -o FILE`` (every row): wall and peak RSS,
   beside ``sqlite3`` streaming the blocked cases' id, name and holds to a CSV. Goal at
   100k: peak RSS within 200 MB.
4. Roster import (``import_roster`` into an empty store) against the same rows inserted
   bare: reading the same CSV and inserting, with ``sqlite3`` in one transaction, into a
   store made by ``Store.open`` (its tables and indexes), each student's case row and start
   event row, the facts texts kept once (``roster_rows_floor``). Goal at 100k: within 3x.
   Shown too: against the cases alone (workflow, student_id, name, counsellor, facts as
   JSON) in a fresh table without indexes, the floor of versions before 5.
5. The six full lists imported together (``import_office_lists``, ``--together``: one
   transaction, one pass) and one after another (``import_office_list``, each its own
   transaction) onto the roster's store, total, beside ``sqlite3`` doing per list one
   transaction of an UPDATE of each listed case (holds, version + 1) and an INSERT of one
   event row each. Goal at 100k: together within 20 s.
6. Every report as a cold CLI process (``status``, ``blocked``, ``export --what blocked``
   and ``--what progress``), beside ``python -c pass`` and ``python -c "import
   sqlalchemy"``. Goal at 3k: each within 0.4 s wall.

On PostgreSQL, when ``CLEARFLOW_TEST_POSTGRES`` names a server (``.ci/postgres run
.venv/bin/python benchmarks/bench_cohort.py --sizes 3000 --pg-size 100000``), ``cohort
status`` at ``--pg-size`` students (default 1,000,000) in a schema of its own: the store
is created by ``Store.open``, then its ``clearflow_cases`` rows are bulk-inserted, copied
from the largest SQLite store of the run with new student ids (``status`` reads only that
table; steps and events are not copied). Goal: the CLI within 3 s; the library part is
shown beside ``SELECT phase, count(*)`` with psycopg.

Prints one table (size, measure, clearflow, floor, ratio, RSS, goal, met?) and exits 1
when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
TODAY = "2014-07-01"
WORKERS = ROOT / "benchmarks" / "cohort_workers.py"
POSTGRES_VARIABLE = "CLEARFLOW_TEST_POSTGRES"
LARGE = 100_000
"""The goals "at 100k" apply from this size up."""
SMALL = 3_000
"""The cold-process goal applies up to this size."""
COLD_GOAL = 0.4
STATUS_RATIO_GOAL = 3.0
BLOCKED_GOAL = 1.0
EXPORT_RSS_GOAL_MB = 200.0
ROSTER_RATIO_GOAL = 3.0
LISTS_GOAL = 20.0
PG_STATUS_GOAL = 3.0


# -- the parent: fresh processes, their wall, inner seconds and peak RSS ------------------


@dataclass
class Run:
    """One fresh process: its wall seconds, its inner seconds (workers) and peak RSS."""

    wall: float
    inner: float | None
    rss_mb: float


def spawn(arguments: Sequence[str]) -> Run:
    """Run this interpreter with ``arguments`` in a fresh process, from the repository."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *arguments], cwd=ROOT, stdout=out, stderr=subprocess.PIPE
        )
        assert process.stderr is not None
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            sys.stderr.write(stderr.decode(errors="replace"))
            raise SystemExit(f"failed ({process.returncode}): {' '.join(arguments)}")
        out.seek(0)
        lines = out.read().strip().splitlines()
    inner = None
    if lines and lines[-1].startswith('{"seconds"'):  # a worker's (cohort_workers.py, others)
        inner = float(json.loads(lines[-1])["seconds"])
    return Run(wall=wall, inner=inner, rss_mb=usage.ru_maxrss / 1024)


def work(name: str, *arguments: object) -> list[str]:
    """The arguments that run worker ``name`` in a fresh process."""
    return [str(WORKERS), name, *map(str, arguments)]


def cli(*arguments: object) -> list[str]:
    """The arguments that run the CLI in a fresh process."""
    return ["-m", "clearflow", *map(str, arguments)]


@dataclass
class Taken:
    """The runs of one operation over the rounds."""

    runs: list[Run] = field(default_factory=list)

    def seconds(self, inner: bool) -> float:
        values = [(run.inner if inner else run.wall) for run in self.runs]
        return statistics.median(v for v in values if v is not None)

    @property
    def rss(self) -> float:
        return statistics.median(run.rss_mb for run in self.runs)


def taking_turns(todo: dict[str, Callable[[], list[str]]], rounds: int) -> dict[str, Taken]:
    """Each operation once per round, in turn; ``todo`` gives each run's arguments."""
    taken = {label: Taken() for label in todo}
    for _ in range(rounds):
        for label, arguments in todo.items():
            taken[label].runs.append(spawn(arguments()))
    return taken


@dataclass
class Line:
    """One row of the table."""

    size: str
    measure: str
    clearflow: float
    floor: float | None
    rss: str
    goal: str
    met: bool | None

    def cells(self) -> list[str]:
        ratio = f"{self.clearflow / self.floor:.1f}x" if self.floor else ""
        floor = f"{self.floor:.3f} s" if self.floor is not None else ""
        met = "" if self.met is None else ("yes" if self.met else "NO")
        clearflow = f"{self.clearflow:.3f} s"
        return [self.size, self.measure, clearflow, floor, ratio, self.rss, self.goal, met]


# -- the class per size, built once into the cache ------------------------------------------


def copy_store(source: Path, target: Path) -> Path:
    """Copy a SQLite store with its WAL files, replacing ``target``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def fresh(path: Path) -> Path:
    """``path`` with no store left at it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@dataclass
class Class:
    """A size's files and stores in the cache, and a scratch folder."""

    size: int
    folder: Path

    @property
    def files(self) -> Path:
        return self.folder / "files"

    @property
    def roster_db(self) -> Path:
        return self.folder / "roster.db"

    @property
    def class_db(self) -> Path:
        return self.folder / "class.db"

    @property
    def scratch(self) -> Path:
        path = self.folder / "scratch"
        path.mkdir(exist_ok=True)
        return path

    def write_files(self) -> None:
        """The CSV files of the full shape, unless the cache has them."""
        done = self.files / ".complete"
        if not done.exists():
            script = ROOT / "examples" / "cohort.py"  # not here: this process stays small
            spawn(
                [str(script), "--students", str(self.size), "--seed", "2014", "-o", str(self.files)]
            )
            done.touch()


def measure_imports(one: Class, rounds: int, measured: bool) -> dict[str, Taken]:
    """The roster and the six lists, library and floor taking turns; fills the cache.

    The first round builds the cache's stores when they are missing (and counts as a
    round); without ``measured`` only that build runs, when needed.
    """
    scratch = one.scratch

    def roster_library() -> list[str]:
        if not one.roster_db.exists():
            return work("roster_library", fresh(one.roster_db.with_suffix(".new")), one.files)
        return work("roster_library", fresh(scratch / "roster.db"), one.files)

    def lists_library() -> list[str]:
        if not one.class_db.exists():
            target = copy_store(one.roster_db, one.class_db.with_suffix(".new"))
            return work("lists_library", target, one.files)
        return work("lists_library", copy_store(one.roster_db, scratch / "lists.db"), one.files)

    def settle() -> None:
        for built in (one.roster_db, one.class_db):
            new = built.with_suffix(".new")
            if new.exists() and not built.exists():
                copy_store(new, built)
                fresh(new)

    names = (
        "roster",
        "roster floor",
        "roster rows floor",
        "lists",
        "lists together",
        "lists floor",
    )
    taken = {name: Taken() for name in names}
    for number in range(rounds if measured else 1):
        if not measured and one.class_db.exists():
            break
        if measured or not one.roster_db.exists():
            taken["roster"].runs.append(spawn(roster_library()))
            settle()
        if measured:
            target = fresh(scratch / "roster-floor.db")
            taken["roster floor"].runs.append(spawn(work("roster_floor", target, one.files)))
            target = fresh(scratch / "roster-rows.db")
            rows_floor = work("roster_rows_floor", target, one.files)
            taken["roster rows floor"].runs.append(spawn(rows_floor))
        if measured or not one.class_db.exists():
            taken["lists"].runs.append(spawn(lists_library()))
            settle()
        if measured:
            target = copy_store(one.roster_db, scratch / "lists-together.db")
            taken["lists together"].runs.append(spawn(work("lists_together", target, one.files)))
            target = copy_store(one.roster_db, scratch / "lists-floor.db")
            taken["lists floor"].runs.append(spawn(work("lists_floor", target, one.files)))
        print(f"  {one.size:,}: imports, round {number + 1} done", file=sys.stderr)
    return taken


def measure_reports(one: Class, rounds: int) -> dict[str, Taken]:
    """Every report, library part and CLI, beside its floors, taking turns."""
    scratch = one.scratch
    db = copy_store(one.class_db, scratch / "reports.db")
    workflow = WORKFLOW.relative_to(ROOT)
    store = ["--db", db, "--today", TODAY]

    def export(what: str, output: Path) -> Callable[[], list[str]]:
        def arguments() -> list[str]:
            fresh(output)
            return cli(
                "cohort",
                "export",
                workflow,
                *store,
                "--what",
                what,
                "--format",
                "csv",
                "-o",
                output,
            )

        return arguments

    floor_csv = scratch / "floor.csv"
    todo: dict[str, Callable[[], list[str]]] = {
        "python -c pass": lambda: ["-c", "pass"],
        "import sqlalchemy": lambda: ["-c", "import sqlalchemy"],
        "status library": lambda: work("status_library", db),
        "status floor": lambda: work("status_floor", db),
        "status tally": lambda: work("status_tally", db),
        "status cli": lambda: cli("cohort", "status", workflow, "--db", db),
        "blocked library": lambda: work("blocked_library", db),
        "blocked floor": lambda: work("blocked_floor", db),
        "blocked cli": lambda: cli("cohort", "blocked", workflow, *store, "--by", "office"),
        "export cli": export("blocked", scratch / "blocked.csv"),
        "export floor": lambda: work("export_floor", db, fresh(floor_csv)),
        "progress cli": export("progress", scratch / "progress.csv"),
    }
    taken = taking_turns(todo, rounds)
    print(f"  {one.size:,}: reports done", file=sys.stderr)
    return taken


def mb(value: float) -> str:
    return f"{value:.0f} MB"


def lines_of(size: int, reports: dict[str, Taken], imports: dict[str, Taken]) -> list[Line]:
    """The table's rows for one size on SQLite."""
    label = f"{size:,}"
    large, small = size >= LARGE, size <= SMALL
    sqlalchemy_floor = reports["import sqlalchemy"].seconds(False)
    lines = [
        Line(
            label,
            "python -c pass",
            reports["python -c pass"].seconds(False),
            None,
            mb(reports["python -c pass"].rss),
            "",
            None,
        ),
        Line(
            label,
            "python -c 'import sqlalchemy'",
            sqlalchemy_floor,
            None,
            mb(reports["import sqlalchemy"].rss),
            "",
            None,
        ),
    ]
    status, floor = reports["status library"].seconds(True), reports["status floor"].seconds(True)
    lines.append(
        Line(
            label,
            "status: library vs GROUP BY phase",
            status,
            floor,
            mb(reports["status library"].rss),
            "<= 3x at 100k",
            status <= STATUS_RATIO_GOAL * floor if large else None,
        )
    )
    lines.append(
        Line(
            label,
            "status: library vs its own GROUP BY (facts, phase, holds)",
            status,
            reports["status tally"].seconds(True),
            "",
            "",
            None,
        )
    )
    blocked = reports["blocked library"].seconds(True)
    lines.append(
        Line(
            label,
            "blocked --by office: summary + page",
            blocked,
            reports["blocked floor"].seconds(True),
            mb(reports["blocked library"].rss),
            "<= 1 s at 100k",
            blocked <= BLOCKED_GOAL if large else None,
        )
    )
    for key, measure in (
        ("status cli", "cohort status (cold CLI)"),
        ("blocked cli", "cohort blocked --by office (cold CLI)"),
        ("progress cli", "cohort export --what progress (cold CLI)"),
    ):
        wall = reports[key].seconds(False)
        lines.append(
            Line(
                label,
                measure,
                wall,
                sqlalchemy_floor,
                mb(reports[key].rss),
                "<= 0.4 s at 3k",
                wall <= COLD_GOAL if small else None,
            )
        )
    export = reports["export cli"]
    wall, rss = export.seconds(False), export.rss
    goals, met = [], []
    if small:
        goals.append("<= 0.4 s")
        met.append(wall <= COLD_GOAL)
    goals.append("<= 200 MB at 100k")
    if large:
        met.append(rss <= EXPORT_RSS_GOAL_MB)
    lines.append(
        Line(
            label,
            "cohort export --what blocked csv (cold CLI) vs sqlite3 csv",
            wall,
            reports["export floor"].seconds(False),
            f"{mb(rss)} (floor {mb(reports['export floor'].rss)})",
            ", ".join(goals),
            all(met) if met else None,
        )
    )
    if imports["roster floor"].runs:
        roster, floor = imports["roster"].seconds(True), imports["roster rows floor"].seconds(True)
        lines.append(
            Line(
                label,
                "roster import vs the same rows inserted bare",
                roster,
                floor,
                mb(imports["roster"].rss),
                "<= 3x at 100k",
                roster <= ROSTER_RATIO_GOAL * floor if large else None,
            )
        )
        lines.append(
            Line(
                label,
                "roster import vs cases alone in a bare table",
                roster,
                imports["roster floor"].seconds(True),
                mb(imports["roster"].rss),
                "",
                None,
            )
        )
        lists = imports["lists"].seconds(True)
        lines.append(
            Line(
                label,
                "six full lists one by one vs UPDATE+INSERT",
                lists,
                imports["lists floor"].seconds(True),
                mb(imports["lists"].rss),
                "",
                None,
            )
        )
        together = imports["lists together"].seconds(True)
        lines.append(
            Line(
                label,
                "six full lists --together vs UPDATE+INSERT",
                together,
                imports["lists floor"].seconds(True),
                mb(imports["lists together"].rss),
                "<= 20 s at 100k",
                together <= LISTS_GOAL if large else None,
            )
        )
    return lines


# -- PostgreSQL ------------------------------------------------------------------------------


def postgres_lines(base: str, source: Path, students: int, rounds: int) -> list[Line]:
    """``cohort status`` at ``students`` on PostgreSQL, in a schema of its own."""
    import uuid

    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    target = url.render_as_string(hide_password=False)
    try:
        build = spawn(work("fill_postgres", target, source, students))
        seconds = build.inner or build.wall
        print(
            f"  PostgreSQL: {students:,} cases copied from {source} with new ids "
            f"in {seconds:.0f} s",
            file=sys.stderr,
        )
        todo: dict[str, Callable[[], list[str]]] = {
            "status library": lambda: work("status_library", target),
            "status floor": lambda: work("status_floor", target),
            "status cli": lambda: cli(
                "cohort", "status", WORKFLOW.relative_to(ROOT), "--db", target
            ),
        }
        taken = taking_turns(todo, rounds)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
    label = f"{students:,} PG"
    floor = taken["status floor"].seconds(True)
    wall = taken["status cli"].seconds(False)
    return [
        Line(
            label,
            "status: library vs GROUP BY phase",
            taken["status library"].seconds(True),
            floor,
            mb(taken["status library"].rss),
            "",
            None,
        ),
        Line(
            label,
            "cohort status (cold CLI) vs GROUP BY phase",
            wall,
            floor,
            mb(taken["status cli"].rss),
            "<= 3 s",
            wall <= PG_STATUS_GOAL,
        ),
    ]


# -- main ------------------------------------------------------------------------------------


HEADINGS = ["size", "measure", "clearflow", "floor", "ratio", "RSS", "goal", "met?"]


def table(lines: list[Line]) -> str:
    """The lines as a plain text table."""
    rows = [HEADINGS, *(line.cells() for line in lines)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADINGS))]
    right = {0, 2, 3, 4, 5}
    text = []
    for number, row in enumerate(rows):
        cells = [
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        text.append("  ".join(cells).rstrip())
        if number == 0:
            text.append("  ".join("-" * width for width in widths))
    return "\n".join(text)


def sizes(text: str) -> list[int]:
    """``--sizes``: comma-separated class sizes."""
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=sizes, default=[3000, 30000, 100000], help="e.g. 3000,30000"
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the median kept")
    parser.add_argument("--cache", type=Path, help="keep the built classes here for re-runs")
    parser.add_argument("--skip-imports", action="store_true", help="only the reports")
    parser.add_argument("--pg-size", type=int, default=1_000_000, help="students on PostgreSQL")
    options = parser.parse_args(argv)
    print(f"{sys.executable} ({sys.version.split()[0]}), {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="clearflow-bench-") as temporary:
        cache = options.cache or Path(temporary)
        lines: list[Line] = []
        largest: Path | None = None
        for size in options.sizes:
            one = Class(size, cache / str(size))
            one.folder.mkdir(parents=True, exist_ok=True)
            one.write_files()
            imports = measure_imports(one, options.rounds, not options.skip_imports)
            reports = measure_reports(one, options.rounds)
            lines.extend(lines_of(size, reports, imports))
            shutil.rmtree(one.scratch)
            largest = one.class_db
        base = os.environ.get(POSTGRES_VARIABLE)
        if base and largest is not None:
            lines.extend(postgres_lines(base, largest, options.pg_size, options.rounds))
        elif not base:
            print(f"PostgreSQL: skipped (set {POSTGRES_VARIABLE}, or run under .ci/postgres run)")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"median of {options.rounds} fresh processes each, taking turns; load average {load}")
    print(table(lines))
    missed = [line for line in lines if line.met is False]
    for line in missed:
        print(f"missed: {line.size} {line.measure}: {line.goal}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
