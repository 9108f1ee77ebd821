"""What one terminal does in the concurrency tests; run in a fresh process (``spawn``).

Kept out of the test module so that a spawned process imports only this and the library.
Each function opens its own store, as a second terminal would, and returns a count.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from clearflow import Case, load_workflow
from clearflow.engine._engine import Engine
from clearflow.errors import ConflictError
from clearflow.store._store import Store
from support import EARLY, WORKFLOW_2014, staff


def engine() -> Engine:
    """The 2014 engine, built in this process."""
    return Engine(load_workflow(WORKFLOW_2014))


def report(results: Any, function: Callable[..., int], *arguments: Any) -> None:
    """Run ``function`` and put ``("ok", count)`` or ``("error", text)`` on ``results``."""
    try:
        results.put(("ok", function(*arguments)))
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))
        raise


def clear_with_act(
    url: str, students: Sequence[str], steps: Sequence[tuple[str, str]], barrier: Any
) -> int:
    """Clear each (step, office) of each student with store.act, retrying on a conflict.

    Starts when every terminal has opened its store. Returns how many conflicts were retried.
    """
    conflicts = 0
    with Store.open(url, engine()) as store:
        barrier.wait(timeout=120)
        for student in students:
            for step, office in steps:
                while True:
                    try:
                        store.act(student, _clear(step, office))
                        break
                    except ConflictError:
                        conflicts += 1
    return conflicts


def clear_with_load_and_save(
    url: str,
    students: Sequence[str],
    steps: Sequence[tuple[str, str]],
    barrier: Any,
) -> int:
    """Load each student, wait until the other terminal has loaded it too, act and save.

    Both terminals then save on the same version: exactly one of them must lose, reload
    and act again. Returns how many conflicts this terminal had.
    """
    conflicts = 0
    with Store.open(url, engine()) as store:
        for student in students:
            case = store.load(student)
            barrier.wait(timeout=120)
            while True:
                for step, office in steps:
                    _clear(step, office)(case)
                try:
                    store.save(case)
                    break
                except ConflictError:
                    conflicts += 1
                    case = store.load(student)
    return conflicts


def act_until_killed(url: str, students: Sequence[str], ready: Any) -> None:
    """Refuse the library step of every student in one transaction, over and over.

    Runs until the test kills the process, most likely in the middle of a transaction;
    ``ready`` is set once a few batches are stored.
    """
    with Store.open(url, engine()) as store:
        for batch in itertools.count(1):
            store.act_many(students, _refuse("library_cleared", "library", f"batch {batch}"))
            if batch == 3:
                ready.set()


def _clear(step: str, office: str) -> Callable[[Case], None]:
    def action(case: Case) -> None:
        case.clear(step, staff(office), at=EARLY)

    return action


def _refuse(step: str, office: str, reason: str) -> Callable[[Case], None]:
    def action(case: Case) -> None:
        case.refuse(step, staff(office), reason, at=EARLY)

    return action


def clear_in_threads(store: Store, students: Sequence[str], groups: Sequence[Sequence[Any]]) -> int:
    """Threads sharing one store, each clearing its own steps; total conflicts retried."""
    counts: list[int] = []
    errors: list[BaseException] = []

    def run(steps: Sequence[tuple[str, str]]) -> None:
        conflicts = 0
        try:
            for student in students:
                for step, office in steps:
                    while True:
                        try:
                            store.act(student, _clear(step, office))
                            break
                        except ConflictError:
                            conflicts += 1
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        counts.append(conflicts)

    threads = [threading.Thread(target=run, args=(steps,)) for steps in groups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return sum(counts)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run by the concurrency tests only")
