"""The engine: driving students' cases through a workflow.

:class:`Engine` compiles a :class:`~clearflow.spec.Workflow` once into one shared
``transitions`` Machine and the rule lookups every case needs; :meth:`Engine.start` gives
one :class:`Case` per student. A case's actions check before they change anything and
each records an audit :class:`Event`; :func:`blockers` says what holds a student back
(:func:`advice_pending`, what advice is not followed yet);
:mod:`~clearflow.engine._snapshot` turns a case into plain data and back (or replays its
events), :mod:`~clearflow.engine._case_file` keeps it in a file that saves append to;
:mod:`~clearflow.engine.diagram` draws the phases (loaded on first use).

This package is the only importer of ``transitions``: its loosely typed API stays behind
:class:`Engine` and the diagram module, and its ``MachineError`` never escapes unwrapped.
Other packages import from here, never from the private modules.
"""

from __future__ import annotations

from clearflow.engine._alike import Delta, apply_delta, decision_key, delta_of
from clearflow.engine._alike_start import STAND_IN_ID, STAND_IN_NAME, StartedAs, StartsAlike
from clearflow.engine._audit import Action, Actor, Event
from clearflow.engine._blockers import (
    HOLD_KINDS,
    Blocker,
    advice_pending,
    blockers,
    held_waiting_for,
    holding,
    holds_text,
    overdue_since,
    parse_holds,
    steps_words,
)
from clearflow.engine._case import Case
from clearflow.engine._case_file import load_case, save_case
from clearflow.engine._engine import Engine
from clearflow.engine._facts import facts_text
from clearflow.engine._moving import Renames, moved, moved_actions, rebuild
from clearflow.engine._owed import AmountError, Owed, read_amount, reason_said
from clearflow.engine._phases import (
    ENTER_HALL,
    PREPARING,
    READY,
    RELEASE,
    RELEASED,
    pass_trigger,
)
from clearflow.engine._record import SETTLED, StepRecord, StepStatus
from clearflow.engine._replay import Rules, actions_of, recorded_actions, replay
from clearflow.engine._snapshot import (
    SNAPSHOT_FORMAT,
    record_data,
    records_reader,
    restore,
    restorer,
    snapshot,
)

__all__ = [
    "ENTER_HALL",
    "HOLD_KINDS",
    "PREPARING",
    "READY",
    "RELEASE",
    "RELEASED",
    "SETTLED",
    "SNAPSHOT_FORMAT",
    "STAND_IN_ID",
    "STAND_IN_NAME",
    "Action",
    "Actor",
    "AmountError",
    "Blocker",
    "Case",
    "Delta",
    "Engine",
    "Event",
    "Owed",
    "Renames",
    "Rules",
    "StartedAs",
    "StartsAlike",
    "StepRecord",
    "StepStatus",
    "actions_of",
    "advice_pending",
    "apply_delta",
    "blockers",
    "decision_key",
    "delta_of",
    "facts_text",
    "held_waiting_for",
    "holding",
    "holds_text",
    "load_case",
    "moved",
    "moved_actions",
    "overdue_since",
    "parse_holds",
    "pass_trigger",
    "read_amount",
    "reason_said",
    "rebuild",
    "record_data",
    "recorded_actions",
    "records_reader",
    "replay",
    "restore",
    "restorer",
    "save_case",
    "snapshot",
    "steps_words",
]
