"""The campaign's attempts at losing data: several processes at once, and every case of
issue 9 item 1 (an output over an input or the store, an empty ``--db``, a second sheet,
a symlinked case file, untrimmed ids, a report on another program's database)."""

from __future__ import annotations

from pathlib import Path

from campaign.attempts_files import NEW_ROSTER, ROSTER_AT
from campaign.harness import AT, BEFORE_DEADLINE, WORKFLOW, Attempt, Setup
from campaign.setups import (
    ROSTER_HEADER,
    both,
    case,
    edited,
    foreign_database,
    link,
    roster_rows,
    still_a_link,
    store,
    students_in,
    text,
    workbook,
)
from clearflow import Store, import_roster
from fuzz.seeds import ROSTER_AT as ROSTER_AT_TIME
from support import engine_2014
from support.imports import ROSTER_HEADER as CSV_HEADER

IMPORT = ("cohort", "import", WORKFLOW)
EXPORT: tuple[str, ...] = (
    "cohort",
    "export",
    WORKFLOW,
    "--db",
    "class.db",
    "--what",
    "blocked",
    "--format",
)
EXPORT += ("csv", "-o")
ROLLOVER = ("rollover", WORKFLOW, "--year", "2015", "--force", "-o")
WALK = ("walk", WORKFLOW, "--yes", "--at", AT)
LI_LEI = (*WALK, "--student", "li-lei.yaml")
SHEETS = {
    "高职": [ROSTER_HEADER, *roster_rows(101, 3)],
    "中职": [ROSTER_HEADER, *roster_rows(201, 2)],
}
"""A workbook of two sheets: three higher-vocational students, two secondary."""


def attempt(kind: str, what: str, argv: tuple[str, ...], *setups: Setup, **more: object) -> Attempt:
    """An attempt whose setup is ``setups`` in turn (``more``: the other fields)."""
    return Attempt(kind=kind, what=what, argv=argv, setup=both(*setups), **more)  # type: ignore[arg-type]


def _concurrent() -> list[Attempt]:
    kind = "concurrent import"
    walk = (*WALK, "--db", "class.db", "--student-id", "2014000001")
    finance = (*IMPORT, "finance.csv", "--office", "finance", "--db", "class.db", "--at")
    return [
        attempt(
            kind,
            "3 imports of one roster into a new store",
            (*IMPORT, "roster.csv", "--db", "new.db", "--at", ROSTER_AT),
            outputs=("new.db",),
            parallel=3,
            verify=students_in(5, "new.db"),
            timeout=30.0,
        ),
        attempt(
            kind,
            "3 imports of one roster into a store",
            (*IMPORT, "new.csv", "--db", "class.db", "--at", ROSTER_AT),
            store(),
            NEW_ROSTER,
            outputs=("class.db",),
            parallel=3,
            verify=students_in(8),
            timeout=30.0,
        ),
        attempt(
            kind,
            "3 imports of one office list",
            (*finance, BEFORE_DEADLINE),
            store(),
            outputs=("class.db",),
            parallel=3,
            verify=students_in(5),
            timeout=30.0,
        ),
        attempt(
            kind,
            "3 walks of one stored student",
            walk,
            store(),
            outputs=("class.db",),
            parallel=3,
            verify=students_in(5),
            timeout=30.0,
        ),
    ]


def _outputs() -> list[Attempt]:
    kind = "output over an input"
    found = [
        attempt(kind, f"export -o {what}", (*EXPORT, target), store(), *extra)
        for what, target, extra in [
            ("the store", "class.db", ()),
            ("./ the store", "./class.db", ()),
            ("a symlink to the store", "blocked.csv", (link("blocked.csv", "class.db"),)),
            ("the workflow", WORKFLOW, ()),
            ("the store's -wal file", "class.db-wal", ()),
        ]
    ]
    found += [
        attempt(kind, f"rollover -o {output} --force", (*ROLLOVER, target), *extra)
        for output, target, extra in [
            ("its own workflow", WORKFLOW, ()),
            ("./ its own workflow", f"./{WORKFLOW}", ()),
            ("its scenarios file", "gyvtc-2014.scenarios.yaml", ()),
            ("a symlink to its workflow", "new.yaml", (link("new.yaml", WORKFLOW),)),
        ]
    ]
    found += [
        attempt(kind, f"walk --case over the {what}", (*LI_LEI, *more, "--case", target))
        for what, target, more in [
            ("student file", "li-lei.yaml", ()),
            ("answers file", "li-lei.answers.yaml", ("--answers", "li-lei.answers.yaml")),
            ("workflow", WORKFLOW, ()),
        ]
    ]
    return found


