"""What staff give a plan: the renames file (located, both workflows) and the facts file."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow.engine import Renames
from clearflow.errors import TableError, WorkflowError
from clearflow.format import parse_renames
from clearflow.migration import added_facts, read_facts, read_renames
from support import workflow_2014
from support.mid_season import revised

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "renames"
FIXTURE_PATHS = sorted(FIXTURES.glob("CF*.yaml"))


def expected(path: Path, tag: str) -> list[str]:
    """The ``# expect:`` (or ``# expect-zh:``) lines at the top of a fixture."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        line.removeprefix(tag).replace("{source}", str(path))
        for line in lines
        if line.startswith(tag)
    ]


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=[path.stem for path in FIXTURE_PATHS])
def test_renames_fixture_reports_exactly_the_expected_issues(path: Path) -> None:
    """Each fixture, read against the 2014 workflow as old and new, says its lines in
    English and in Chinese."""
    with pytest.raises(WorkflowError) as raised:
        read_renames(path, workflow_2014(), workflow_2014())
    issues = raised.value.issues
    assert [str(issue) for issue in issues] == expected(path, "# expect: ")
    assert [issue.text("zh") for issue in issues] == expected(path, "# expect-zh: ")


def test_a_good_renames_file_is_the_engines_renames(tmp_path: Path) -> None:
    """Old ids are checked against the old workflow, new ids against the new one."""
    path = tmp_path / "renames.yaml"
    path.write_text(
        "steps:\n  dormitory_cleared: dormitory_checked_out\noffices: {}\n", encoding="utf-8"
    )
    found = read_renames(path, workflow_2014(), revised(rename=True))
    assert found == Renames(steps={"dormitory_cleared": "dormitory_checked_out"})


def test_the_new_id_is_checked_against_the_new_workflow_only() -> None:
    """An id only the old workflow has is no new id."""
    with pytest.raises(WorkflowError) as raised:
        parse_renames(
            "steps: {dormitory_cleared: dormitory_cleared}\n",
            workflow_2014(),
            revised(rename=True),
            "r.yaml",
        )
    assert [str(issue) for issue in raised.value.issues] == [
        "r.yaml:1:28: steps.dormitory_cleared: the new workflow has no step 'dormitory_cleared' "
        "(did you mean 'dormitory_checked_out'?) [CF212]"
    ]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "step: {a: b}\n",
            ["r.yaml:1:1: step: unknown key 'step' (did you mean 'steps'?) [CF101]"],
        ),
        (
            "steps: [library_cleared]\n",
            [
                "r.yaml:1:8: steps: expected a mapping, found a list "
                "(write one 'id: {...}' entry per line) [CF103]"
            ],
        ),
        (
            "steps:\n  Library_Cleared: library_cleared\n",
            [
                "r.yaml:2:3: steps.Library_Cleared: invalid id 'Library_Cleared' (use lowercase "
                "letters, digits and '_', e.g. 'library_cleared') [CF104]"
            ],
        ),
        (
            "",
            [
                "r.yaml:1:1: file is empty "
                "(a renames file starts with 'steps:' or 'offices:') [CF003]"
            ],
        ),
    ],
    ids=["unknown-key", "not-a-mapping", "not-an-id", "empty"],
)
def test_a_renames_file_of_the_wrong_shape_is_located(text: str, lines: list[str]) -> None:
    """The strict reader's shape errors, as for every other file."""
    with pytest.raises(WorkflowError) as raised:
        parse_renames(text, workflow_2014(), workflow_2014(), "r.yaml")
    assert [str(issue) for issue in raised.value.issues] == lines


def test_added_facts_are_those_the_new_workflow_declares_alone() -> None:
    """The loan fact is the one a facts file may give."""
    assert added_facts(workflow_2014(), revised(loan=True)) == ("student_loan",)
    assert added_facts(revised(loan=True), workflow_2014()) == ()


def test_a_facts_file_with_chinese_headers(tmp_path: Path) -> None:
    """学号 and the fact's zh label head the columns; 是/否 are read as yes and no."""
    path = tmp_path / "loans.csv"
    path.write_text("学号,姓名,助学贷款\n2014002,钱二,是\n2014001,赵一,否\n", encoding="utf-8")
    found = read_facts(path, workflow_2014(), revised(loan=True))
    assert found == {"2014002": {"student_loan": True}, "2014001": {"student_loan": False}}


def test_a_facts_file_with_mistakes_says_each_located(tmp_path: Path) -> None:
    """An unreadable cell, a student twice and a column for an old fact, each at its cell."""
    path = tmp_path / "loans.csv"
    path.write_text(
        "student_id,student_loan,party_member\n2014002,maybe,yes\n2014002,yes,no\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError) as raised:
        read_facts(path, workflow_2014(), revised(loan=True))
    assert [str(issue) for issue in raised.value.issues] == [
        f"{path}:1:3: unknown column 'party_member' (known columns: name, student_id, "
        "student_loan) [CF712]",
    ]
    path.write_text("student_id,student_loan\n2014002,maybe\n2014002,yes\n", encoding="utf-8")
    with pytest.raises(TableError) as raised:
        read_facts(path, workflow_2014(), revised(loan=True))
    assert [str(issue) for issue in raised.value.issues] == [
        f"{path}:2:2: column 'student_loan': 'maybe' is not yes or no (write one of: "
        "true/false, yes/no, 1/0, 是/否, y/n) [CF713]",
        f"{path}:3:1: column 'student_id': student '2014002' is also on row 2 "
        "(list each student once) [CF714]",
    ]
