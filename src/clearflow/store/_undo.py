"""Undoing the last move: the cases it moved, moved back onto the rules they came from.

The last move is the newest moment of a ``migrate`` event (:func:`~clearflow.store._moves.
move_many` writes one moment for all it moves). Each case whose last event is that move
goes back onto the rules its event names (``rules_from``, kept by the store) with the
renames inverted and the facts the move gave set back to what they were (those the old
rules lack are left out there), so replaying its history gives the case as it was before
the move, record for record; one acted on since is skipped and said why.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from clearflow._i18n import Message
from clearflow.engine import Action, Actor, Renames, actions_of
from clearflow.errors import InputError
from clearflow.spec.conditions import FactValue
from clearflow.store import _sql
from clearflow.store._moves import Moves, move_many, rules_for
from clearflow.store._rows import AlchemyRows

if TYPE_CHECKING:
    from clearflow.store._store import Store


def last_moves(store: Store) -> dict[str, tuple[int, str, dict[str, Any]]]:
    """The cases the last move moved: student -> (the move's seq, its moment, its JSON)."""
    with store._reading() as connection:
        rows = list(AlchemyRows(connection).run(_sql.MOVES, store._of()))
    if not rows:
        return {}
    newest = max(dt.datetime.fromisoformat(row[2]) for row in rows)
    return {
        student: (seq, at, json.loads(text))
        for student, seq, at, text in rows
        if dt.datetime.fromisoformat(at) == newest
    }


def check_after(last: dt.datetime | None, at: dt.datetime | None) -> None:
    """Refuse a move dated before the last one (``last``): the last move is the newest, so
    a move dated earlier could never be undone as the last."""
    if last is not None and at is not None and at < last:
        raise InputError(
            Message(
                "a move dated {at} comes before the last move ({last}); date it later (or now)",
                at=at.isoformat(sep=" ", timespec="minutes"),
                last=last.isoformat(sep=" ", timespec="minutes"),
            )
        )


def newest_move(store: Store) -> dt.datetime | None:
    """When the last move was recorded (None: no case was ever moved)."""
    moves = last_moves(store)
    return dt.datetime.fromisoformat(next(iter(moves.values()))[1]) if moves else None


def undo_last_move(
    store: Store, *, by: Actor, why: str, at: dt.datetime | None = None, atomic: bool = False
) -> Moves:
    """Move the cases of the last move back (see the module); what was moved and skipped
    (nothing, when no case was ever moved). An InputError for an ``at`` before the move."""
    moves = last_moves(store)
    if at is not None:
        at = store.engine.moment(at)
    if moves:
        check_after(dt.datetime.fromisoformat(next(iter(moves.values()))[1]), at)
    groups: dict[tuple[str, str], dict[str, int | None]] = defaultdict(dict)
    facts: dict[str, dict[str, FactValue]] = {}
    for student, (seq, _, data) in moves.items():
        key = (str(data.get("rules_from")), json.dumps(data.get("renames"), sort_keys=True))
        groups[key][student] = seq
        given = data.get("facts") or {}
        if given:
            before = _facts_before(store, student, seq)
            facts[student] = {fact: before[fact] for fact in given if fact in before}
    done = Moves()
    for (rules_from, renames), planned in sorted(groups.items()):
        engine = rules_for(store, rules_from)
        back = Renames.of(json.loads(renames)).inverse()
        part = move_many(
            store, planned, engine, by=by, why=why, renames=back, facts=facts, at=at, atomic=atomic
        )
        done = Moves(done.moved + part.moved, done.skipped + part.skipped)
    return done


def _facts_before(store: Store, student: str, seq: int) -> dict[str, FactValue]:
    """A case's facts just before its event ``seq`` (a move)."""
    history = [event for event in store.history(student) if event.seq < seq]
    engine = rules_for(store, history[0].digest)
    if any(event.action is Action.MIGRATE for event in history):
        _, actions = actions_of(
            engine, student, history, rules=lambda digest: rules_for(store, digest)
        )
        return dict(actions[0].facts or {})
    return dict(history[0].facts or {})


__all__ = ["check_after", "last_moves", "newest_move", "undo_last_move"]
