"""``clearflow diagram --steps`` and ``--facts`` on ``diagram`` and ``show``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from clearflow.cli import main

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = str(ROOT / "workflows" / "gyvtc-2014.yaml")
HIGHER_NON_PARTY = ("--facts", "program=higher_vocational", "--facts", "party_member=false")


def run(*args: str) -> Result:
    """The CLI with CLEARFLOW_LANG unset: the workflow's language decides without --lang."""
    env = {"COLUMNS": "200", "NO_COLOR": "1", "CLEARFLOW_LANG": ""}
    return CliRunner(env=env).invoke(main, list(args))


def test_diagram_steps_draws_the_steps_in_the_workflows_language() -> None:
    """Without --lang the 2014 workflow (language: zh) is drawn in Chinese."""
    result = run("diagram", "--steps", WORKFLOW)
    assert result.exit_code == 0, result.output
    assert result.output.startswith('---\ntitle: "贵阳职业技术学院2014届毕业生离校手续"\n---\n')
    assert (
        'step_party_transfer{{"党组织关系转接<br/>适用：中共党员（含预备党员）"}}' in result.output
    )
    assert '    release(["证书及资料已领取"])\n' in result.output


def test_diagram_steps_with_facts_leaves_out_what_does_not_apply() -> None:
    """A higher-vocational non-member: no Party transfer; the League one stays conditional."""
    result = run(
        "diagram", "--steps", "--format", "dot", "--lang", "en", WORKFLOW, *HIGHER_NON_PARTY
    )
    assert result.exit_code == 0, result.output
    assert "party_transfer" not in result.output
    assert "step_league_transfer [label=" in result.output
    assert "shape=hexagon" in result.output
    assert (
        '    label="GYVTC class of 2014 leaving procedure\\nFor students: Program is Higher '
        'vocational and not: Party member (incl. probationary)"\n'
    ) in result.output


def test_show_with_facts_names_the_students_and_leaves_out_the_rest() -> None:
    """show --facts: the profile under the header, no Party transfer, only their sessions."""
    result = run("show", "--lang", "en", WORKFLOW, *HIGHER_NON_PARTY)
    assert result.exit_code == 0, result.output
    assert (
        "For students: Program is Higher vocational and not: Party member (incl. probationary)"
        in result.output
    )
    assert "Transfer of Party membership" not in result.output
    assert "Transfer of Youth League membership" in result.output
    assert "Secondary vocational · Main campus             549" in result.output  # cohort
    assert "2014-07-09 Wed" not in result.output  # the secondary-vocational session
    assert "2014-07-10 Thu" in result.output
    chinese = run("show", WORKFLOW, "--facts", "program=higher_vocational")
    assert "适用学生：层次 为 高职" in chinese.output
    assert "党组织关系转接" in chinese.output


def test_unknown_fact_or_value_is_an_error_in_the_workflows_language() -> None:
    """The facts are checked against the workflow's declarations, every problem at once."""
    result = run("diagram", "--steps", WORKFLOW, "--facts", "progam=x", "--facts", "campus=moon")
    assert result.exit_code == 1
    assert result.stderr == (
        "学生信息有误：未知的信息项 'progam'（是否想写 'program'？）；"
        "信息项 'campus' 不能取值 'moon'（应为 main, ergezhai, other_sites）\n"
    )
    english = run("show", "--lang", "en", WORKFLOW, "--facts", "party_member=perhaps")
    assert english.exit_code == 1
    assert english.stderr == (
        "invalid student facts: fact 'party_member' cannot be 'perhaps' "
        "(expected true, yes, false, no)\n"
    )


def test_facts_not_written_as_key_value_or_twice_are_usage_errors() -> None:
    """A --facts without '=' or given twice exits 2 with the usage."""
    result = run("show", "--lang", "en", WORKFLOW, "--facts", "program")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--facts': 'program' is not a fact and its value, "
        "such as program=higher_vocational"
    ) in result.stderr
    twice = run("show", WORKFLOW, "--facts", "program=a", "--facts", "program=b", "--lang", "zh")
    assert twice.exit_code == 2
    assert "信息项 'program' 给了两次" in twice.stderr


def test_facts_on_the_phase_diagram_asks_for_steps() -> None:
    """The phases are the same for every student: --facts needs --steps."""
    result = run("diagram", "--lang", "en", WORKFLOW, *HIGHER_NON_PARTY)
    assert result.exit_code == 2
    assert "Error: --facts draws one kind of student's steps: add --steps" in result.stderr
