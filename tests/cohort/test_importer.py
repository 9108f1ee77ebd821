"""Imports into a store: rosters and office lists, all or nothing, idempotent, and a crash test.

Every refused import is checked twice: the exact located lines, and a dump of the
database's tables that must be the same before and after.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from clearflow.cli._flags import FLAG_WORDS, flag_text
from clearflow.cohort._cells import CellError, read_amount, read_choice, read_fact, read_integer
from clearflow.cohort.importing import ImportResult, import_office_list, import_roster
from clearflow.cohort.staff import import_staff
from clearflow.engine import StepStatus
from clearflow.engine._audit import Action
from clearflow.errors import Issue, TableError
from clearflow.spec._model import Choice, Fact, FactType, Label
from clearflow.store._store import Store
from support import ZONE, workflow_2014
from support.imports import BASE_ROSTER, FIXTURES, ROSTER_HEADER, dump, open_store, roster_text

ROOT = Path(__file__).resolve().parents[2]
EARLY = dt.datetime(2014, 6, 30, 9, 0, tzinfo=ZONE)
TABLE_FIXTURES = sorted(p for p in FIXTURES.glob("CF*") if p.suffix in {".csv", ".xlsx"})
LIST_HEADER = "student_id,owes,amount,items,note\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store of the 2014 workflow holding the five students of the base roster."""
    with open_store(tmp_path) as opened:
        import_roster(opened, BASE_ROSTER, at=EARLY)
        yield opened


