"""The procedure as a diagram of its steps: Mermaid flowchart or Graphviz DOT source text.

Where :mod:`clearflow.engine.diagram` draws the engine's phases, :func:`render_steps` draws
what a student goes through: every prerequisite with its ``after:`` edges (``after: all``
drawn as a join from the prerequisites nothing else waits for), then the stations in
their order, then the release of the documents. A step that applies only to some
students (a ``when:`` other than always) is a hexagon and a step not every student it
applies to must do (a ``required:`` other than always) has a dashed border; each carries
its condition in words, and a legend explains the marks it uses. The text is written here,
not by ``transitions``, and needs no package; labels are escaped for either syntax.

Narrow the workflow first (:func:`clearflow.engine.procedure.narrow`) to draw one kind of
student's procedure: the steps left out are not drawn.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping

from clearflow._hints import suggest
from clearflow._i18n import LANGUAGES, N_, Contextual, Lang, Message, as_lang, translate
from clearflow.engine._phases import PREPARING, READY, RELEASED
from clearflow.engine.procedure import narrow, profile_condition
from clearflow.errors import DiagramError
from clearflow.spec import Step, Workflow
from clearflow.spec.conditions import ALWAYS, NEVER, FactValue
from clearflow.words import Words

KINDS = ("mermaid", "dot")
"""The diagram kinds drawn, here and by :func:`clearflow.engine.diagram.render_diagram`."""
PHASE_LABELS = {
    PREPARING: Contextual("diagram phase", "Prerequisites"),
    READY: Contextual("diagram phase", "Every step settled"),
    RELEASED: Contextual("diagram phase", "Documents handed over"),
}
"""Labels of the phases that are not stations."""

START, RELEASE = "start", "release"
"""The node ids of the start and of the release (step nodes are ``step_<id>``)."""
BEGIN = Contextual("diagram phase", "Start")
LEGEND = N_("Legend")
CONDITIONAL = N_("applies to some students")
VOLUNTARY = N_("not required of every student")


def render_steps(
    workflow: Workflow,
    kind: str = "mermaid",
    lang: str = "en",
    profile: Mapping[str, FactValue] | None = None,
) -> str:
    """The steps, stations and release as Mermaid flowchart or Graphviz DOT text in ``lang``.

    With a ``profile`` (facts, typed: :func:`~clearflow.engine.procedure.read_profile`), the
    procedure of the students with those facts (:func:`~clearflow.engine.procedure.narrow`),
    the profile named under the title.
    """
    language = check_request(kind, lang)
    graph = _Graph(workflow if profile is None else narrow(workflow, profile), language)
    if profile is not None:
        students = graph.words.condition(profile_condition(profile))
        graph.subtitle = Message("For students: {students}", students=students).text(language)
    return graph.mermaid() if kind == KINDS[0] else graph.dot()


def check_request(kind: str, lang: str) -> Lang:
    """The language to draw in, once the kind and the language are known ones; else a
    :class:`~clearflow.errors.DiagramError`."""
    if kind not in KINDS:
        hint = suggest(kind, KINDS) or Message("expected {kinds}", kinds=_either(KINDS))
        raise DiagramError(Message("unknown diagram kind '{kind}' ({hint})", kind=kind, hint=hint))
    if lang not in LANGUAGES:
        raise DiagramError(
            Message(
                "unknown language '{lang}' (expected {languages})",
                lang=lang,
                languages=_either(LANGUAGES),
            )
        )
    return as_lang(lang)


def _either(choices: tuple[str, ...]) -> Message:
    """``a or b`` (the choices are names, the same in every language)."""
    return Message("{first} or {second}", first=", ".join(choices[:-1]), second=choices[-1])


class _Graph:
    """The nodes and edges of the procedure, in the order written."""

    def __init__(self, workflow: Workflow, lang: Lang) -> None:
        self.lang = lang
        self.words = Words(workflow, lang)
        self.title = workflow.title.text(lang) or workflow.id
        self.subtitle = ""
        self.prerequisites = workflow.prerequisites
        self.stations = workflow.stations
        self.edges = _edges(workflow)

    def label(self, step: Step) -> list[str]:
        """The step's label, then the words of its conditions."""
        lines = [self.words.label(step.label, step.id)]
        if step.when != ALWAYS:
            condition = self.words.condition(step.when)
            lines.append(Message("applies to: {students}", students=condition).text(self.lang))
        if step.required == NEVER:
            lines.append(Message("voluntary").text(self.lang))
        elif step.required != ALWAYS:
            condition = self.words.condition(step.required)
            lines.append(Message("required of: {students}", students=condition).text(self.lang))
        return lines

    def marks(self) -> list[str]:
        """The legend entries the drawing needs: ``conditional``, ``voluntary``."""
        steps = self.prerequisites + self.stations
        found = []
        if any(step.when != ALWAYS for step in steps):
            found.append("conditional")
        if any(step.required != ALWAYS for step in steps):
            found.append("voluntary")
        return found

    def ends(self) -> tuple[str, str]:
        return BEGIN.text(self.lang), PHASE_LABELS[RELEASED].text(self.lang)

    # -- Mermaid -------------------------------------------------------------------

    def mermaid(self) -> str:
        start, release = self.ends()
        title = " · ".join(filter(None, (self.title, self.subtitle)))
        lines = ["---", "title: " + json.dumps(" ".join(title.split()), ensure_ascii=False), "---"]
        lines += ["flowchart TD", f'    {START}(["{_mermaid(start)}"])']
        voluntary: list[str] = []
        for group, steps in (("prerequisites", self.prerequisites), ("stations", self.stations)):
            if not steps:
                continue
            lines.append(f'    subgraph {group} ["{_mermaid(self.words[group])}"]')
            for step in steps:
                lines.append("        " + _mermaid_node(_id(step.id), step, self.label(step)))
                if step.required != ALWAYS:
                    voluntary.append(_id(step.id))
            lines.append("    end")
        lines.append(f'    {RELEASE}(["{_mermaid(release)}"])')
        for source, dest, dashed in self.edges:
            lines.append(f"    {source} {'-.->' if dashed else '-->'} {dest}")
        marks = self.marks()
        if marks:
            lines.append(f'    subgraph legend ["{_mermaid(translate(LEGEND, self.lang))}"]')
            if "conditional" in marks:
                text = _mermaid(translate(CONDITIONAL, self.lang))
                lines.append("        legend_conditional{{" + f'"{text}"' + "}}")
            if "voluntary" in marks:
                text = _mermaid(translate(VOLUNTARY, self.lang))
                lines.append(f'        legend_voluntary["{text}"]')
                voluntary.append("legend_voluntary")
            lines.append("    end")
        if voluntary:
            lines.append("    classDef voluntary stroke-dasharray: 5 5")
            lines.append(f"    class {','.join(voluntary)} voluntary")
        return "\n".join(lines) + "\n"

    # -- DOT -----------------------------------------------------------------------

    def dot(self) -> str:
        start, release = self.ends()
        title = "\\n".join(_dot(line)[1:-1] for line in (self.title, self.subtitle) if line)
        lines = ["digraph {", f'    label="{title}"', "    labelloc=t", "    rankdir=TB"]
        lines.append("    node [shape=box]")
        lines.append(f"    {START} [label={_dot(start)} shape=oval]")
        for group, steps in (("prerequisites", self.prerequisites), ("stations", self.stations)):
            if not steps:
                continue
            lines.append(f"    subgraph cluster_{group} {{")
            lines.append(f"        label={_dot(self.words[group])}")
            for step in steps:
                lines.append("        " + _dot_node(_id(step.id), step, self.label(step)))
            lines.append("    }")
        lines.append(f"    {RELEASE} [label={_dot(release)} shape=oval]")
        lines += [
            f"    {source} -> {dest}" + (" [style=dashed]" if dashed else "")
            for source, dest, dashed in self.edges
        ]
        marks = self.marks()
        if marks:
            lines.append("    subgraph cluster_legend {")
            lines.append(f"        label={_dot(translate(LEGEND, self.lang))}")
            if "conditional" in marks:
                text = _dot(translate(CONDITIONAL, self.lang))
                lines.append(f"        legend_conditional [label={text} shape=hexagon]")
            if "voluntary" in marks:
                text = _dot(translate(VOLUNTARY, self.lang))
                lines.append(f"        legend_voluntary [label={text} style=dashed]")
            lines.append("    }")
        return "\n".join(lines) + "\n}\n"


