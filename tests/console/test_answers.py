"""Answers files: what each office does at each step, and the exact located errors."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pytest

from clearflow.console._answers import Decision, Verb, parse_answers, read_answers
from clearflow.engine import Owed
from clearflow.errors import WorkflowError
from support import workflow_2014

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "examples" / "answers"


def parse(text: str) -> dict[str, list[Decision]]:
    """Answers for the 2014 workflow, from a file called answers.yaml."""
    return parse_answers(text, workflow_2014(), "answers.yaml")


def error(text: str) -> str:
    """The message of the WorkflowError the text raises."""
    with pytest.raises(WorkflowError) as caught:
        parse(text)
    return str(caught.value)


# -- what an answer can say ---------------------------------------------------


@pytest.mark.parametrize("verb", [Verb.CLEAR, Verb.SKIP, Verb.STOP])
def test_shorthand_verb(verb: Verb) -> None:
    """A bare clear, skip or stop is one answer with nothing else."""
    assert parse(f"library_cleared: {verb}\n") == {"library_cleared": [Decision(verb=verb)]}


def test_clear_with_outcome() -> None:
    """{clear: outcome} clears with that outcome."""
    answers = parse("party_transfer: {clear: held_by_branch}\n")
    assert answers == {"party_transfer": [Decision(verb=Verb.CLEAR, text="held_by_branch")]}


def test_clear_with_null_takes_no_outcome() -> None:
    """{clear: ~} clears with the step's first outcome, chosen later by the case."""
    assert parse("party_transfer: {clear: ~}\n") == {"party_transfer": [Decision(verb=Verb.CLEAR)]}


def test_clear_a_step_without_outcomes_as_cleared() -> None:
    """A step that declares no outcomes has the one outcome 'cleared'."""
    answers = parse("library_cleared: {clear: cleared}\n")
    assert answers == {"library_cleared": [Decision(verb=Verb.CLEAR, text="cleared")]}


@pytest.mark.parametrize("verb", [Verb.REFUSE, Verb.WAIVE])
def test_refuse_and_waive_carry_a_reason(verb: Verb) -> None:
    """{refuse: reason} and {waive: reason} keep the reason as written, spaces and all."""
    answers = parse(f"library_cleared: {{{verb}: 2 books not returned}}\n")
    assert answers == {"library_cleared": [Decision(verb=verb, text="2 books not returned")]}


def test_at_and_staff() -> None:
    """'at' is read as a date and time (naive, for the workflow's zone), 'staff' as text."""
    answers = parse("finance_cleared: {clear: ~, at: 2014-07-01 10:20, staff: F01}\n")
    assert answers == {
        "finance_cleared": [
            Decision(verb=Verb.CLEAR, at=dt.datetime(2014, 7, 1, 10, 20), staff="F01")
        ]
    }


