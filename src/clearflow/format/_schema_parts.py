"""The pieces of the workflow format's JSON Schema: one function per section of the format.

:mod:`clearflow.format.schema` assembles them. Each key is described in English and Chinese by
:func:`say`; :func:`mapping` closes a mapping to its listed keys, as the builders do.
"""

from __future__ import annotations

from typing import Any

from clearflow.spec._weekdays import FULL_WEEKDAYS

Schema = dict[str, Any]

ID = "^[a-z][a-z0-9_]*$"
WORKFLOW_ID = "^[A-Za-z0-9_-]+$"
DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
TIME = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"


def _any_case(word: str) -> str:
    return "".join(f"[{letter}{letter.upper()}]" for letter in word)


_DAY = "(" + "|".join(f"{_any_case(day)}|{_any_case(day[:3])}" for day in FULL_WEEKDAYS) + ")"
WEEKDAY = f"^{_DAY}$"
DAYS = f"^{_DAY}(-{_DAY})?$"


def say(en: str, zh: str, schema: Schema) -> Schema:
    """``schema`` with a description in both languages, ``English / 中文``."""
    return {"description": f"{en} / {zh}", **schema}


def ref(name: str) -> Schema:
    """A reference to one of the schema's ``$defs``."""
    return {"$ref": f"#/$defs/{name}"}


def list_of(item: Schema) -> Schema:
    """A list of ``item``."""
    return {"type": "array", "items": item}


def table(value: Schema) -> Schema:
    """A mapping from id to ``value`` (offices, facts, deadlines, outcomes)."""
    return {"type": "object", "propertyNames": {"pattern": ID}, "additionalProperties": value}


def mapping(
    properties: Schema, required: tuple[str, ...] = (), *, labelled: bool = False, **more: Any
) -> Schema:
    """A mapping with exactly these keys; ``labelled`` adds ``zh`` and ``en``, one required."""
    if labelled:
        properties = {
            **properties,
            "zh": say("Chinese name", "中文名称", ref("text")),
            "en": say("English name", "英文名称", ref("text")),
        }
        more = {"anyOf": [{"required": ["zh"]}, {"required": ["en"]}], **more}
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return {**schema, "additionalProperties": False, **more}


ID_VALUE: Schema = {"type": "string", "pattern": ID}
WHOLE: Schema = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
POSITIVE: Schema = {**WHOLE, "minimum": 1}
FACT_VALUE: Schema = {"type": ["boolean", "integer", "string"]}
DAYS_VALUE: Schema = {"type": "string", "pattern": DAYS}
WHO = say("Students selected by their facts", "按事实选定的学生", ref("selector"))
_WHEN_EN = (
    "Condition: a bool fact, true, false, {fact, is|in}, {step, outcome}, {not}, {all}, {any}"
)
_WHEN_ZH = "条件：布尔事实、true、false、{fact, is|in}、{step, outcome}、{not}、{all}、{any}"


