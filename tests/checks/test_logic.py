"""Logic checks by exploring student profiles: exact messages, counterexamples, sizes."""

from __future__ import annotations

from clearflow import inspect_text, load_workflow_text
from clearflow._i18n import Lang
from clearflow.checks._logic import explore
from support import workflow_2014

HEAD = """\
clearflow: 1
id: logic
title: Logic
offices:
  finance: Finance Office
  department: Department
"""


def messages(text: str, lang: Lang = "en") -> list[str]:
    """Every issue of a workflow text, as printed in ``lang``, with the source left out."""
    _, issues = inspect_text(HEAD + text, "w.yaml")
    return [issue.text(lang).removeprefix("w.yaml:") for issue in issues]


def synthetic(facts: int, per_group: int) -> str:
    """A workflow of ``facts`` bool facts, each the ``when:`` of a step; every ``per_group``
    facts decide a certificate group of two documents (all of them / not all of them)."""
    names = [f"f{index:02d}" for index in range(1, facts + 1)]
    lines = [HEAD, "facts:\n"]
    lines += [f"  {name}: {{type: bool, en: Fact {name}}}\n" for name in names]
    lines.append("prerequisites:\n")
    lines += [f"  - {{id: s{name}, office: finance, en: Step, when: {name}}}\n" for name in names]
    lines.append("documents:\n")
    for start in range(0, facts, per_group):
        chunk = ", ".join(names[start : start + per_group])
        group = f"g{start // per_group}"
        lines.append(
            f"  - {{id: {group}_full, group: {group}, office: department, en: Full,\n"
            f"     when: {{all: [{chunk}]}}}}\n"
            f"  - {{id: {group}_part, group: {group}, office: department, en: Partial,\n"
            f"     when: {{not: {{all: [{chunk}]}}}}}}\n"
        )
    return "".join(lines)


def test_2014_has_48_profiles_and_no_finding() -> None:
    """The 2014 conditions read 5 facts and 2 step outcomes: 48 profiles, in 4 parts."""
    found = explore(workflow_2014())
    assert found.issues == ()
    assert (found.profiles, found.variables, found.parts, found.skipped) == (48, 7, 4, 0)


def test_twenty_boolean_facts_in_one_rule_are_explored() -> None:
    """20 bool facts read together (2^20 profiles, the cap) are explored, with no finding."""
    found = explore(load_workflow_text(synthetic(20, 20)))
    assert found.issues == ()
    assert (found.profiles, found.parts, found.skipped) == (2**20, 1, 0)
    assert found.explored < 1000


def test_thirty_facts_in_independent_groups_are_explored_apart() -> None:
    """30 facts in 10 groups of 3 make 2^30 profiles, explored as 10 parts of 8."""
    found = explore(load_workflow_text(synthetic(30, 3)))
    assert found.issues == ()
    assert (found.profiles, found.parts, found.skipped) == (2**30, 10, 0)


def test_twenty_one_facts_in_one_rule_are_too_many() -> None:
    """Over the cap a group is not checked, and the warning says how many profiles it has."""
    found = explore(load_workflow_text(synthetic(21, 21)))
    assert [str(issue).split(": ", 1)[1] for issue in found.issues] == [
        "documents[0]: too many profiles to explore (2097152); group 'g0' was not checked "
        "(its rules read 21 facts and step outcomes together; at most 1048576 profiles are "
        "explored, so split the rule or read fewer facts) [CF506 warning]"
    ]
    assert (found.parts, found.skipped) == (1, 1)


def test_group_giving_no_document_names_a_counterexample() -> None:
    """CF501: the profile given is one that gets no certificate."""
    assert messages(
        """\
facts:
  program: {type: choice, en: Program, values: [higher_vocational, secondary_vocational]}
  credits_complete: {type: bool, en: Credits complete}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: graduation, group: certificate, office: department, when: credits_complete, en: G}
  - id: completion
    group: certificate
    office: department
    when: {all: [{not: credits_complete}, {fact: program, is: higher_vocational}]}
    en: C
"""
    ) == [
        "13:5: documents[0]: group 'certificate' gives no document when "
        "program=secondary_vocational, credits_complete=false (write the documents' 'when:' "
        "so that exactly one holds for every student) [CF501]"
    ]


def test_group_giving_two_documents_names_them() -> None:
    """CF501: the documents given together are listed, with the profile."""
    assert messages(
        """\
facts:
  credits_complete: {type: bool, en: Credits complete}
  leaving_early: {type: bool, en: Leaves early}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: graduation, group: certificate, office: department, when: credits_complete, en: G}
  - {id: completion, group: certificate, office: department, when: {not: credits_complete},
     en: C}
  - {id: attendance, group: certificate, office: department, when: leaving_early, en: A}
"""
    ) == [
        "13:5: documents[0]: group 'certificate' gives 2 documents (graduation, attendance) "
        "when credits_complete=true, leaving_early=true (write the documents' 'when:' so that "
        "exactly one holds for every student) [CF501]"
    ]


def test_group_reading_an_outcome_counts_students_the_step_skips() -> None:
    """CF501: a step that does not apply leaves its outcome's documents to no one."""
    assert messages(
        """\
facts:
  leaving_early: {type: bool, en: Leaves early}
prerequisites:
  - id: review
    office: finance
    when: {not: leaving_early}
    en: Review
    outcomes: {graduate: Graduate, complete: Complete}
documents:
  - {id: graduation, group: certificate, office: department,
     when: {step: review, outcome: graduate}, en: G}
  - {id: completion, group: certificate, office: department,
     when: {step: review, outcome: complete}, en: C}
"""
    ) == [
        "16:5: documents[0]: group 'certificate' gives no document when leaving_early=true, "
        "review=(not cleared) (write the documents' 'when:' so that exactly one holds for "
        "every student) [CF501]"
    ]


