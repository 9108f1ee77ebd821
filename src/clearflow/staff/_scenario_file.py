"""Reads a scenarios file, typed by its workflow, reporting every located problem at once.

The file sits beside the workflow (``gyvtc-2014.scenarios.yaml``); the format is in
``docs/workflow-format.md#scenarios``::

    staff: gyvtc-2014-staff.csv   # the staff roster the offices act against (optional)
    facts: {program: higher_vocational, credits_complete: true}   # shared (optional)
    scenarios:
      - name: {zh: 图书馆退回, en: A student the library refuses}
        actions: [{step: library_cleared, refuse: 2 books not returned}]
        stops_at: preparing
        blocked_by: [library_cleared]

Facts are read exactly like a student file's (``CF202``, ``CF205``); the steps,
outcomes, stations, documents and phases a scenario names must exist (``CF601``);
a scenario must expect something (``CF602``) and have a name of its own (``CF603``).
The roster (``CF604``, :mod:`clearflow.staff._scenario_staff`) and the actions (``by:``
``CF605``, ``flagged:`` ``CF606``, :mod:`clearflow.staff._scenario_actions`) are read beside.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.engine import PREPARING, READY, RELEASED
from clearflow.errors import Issue, WorkflowError
from clearflow.format import ConditionReader, Node, Reader, parse, read_text
from clearflow.loading import inspect_path
from clearflow.spec import Label, Workflow
from clearflow.spec.conditions import FactValue
from clearflow.staff._scenario_actions import KINDS, ActionReader, reference
from clearflow.staff._scenario_model import Scenario, ScenarioFile
from clearflow.staff._scenario_staff import StaffReader, read_staff_node
from clearflow.staff.scenario import workflow_path

TOP_KEYS = ("staff", "facts", "scenarios")
SCENARIO_KEYS = ("name", "facts", "at", "actions", "documents", "stops_at", "blocked_by", "passes")
EXPECTATION_KEYS = ("documents", "stops_at", "passes")


def read_scenarios(
    path: str | Path, workflow: Workflow, *, read_staff: StaffReader | None = None
) -> tuple[Scenario, ...]:
    """Read a scenarios file's scenarios; raise WorkflowError with every located problem."""
    return read_scenario_file(path, workflow, read_staff=read_staff).scenarios


def read_scenario_file(
    path: str | Path, workflow: Workflow, *, read_staff: StaffReader | None = None
) -> ScenarioFile:
    """Read a scenarios file, and the staff roster it names (``staff:``, beside it).

    ``read_staff`` reads the roster (the command line passes
    :func:`clearflow.cohort.staff.load_roster`); without it only a YAML roster is read.
    """
    path = Path(path)
    text = read_text(path)
    return parse_scenario_file(text, workflow, str(path), base=path.parent, read_staff=read_staff)


def inspect_scenarios(
    path: str | Path, *, read_staff: StaffReader | None = None
) -> tuple[tuple[Scenario, ...] | None, tuple[Issue, ...]]:
    """For ``clearflow check``: a scenarios file's scenarios (None when it has errors) and issues.

    The file is read against the workflow it is named after (``x.yaml`` for
    ``x.scenarios.yaml``); when that workflow has errors, they are the issues.
    """
    workflow, issues = inspect_path(workflow_path(path))
    if workflow is None:
        return None, issues
    try:
        return read_scenarios(path, workflow, read_staff=read_staff), ()
    except WorkflowError as error:
        return None, error.issues


def parse_scenarios(
    text: str, workflow: Workflow, source: str = "<scenarios>"
) -> tuple[Scenario, ...]:
    """The scenarios in YAML text, in file order (a ``staff:`` path is beside ``source``)."""
    return parse_scenario_file(text, workflow, source).scenarios


def parse_scenario_file(
    text: str,
    workflow: Workflow,
    source: str = "<scenarios>",
    *,
    base: Path | None = None,
    read_staff: StaffReader | None = None,
) -> ScenarioFile:
    """The scenarios in YAML text and their roster; ``base`` is the folder ``staff:`` is in
    (default: the folder of ``source``)."""
    document = parse(text, source, Message("a scenarios file starts with 'scenarios:', a list"))
    reader = Reader(source)
    reader.issues.extend(document.issues)
    scenarios = _ScenarioReader(reader, workflow).file(
        document.root, Path(source).parent if base is None else base, read_staff
    )
    if reader.issues:
        raise WorkflowError(reader.issues)
    return scenarios


