"""The console walkthrough: what it prints, what it records and where it stops."""

from __future__ import annotations

import datetime as dt
import decimal
import io
from pathlib import Path

import pytest
from rich.console import Console

from clearflow import load_workflow, load_workflow_text
from clearflow._i18n import Lang
from clearflow.console._answers import (
    Decision,
    UnusedAnswer,
    Verb,
    earliest,
    parse_answers,
    read_answers,
)
from clearflow.console.walkthrough import (
    Answerer,
    PromptAnswerer,
    ScriptedAnswerer,
    Walkthrough,
    open_case,
)
from clearflow.engine import (
    PREPARING,
    RELEASED,
    Action,
    Case,
    Engine,
    Owed,
    StepStatus,
    load_case,
    save_case,
)
from clearflow.errors import ClearflowError
from clearflow.format.student import StudentRecord, read_student
from clearflow.spec._model import Step
from support import EARLY, ZONE, engine_2014, profile

ROOT = Path(__file__).resolve().parents[2]
LI_LEI = ROOT / "examples" / "students" / "li-lei.yaml"
LI_LEI_ANSWERS = ROOT / "examples" / "answers" / "li-lei.yaml"
OPTIONAL_STEPS = ROOT / "examples" / "workflows" / "optional-steps.yaml"
AT = dt.datetime(2014, 7, 10, 9, 40)
"""The hall day, as --at gives it: naive, read in the workflow's zone."""

Answers = dict[str, list[Decision]]


def li_lei_answers(extra: str = "") -> Answers:
    """李雷's answers file, with more answers (YAML text) for other steps."""
    answers = read_answers(LI_LEI_ANSWERS, engine_2014().workflow)
    if extra:
        answers.update(parse_answers(extra, engine_2014().workflow))
    return answers


def li_lei_case(answers: Answers) -> Case:
    """李雷's case, started as the CLI starts it: before the earliest answer."""
    engine = engine_2014()
    student = read_student(LI_LEI, engine.workflow)
    return engine.start(
        student.id, student.facts, name=student.name, at=earliest(answers, AT, engine)
    )


def walk(
    case: Case,
    answerer: Answerer,
    *,
    lang: Lang = "en",
    console: Console | None = None,
    changes: list[int] | None = None,
) -> str:
    """Walk a case at :data:`AT` into a 100-column console; what it printed."""
    output = io.StringIO()
    seen = changes if changes is not None else []
    Walkthrough(
        case,
        answerer,
        console or Console(file=output, width=100),
        lang=lang,
        at=AT,
        on_change=lambda changed: seen.append(changed.version),
    ).run()
    return output.getvalue()


def walk_li_lei(extra: str = "", *, yes: bool = False, lang: Lang = "en") -> tuple[Case, str]:
    """李雷 walked with his answers (plus ``extra``); the case and the output."""
    answers = li_lei_answers(extra)
    case = li_lei_case(answers)
    return case, walk(case, ScriptedAnswerer(answers, yes=yes), lang=lang)