def database(store: Store) -> Path:
    """The SQLite file behind a store."""
    name = store.database.url.database
    assert name is not None
    return Path(name)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a table file and return its path."""
    path.write_bytes(text.encode(encoding))
    return path


def refused_issues(store: Store, call: Any, *args: Any, **options: Any) -> tuple[Issue, ...]:
    """The issues an import is refused with, after checking that it changed nothing."""
    before = dump(database(store))
    with pytest.raises(TableError) as caught:
        call(store, *args, **options)
    assert dump(database(store)) == before
    return caught.value.issues


def refused(store: Store, call: Any, *args: Any, **options: Any) -> list[str]:
    """The lines an import is refused with, after checking that it changed nothing."""
    return [str(issue) for issue in refused_issues(store, call, *args, **options)]


# -- the table fixtures, one per code -------------------------------------------


def fixture_options(path: Path) -> dict[str, Any]:
    """How a table fixture is imported, from the YAML file beside it."""
    options: dict[str, Any] = yaml.safe_load(path.with_suffix(".yaml").read_text("utf-8"))
    return options


@pytest.mark.parametrize("path", TABLE_FIXTURES, ids=[path.stem for path in TABLE_FIXTURES])
def test_table_fixture_reports_exactly_the_expected_issues(
    path: Path, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table fixture is refused with exactly the lines its YAML lists, changing nothing:
    ``expect`` in English, ``expect-zh`` (when the fixture has it) in Chinese."""
    options = fixture_options(path)
    name = options.pop("as")
    expected = options.pop("expect")
    expected_zh = options.pop("expect-zh", None)
    if "at" in options:
        options["at"] = dt.datetime.fromisoformat(options["at"])
    shutil.copy(path, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    staff = options.pop("staff", False)
    call = import_staff if staff else import_office_list if "office" in options else import_roster
    issues = refused_issues(store, call, Path(name), **options)
    assert [str(issue) for issue in issues] == expected
    assert path.name.startswith(expected[0].rsplit("[", 1)[1][:5])
    if expected_zh is not None:
        assert [issue.text("zh") for issue in issues] == expected_zh


def test_table_fixtures_state_their_chinese_lines() -> None:
    """Every table fixture gives its lines in Chinese too, one for each English line."""
    for path in TABLE_FIXTURES:
        options = fixture_options(path)
        assert len(options.get("expect-zh", ())) == len(options["expect"]), path.name


def test_documented_import_messages_are_real() -> None:
    """Every import message quoted in docs/errors.md and docs/cohort.md is a fixture's.

    The pages quote the command line, so the fixtures' lines are compared in its words.
    """
    produced = {
        flag_text(line, FLAG_WORDS)
        for path in TABLE_FIXTURES
        for line in fixture_options(path)["expect"]
    }
    pattern = re.compile(r"^([a-z]+\.(?:csv|xlsx):\d+:\d+: .*\[CF7\d\d\])$", re.MULTILINE)
    quoted = {
        line
        for page in ("errors.md", "cohort.md")
        for line in pattern.findall((ROOT / "docs" / page).read_text("utf-8"))
    }
    assert len(quoted) >= len(TABLE_FIXTURES)
    assert sorted(quoted - produced) == []


# -- rosters --------------------------------------------------------------------


def test_roster_starts_a_case_per_student(store: Store) -> None:
    """A roster adds every student with typed facts, names and counsellors."""
    assert store.student_ids() == [f"201400000{n}" for n in range(1, 6)]
    lei = store.load("2014000001")
    assert (lei.name, lei.facts["party_member"], lei.facts["department"]) == (
        "李雷",
        True,
        "tourism",
    )
    jim = store.load("2014000003")
    assert jim.facts["program"] == "secondary_vocational"  # by its English label
    assert store.load("2014000004").facts["department"] == "information_science"  # 信科系
    counsellors = {case.student_id: counsellor for case, counsellor in store.cases()}
    assert (counsellors["2014000003"], counsellors["2014000004"]) == ("Ms Li", "王老师")


def test_roster_events_name_the_import(store: Store) -> None:
    """The start event of an imported student names the import and the file, at --at."""
    (event,) = store.history("2014000002")
    assert (event.action, event.office, event.staff, event.at) == (
        Action.START,
        "import",
        "roster.csv",
        EARLY,
    )


def test_roster_result(tmp_path: Path) -> None:
    """The result counts rows and students, and says how the file was read."""
    path = write(tmp_path / "roster.csv", roster_text(3), "gb18030")
    with open_store(tmp_path) as store:
        result = import_roster(store, path, at=EARLY)
    assert result == ImportResult(
        source=str(path), kind="roster", rows=3, encoding="GB18030", added=3
    )
    assert result.summary() == f"{path}: 3 students added (3 rows, GB18030)"
    assert result.summary("zh") == f"{path}: 新增 3 名学生（3 行，GB18030）"


def test_roster_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    """Importing the same file again, even under another name, is a no-op."""
    before = dump(database(store))
    again = import_roster(store, BASE_ROSTER)
    copy = tmp_path / "copy.csv"
    shutil.copy(BASE_ROSTER, copy)
    assert import_roster(store, copy).already_imported
    assert again.summary() == f"{BASE_ROSTER}: already imported, nothing changed"
    assert again.summary("zh") == f"{BASE_ROSTER}: 已导入过，没有改动"
    assert dump(database(store)) == before


def test_roster_skip_existing(store: Store, tmp_path: Path) -> None:
    """With skip_existing, students already stored are left out and counted."""
    stored = BASE_ROSTER.read_text("utf-8").splitlines(keepends=True)[1:]
    path = write(tmp_path / "more.csv", roster_text(2) + "".join(stored))
    result = import_roster(store, path, skip_existing=True)
    assert (result.added, result.skipped) == (2, 5)
    assert len(store.student_ids()) == 7
    assert result.summary() == f"{path}: 2 students added, 5 already in the store (7 rows, UTF-8)"
    assert result.summary("zh") == f"{path}: 新增 2 名学生，5 名已在数据库中（7 行，UTF-8）"


def test_roster_from_xlsx(tmp_path: Path) -> None:
    """A roster workbook with numeric ids and Excel booleans imports like a CSV."""
    path = tmp_path / "roster.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ROSTER_HEADER.strip().split(","))
    sheet.append([2014000101, "张三", "王老师", "高职", "院本部", "旅游系", True, "是"])
    book.save(path)
    with open_store(tmp_path) as store:
        assert import_roster(store, path).added == 1
        assert store.load("2014000101").facts["party_member"] is True


def test_roster_fact_labels_as_headers(tmp_path: Path) -> None:
    """A fact's zh label names its column (层次 is program, 分院、系 is department)."""
    text = '学号,层次,校区,"分院、系",credits_complete\n2014000101,高职,院本部,旅游系,是\n'
    with open_store(tmp_path) as store:
        import_roster(store, write(tmp_path / "roster.csv", text))
        assert store.load("2014000101").facts["department"] == "tourism"


def test_gb18030_errors_say_how_the_file_was_read(store: Store, tmp_path: Path) -> None:
    """A refused GB18030 file ends its message with a note naming the encoding."""
    path = write(
        tmp_path / "roster.csv",
        ROSTER_HEADER + "2014000101,张三,,高职,本部,旅游系,,是\n",
        "gb18030",
    )
    with pytest.raises(TableError) as caught:
        import_roster(store, path)
    assert str(caught.value).splitlines()[-1] == (
        f"note: {path} was read as GB18030 (Excel's CSV on Chinese Windows)"
    )
    assert caught.value.text("zh").splitlines()[-1] == (
        f"注：{path} 已按 GB18030 编码读取（中文 Windows 上 Excel 保存的 CSV）"
    )


# -- cells ----------------------------------------------------------------------

CAMPUS = Fact(
    id="campus",
    type=FactType.CHOICE,
    label=Label(en="Campus"),
    values=(Choice(id="main", label=Label(zh="院本部", en="Main campus")),),
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("TRUE", True),
        ("yes", True),
        ("1", True),
        ("是", True),
        ("Y", True),
        ("false", False),
        ("No", False),
        ("0", False),
        ("否", False),
        ("n", False),
    ],
)
def test_bool_words(text: str, value: bool) -> None:
    """A yes/no fact accepts true/false, yes/no, 1/0, 是/否, y/n in any case."""
    assert read_fact(text, Fact(id="member", type=FactType.BOOL, label=Label(en="M"))) is value


