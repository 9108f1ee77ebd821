"""Several terminals on the same students at once: no update is ever lost or half-written.

Terminals are real processes (``spawn``) with stores of their own, as on a campus; one
test shares a single store between threads instead. Each runs on SQLite and, when
``CLEARFLOW_TEST_POSTGRES`` names a server, on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from typing import Any

from clearflow.engine._audit import Action
from clearflow.store._store import Store
from support import EARLY, engine_2014, staff, start, store_worker

STUDENTS = [f"2014{number:04d}" for number in range(1, 51)]
FIRST_HALF = (
    ("finance_cleared", "finance"),
    ("student_aid_cleared", "student_aid"),
    ("logistics_cleared", "logistics"),
)
SECOND_HALF = (
    ("dormitory_cleared", "dormitory"),
    ("academic_affairs_cleared", "academic_affairs"),
    ("library_cleared", "library"),
)
PREREQUISITES = {step for step, _ in FIRST_HALF + SECOND_HALF}


def add_students(url: str, students: list[str]) -> None:
    """Start the students' cases in a new store at ``url``."""
    with Store.open(url, engine_2014()) as store:
        store.add([start(student_id=student, name=None) for student in students])


def run_terminals(jobs: list[tuple[Callable[..., int], tuple[Any, ...]]]) -> list[int]:
    """Run each (function, arguments) in a process of its own, at once; their counts."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [
        context.Process(target=store_worker.report, args=(results, function, *arguments))
        for function, arguments in jobs
    ]
    for process in processes:
        process.start()
    try:
        outcomes = [results.get(timeout=300) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():  # pragma: no cover - only when a terminal hangs
                process.kill()
                process.join()
        results.close()
        results.join_thread()
    errors = [text for kind, text in outcomes if kind == "error"]
    assert errors == []
    return [count for _, count in outcomes]


def assert_every_action_once(url: str, students: list[str]) -> None:
    """Each student has the start and one clear per prerequisite; version = event count."""
    with Store.open(url, engine_2014()) as store:
        for student in students:
            history = store.history(student)
            case = store.load(student)
            assert [event.seq for event in history] == list(range(1, len(history) + 1))
            assert [event.action for event in history].count(Action.START) == 1
            cleared = [str(event.step) for event in history if event.action is Action.CLEAR]
            assert sorted(cleared) == sorted(PREREQUISITES), student
            assert case.version == len(history) == 1 + len(PREREQUISITES)
            assert case.phase == "checklist_issued"


def test_two_processes_acting_on_the_same_students_lose_nothing(store_url: str) -> None:
    """Two terminals clear different steps of the same 50 students at once with act."""
    add_students(store_url, STUDENTS)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    run_terminals(
        [
            (store_worker.clear_with_act, (store_url, STUDENTS, FIRST_HALF, barrier)),
            (store_worker.clear_with_act, (store_url, STUDENTS, SECOND_HALF, barrier)),
        ]
    )
    assert_every_action_once(store_url, STUDENTS)


def test_a_stale_save_from_another_process_is_a_conflict_and_is_retried(store_url: str) -> None:
    """Two terminals load each student together and save: one loses each time, then retries."""
    add_students(store_url, STUDENTS)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    conflicts = run_terminals(
        [
            (store_worker.clear_with_load_and_save, (store_url, STUDENTS, FIRST_HALF, barrier)),
            (store_worker.clear_with_load_and_save, (store_url, STUDENTS, SECOND_HALF, barrier)),
        ]
    )
    assert sum(conflicts) == len(STUDENTS)
    assert_every_action_once(store_url, STUDENTS)


def test_threads_sharing_one_store_lose_nothing(store_url: str) -> None:
    """Three threads of one program, one store object, clearing different steps."""
    students = STUDENTS[:20]
    add_students(store_url, students)
    steps = FIRST_HALF + SECOND_HALF
    with Store.open(store_url, engine_2014()) as store:
        store_worker.clear_in_threads(store, students, [steps[0:2], steps[2:4], steps[4:6]])
    assert_every_action_once(store_url, students)


def test_a_process_killed_mid_write_leaves_every_case_whole(store_url: str) -> None:
    """A terminal killed during a batch leaves all of the batch or none of it."""
    students = STUDENTS[:40]
    add_students(store_url, students)
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    process = context.Process(
        target=store_worker.act_until_killed, args=(store_url, students, ready)
    )
    process.start()
    try:
        assert ready.wait(timeout=120)
    finally:
        process.kill()
        process.join(timeout=60)
    assert process.exitcode == -signal.SIGKILL
    with Store.open(store_url, engine_2014()) as store:
        versions = set()
        for student in students:
            history = store.history(student)
            assert [event.seq for event in history] == list(range(1, len(history) + 1))
            assert store.load(student).version == len(history)
            versions.add(len(history))
        assert len(versions) == 1  # every batch was all-or-nothing
        assert versions.pop() >= 4
        store.act(
            students[0], lambda case: case.clear("library_cleared", staff("library"), at=EARLY)
        )