def panel(output: str, title: str) -> list[str]:
    """The text lines inside the first panel whose top border holds ``title``."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if "╭" in line and title in line)
    body: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("╰"):
            return body
        body.append(line.strip().strip("│").strip())
    raise AssertionError(f"panel {title!r} is not closed")


class Recording:
    """Scripted answers that record which step each question was about."""

    def __init__(self, answers: Answers, *, yes: bool = True, interactive: bool = False) -> None:
        self.scripted = ScriptedAnswerer(answers, yes=yes)
        self.interactive = interactive
        self.asked: list[str] = []

    def decide(self, case: Case, step: Step) -> Decision:
        """Record the step, then answer from the script."""
        self.asked.append(step.id)
        return self.scripted.decide(case, step)


# -- a whole walk ---------------------------------------------------------------


def test_header_shows_the_student_and_the_assigned_session() -> None:
    """The header names the student and the session the schedule gives him, with its place."""
    _, output = walk_li_lei(yes=True)
    header = panel(output, "GYVTC class of 2014 leaving procedure")
    assert header[0] == "Student: 李雷 (2014010203)"
    assert header[-2] == "Session: 2014-07-10 09:00–12:00 · First-floor hall of the library"
    assert header[-1] == "Next: Transfer of Party membership — Department Party branch"


def test_refused_then_cleared_library_in_output_and_events() -> None:
    """The library's refusal and its later clearance are both printed and both recorded."""
    case, output = walk_li_lei(yes=True)
    lines = output.splitlines()
    refused = lines.index("✗ Cleared at the Library: refused — 2 books not returned")
    assert lines[refused + 1] == "✓ Cleared at the Library: cleared"
    library = [event for event in case.events if event.step == "library_cleared"]
    assert [(event.action, event.reason, event.staff) for event in library] == [
        (Action.REFUSE, "2 books not returned", "L03"),
        (Action.CLEAR, None, "L03"),
    ]
    assert [event.at for event in library] == [
        dt.datetime(2014, 7, 2, 10, 42, tzinfo=ZONE),
        dt.datetime(2014, 7, 3, 9, 15, tzinfo=ZONE),
    ]


def test_full_walk_releases_exactly_the_documents_due() -> None:
    """With --yes 李雷 is released, and the panel lists exactly the released documents."""
    case, output = walk_li_lei(yes=True)
    assert case.phase == RELEASED
    assert case.documents == (
        "graduation_certificate",
        "membership_transfer_letter",
        "dispatch_certificate",
    )
    assert panel(output, "Documents to hand over") == [
        "1. Graduation certificate",
        "2. Membership transfer letter (Party and League members)",
        "3. Dispatch certificate",
    ]


def test_stations_are_walked_in_order() -> None:
    """Each station is shown as n/6 with its office, in the order of the procedure."""
    _, output = walk_li_lei(yes=True)
    titles = [line for line in output.splitlines() if "Station " in line and "╭" in line]
    assert [title.strip("╭╮─ ") for title in titles] == [
        "Station 1/6 · Department",
        "Station 2/6 · Finance Office",
        "Station 3/6 · Student Affairs Office",
        "Station 4/6 · Admissions and Employment Office",
        "Station 5/6 · Security Office",
        "Station 6/6 · Department",
    ]


def test_stops_at_a_refused_station_with_a_blocker_panel() -> None:
    """A refusal at a station with no answer after it ends the walk there, naming office, reason."""
    case, output = walk_li_lei(
        "checklist_issued: clear\nfees_confirmed: {refuse: receipt missing, staff: F09}\n"
    )
    assert case.phase == "fees_confirmed"
    assert case.status("fees_confirmed") is StepStatus.REFUSED
    assert "✗ Finance confirms fees paid: refused — receipt missing" in output
    assert panel(output, "Blocked") == [
        "✗ 计财处 / Finance Office: receipt missing — refused 2014-07-10 09:40 by staff F09",
        "First-floor hall of the library · 2014-07-10 Thu 9:00–12:00",
    ]
    assert "Station 3/6" not in output
    assert "Documents to hand over" not in output


def test_answers_running_out_stop_at_the_open_station() -> None:
    """Without --yes, the walk stops at the first station the answers do not cover."""
    case, output = walk_li_lei()
    assert case.phase == "checklist_issued"
    assert panel(output, "Blocked") == [
        "✗ 分院、系部 / Department: pending: Blank clearance checklist handed out",
        "First-floor hall of the library · 2014-07-10 Thu 9:00–12:00",
    ]


def test_skipped_prerequisite_leaves_the_student_preparing() -> None:
    """A skipped prerequisite does not stop the others, but keeps the student out of the hall."""
    case, output = walk_li_lei("finance_cleared: skip\n", yes=True)
    assert case.phase == PREPARING
    assert case.status("finance_cleared") is StepStatus.PENDING
    assert case.status("library_cleared") is StepStatus.CLEARED
    assert panel(output, "Blocked") == [
        "✗ 计财处 / Finance Office: pending: Arrears settled at Finance (overdue since 2014-07-04)"
    ]
    assert "Station 1/6" not in output