def test_at_with_an_offset_stays_aware() -> None:
    """An ISO time with an offset keeps it."""
    answers = parse("finance_cleared: {clear: ~, at: '2014-07-01T10:20+08:00'}\n")
    moment = answers["finance_cleared"][0].at
    assert moment == dt.datetime(2014, 7, 1, 10, 20, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_list_gives_successive_visits_in_order() -> None:
    """A list holds one answer per visit, in the order written."""
    answers = parse(
        "library_cleared:\n"
        "  - {refuse: 2 books not returned, at: 2014-07-02 10:42, staff: L03}\n"
        "  - clear\n"
        "  - stop\n"
    )
    assert answers == {
        "library_cleared": [
            Decision(
                verb=Verb.REFUSE,
                text="2 books not returned",
                at=dt.datetime(2014, 7, 2, 10, 42),
                staff="L03",
            ),
            Decision(verb=Verb.CLEAR),
            Decision(verb=Verb.STOP),
        ]
    }


def test_steps_keep_file_order() -> None:
    """Steps come back in the order the file gives them."""
    answers = parse("library_cleared: clear\nfinance_cleared: clear\nchecklist_issued: skip\n")
    assert list(answers) == ["library_cleared", "finance_cleared", "checklist_issued"]


def test_docstring_example_parses() -> None:
    """The example in the module docstring is a valid answers file."""
    answers = parse(
        "library_cleared:\n"
        "  - {refuse: 2 books not returned, at: 2014-07-02 10:42}\n"
        "  - {clear: ~, at: 2014-07-03 09:15}\n"
        "party_transfer: {clear: held_by_branch}\n"
        "finance_cleared: clear\n"
    )
    assert [decision.verb for decision in answers["library_cleared"]] == [Verb.REFUSE, Verb.CLEAR]
    assert answers["party_transfer"] == [Decision(verb=Verb.CLEAR, text="held_by_branch")]


def test_li_lei_example_file() -> None:
    """李雷's answers: seven prerequisites, the library refusing once, then clearing."""
    answers = read_answers(ANSWERS / "li-lei.yaml", workflow_2014())
    assert len(answers) == 7
    assert answers["party_transfer"] == [
        Decision(
            verb=Verb.CLEAR, text="transferred", at=dt.datetime(2014, 7, 1, 10, 0), staff="P02"
        )
    ]
    assert answers["library_cleared"] == [
        Decision(
            verb=Verb.REFUSE,
            text="2 books not returned",
            at=dt.datetime(2014, 7, 2, 10, 42),
            staff="L03",
        ),
        Decision(verb=Verb.CLEAR, at=dt.datetime(2014, 7, 3, 9, 15), staff="L03"),
    ]


def test_wang_fang_example_file_keeps_a_bilingual_reason() -> None:
    """王芳's finance refusal keeps its Chinese and English reason intact."""
    answers = read_answers(ANSWERS / "wang-fang.yaml", workflow_2014())
    refusal = answers["finance_cleared"][0]
    assert refusal.verb is Verb.REFUSE
    assert refusal.text == "学费欠缴 2400 元 / tuition 2400 yuan unpaid"


# -- errors -------------------------------------------------------------------


def test_unknown_step_suggests_the_closest() -> None:
    """A misspelt step id is CF203 with 'did you mean'."""
    assert error("libary_cleared: clear\n") == (
        "answers.yaml:1:1: libary_cleared: unknown step 'libary_cleared' "
        "(did you mean 'library_cleared'?) [CF203]"
    )


def test_unknown_step_without_a_close_match_lists_steps() -> None:
    """A step id like no other lists the known steps instead."""
    assert error("zzz: clear\n") == (
        "answers.yaml:1:1: zzz: unknown step 'zzz' (known steps: academic_affairs_cleared, "
        "card_and_dormitory, checklist_issued, checklist_returned, dormitory_cleared, "
        "employment_registered, fees_confirmed, finance_cleared, ...) [CF203]"
    )


def test_bad_verb() -> None:
    """An answer that is not clear, skip or stop is CF104."""
    assert error("library_cleared: approve\n") == (
        "answers.yaml:1:18: library_cleared[0]: unknown answer 'approve' "
        "(write clear, skip, stop or {refuse: reason}) [CF104]"
    )


def test_misspelt_verb_suggests_the_closest() -> None:
    """A misspelt verb gets 'did you mean'."""
    assert error("library_cleared: clar\n") == (
        "answers.yaml:1:18: library_cleared[0]: unknown answer 'clar' "
        "(did you mean 'clear'?) [CF104]"
    )


def test_two_verbs_in_one_answer() -> None:
    """An answer with two verbs is CF102, located at the answer in a list."""
    assert error("library_cleared:\n  - clear\n  - {clear: ~, refuse: no books}\n") == (
        "answers.yaml:3:5: library_cleared[1]: an answer needs exactly one of "
        "clear, refuse, waive, skip, stop (e.g. {refuse: 2 books not returned}) [CF102]"
    )


def test_no_verb_in_an_answer() -> None:
    """An answer with only 'at' has no verb: CF102."""
    assert error("library_cleared: {at: 2014-07-02 10:42}\n") == (
        "answers.yaml:1:18: library_cleared[0]: an answer needs exactly one of "
        "clear, refuse, waive, skip, stop (e.g. {refuse: 2 books not returned}) [CF102]"
    )


def test_bad_datetime() -> None:
    """'at' that is not a date and time is CF104 at the value."""
    assert error("library_cleared: {clear: ~, at: 2014-07-32 10:00}\n") == (
        "answers.yaml:1:33: library_cleared[0].at: expected a date and time, "
        "found '2014-07-32 10:00' (write YYYY-MM-DD HH:MM, e.g. '2014-07-10 10:42') [CF104]"
    )


def test_refuse_needs_a_reason() -> None:
    """{refuse: ~} has no reason: CF103."""
    assert error("library_cleared: {refuse: ~}\n") == (
        "answers.yaml:1:27: library_cleared[0].refuse: expected text, found null "
        "(write the text after the colon) [CF103]"
    )


def test_unknown_outcome() -> None:
    """An outcome the step does not declare is CF205 with 'did you mean'."""
    assert error("party_transfer: {clear: transfered}\n") == (
        "answers.yaml:1:25: party_transfer[0].clear: step 'party_transfer' has no outcome "
        "'transfered' (did you mean 'transferred'?) [CF205]"
    )


def test_outcome_on_a_step_without_outcomes() -> None:
    """A step without outcomes accepts only 'cleared'."""
    assert error("library_cleared: {clear: returned}\n") == (
        "answers.yaml:1:26: library_cleared[0].clear: step 'library_cleared' has no outcome "
        "'returned' (known outcomes: cleared) [CF205]"
    )


def test_unknown_key_in_an_answer() -> None:
    """A key other than a verb, 'at' or 'staff' is CF101."""
    assert error("library_cleared: {clear: ~, by: L03}\n") == (
        "answers.yaml:1:29: library_cleared[0].by: unknown key 'by' "
        "(known keys: amount, at, clear, items, refuse, skip, staff, stop, ...) [CF101]"
    )


def test_a_refusal_says_what_is_owed() -> None:
    """``amount`` (read as money, rounded to fen) and ``items`` make the refusal's Owed."""
    answers = parse(
        "finance_cleared: {refuse: book fee unpaid, amount: '¥1,200.5'}\n"
        "library_cleared: {refuse: not returned, items: 2 books, amount: 35}\n"
        "dormitory_cleared: {refuse: key missing, items: 1 key}\n"
    )
    owed = {step: queue[0].owed for step, queue in answers.items()}
    assert owed == {
        "finance_cleared": Owed(amount=decimal.Decimal("1200.50")),
        "library_cleared": Owed(amount=decimal.Decimal("35.00"), items="2 books"),
        "dormitory_cleared": Owed(items="1 key"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "finance_cleared: {refuse: fee, amount: lots}\n",
            "answers.yaml:1:40: finance_cleared[0].amount: 'lots' is not an amount of money "
            "(write a number such as 1200 or 1200.50) [CF104]",
        ),
        (
            "finance_cleared: {waive: hardship, amount: 35}\n",
            "answers.yaml:1:44: finance_cleared[0].amount: 'amount' goes with a refusal, "
            "not with 'waive' (e.g. {refuse: book fee unpaid, amount: 35.00}) [CF102]",
        ),
    ],
)
def test_what_is_owed_must_be_an_amount_on_a_refusal(text: str, message: str) -> None:
    """An amount that is not money, or owed on a waiver, is a located error."""
    assert error(text) == message