def _id(step_id: str) -> str:
    """A step's node id: prefixed, so that no step id is a keyword of either syntax."""
    return f"step_{step_id}"


def _edges(workflow: Workflow) -> list[tuple[str, str, bool]]:
    """Start to the first prerequisites, ``after:`` edges, the prerequisites nothing waits
    for to the first station (or to the release), the stations in order, the last to release.

    An edge is dashed when it leaves a step that not every student must do.
    """
    prerequisites = workflow.prerequisites
    ids = {step.id for step in prerequisites}
    joins = {step.id for step in prerequisites if step.after_all}
    waits = {
        step.id: [other.id for other in prerequisites if other.id not in joins]
        if step.after_all
        else [name for name in step.after if name in ids and name != step.id]
        for step in prerequisites
    }
    waited_for = {name for name in ids - joins for name in waits[name]}
    optional = {_id(step.id) for step in workflow.steps if step.required != ALWAYS}
    pairs: list[tuple[str, str]] = []
    for step in prerequisites:
        before = waits[step.id]
        if step.after_all:  # a join from the steps nothing else waits for
            before = [name for name in before if name not in waited_for]
        pairs += [(_id(name), _id(step.id)) for name in before] or [(START, _id(step.id))]
    followed = {source for source, _ in pairs}
    last = [_id(step.id) for step in prerequisites if _id(step.id) not in followed]
    chain = [_id(step.id) for step in workflow.stations] + [RELEASE]
    pairs += [(name, chain[0]) for name in last] or [(START, chain[0])]
    pairs += list(itertools.pairwise(chain))
    return [(source, dest, source in optional) for source, dest in pairs]


def _mermaid(text: str) -> str:
    """Text safe inside a Mermaid ``"..."`` label: entity codes for ``# " < > &``."""
    text = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("&", "#amp;")


def _mermaid_node(node: str, step: Step, lines: list[str]) -> str:
    text = "<br/>".join(_mermaid(line) for line in lines)
    if step.when != ALWAYS:
        return node + "{{" + f'"{text}"' + "}}"
    return f'{node}["{text}"]'


def _dot(text: str) -> str:
    """A DOT quoted string on one line; a line break between the lines of a label."""
    text = " ".join(text.split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_node(node: str, step: Step, lines: list[str]) -> str:
    label = '"' + "\\n".join(_dot(line)[1:-1] for line in lines) + '"'
    attributes = [f"label={label}"]
    if step.when != ALWAYS:
        attributes.append("shape=hexagon")
    if step.required != ALWAYS:
        attributes.append("style=dashed")
    return f"{node} [{' '.join(attributes)}]"


__all__ = ["render_steps"]
