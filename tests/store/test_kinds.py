"""The rows of a kind, filled in for a case, are the rows the plain writer makes for it.

An event's JSON is made once per kind, member by member, the seq a column filled in per
case: on random events (any JSON values, any key order, Chinese text) it is the text
``json.dumps`` gives the event without the members its row's columns hold, and without its
digest where that is the one before it. Step rows are the plain ones.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.engine import Delta
from clearflow.store._kinds import Kind
from clearflow.store._projection import step_row_data

EVENT_NAMES = ("workflow", "student_id", "seq", "action", "at", "office", "staff", "step", "event")
STEP_NAMES = (
    "workflow",
    "student_id",
    "step",
    "office",
    "status",
    "outcome",
    "reason",
    "staff",
    "at",
    "late",
    "early",
    "off_hours",
    "amount",
    "items",
)
texts = st.text(alphabet=st.sampled_from("ab 图书\"\\\n\t'册0"), max_size=8)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """An event as its ``to_dict`` gives it: the columns' keys, the seq anywhere, extras."""
    event: dict[str, Any] = {
        "action": draw(st.sampled_from(["clear", "refuse"])),
        "at": "2014-06-30T17:00:00+08:00",
        "office": draw(texts),
        "staff": draw(texts),
        "step": draw(st.none() | st.just("library_cleared")),
    }
    event.update(draw(st.dictionaries(st.sampled_from(["reason", "owed", "note", "x"]), values)))
    event["workflow"] = "w"
    event["digest"] = draw(st.sampled_from(["d1", "d2"]))
    items = list(event.items())
    items.insert(draw(st.integers(0, len(items))), ("seq", draw(st.integers(1, 9))))
    return dict(items)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.lists(events(), min_size=1, max_size=4), st.integers(0, 10**6), texts)
def test_event_rows_are_the_events_numbered_and_encoded(
    drawn: list[dict[str, Any]], version: int, student: str
) -> None:
    kind = Kind.of(
        Delta(steps={}, phase="p", documents=None, events=tuple(drawn)),
        "",
        workflow="w",
        student_id="first",
        digest="d1",
        event_names=EVENT_NAMES,
        step_names=STEP_NAMES,
    )
    expected = []
    before = "d1"
    columns = {"seq", "action", "at", "office", "staff", "step", "workflow"}
    for number, event in enumerate(drawn, start=1):
        kept = {key: value for key, value in event.items() if key not in columns}
        if kept["digest"] == before:
            del kept["digest"]
        before = event["digest"]
        expected.append(
            (
                "w",
                student,
                version + number,
                event["action"],
                event["at"],
                event["office"],
                event["staff"],
                event.get("step"),
                json.dumps(kept, ensure_ascii=False),
            )
        )
    assert kind.event_rows(student, version) == expected


def test_step_rows_are_the_plain_rows() -> None:
    """A step the delta sets is its row; one it leaves is read from the case's snapshot."""
    record = {
        "status": "refused",
        "office": "library",
        "staff": "s",
        "at": "2014-06-30T17:00:00+08:00",
        "reason": "owes; items: 图书2册",
        "owed": {"items": "图书2册"},
    }
    kept = {**record, "status": "cleared", "reason": None, "owed": None}
    event = {"seq": 2, "action": "refuse", "at": record["at"], "office": "library", "staff": "s"}
    event |= {"workflow": "w", "digest": "d"}
    delta = Delta(
        steps={"library_cleared": record},
        phase="p",
        documents=None,
        events=(
            {**event, "step": "library_cleared"},
            {**event, "seq": 3, "step": "finance_cleared"},
        ),
    )
    kind = Kind.of(
        delta,
        "",
        workflow="w",
        student_id="a",
        digest="d",
        event_names=EVENT_NAMES,
        step_names=STEP_NAMES,
    )
    data: dict[str, Any] = {"steps": {"library_cleared": record, "finance_cleared": kept}}
    assert kind.step_rows("w", "b", data) == [
        tuple(step_row_data("w", "b", step, data["steps"][step])[name] for name in STEP_NAMES)
        for step in ("library_cleared", "finance_cleared")
    ]
