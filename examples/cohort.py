"""A synthetic class shaped like the 2014 notice: a roster and one arrears list per office.

Run from the repository root::

    .venv/bin/python examples/cohort.py --students 2985 --seed 2014 -o cohort/

writes ``cohort/roster.csv`` and ``cohort/<office>.csv`` for the six prerequisite offices,
in the formats ``clearflow cohort import`` reads. Import it::

    clearflow cohort import workflows/gyvtc-2014.yaml cohort/roster.csv --db class.db \
        --at "2014-06-28 09:00"
    clearflow cohort import workflows/gyvtc-2014.yaml cohort/finance.csv --db class.db \
        --office finance --at "2014-06-30 17:00"

Tests and benchmarks import this file (``generate``, ``roster_rows``, ``office_rows``,
``facts``) to get the same class in memory. The same ``--students`` and ``--seed`` always
give the same class.

The shape, for 2985 students (other sizes keep the proportions, rounded by largest
remainder so that the parts always add up):

- 1714 higher-vocational students, all on the main campus, in the seven departments of the
  schedule. 1577 of them fill the scheduled headcounts exactly (474, 298, 144, 338, 146, 77,
  100). The notice leaves 137 higher-vocational students out of its schedule; here they
  are spread over the same seven departments in proportion to the headcounts (41, 26, 12,
  29, 13, 7, 9), so each department has more students than its session expects, and the
  sessions' headcounts fall 137 short, as in the notice. The roster cannot say who is
  unscheduled (the workflow has no such fact, so the importer has no such column); the
  in-memory rows carry ``scheduled`` for tests.
- 1271 secondary-vocational students: 549 main campus, 588 Ergezhai, 134 other sites. The
  workflow requires a department for everyone, and the notice gives none for them, so they
  are spread over the seven departments in the same proportions.
- Exact shares, drawn independently with the seed: 6% Party members, 30% League members,
  55% with an employment agreement, 10% moving their household registration, 4% who cannot
  graduate on time; arrears at 8% of students at Finance, 3% at the Library and 2% at each
  of the other four offices.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TOTAL_2014 = 2985
HIGHER_2014 = 1714
SCHEDULED_2014 = 1577
DEPARTMENTS = {  # department id: scheduled headcount, in the order of the schedule
    "urban_rural_planning": 474,
    "rail_transit": 298,
    "information_science": 144,
    "finance_trade": 338,
    "tourism": 146,
    "biochemistry": 77,
    "equipment_manufacturing": 100,
}
CAMPUSES = {"main": 549, "ergezhai": 588, "other_sites": 134}  # secondary-vocational
SHARES = {
    "party_member": 0.06,
    "league_member": 0.30,
    "employment_agreement": 0.55,
    "household_moving": 0.10,
    "cannot_graduate": 0.04,
}
OFFICES = ("finance", "student_aid", "logistics", "dormitory", "academic_affairs", "library")
ARREARS = {
    "finance": 0.08,
    "student_aid": 0.02,
    "logistics": 0.02,
    "dormitory": 0.02,
    "academic_affairs": 0.02,
    "library": 0.03,
}
WHAT_IS_OWED = {  # office: (lowest, highest amount in yuan, items that may be unreturned)
    "finance": (200, 6800, ()),
    "student_aid": (500, 8000, ()),
    "logistics": (20, 600, ("饭卡", "热水卡")),
    "dormitory": (30, 400, ("钥匙", "床上用品", "门禁卡")),
    "academic_affairs": (50, 300, ("教材", "实验器材")),
    "library": (5, 120, ("图书2册", "图书1册", "期刊")),
}
ROSTER_COLUMNS = (
    "student_id",
    "name",
    "department",
    "program",
    "campus",
    "counsellor",
    "party_member",
    "league_member",
    "employment_agreement",
    "household_moving",
    "credits_complete",
)
LIST_COLUMNS = ("student_id", "owes", "amount", "items", "note")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯丹玲婷雪琳晨欣怡"
STUDENTS_PER_COUNSELLOR = 60


@dataclass(frozen=True)
class Arrear:
    """What a student owes one office."""

    amount: int
    items: str
    note: str


@dataclass(frozen=True)
class Student:
    """One synthetic graduate: the roster's columns, and what each office says is owed."""

    student_id: str
    name: str
    department: str
    program: str
    campus: str
    counsellor: str
    party_member: bool
    league_member: bool
    employment_agreement: bool
    household_moving: bool
    credits_complete: bool
    scheduled: bool
    arrears: dict[str, Arrear] = field(default_factory=dict)


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, by largest remainder (parts add up)."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _chosen(rng: random.Random, count: int, share: float) -> set[int]:
    return set(rng.sample(range(count), round(count * share)))