def test_choice_by_id_or_label() -> None:
    """A choice is its id or its zh or en label, in any case."""
    assert {read_choice(text, CAMPUS) for text in ("main", "院本部", "MAIN CAMPUS")} == {"main"}
    with pytest.raises(CellError) as caught:
        read_choice("north", CAMPUS)
    assert (str(caught.value.message), str(caught.value.hint)) == (
        "unknown value 'north'",
        "known values: main",
    )


def test_integers_and_amounts() -> None:
    """Whole numbers are digits; amounts take ¥, 元 and thousands commas, never a minus."""
    assert read_integer("12") == 12
    assert [str(read_amount(text)) for text in ("1,200.5", "¥35", "80元")] == [
        "1200.50",
        "35.00",
        "80.00",
    ]
    for reader, text in ((read_integer, "3.5"), (read_amount, "-3"), (read_amount, "lots")):
        with pytest.raises(CellError):
            reader(text)


# -- office lists ---------------------------------------------------------------


def test_office_list_clears_and_refuses(store: Store, tmp_path: Path) -> None:
    """'clear' rows clear the step, 'owes' rows refuse it with the amount, items and note."""
    path = write(
        tmp_path / "library.csv",
        LIST_HEADER + "2014000001,clear,,,\n2014000002,欠,35,2 books,lost in June\n",
    )
    result = import_office_list(store, path, office="library", at=EARLY)
    assert (result.cleared, result.refused, result.skipped, result.unchanged) == (1, 1, 0, 0)
    assert result.summary() == (
        f"{path}: library_cleared: 1 cleared, 1 refused, 0 already settled, 0 unchanged "
        "(2 rows, UTF-8)"
    )
    assert result.summary("zh") == (
        f"{path}: library_cleared：办结 1 人，退回 1 人，0 人此前已办结，0 人没有变化"
        "（2 行，UTF-8）"
    )
    assert store.load("2014000001").status("library_cleared") is StepStatus.CLEARED
    event = store.history("2014000002")[-1]
    assert (event.action, event.office, event.staff, event.reason) == (
        Action.REFUSE,
        "library",
        "import:library.csv",
        "owes 35.00 yuan; items: 2 books; note: lost in June",
    )
    assert store.load("2014000003").status("library_cleared") is StepStatus.PENDING


