"""Reading a scenario's actions: the step, the verb and its text, when, by whom, and what
must come of it (``refused:``, ``flagged:``).

An action is ``{step: S, clear: outcome}`` (``clear: ~`` for the step's first or only
outcome), ``{step: S, refuse: reason}`` or ``{step: S, waive: reason}``, with optionally
``at:`` (when), ``by:`` (a staff id: with the file's ``staff:`` roster it must be on it or
be an office's account, ``CF605``), ``refused:`` (a text the refusal must contain) and
``flagged:`` (the flags its event must carry, among ``late``, ``early`` and ``off_hours``;
not with ``refused:``, since a refused action records nothing: ``CF606``). Unknown steps and
outcomes are ``CF601``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.engine import Action
from clearflow.format import Node, Reader, Scalar
from clearflow.spec import Roster, Step, office_account
from clearflow.staff._scenario_model import FLAGS, ScenarioAction

VERBS = (Action.CLEAR, Action.REFUSE, Action.WAIVE)
ACTION_KEYS = ("step", *VERBS, "at", "by", "refused", "flagged")
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


def reference(
    reader: Reader, node: Node, path: str, names: Collection[str], what: str
) -> str | None:
    """The name a node gives, when the workflow has it (else CF601 with a suggestion)."""
    name = reader.text(node, path)
    if name is not None and name not in names:
        reader.report(
            "CF601",
            node,
            path,
            unknown(what, name),
            suggest(name, names) or known(KINDS[what], names),
        )
        return None
    return name


class ActionReader:
    """Reads the actions of the scenarios of one file, against its workflow and roster."""

    def __init__(
        self,
        reader: Reader,
        steps: Mapping[str, Step],
        roster: Roster | None = None,
        roster_name: str = "",
    ) -> None:
        self.reader = reader
        self.steps = steps
        self.staff: tuple[str, ...] | None = None
        if roster is not None:
            offices = sorted({step.office for step in steps.values()})
            accounts = (office_account(office) for office in offices)
            self.staff = (*(member.id for member in roster.members), *accounts)
        self.roster_name = roster_name
        """The roster's path as the file writes it, for messages."""

    def actions(self, node: Node | None, path: str) -> tuple[ScenarioAction, ...]:
        """The actions of a scenario's ``actions:`` list (None: the scenario has none)."""
        actions: list[ScenarioAction] = []
        for index, item in enumerate(self.reader.sequence(node, path) or () if node else ()):
            action = self.action(item, join(path, index))
            if action is not None:
                actions.append(action)
        return tuple(actions)

    def action(self, node: Node, path: str) -> ScenarioAction | None:
        """One action, or None (its problems reported)."""
        reader = self.reader
        fields = reader.mapping(node, path, required=("step",), optional=ACTION_KEYS)
        if fields is None or "step" not in fields:
            return None
        step_id = reference(reader, fields["step"], join(path, "step"), self.steps, "step")
        given = [verb for verb in VERBS if verb in fields]
        if len(given) != 1:
            reader.report(
                "CF102",
                node,
                path,
                Message("an action needs exactly one of clear, refuse or waive"),
                Message("e.g. {example}", example=ACTION_EXAMPLE),
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
        by = self._by(fields["by"], join(path, "by")) if "by" in fields else None
        refused = (
            reader.text(fields["refused"], join(path, "refused")) if "refused" in fields else None
        )
        flagged = self._flagged(fields, path)
        if step_id is None or (text is None and verb is not Action.CLEAR):
            return None
        return ScenarioAction(
            step=step_id, verb=verb, text=text, at=at, by=by, refused=refused, flagged=flagged
        )

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

    def _by(self, node: Node, path: str) -> str | None:
        staff = self.reader.text(node, path)
        if staff is None or self.staff is None or staff in self.staff:
            return staff
        self.reader.report(
            "CF605",
            node,
            path,
            Message(
                "'{staff}' is not on the staff roster '{roster}'",
                staff=staff,
                roster=self.roster_name,
            ),
            suggest(staff, self.staff) or known(Message("staff ids"), self.staff),
        )
        return staff

    def _flagged(self, fields: dict[str, Node], path: str) -> tuple[str, ...] | None:
        if "flagged" not in fields:
            return None
        flagged_path = join(path, "flagged")
        if "refused" in fields:
            self.reader.report(
                "CF606",
                fields["flagged"],
                flagged_path,
                Message("an action expected to be refused records nothing to flag"),
                Message("write either 'refused:' or 'flagged:'"),
            )
        flags: list[str] = []
        for index, item in enumerate(self.reader.sequence_or_one(fields["flagged"], flagged_path)):
            item_path = join(flagged_path, index)
            flag = self.reader.text(item, item_path)
            if flag is not None and flag not in FLAGS:
                self.reader.report(
                    "CF606",
                    item,
                    item_path,
                    Message("unknown flag '{flag}'", flag=flag),
                    suggest(flag, FLAGS) or known(Message("flags"), FLAGS),
                )
            elif flag is not None:
                flags.append(flag)
        return tuple(flags)
