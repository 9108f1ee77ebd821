"""The order graph's advice: what ``advised_after:`` advises, and the order that follows it."""

from __future__ import annotations

from clearflow import load_workflow_text
from clearflow.spec import Workflow, advice, advised_order

HEAD = """\
clearflow: 1
id: advice
title: Advice
offices:
  office: Office
"""


def workflow(*steps: str, stations: tuple[str, ...] = ()) -> Workflow:
    """A workflow of prerequisites (and stations) written as flow mappings."""
    text = HEAD + "prerequisites:\n" + "".join(f"  - {{{step}}}\n" for step in steps)
    if stations:
        text += "stations:\n" + "".join(f"  - {{{step}}}\n" for step in stations)
    return load_workflow_text(text, "advice.yaml")


def step(name: str, extra: str = "") -> str:
    """One step of the office, labelled by its id."""
    return f"id: {name}, office: office, en: {name}" + (f", {extra}" if extra else "")


def test_advised_after_names_the_steps_best_done_first() -> None:
    """An id or a list of ids, as written; a step without advice has none."""
    found = workflow(step("a"), step("b", "advised_after: a"), step("c", "advised_after: [b, a]"))
    assert advice(found.steps) == {"b": ("a",), "c": ("b", "a")}


def test_advised_after_all_leaves_out_what_comes_later_and_other_advised_all_steps() -> None:
    """``all`` is every other prerequisite except the last (``after: all``) and the other
    steps advised after all: "best after the others, before the last"."""
    found = workflow(
        step("a"),
        step("b"),
        step("dormitory", "advised_after: all"),
        step("keys", "advised_after: all"),
        step("card", "after: all"),
    )
    assert advice(found.steps) == {"dormitory": ("a", "b"), "keys": ("a", "b")}


def test_advice_the_order_contradicts_is_left_out() -> None:
    """A step advised after one that must come later, or after itself, is given no such advice."""
    found = workflow(
        step("a", "advised_after: [b, a, desk]"),
        step("b", "after: a"),
        stations=(step("desk"),),
    )
    assert found.step("a").advised_after == ("b", "a", "desk")
    assert advice(found.steps) == {}


def test_the_advised_order_follows_the_advice() -> None:
    """A step listed first but best done after another comes after it; the rules still hold."""
    found = workflow(
        step("fees", "advised_after: books"), step("books"), step("card", "after: all")
    )
    assert advised_order(found.steps) == ("books", "fees", "card")


def test_advice_in_a_loop_falls_back_to_the_rules_order() -> None:
    """Two steps each advised after the other: no order follows both, so the rules' order."""
    found = workflow(step("a", "advised_after: b"), step("b", "advised_after: a"))
    assert advice(found.steps) == {"a": ("b",), "b": ("a",)}
    assert advised_order(found.steps) == ("a", "b")