def test_office_list_reimport_and_update(store: Store, tmp_path: Path) -> None:
    """The same list again changes nothing; an updated list only changes what changed."""
    path = write(tmp_path / "library.csv", LIST_HEADER + "2014000001,yes,,1 book,\n")
    import_office_list(store, path, office="library", at=EARLY)
    before = dump(database(store))
    assert import_office_list(store, path, office="library").already_imported
    assert dump(database(store)) == before
    write(path, LIST_HEADER + "2014000001,yes,,1 book,\n2014000002,no,,,\n")
    result = import_office_list(store, path, office="library", at=EARLY)
    assert (result.cleared, result.refused, result.unchanged) == (1, 0, 1)
    write(path, LIST_HEADER + "2014000001,no,,,\n2014000002,no,,,\n")
    result = import_office_list(store, path, office="library", at=EARLY)
    assert (result.cleared, result.skipped) == (1, 1)


def test_same_bytes_for_another_office_are_imported(store: Store, tmp_path: Path) -> None:
    """A list's identity includes its office and step, so identical files of two offices count."""
    path = write(tmp_path / "nobody-owes.csv", "student_id,owes\n")
    first = import_office_list(store, path, office="library", clear_unlisted=True, at=EARLY)
    second = import_office_list(store, path, office="logistics", clear_unlisted=True, at=EARLY)
    assert (first.cleared, second.cleared) == (5, 5)


def test_clear_unlisted(store: Store, tmp_path: Path) -> None:
    """With clear_unlisted every student the list leaves out is cleared; the rest as listed."""
    path = write(tmp_path / "library.csv", LIST_HEADER + "2014000003,owes,10,,\n")
    result = import_office_list(store, path, office="library", clear_unlisted=True, at=EARLY)
    assert (result.cleared, result.refused) == (4, 1)
    statuses = {sid: store.load(sid).status("library_cleared") for sid in store.student_ids()}
    assert [sid for sid, status in statuses.items() if status is StepStatus.REFUSED] == [
        "2014000003"
    ]


def test_steps_that_do_not_apply_are_skipped(store: Store, tmp_path: Path) -> None:
    """A 'clear' row for a step that does not apply (not a Party member) is skipped."""
    path = write(tmp_path / "party.csv", "student_id,owes\n2014000001,no\n2014000002,no\n")
    result = import_office_list(store, path, office="party_branch", at=EARLY)
    assert (result.cleared, result.skipped) == (1, 1)


def test_refusal_during_apply_rolls_back_everything(store: Store, tmp_path: Path) -> None:
    """CF717: a row the procedure refuses (already cleared) stops the whole list."""
    write(tmp_path / "first.csv", LIST_HEADER + "2014000001,no,,,\n")
    import_office_list(store, tmp_path / "first.csv", office="library", at=EARLY)
    path = write(tmp_path / "library.csv", LIST_HEADER + "2014000002,no,,,\n2014000001,yes,5,,\n")
    assert refused(store, import_office_list, path, office="library", at=EARLY) == [
        f"{path}:3:2: column 'owes': student '2014000001': cannot refuse 'library_cleared': "
        "already cleared on 2014-06-30 09:00 by library/import:first.csv [CF717]"
    ]


