"""Words people read: bilingual UI strings and plain-language conditions and selectors."""

from __future__ import annotations

from clearflow.spec import Label, Selector, Workflow
from clearflow.spec.conditions import Condition, FactValue, describe

LANGUAGES = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "not": "not: {}",
        "and": "and",
        "or": "or",
        "always": "everyone",
        "never": "no one",
        "is": "is",
        "prerequisites": "Prerequisites",
        "stations": "Stations in order",
        "documents": "Documents handed over",
        "schedule": "Schedule",
        "deadlines": "Deadlines",
        "cohort": "Cohort",
        "offices": "Offices",
        "step": "Step",
        "office": "Office",
        "applies": "Applies to",
        "due": "Due",
        "checks": "What is checked",
        "outcomes": "Outcomes",
        "document": "Document",
        "condition": "When",
        "group": "One of",
        "date": "Date",
        "time": "Time",
        "who": "Students",
        "expected": "Expected",
        "place": "Place",
        "total": "Total",
        "count": "Headcount",
        "issued": "Issued",
        "timezone": "Time zone",
        "hours": "Hours",
        "window": "Service days",
        "required": "Required",
        "optional": "optional",
        "after": "After",
        "all_others": "all others",
        "late_block": "late clearance refused",
        "late_flag": "late clearance flagged",
        "no": "#",
        "total_scheduled": "Scheduled in all",
        "cleared": "done",
        "colon": ": ",
    },
    "zh": {
        "not": "不满足：{}",
        "and": "且",
        "or": "或",
        "always": "所有学生",
        "never": "无",
        "is": "为",
        "prerequisites": "前期工作",
        "stations": "一站式服务流程",
        "documents": "应领取的证书及资料",
        "schedule": "时段安排",
        "deadlines": "时间节点",
        "cohort": "毕业生人数",
        "offices": "部门",
        "step": "事项",
        "office": "部门",
        "applies": "适用",
        "due": "截止",
        "checks": "办理内容",
        "outcomes": "办理结果",
        "document": "证书及资料",
        "condition": "条件",
        "group": "择一",
        "date": "日期",
        "time": "时段",
        "who": "学生",
        "expected": "人数",
        "place": "地点",
        "total": "合计",
        "count": "人数",
        "issued": "发文日期",
        "timezone": "时区",
        "hours": "时间",
        "window": "办理日期",
        "required": "必办",
        "optional": "自愿",
        "after": "须先完成",
        "all_others": "其他各项",
        "late_block": "逾期不予办理",
        "late_flag": "逾期登记",
        "no": "序号",
        "total_scheduled": "安排合计",
        "cleared": "已办结",
        "colon": "：",
    },
}

WEEKDAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}


class Words:
    """Labels and plain-language text for one workflow in one language."""

    def __init__(self, workflow: Workflow, lang: str = "en") -> None:
        self.workflow = workflow
        self.lang = lang if lang in LANGUAGES else "en"
        self.words = WORDS[self.lang]
        self._facts = {fact.id: fact for fact in workflow.facts}
        self._steps = {step.id: step for step in workflow.steps}

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def label(self, label: Label | None, fallback: str = "") -> str:
        """A label in this language, or ``fallback``."""
        return (label.text(self.lang) if label else "") or fallback

    def fact(self, fact_id: str) -> str:
        """A fact's label."""
        fact = self._facts.get(fact_id)
        return self.label(fact.label, fact_id) if fact else fact_id

    def value(self, fact_id: str, value: FactValue) -> str:
        """A fact value's label."""
        fact = self._facts.get(fact_id)
        return fact.value_label(value, self.lang) if fact else str(value)

    def outcome(self, step_id: str, outcome_id: str) -> str:
        """A step outcome's label, prefixed by the step's ('done' for a step without outcomes)."""
        step = self._steps.get(step_id)
        if step is None:
            return outcome_id
        shown = self.words["cleared"]
        for outcome in step.outcomes:
            if outcome.id == outcome_id:
                shown = self.label(outcome.label, outcome_id)
        return self.label(step.label, step_id) + self.words["colon"] + shown

    def condition(self, condition: Condition) -> str:
        """A condition in plain words."""
        return describe(condition, self.fact, self.value, self.outcome, self.words)

    def selector(self, selector: Selector) -> str:
        """A ``who:`` selector as its values' labels, e.g. 'Higher vocational · Tourism'."""
        parts = [
            "/".join(self.value(fact, value) for value in values) for fact, values in selector.pairs
        ]
        return " · ".join(parts) or self.words["always"]

    def weekday(self, index: int) -> str:
        """A weekday's short name (0 is Monday)."""
        return WEEKDAY_NAMES[self.lang][index]
