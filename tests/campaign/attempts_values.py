"""The campaign's attempts on what files hold: lone surrogates, numbers no decimal holds,
deep nesting (what a database limits, a workbook's used range and big rosters are in
:mod:`campaign.attempts_limits`)."""

from __future__ import annotations

import re
from pathlib import Path

from campaign.attempts_files import ROSTER_AT
from campaign.harness import AT, BEFORE_DEADLINE, SHIPPED, WORKFLOW, Attempt, Setup
from campaign.setups import both, edited, raw, store, text, workbook
from fuzz.seeds import case_seeds
from support.imports import ROSTER_HEADER

WALK = ("walk", WORKFLOW, "--student", "li-lei.yaml", "--yes", "--at", AT)
WALK_CASE = (*WALK, "--case", "c.json")
WALK_DB = (*WALK, "--db", "class.db")
WALK_ANSWERS: tuple[str, ...] = (
    "walk",
    WORKFLOW,
    "--student",
    "li-lei.yaml",
    "--answers",
    "li-lei.answers.yaml",
)
WALK_ANSWERS += ("--at", AT, "--case", "c.json")
RESUME = ("walk", WORKFLOW, "--case", "case.json", "--yes", "--at", AT)
IMPORT = ("cohort", "import", WORKFLOW)
INTO_STORE = ("--db", "class.db", "--at", ROSTER_AT)
FINANCE: tuple[str, ...] = (*IMPORT, "finance.csv", "--office", "finance", "--db", "class.db")
FINANCE += ("--at", BEFORE_DEADLINE)
OWED = "2014000002,是,1200,tuition"
COUNT = r'"(version|seq)": 1\b'
"""Where a case file counts its events: ``version`` (format 1) or the first ``seq``
(format 2, append-only); the edits below find what they change by pattern, not by layout."""


def attempt(kind: str, what: str, argv: tuple[str, ...], *setups: Setup, **more: object) -> Attempt:
    """An attempt whose setup is ``setups`` in turn (``more``: the other fields)."""
    return Attempt(kind=kind, what=what, argv=argv, setup=both(*setups), **more)  # type: ignore[arg-type]


def _keyed(new: str, match: re.Match[str]) -> str:
    return new.replace("{key}", match.group(1)) if match.groups() else new


def _case(pattern: str, new: str, which: int = 2) -> Setup:
    """张伟's case file (blocked, so a resumed walk goes on and saves; ``which=0``: 李雷's,
    released) with the first match
    of ``pattern`` replaced by ``new`` (where ``{key}`` is the pattern's first group)."""

    def setup(folder: Path) -> None:
        seed = case_seeds()[which]
        edited, found = re.subn(pattern, lambda match: _keyed(new, match), seed, count=1)
        assert found, pattern
        (folder / "case.json").write_bytes(edited.encode("utf-8", "surrogatepass"))

    return setup


def _roster(*lines: str) -> Setup:
    return text("hostile.csv", ROSTER_HEADER + "".join(f"{line}\n" for line in lines))


def _row(student_id: str = "2014000101", name: str = "张三", counsellor: str = "王老师") -> str:
    return f"{student_id},{name},{counsellor},高职,院本部,旅游系,否,是"


def _surrogates() -> list[Attempt]:
    kind = "lone surrogates"
    label = edited(WORKFLOW, "en: Finance Office", 'en: "\\ud800"')
    name = edited("li-lei.yaml", "李雷", '"\\ud800"')
    cesu = (ROSTER_HEADER + _row(name="@") + "\n").encode().replace(b"@", b"\xed\xa0\x80")
    old = text("old.yaml", SHIPPED[WORKFLOW].read_text(encoding="utf-8"))
    return [
        attempt(kind, "workflow label, check", ("check", WORKFLOW), label),
        attempt(kind, "workflow label, show", ("show", WORKFLOW), label),
        attempt(kind, "workflow label, diagram", ("diagram", WORKFLOW), label),
        attempt(kind, "workflow label, walk", WALK_CASE, label, outputs=("c.json",)),
        attempt(
            kind,
            "workflow label, rollover",
            ("rollover", WORKFLOW, "--year", "2015"),
            label,
            outputs=("gyvtc-2015.yaml", "gyvtc-2015.scenarios.yaml"),
        ),
        attempt(kind, "workflow label, diff", ("diff", "old.yaml", WORKFLOW), label, old),
        attempt(kind, "student name, walk --case", WALK_CASE, name, outputs=("c.json",)),
        attempt(kind, "student name, walk --db", WALK_DB, name, store(), outputs=("class.db",)),
        attempt(
            kind,
            "student id, walk --case",
            WALK_CASE,
            edited("li-lei.yaml", '"2014010203"', '"2014\\udc80"'),
            outputs=("c.json",),
        ),
        attempt(
            kind,
            "refusal reason in answers",
            WALK_ANSWERS,
            edited("li-lei.answers.yaml", "2 books not returned", '"\\ud800"'),
            outputs=("c.json",),
        ),
        attempt(
            kind,
            "staff in answers",
            WALK_ANSWERS,
            edited("li-lei.answers.yaml", "staff: L03", 'staff: "\\udfff"'),
            outputs=("c.json",),
        ),
        attempt(
            kind,
            "student name in a case file",
            RESUME,
            _case('"张伟"', '"\\ud800"'),
            outputs=("case.json",),
        ),
        attempt(
            kind,
            "roster cell in CESU-8 bytes",
            (*IMPORT, "cesu.csv", *INTO_STORE),
            store(),
            raw("cesu.csv", cesu),
            outputs=("class.db",),
        ),
        attempt(
            kind,
            "--staff argument not UTF-8",
            (*WALK_CASE, "--staff", "\udcff"),
            outputs=("c.json",),
            process=True,
        ),
        attempt(
            kind,
            "file name not UTF-8, check",
            ("check", "\udcff.yaml"),
            raw("\udcff.yaml", SHIPPED[WORKFLOW].read_bytes()),
            process=True,
        ),
        attempt(
            kind,
            "--db name not UTF-8, import",
            (*IMPORT, "roster.csv", "--db", "\udcff.db"),
            outputs=("\udcff.db",),
            process=True,
        ),
    ]