def test_stop_at_a_prerequisite_ends_the_walk() -> None:
    """'stop' at a prerequisite asks nothing more; the open prerequisites are the blockers."""
    answers = li_lei_answers("student_aid_cleared: stop\n")
    case = li_lei_case(answers)
    answerer = Recording(answers)
    output = walk(case, answerer)
    assert answerer.asked == ["party_transfer", "finance_cleared", "student_aid_cleared"]
    blocked = [line for line in panel(output, "Blocked") if line.startswith("✗")]
    assert len(blocked) == 5


def test_chinese_output_uses_chinese_labels() -> None:
    """--lang zh prints the header, checklist, stations, results and documents in Chinese."""
    _, output = walk_li_lei(yes=True, lang="zh")
    header = panel(output, "贵阳职业技术学院2014届毕业生离校手续")
    assert header[0] == "学生：李雷 (2014010203)"
    assert header[-2] == "办理时段：2014-07-10 09:00–12:00 · 图书馆一楼大厅"
    assert header[-1] == "下一步：党组织关系转接 — 分院（系）党支部"
    assert "前期工作" in output
    assert "✗ 图书馆结清：退回 — 2 books not returned" in output
    assert "✓ 图书馆结清：已办结" in output
    assert "第 2/6 站 · 计财处" in output
    assert panel(output, "应领取的证书及资料") == [
        "1. 毕业证书",
        "2. 组织关系转移介绍信（党、团员）",
        "3. 派遣证",
    ]
    assert "Station" not in output
    assert "cleared" not in output


def test_chinese_blockers_name_the_office_in_chinese() -> None:
    """In Chinese the blocker panel is titled and worded in Chinese."""
    _, output = walk_li_lei("finance_cleared: skip\n", yes=True, lang="zh")
    assert panel(output, "未能办结") == ["✗ 计财处：待办理：计财处结清欠费（2014-07-04 已逾期）"]


def test_on_change_runs_once_after_each_action() -> None:
    """on_change sees every action once, after it is recorded: 15 actions after the start."""
    answers = li_lei_answers()
    case = li_lei_case(answers)
    versions: list[int] = []
    walk(case, ScriptedAnswerer(answers, yes=True), changes=versions)
    assert versions == list(range(2, case.version + 1))
    assert case.version == 16


def test_action_error_is_printed_in_red_and_ends_a_scripted_walk() -> None:
    """Finance cleared after its blocking deadline: a red message, no traceback, no change."""
    answers = li_lei_answers("finance_cleared: {clear: ~, at: 2014-07-05 10:00}\n")
    case = li_lei_case(answers)
    output = io.StringIO()
    console = Console(
        file=output, width=200, force_terminal=True, color_system="standard", highlight=False
    )
    versions: list[int] = []
    walk(case, ScriptedAnswerer(answers, yes=True), console=console, changes=versions)
    text = output.getvalue()
    message = (
        "✗ cannot clear 'finance_cleared': deadline 'fees_due' (2014-07-04) has passed; "
        "office 'finance' may waive the step instead"
    )
    assert f"\x1b[31m{message}\x1b[0m" in text
    assert "Traceback" not in text
    assert case.phase == PREPARING
    assert case.status("finance_cleared") is StepStatus.PENDING
    assert case.status("student_aid_cleared") is StepStatus.PENDING
    assert versions == [2]  # party_transfer only


def test_action_error_in_interactive_mode_asks_again() -> None:
    """At a prompt a refused action is asked again, so staff can waive instead."""
    answers = li_lei_answers(
        "finance_cleared:\n"
        "  - {clear: ~, at: 2014-07-05 10:00}\n"
        "  - {waive: paid late; the bursar agreed, staff: F01}\n"
    )
    case = li_lei_case(answers)
    answerer = Recording(answers, interactive=True)
    walk(case, answerer)
    assert answerer.asked.count("finance_cleared") == 2
    assert case.status("finance_cleared") is StepStatus.WAIVED
    assert case.phase == RELEASED


