"""The staff roster: read from CSV (Chinese headers too) and YAML with located errors, stored in
a store as versions (newest in force, also after reopening), late imports warned, and office
lists acting as their office's account."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from clearflow.cohort import import_office_list, import_roster, import_staff, load_roster
from clearflow.engine import Actor, Engine
from clearflow.errors import NotPermittedError, TableError, WorkflowError
from clearflow.store import Store, roster_versions, upgrade_store
from support import engine_2014
from support.roster import ROSTER, STAFF_PATH, engine, workflow


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_roster_reads_with_chinese_headers() -> None:
    """工号/姓名/部门/单位/角色 are the columns staff_id, name, office, unit, role."""
    assert load_roster(STAFF_PATH, workflow()) == ROSTER


def test_an_office_may_be_named_by_its_label(tmp_path: Path) -> None:
    """财务处 (the office's zh label) names the office finance."""
    path = write(tmp_path / "s.csv", "staff_id,name,office,unit\nF1,陈静,财务处,arts\n")
    (member,) = load_roster(path, workflow()).members
    assert (member.office, member.unit) == ("finance", "arts")


def test_table_problems_are_located_and_all_reported(tmp_path: Path) -> None:
    """Unknown office with a suggestion, a staff id twice naming both rows, a bad unit."""
    path = write(
        tmp_path / "staff.csv",
        "工号,姓名,部门,单位\n"
        "F1,陈静,finance,business\n"
        "F2,刘洋,finace,arts\n"
        "F1,王五,finance,art\n"
        "F3,,finance,\n"
        "office:finance,账号,finance,arts\n",
    )
    with pytest.raises(TableError) as caught:
        load_roster(path, workflow())
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}:3:3: column 'office': unknown office 'finace' (did you mean 'finance'?) [CF718]",
        f"{path}:4:1: column 'staff_id': staff 'F1' is on row 2 and on row 4 "
        "(list each staff member once) [CF719]",
        f"{path}:4:4: column 'unit': unknown unit 'art' of 'school' (did you mean 'arts'?) [CF713]",
        f"{path}:5:2: column 'name': empty name (every staff member needs one) [CF713]",
        f"{path}:5:4: column 'unit': empty unit: office 'finance' acts only for its unit's "
        "students (write the 'school' of the students this person serves) [CF713]",
        f"{path}:6:1: column 'staff_id': 'office:finance' is an office's account, not a "
        "person's staff id (list people by their staff id (工号)) [CF713]",
    ]
    assert caught.value.text("zh").splitlines()[1] == (
        f"{path}:4:1: column 'staff_id'：工号 'F1' 在第 2 行和第 4 行各出现一次"
        "（每名工作人员只列一次）[CF719]"
    )


def test_a_missing_column_is_reported(tmp_path: Path) -> None:
    """staff_id, name and office are required."""
    path = write(tmp_path / "s.csv", "staff_id,name\nF1,陈静\n")
    with pytest.raises(TableError) as caught:
        load_roster(path, workflow())
    assert str(caught.value) == (
        f"{path}:1:1: missing column 'office' (a staff roster needs name, office, staff_id) [CF711]"
    )


def test_a_yaml_roster_reads_and_its_problems_are_located(tmp_path: Path) -> None:
    """YAML: staff by id; an unknown office and a staff id twice are located."""
    good = write(
        tmp_path / "staff.yaml",
        "staff:\n  F2101: {name: 陈静, office: finance, unit: business, role: 出纳}\n",
    )
    (member,) = load_roster(good, workflow()).members
    assert member == ROSTER.get("F2101")
    bad = write(
        tmp_path / "bad.yaml",
        "staff:\n"
        "  F1: {name: 陈静, office: finace, unit: arts}\n"
        "  F1: {name: 刘洋, office: finance, unit: arts}\n",
    )
    with pytest.raises(WorkflowError) as caught:
        load_roster(bad, workflow())
    assert str(caught.value).splitlines() == [
        f"{bad}:2:26: staff.F1.office: unknown office 'finace' (did you mean 'finance'?) [CF201]",
        f"{bad}:3:3: key 'F1' is given twice (lines 2 and 3) (keep one; a later key would "
        "silently replace the earlier) [CF005]",
    ]


STUDENTS = "student_id,name,school,supervisor_id\n2021001,张三,business,T0042\n"


def test_a_store_keeps_roster_versions_and_opens_with_the_newest(tmp_path: Path) -> None:
    """Each import is a version; the newest decides who acts, also after reopening."""
    db = tmp_path / "c.db"
    first = write(tmp_path / "v1.csv", "staff_id,name,office,unit\nF1,陈静,finance,business\n")
    second = write(tmp_path / "v2.csv", "staff_id,name,office,unit\nF2,刘洋,finance,business\n")
    with Store.open(db, workflow_engine()) as store:
        import_roster(store, write(tmp_path / "students.csv", STUDENTS))
        one = import_staff(store, first, today=dt.date(2021, 5, 1))
        assert one.said().text("en") == f"{first}: staff roster version 1, 1 staff member"
        assert (one.late, one.warning()) == (False, None)
        two = import_staff(store, second, today=dt.date(2021, 5, 21))
        assert two.version == 2
        assert two.late
        assert str(two.warning()) == (
            f"{second}: the staff roster was due by 2021-05-20 (the workflow's roster.due)"
        )
        assert import_staff(store, second).already_imported
        assert store.engine.roster is not None
        assert "F2" in store.engine.roster
    with Store.open(db, workflow_engine()) as store:
        case = store.load("2021001")
        with pytest.raises(NotPermittedError):
            case.clear("fees_paid", Actor(office="finance", staff="F1"))
        event = case.clear("fees_paid", Actor(office="finance", staff="F2"))
        assert (event.staff_name, event.unit) == ("刘洋", "business")
        with store._reading() as connection:
            versions = roster_versions(connection, store.workflow)
        assert [(version, source) for version, _, source, _ in versions] == [
            (1, str(first)),
            (2, str(second)),
        ]
    kinds = sqlite3.connect(db).execute("SELECT kind FROM clearflow_imports").fetchall()
    assert sorted(kind for (kind,) in kinds) == ["roster", "staff", "staff"]


def test_an_office_list_acts_as_the_office_account_when_there_is_a_roster(tmp_path: Path) -> None:
    """With a roster, a list's events are by office:<office>, which may clear any school's."""
    db = tmp_path / "c.db"
    with Store.open(db, workflow_engine()) as store:
        import_roster(store, write(tmp_path / "students.csv", STUDENTS))
        import_staff(store, STAFF_PATH)
        listed = write(tmp_path / "finance.csv", "student_id,owes\n2021001,clear\n")
        result = import_office_list(store, listed, office="finance")
        assert result.cleared == 1
        event = store.history("2021001")[-1]
        assert (event.office, event.staff, event.staff_name) == (
            "finance",
            "office:finance",
            None,
        )


def test_a_store_made_before_rosters_opens_and_has_none(tmp_path: Path) -> None:
    """No clearflow_staff table (the oldest version-1 stores): upgraded, it has no roster."""
    db = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "store" / "v1.db", db)
    connection = sqlite3.connect(db)
    connection.execute("DROP TABLE clearflow_staff")
    connection.commit()
    connection.close()
    upgrade_store(db)
    with Store.open(db, engine_2014(), read_only=True) as store:
        assert store.engine.roster is None
    with Store.open(db, engine_2014()) as store:
        assert store.engine.roster is None
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("clearflow_staff",) in tables


def workflow_engine() -> Engine:
    """An engine of the example workflow without a roster (the store adopts its own)."""
    return engine(None)
