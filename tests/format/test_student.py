"""Student files: YAML or JSON records typed by the workflow, with exact located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow.errors import WorkflowError
from clearflow.format.student import StudentRecord, parse_student, read_student
from clearflow.loading import load_workflow
from support import WORKFLOW_2014, engine_2014, workflow_2014

ROOT = Path(__file__).resolve().parents[2]
STUDENTS = sorted((ROOT / "examples" / "students").glob("*.yaml"))

LI_LEI_YAML = """\
id: "2014010203"
name: 李雷
facts:
  program: higher_vocational
  campus: main
  department: urban_rural_planning
  party_member: true
  credits_complete: true
"""

LI_LEI_JSON = """\
{"id": "2014010203", "name": "李雷",
 "facts": {"program": "higher_vocational", "campus": "main",
           "department": "urban_rural_planning", "party_member": true,
           "credits_complete": true}}
"""

LI_LEI = StudentRecord(
    id="2014010203",
    name="李雷",
    facts={
        "program": "higher_vocational",
        "campus": "main",
        "department": "urban_rural_planning",
        "party_member": True,
        "credits_complete": True,
    },
)


REQUIRED = "program: higher_vocational, campus: main, department: tourism, credits_complete: true"
"""The 2014 facts without a default, in flow style."""


def parse(text: str) -> StudentRecord:
    """A student record for the 2014 workflow, from a file called student.yaml."""
    return parse_student(text, workflow_2014(), "student.yaml")


def error(text: str) -> str:
    """The message of the WorkflowError the text raises."""
    with pytest.raises(WorkflowError) as caught:
        parse(text)
    return str(caught.value)


# -- reading ------------------------------------------------------------------


def test_yaml_record() -> None:
    """A YAML record gives the id, the name and the facts typed as declared."""
    assert parse(LI_LEI_YAML) == LI_LEI


def test_json_record() -> None:
    """The same record in JSON reads the same."""
    assert parse(LI_LEI_JSON) == LI_LEI


def test_json_file(tmp_path: Path) -> None:
    """read_student reads a .json file too."""
    path = tmp_path / "li-lei.json"
    path.write_text(LI_LEI_JSON, encoding="utf-8")
    assert read_student(path, workflow_2014()) == LI_LEI


def test_bool_facts_are_bools_and_choices_are_strings() -> None:
    """Bool facts come back as True/False, choice facts as their value ids."""
    facts = parse(LI_LEI_YAML.replace("party_member: true", "party_member: false")).facts
    assert facts["party_member"] is False
    assert facts["credits_complete"] is True
    assert facts["program"] == "higher_vocational"


def test_id_keeps_leading_zeros_and_digits_as_text() -> None:
    """An id is text: a quoted or bare number stays exactly as written."""
    assert parse(f'id: "0012"\nfacts: {{{REQUIRED}}}\n').id == "0012"
    assert parse(f"id: 0012\nfacts: {{{REQUIRED}}}\n").id == "0012"


def test_name_is_optional() -> None:
    """A record without a name has name None."""
    record = parse(f'id: "7"\nfacts: {{{REQUIRED}}}\n')
    assert record.name is None
    assert record.id == "7"


def test_defaults_are_left_to_the_engine() -> None:
    """Facts with a default may be left out; the engine fills them in when the case starts."""
    record = parse(f'id: "7"\nfacts: {{{REQUIRED}}}\n')
    assert "party_member" not in record.facts
    case = engine_2014().start(record.id, record.facts)
    assert case.facts["party_member"] is False


@pytest.mark.parametrize("path", STUDENTS, ids=lambda path: path.stem)
def test_example_students_start_a_case(path: Path) -> None:
    """Every example student file reads, and its facts start a 2014 case."""
    record = read_student(path, workflow_2014())
    case = engine_2014().start(record.id, record.facts, name=record.name)
    assert case.student_id == record.id
    assert record.name


# -- errors -------------------------------------------------------------------


def test_unknown_fact_suggests_the_closest() -> None:
    """A misspelt fact is CF202 with 'did you mean'."""
    assert error('id: "1"\nfacts: {progam: higher_vocational, credits_complete: true}\n') == (
        "student.yaml:2:9: facts.progam: unknown fact 'progam' (did you mean 'program'?) [CF202]"
    )


def test_bad_choice_value() -> None:
    """A value a choice fact does not have is CF205 with 'did you mean'."""
    assert error('id: "1"\nfacts: {program: higher_vocation, credits_complete: true}\n') == (
        "student.yaml:2:18: facts.program: fact 'program' has no value 'higher_vocation' "
        "(did you mean 'higher_vocational'?) [CF205]"
    )


def test_yes_for_a_bool_fact_is_refused() -> None:
    """'yes' is ambiguous YAML: a bool fact takes only true or false (CF104)."""
    assert error('id: "1"\nfacts:\n  credits_complete: yes\n') == (
        "student.yaml:3:21: facts.credits_complete: expected true or false, found 'yes' "
        "(write 'true' or 'false') [CF104]"
    )


def test_missing_id() -> None:
    """A record without an id is CF102."""
    assert error("name: 李雷\nfacts: {credits_complete: true}\n") == (
        "student.yaml:1:1: missing key 'id' (add 'id:' to this mapping) [CF102]"
    )


def test_missing_facts() -> None:
    """A record without facts is CF102."""
    assert error('id: "1"\n') == (
        "student.yaml:1:1: missing key 'facts' (add 'facts:' to this mapping) [CF102]"
    )


def test_missing_fact_without_a_default() -> None:
    """A fact the workflow gives no default must be in the file (CF102 at 'facts')."""
    assert error(
        'id: "1"\nfacts:\n  program: higher_vocational\n  campus: main\n  department: tourism\n'
    ) == (
        "student.yaml:3:3: facts: missing fact 'credits_complete' "
        "(add 'credits_complete:' to the facts; the workflow gives it no default) [CF102]"
    )


def test_unknown_key() -> None:
    """A key other than id, name and facts is CF101."""
    assert error('id: "1"\nfacts: {credits_complete: true}\nemail: a@b.cn\n') == (
        "student.yaml:3:1: email: unknown key 'email' (known keys: facts, id, name) [CF101]"
    )


def test_empty_id() -> None:
    """An empty id is CF103."""
    assert error('id: ""\nfacts: {credits_complete: true}\n') == (
        "student.yaml:1:5: id: expected text, found '' (write the text after the colon) [CF103]"
    )


def test_empty_file_says_what_a_student_file_holds() -> None:
    """An empty student file is CF003 with a hint about student files, not workflows."""
    assert error("") == (
        "student.yaml:1:1: file is empty "
        "(a student file starts with 'id:', 'name:' and 'facts:') [CF003]"
    )


def test_every_problem_is_reported_at_once() -> None:
    """Several wrong facts come back together, in file order."""
    assert error(
        'id: "1"\nfacts:\n  progam: higher_vocational\n  credits_complete: yes\n'
    ).splitlines() == [
        "student.yaml:3:3: facts.progam: unknown fact 'progam' (did you mean 'program'?) [CF202]",
        "student.yaml:4:21: facts.credits_complete: expected true or false, found 'yes' "
        "(write 'true' or 'false') [CF104]",
    ]


def test_errors_are_labelled_with_the_file_path(tmp_path: Path) -> None:
    """read_student labels messages with the path it was given."""
    path = tmp_path / "student.json"
    path.write_text('{"facts": {"credits_complete": true}}', encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        read_student(path, workflow_2014())
    assert str(caught.value) == (
        f"{path}:1:1: missing key 'id' (add 'id:' to this mapping) [CF102]"
    )


def test_a_student_id_longer_than_a_store_keeps_is_located(tmp_path: Path) -> None:
    """An id of 65 characters is CF104 at the id, not a store error later."""
    path = tmp_path / "long.yaml"
    path.write_text('id: "' + "1" * 65 + '"\nfacts: {}\n', encoding="utf-8")
    with pytest.raises(WorkflowError) as raised:
        read_student(path, load_workflow(WORKFLOW_2014))
    assert str(raised.value.issues[0]) == (
        f"{path}:1:5: id: a student id has 1 to 64 characters, found 65 characters "
        "(write the id the registry gives the student) [CF104]"
    )
