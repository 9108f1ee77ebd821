"""The synthetic class (``examples/cohort.py``): the notice's shape, exact shares, importable."""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pytest

import cohort
from clearflow.cohort.importing import import_office_list, import_roster
from clearflow.store._store import Store
from support import at, engine_2014


@pytest.fixture(scope="module")
def class_2014() -> list[cohort.Student]:
    """The 2014 class with the default seed, generated once."""
    return cohort.generate()


def test_the_2014_class_has_the_notices_counts(class_2014: list[cohort.Student]) -> None:
    """2985 graduates: 1714 higher-vocational, 1271 secondary (549 + 588 + 134)."""
    assert len(class_2014) == 2985
    programs = collections.Counter(student.program for student in class_2014)
    assert programs == {"higher_vocational": 1714, "secondary_vocational": 1271}
    campuses = collections.Counter(
        student.campus for student in class_2014 if student.program == "secondary_vocational"
    )
    assert campuses == {"main": 549, "ergezhai": 588, "other_sites": 134}
    assert {s.campus for s in class_2014 if s.program == "higher_vocational"} == {"main"}


def test_scheduled_students_fill_the_schedule_and_137_are_left_over(
    class_2014: list[cohort.Student],
) -> None:
    """Each department's scheduled students match its headcount; 137 more are unscheduled."""
    higher = [student for student in class_2014 if student.program == "higher_vocational"]
    scheduled = collections.Counter(s.department for s in higher if s.scheduled)
    unscheduled = collections.Counter(s.department for s in higher if not s.scheduled)
    assert scheduled == cohort.DEPARTMENTS
    assert dict(unscheduled) == {
        "urban_rural_planning": 41,
        "rail_transit": 26,
        "information_science": 12,
        "finance_trade": 29,
        "tourism": 13,
        "biochemistry": 7,
        "equipment_manufacturing": 9,
    }
    assert not any(s.scheduled for s in class_2014 if s.program == "secondary_vocational")


def test_the_shares_are_exact(class_2014: list[cohort.Student]) -> None:
    """Members, agreements, moves, arrears: the stated share of 2985, rounded."""
    count = collections.Counter[str]()
    for student in class_2014:
        for fact in ("party_member", "league_member", "employment_agreement", "household_moving"):
            count[fact] += getattr(student, fact)
        count["cannot_graduate"] += not student.credits_complete
        count.update(list(student.arrears))
    assert count == {
        "party_member": 179,
        "league_member": 896,
        "employment_agreement": 1642,
        "household_moving": 298,
        "cannot_graduate": 119,
        "finance": 239,
        "library": 90,
        "student_aid": 60,
        "logistics": 60,
        "dormitory": 60,
        "academic_affairs": 60,
    }


def test_the_same_seed_gives_the_same_class(class_2014: list[cohort.Student]) -> None:
    """Generation is deterministic; another seed gives another class of the same shape."""
    assert cohort.generate(2985, 2014) == class_2014
    other = cohort.generate(2985, 7)
    assert other != class_2014
    assert collections.Counter(s.department for s in other) == collections.Counter(
        s.department for s in class_2014
    )


@pytest.mark.parametrize("size", [1, 10, 997, 20_000])
def test_other_sizes_keep_the_proportions(size: int) -> None:
    """Any size adds up, with unique ids, and about the notice's proportions."""
    students = cohort.generate(size, 1)
    assert len(students) == size
    assert len({student.student_id for student in students}) == size
    higher = sum(student.program == "higher_vocational" for student in students)
    assert higher == round(size * 1714 / 2985)


def test_apportion_adds_up() -> None:
    """Largest remainder: the parts always sum to the total."""
    assert cohort.apportion(137, list(cohort.DEPARTMENTS.values())) == [41, 26, 12, 29, 13, 7, 9]
    assert cohort.apportion(1577, list(cohort.DEPARTMENTS.values())) == list(
        cohort.DEPARTMENTS.values()
    )
    assert sum(cohort.apportion(5, [1, 1, 1])) == 5


def test_every_student_starts_a_case(class_2014: list[cohort.Student]) -> None:
    """Every student's facts fit the 2014 workflow, and each starts a case, in preparing."""
    engine = engine_2014()
    cases = [engine.start(student.student_id, cohort.facts(student)) for student in class_2014]
    assert len({case.student_id for case in cases}) == len(class_2014)
    assert {case.phase for case in cases} == {"preparing"}


def test_rows_have_the_import_formats(class_2014: list[cohort.Student]) -> None:
    """Roster rows carry the roster columns; office rows say yes/no with amount or items."""
    roster = cohort.roster_rows(class_2014[:3])
    assert list(roster[0]) == list(cohort.ROSTER_COLUMNS)
    finance = cohort.office_rows(class_2014, "finance", owing_only=True)
    assert len(finance) == 239
    assert {row["owes"] for row in finance} == {"yes"}
    assert all(row["amount"] or row["items"] for row in finance)
    everyone = cohort.office_rows(class_2014, "library")
    assert collections.Counter(row["owes"] for row in everyone) == {"no": 2895, "yes": 90}


def test_written_files_import_into_a_store(tmp_path: Path) -> None:
    """The CLI writes a roster and six lists that the importer takes as they are."""
    assert cohort.main(["--students", "300", "--seed", "3", "-o", str(tmp_path / "class")]) == 0
    names = sorted(path.name for path in (tmp_path / "class").iterdir())
    assert names == sorted(["roster.csv", *(f"{office}.csv" for office in cohort.OFFICES)])
    with (tmp_path / "class" / "finance.csv").open(encoding="utf-8") as file:
        owing = sum(row["owes"] == "yes" for row in csv.DictReader(file))
    with Store.open(tmp_path / "class.db", engine_2014()) as store:
        roster = import_roster(store, tmp_path / "class" / "roster.csv", at=at(6, 28, 9))
        assert roster.added == 300
        finance = tmp_path / "class" / "finance.csv"
        result = import_office_list(store, finance, office="finance", at=at(6, 30, 17))
        assert (result.cleared, result.refused) == (300 - owing, owing)