def _decimals() -> list[Attempt]:
    kind = "huge decimals"
    amounts = [
        "9" * 5000,
        "1e999999",
        "NaN",
        "Infinity",
        "-1200",
        "1e-999999",
        "0." + "0" * 5000 + "1",
        "1" + "0" * 28 + ".5",
    ]
    found = [
        attempt(
            kind,
            f"office list amount {amount[:12]}{'...' if len(amount) > 12 else ''}",
            FINANCE,
            store(),
            edited("finance.csv", "1200", amount),
            outputs=("class.db",),
        )
        for amount in amounts
    ]
    big_count = edited(WORKFLOW, "count: 1714", "count: " + "9" * 5000)
    float_cell = workbook(
        "finance.xlsx", {"finance": [["学号", "欠费", "金额"], ["2014000002", "是", 1e308]]}
    )
    finance_xlsx = (*IMPORT, "finance.xlsx", "--office", "finance", "--db", "class.db")
    return [
        *found,
        attempt(
            kind,
            "xlsx amount 1e308",
            (*finance_xlsx, "--at", BEFORE_DEADLINE),
            store(),
            float_cell,
            outputs=("class.db",),
        ),
        attempt(kind, "headcount of 5000 digits, check", ("check", WORKFLOW), big_count),
        attempt(kind, "headcount of 5000 digits, show", ("show", WORKFLOW), big_count),
        attempt(
            kind,
            "answer in the year 99999",
            WALK_ANSWERS,
            edited("li-lei.answers.yaml", "2014-07-01 10:00", "99999-07-01 10:00"),
        ),
        attempt(
            kind,
            "case event count of 5000 digits",
            RESUME,
            _case(COUNT, '"{key}": ' + "9" * 5000),
            outputs=("case.json",),
        ),
        attempt(
            kind,
            "case event count 1e999",
            RESUME,
            _case(COUNT, '"{key}": 1e999'),
            outputs=("case.json",),
        ),
        attempt(
            "case file values",
            "a step's outcome true (not text)",
            RESUME,
            _case('"outcome": "transferred"', '"outcome": true', which=0),
            outputs=("case.json",),
        ),
        attempt(
            kind,
            "case event seq 1e999",
            RESUME,
            _case(r'"seq": 1\b', '"seq": 1e999'),
            outputs=("case.json",),
        ),
        attempt(
            kind,
            "case event in the year 9999, +14:00",
            RESUME,
            _case(re.escape('"2014-07-10T09:40:00+08:00"'), '"9999-12-31T23:59:59+14:00"'),
            outputs=("case.json",),
        ),
    ]


def _deep() -> list[Attempt]:
    kind = "deep JSON"
    arrays, objects = "[" * 100_000 + "]" * 100_000, '{"a": ' * 20_000 + "1" + "}" * 20_000
    student = '{"id": "2014000101", "facts": ' + arrays + "}"
    return [
        attempt(kind, "case file of nested arrays", RESUME, text("case.json", arrays)),
        attempt(kind, "case file of nested objects", RESUME, text("case.json", objects)),
        attempt(
            kind,
            "case file with nested events",
            RESUME,
            _case(COUNT, '"{key}": 1, "x": ' + arrays),
        ),
        attempt(
            kind,
            "student file (JSON) nested",
            (*WALK_CASE[:3], "--student", "s.json", *WALK_CASE[5:]),
            text("s.json", student),
        ),
        attempt(
            kind,
            "answers file nested",
            WALK_ANSWERS,
            text("li-lei.answers.yaml", "library_cleared: " + arrays),
        ),
        attempt(kind, "workflow nested", ("check", WORKFLOW), text(WORKFLOW, "id: " + objects)),
        attempt(
            kind,
            "scenarios file nested",
            ("test", WORKFLOW),
            text("gyvtc-2014.scenarios.yaml", "scenarios: " + arrays),
        ),
    ]


ATTEMPTS = _surrogates() + _decimals() + _deep()
