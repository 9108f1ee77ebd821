"""The procedure's order as a graph over step ids: who comes before whom."""

from __future__ import annotations

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