def test_a_counterexample_reads_in_chinese() -> None:
    """CF501 in Chinese: ids and values as written, the missing outcome in Chinese words."""
    found = messages(
        """\
prerequisites:
  - {id: review, office: finance, required: false, en: Review,
     outcomes: {graduate: Graduate, complete: Complete}}
documents:
  - {id: graduation, group: certificate, office: department,
     when: {step: review, outcome: graduate}, en: G}
  - {id: completion, group: certificate, office: department,
     when: {step: review, outcome: complete}, en: C}
""",
        "zh",
    )
    assert found == [
        "11:5: documents[0]：择一分组 'certificate' 在 review=（未办结） 时不发放任何证书及资料"
        "（修改这些证书及资料的 'when:'，使每名学生恰好满足其中一项）[CF501]"
    ]


def test_voluntary_step_may_leave_no_outcome() -> None:
    """CF501: a voluntary step's outcome may be missing, so its documents may be too."""
    found = messages(
        """\
prerequisites:
  - {id: review, office: finance, required: false, en: Review,
     outcomes: {graduate: Graduate, complete: Complete}}
documents:
  - {id: graduation, group: certificate, office: department,
     when: {step: review, outcome: graduate}, en: G}
  - {id: completion, group: certificate, office: department,
     when: {step: review, outcome: complete}, en: C}
"""
    )
    assert [line.split(" (write")[0] for line in found] == [
        "11:5: documents[0]: group 'certificate' gives no document when review=(not cleared)"
    ]


def test_station_reading_a_later_outcome_is_a_dead_end() -> None:
    """CF502: the station does not hold the student, then applies when it can no longer."""
    assert messages(
        """\
stations:
  - {id: fees_confirmed, office: finance, en: Fees confirmed}
  - {id: exit_interview, office: department, en: Exit interview,
     when: {step: registered, outcome: abroad}}
  - {id: registered, office: department, en: Registered, outcomes: {home: Home, abroad: Abroad}}
"""
    ) == [
        "9:5: stations[1]: station 'exit_interview' becomes required after the student has "
        "passed it, which blocks release when registered=abroad (read only outcomes of steps "
        "before it, or move it after 'registered') [CF502]"
    ]


def test_station_reading_an_earlier_outcome_is_fine() -> None:
    """A station may read the outcome of a step before it."""
    assert (
        messages(
            """\
stations:
  - {id: registered, office: department, en: Registered, outcomes: {home: Home, abroad: Abroad}}
  - {id: exit_interview, office: department, en: Exit interview,
     when: {step: registered, outcome: abroad}}
  - {id: fees_confirmed, office: finance, en: Fees confirmed}
"""
        )
        == []
    )


def test_documents_never_and_always_given() -> None:
    """CF503 and CF504: a contradiction and a tautology, as warnings."""
    assert messages(
        """\
facts:
  member: {type: bool, en: Member}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: never, office: department, when: {all: [member, {not: member}]}, en: Never}
  - {id: always, office: department, when: {any: [member, {not: member}]}, en: Always}
  - {id: plain, office: department, en: "For everyone, with no when"}
"""
    ) == [
        "12:5: documents[0]: document 'never' is never given: its 'when:' holds for no student "
        "(correct the condition, or remove the document) [CF503 warning]",
        "13:5: documents[1]: document 'always' is given to every student: its 'when:' always "
        "holds (drop 'when:', or correct the condition) [CF504 warning]",
    ]


def test_step_that_applies_to_no_student() -> None:
    """CF505: a contradiction, or a step that needs its own outcome to apply."""
    assert messages(
        """\
facts:
  member: {type: bool, en: Member}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
  - {id: transfer, office: department, en: Transfer, when: {all: [member, {not: member}]}}
  - {id: loop, office: department, en: Loop, when: {step: loop, outcome: cleared}}
"""
    ) == [
        "11:5: prerequisites[1]: step 'transfer' applies to no student: its 'when:' never holds "
        "(correct the condition, or remove the step) [CF505 warning]",
        "12:5: prerequisites[2]: step 'loop' applies to no student: its 'when:' never holds "
        "(correct the condition, or remove the step) [CF505 warning]",
    ]


def test_integer_facts_take_the_values_named_and_one_other() -> None:
    """An integer fact read by a group is explored at its named values and one other."""
    assert messages(
        """\
facts:
  credits: {type: integer, en: Credits}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: graduation, group: certificate, office: department,
     when: {fact: credits, in: [150, 160]}, en: G}
  - {id: completion, group: certificate, office: department, when: {fact: credits, is: 120},
     en: C}
"""
    ) == [
        "12:5: documents[0]: group 'certificate' gives no document when credits=(other) "
        "(write the documents' 'when:' so that exactly one holds for every student) [CF501]"
    ]


def test_errors_stop_the_workflow_from_loading() -> None:
    """A logic error is an error: the workflow is not returned."""
    workflow, issues = inspect_text(
        HEAD
        + """\
facts:
  done: {type: bool, en: Done}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: a, group: g, office: department, when: done, en: A}
  - {id: b, group: g, office: department, when: done, en: B}
""",
        "w.yaml",
    )
    assert workflow is None
    assert [issue.code for issue in issues] == ["CF501", "CF501"]