def condition() -> Schema:
    """``when:`` and ``required:``: the condition language, recursive through ``$defs``."""
    operand = ref("condition")
    return say(
        _WHEN_EN,
        _WHEN_ZH,
        {
            "anyOf": [
                say("Always (true) or never (false)", "总是或从不", {"type": "boolean"}),
                say("A bool fact that must be true", "须为真的布尔事实", ID_VALUE),
                mapping({"not": say("Holds when C does not", "C 不成立", operand)}, ("not",)),
                mapping({"all": say("Every C holds", "全部成立", list_of(operand))}, ("all",)),
                mapping({"any": say("Some C holds", "至少一个成立", list_of(operand))}, ("any",)),
                mapping(
                    {
                        "fact": say("The fact tested", "被检验的事实", ID_VALUE),
                        "is": say("Its value", "取值", FACT_VALUE),
                        "in": say("One of these values", "取值之一", list_of(FACT_VALUE)),
                    },
                    ("fact",),
                    oneOf=[{"required": ["is"]}, {"required": ["in"]}],
                ),
                mapping(
                    {
                        "step": say("The step tested", "被检验的步骤", ID_VALUE),
                        "outcome": say(
                            "Cleared with this outcome, or one of these",
                            "以该结果（或其中之一）办结",
                            {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
                        ),
                    },
                    ("step", "outcome"),
                ),
            ]
        },
    )


def office() -> Schema:
    """An office (a label, or a mapping with hours and places), its hours and places."""
    place = mapping({"who": WHO}, labelled=True)
    hours = mapping(
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
    full = mapping(
        {
            "hours": say("Opening hours", "办公时间", list_of(hours)),
            "places": say("Where, per group of students", "办理地点（按学生分）", list_of(place)),
        },
        labelled=True,
    )
    return {"hours": hours, "place": place, "office": {"anyOf": [ref("text"), full]}}


def fact() -> Schema:
    """A fact; a choice fact must list its values, other facts must not."""
    return mapping(
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
        **{
            "if": {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
            "then": {"required": ["values"]},
            "else": {"not": {"required": ["values"]}},
        },
    )


def deadline() -> Schema:
    """A deadline: a date, or a mapping with one of ``date`` and ``dates``."""
    batch = mapping({"who": WHO, "date": ref("date")}, ("date",))
    full = mapping(
        {
            "date": say("The date for everyone", "所有学生的日期", ref("date")),
            "dates": say(
                "A date per batch; a student's is the first whose who selects them",
                "分批日期；取第一个选中该学生的",
                list_of(batch),
            ),
            "late": say(
                "Clearing late is recorded (flag) or refused (block)",
                "逾期办理：记录 (flag) 或拒绝 (block)",
                {"enum": ["flag", "block"]},
            ),
        },
        labelled=True,
        oneOf=[{"required": ["date"]}, {"required": ["dates"]}],
    )
    return {"anyOf": [ref("date"), full]}


def steps() -> Schema:
    """Prerequisites and stations; only stations take ``staff`` and ``minutes``."""
    common = {
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
    throughput = {
        "staff": say("Staff serving the station", "该站办理人员数", POSITIVE),
        "minutes": say(
            "Minutes per student", "每人所需分钟", {"type": "number", "exclusiveMinimum": 0}
        ),
    }
    return {
        "prerequisite": mapping(common, ("id", "office"), labelled=True),
        "station": mapping({**common, **throughput}, ("id", "office"), labelled=True),
    }


def document() -> Schema:
    """A document handed over at release."""
    return mapping(
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


def schedule() -> Schema:
    """The one-stop service: place, days, hours, sessions and who is served elsewhere."""
    capacity = say("Students served at once", "可同时办理的人数", POSITIVE)
    hall = {"anyOf": [ref("text"), mapping({"capacity": capacity}, labelled=True)]}
    session = mapping(
        {
            "date": say("The day", "日期", ref("date")),
            "start": say("Starts at", "开始时间", ref("time")),
            "end": say("Ends at", "结束时间", ref("time")),
            "who": say("The students who come", "本场次的学生", ref("selector")),
            "weekday": say("The weekday", "星期", {"type": "string", "pattern": WEEKDAY}),
            "expected": say("Students expected", "预计人数", ref("whole")),
            "place": say("Where, when not the hall", "地点（不在大厅时）", hall),
            "due": say("The deadline these students work to", "适用的截止日期", ID_VALUE),
        },
        ("date", "start", "end", "who"),
    )
    return mapping(
        {
            "place": say("Where the one-stop service is", "一站式服务地点", hall),
            "first_day": say("First service day", "第一天", ref("date")),
            "last_day": say("Last service day", "最后一天", ref("date")),
            "hours": say("The hall's hours", "大厅办理时间", list_of(ref("hours"))),
            "sessions": say("Who comes when", "分批安排", list_of(session)),
            "elsewhere": say(
                "Students served outside this schedule, and where",
                "不在此安排内办理的学生及其地点",
                list_of(ref("place")),
            ),
        }
    )


def cohort() -> Schema:
    """The class size and its stated counts."""
    count = mapping({"who": WHO, "count": say("How many", "人数", ref("whole"))}, ("who", "count"))
    return mapping(
        {
            "total": say("All graduates", "毕业生总数", ref("whole")),
            "counts": say("The stated breakdown", "分类人数", list_of(count)),
        }
    )


def basics() -> Schema:
    """Values used throughout: text, dates, times, whole numbers, labels and ``who:``."""
    return {
        "text": {"type": "string", "minLength": 1},
        "date": say("A date, YYYY-MM-DD", "日期 YYYY-MM-DD", {"type": "string", "pattern": DATE}),
        "time": say("A time of day, H:MM", "时刻 H:MM", {"type": "string", "pattern": TIME}),
        "whole": say("A whole number", "整数", WHOLE),
        "label": say(
            "A name: text, or {zh, en}",
            "名称：文本或 {zh, en}",
            {"anyOf": [ref("text"), mapping({}, labelled=True)]},
        ),
        "selector": {
            "type": "object",
            "propertyNames": {"pattern": ID},
            "additionalProperties": {"anyOf": [FACT_VALUE, list_of(FACT_VALUE)]},
        },
    }
