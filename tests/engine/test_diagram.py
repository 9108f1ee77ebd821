"""Diagrams of an engine's phases, drawn by transitions as Mermaid or Graphviz DOT text."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from clearflow import ClearflowError, load_workflow, load_workflow_text
from clearflow.engine import Actor, Engine
from clearflow.engine.diagram import render_diagram

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"

PHASES = (
    "preparing",
    "checklist_issued",
    "fees_confirmed",
    "card_and_dormitory",
    "employment_registered",
    "pass_and_household",
    "checklist_returned",
    "ready",
    "released",
)
TRIGGERS = (
    "enter_hall",
    "pass_checklist_issued",
    "pass_fees_confirmed",
    "pass_card_and_dormitory",
    "pass_employment_registered",
    "pass_pass_and_household",
    "pass_checklist_returned",
    "release",
)
MORNING = dt.datetime(2014, 7, 1, 9, 30)
EDGES = tuple(zip(PHASES[:-1], PHASES[1:], TRIGGERS, strict=True))

QUOTED = """\
clearflow: 1
id: quoted
title: {en: 'A "quoted" \\ procedure'}
offices:
  desk: {en: Desk}
stations:
  - id: sign
    office: desk
    en: 'Sign the "green" form'
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_workflow(WORKFLOW))


def mermaid_edges(text: str) -> list[tuple[str, str, str]]:
    found = re.findall(r"^\s*(\w+) --> (\w+): (\w+)$", text, flags=re.MULTILINE)
    return [(source, dest, trigger) for source, dest, trigger in found]


def dot_edges(text: str) -> list[tuple[str, str, str]]:
    found = re.findall(r"^\s*(\w+) -> (\w+) \[label=(\w+)\]$", text, flags=re.MULTILINE)
    return [(source, dest, trigger) for source, dest, trigger in found]


def test_mermaid_has_every_phase_and_trigger_in_order(engine: Engine) -> None:
    """Mermaid text declares every phase and draws one edge per trigger, in phase order."""
    text = render_diagram(engine, "mermaid")
    assert "stateDiagram-v2" in text
    declared = re.findall(r'^\s*state "[^"]*" as (\w+)$', text, flags=re.MULTILINE)
    assert tuple(declared) == PHASES
    assert tuple(mermaid_edges(text)) == EDGES
    assert text.rstrip().endswith("[*] --> preparing")


def test_mermaid_labels_phases_with_station_labels(engine: Engine) -> None:
    """Stations carry their labels in the chosen language; other phases carry fixed words."""
    english = render_diagram(engine, "mermaid", "en")
    chinese = render_diagram(engine, "mermaid", "zh")
    assert 'state "Blank clearance checklist handed out" as checklist_issued' in english
    assert 'state "Prerequisites" as preparing' in english
    assert 'state "Documents handed over" as released' in english
    assert 'state "领取空白《离校清单》" as checklist_issued' in chinese
    assert 'state "前期工作" as preparing' in chinese
    assert 'state "手续办结" as ready' in chinese
    assert 'state "证书及资料已领取" as released' in chinese
    assert "Prerequisites" not in chinese


def test_mermaid_title_is_front_matter(engine: Engine) -> None:
    """The workflow's title is Mermaid front matter, a YAML mapping with a quoted title."""
    text = render_diagram(engine, "mermaid", "zh")
    assert text.startswith('---\ntitle: "贵阳职业技术学院2014届毕业生离校手续"\n---\n')


def test_mermaid_is_the_default_and_engine_diagram_agrees(engine: Engine) -> None:
    """Engine.diagram() and render_diagram() give the same English Mermaid text."""
    assert engine.diagram() == render_diagram(engine) == render_diagram(engine, "mermaid", "en")
    assert engine.diagram(lang="zh") == render_diagram(engine, "mermaid", "zh")


def test_mermaid_escapes_quotes_in_labels() -> None:
    """A double quote in a label cannot end Mermaid's quoted state label."""
    engine = Engine(load_workflow_text(QUOTED))
    text = render_diagram(engine, "mermaid")
    assert 'state "Sign the #quot;green#quot; form" as sign' in text
    assert 'title: "A \\"quoted\\" \\\\ procedure"' in text


def test_dot_has_every_phase_and_trigger_in_order(engine: Engine) -> None:
    """DOT text declares every phase with its label and one edge per trigger, in phase order."""
    pytest.importorskip("graphviz")
    text = render_diagram(engine, "dot")
    assert text.startswith('digraph "GYVTC class of 2014 leaving procedure" {')
    declared = re.findall(r'^\s*(\w+) \[label="[^"]*"\]$', text, flags=re.MULTILINE)
    assert tuple(declared) == PHASES
    assert tuple(dot_edges(text)) == EDGES
    assert 'checklist_issued [label="Blank clearance checklist handed out\\l"]' in text


def test_dot_labels_in_chinese_and_escapes_quotes() -> None:
    """DOT labels follow the language, and quotes and backslashes stay inside the label."""
    pytest.importorskip("graphviz")
    gyvtc = Engine(load_workflow(WORKFLOW))
    assert 'fees_confirmed [label="计财处确认费用缴清\\l"]' in render_diagram(gyvtc, "dot", "zh")
    quoted = render_diagram(Engine(load_workflow_text(QUOTED)), "dot")
    assert 'sign [label="Sign the \\"green\\" form\\l"]' in quoted


