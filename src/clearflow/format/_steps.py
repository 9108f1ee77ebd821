"""Builds steps (prerequisites and stations) and documents, checking their references."""

from __future__ import annotations

import graphlib

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.format._conditions import ConditionReader
from clearflow.format._names import DEADLINE_ID, DOCUMENT_ID, GROUP, OFFICE_ID, OUTCOME, STEP_ID
from clearflow.format._nodes import MapNode, Node, Scalar
from clearflow.format._openings import read_opening
from clearflow.format._policies import off_hours_policy
from clearflow.format._reader import Reader
from clearflow.format._shapes import DOCUMENT, PREREQUISITE, STATION
from clearflow.format._who import person_fact
from clearflow.spec import Deadline, Document, Office, Outcome, Step, StepKind, order_graph
from clearflow.spec.conditions import ALWAYS, Condition

STATION_KEYS = tuple(key for key in STATION.keys if key not in PREREQUISITE.keys)
"""The keys only a station takes; a prerequisite is read with them and refuses them itself."""
AFTER_ALL = "all"
_STEPS = Message("steps")
_DEADLINES = Message("deadlines")


class StepBuilder:
    """Reads step and document lists and resolves references between steps."""

    def __init__(
        self,
        reader: Reader,
        conditions: ConditionReader,
        offices: tuple[Office, ...],
        deadlines: tuple[Deadline, ...],
    ) -> None:
        self.reader = reader
        self.conditions = conditions
        self.offices = {office.id for office in offices}
        self.deadlines = {deadline.id for deadline in deadlines}
        self.built: dict[str, Step] = {}
        self.after_nodes: dict[str, list[tuple[str, Node, str]]] = {}
        self.advised_nodes: list[tuple[str, Node, str]] = []

    def steps(self, node: Node | None, section: str) -> tuple[Step, ...]:
        """The steps of ``prerequisites`` or ``stations``, in file order."""
        if node is None:
            return ()
        kind = StepKind.STATION if section == "stations" else StepKind.PREREQUISITE
        result: list[Step] = []
        for index, item in enumerate(self.reader.sequence(node, section) or ()):
            step = self._step(item, join(section, index), kind)
            if step is not None:
                result.append(step)
        return tuple(result)

    def _step(self, item: Node, path: str, kind: StepKind) -> Step | None:
        fields = self.reader.fields(item, path, STATION)
        if fields is None or "id" not in fields:
            return None
        staff, minutes, spread = self._throughput(fields, kind, path)
        step_id = self.reader.ident(fields["id"], join(path, "id"), STEP_ID)
        if step_id is not None and step_id in self.built:
            first = self.built[step_id].at
            self.reader.report(
                "CF207",
                fields["id"],
                join(path, "id"),
                Message(
                    "step id '{id}' is already used on line {line}", id=step_id, line=first.line
                ),
                Message("give each step its own id"),
            )
            return None
        office = self._office(fields.get("office"), join(path, "office"))
        after, after_all = self._after(step_id, fields.get("after"), join(path, "after"))
        advised, advised_all = self._advised(
            fields.get("advised_after"), join(path, "advised_after")
        )
        due = self._deadline(fields.get("due"), join(path, "due"))
        step = Step(
            id=step_id or "",
            kind=kind,
            office=office or "",
            label=self.reader.label(fields, item, path),
            checks=self.reader.label_node(fields["checks"], join(path, "checks"))
            if "checks" in fields
            else None,
            when=self._condition(fields.get("when"), join(path, "when")),
            required=self._condition(fields.get("required"), join(path, "required")),
            after=after,
            after_all=after_all,
            advised_after=advised,
            advised_after_all=advised_all,
            due=due,
            opens=read_opening(
                self.reader, self.conditions, fields.get("opens"), join(path, "opens")
            ),
            outcomes=self._outcomes(fields.get("outcomes"), join(path, "outcomes")),
            staff=staff,
            minutes=minutes,
            minutes_cv=spread,
            place=self.reader.label_node(fields["place"], join(path, "place"))
            if "place" in fields and kind is StepKind.STATION
            else None,
            person=person_fact(self.conditions, fields.get("person"), join(path, "person")),
            off_hours=off_hours_policy(
                self.reader, fields.get("off_hours"), join(path, "off_hours")
            ),
            at=self.reader.where(item, path),
        )
        if step_id is not None:
            self.built[step_id] = step
        return step

    def _throughput(
        self, fields: dict[str, Node], kind: StepKind, path: str
    ) -> tuple[int | None, float | None, float | None]:
        """A station's ``staff`` and ``minutes`` per student (a number, the mean, or
        ``{mean:, cv:}`` with how much they vary); refused on prerequisites."""
        if kind is StepKind.PREREQUISITE:
            for key in STATION_KEYS:
                if key in fields:
                    self.reader.report(
                        "CF101",
                        fields[key],
                        join(path, key),
                        Message("'{key}' is only for stations, not prerequisites", key=key),
                        Message("remove '{key}', or list the step under 'stations:'", key=key),
                    )
            return None, None, None
        staff = (
            self.reader.integer(fields["staff"], join(path, "staff"), minimum=1)
            if "staff" in fields
            else None
        )
        minutes = spread = None
        node = fields.get("minutes")
        if isinstance(node, MapNode):
            where = join(path, "minutes")
            given = self.reader.mapping(node, where, required=("mean",), optional=("cv",)) or {}
            if "mean" in given:
                minutes = self.reader.number(given["mean"], join(where, "mean"))
            if "cv" in given:
                spread = self.reader.number(given["cv"], join(where, "cv"), zero=True)
        elif node is not None:
            minutes = self.reader.number(node, join(path, "minutes"))
        return staff, minutes, spread

    def _condition(self, node: Node | None, path: str) -> Condition:
        return ALWAYS if node is None else self.conditions.condition(node, path)

    def _office(self, node: Node | None, path: str) -> str | None:
        if node is None:
            return None
        name = self.reader.ident(node, path, OFFICE_ID)
        if name is not None and name not in self.offices:
            self.reader.report(
                "CF201",
                node,
                path,
                Message("unknown office '{name}'", name=name),
                suggest(name, self.offices) or known(Message("offices"), self.offices),
            )
            return None
        return name

    def _deadline(self, node: Node | None, path: str) -> str | None:
        if node is None:
            return None
        name = self.reader.ident(node, path, DEADLINE_ID)
        if name is not None and name not in self.deadlines:
            self.reader.report(
                "CF204",
                node,
                path,
                Message("unknown deadline '{name}'", name=name),
                suggest(name, self.deadlines) or known(_DEADLINES, self.deadlines),
            )
            return None
        return name

    def _after(
        self, step_id: str | None, node: Node | None, path: str
    ) -> tuple[tuple[str, ...], bool]:
        references, every = self._step_ids(node, path)
        self.after_nodes.setdefault(step_id or "", []).extend(references)
        return tuple(name for name, _, _ in references), every

    def _advised(self, node: Node | None, path: str) -> tuple[tuple[str, ...], bool]:
        """``advised_after:``, read like ``after:``; its ids are checked in :meth:`resolve`."""
        references, every = self._step_ids(node, path)
        self.advised_nodes.extend(references)
        return tuple(name for name, _, _ in references), every

    def _step_ids(self, node: Node | None, path: str) -> tuple[list[tuple[str, Node, str]], bool]:
        """An id, a list of ids, or ``all`` (True): each id with its node and path."""
        if node is None:
            return [], False
        if isinstance(node, Scalar) and node.value == AFTER_ALL and not node.quoted:
            return [], True
        references: list[tuple[str, Node, str]] = []
        for index, item in enumerate(self.reader.sequence_or_one(node, path)):
            name = self.reader.ident(item, join(path, index), STEP_ID)
            if name is not None:
                references.append((name, item, join(path, index)))
        return references, False

    def _outcomes(self, node: Node | None, path: str) -> tuple[Outcome, ...]:
        if node is None:
            return ()
        outcomes: list[Outcome] = []
        for key, value in self.reader.entries(node, path):
            name = self.reader.ident(key, join(path, key.value), OUTCOME)
            if name is not None:
                outcomes.append(
                    Outcome(id=name, label=self.reader.label_node(value, join(path, name)))
                )
        return tuple(outcomes)

    def documents(self, node: Node | None) -> tuple[Document, ...]:
        """The documents handed over at release."""
        if node is None:
            return ()
        result: list[Document] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(self.reader.sequence(node, "documents") or ()):
            path = join("documents", index)
            fields = self.reader.fields(item, path, DOCUMENT)
            if fields is None or "id" not in fields:
                continue
            doc_id = self.reader.ident(fields["id"], join(path, "id"), DOCUMENT_ID)
            if doc_id is not None and doc_id in seen:
                self.reader.report(
                    "CF207",
                    fields["id"],
                    join(path, "id"),
                    Message(
                        "document id '{id}' is already used on line {line}",
                        id=doc_id,
                        line=seen[doc_id],
                    ),
                    Message("give each document its own id"),
                )
                continue
            group = (
                self.reader.ident(fields["group"], join(path, "group"), GROUP)
                if "group" in fields
                else None
            )
            if doc_id is None:
                continue
            seen[doc_id] = item.mark.line
            result.append(
                Document(
                    id=doc_id,
                    label=self.reader.label(fields, item, path),
                    when=self._condition(fields.get("when"), join(path, "when")),
                    group=group,
                    office=self._office(fields.get("office"), join(path, "office")),
                    at=self.reader.where(item, path),
                )
            )
        return tuple(result)

    def resolve(self) -> None:
        """Check ``after:``, ``advised_after:`` and outcome references, then look for cycles.

        Advice is never in a cycle: it is not part of the order (see ``spec.advice``).
        """
        for step_id, references in self.after_nodes.items():
            for name, node, path in references:
                if name == step_id:
                    self.reader.report(
                        "CF206",
                        node,
                        path,
                        Message("step '{name}' waits for itself", name=name),
                        Message("remove it from its own 'after:' list"),
                    )
                elif name not in self.built:
                    self._unknown_step(name, node, path)
        for name, node, path in self.advised_nodes:
            if name not in self.built:
                self._unknown_step(name, node, path)
        for reference in self.conditions.outcome_references:
            step = self.built.get(reference.step)
            if step is None:
                self._unknown_step(
                    reference.step, reference.step_node, join(reference.path, "step")
                )
                continue
            declared = list(step.outcome_ids)
            for name, node in zip(reference.outcomes, reference.outcome_nodes, strict=True):
                if name not in declared:
                    self.reader.report(
                        "CF205",
                        node,
                        join(reference.path, "outcome"),
                        Message("step '{step}' has no outcome '{name}'", step=step.id, name=name),
                        suggest(name, declared) or known(Message("outcomes"), declared),
                    )
        self._cycles()

    def _unknown_step(self, name: str, node: Node, path: str) -> None:
        self.reader.report(
            "CF203",
            node,
            path,
            Message("unknown step '{name}'", name=name),
            suggest(name, self.built) or known(_STEPS, self.built),
        )

    def _cycles(self) -> None:
        graph = order_graph(tuple(self.built.values()))
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as error:
            cycle: list[str] = error.args[1]
            first = self.built[cycle[0]]
            self.reader.report(
                "CF206",
                first.at,
                first.at.path,
                Message("steps wait for each other in a cycle: {cycle}", cycle=" -> ".join(cycle)),
                Message("remove one of these 'after:' entries or reorder the stations"),
            )
