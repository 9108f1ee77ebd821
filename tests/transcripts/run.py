"""Every CLI command on the 2014 workflow, run for real, as one transcript.

The transcript in ``tests/transcripts/gyvtc-2014.txt`` was recorded before the package was
restructured; ``test_transcript.py`` checks that today's output is byte-identical. The 2014
workflow declares ``language: zh``: a command without ``--lang`` speaks Chinese (the
environment names no language), and the English runs say ``--lang en``. Record it
again (only when an output change is intended) with::

    .venv/bin/python tests/transcripts/run.py --write
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("gyvtc-2014.txt")
W = "workflows/gyvtc-2014.yaml"
AT = ("--at", "2014-06-30 17:00")

# Each entry is one command line, with {tmp} for the scratch folder.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--version",),
    ("--help",),
    ("check", W),
    ("check", "--lang", "en", W),
    ("check", "--format", "json", W),
    ("check", W, "examples/workflows/batches.yaml", "examples/workflows/outcomes.yaml"),
    ("check", "tests/fixtures/invalid/CF104-time.yaml"),
    ("check", "{tmp}/missing.yaml"),
    ("show", W),
    ("show", "--lang", "en", W),
    ("diagram", "--lang", "en", W),
    ("diagram", "--format", "dot", "--lang", "zh", W),
    ("schema",),
    ("test", "--lang", "en", W),
    ("test", W),
    (
        "walk",
        W,
        "--student",
        "examples/students/li-lei.yaml",
        "--answers",
        "examples/answers/li-lei.yaml",
        "--at",
        "2014-07-10 09:40",
        "--case",
        "{tmp}/li-lei.json",
        "--yes",
        "--lang",
        "en",
    ),
    (
        "walk",
        W,
        "--student",
        "examples/students/wang-fang.yaml",
        "--answers",
        "examples/answers/wang-fang.yaml",
        "--at",
        "2014-07-11 09:40",
        "--case",
        "{tmp}/wang-fang.json",
        "--yes",
        "--lang",
        "zh",
    ),
    ("walk", W, "--student", "examples/students/zhang-wei.yaml", "--at", "2014-07-10 09:40"),
    ("rollover", W, "--year", "2015", "-o", "{tmp}/gyvtc-2015.yaml", "--lang", "en"),
    ("rollover", W, "--year", "2015", "-o", "{tmp}/gyvtc-2015.yaml"),
    ("rollover", W, "--year", "2015", "-o", "-", "--lang", "zh"),
    ("diff", "--lang", "en", W, "{tmp}/gyvtc-2015.yaml"),
    ("diff", "--format", "json", "--lang", "zh", W, "{tmp}/gyvtc-2015.yaml"),
    ("cohort", "status", W, "--db", "{tmp}/class.db"),
    (
        "cohort",
        "import",
        W,
        "{tmp}/cohort/roster.csv",
        "--db",
        "{tmp}/class.db",
        *AT,
        "--lang",
        "en",
    ),
    ("cohort", "import", W, "{tmp}/cohort/roster.csv", "--db", "{tmp}/class.db", *AT),
    (
        "cohort",
        "import",
        W,
        "{tmp}/cohort/finance.csv",
        "--db",
        "{tmp}/class.db",
        "--office",
        "finance",
        *AT,
    ),
    (
        "cohort",
        "import",
        W,
        "{tmp}/cohort/library.csv",
        "--db",
        "{tmp}/class.db",
        "--office",
        "library",
        "--clear-unlisted",
        *AT,
    ),
    (
        "cohort",
        "import",
        W,
        "{tmp}/cohort/library.csv",
        "--db",
        "{tmp}/class.db",
        "--office",
        "nowhere",
        *AT,
    ),
    ("cohort", "status", W, "--db", "{tmp}/class.db", "--lang", "en"),
    ("cohort", "status", W, "--db", "{tmp}/class.db"),
    (
        "cohort",
        "blocked",
        W,
        "--db",
        "{tmp}/class.db",
        "--limit",
        "15",
        "--today",
        "2014-07-05",
        "--lang",
        "en",
    ),
    (
        "cohort",
        "blocked",
        W,
        "--db",
        "{tmp}/class.db",
        "--by",
        "office",
        "--limit",
        "5",
        "--today",
        "2014-07-01",
        "--lang",
        "zh",
    ),
    (
        "cohort",
        "blocked",
        W,
        "--db",
        "{tmp}/class.db",
        "--office",
        "finance",
        "--status",
        "refused",
        "--limit",
        "5",
        "--today",
        "2014-07-05",
    ),
    (
        "cohort",
        "blocked",
        W,
        "--db",
        "{tmp}/class.db",
        "--status",
        "overdue",
        "--limit",
        "5",
        "--today",
        "2014-07-05",
        "--by",
        "counsellor",
        "--lang",
        "en",
    ),
    (
        "cohort",
        "export",
        W,
        "--db",
        "{tmp}/class.db",
        "--what",
        "blocked",
        "--format",
        "json",
        "--office",
        "library",
        "--today",
        "2014-07-05",
    ),
    (
        "cohort",
        "export",
        W,
        "--db",
        "{tmp}/class.db",
        "--what",
        "progress",
        "--format",
        "csv",
        "--encoding",
        "utf-8",
    ),
    ("walk", W, "--db", "{tmp}/class.db", "--student-id", "nobody", "--yes"),
    ("migrate", "plan", W, W, "--db", "{tmp}/class.db", "--lang", "en"),
    ("migrate", "plan", W, W, "--db", "{tmp}/class.db", "--renames", "{tmp}/missing.yaml"),
    ("documents", W, "--db", "{tmp}/class.db", "-o", "{tmp}/checklists", "--lang", "en"),
    ("documents", W, "--student", "examples/students/li-lei.yaml", "-o", "{tmp}/checklists"),
    ("documents", W, "-o", "{tmp}/checklists", "--session", "1"),
    ("documents", W, "--what", "notice", "-o", "{tmp}/papers"),
    ("documents", W, "--what", "attachment", "-o", "{tmp}/papers", "--lang", "en"),
    ("documents", W, "--compare", "examples/notices/notice-2014.txt"),
    ("documents", W, "--compare", "{tmp}/papers/notice.docx", "--lang", "en"),
)


def run(tmp: Path) -> str:
    """Run every command in a fresh scratch folder and return the whole transcript."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "COLUMNS": "100",
        "TZ": "UTC",
        "PYTHONIOENCODING": "utf-8",
    }
    subprocess.run(
        [
            sys.executable,
            "examples/cohort.py",
            "--students",
            "120",
            "--seed",
            "2014",
            "-o",
            str(tmp / "cohort"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=env,
    )
    parts = []
    for command in COMMANDS:
        args = [arg.replace("{tmp}", str(tmp)) for arg in command]
        done = subprocess.run(
            [sys.executable, "-m", "clearflow", *args],
            cwd=ROOT,
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        text = (
            f"$ clearflow {' '.join(command)}\n"
            f"--- stdout\n{done.stdout.decode()}"
            f"--- stderr\n{done.stderr.decode()}"
            f"--- exit {done.returncode}\n\n"
        )
        parts.append(text.replace(str(tmp), "{tmp}"))
    return "".join(parts)


def transcript() -> str:
    """The transcript, run in a scratch folder that is removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="clearflow-transcript-"))
    try:
        return run(tmp)
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    """Print the transcript, or record it with ``--write``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the golden transcript")
    text = transcript()
    if parser.parse_args().write:
        GOLDEN.write_bytes(text.encode("utf-8"))
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
