"""A case as its blocked rows need it, read from its rows without restoring the case.

Who is blocked, and why, needs of each case its student, counsellor and facts, the steps
holding it (its holds text: :func:`clearflow.engine.holding`, written with every event)
and the records of its refused steps (reason, staff, time, amount owed), not the whole
case: :func:`clearflow.store._sql.scan_held` reads just those rows, and :class:`HeldReader`
turns them into :class:`Held` (a facts text is checked once, however many cases share
it). A case without a holds text (a store upgraded from version 1, not yet opened to
write) or on rules the store keeps no engine for is restored whole, as a case is
elsewhere, so it says the same and refuses the same.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from clearflow._i18n import Message
from clearflow.engine import (
    Case,
    Engine,
    StepRecord,
    StepStatus,
    holding,
    parse_holds,
    records_reader,
)
from clearflow.errors import CaseDataError, ClearflowError, Said
from clearflow.spec.conditions import FactValue
from clearflow.store import _sql
from clearflow.store._case_rows import _COUNSELLOR, _STEP_AT, _facts, grouped, record, restored
from clearflow.store._reading import Reading
from clearflow.store._refusals import stored_student

_DIGEST = _sql.CASE.index("digest")
_NAME = _sql.CASE.index("name")
_FACTS = _sql.CASE.index("facts")


@attrs.frozen(kw_only=True)
class Held:
    """A stored case as a blocked report reads it: what holds it, and its refusals."""

    student_id: str
    name: str | None
    counsellor: str | None
    engine: Engine
    """The engine of the rules the case runs on (the store's, or rules it keeps)."""
    facts: Mapping[str, FactValue]
    """The student's facts, checked by :attr:`engine` (defaults filled in); shared."""
    holds: tuple[tuple[str, str], ...]
    """The steps holding the student, in procedure order, with how (``HOLD_KINDS``)."""
    refusals: Mapping[str, StepRecord]
    """The record of each refused step (those holding the student among them)."""


class HeldReader:
    """Reads :class:`Held` cases of one store from :func:`~clearflow.store._sql.scan_held`
    rows, remembering the facts texts and record readers it has checked."""

    def __init__(self, store: Reading) -> None:
        self._store = store
        self._facts: dict[tuple[str, str], Mapping[str, FactValue]] = {}
        self._records: dict[str, Callable[[Mapping[str, Any], Said], dict[str, StepRecord]]] = {}

    def read(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Held]:
        """The cases of the rows (in student order), each once."""
        for student_id, group in itertools.groupby(rows, key=operator.itemgetter(0)):
            found = list(group)
            first = found[0]
            holds = first[-1]
            engine = None if holds is None else self._store.engine_of(first[_DIGEST])
            if holds is None or engine is None:
                yield self._restored(found)
                continue
            source = stored_student(str(student_id))
            steps = {row[_STEP_AT]: record(row) for row in found if row[_STEP_AT] is not None}
            yield Held(
                student_id=str(student_id),
                name=first[_NAME],
                counsellor=first[_COUNSELLOR],
                engine=engine,
                facts=self._checked(engine, first[_FACTS] or "{}", source),
                holds=parse_holds(holds),
                refusals=self._reader(engine)(steps, source),
            )

    def _checked(self, engine: Engine, text: str, source: Said) -> Mapping[str, FactValue]:
        key = (engine.workflow.digest, text)
        facts = self._facts.get(key)
        if facts is None:
            try:
                facts = engine.check_facts(_facts(text))
            except ClearflowError as error:
                raise CaseDataError(
                    Message("{source}: {error}", source=source, error=error.said)
                ) from None
            self._facts[key] = facts
        return facts

    def _reader(self, engine: Engine) -> Callable[[Mapping[str, Any], Said], dict[str, StepRecord]]:
        digest = engine.workflow.digest
        reader = self._records.get(digest)
        if reader is None:
            reader = self._records[digest] = records_reader(engine)
        return reader

    def _restored(self, rows: list[tuple[Any, ...]]) -> Held:
        """A case whose holds are not stored (or whose rules need refusing), restored."""
        data, counsellor = next(grouped(self._store.workflow, [row[:-1] for row in rows]))
        case: Case = restored(self._store._restore, data)
        return Held(
            student_id=case.student_id,
            name=case.name,
            counsellor=counsellor,
            engine=case.engine,
            facts=case.facts,
            holds=holding(case),
            refusals={
                step: item
                for step, item in case.records.items()
                if item.status is StepStatus.REFUSED
            },
        )


__all__ = ["Held", "HeldReader"]
