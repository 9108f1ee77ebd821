"""Usage warnings (CF301-CF303): what a workflow declares but never uses, in both languages."""

from __future__ import annotations

from clearflow import inspect_text

WORKFLOW = """\
clearflow: 1
id: usage
title: Usage
offices:
  finance: Finance Office
  library: Library
facts:
  party_member: {type: bool, en: Party member}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - {id: diploma, group: certificate, office: finance, en: Diploma}
"""


def test_unused_declarations_in_english_and_chinese() -> None:
    """Each warning names the id and the fix; the Chinese keeps the path and code in place."""
    _, issues = inspect_text(WORKFLOW, "w.yaml")
    assert [issue.text("en") for issue in issues] == [
        "w.yaml:6:3: offices.library: office 'library' is not used by any step "
        "(remove it, or give it a step) [CF301 warning]",
        "w.yaml:8:3: facts.party_member: fact 'party_member' is not used by any rule "
        "(remove it, or use it in a 'when:' or 'who:') [CF302 warning]",
        "w.yaml:12:5: documents[0]: group 'certificate' has only one document "
        "(a group lists alternatives; add the other documents or drop 'group:') [CF303 warning]",
    ]
    assert [issue.text("zh") for issue in issues] == [
        "w.yaml:6:3: offices.library：部门 'library' 未被任何环节使用"
        "（删除该部门，或为它设置环节）[CF301 警告]",
        "w.yaml:8:3: facts.party_member：信息项 'party_member' 未被任何规则使用"
        "（删除该信息项，或在 'when:' 或 'who:' 中使用它）[CF302 警告]",
        "w.yaml:12:5: documents[0]：择一分组 'certificate' 只有一项证书及资料"
        "（择一分组列出的是可相互替代的证书及资料；补上其他各项，或去掉 'group:'）[CF303 警告]",
    ]
