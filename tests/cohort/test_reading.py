"""Reading a class from a store: never creates a database, refuses an empty one."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow.cohort import read_cohort
from clearflow.errors import StoreError
from clearflow.store import Store
from support import engine_2014, start


def test_a_missing_database_is_refused_and_not_created(tmp_path: Path) -> None:
    """No file at the path: a StoreError whose fix is importing a roster; no file appears."""
    path = tmp_path / "class.db"
    with pytest.raises(StoreError) as raised:
        read_cohort(path, engine_2014())
    assert str(raised.value) == f"no database at '{path}' (import a roster first)"
    assert raised.value.fix == "import_roster"
    assert not path.exists()
    with pytest.raises(StoreError, match=r"^no database at"):
        read_cohort(f"sqlite:///{path}", engine_2014())
    assert not path.exists()


def test_store_open_refuses_to_create_only_when_asked(tmp_path: Path) -> None:
    """``create=False`` refuses a missing file; the default creates it."""
    path = tmp_path / "new.db"
    with pytest.raises(StoreError):
        Store.open(path, engine_2014(), create=False)
    Store.open(path, engine_2014()).close()
    Store.open(path, engine_2014(), create=False).close()
    assert path.exists()


def test_a_database_without_students_of_the_workflow_is_refused(store_url: str) -> None:
    """An empty store says so, naming the workflow and the database (password hidden)."""
    Store.open(store_url, engine_2014()).close()
    with pytest.raises(StoreError, match=r"^no students of workflow 'gyvtc-2014' in ") as raised:
        read_cohort(store_url, engine_2014())
    assert raised.value.fix == "import_roster"
    assert str(raised.value).endswith("' (import a roster first)")
    zh = raised.value.text("zh")
    assert zh.startswith("数据库 '")
    assert zh.endswith("' 中没有流程 'gyvtc-2014' 的学生（先导入名册）")


def test_every_case_comes_with_its_counsellor_by_student_id(store_url: str) -> None:
    """The cases as stored, sorted by student id, each with its counsellor."""
    with Store.open(store_url, engine_2014()) as store:
        store.add([start(student_id="b"), start(student_id="a")], {"a": "王老师"})
    pairs = read_cohort(store_url, engine_2014())
    assert [(case.student_id, counsellor) for case, counsellor in pairs] == [
        ("a", "王老师"),
        ("b", None),
    ]