class _ScenarioReader:
    def __init__(self, reader: Reader, workflow: Workflow) -> None:
        self.reader = reader
        self.workflow = workflow
        self.conditions = ConditionReader(reader, {fact.id: fact for fact in workflow.facts})
        self.steps = {step.id: step for step in workflow.steps}
        self.stations = [step.id for step in workflow.stations]
        self.documents = [document.id for document in workflow.documents]
        self.names: dict[str, int] = {}
        self.actions = ActionReader(reader, self.steps)

    def file(self, root: Node, base: Path, read_staff: StaffReader | None) -> ScenarioFile:
        fields = self.reader.mapping(root, "", required=("scenarios",), optional=TOP_KEYS)
        if fields is None or "scenarios" not in fields:
            return ScenarioFile(scenarios=())
        staff, path, roster = None, None, None
        if "staff" in fields:
            staff, path, roster = read_staff_node(
                self.reader, fields["staff"], base, self.workflow, read_staff
            )
        if roster is not None:
            self.actions = ActionReader(self.reader, self.steps, roster, staff or "")
        errors = len(self.reader.issues)
        shared = self._facts(fields["facts"], "facts") if "facts" in fields else {}
        check_missing = len(self.reader.issues) == errors
        items = self.reader.sequence(fields["scenarios"], "scenarios")
        if items == ():
            self.reader.report(
                "CF602",
                fields["scenarios"],
                "scenarios",
                Message("the file has no scenarios"),
                Message("add at least one under 'scenarios:'"),
            )
        scenarios = (
            self._scenario(item, join("scenarios", index), shared, check_missing)
            for index, item in enumerate(items or ())
        )
        found = tuple(scenario for scenario in scenarios if scenario is not None)
        return ScenarioFile(scenarios=found, roster=roster, staff=path)

    def _scenario(
        self, node: Node, path: str, shared: dict[str, FactValue], check_missing: bool
    ) -> Scenario | None:
        reader = self.reader
        fields = reader.mapping(node, path, required=("name",), optional=SCENARIO_KEYS)
        if fields is None:
            return None
        name = reader.label_node(fields["name"], join(path, "name")) if "name" in fields else None
        if name is not None:
            self._unique(name, fields["name"], join(path, "name"))
        errors = len(reader.issues)
        own = self._facts(fields["facts"], join(path, "facts")) if "facts" in fields else {}
        facts = shared | own
        if check_missing and len(reader.issues) == errors:
            self._missing(facts, fields.get("facts", node), join(path, "facts"))
        at = reader.moment(fields["at"], join(path, "at")) if "at" in fields else None
        actions = self.actions.actions(fields.get("actions"), join(path, "actions"))
        documents = self._ids(fields, path, "documents", self.documents, "document")
        blocked_by = self._ids(fields, path, "blocked_by", self.steps, "step")
        passes = self._passes(fields, path)
        stops_at = (
            self._stop(fields["stops_at"], join(path, "stops_at")) if "stops_at" in fields else None
        )
        if not any(key in fields for key in EXPECTATION_KEYS):
            reader.report(
                "CF602",
                node,
                path,
                Message("the scenario expects nothing"),
                Message("add 'documents:', 'stops_at:' or 'passes:'"),
            )
        elif "blocked_by" in fields and "stops_at" not in fields:
            reader.report(
                "CF602",
                fields["blocked_by"],
                join(path, "blocked_by"),
                Message("'blocked_by' without 'stops_at'"),
                Message("say where the student stops, e.g. 'stops_at: preparing'"),
            )
        if name is None:
            return None
        return Scenario(
            name=name,
            facts=facts,
            actions=actions,
            at=at,
            documents=documents,
            stops_at=stops_at,
            blocked_by=blocked_by,
            passes=passes,
            where=reader.where(node, path),
        )

    def _unique(self, name: Label, node: Node, path: str) -> None:
        for text in dict.fromkeys(text for text in (name.zh, name.en) if text):
            if text in self.names:
                self.reader.report(
                    "CF603",
                    node,
                    path,
                    Message(
                        "scenario name '{name}' is already used on line {line}",
                        name=text,
                        line=self.names[text],
                    ),
                    Message("give each scenario its own name"),
                )
                return
        for written in (name.zh, name.en):
            if written:
                self.names[written] = node.mark.line

    def _facts(self, node: Node, path: str) -> dict[str, FactValue]:
        facts: dict[str, FactValue] = {}
        for key, value_node in self.reader.entries(node, path):
            fact = self.conditions.fact(key, join(path, key.value))
            value = self.conditions.value(fact, value_node, join(path, key.value)) if fact else None
            if fact is not None and value is not None:
                facts[fact.id] = value
        return facts

    def _missing(self, facts: dict[str, FactValue], node: Node, path: str) -> None:
        for fact in self.workflow.facts:
            if fact.default is None and fact.id not in facts:
                self.reader.report(
                    "CF102",
                    node,
                    path,
                    Message("missing fact '{fact}'", fact=fact.id),
                    Message(
                        "add '{fact}:' to the scenario's or the shared facts; "
                        "the workflow gives it no default",
                        fact=fact.id,
                    ),
                )

    def _ids(
        self, fields: dict[str, Node], path: str, key: str, names: Collection[str], what: str
    ) -> tuple[str, ...] | None:
        if key not in fields:
            return None
        items = self.reader.sequence_or_one(fields[key], join(path, key))
        found = [
            reference(self.reader, item, join(join(path, key), index), names, what)
            for index, item in enumerate(items)
        ]
        return tuple(name for name in found if name is not None)

    def _passes(self, fields: dict[str, Node], path: str) -> tuple[str, ...] | None:
        if "passes" not in fields:
            return None
        items = self.reader.sequence_or_one(fields["passes"], join(path, "passes"))
        passes: list[str] = []
        for index, item in enumerate(items):
            item_path = join(join(path, "passes"), index)
            name = self.reader.text(item, item_path)
            if name is not None and name in self.steps and name not in self.stations:
                self.reader.report(
                    "CF601",
                    item,
                    item_path,
                    Message("'{name}' is a prerequisite, not a station", name=name),
                    known(KINDS["station"], self.stations),
                )
            elif name is not None and reference(
                self.reader, item, item_path, self.stations, "station"
            ):
                passes.append(name)
        return tuple(passes)

    def _stop(self, node: Node, path: str) -> str | None:
        name = self.reader.text(node, path)
        phases = [PREPARING, *self.stations, READY, RELEASED]
        if name is None or name in phases or name in self.steps:
            return name
        self.reader.report(
            "CF601",
            node,
            path,
            Message("unknown step or phase '{name}'", name=name),
            suggest(name, [*phases, *self.steps])
            or Message("write a step id, or preparing, ready or released"),
        )
        return None