def test_yes_never_retries_a_refused_clear_for_ever() -> None:
    """--yes at a terminal: a clear the procedure refuses ends the walk instead of looping."""

    class Person:
        interactive = True

        def decide(self, case: Case, step: Step) -> Decision:
            raise AssertionError("the person at the prompt is never asked with --yes")

    answerer = ScriptedAnswerer({}, yes=True, fallback=Person())
    assert not answerer.interactive
    case = li_lei_case({})
    walk(case, answerer)
    assert case.status("finance_cleared") is StepStatus.PENDING


def test_optional_steps_are_asked_once() -> None:
    """Optional prerequisites are asked once; a skip leaves them open and the walk goes on."""
    workflow = load_workflow(OPTIONAL_STEPS)
    engine = Engine(workflow)
    when = dt.datetime(2024, 6, 20, 10, 0)
    case = engine.start("2024001", {"archive_to": "held_by_college"}, at=when)
    answers = parse_answers(
        "destination_registered: skip\narchive_transfer: skip\nalumni_card: skip\n", workflow
    )
    answerer = Recording(answers)
    output = io.StringIO()
    Walkthrough(case, answerer, Console(file=output, width=100), at=when).run()
    assert sorted(answerer.asked) == sorted(
        [
            "finance_cleared",
            "library_cleared",
            "destination_registered",
            "archive_transfer",
            "alumni_card",
            "certificate_issued",
        ]
    )
    assert case.phase == RELEASED
    assert case.status("alumni_card") is StepStatus.PENDING
    assert panel(output.getvalue(), "Documents to hand over") == ["1. Graduation certificate"]


def test_optional_step_answered_clear_is_cleared() -> None:
    """With --yes an optional prerequisite is asked once and cleared."""
    workflow = load_workflow(OPTIONAL_STEPS)
    case = Engine(workflow).start("2024001", {"archive_to": "employer"})
    answerer = Recording({})
    Walkthrough(case, answerer, Console(file=io.StringIO()), at=dt.datetime(2024, 6, 20)).run()
    assert answerer.asked.count("alumni_card") == 1
    assert case.status("alumni_card") is StepStatus.CLEARED


# -- resuming ---------------------------------------------------------------------


def test_resume_continues_where_the_walk_stopped(tmp_path: Path) -> None:
    """A saved case reopens at its station; settled steps are not asked again."""
    path = tmp_path / "case.json"
    answers = li_lei_answers("checklist_issued: clear\n")
    case = li_lei_case(answers)
    walk(case, ScriptedAnswerer(answers))
    save_case(path, case)
    engine = engine_2014()
    student = read_student(LI_LEI, engine.workflow)

    resumed = open_case(engine, student=student, case_path=path, at=AT)
    assert resumed.phase == "fees_confirmed"
    assert resumed.version == case.version
    answerer = Recording({})
    output = walk(resumed, answerer)
    assert answerer.asked == [
        "fees_confirmed",
        "card_and_dormitory",
        "employment_registered",
        "pass_and_household",
        "checklist_returned",
    ]
    assert "2 books not returned" not in output
    assert resumed.phase == RELEASED
    assert resumed.events[: case.version] == case.events


def test_resume_without_a_student_file(tmp_path: Path) -> None:
    """--case alone reopens the saved case."""
    path = tmp_path / "case.json"
    save_case(path, li_lei_case({}))
    assert open_case(engine_2014(), student=None, case_path=path).student_id == "2014010203"


def test_resume_refuses_a_different_student(tmp_path: Path) -> None:
    """A case file of one student is not reused for another."""
    path = tmp_path / "case.json"
    save_case(path, li_lei_case({}))
    other = StudentRecord(id="2014030517", facts={})
    with pytest.raises(ClearflowError) as caught:
        open_case(engine_2014(), student=other, case_path=path)
    assert str(caught.value) == (
        f"{path}: holds student '2014010203', not '2014030517' "
        "(name another case file, or leave out the student record to resume)"
    )


