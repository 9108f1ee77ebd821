"""The fenced constructor tricks: each is a drop-in for its attrs class."""

from __future__ import annotations

import datetime as dt
import inspect
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from clearflow.engine import Action, Event, Owed
from clearflow.engine._fast import new_event

AT = dt.datetime(2014, 7, 10, 9, 40, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def parameters(function: Callable[..., object]) -> list[tuple[str, Any]]:
    """The names and defaults of a function's parameters, all of which are keyword-only."""
    found = inspect.signature(function).parameters.values()
    assert {parameter.kind for parameter in found} == {inspect.Parameter.KEYWORD_ONLY}
    return [(parameter.name, parameter.default) for parameter in found]


def fields(cls: type) -> list[tuple[str, Any]]:
    """The names and defaults of an attrs class's fields, as parameters show them."""
    return [
        (field.name, inspect.Parameter.empty if field.default is attrs.NOTHING else field.default)
        for field in attrs.fields(cls)
    ]


@pytest.mark.parametrize(("function", "cls"), [(new_event, Event)])
def test_constructor_parameters_are_the_class_fields(
    function: Callable[..., object], cls: type
) -> None:
    """Same names, order and defaults as the attrs fields, keyword-only: a drop-in."""
    assert parameters(function) == fields(cls)


def test_new_event_equals_the_attrs_construction() -> None:
    """new_event builds the frozen Event that Event(...) builds, with every field set."""
    given: dict[str, Any] = {
        "seq": 3,
        "action": Action.CLEAR,
        "at": AT,
        "office": "library",
        "staff": "L03",
        "workflow": "gyvtc-2014",
        "digest": "ab" * 32,
        "step": "library_cleared",
        "outcome": "returned",
        "reason": "all books back",
        "late": True,
        "facts": {"party_member": True},
        "documents": ("diploma",),
        "backdated": True,
        "early": True,
        "staff_name": "Li Ming",
        "unit": "business",
        "off_hours": True,
        "owed": Owed(amount=Decimal("35"), items="2 books"),
        "rules_from": "cd" * 32,
        "renames": {"steps": {"library": "library_cleared"}},
    }
    event = new_event(**given)
    assert type(event) is Event
    assert event == Event(**given)
    assert attrs.asdict(event, recurse=False) == given
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.seq = 4  # type: ignore[misc]
    assert new_event(**{name: given[name] for name in list(given)[:7]}) == Event(
        **{name: given[name] for name in list(given)[:7]}
    )