def test_unlisted_refusals_are_grouped(store: Store, tmp_path: Path) -> None:
    """CF717: students cleared because unlisted are reported once per reason, not per student."""
    path = write(tmp_path / "finance.csv", "student_id,owes\n2014000001,owes\n")
    late = dt.datetime(2014, 7, 8, 10, tzinfo=ZONE)
    assert refused(
        store, import_office_list, path, office="finance", clear_unlisted=True, at=late
    ) == [
        f"{path}:1:1: unlisted students '2014000002', '2014000003', '2014000004' and 1 more: "
        "cannot clear 'finance_cleared': deadline 'fees_due' (2014-07-04) has passed; "
        "office 'finance' may waive the step instead "
        "(they are not in the list, and clear_unlisted=True clears them) [CF717]"
    ]


def test_office_and_step_choice(store: Store, tmp_path: Path) -> None:
    """CF718: an office without a prerequisite needs --step, which must be the office's own."""
    path = write(tmp_path / "department.csv", "student_id,owes\n2014000001,no\n")
    assert refused(store, import_office_list, path, office="department") == [
        f"{path}:1:1: office 'department' signs no prerequisite "
        "(give step=ID: checklist_issued, checklist_returned) [CF718]"
    ]
    assert refused(store, import_office_list, path, office="library", step="fees_confirmed") == [
        f"{path}:1:1: step 'fees_confirmed' belongs to office 'finance', not 'library' "
        "(known steps of office 'library': library_cleared) [CF718]"
    ]


def test_bad_list_values(store: Store, tmp_path: Path) -> None:
    """CF711/CF713: a list needs an owes column, and each owes and amount cell must read."""
    path = write(tmp_path / "library.csv", "student_id,amount\n2014000001,3\n")
    assert refused(store, import_office_list, path, office="library") == [
        f"{path}:1:1: missing column 'owes' (an office list needs student_id, owes) [CF711]"
    ]
    path = write(path, LIST_HEADER + "2014000001,perhaps,,,\n2014000002,yes,three,,\n")
    assert refused(store, import_office_list, path, office="library") == [
        f"{path}:2:2: column 'owes': 'perhaps' is neither owes nor clear (write one of: "
        "yes/no, true/false, 1/0, 是/否, owes/clear, 欠/清) [CF713]",
        f"{path}:3:3: column 'amount': 'three' is not an amount of money "
        "(write a number such as 1200 or 1200.50) [CF713]",
    ]


# -- a crash inside the transaction ---------------------------------------------

CRASH_SCRIPT = """
import pathlib, sys, time
from clearflow import Engine, load_workflow
from clearflow.cohort.importing import import_roster
from clearflow.store import Store

class PausingStore(Store):
    # The import writes its rows inside one transaction: pause there, once all are written.
    def import_file(self, key, kind, source, body):
        def pausing(batch):
            rows = body(batch)
            pathlib.Path(sys.argv[4]).touch()
            time.sleep(600)
            return rows
        return super().import_file(key, kind, source, pausing)

engine = Engine(load_workflow(sys.argv[1]))
with PausingStore.open(sys.argv[2], engine) as store:
    import_roster(store, sys.argv[3])
"""
"""A child process importing a roster that waits, once its rows are written and before the
commit, for the test to kill it; the test's own hook, so the importer carries none."""


def test_sigkill_inside_the_import_leaves_the_database_as_before(tmp_path: Path) -> None:
    """A process killed (SIGKILL) inside a 20000-row import's transaction changes nothing."""
    roster = write(tmp_path / "big.csv", roster_text(20000))
    with open_store(tmp_path) as store:
        import_roster(store, BASE_ROSTER, at=EARLY)
        path = database(store)
    before = dump(path)
    marker = tmp_path / "inside-transaction"
    args = [sys.executable, "-c", CRASH_SCRIPT, str(workflow_2014().source), str(path)]
    process = subprocess.Popen([*args, str(roster), str(marker)])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, "the import ended before its transaction paused"
            assert time.monotonic() < deadline, "the import never reached its transaction"
            time.sleep(0.05)
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 1_000_000  # the 20000 rows are written, not committed
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert dump(path) == before
    with open_store(tmp_path) as store:
        assert import_roster(store, roster).added == 20000  # not recorded as imported
