"""Who may act, when the engine has a staff roster: the checks and the refusals.

:class:`Permits` is built once per engine from the workflow and a
:class:`~clearflow.spec.Roster`: the members by id, each office's ``scope:`` fact and each
step's ``person:`` fact, all dict lookups on the hot path. An action is refused with
:class:`~clearflow.errors.NotPermittedError` when the actor is not on the roster, is on it
for another office, is of another unit than the student's scope fact, or is not the person
the step's ``person:`` fact names; each message says who may act. An office's account
(``office:<id>``, what imports act as) acts for its whole office, whatever the scope, but
never on a step bound to a person. Without a roster the engine has no Permits and acts as
before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._i18n import Message
from clearflow.engine._audit import Actor
from clearflow.engine._refusals import verb_word, who
from clearflow.errors import NotPermittedError
from clearflow.spec import Label, Roster, StaffMember, Step, Workflow, account_office
from clearflow.words import LabelText

if TYPE_CHECKING:
    from clearflow.engine._case import Case


class Permits:
    """The roster and what the workflow says of who may act, ready for lookups."""

    def __init__(self, workflow: Workflow, roster: Roster) -> None:
        self.roster = roster
        self.scopes: dict[str, str] = {
            office.id: office.scope for office in workflow.offices if office.scope
        }
        self.persons: dict[str, str] = {
            step.id: step.person for step in workflow.steps if step.person
        }
        self.labels: dict[str, Label] = {fact.id: fact.label for fact in workflow.facts}

    def verified(self, by: Actor) -> StaffMember | None:
        """The roster's entry for the actor (None for an office account or an unknown id)."""
        return self.roster.get(by.staff)

    def check_step(self, case: Case, step: Step, by: Actor, verb: str) -> None:
        """That ``by`` may ``verb`` this step for this student (its office is checked first)."""
        cannot = Message("cannot {verb} '{step}'", verb=verb_word(verb), step=step.id)
        person = self.persons.get(step.id)
        if person is not None:
            self._person(cannot, case, person, by)
        member = self._member(cannot, by, step.office, account_ok=person is None)
        if member is not None:
            self._scope(cannot, case, member, step.office)

    def check_release(self, case: Case, by: Actor) -> None:
        """That ``by`` may hand over this student's documents (the office is checked first)."""
        cannot = Message("cannot release")
        member = self._member(cannot, by, by.office, account_ok=True)
        if member is not None:
            self._scope(cannot, case, member, by.office)

    def _member(
        self, cannot: Message, by: Actor, office: str, *, account_ok: bool
    ) -> StaffMember | None:
        member = self.roster.get(by.staff)
        if member is None:
            if account_ok and account_office(by.staff) == office:
                return None
            raise NotPermittedError(
                Message(
                    "{cannot}: '{staff}' is not on the staff roster; "
                    "only staff of office '{office}' on it may act",
                    cannot=cannot,
                    staff=by.staff,
                    office=office,
                )
            )
        if member.office != office:
            raise NotPermittedError(
                Message(
                    "{cannot}: '{staff}' ({name}) is on the staff roster for office "
                    "'{other}'; only staff of office '{office}' may act",
                    cannot=cannot,
                    staff=member.id,
                    name=member.name,
                    other=member.office,
                    office=office,
                )
            )
        return member

    def _scope(self, cannot: Message, case: Case, member: StaffMember, office: str) -> None:
        fact = self.scopes.get(office)
        if fact is None:
            return
        value = case.facts.get(fact)
        if value is None:
            raise NotPermittedError(
                Message(
                    "{cannot}: {student} has no '{fact}', so no staff of office '{office}' "
                    "may act for them (give the student's '{fact}')",
                    cannot=cannot,
                    student=who(case),
                    fact=fact,
                    office=office,
                )
            )
        if member.unit != str(value):
            raise NotPermittedError(
                Message(
                    "{cannot}: only staff of office '{office}' with unit '{unit}' may act "
                    "for {student} ({fact} = {unit}); '{staff}' is of unit '{theirs}'",
                    cannot=cannot,
                    office=office,
                    unit=str(value),
                    student=who(case),
                    fact=fact,
                    staff=member.id,
                    theirs=member.unit or "",
                )
            )

    def _person(self, cannot: Message, case: Case, fact: str, by: Actor) -> None:
        value = case.facts.get(fact)
        named = str(value).strip() if value is not None else ""
        label = LabelText(self.labels.get(fact), fact)
        if not named:
            raise NotPermittedError(
                Message(
                    "{cannot}: {student} has no '{fact}' ({label}), so no one may act on it "
                    "(give the student's '{fact}')",
                    cannot=cannot,
                    student=who(case),
                    fact=fact,
                    label=label,
                )
            )
        if by.staff != named:
            raise NotPermittedError(
                Message(
                    "{cannot}: only '{person}' (the student's {label}) may act for {student}, "
                    "not '{staff}'",
                    cannot=cannot,
                    person=named,
                    label=label,
                    student=who(case),
                    staff=by.staff,
                )
            )
