"""One student, one id: white space around an id is trimmed the same way everywhere.

A roster's cells were trimmed but a student file's ``id:`` was not, so ``" 2014010203 "``
walked into a store became a second student beside the roster's. Every reader and lookup
now goes through :func:`clearflow.spec.clean_student_id`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.cohort._cells import read_student_id
from clearflow.cohort.importing import import_roster
from clearflow.format.student import parse_student
from clearflow.spec import clean_student_id
from clearflow.store import Store, open_stored_case
from support import WORKFLOW_2014, engine_2014, workflow_2014
from support.imports import ROSTER_HEADER, dump

LI_LEI = "2014010203"
ROSTER = ROSTER_HEADER + f"{LI_LEI},李雷,王老师,高职,院本部,城乡规划分院,是,是\n"
SPACED = ["  2014010203", "2014010203 ", "\t2014010203\n", "\u30002014010203\u3000"]
ANSWERS = WORKFLOW_2014.parents[1] / "examples" / "answers" / "li-lei.yaml"
"""李雷's answers: the prerequisites before the deadline; the stations at --at, in his session."""
STUDENT = """\
id: "{id}"
name: 李雷
facts:
  program: higher_vocational
  campus: main
  department: urban_rural_planning
  party_member: true
  credits_complete: true
"""


def walk(directory: Path, *args: str) -> Result:
    """``clearflow walk --db clearflow.db`` in ``directory``, without a terminal."""
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(directory)
        return runner.invoke(
            main, ["walk", str(WORKFLOW_2014), "--db", "clearflow.db", "--yes", *args]
        )


def roster_store(directory: Path) -> Path:
    """A store holding 李雷 from a roster; the database file."""
    roster = directory / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    with Store.open(directory / "clearflow.db", engine_2014()) as store:
        import_roster(store, roster)
    return directory / "clearflow.db"


@pytest.mark.parametrize("spaced", SPACED)
def test_every_reader_trims_the_same_way(spaced: str) -> None:
    """The student file, the roster cell, the engine and the one function agree."""
    record = parse_student(STUDENT.format(id=spaced), workflow_2014())
    case = engine_2014().start(spaced, record.facts)
    assert {record.id, read_student_id(spaced), case.student_id, clean_student_id(spaced)} == {
        LI_LEI
    }


def test_a_student_file_with_a_spaced_id_walks_the_roster_student(tmp_path: Path) -> None:
    """``id: " 2014010203 "`` walks the roster's 李雷; no second student appears."""
    database = roster_store(tmp_path)
    student = tmp_path / "li-lei.yaml"
    student.write_text(STUDENT.format(id=" 2014010203 "), encoding="utf-8")
    result = walk(
        tmp_path, "--student", str(student), "--answers", str(ANSWERS), "--at", "2014-07-10 09:40"
    )
    assert result.exit_code == 0, result.output
    rows = dump(database)
    assert [row[1] for row in rows["clearflow_cases"]] == [LI_LEI]
    assert {row[1] for row in rows["clearflow_events"]} == {LI_LEI}
    with Store.open(database, engine_2014()) as store:
        assert store.load(LI_LEI).is_released


def test_walk_student_id_and_store_lookups_trim(tmp_path: Path) -> None:
    """``--student-id " 2014010203 "`` and the store's lookups find the stored student."""
    database = roster_store(tmp_path)
    with Store.open(database, engine_2014()) as store:
        assert store.load(" 2014010203\t").student_id == LI_LEI
        assert len(store.history("\u30002014010203")) == 1
        record = parse_student(STUDENT.format(id=LI_LEI), workflow_2014())
        case = open_stored_case(store, engine_2014(), student_id=" 2014010203 ", student=record)
        assert case.student_id == LI_LEI
    result = walk(
        tmp_path,
        "--student-id",
        " 2014010203 ",
        "--answers",
        str(ANSWERS),
        "--at",
        "2014-07-10 09:40",
    )
    assert result.exit_code == 0, result.output
    assert [row[1] for row in dump(database)["clearflow_cases"]] == [LI_LEI]