def generate(students: int = TOTAL_2014, seed: int = 2014) -> list[Student]:
    """The class: ``students`` graduates shaped like the 2014 notice, the same for a seed."""
    rng = random.Random(seed)
    higher = round(students * HIGHER_2014 / TOTAL_2014)
    scheduled = apportion(round(students * SCHEDULED_2014 / TOTAL_2014), list(DEPARTMENTS.values()))
    unscheduled = apportion(higher - sum(scheduled), list(DEPARTMENTS.values()))
    campuses = apportion(students - higher, list(CAMPUSES.values()))
    # (program, campus, department, scheduled) for every student, before the shares
    places: list[tuple[str, str, str, bool]] = []
    for department, on_time, late in zip(DEPARTMENTS, scheduled, unscheduled, strict=True):
        places += [("higher_vocational", "main", department, True)] * on_time
        places += [("higher_vocational", "main", department, False)] * late
    for campus, count in zip(CAMPUSES, campuses, strict=True):
        split = apportion(count, list(DEPARTMENTS.values()))
        for department, share in zip(DEPARTMENTS, split, strict=True):
            places += [("secondary_vocational", campus, department, False)] * share
    flags = {name: _chosen(rng, students, share) for name, share in SHARES.items()}
    owing = {office: _chosen(rng, students, share) for office, share in ARREARS.items()}
    counsellors: dict[tuple[str, str, str], list[str]] = {}
    serials: dict[tuple[str, str, str], int] = {}
    codes = {department: number for number, department in enumerate(DEPARTMENTS, start=1)}
    prefixes = {campus: number for number, campus in enumerate(CAMPUSES, start=2)}
    result = []
    for index, (program, campus, department, is_scheduled) in enumerate(places):
        group = (program, campus, department)
        serials[group] = serials.get(group, 0) + 1
        pool = counsellors.setdefault(group, [])
        if (serials[group] - 1) % STUDENTS_PER_COUNSELLOR == 0:
            pool.append(_name(rng))
        prefix = "141" if program == "higher_vocational" else f"14{prefixes[campus]}"
        arrears = {}
        for office in OFFICES:
            if index in owing[office]:
                low, high, items = WHAT_IS_OWED[office]
                unreturned = rng.choice(items) if items and rng.random() < 0.6 else ""
                amount = 0 if unreturned and rng.random() < 0.5 else rng.randint(low, high)
                arrears[office] = Arrear(amount=amount, items=unreturned, note="")
        result.append(
            Student(
                student_id=f"{prefix}{codes[department]:02d}{serials[group]:05d}",
                name=_name(rng),
                department=department,
                program=program,
                campus=campus,
                counsellor=pool[-1],
                party_member=index in flags["party_member"],
                league_member=index in flags["league_member"],
                employment_agreement=index in flags["employment_agreement"],
                household_moving=index in flags["household_moving"],
                credits_complete=index not in flags["cannot_graduate"],
                scheduled=is_scheduled,
                arrears=arrears,
            )
        )
    return result


def facts(student: Student) -> dict[str, str | bool]:
    """The student's facts, as ``Engine.start`` takes them."""
    return {
        "program": student.program,
        "campus": student.campus,
        "department": student.department,
        "party_member": student.party_member,
        "league_member": student.league_member,
        "employment_agreement": student.employment_agreement,
        "household_moving": student.household_moving,
        "credits_complete": student.credits_complete,
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def roster_rows(students: Iterable[Student]) -> list[dict[str, str]]:
    """The roster as text rows: student_id, name, department, ..., one column per fact."""
    rows = []
    for student in students:
        row = {"student_id": student.student_id, "name": student.name}
        row |= {"counsellor": student.counsellor}
        for fact, value in facts(student).items():
            row[fact] = _yes(value) if isinstance(value, bool) else value
        rows.append({column: row[column] for column in ROSTER_COLUMNS})
    return rows


def office_rows(
    students: Iterable[Student], office: str, *, owing_only: bool = False
) -> list[dict[str, str]]:
    """One office's list: every student (owes yes or no), or only those who owe."""
    rows = []
    for student in students:
        arrear = student.arrears.get(office)
        if arrear is None and owing_only:
            continue
        rows.append(
            {
                "student_id": student.student_id,
                "owes": _yes(arrear is not None),
                "amount": str(arrear.amount) if arrear and arrear.amount else "",
                "items": arrear.items if arrear else "",
                "note": arrear.note if arrear else "",
            }
        )
    return rows


def _write(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_cohort(
    directory: Path,
    students: int = TOTAL_2014,
    seed: int = 2014,
    *,
    owing_only: bool = False,
) -> list[Path]:
    """Write ``roster.csv`` and one ``<office>.csv`` per office into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    cohort = generate(students, seed)
    paths = [_write(directory / "roster.csv", ROSTER_COLUMNS, roster_rows(cohort))]
    for office in OFFICES:
        rows = office_rows(cohort, office, owing_only=owing_only)
        paths.append(_write(directory / f"{office}.csv", LIST_COLUMNS, rows))
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Write a class to a directory and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=TOTAL_2014, help="class size")
    parser.add_argument("--seed", type=int, default=2014, help="the same seed, the same class")
    parser.add_argument("-o", "--output", type=Path, required=True, help="directory to write")
    parser.add_argument(
        "--owing-only", action="store_true", help="list only students who owe in office lists"
    )
    options = parser.parse_args(argv)
    if options.students < 1:
        parser.error("--students must be at least 1")
    paths = write_cohort(
        options.output, options.students, options.seed, owing_only=options.owing_only
    )
    for path in paths:
        with path.open(encoding="utf-8") as file:
            rows = sum(1 for _ in file) - 1
        print(f"{path}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
