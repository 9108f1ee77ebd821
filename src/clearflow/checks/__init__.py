"""Checks over a built workflow: what loads but is probably a mistake (CF3xx–CF5xx).

Pure functions of a :class:`~clearflow.spec.Workflow`: each check yields located issues
and ``run_checks`` runs the registry (:mod:`clearflow.checks._registry`) in order. The
logic checks explore the students' fact profiles (capped, :mod:`clearflow.checks._profiles`)
instead of sampling them; the public holidays come from ``chinese-calendar``, loaded on
first use (:mod:`clearflow.checks._holidays`; the rollover asks them too). May import
:mod:`clearflow.spec`, :mod:`clearflow.errors` and :mod:`clearflow._hints`, never the format
reader or the engine.
"""

from clearflow.checks._holidays import (
    HOLIDAY_NAMES,
    Day,
    DayKind,
    day_of,
    nearest_working_day,
    off_day,
)
from clearflow.checks._logic import Exploration, explore
from clearflow.checks._registry import CHECKS, Check, run_checks

__all__ = [
    "CHECKS",
    "HOLIDAY_NAMES",
    "Check",
    "Day",
    "DayKind",
    "Exploration",
    "day_of",
    "explore",
    "nearest_working_day",
    "off_day",
    "run_checks",
]
