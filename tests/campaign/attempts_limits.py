"""The campaign's attempts at limits: what a database limits (lengths, NUL bytes, checked
the same on SQLite as PostgreSQL needs), a workbook's used range, a big roster."""

from __future__ import annotations

from campaign.attempts_values import IMPORT, INTO_STORE, WALK_DB, attempt
from campaign.harness import AT, BEFORE_DEADLINE, WORKFLOW, Attempt, Setup
from campaign.setups import ROSTER_HEADER as XLSX_HEADER
from campaign.setups import Rows, edited, store, text, workbook
from campaign.setups import roster_rows as rows
from support.imports import ROSTER_HEADER, roster_text


def _roster(*lines: str) -> Setup:
    return text("hostile.csv", ROSTER_HEADER + "".join(f"{line}\n" for line in lines))


def _row(student_id: str = "2014000101", name: str = "张三", counsellor: str = "王老师") -> str:
    return f"{student_id},{name},{counsellor},高职,院本部,旅游系,否,是"


def _database() -> list[Attempt]:
    kind = "database limits"
    roster = (*IMPORT, "hostile.csv", *INTO_STORE)
    notes: tuple[str, ...] = (*IMPORT, "notes.csv", "--office", "library", "--db", "class.db")
    notes += ("--at", BEFORE_DEADLINE)
    table = [
        ("roster id of 300 digits", _roster(_row("2" * 300))),
        ("roster id of 100000 characters", _roster(_row("2" * 100_000))),
        ("roster id with a NUL byte", _roster(_row("2014000101\x00"))),
        ("roster name with a NUL byte", _roster(_row(name="张\x00三"))),
        ("roster counsellor with a NUL byte", _roster(_row(counsellor="王\x00"))),
        ("roster name of 1 MB", _roster(_row(name="名" * 300_000))),
        ("roster id with a tab and a newline", _roster(_row('"2014\t0001\n01"'))),
    ]
    found = [
        attempt(kind, what, roster, store(), setup, outputs=("class.db",)) for what, setup in table
    ]
    library = "student_id,owes,amount,items,note\n2014000001,owes,35,1 book,"
    found += [
        attempt(
            kind,
            "office note with a NUL byte",
            notes,
            store(),
            text("notes.csv", library + "late\x00\n"),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "office items of 100000 characters",
            notes,
            store(),
            text("notes.csv", library.replace("1 book", "书" * 100_000) + "\n"),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "student file id with a NUL byte, walk --db",
            WALK_DB,
            store(),
            edited("li-lei.yaml", '"2014010203"', '"2014\\0"'),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "student file id of 300 digits, walk --db",
            WALK_DB,
            store(),
            edited("li-lei.yaml", '"2014010203"', '"' + "2" * 300 + '"'),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "student name with a NUL byte, walk --db",
            WALK_DB,
            store(),
            edited("li-lei.yaml", "李雷", '"李\\0雷"'),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "--staff of 10000 characters, walk --db",
            (*WALK_DB, "--staff", "s" * 10_000),
            store(),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "--student-id of 10000 characters",
            (
                "walk",
                WORKFLOW,
                "--yes",
                "--at",
                AT,
                "--db",
                "class.db",
                "--student-id",
                "2" * 10_000,
            ),
            store(),
        ),
    ]
    return found


def _xlsx() -> list[Attempt]:
    kind = "xlsx used range"  # 2 s is ten times what such an import takes
    sheets = {"高职": [XLSX_HEADER, *rows(101, 3)]}
    roster = (*IMPORT, "roster.xlsx", *INTO_STORE)
    found = [
        attempt(
            kind,
            f"roster with a blank cell at {far}",
            roster,
            store(),
            workbook("roster.xlsx", sheets, far=far),
            outputs=("class.db",),
            timeout=2.0,
        )
        for far in ("XFD1", "A1048576", "XFD1048576")
    ]
    finance: dict[str, Rows] = {"finance": [["学号", "欠费", "金额"], ["2014000002", "是", 1200]]}
    found.append(
        attempt(
            kind,
            "office list with a blank cell at XFD1048576",
            (
                *IMPORT,
                "finance.xlsx",
                "--office",
                "finance",
                "--db",
                "class.db",
                "--at",
                BEFORE_DEADLINE,
            ),
            store(),
            workbook("finance.xlsx", finance, far="XFD1048576"),
            outputs=("class.db",),
            timeout=2.0,
        ),
    )
    found.append(
        attempt(
            kind,
            "header in the last column",
            roster,
            store(),
            workbook("roster.xlsx", {"s": [[*([None] * 16383), "student_id"]]}),
        ),
    )
    return found


def _big() -> list[Attempt]:
    kind = "big roster"
    roster = (*IMPORT, "big.csv", *INTO_STORE)
    return [
        attempt(
            kind,
            "2000 students",
            roster,
            store(),
            text("big.csv", roster_text(2000)),
            outputs=("class.db",),
            timeout=30.0,
        ),
        attempt(
            kind,
            "one line of 10 MB",
            roster,
            store(),
            text("big.csv", ROSTER_HEADER + "2" * 10_000_000 + "\n"),
        ),
        attempt(
            kind,
            "200000 empty lines",
            roster,
            store(),
            text("big.csv", roster_text(2) + "\n" * 200_000),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "a header of 3000 columns",
            roster,
            store(),
            text("big.csv", ",".join(f"c{n}" for n in range(3000)) + "\n1\n"),
        ),
        attempt(
            kind,
            "20000 rows of commas only",
            roster,
            store(),
            text("big.csv", roster_text(1) + ",,,,,,,\n" * 20_000),
            outputs=("class.db",),
        ),
    ]


ATTEMPTS = _database() + _xlsx() + _big()
