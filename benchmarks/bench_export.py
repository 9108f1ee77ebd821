"""Time and peak memory of ``cohort export --what blocked`` as CSV and as xlsx.

Run on demand (``.venv/bin/python benchmarks/bench_export.py --students 3000 30000``);
pytest never collects it, and it asserts nothing. For each class size a store is made in
a temporary directory as ``bench_store.import_class`` makes it (the roster and the six
arrears lists of ``examples/cohort.py``); then each export runs ``--rounds`` times, each in
a fresh process, and its median wall time and the peak resident memory of that process
(``ru_maxrss``) are printed, with the size of the file written.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"


def one(database: str, output_format: str, output: str) -> None:
    """Run one export in this process; print its wall seconds and peak RSS in MB."""
    from clearflow.cli import main

    start = time.perf_counter()
    arguments = ["cohort", "export", str(WORKFLOW), "--db", database, "--what", "blocked"]
    main([*arguments, "--format", output_format, "-o", output], standalone_mode=False)
    seconds = time.perf_counter() - start
    print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def make_store(students: int, directory: Path) -> Path:
    """A store of ``students`` with the six arrears lists imported."""
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "examples")]
    from bench_store import import_class

    import cohort
    from clearflow import Engine, load_workflow

    files = directory / "files"
    cohort.write_cohort(files, students, 2014, owing_only=True)
    database = directory / "class.db"
    import_class(Engine(load_workflow(WORKFLOW)), files, database)
    return database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(*options.one)
        return 0
    print("cohort export --what blocked (SQLite; median wall, peak RSS of the process):")
    for students in options.students:
        with tempfile.TemporaryDirectory() as folder:
            database = make_store(students, Path(folder))
            for output_format in ("csv", "xlsx"):
                output = str(Path(folder) / f"blocked.{output_format}")
                runs = []
                for _ in range(options.rounds):
                    command = [sys.executable, __file__, "--one", str(database)]
                    done = subprocess.run(
                        [*command, output_format, output],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    seconds, megabytes = (float(part) for part in done.stdout.split()[-2:])
                    runs.append((seconds, megabytes))
                wall = statistics.median(seconds for seconds, _ in runs)
                peak = max(megabytes for _, megabytes in runs)
                rows = done.stderr.split()[1]
                size = Path(output).stat().st_size / 1e6
                print(
                    f"  {students:>7,} students {output_format:4}: {wall:6.2f} s "
                    f"{peak:7.1f} MB peak, {rows} rows, {size:.1f} MB file"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
