"""The procedure's order as a graph over step ids: who comes before whom, and the advice."""

from __future__ import annotations

import graphlib
from collections.abc import Mapping

from clearflow.spec._model import Step, StepKind


def order_graph(steps: tuple[Step, ...]) -> dict[str, set[str]]:
    """Each step's predecessors: its ``after:``, ``after: all`` and the previous station.

    Every station also follows every prerequisite.
    """
    prerequisites = [step.id for step in steps if step.kind is StepKind.PREREQUISITE]
    stations = [step.id for step in steps if step.kind is StepKind.STATION]
    known_ids = {step.id for step in steps}
    graph: dict[str, set[str]] = {}
    for step in steps:
        before = {name for name in step.after if name in known_ids and name != step.id}
        same_kind = prerequisites if step.kind is StepKind.PREREQUISITE else stations
        if step.after_all:
            before |= {name for name in same_kind if name != step.id}
        if step.kind is StepKind.STATION:
            position = stations.index(step.id)
            before |= set(prerequisites)
            if position:
                before.add(stations[position - 1])
        graph[step.id] = before
    return graph


def ancestors(graph: Mapping[str, set[str]], step_id: str) -> set[str]:
    """Every step that comes before ``step_id``, transitively."""
    found: set[str] = set()
    todo = list(graph.get(step_id, ()))
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(graph.get(name, ()))
    return found


def advice(steps: tuple[Step, ...]) -> dict[str, tuple[str, ...]]:
    """Each step's advised predecessors (``advised_after:``), as the engine gives the advice.

    ``advised_after: all`` is every other step of its kind that the order does not put after
    it and that is not itself advised after all (so "best after the others, before the last"
    is ``advised_after: all`` beside the last step's ``after: all``). Advice the order
    contradicts (a step that must come later) and a step's own id are left out: they cannot
    be followed, and ``check`` warns of them (CF311).
    """
    graph = order_graph(steps)
    before = {step.id: ancestors(graph, step.id) for step in steps}
    known_ids = {step.id for step in steps}
    result: dict[str, tuple[str, ...]] = {}
    for step in steps:
        later = {name for name, first in before.items() if step.id in first}
        if step.advised_after_all:
            names = [
                other.id
                for other in steps
                if other.kind is step.kind and not other.advised_after_all
            ]
        else:
            names = [name for name in step.advised_after if name in known_ids]
        advised = tuple(n for n in dict.fromkeys(names) if n != step.id and n not in later)
        if advised:
            result[step.id] = advised
    return result


def advised_order(steps: tuple[Step, ...]) -> tuple[str, ...]:
    """Every step id in an order that keeps the rules and follows the advice where it can.

    Advice that loops back on itself (two steps each advised after the other) cannot all
    be followed: then the order is the rules' alone, as the engine's.
    """
    graph = order_graph(steps)
    advised = advice(steps)
    combined = {name: before | set(advised.get(name, ())) for name, before in graph.items()}
    try:
        return tuple(graphlib.TopologicalSorter(combined).static_order())
    except graphlib.CycleError:
        return tuple(graphlib.TopologicalSorter(graph).static_order())
