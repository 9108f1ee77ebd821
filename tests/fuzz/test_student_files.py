"""Damaged student files are refused where they are wrong, or walked; nothing half-written."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from clearflow.errors import WorkflowError
from clearflow.format.student import parse_student
from fuzz import FUZZ
from fuzz.harness import AT, WORKFLOW, assert_located_or_done, invoke, scratch_folder, snapshot
from fuzz.mutations import encoded, mutated
from fuzz.seeds import STUDENT_SEEDS, store_copy
from support import workflow_2014

NAME = "student.yaml"
LI_LEI = STUDENT_SEEDS[1]


def assert_parsed_or_located(text: str) -> bool:
    """The library reads the record, or raises every issue located in the file; which."""
    try:
        parse_student(text, workflow_2014(), NAME)
    except WorkflowError as error:
        refused = error
    else:
        return True
    assert refused.issues, refused
    for issue in refused.issues:
        assert str(issue).startswith(f"{NAME}:"), issue
    return False


@FUZZ
@given(mutated(STUDENT_SEEDS), st.sampled_from(["--case", "--db"]))
@example(LI_LEI.replace('"2014010203"', '" 2014000001 "'), "--db")
@example(LI_LEI.replace("李雷", '"\\ud800"'), "--case")
@example(LI_LEI.replace("李雷", '"\\ud800"'), "--db")
@example(LI_LEI.replace('"2014010203"', '"2014\\0"'), "--db")
@example(LI_LEI.replace('"2014010203"', "x" * 5000), "--db")
@example(LI_LEI.replace("true", "[" * 100_000, 1), "--case")
def test_damaged_student_file_is_located_or_walked(text: str, where: str) -> None:
    """``walk --student`` with a damaged record: a located error and no case or store
    written, or a walk that saved only its case file or store; the library agrees."""
    parsed = assert_parsed_or_located(text)
    with scratch_folder() as folder:
        (folder / NAME).write_bytes(encoded(text, "utf-8"))
        output = "case.json" if where == "--case" else store_copy(folder).name
        before = snapshot(folder)
        argv = ["walk", str(WORKFLOW), "--student", NAME, "--yes", "--at", AT, where, output]
        result = invoke(argv, folder)
        assert_located_or_done(result, folder, before, NAME, [output])
        if not parsed:
            assert result.exit_code == 1, result.output
