"""Reads a scenarios file, typed by its workflow, reporting every located problem at once.

The file sits beside the workflow (``gyvtc-2014.scenarios.yaml``); the format is in
``docs/workflow-format.md#scenarios``::

    facts: {program: higher_vocational, credits_complete: true}   # shared (optional)
    scenarios:
      - name: {zh: 图书馆退回, en: A student the library refuses}
        actions: [{step: library_cleared, refuse: 2 books not returned}]
        stops_at: preparing
        blocked_by: [library_cleared]

Facts are read exactly like a student file's (``CF202``, ``CF205``); the steps,
outcomes, stations, documents and phases a scenario names must exist (``CF601``);
a scenario must expect something (``CF602``) and have a name of its own (``CF603``).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.engine import PREPARING, READY, RELEASED, Action
from clearflow.errors import Issue, WorkflowError
from clearflow.format import ConditionReader, Node, Reader, Scalar, parse, read_text
from clearflow.loading import inspect_path
from clearflow.spec import Label, Workflow
from clearflow.spec.conditions import FactValue
from clearflow.staff.scenario import Scenario, ScenarioAction, workflow_path

TOP_KEYS = ("facts", "scenarios")
SCENARIO_KEYS = ("name", "facts", "at", "actions", "documents", "stops_at", "blocked_by", "passes")
EXPECTATION_KEYS = ("documents", "stops_at", "passes")
VERBS = (Action.CLEAR, Action.REFUSE, Action.WAIVE)
ACTION_EXAMPLE = "{step: library_cleared, refuse: 2 books not returned}"
KINDS = {"step": Message("steps"), "station": Message("stations"), "document": Message("documents")}
"""What a scenario names, by kind, as a hint lists them (``known steps: ...``)."""


def unknown(what: str, name: str) -> Message:
    """``unknown step 'x'`` (or station, document): a name the workflow does not have."""
    if what == "station":
        return Message("unknown station '{name}'", name=name)
    if what == "document":
        return Message("unknown document '{name}'", name=name)
    return Message("unknown step '{name}'", name=name)


def read_scenarios(path: str | Path, workflow: Workflow) -> tuple[Scenario, ...]:
    """Read a scenarios file; raise WorkflowError with every located problem."""
    return parse_scenarios(read_text(path), workflow, str(path))


def inspect_scenarios(path: str | Path) -> tuple[tuple[Scenario, ...] | None, tuple[Issue, ...]]:
    """For ``clearflow check``: a scenarios file's scenarios (None when it has errors) and issues.

    The file is read against the workflow it is named after (``x.yaml`` for
    ``x.scenarios.yaml``); when that workflow has errors, they are the issues.
    """
    workflow, issues = inspect_path(workflow_path(path))
    if workflow is None:
        return None, issues
    try:
        return read_scenarios(path, workflow), ()
    except WorkflowError as error:
        return None, error.issues


def parse_scenarios(
    text: str, workflow: Workflow, source: str = "<scenarios>"
) -> tuple[Scenario, ...]:
    """The scenarios in YAML text, in file order."""
    document = parse(text, source, Message("a scenarios file starts with 'scenarios:', a list"))
    reader = Reader(source)
    reader.issues.extend(document.issues)
    scenarios = _ScenarioReader(reader, workflow).file(document.root)
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

    def file(self, root: Node) -> tuple[Scenario, ...]:
        fields = self.reader.mapping(root, "", required=("scenarios",), optional=TOP_KEYS)
        if fields is None or "scenarios" not in fields:
            return ()
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
        return tuple(scenario for scenario in scenarios if scenario is not None)

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
        actions = self._actions(fields.get("actions"), join(path, "actions"))
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

    def _actions(self, node: Node | None, path: str) -> tuple[ScenarioAction, ...]:
        actions: list[ScenarioAction] = []
        for index, item in enumerate(self.reader.sequence(node, path) or () if node else ()):
            action = self._action(item, join(path, index))
            if action is not None:
                actions.append(action)
        return tuple(actions)

    def _action(self, node: Node, path: str) -> ScenarioAction | None:
        reader = self.reader
        fields = reader.mapping(node, path, required=("step",), optional=(*VERBS, "at"))
        if fields is None or "step" not in fields:
            return None
        step_id = self._reference(fields["step"], join(path, "step"), self.steps, "step")
        given = [verb for verb in VERBS if verb in fields]
        if len(given) != 1:
            reader.report(
                "CF102",
                node,
                path,
                Message("an action needs exactly one of clear, refuse or waive"),
                Message(
                    "e.g. {example}",
                    example="{step: library_cleared, refuse: 2 books not returned}",
                ),
            )
            return None
        verb = given[0]
        value = fields[verb]
        if verb is not Action.CLEAR:
            text = reader.text(value, join(path, verb))
        elif isinstance(value, Scalar) and value.is_null:
            text = None
        else:
            text = self._outcome(step_id, value, join(path, verb))
        at = reader.moment(fields["at"], join(path, "at")) if "at" in fields else None
        if step_id is None or (text is None and verb is not Action.CLEAR):
            return None
        return ScenarioAction(step=step_id, verb=verb, text=text, at=at)

    def _outcome(self, step_id: str | None, node: Node, path: str) -> str | None:
        outcome = self.reader.ident(node, path, Message("outcome"))
        if step_id is None or outcome is None:
            return outcome
        allowed = self.steps[step_id].outcome_ids
        if outcome not in allowed:
            self.reader.report(
                "CF601",
                node,
                path,
                Message("step '{step}' has no outcome '{outcome}'", step=step_id, outcome=outcome),
                suggest(outcome, allowed) or known(Message("outcomes"), allowed),
            )
        return outcome

    def _reference(self, node: Node, path: str, names: Collection[str], what: str) -> str | None:
        name = self.reader.text(node, path)
        if name is not None and name not in names:
            self.reader.report(
                "CF601",
                node,
                path,
                unknown(what, name),
                suggest(name, names) or known(KINDS[what], names),
            )
            return None
        return name

    def _ids(
        self, fields: dict[str, Node], path: str, key: str, names: Collection[str], what: str
    ) -> tuple[str, ...] | None:
        if key not in fields:
            return None
        items = self.reader.sequence_or_one(fields[key], join(path, key))
        found = [
            self._reference(item, join(join(path, key), index), names, what)
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
            elif name is not None and self._reference(item, item_path, self.stations, "station"):
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