def test_new_case_needs_a_student(tmp_path: Path) -> None:
    """Without a student file and without a saved case there is nothing to walk."""
    path = tmp_path / "case.json"
    with pytest.raises(ClearflowError) as caught:
        open_case(engine_2014(), student=None, case_path=path)
    assert str(caught.value) == f"no case file at {path}; give a student record to start a case"
    with pytest.raises(ClearflowError) as caught:
        open_case(engine_2014(), student=None, case_path=None)
    assert str(caught.value) == "give a student record to start a case"


def test_resumed_released_case_shows_its_documents(tmp_path: Path) -> None:
    """Reopening a released case asks nothing and shows the documents handed over."""
    path = tmp_path / "case.json"
    case, _ = walk_li_lei(yes=True)
    save_case(path, case)
    resumed = load_case(path, engine_2014())
    answerer = Recording({})
    output = walk(resumed, answerer)
    assert answerer.asked == []
    assert panel(output, "Documents to hand over")[0] == "1. Graduation certificate"


# -- earliest ---------------------------------------------------------------------


def test_earliest_is_the_first_answer_time() -> None:
    """The case starts at the earliest time among the answers and --at, in the workflow's zone."""
    assert earliest(li_lei_answers(), AT, engine_2014()) == dt.datetime(
        2014, 7, 1, 10, 0, tzinfo=ZONE
    )


def test_earliest_is_at_when_it_comes_first() -> None:
    """--at earlier than every answer is the start."""
    early = dt.datetime(2014, 6, 30, 8, 0)
    assert earliest(li_lei_answers(), early, engine_2014()) == early.replace(tzinfo=ZONE)