def _stores() -> list[Attempt]:
    kind = "store kept or refused"
    roster = (*IMPORT, "roster.csv", "--at", ROSTER_AT, "--db")
    status = ("cohort", "status", WORKFLOW, "--db")
    found = [
        attempt(kind, f"{what} --db {db!r}", (*argv, db))
        for db in ("", ":memory:", "sqlite://", "sqlite:///:memory:")
        for what, argv in (("import", roster), ("status", status))
    ]
    found.append(attempt(kind, "walk --db ''", (*LI_LEI, "--db", "")))
    found += [
        attempt(
            kind,
            f"{report} on another program's database",
            ("cohort", report, WORKFLOW, "--db", "library.db", *more),
            foreign_database(),
        )
        for report, more in [
            ("status", ()),
            ("blocked", ()),
            ("export", ("--what", "blocked", "--format", "json")),
            ("history", ()),
        ]
    ]
    found[-1] = attempt(
        kind,
        "history on another program's database",
        ("cohort", "history", WORKFLOW, "2014000001", "--db", "library.db"),
        foreign_database(),
    )
    found.append(
        attempt(
            kind,
            "import into another program's database",
            (*roster, "library.db"),
            foreign_database(),
        )
    )
    return found


def _ids_and_links() -> list[Attempt]:
    kind = "ids, sheets, links"
    sheet = (*IMPORT, "two.xlsx", "--db", "class.db", "--at", ROSTER_AT, "--sheet")
    untrimmed = edited("li-lei.yaml", '"2014010203"', '" 2014000001 "')
    return [
        attempt(
            kind,
            "student file id with spaces, walk --db",
            (*LI_LEI, "--db", "class.db"),
            store(),
            untrimmed,
            outputs=("class.db",),
            verify=students_in(5),
        ),
        attempt(
            kind,
            "--student-id with spaces, walk --db",
            (*WALK, "--db", "class.db", "--student-id", " 2014000001 "),
            store(),
            outputs=("class.db",),
            verify=students_in(5),
        ),
        attempt(
            kind,
            "roster id with spaces already in the store",
            (*IMPORT, "dup.csv", "--db", "class.db", "--at", ROSTER_AT),
            store(),
            text("dup.csv", CSV_HEADER + " 2014000001 ,李雷,王老师,高职,院本部,旅游系,是,是\n"),
        ),
        attempt(
            kind,
            "second sheet after the first",
            (*sheet, "中职"),
            store(),
            workbook("two.xlsx", SHEETS),
            _imported("two.xlsx", "高职"),
            outputs=("class.db",),
            verify=students_in(10),
        ),
        attempt(kind, "mistyped sheet", (*sheet, "中 职"), store(), workbook("two.xlsx", SHEETS)),
        attempt(
            kind,
            "symlinked case file, resumed",
            (*WALK, "--case", "case.json"),
            case("real/zhang-wei.json"),
            link("case.json", "real/zhang-wei.json"),
            outputs=("real/zhang-wei.json",),
            verify=still_a_link("case.json"),
        ),
        attempt(
            kind,
            "symlinked case file, new",
            (*LI_LEI, "--case", "case.json"),
            link("case.json", "elsewhere.json"),
            outputs=("elsewhere.json",),
        ),
    ]


def _imported(name: str, sheet: str) -> Setup:
    """The sheet ``sheet`` of ``name`` already imported into class.db."""

    def setup(folder: Path) -> None:
        with Store.open(str(folder / "class.db"), engine_2014()) as kept:
            import_roster(kept, folder / name, sheet=sheet, at=ROSTER_AT_TIME)

    return setup


ATTEMPTS = _concurrent() + _outputs() + _stores() + _ids_and_links()
