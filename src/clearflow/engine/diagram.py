"""Diagrams of an engine's phases: Mermaid or Graphviz DOT source text, drawn by ``transitions``.

The engine's shared machine is never drawn itself: it carries the guards and serves every
case. :func:`render_diagram` copies its phases and transitions, in phase order, into a
throwaway ``GraphMachine`` that has no callbacks and no model, labels each phase in the
reader's language, and asks ``transitions``' own graph support for the source text.

DOT text needs the ``graphviz`` Python package (``pip install 'clearflow[diagram]'``) but not
the Graphviz programs: only turning the text into an image runs ``dot``. This module keeps
the loosely typed ``transitions`` diagram API to itself.
"""

from __future__ import annotations

import importlib
import json
from typing import TYPE_CHECKING, Any, Literal

from transitions.extensions.diagrams import GraphMachine

from clearflow._i18n import Contextual, Lang, Message
from clearflow.engine._phases import ENTER_HALL
from clearflow.engine.step_diagram import PHASE_LABELS, check_request
from clearflow.errors import DiagramError

if TYPE_CHECKING:
    from clearflow.engine._engine import Engine

_GRAPH_ENGINES: dict[str, Literal["mermaid", "graphviz"]] = {
    "mermaid": "mermaid",
    "dot": "graphviz",
}

INSTALL_HINT = "pip install 'clearflow[diagram]'"


def render_diagram(engine: Engine, kind: str = "mermaid", lang: str = "en") -> str:
    """The engine's phases and triggers as Mermaid or Graphviz DOT source text.

    Phases are labelled with the station labels in ``lang`` (``en`` or ``zh``); edges carry
    the trigger names :meth:`Engine.fire <clearflow.engine._engine.Engine.fire>` accepts,
    except in a procedure without stations: there is no hall to enter, so its one edge out of
    the prerequisites reads ``all prerequisites settled`` (the engine's trigger is still
    ``enter_hall``).
    """
    language = check_request(kind, lang)
    if kind == "dot":
        _require_graphviz()
    machine = _drawing_machine(engine, kind, language)
    # The drawing machine has no model, so its ``get_graph`` (which draws the first model,
    # marking its phase "active") does not apply; draw the machine's graph class directly.
    graph: Any = machine.graph_cls(machine).get_graph(title=_title(engine, kind, language))
    return str(graph.source)


def _require_graphviz() -> None:
    # Without the package ``transitions`` quietly falls back to Mermaid; say so instead.
    try:
        importlib.import_module("graphviz")
    except ImportError:
        raise DiagramError(
            Message(
                "DOT output needs the 'graphviz' Python package; install it with: {command}",
                command=INSTALL_HINT,
            )
        ) from None


def _drawing_machine(engine: Engine, kind: str, lang: Lang) -> Any:
    """A callback-free copy of the engine's machine, for drawing only."""
    shared: Any = engine.machine
    phases = list(shared.states)
    position = {phase: index for index, phase in enumerate(phases)}
    edges = sorted(
        (
            (transition.source, transition.dest, event.name)
            for event in shared.events.values()
            for transitions in event.transitions.values()
            for transition in transitions
        ),
        key=lambda edge: (position[edge[0]], position.get(edge[1], -1), edge[2]),
    )
    machine = GraphMachine(
        model=None,
        states=phases,
        initial=shared.initial,
        transitions=[
            {"trigger": _edge_label(engine, trigger, kind, lang), "source": source, "dest": dest}
            for source, dest, trigger in edges
        ],
        auto_transitions=False,
        graph_engine=_GRAPH_ENGINES[kind],
    )
    for phase in phases:
        # ``transitions`` draws a state's ``label`` attribute when it has one.
        state: Any = machine.get_state(phase)
        state.label = _escape(_phase_label(engine, phase, lang), kind)
    return machine


SETTLED = Contextual("diagram edge", "all prerequisites settled")
"""The edge out of the prerequisites when there are no stations (no hall to enter)."""


def _edge_label(engine: Engine, trigger: str, kind: str, lang: Lang) -> str:
    if trigger == ENTER_HALL and not engine.workflow.stations:
        return _escape(SETTLED.text(lang), kind)
    return trigger


def _phase_label(engine: Engine, phase: str, lang: Lang) -> str:
    step = engine.steps.get(phase)
    if step is not None:
        return step.label.text(lang) or phase
    fixed = PHASE_LABELS.get(phase)
    return fixed.text(lang) if fixed else phase


def _title(engine: Engine, kind: str, lang: Lang) -> str:
    title = engine.workflow.title.text(lang) or engine.workflow.id
    if kind == "mermaid":
        # ``transitions`` writes the title as Mermaid front matter, which must be a mapping.
        return "title: " + json.dumps(title, ensure_ascii=False)
    return title


def _escape(text: str, kind: str) -> str:
    """Label text safe inside the diagram's quoted labels, on one line."""
    text = " ".join(text.split())
    if kind == "mermaid":
        return text.replace('"', "#quot;")
    return text.replace("\\", "\\\\")