def test_earliest_compares_aware_and_naive_times() -> None:
    """An aware --at is compared in real time with naive answers read in the zone."""
    utc = dt.datetime(2014, 7, 1, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
    assert earliest(li_lei_answers(), utc, engine_2014()) == dt.datetime(
        2014, 7, 1, 9, 30, tzinfo=ZONE
    )


def test_earliest_without_times_is_none() -> None:
    """No --at and no answer time: None, so the case starts now."""
    assert earliest({"finance_cleared": [Decision(verb=Verb.CLEAR)]}, None, engine_2014()) is None
    assert earliest({}, None, engine_2014()) is None


# -- scripted answers ---------------------------------------------------------------


def test_scripted_answers_then_yes_then_skip() -> None:
    """Answers come in order per step; then clear with yes, skip without."""
    case = li_lei_case({})
    step = engine_2014().steps["library_cleared"]
    refuse = Decision(verb=Verb.REFUSE, text="books")
    scripted = ScriptedAnswerer({"library_cleared": [refuse]})
    assert scripted.decide(case, step) == refuse
    assert scripted.decide(case, step) == Decision(verb=Verb.SKIP)
    assert ScriptedAnswerer({}, yes=True).decide(case, step) == Decision(verb=Verb.CLEAR)


def test_scripted_answers_do_not_consume_the_callers_lists() -> None:
    """The answerer copies the queues, so one answers dict can drive several walks."""
    answers = {"library_cleared": [Decision(verb=Verb.CLEAR)]}
    ScriptedAnswerer(answers).decide(li_lei_case({}), engine_2014().steps["library_cleared"])
    assert answers == {"library_cleared": [Decision(verb=Verb.CLEAR)]}


# -- the prompt ---------------------------------------------------------------------


def ask(
    monkeypatch: pytest.MonkeyPatch, typed: str, step_id: str, lang: Lang = "en"
) -> tuple[Decision, str]:
    """What PromptAnswerer decides when ``typed`` is what the staff member types."""
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    output = io.StringIO()
    answerer = PromptAnswerer(Console(file=output, width=100), lang)
    decision = answerer.decide(li_lei_case({}), engine_2014().steps[step_id])
    return decision, output.getvalue()


def test_prompt_shows_its_keys_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    """The [c]lear ... keys print as written, not swallowed as Rich markup."""
    decision, output = ask(monkeypatch, "\n", "library_cleared")
    assert decision == Decision(verb=Verb.CLEAR)
    assert output == (
        "Cleared at the Library · Library\n[c]lear  [r]efuse  [w]aive  [s]kip  [q]uit (c): "
    )


def test_prompt_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Chinese prompt shows its keys too."""
    _, output = ask(monkeypatch, "c\n", "checklist_issued", "zh")
    assert output == "[c]办结 [r]退回 [w]免办 [s]跳过 [q]退出 (c)："


@pytest.mark.parametrize(
    ("typed", "verb"), [("s\n", Verb.SKIP), ("q\n", Verb.STOP), ("x\nq\n", Verb.STOP)]
)
def test_prompt_skip_and_quit(monkeypatch: pytest.MonkeyPatch, typed: str, verb: Verb) -> None:
    """'s' skips, 'q' quits, and an unknown key is asked again."""
    decision, _ = ask(monkeypatch, typed, "checklist_issued")
    assert decision == Decision(verb=verb)


@pytest.mark.parametrize(("key", "verb"), [("r", Verb.REFUSE), ("w", Verb.WAIVE)])
def test_prompt_asks_for_a_reason_until_given(
    monkeypatch: pytest.MonkeyPatch, key: str, verb: Verb
) -> None:
    """Refuse and waive ask for a reason, again while it is blank (Enter at the amount: none)."""
    typed = f"{key}\n  \n2 books not returned\n\n"
    decision, output = ask(monkeypatch, typed, "library_cleared")
    assert decision == Decision(verb=verb, text="2 books not returned")
    assert output.count("Reason: ") == 2
    assert output.count("Amount owed in yuan (Enter: none): ") == (verb is Verb.REFUSE)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prompt_asks_a_refusal_the_amount_owed_until_it_is_one(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    """A refusal asks the amount owed; words that are not an amount are said and asked again."""
    decision, output = ask(monkeypatch, "r\nbook fee\nlots\n¥35\n", "finance_cleared", lang)
    assert decision == Decision(
        verb=Verb.REFUSE, text="book fee", owed=Owed(amount=decimal.Decimal("35"))
    )
    asked = {"en": "Amount owed in yuan (Enter: none): ", "zh": "欠费金额（元，回车表示无）："}
    wrong = {
        "en": "✗ 'lots' is not an amount of money (write a number such as 1200 or 1200.50)",
        "zh": "✗ 'lots' 不是金额（填数字，如 1200 或 1200.50）",
    }[lang]
    assert f"{asked[lang]}{wrong}\n" in output  # after the question (input not echoed here)
    assert output.count(asked[lang]) == 2


@pytest.mark.parametrize("typed", ["2", "held_by_branch"])
def test_prompt_outcome_by_number_or_id(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """A step with outcomes lists them numbered; the number or the id picks one."""
    decision, output = ask(monkeypatch, f"c\n{typed}\n", "party_transfer")
    assert decision == Decision(verb=Verb.CLEAR, text="held_by_branch")
    assert "  1. transferred: Transferred\n" in output
    assert "  2. held_by_branch: Cannot transfer yet; held by the college's 9th Party branch\n" in (
        output
    )
    assert output.endswith("Outcome [1-2] (1): ")


def test_prompt_outcome_defaults_to_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter at the outcome prompt picks the first outcome."""
    decision, _ = ask(monkeypatch, "c\n\n", "party_transfer")
    assert decision == Decision(verb=Verb.CLEAR, text="transferred")


def test_prompt_end_of_input_quits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-D (end of input) quits like 'q' instead of failing."""
    decision, _ = ask(monkeypatch, "", "checklist_issued")
    assert decision == Decision(verb=Verb.STOP)


def test_unused_answers_are_reported_and_exposed() -> None:
    """A second answer for a cleared step and one for a step that does not apply are listed."""
    engine = engine_2014()
    case = engine.start("2014001", profile(), at=EARLY)
    answers = parse_answers(
        "party_transfer: clear\nfinance_cleared: [clear, clear]\n", engine.workflow
    )
    output = io.StringIO()
    walk = Walkthrough(case, ScriptedAnswerer(answers, yes=True), Console(file=output, width=100))
    walk.at = EARLY
    walk.run()
    assert walk.unused_answers == (
        UnusedAnswer("party_transfer", "the step does not apply to this student"),
        UnusedAnswer("finance_cleared", "the step was already cleared"),
    )
    assert output.getvalue().splitlines()[-2:] == [
        "answer for 'party_transfer' not used: the step does not apply to this student",
        "answer for 'finance_cleared' not used: the step was already cleared",
    ]


# -- advice on the order (advised_after:) -----------------------------------------------

ADVISED = ROOT / "examples" / "workflows" / "advised-order.yaml"
FINANCE_FIRST = """\
clearflow: 1
id: finance-first
title: Finance listed first
offices:
  finance: {zh: 计划财务处, en: Finance Office}
  library: {zh: 图书馆, en: Library}
prerequisites:
  - {id: finance_cleared, office: finance, advised_after: library_cleared,
     zh: 结清学费及图书罚款, en: Fees and library fines settled}
  - {id: library_cleared, office: library, zh: 归还图书, en: Books returned}
documents:
  - {id: leaving_slip, zh: 离校单, en: Leaving slip}
"""


def advised_walk(
    answers: str, lang: Lang = "en", text: str | None = None
) -> tuple[Case, str, list[str]]:
    """A student walked with ``answers``, then ``yes``, through the advised-order example (or
    ``text``): the case, the output and the steps in the order they were asked about."""
    workflow = load_workflow(ADVISED) if text is None else load_workflow_text(text, "workflow.yaml")
    engine = Engine(workflow)
    case = engine.start("2025010101", {}, at=AT - dt.timedelta(days=1))
    recording = Recording(parse_answers(answers, workflow) if answers else {})
    file = io.StringIO()
    walk(case, recording, lang=lang, console=Console(file=file, width=200))
    return case, file.getvalue(), recording.asked


def test_the_walk_follows_the_advice_where_it_can() -> None:
    """A step listed before the step it is best done after is visited after it: no advice line."""
    case, output, asked = advised_walk("", text=FINANCE_FIRST)
    assert asked == ["library_cleared", "finance_cleared"]
    assert "advice" not in output
    assert case.phase == RELEASED


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "  advice: best done after Books returned, not done yet (recorded all the same)",
        ),
        ("zh", "  提示：建议先办理的环节尚未办结：归还图书（本次办理照常记录）"),
    ],
)
def test_a_step_acted_on_before_its_advice_goes_through_with_one_line(
    lang: Lang, line: str
) -> None:
    """Finance cleared while the library is skipped: cleared all the same, and one line of
    advice under it (the dormitory, advised after all others, gets its own)."""
    case, output, _ = advised_walk("library_cleared: skip\n", lang)
    assert case.status("finance_cleared") is StepStatus.CLEARED
    assert case.status("dormitory_checkout") is StepStatus.CLEARED
    lines = output.splitlines()
    cleared = lines.index(
        "✓ Fees and library fines paid: cleared"
        if lang == "en"
        else "✓ 缴清各项费用及图书罚款：已办结"
    )
    assert lines[cleared + 1] == line
    assert lines.count(line) == 2


def test_the_blocked_panel_gives_the_advice_as_a_hint() -> None:
    """A walk stopped before finance shows its advice among the blockers."""
    _, output, _ = advised_walk("department_signed: stop\n")
    assert panel(output, "Blocked") == [
        "✗ 系部 / Department: pending: Counsellor signs",
        "✗ 图书馆 / Library: pending: Books returned",
        "✗ 计划财务处 / Finance Office: pending: Fees and library fines paid "
        "(best after: Books returned)",
        "✗ 学生公寓管理中心 / Student Apartment Centre: pending: Moved out of the dormitory "
        "(best after: Counsellor signs, Books returned, Fees and library fines paid)",
        "✗ 校园卡管理中心 / Campus Card Centre: waiting for: department_signed, "
        "dormitory_checkout, finance_cleared, library_cleared",
    ]