def test_dot_without_graphviz_package_says_how_to_install(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the graphviz package DOT is refused with an install hint, not Mermaid instead."""
    monkeypatch.setitem(sys.modules, "graphviz", None)
    with pytest.raises(ClearflowError) as caught:
        render_diagram(engine, "dot")
    assert str(caught.value) == (
        "DOT output needs the 'graphviz' Python package; "
        "install it with: pip install 'clearflow[diagram]'"
    )


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("svg", "unknown diagram kind 'svg' (expected mermaid or dot)"),
        ("mermiad", "unknown diagram kind 'mermiad' (did you mean 'mermaid'?)"),
        ("graphviz", "unknown diagram kind 'graphviz' (expected mermaid or dot)"),
    ],
)
def test_unknown_kind_is_refused(engine: Engine, kind: str, message: str) -> None:
    """An unknown diagram kind raises a ClearflowError naming it, with a hint."""
    with pytest.raises(ClearflowError) as caught:
        render_diagram(engine, kind)
    assert str(caught.value) == message


def test_unknown_language_is_refused(engine: Engine) -> None:
    """Only en and zh labels exist."""
    with pytest.raises(ClearflowError) as caught:
        render_diagram(engine, "mermaid", "fr")
    assert str(caught.value) == "unknown language 'fr' (expected en or zh)"
    assert caught.value.text("zh") == "未知的语言 'fr'（应为 en 或 zh）"
    with pytest.raises(ClearflowError) as caught:
        render_diagram(engine, "mermiad", "zh")
    assert caught.value.text("zh") == "未知的流程图类型 'mermiad'（是否想写 'mermaid'？）"


def test_drawing_leaves_the_shared_machine_alone(engine: Engine) -> None:
    """Drawing adds no model, state or event to the engine's machine, and cases still run."""
    events_before = dict(engine.machine.events)
    states_before = dict(engine.machine.states)
    render_diagram(engine, "mermaid")
    assert engine.machine.models == []
    assert dict(engine.machine.events) == events_before
    assert dict(engine.machine.states) == states_before
    facts = {"program": "higher_vocational", "campus": "main", "department": "tourism"}
    case = engine.start("s1", {**facts, "credits_complete": True}, at=MORNING)
    case.clear("finance_cleared", Actor(office="finance", staff="f1"), at=MORNING)
    assert case.phase == "preparing"
    assert case.status("finance_cleared") == "cleared"


def test_diagram_command_prints_mermaid_with_every_phase() -> None:
    """`clearflow diagram` prints Mermaid naming every phase, and exits 0."""
    from click.testing import CliRunner

    from clearflow.cli import main

    result = CliRunner().invoke(main, ["diagram", "workflows/gyvtc-2014.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("---\ntitle:")
    for phase in ("preparing", "checklist_issued", "checklist_returned", "ready", "released"):
        assert f" as {phase}\n" in result.output


def test_diagram_command_prints_dot_in_chinese() -> None:
    """`clearflow diagram --format dot --lang zh` labels stations with their Chinese names."""
    from click.testing import CliRunner

    from clearflow.cli import main

    result = CliRunner().invoke(
        main, ["diagram", "workflows/gyvtc-2014.yaml", "--format", "dot", "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith('digraph "贵阳职业技术学院2014届毕业生离校手续"')
    assert 'fees_confirmed [label="计财处确认费用缴清' in result.output


def test_diagram_command_on_a_broken_file_exits_1_without_traceback(tmp_path: Path) -> None:
    """A broken workflow gives its located error and exit 1, never a traceback."""
    from click.testing import CliRunner

    from clearflow.cli import main

    broken = tmp_path / "broken.yaml"
    broken.write_text("clearflow: 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diagram", str(broken)])
    assert result.exit_code == 1
    assert "format version '2' is not supported" in result.output
    assert "Traceback" not in result.output


NO_HALL = ROOT / "tests" / "fixtures" / "where" / "no-hall.yaml"


@pytest.mark.parametrize(
    ("kind", "lang", "edge"),
    [
        ("mermaid", "en", "  preparing --> ready: all prerequisites settled"),
        ("mermaid", "zh", "  preparing --> ready: 前期工作办结"),
        ("dot", "en", '\tpreparing -> ready [label="all prerequisites settled"]'),
        ("dot", "zh", '\tpreparing -> ready [label="前期工作办结"]'),
    ],
)
def test_without_stations_the_edge_out_of_the_prerequisites_names_no_hall(
    kind: str, lang: str, edge: str
) -> None:
    """No stations, no hall to enter: the edge reads as what it is; the engine's trigger is
    still ``enter_hall``, and the release edge keeps its trigger name."""
    if kind == "dot":
        pytest.importorskip("graphviz")
    engine = Engine(load_workflow(NO_HALL))
    lines = render_diagram(engine, kind, lang).splitlines()
    assert edge in lines
    assert not any("enter_hall" in line or "大厅" in line for line in lines)
    assert "enter_hall" in engine.machine.events
