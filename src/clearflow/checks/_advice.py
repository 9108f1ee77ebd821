"""CF311: advice on the order (``advised_after:``) that the order itself makes impossible.

Advice is never an error and never part of the order, so a cycle through advice is no
cycle; but a step advised after one that must come later (by ``after:`` or the order of the
stations), or after itself, is advice no student can follow: a warning, and the engine
leaves that advice out (:func:`clearflow.spec.advice`).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from clearflow._hints import join
from clearflow._i18n import Message
from clearflow.errors import Issue, Severity, located
from clearflow.spec import Workflow, ancestors, order_graph


def contradicted_advice(workflow: Workflow) -> Iterator[Issue]:
    """CF311: ``advised_after:`` names the step itself or a step the order puts after it."""
    graph = order_graph(workflow.steps)
    for step in workflow.steps:
        at = attrs.evolve(step.at, path=join(step.at.path, "advised_after"))
        for name in dict.fromkeys(step.advised_after):
            if name == step.id:
                yield located(
                    "CF311",
                    at,
                    Message("step '{step}' is advised after itself", step=step.id),
                    Message("remove it from its own 'advised_after:' list"),
                    Severity.WARNING,
                )
            elif step.id in ancestors(graph, name):
                yield located(
                    "CF311",
                    at,
                    Message(
                        "step '{step}' is advised after '{advised}', which must come after it",
                        step=step.id,
                        advised=name,
                    ),
                    Message(
                        "remove '{advised}' from 'advised_after:', or change the order",
                        advised=name,
                    ),
                    Severity.WARNING,
                )
