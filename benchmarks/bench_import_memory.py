"""How much memory a roster import takes as the file grows: it must not grow with the file.

Run on demand (``.venv/bin/python benchmarks/bench_import_memory.py``); pytest never
collects it. For each ``--sizes`` (megabytes; default 20, 100, 200) a 2014 roster CSV of
about that size is written in a temporary directory (ids 2014000001 up, about 70 bytes a
row), then imported into a new SQLite store by ``clearflow.cohort.importing.import_roster``
in a fresh child process, which prints its peak resident set size (``ru_maxrss``). One
line per size: the file's size, its rows, the peak RSS, the time and the bytes of peak RSS
per row beyond a small file's.

``--src DIR`` runs the children on another checkout's ``src`` (e.g. ``/work/main/src``) to
compare with the code before imports streamed. ``--xlsx`` also writes each size's first
``--xlsx-rows`` rows as a workbook (openpyxl, write-only) and imports that.

Goal: the peak RSS of the largest file at most ``--goal-mb`` (default 600 MB), whatever its
size: the import streams its rows in batches, so what it holds is a batch of rows and the
ids seen (to find a student listed twice). Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "student_id,name,counsellor,program,campus,department,party_member,credits_complete\n"
CHILD = """
import resource, sys
from clearflow import Engine, load_workflow
from clearflow.cohort.importing import import_roster
from clearflow.store import Store

engine = Engine(load_workflow(sys.argv[1]))
with Store.open(sys.argv[2], engine) as store:
    result = import_roster(store, sys.argv[3])
print(result.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_roster(path: Path, megabytes: int) -> int:
    """A valid 2014 roster of about ``megabytes`` MB; returns its rows."""
    target = megabytes * 1024 * 1024
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written = len(HEADER.encode())
        while written < target:
            lines = []
            for number in range(rows + 1, rows + 10_001):
                member = "是" if number % 5 == 0 else "否"
                lines.append(
                    f"2014{number:07d},学生{number},王老师,高职,院本部,旅游系,{member},是\n"
                )
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk.encode())
            rows += 10_000
    return rows


def write_workbook(csv_path: Path, path: Path, rows: int) -> None:
    """The first ``rows`` rows of a roster CSV as a workbook (write-only: little memory)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    with csv_path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if index > rows:
                break
            sheet.append(line.rstrip("\n").split(","))
    book.save(path)


def measure(src: Path, directory: Path, table: Path) -> tuple[int, int, float]:
    """Import ``table`` into a new store in a child process: rows, peak RSS (KiB), seconds."""
    database = directory / f"{table.stem}.db"
    database.unlink(missing_ok=True)
    environment = dict(os.environ, PYTHONPATH=str(src))
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(ROOT / "workflows" / "gyvtc-2014.yaml"),
            str(database),
            str(table),
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    seconds = time.perf_counter() - started
    database.unlink(missing_ok=True)
    if done.returncode != 0:
        sys.exit(f"import of {table} failed:\n{done.stderr[-2000:]}")
    rows, peak = (int(word) for word in done.stdout.split())
    return rows, peak, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,100,200", help="file sizes in MB, comma-separated")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the clearflow to run")
    parser.add_argument("--goal-mb", type=int, default=600)
    parser.add_argument("--xlsx", action="store_true", help="also import each as a workbook")
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    print(f"clearflow from {options.src}")
    print(f"{'file':>10} {'rows':>10} {'peak RSS':>10} {'seconds':>8} {'bytes/row':>10}")
    worst = 0
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        base = None
        for size in sizes:
            path = directory / f"roster-{size}mb.csv"
            write_roster(path, size)
            tables = [path]
            if options.xlsx:
                workbook = directory / f"roster-{size}mb.xlsx"
                write_workbook(path, workbook, options.xlsx_rows)
                tables.append(workbook)
            for table in tables:
                rows, peak, seconds = measure(options.src, directory, table)
                base = base or (rows, peak)
                growth = (peak - base[1]) * 1024 / (rows - base[0]) if rows > base[0] else 0.0
                worst = max(worst, peak)
                megabytes = table.stat().st_size / 1024 / 1024
                print(
                    f"{megabytes:>8.1f}MB {rows:>10,} {peak / 1024:>8.0f}MB {seconds:>8.1f} "
                    f"{growth:>10.1f}  {table.suffix}",
                    flush=True,
                )
            path.unlink()
    goal = worst / 1024 <= options.goal_mb
    print(
        f"largest peak RSS {worst / 1024:.0f} MB; goal at most {options.goal_mb} MB: "
        f"{'met' if goal else 'MISSED'}"
    )
    return 0 if goal else 1


if __name__ == "__main__":
    sys.exit(main())
