"""Student records from small YAML or JSON files: id, name and facts, typed by the workflow.

The id is trimmed as a roster's is (:func:`clearflow.spec.clean_student_id`), so a student
file and a roster name the same student the same way.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from clearflow._hints import join
from clearflow._i18n import Message, Plural
from clearflow.errors import WorkflowError
from clearflow.format._conditions import ConditionReader
from clearflow.format._reader import Reader
from clearflow.format._yaml import parse, read_text
from clearflow.spec import MAX_STUDENT_ID, Workflow, clean_student_id
from clearflow.spec.conditions import FactValue


@attrs.frozen(kw_only=True)
class StudentRecord:
    """What a campus system knows about one student before the procedure."""

    id: str
    facts: dict[str, FactValue]
    name: str | None = None


def read_student(path: str | Path, workflow: Workflow) -> StudentRecord:
    """Read a student file; raise WorkflowError with every located problem."""
    return parse_student(read_text(path), workflow, str(path))


def parse_student(text: str, workflow: Workflow, source: str = "<student>") -> StudentRecord:
    """Read a student record from YAML or JSON text, typing each fact as declared."""
    document = parse(
        text, source, Message("a student file starts with 'id:', 'name:' and 'facts:'")
    )
    reader = Reader(source)
    reader.issues.extend(document.issues)
    fields = reader.mapping(document.root, "", required=("id", "facts"), optional=("name",))
    facts: dict[str, FactValue] = {}
    student_id = name = None
    if fields is not None:
        student_id = reader.text(fields["id"], "id") if "id" in fields else None
        student_id = clean_student_id(student_id) if student_id is not None else None
        if student_id is not None and not 0 < len(student_id) <= MAX_STUDENT_ID:
            found = (
                Plural("{count} character", "{count} characters", len(student_id))
                if student_id
                else Message("an empty id")
            )
            reader.report(
                "CF104",
                fields["id"],
                "id",
                Message(
                    "a student id has 1 to {most} characters, found {found}",
                    most=MAX_STUDENT_ID,
                    found=found,
                ),
                Message("write the id the registry gives the student"),
            )
        name = reader.text(fields["name"], "name") if "name" in fields else None
        conditions = ConditionReader(reader, {fact.id: fact for fact in workflow.facts})
        node = fields.get("facts")
        for key, value_node in reader.entries(node, "facts") if node is not None else ():
            fact = conditions.fact(key, join("facts", key.value))
            if fact is None:
                continue
            value = conditions.value(fact, value_node, join("facts", key.value))
            if value is not None:
                facts[fact.id] = value
        if node is not None and not reader.issues:
            for fact in workflow.facts:
                if fact.default is None and fact.id not in facts:
                    reader.report(
                        "CF102",
                        node,
                        "facts",
                        Message("missing fact '{fact}'", fact=fact.id),
                        Message(
                            "add '{fact}:' to the facts; the workflow gives it no default",
                            fact=fact.id,
                        ),
                    )
    if reader.issues or student_id is None:
        raise WorkflowError(reader.issues)
    return StudentRecord(id=student_id, name=name, facts=facts)