def test_nested_list_is_not_an_answer() -> None:
    """A list inside the list of answers is CF103."""
    assert error("library_cleared: [[clear]]\n") == (
        "answers.yaml:1:19: library_cleared[0]: expected an answer, found a list "
        "(write clear, skip, stop or {refuse: reason}) [CF103]"
    )


def test_file_must_be_a_mapping() -> None:
    """A list at the top is CF103."""
    assert error("- clear\n") == (
        "answers.yaml:1:1: expected a mapping, found a list "
        "(write one 'id: {...}' entry per line) [CF103]"
    )


def test_empty_file_says_what_an_answers_file_holds() -> None:
    """An empty answers file is CF003 with a hint about answers, not workflows."""
    assert error("# nothing yet\n") == (
        "answers.yaml:1:1: file is empty (an answers file maps step ids to answers, "
        "e.g. 'finance_cleared: clear') [CF003]"
    )


def test_every_problem_is_reported_at_once() -> None:
    """Problems in several steps come back together, in file order."""
    assert error("libary_cleared: clear\nfinance_cleared: approve\n").splitlines() == [
        "answers.yaml:1:1: libary_cleared: unknown step 'libary_cleared' "
        "(did you mean 'library_cleared'?) [CF203]",
        "answers.yaml:2:18: finance_cleared[0]: unknown answer 'approve' "
        "(write clear, skip, stop or {refuse: reason}) [CF104]",
    ]


def test_missing_file(tmp_path: Path) -> None:
    """A missing answers file is CF001 with its path."""
    path = tmp_path / "none.yaml"
    with pytest.raises(WorkflowError) as caught:
        read_answers(path, workflow_2014())
    assert str(caught.value) == f"{path}:1:1: no such file (check the path) [CF001]"


def test_errors_are_labelled_with_the_file_path(tmp_path: Path) -> None:
    """read_answers labels messages with the path it was given."""
    path = tmp_path / "answers.yaml"
    path.write_text("library_cleared: approve\n", encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        read_answers(path, workflow_2014())
    assert str(caught.value).startswith(f"{path}:1:18: library_cleared[0]: ")


# -- the same problems in Chinese ---------------------------------------------


def error_zh(text: str) -> str:
    """The issues the text raises, each line in Chinese."""
    with pytest.raises(WorkflowError) as caught:
        parse(text)
    return "\n".join(issue.text("zh") for issue in caught.value.issues)


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        (
            "libary_cleared: clear\n",
            "answers.yaml:1:1: libary_cleared：未知的环节 'libary_cleared'"
            "（是否想写 'library_cleared'？）[CF203]",
        ),
        (
            "library_cleared: approve\n",
            "answers.yaml:1:18: library_cleared[0]：未知的答复 'approve'"
            "（写 clear、skip、stop 或 {refuse: 原因}）[CF104]",
        ),
        (
            "library_cleared: {at: 2014-07-02 10:42}\n",
            "answers.yaml:1:18: library_cleared[0]：每条答复须有且只有 "
            "clear, refuse, waive, skip, stop 中的一项（例如 {refuse: 欠书 2 本未还}）[CF102]",
        ),
        (
            "library_cleared: {clear: returned}\n",
            "answers.yaml:1:26: library_cleared[0].clear：环节 'library_cleared' 没有办理结果 "
            "'returned'（已有的办理结果：cleared）[CF205]",
        ),
    ],
)
def test_answer_file_problems_read_in_chinese(text: str, chinese: str) -> None:
    """Position, path and code as in English; the words are the catalogue's."""
    assert error_zh(text) == chinese
