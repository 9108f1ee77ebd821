"""Damaged answers files are refused where they are wrong, or walked; nothing half-written."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from clearflow.console._answers import parse_answers
from clearflow.errors import WorkflowError
from fuzz import FUZZ
from fuzz.harness import (
    AT,
    STUDENTS,
    WORKFLOW,
    assert_located_or_done,
    invoke,
    scratch_folder,
    snapshot,
)
from fuzz.mutations import encoded, mutated
from fuzz.seeds import ANSWER_SEEDS
from support import workflow_2014

NAME = "answers.yaml"
LI_LEI = ANSWER_SEEDS[0]


def assert_parsed_or_located(text: str) -> bool:
    """The library reads the answers, or raises every issue located in the file; which."""
    try:
        parse_answers(text, workflow_2014(), NAME)
    except WorkflowError as error:
        refused = error
    else:
        return True
    assert refused.issues, refused
    for issue in refused.issues:
        assert str(issue).startswith(f"{NAME}:"), issue
    return False


@FUZZ
@given(
    mutated(ANSWER_SEEDS),
    st.sampled_from(["li-lei", "wang-fang", "zhang-wei"]),
    st.sampled_from([(), ("--yes",)]),
)
@example(LI_LEI.replace("2 books not returned", '"\\ud800"'), "li-lei", ())
@example(LI_LEI.replace("2014-07-01 10:00", "99999-01-01 10:00"), "li-lei", ())
@example(LI_LEI.replace("2014-07-01 10:00", "2014-07-01 10:00:00+25:00"), "li-lei", ())
@example(LI_LEI.replace("2014-07-03 09:15", "1900-01-01 00:00"), "li-lei", ("--yes",))
@example(LI_LEI.replace("staff: L03", "staff: " + "x" * 5000), "li-lei", ())
@example("library_cleared: [" + "[" * 50_000, "li-lei", ())
def test_damaged_answers_file_is_located_or_walked(
    text: str, student: str, more: tuple[str, ...]
) -> None:
    """``walk --answers`` with a damaged file: a located error and no case file written,
    or a walk that saved only its case file; the library agrees."""
    parsed = assert_parsed_or_located(text)
    with scratch_folder() as folder:
        (folder / NAME).write_bytes(encoded(text, "utf-8"))
        before = snapshot(folder)
        argv = ["walk", str(WORKFLOW), "--student", str(STUDENTS / f"{student}.yaml")]
        argv += ["--answers", NAME, *more, "--at", AT, "--case", "case.json"]
        result = invoke(argv, folder)
        assert_located_or_done(result, folder, before, NAME, ["case.json"])
        if not parsed:
            assert result.exit_code == 1, result.output
