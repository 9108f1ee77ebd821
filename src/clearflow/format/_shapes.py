"""The mappings of the workflow format, each described once: its keys, which are required.

A :class:`Shape` is the single source for one kind of mapping. The builders read a mapping
against its shape (:meth:`clearflow.format._reader.Reader.fields`), so a key not in the shape
is an unknown key and a required one missing is reported; :mod:`clearflow.format.schema`
writes the same shape into the JSON Schema, with each key's English and Chinese description.
Adding a key here adds it to both; the builder still has to read its value.
"""

from __future__ import annotations

from typing import Any

import attrs

from clearflow.format._schema_parts import (
    DAYS_VALUE,
    FACT_VALUE,
    ID_VALUE,
    LABEL_KEYS,
    POSITIVE,
    WEEKDAY,
    WHO,
    WORKFLOW_ID,
    Schema,
    list_of,
    mapping,
    ref,
    say,
    table,
)


@attrs.frozen
class Shape:
    """One mapping of the format: its keys and their schemas, in the order the schema lists them.

    ``labelled`` adds the label keys ``zh`` and ``en`` (one of them required in the schema;
    the builders report a missing label themselves). ``rules`` holds further schema keywords
    (``anyOf``, ``oneOf``, ``if``) for what the builders check with messages of their own.
    """

    properties: Schema
    required: tuple[str, ...] = ()
    labelled: bool = False
    rules: dict[str, Any] = attrs.field(factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the mapping allows."""
        return (*self.properties, *(LABEL_KEYS if self.labelled else ()))

    @property
    def optional(self) -> tuple[str, ...]:
        """The keys the mapping allows but does not require."""
        return tuple(key for key in self.keys if key not in self.required)

    def schema(self) -> Schema:
        """The JSON Schema of the mapping, closed to its keys."""
        return mapping(self.properties, self.required, labelled=self.labelled, **self.rules)


LABEL = Shape({}, labelled=True)
"""A label written as a mapping, ``{zh: ..., en: ...}``."""

_OPERAND = ref("condition")
OPERATORS = {
    "not": Shape({"not": say("Holds when C does not", "C 不成立", _OPERAND)}, ("not",)),
    "all": Shape({"all": say("Every C holds", "全部成立", list_of(_OPERAND))}, ("all",)),
    "any": Shape({"any": say("Some C holds", "至少一个成立", list_of(_OPERAND))}, ("any",)),
}
"""The condition operators, each a mapping of one key."""
FACT_TEST = Shape(
    {
        "fact": say("The fact tested", "被检验的事实", ID_VALUE),
        "is": say("Its value", "取值", FACT_VALUE),
        "in": say("One of these values", "取值之一", list_of(FACT_VALUE)),
    },
    ("fact",),
    rules={"oneOf": [{"required": ["is"]}, {"required": ["in"]}]},
)
OUTCOME_TEST = Shape(
    {
        "step": say("The step tested", "被检验的步骤", ID_VALUE),
        "outcome": say(
            "Cleared with this outcome, or one of these",
            "以该结果（或其中之一）办结",
            {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
        ),
    },
    ("step", "outcome"),
)

PLACE = Shape({"who": WHO}, labelled=True)
HOURS = Shape(
    {
        "open": say("Opens at", "开始办公", ref("time")),
        "close": say("Closes at", "结束办公", ref("time")),
        "days": say(
            "Weekdays: mon, a range mon-fri, or a list (default mon-fri)",
            "星期：mon、范围 mon-fri 或列表（默认 mon-fri）",
            {"anyOf": [DAYS_VALUE, list_of(DAYS_VALUE)]},
        ),
    },
    ("open", "close"),
)
OFFICE = Shape(
    {
        "hours": say("Opening hours", "办公时间", list_of(HOURS.schema())),
        "places": say(
            "Where, per group of students", "办理地点（按学生分）", list_of(PLACE.schema())
        ),
    },
    labelled=True,
)
"""An office written as a mapping (it may also be a plain label)."""
FACT = Shape(
    {
        "type": say("Its kind", "类型", {"enum": ["bool", "choice", "integer", "text"]}),
        "values": say(
            "A choice fact's values: a list of ids, or id: label",
            "选项事实的取值：标识列表，或 标识: 名称",
            {"anyOf": [list_of(ID_VALUE), table(ref("label"))]},
        ),
        "default": say("The value when a record gives none", "记录未给出时的取值", FACT_VALUE),
    },
    ("type",),
    labelled=True,
    rules={
        "if": {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
        "then": {"required": ["values"]},
        "else": {"not": {"required": ["values"]}},
    },
)
BATCH = Shape({"who": WHO, "date": ref("date")}, ("date",))
"""One batch of a deadline's ``dates:``."""
DEADLINE = Shape(
    {
        "date": say("The date for everyone", "所有学生的日期", ref("date")),
        "dates": say(
            "A date per batch; a student's is the first whose who selects them",
            "分批日期；取第一个选中该学生的",
            list_of(BATCH.schema()),
        ),
        "late": say(
            "Clearing late is recorded (flag) or refused (block)",
            "逾期办理：记录 (flag) 或拒绝 (block)",
            {"enum": ["flag", "block"]},
        ),
    },
    labelled=True,
    rules={"oneOf": [{"required": ["date"]}, {"required": ["dates"]}]},
)
"""A deadline written as a mapping (it may also be a plain date)."""

_STEP_PROPERTIES: Schema = {
    "id": say("Step id, unique among all steps", "步骤标识（唯一）", ID_VALUE),
    "office": say("The office that signs the step off", "办理部门", ID_VALUE),
    "checks": say("What the office checks", "办理内容", ref("label")),
    "when": say("To whom it applies (default true)", "适用对象（默认 true）", ref("condition")),
    "required": say("Must it be settled (default true)", "是否必须办结", ref("condition")),
    "after": say(
        "Steps that come first: an id, a list of ids, or all",
        "须先完成的步骤：标识、标识列表或 all",
        {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
    ),
    "due": say("The step's deadline", "本步骤的截止日期", ID_VALUE),
    "outcomes": say(
        "Ways to clear the step, id: label (default: one, cleared)",
        "办结方式，标识: 名称（默认只有 cleared）",
        table(ref("label")),
    ),
}
PREREQUISITE = Shape(_STEP_PROPERTIES, ("id", "office"), labelled=True)
STATION = Shape(
    {
        **_STEP_PROPERTIES,
        "staff": say("Staff serving the station", "该站办理人员数", POSITIVE),
        "minutes": say(
            "Minutes per student", "每人所需分钟", {"type": "number", "exclusiveMinimum": 0}
        ),
    },
    ("id", "office"),
    labelled=True,
)
"""A station: a prerequisite's keys and its throughput."""
DOCUMENT = Shape(
    {
        "id": say("Document id, unique among documents", "证书标识（唯一）", ID_VALUE),
        "when": say("Who receives it (default true)", "领取对象", ref("condition")),
        "group": say(
            "Documents of a group are alternatives: a student gets exactly one",
            "同组证书互为替代，每名学生恰好领取一种",
            ID_VALUE,
        ),
        "office": say("The office that hands it over", "发放部门", ID_VALUE),
    },
    ("id",),
    labelled=True,
)

HALL = Shape(
    {"capacity": say("Students served at once", "可同时办理的人数", POSITIVE)}, labelled=True
)
"""A place with a capacity, written as a mapping (it may also be a plain label)."""
_HALL_VALUE: Schema = {"anyOf": [ref("text"), HALL.schema()]}
SESSION = Shape(
    {
        "date": say("The day", "日期", ref("date")),
        "start": say("Starts at", "开始时间", ref("time")),
        "end": say("Ends at", "结束时间", ref("time")),
        "who": say("The students who come", "本场次的学生", ref("selector")),
        "weekday": say("The weekday", "星期", {"type": "string", "pattern": WEEKDAY}),
        "expected": say("Students expected", "预计人数", ref("whole")),
        "place": say("Where, when not the hall", "地点（不在大厅时）", _HALL_VALUE),
        "due": say("The deadline these students work to", "适用的截止日期", ID_VALUE),
    },
    ("date", "start", "end", "who"),
)
SCHEDULE = Shape(
    {
        "place": say("Where the one-stop service is", "一站式服务地点", _HALL_VALUE),
        "first_day": say("First service day", "第一天", ref("date")),
        "last_day": say("Last service day", "最后一天", ref("date")),
        "hours": say("The hall's hours", "大厅办理时间", list_of(ref("hours"))),
        "sessions": say("Who comes when", "分批安排", list_of(SESSION.schema())),
        "elsewhere": say(
            "Students served outside this schedule, and where",
            "不在此安排内办理的学生及其地点",
            list_of(ref("place")),
        ),
    }
)
"""The one-stop service: place, days, hours, sessions and who is served elsewhere."""
COUNT = Shape({"who": WHO, "count": say("How many", "人数", ref("whole"))}, ("who", "count"))
COHORT = Shape(
    {
        "total": say("All graduates", "毕业生总数", ref("whole")),
        "counts": say("The stated breakdown", "分类人数", list_of(COUNT.schema())),
    }
)
"""The class size and its stated counts."""

WORKFLOW = Shape(
    {
        "clearflow": say("Format version: 1", "格式版本：1", {"const": 1}),
        "id": say(
            "Workflow id, e.g. gyvtc-2014",
            "流程标识，如 gyvtc-2014",
            {"type": "string", "pattern": WORKFLOW_ID},
        ),
        "title": say("The procedure's name", "离校手续名称", ref("label")),
        "institution": say("The college", "学校名称", ref("label")),
        "issued": say("When the notice was issued", "通知发布日期", ref("date")),
        "timezone": say(
            "IANA time zone, e.g. Asia/Shanghai (default UTC)",
            "时区（IANA 名称），如 Asia/Shanghai（默认 UTC）",
            {"type": "string", "minLength": 1},
        ),
        "language": say(
            "The language clearflow speaks for this workflow: zh or en (default: the locale)",
            "clearflow 对本流程使用的语言：zh 或 en（默认随系统语言）",
            {"enum": ["zh", "en"]},
        ),
        "cohort": say("Class size and breakdown", "毕业生人数", COHORT.schema()),
        "offices": say("Offices by id", "职能部门", table(ref("office"))),
        "facts": say("What is known about each student", "学生信息（事实）", table(ref("fact"))),
        "deadlines": say("Deadlines by id", "截止日期", table(ref("deadline"))),
        "prerequisites": say(
            "Steps before the hall, in any order",
            "前期工作（顺序不限）",
            list_of(ref("prerequisite")),
        ),
        "stations": say(
            "Stations in the hall, in order", "一站式服务站点（按顺序）", list_of(ref("station"))
        ),
        "documents": say(
            "Documents handed over at the end", "应领取的证书及资料", list_of(ref("document"))
        ),
        "schedule": say("The one-stop days and sessions", "一站式服务安排", SCHEDULE.schema()),
    },
    ("clearflow", "id", "title"),
    rules={"anyOf": [{"required": ["prerequisites"]}, {"required": ["stations"]}]},
)
"""The top level of a workflow file."""
