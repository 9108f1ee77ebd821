"""compare: the 2014 notice against its workflow, and copies of it with one error each."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow.documents import Difference, compare
from clearflow.loading import load_workflow
from clearflow.spec import Workflow
from support import WORKFLOW_2014

SEED = Path(__file__).resolve().parents[2] / "examples" / "notices" / "notice-2014.txt"


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(WORKFLOW_2014)


@pytest.fixture(scope="module")
def notice() -> str:
    return SEED.read_text(encoding="utf-8")


def _edited(notice: str, line: int, old: str, new: str) -> str:
    lines = notice.split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def _new(workflow: Workflow, notice: str, edited: str) -> list[Difference]:
    before = {(d.line, d.column, d.kind) for d in compare(workflow, notice)}
    return [d for d in compare(workflow, edited) if (d.line, d.column, d.kind) not in before]


def test_the_seed_notice_differs_only_in_the_attachments_service_days(
    workflow: Workflow, notice: str
) -> None:
    """The attachment's 07-08..07-10 (8、9、10日; 8日 for 中职; 9、10日 for 高职), nothing else."""
    found = compare(workflow, notice, "notice-2014.txt")
    assert [(d.line, d.column, d.kind, d.found) for d in found] == [
        (84, 6, "date", "7月8"),
        (85, 1, "date", "7月8日"),
        (86, 1, "date", "7月9"),
    ]
    assert [d.text("zh") for d in found] == [
        "notice-2014.txt:84:6: 7月8日（星期二）不是本流程的日期"
        "（办理日期：7月9日（星期三）、7月10日（星期四）、7月11日（星期五））",
        "notice-2014.txt:85:1: 7月8日（星期二）不是中职、院本部的办理日期"
        "（本流程为：7月9日（星期三））",
        "notice-2014.txt:86:1: 7月9日（星期三）不是高职、院本部的办理日期"
        "（本流程为：7月10日（星期四）、7月11日（星期五））",
    ]
    assert str(found[1]) == (
        "notice-2014.txt:85:1: Tue 8 July is not a day of the sessions of Secondary vocational, "
        "Main campus (the workflow: Wed 9 July)"
    )


@pytest.mark.parametrize(
    ("line", "old", "new", "expected"),
    [
        (8, "星期三", "星期四", (8, 1, "weekday")),
        (10, "星期四、五", "星期四、六", (10, 8, "weekday")),
        (20, "474", "470", (20, 2, "headcount")),
        (3, "1714名", "1700名", (3, 29, "headcount")),
        (3, "588名", "589名", (3, 59, "headcount")),
        (23, "13:00——16:30", "13:00——17:00", (23, 2, "time")),
        (18, "9:00—12：00", "9:00—11：00", (18, 2, "time")),
        (32, "7月11日", "7月12日", (32, 2, "date")),
        (17, "7月10日", "7月11日", (17, 2, "date")),
        (62, "7月4日", "7月5日", (62, 74, "date")),
        (8, "7月9日（星期三）", "7月8日（星期二）", (8, 1, "date")),
        (8, "7月9日（星期三）", "7月10日（星期四）", (8, 1, "date")),
        (10, "7月10日——11日（星期四、五）", "7月9日——10日（星期三、四）", (10, 1, "date")),
    ],
)
def test_one_error_is_one_difference(
    workflow: Workflow,
    notice: str,
    line: int,
    old: str,
    new: str,
    expected: tuple[int, int, str],
) -> None:
    """Each edit of the seed is reported once, where it was made."""
    found = _new(workflow, notice, _edited(notice, line, old, new))
    assert [(d.line, d.column, d.kind) for d in found] == [expected]


def test_a_headcount_names_what_the_workflow_says(workflow: Workflow, notice: str) -> None:
    """The message gives the workflow's count and the group, in zh and en."""
    (found,) = _new(workflow, notice, _edited(notice, 20, "474", "470"))
    assert found.message.text("zh") == "人数470与本流程中高职、城乡规划分院的474人不符"
    assert "for Higher vocational, Urban and Rural Planning" in found.text("en")


def test_a_row_moved_to_another_day(workflow: Workflow, notice: str) -> None:
    """A table row dated another service day is told the session's own day."""
    (found,) = _new(workflow, notice, _edited(notice, 17, "7月10日", "7月11日"))
    assert "the workflow serves Higher vocational, Urban and Rural Planning on Thu 10 July" in str(
        found
    )


def test_numbers_the_workflow_does_not_speak_of_are_left_alone(workflow: Workflow) -> None:
    """A headcount naming no group, a year, a list number: nothing to compare."""
    text = "2014年我院毕业学生2985名\n1.前期准备工作完成时间：7月4日\n共有30人参加"
    assert compare(workflow, text) == []
