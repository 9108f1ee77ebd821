"""The procedure drawn as its steps: Mermaid flowchart and Graphviz DOT text, written by hand."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from clearflow import ClearflowError, load_workflow, load_workflow_text
from clearflow.engine.step_diagram import render_steps
from clearflow.spec import ancestors, order_graph
from clearflow.staff.scenario import is_sidecar

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
EXAMPLES = ROOT / "examples" / "workflows"
EXAMPLE_PATHS = sorted(path for path in EXAMPLES.glob("*.yaml") if not is_sidecar(path))
"""The example workflows (not the scenarios files beside some of them)."""

PARTIAL_ORDER_MERMAID = """\
---
title: "Xichuan Normal University, 2023 postgraduate leaving procedure"
---
flowchart TD
    start(["Start"])
    subgraph prerequisites ["Prerequisites"]
        step_supervisor_approval["Supervisor approves leaving"]
        step_thesis_archived["Final thesis archived"]
        step_lab_cleared["Laboratory equipment and keys returned"]
        step_library_cleared["Thesis deposited and books returned at the Library"]
        step_finance_cleared["Tuition and accommodation fees settled"]
        step_apartment_checkout["Apartment checked out and keys returned"]
        step_campus_card_cancelled["Campus card cancelled and balance refunded"]
    end
    release(["Documents handed over"])
    start --> step_supervisor_approval
    step_supervisor_approval --> step_thesis_archived
    step_supervisor_approval --> step_lab_cleared
    step_supervisor_approval --> step_library_cleared
    step_thesis_archived --> step_library_cleared
    step_supervisor_approval --> step_finance_cleared
    step_supervisor_approval --> step_apartment_checkout
    step_lab_cleared --> step_campus_card_cancelled
    step_library_cleared --> step_campus_card_cancelled
    step_finance_cleared --> step_campus_card_cancelled
    step_apartment_checkout --> step_campus_card_cancelled
    step_campus_card_cancelled --> release
"""

OPTIONAL_STEPS_DOT = """\
digraph {
    label="Binhai Vocational and Technical College, class of 2024 leaving procedure"
    labelloc=t
    rankdir=TB
    node [shape=box]
    start [label="Start" shape=oval]
    subgraph cluster_prerequisites {
        label="Prerequisites"
        step_finance_cleared [label="Tuition and other fees settled"]
        step_library_cleared [label="Books returned"]
        step_destination_registered [label="Graduate destination registered\\nrequired of: \
Signed an employment agreement" style=dashed]
        step_archive_transfer [label="Personal file sent on\\nrequired of: not: Where the \
personal file goes is Held by the college (up to two years)" style=dashed]
        step_alumni_card [label="Alumni card issued\\nvoluntary" style=dashed]
    }
    subgraph cluster_stations {
        label="Stations in order"
        step_certificate_issued [label="Graduation certificate handed over"]
    }
    release [label="Documents handed over" shape=oval]
    start -> step_finance_cleared
    start -> step_library_cleared
    start -> step_destination_registered
    start -> step_archive_transfer
    start -> step_alumni_card
    step_finance_cleared -> step_certificate_issued
    step_library_cleared -> step_certificate_issued
    step_destination_registered -> step_certificate_issued [style=dashed]
    step_archive_transfer -> step_certificate_issued [style=dashed]
    step_alumni_card -> step_certificate_issued [style=dashed]
    step_certificate_issued -> release
    subgraph cluster_legend {
        label="Legend"
        legend_voluntary [label="not required of every student" style=dashed]
    }
}
"""

AWKWARD = """\
clearflow: 1
id: awkward
title: {en: 'A "quoted" <b>#1</b> & [x] \\ procedure', zh: 流程 "甲" 【乙】}
offices:
  desk: {en: Desk}
prerequisites:
  - id: end
    office: desk
    en: 'Sign the "green" form [A] {b} (c) #3 <br> a\\nb'
stations:
  - id: graph
    office: desk
    en: Hand in
