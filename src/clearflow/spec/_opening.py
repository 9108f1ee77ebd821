"""When a step opens: a moment per batch, and what acting on the step earlier does.

A step's ``opens:`` is read like a deadline's dates (:class:`~clearflow.spec.Deadline`):
one moment for everyone, or one per batch, a student's being the first whose ``who``
selects them. A moment is a local time in the workflow's time zone; one written as a
date alone opens at the start of that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from clearflow.spec._model import Selector, Where

EARLY_POLICIES = ("flag", "block")
"""What acting on a step before it opens does: record it (flag) or refuse it (block)."""


@attrs.frozen(kw_only=True)
class OpeningRule:
    """The moment a step opens for the students ``who`` selects (everyone when None)."""

    moment: dt.datetime
    who: Selector | None = None
    at: Where = attrs.field(default=Where(), eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Opening:
    """A step's opening; ``early`` says what an action before it does (flag or block)."""

    moments: tuple[OpeningRule, ...]
    early: str = "flag"

    def moment_for(self, facts: Mapping[str, bool | str | int]) -> dt.datetime | None:
        """The first moment whose ``who`` selects the student, or None."""
        for rule in self.moments:
            if rule.who is None or rule.who.condition.evaluate(facts, {}):
                return rule.moment
        return None


def moment_text(moment: dt.datetime) -> str:
    """``2018-06-29 14:00``, or ``2018-06-29`` for a moment at the start of a day."""
    return f"{moment:%Y-%m-%d}" if moment.time() == dt.time() else f"{moment:%Y-%m-%d %H:%M}"
