"""Students started alike: one case started for real per kind, standing in for the others.

A roster import starts thousands of students at one moment by one actor. What
:meth:`Engine.start <clearflow.engine._engine.Engine.start>` decides reads the facts, the
moment and the actor, never the student's id or name: :meth:`Case.begin
<clearflow.engine._case.Case.begin>` records the start event (it carries the facts, the
moment and the actor, and the actor's roster entry; no id) and moves the case on as far as
the facts allow (the machine's guards and every condition read facts and outcomes only).
So students with the same facts get the same case but for the id and the name:
:class:`StartsAlike` starts one stand-in case per kind, with :data:`STAND_IN_ID` and
:data:`STAND_IN_NAME` for the two, and hands back each student as a :class:`StartedAs`
naming its stand-in. The store writes each student's rows from the stand-in's
(:mod:`clearflow.store._starts`). ``tests/cohort/test_roster_alike.py`` holds this equal
to starting every student for real on random rosters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import NamedTuple

from clearflow._i18n import Message
from clearflow.engine._audit import Actor
from clearflow.engine._case import Case
from clearflow.engine._engine import START_ACTOR, Engine
from clearflow.engine._facts import CACHED
from clearflow.errors import InputError
from clearflow.spec import clean_student_id

STAND_IN_ID = "\x00student id\x00"
"""The stand-in's id: no student's (a stored id holds no NUL character)."""
STAND_IN_NAME = "\x00student name\x00"
"""The stand-in's name, never a student's either."""


class StartedAs(NamedTuple):
    """A student started as ``stand_in`` was: the same case, with this id and name."""

    student_id: str
    name: str | None
    stand_in: Case


class StartsAlike:
    """Starts students at one moment by one actor, one stand-in case per kind of facts.

    ``at`` is read once (:meth:`Engine.moment`): every student starts at the same moment,
    now when it is not given.
    """

    def __init__(
        self, engine: Engine, *, by: Actor = START_ACTOR, at: dt.datetime | None = None
    ) -> None:
        self.engine = engine
        self.by = by
        self.at = engine.moment(at)
        self._stand_ins: dict[Hashable, Case] = {}

    @staticmethod
    def kind(facts: Mapping[str, object]) -> tuple[object, ...]:
        """What students alike share, the key of their stand-in: the facts and their types
        (as in Engine.profile: True == 1, but they are different facts). Unhashable when
        a value is (no fact's: :meth:`start` says so)."""
        return (*facts.items(), *map(type, facts.values()))

    def start(
        self,
        student_id: str,
        facts: Mapping[str, object],
        *,
        name: str | None = None,
        kind: Hashable | None = None,
    ) -> StartedAs:
        """The student as :meth:`Engine.start` would start it (the same errors too).

        ``kind``: :meth:`kind` of ``facts`` when the caller has it already (an importer
        reads a few hundred kinds of student, each once); else it is worked out here.
        """
        cleaned = clean_student_id(str(student_id))
        if not cleaned:
            raise InputError(
                Message("a student id cannot be empty (give the id the registry gives)")
            )
        key: Hashable | None = self.kind(facts) if kind is None else kind
        try:
            stand_in = self._stand_ins.get(key)
        except TypeError:  # a value that is no fact's (start says so)
            key, stand_in = None, None
        if stand_in is None:
            stand_in = self.engine.start(
                STAND_IN_ID, facts, name=STAND_IN_NAME, by=self.by, at=self.at
            )
            if key is not None and len(self._stand_ins) < CACHED:
                self._stand_ins[key] = stand_in
        return StartedAs(cleaned, name, stand_in)


__all__ = ["STAND_IN_ID", "STAND_IN_NAME", "StartedAs", "StartsAlike"]