"""


def mermaid_edges(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^    (\w+) -\.?-> (\w+)$", text, flags=re.MULTILINE)


def mermaid_nodes(text: str) -> list[str]:
    return re.findall(r"^        (step_\w+)[\[{]", text, flags=re.MULTILINE)


def test_partial_order_mermaid_is_exactly_this() -> None:
    """after: edges, after: all as a join from the steps nothing else waits for, release."""
    workflow = load_workflow(EXAMPLES / "partial-order.yaml")
    assert render_steps(workflow, "mermaid", "en") == PARTIAL_ORDER_MERMAID


def test_optional_steps_dot_is_exactly_this() -> None:
    """Steps not every student must do are dashed, their edges too, with a legend."""
    workflow = load_workflow(EXAMPLES / "optional-steps.yaml")
    assert render_steps(workflow, "dot", "en") == OPTIONAL_STEPS_DOT


def test_conditional_steps_are_hexagons_with_their_condition() -> None:
    """A step with a when: is a hexagon labelled with who it applies to, in the legend too."""
    workflow = load_workflow(EXAMPLES / "conditional-steps.yaml")
    mermaid = render_steps(workflow, "mermaid", "en")
    assert (
        'step_party_transfer{{"Transfer of Party membership<br/>applies to: Party member"}}'
        in mermaid
    )
    assert 'legend_conditional{{"applies to some students"}}' in mermaid
    dot = render_steps(workflow, "dot", "zh")
    assert (
        'step_party_transfer [label="党组织关系转接\\n适用：中共党员（含预备党员）" shape=hexagon]'
        in dot
    )
    assert 'legend_conditional [label="部分学生办理" shape=hexagon]' in dot
    assert 'label="图例"' in dot


@pytest.mark.parametrize("kind", ["mermaid", "dot"])
def test_2014_draws_every_step_once_and_the_stations_in_order(kind: str) -> None:
    """Every step is one node; the stations follow each other in order, then release."""
    workflow = load_workflow(WORKFLOW)
    text = render_steps(workflow, kind, "zh")
    pattern = r"^        (step_\w+) [\[{]" if kind == "dot" else r"^        (step_\w+)[\[{]"
    nodes = re.findall(pattern, text, flags=re.MULTILINE)
    assert nodes == [f"step_{step.id}" for step in workflow.steps]
    arrow = "->" if kind == "dot" else "-->"
    chain = [f"step_{step.id}" for step in workflow.stations] + ["release"]
    for source, dest in itertools.pairwise(chain):
        assert f"    {source} {arrow} {dest}\n" in text
    for step in workflow.prerequisites:
        assert f"    step_{step.id} {arrow} step_checklist_issued\n" in text
    assert "贵阳职业技术学院2014届毕业生离校手续" in text


@pytest.mark.parametrize("name", [path.name for path in EXAMPLE_PATHS])
def test_every_order_the_workflow_states_is_a_path_in_the_drawing(name: str) -> None:
    """Each after: edge is drawn, and whatever a step follows is drawn before it."""
    workflow = load_workflow(EXAMPLES / name)
    edges = mermaid_edges(render_steps(workflow))
    assert mermaid_nodes(render_steps(workflow)) == [f"step_{s.id}" for s in workflow.steps]
    drawn: dict[str, set[str]] = {}
    for source, dest in edges:
        drawn.setdefault(dest.removeprefix("step_"), set()).add(source.removeprefix("step_"))
    for step in workflow.steps:
        for name_before in step.after:
            assert (f"step_{name_before}", f"step_{step.id}") in edges
    graph = order_graph(workflow.steps)
    for step in workflow.steps:
        assert ancestors(graph, step.id) <= ancestors(drawn, step.id)


def test_labels_are_escaped_and_ids_are_never_keywords() -> None:
    """Quotes, brackets, #, <, & and backslashes stay text; a step called end is step_end."""
    workflow = load_workflow_text(AWKWARD)
    mermaid = render_steps(workflow, "mermaid", "en")
    assert 'title: "A \\"quoted\\" <b>#1</b> & [x] \\\\ procedure"' in mermaid
    assert (
        'step_end["Sign the #quot;green#quot; form [A] {b} (c) #35;3 #lt;br#gt; a\\nb"]' in mermaid
    )
    assert "    step_end --> step_graph\n" in mermaid
    dot = render_steps(workflow, "dot", "en")
    assert 'step_end [label="Sign the \\"green\\" form [A] {b} (c) #3 <br> a\\\\nb"]' in dot
    assert 'label="A \\"quoted\\" <b>#1</b> & [x] \\\\ procedure"' in dot
    chinese = render_steps(workflow, "mermaid", "zh")
    assert 'title: "流程 \\"甲\\" 【乙】"' in chinese


def test_a_workflow_without_prerequisites_starts_at_the_first_station() -> None:
    """Start leads to the first station when there is nothing to do before the hall."""
    start, rest = AWKWARD.split("prerequisites:\n")
    text = render_steps(load_workflow_text(start + rest[rest.index("stations:") :]))
    assert "    start --> step_graph\n" in text


@pytest.mark.parametrize(
    ("kind", "lang", "message"),
    [
        ("mermiad", "en", "unknown diagram kind 'mermiad' (did you mean 'mermaid'?)"),
        ("mermaid", "fr", "unknown language 'fr' (expected en or zh)"),
    ],
)
def test_unknown_kind_or_language_is_refused(kind: str, lang: str, message: str) -> None:
    """The step diagram refuses what the phase diagram refuses, with the same words."""
    with pytest.raises(ClearflowError) as raised:
        render_steps(load_workflow(WORKFLOW), kind, lang)
    assert str(raised.value) == message


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize("name", ["awkward", *(path.stem for path in EXAMPLE_PATHS)])
def test_graphviz_reads_the_dot_text(name: str) -> None:
    """Where Graphviz is installed, ``dot`` draws every example (and the awkward labels)."""
    workflow = (
        load_workflow_text(AWKWARD)
        if name == "awkward"
        else load_workflow(EXAMPLES / f"{name}.yaml")
    )
    drawn = subprocess.run(
        ["dot", "-Tsvg"],
        input=render_steps(workflow, "dot", "zh"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr
