"""The campaign's attempts on files themselves: special files, oversize, permissions, a
full disk. Each is tried on every surface that reads or writes a file."""

from __future__ import annotations

from collections.abc import Callable

from campaign.harness import AT, BEFORE_DEADLINE, WORKFLOW, Attempt, Setup
from campaign.setups import (
    both,
    case,
    directory,
    fifo,
    link,
    mode,
    moved,
    sparse,
    store,
    text,
    unix_socket,
)
from support.imports import roster_text

NEW_ROSTER = text("new.csv", roster_text(3))
"""Three students the base store does not hold (2014000101-103)."""
ROSTER_AT = "2014-06-30 10:00"
IMPORT_LIST = ("cohort", "import", WORKFLOW)
DUE = BEFORE_DEADLINE


def _walk(*more: str) -> tuple[str, ...]:
    return ("walk", WORKFLOW, *more)


Argv = Callable[[str], tuple[str, ...]]
ROLES: dict[str, tuple[str, Argv, Setup | None, tuple[str, ...]]] = {
    "workflow": ("hostile.yaml", lambda p: ("check", p), None, ()),
    "workflow (show)": ("hostile.yaml", lambda p: ("show", p), None, ()),
    "student file": (
        "hostile.yaml",
        lambda p: _walk("--student", p, "--yes", "--at", AT, "--case", "out.json"),
        None,
        ("out.json",),
    ),
    "answers file": (
        "hostile.yaml",
        lambda p: _walk("--student", "li-lei.yaml", "--answers", p, "--at", AT, "--case", "o.json"),
        None,
        ("o.json",),
    ),
    "case file": ("hostile.json", lambda p: _walk("--case", p, "--yes", "--at", AT), None, ()),
    "roster": (
        "hostile.csv",
        lambda p: ("cohort", "import", WORKFLOW, p, "--db", "class.db", "--at", ROSTER_AT),
        store(),
        ("class.db",),
    ),
    "office list": (
        "hostile.csv",
        lambda p: (*IMPORT_LIST, p, "--office", "finance", "--db", "class.db", "--at", DUE),
        store(),
        ("class.db",),
    ),
    "scenarios file": ("hostile.yaml", lambda p: ("test", WORKFLOW, "--scenarios", p), None, ()),
    "store": ("hostile.db", lambda p: ("cohort", "status", WORKFLOW, "--db", p), None, ()),
    "diff's new workflow": ("hostile.yaml", lambda p: ("diff", WORKFLOW, p), None, ()),
}
"""Every surface that reads a file: the file's name, the command, its setup, its outputs."""

SPECIAL: list[tuple[str, Callable[[str], Setup | None], str | None, bool]] = [
    ("a named pipe", fifo, None, False),
    ("/dev/zero", lambda name: None, "/dev/zero", True),
    ("/dev/null", lambda name: None, "/dev/null", False),
    ("a directory", directory, None, False),
    ("a socket", unix_socket, None, False),
    ("a dangling symlink", lambda name: link(name, "nowhere.txt"), None, False),
    ("a symlink loop", lambda name: link(name, name), None, False),
    ("a missing file", lambda name: None, None, False),
]
"""What stands where a file should: how to make it, the path to give instead, whether a
subprocess must run it (reading it whole would fill the memory). A named pipe runs
in-process, stopped by the timer if it blocks, except as the store (SQLite would block in
C, where no timer reaches)."""


def _special() -> list[Attempt]:
    attempts = []
    for role, (name, argv, setup, outputs) in ROLES.items():
        for what, make, path, process in SPECIAL:
            if path == "/dev/zero" and role in ("workflow (show)", "diff's new workflow"):
                continue  # the same reader as check's, at the cost of a process each
            made = make(name)
            pipe_store = role == "store" and what == "a named pipe"
            setups = [one for one in (setup, made) if one is not None]
            attempts.append(
                Attempt(
                    kind="special files",
                    what=f"{role} is {what}",
                    argv=argv(path or name),
                    setup=both(*setups),
                    outputs=outputs,
                    process=process or pipe_store,
                    timeout=10.0 if process or pipe_store else 3.0,
                )
            )
    return attempts


CAPS = {
    "workflow": 1024 * 1024,
    "student file": 1024 * 1024,
    "answers file": 1024 * 1024,
    "scenarios file": 1024 * 1024,
    "case file": 64 * 1024 * 1024,
    "roster": 256 * 1024 * 1024,
    "office list": 256 * 1024 * 1024,
}
"""The most each reader reads (format.MAX_BYTES, MAX_CASE_BYTES, MAX_TABLE_BYTES)."""


def _oversize() -> list[Attempt]:
    attempts = []
    for role, cap in CAPS.items():
        name, argv, setup, outputs = ROLES[role]
        for size in (cap + 1, 4 * cap):
            setups = [one for one in (setup, sparse(name, size)) if one is not None]
            attempts.append(
                Attempt(
                    kind="oversize",
                    what=f"{role} of {size} bytes",
                    argv=argv(name),
                    setup=both(*setups),
                    outputs=outputs,
                )
            )
    return attempts


def _permissions() -> list[Attempt]:
    unreadable = {
        "workflow": (WORKFLOW, ("check", WORKFLOW)),
        "student file": ("li-lei.yaml", ROLES["student file"][1]("li-lei.yaml")),
        "answers file": ("li-lei.answers.yaml", ROLES["answers file"][1]("li-lei.answers.yaml")),
        "roster": ("new.csv", ROLES["roster"][1]("new.csv")),
        "office list": ("finance.csv", ROLES["office list"][1]("finance.csv")),
        "scenarios file": ("gyvtc-2014.scenarios.yaml", ("test", WORKFLOW)),
        "case file": ("case.json", ROLES["case file"][1]("case.json")),
        "store": ("class.db", ("cohort", "status", WORKFLOW, "--db", "class.db")),
    }
    attempts = [
        Attempt(
            kind="permissions",
            what=f"{role} cannot be read (mode 000)",
            argv=argv,
            setup=both(store(), NEW_ROSTER, case(), mode(name, 0)),
            drop_permissions=True,
        )
        for role, (name, argv) in unreadable.items()
    ]
    export = ("cohort", "export", WORKFLOW, "--db", "class.db", "--what", "blocked")
    walk_db = _walk("--student", "li-lei.yaml", "--yes", "--at", AT, "--db", "class.db")
    import_new = ("cohort", "import", WORKFLOW, "new.csv", "--at", ROSTER_AT, "--db")
    table = [
        (
            "workflow in a folder that cannot be entered",
            ("check", f"locked/{WORKFLOW}"),
            both(moved(WORKFLOW, "locked"), mode("locked", 0)),
        ),
        (
            "student file in a folder that cannot be entered",
            ROLES["student file"][1]("locked/li-lei.yaml"),
            both(moved("li-lei.yaml", "locked"), mode("locked", 0)),
        ),
        (
            "new case file in a read-only folder",
            _walk("--student", "li-lei.yaml", "--yes", "--at", AT, "--case", "ro/case.json"),
            both(directory("ro"), mode("ro", 0o555)),
        ),
        (
            "resumed case file in a read-only folder",
            _walk("--case", "ro/case.json", "--yes", "--at", AT),
            both(case("ro/case.json"), mode("ro", 0o555)),
        ),
        (
            "store file read-only (0444), import",
            (*import_new, "class.db"),
            both(store(), NEW_ROSTER, mode("class.db", 0o444)),
        ),
        (
            "store in a read-only folder, import",
            (*import_new, "db/class.db"),
            both(_store_in("db"), NEW_ROSTER, mode("db", 0o555)),
        ),
        (
            "new store in a read-only folder, import",
            (*import_new, "ro/class.db"),
            both(directory("ro"), NEW_ROSTER, mode("ro", 0o555)),
        ),
        ("store file read-only (0444), walk --db", walk_db, both(store(), mode("class.db", 0o444))),
        (
            "export -o into a read-only folder",
            (*export, "--format", "csv", "-o", "ro/b.csv"),
            both(store(), directory("ro"), mode("ro", 0o555)),
        ),
        (
            "rollover -o into a read-only folder",
            ("rollover", WORKFLOW, "--year", "2015", "-o", "ro/gyvtc-2015.yaml"),
            both(directory("ro"), mode("ro", 0o555)),
        ),
        (
            "schema -o into a read-only folder",
            ("schema", "-o", "ro/schema.json"),
            both(directory("ro"), mode("ro", 0o555)),
        ),
    ]
    stores = {"db/class.db", "class.db"}
    attempts += [
        Attempt(
            kind="permissions",
            what=what,
            argv=argv,
            setup=setup,
            outputs=tuple(stores & set(argv)),
            drop_permissions=True,
        )
        for what, argv, setup in table
    ]
    return attempts


def _store_in(folder_name: str) -> Setup:
    """A store of five students at ``folder_name/class.db``."""
    return both(directory(folder_name), store(f"{folder_name}/class.db"))


def _disk_full() -> list[Attempt]:
    export = ("cohort", "export", WORKFLOW, "--db", "class.db", "--what", "blocked")
    table = [
        (
            "walk saving a new case file",
            _walk("--student", "li-lei.yaml", "--yes", "--at", AT, "--case", "case.json"),
            None,
            600,
        ),
        (
            "walk saving a resumed case file",
            _walk("--case", "case.json", "--yes", "--at", AT),
            case(),
            600,
        ),
        (
            "import into the store",
            ("cohort", "import", WORKFLOW, "new.csv", "--db", "class.db"),
            both(store(), NEW_ROSTER),
            4096,
        ),
        (
            "import into a new store",
            ("cohort", "import", WORKFLOW, "roster.csv", "--db", "n.db"),
            None,
            4096,
        ),
        (
            "walk --db adding a student",
            _walk("--student", "li-lei.yaml", "--yes", "--at", AT, "--db", "class.db"),
            store(),
            4096,
        ),
        ("export -o", (*export, "--format", "csv", "-o", "blocked.csv"), store(), 64),
        (
            "rollover -o",
            ("rollover", WORKFLOW, "--year", "2015", "-o", "gyvtc-2015.yaml"),
            None,
            1024,
        ),
        ("schema -o", ("schema", "-o", "schema.json"), None, 256),
    ]
    return [
        Attempt(
            kind="disk full",
            what=f"{what} (files stop at {limit} bytes)",
            argv=argv,
            setup=setup or both(),
            file_limit=limit,
        )
        for what, argv, setup, limit in table
    ]


ATTEMPTS = _special() + _oversize() + _permissions() + _disk_full()
