"""The staff roster from a YAML file: staff by id, each with a name, an office and optionally a
unit and a role; every problem located (``file:line:col: message (hint)``).

```yaml
staff:
  F001: {name: 李明, office: finance, unit: business}
  T0042: {name: 赵老师, office: supervisor, role: 导师}
```

A staff id given twice is CF005 (the composer refuses duplicate keys, naming both lines), an
unknown office CF201 with a suggestion, an office account's id (``office:...``) or a missing
or unknown unit of a scoped office CF104.
"""

from __future__ import annotations

from pathlib import Path

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.errors import WorkflowError
from clearflow.format._nodes import Node, Scalar
from clearflow.format._reader import Reader
from clearflow.format._yaml import parse, read_text
from clearflow.spec import ACCOUNT_PREFIX, Fact, FactType, Roster, StaffMember, Workflow

_MEMBER_KEYS = ("office", "unit", "role")


def read_roster(path: str | Path, workflow: Workflow) -> Roster:
    """Read a YAML staff roster; raise WorkflowError with every located problem."""
    return parse_roster(read_text(path), workflow, str(path))


def parse_roster(text: str, workflow: Workflow, source: str = "<roster>") -> Roster:
    """The staff roster YAML text lists for this workflow's offices."""
    document = parse(text, source, Message("a staff roster starts with 'staff:'"))
    reader = Reader(source)
    reader.issues.extend(document.issues)
    fields = reader.mapping(document.root, "", required=("staff",), optional=())
    members: list[StaffMember] = []
    if fields is not None:
        offices = {office.id for office in workflow.offices}
        scopes = {o.id: workflow.fact(o.scope) for o in workflow.offices if o.scope}
        for key, value in reader.entries(fields["staff"], "staff"):
            member = _member(reader, key, value, offices, scopes)
            if member is not None:
                members.append(member)
    if reader.issues:
        raise WorkflowError(reader.issues)
    return Roster.of(members, source=source)


def _member(
    reader: Reader, key: Scalar, value: Node, offices: set[str], scopes: dict[str, Fact]
) -> StaffMember | None:
    path = join("staff", key.value)
    staff_id = key.value.strip()
    before = len(reader.issues)
    if staff_id.startswith(ACCOUNT_PREFIX):
        reader.report(
            "CF104",
            key,
            path,
            Message("'{id}' is an office's account, not a person's staff id", id=staff_id),
            Message("list people by their staff id (工号)"),
        )
    fields = reader.mapping(value, path, required=("name", "office"), optional=_MEMBER_KEYS[1:])
    if fields is None:
        return None
    name = reader.text(fields["name"], join(path, "name")) if "name" in fields else None
    office = reader.text(fields["office"], join(path, "office")) if "office" in fields else None
    unit = reader.text(fields["unit"], join(path, "unit")) if "unit" in fields else None
    role = reader.text(fields["role"], join(path, "role")) if "role" in fields else None
    if office is not None and office not in offices:
        reader.report(
            "CF201",
            fields["office"],
            join(path, "office"),
            Message("unknown office '{name}'", name=office),
            suggest(office, offices) or known(Message("offices"), offices),
        )
    elif office is not None and office in scopes:
        _unit(reader, fields, path, office, unit, scopes[office])
    if len(reader.issues) > before or name is None or office is None:
        return None
    return StaffMember(
        id=staff_id, name=name, office=office, unit=unit, role=role, at=reader.where(key, path)
    )


def _unit(
    reader: Reader,
    fields: dict[str, Node],
    path: str,
    office: str,
    unit: str | None,
    fact: Fact,
) -> None:
    """A scoped office's staff need a unit, one of the scope fact's values if a choice."""
    values = [choice.id for choice in fact.values]
    if unit is None:
        reader.report(
            "CF102",
            fields["office"],
            path,
            Message(
                "empty unit: office '{office}' acts only for its unit's students", office=office
            ),
            Message("write the '{fact}' of the students this person serves", fact=fact.id),
        )
    elif fact.type is FactType.CHOICE and unit not in values:
        reader.report(
            "CF104",
            fields["unit"],
            join(path, "unit"),
            Message("unknown unit '{unit}' of '{fact}'", unit=unit, fact=fact.id),
            suggest(unit, values) or known(Message("values"), values),
        )
