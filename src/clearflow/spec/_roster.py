"""Who may act: the staff roster (:class:`Roster` of :class:`StaffMember`) and a workflow's
``roster:`` rule (:class:`RosterRule`, a roster is expected, and by when).

A roster lists staff by id with their office and, for an office scoped by a fact, their
unit (the college whose students they serve). Each office also has an *account*,
``office:<id>`` (:func:`office_account`), that acts for the whole office without being
listed: imports of an office list act as it. An account may not act on a step bound to a
person (``person:``). The roster's :attr:`Roster.digest` is the SHA-256 of its content in a
canonical form, whatever file or row order it came from; a store versions rosters by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import attrs

from clearflow.spec._model import Where

ACCOUNT_PREFIX = "office:"
"""How an office's account is written as a staff id: ``office:finance``."""

_NOWHERE = Where()


def office_account(office_id: str) -> str:
    """The staff id an office's own account acts as (imports of its list use it)."""
    return f"{ACCOUNT_PREFIX}{office_id}"


def account_office(staff_id: str) -> str | None:
    """The office whose account ``staff_id`` is, or None for a person's id."""
    return staff_id[len(ACCOUNT_PREFIX) :] if staff_id.startswith(ACCOUNT_PREFIX) else None


@attrs.frozen(kw_only=True)
class StaffMember:
    """One staff member: id (工号), name, office, and optionally unit and role."""

    id: str
    name: str
    office: str
    unit: str | None = None
    role: str | None = None
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Roster:
    """Staff by id; build it with :meth:`of` (ids must be unique: the readers check it)."""

    members: tuple[StaffMember, ...] = ()
    source: str = attrs.field(default="<roster>", eq=False)
    _by_id: dict[str, StaffMember] = attrs.field(
        init=False, eq=False, repr=False, factory=dict, alias="_by_id"
    )

    def __attrs_post_init__(self) -> None:
        self._by_id.update({member.id: member for member in self.members})

    @classmethod
    def of(
        cls, members: tuple[StaffMember, ...] | list[StaffMember], source: str = "<roster>"
    ) -> Roster:
        """A roster of these members, sorted by id."""
        return cls(members=tuple(sorted(members, key=lambda member: member.id)), source=source)

    def get(self, staff_id: str) -> StaffMember | None:
        """The member with this id, or None."""
        return self._by_id.get(staff_id)

    def __contains__(self, staff_id: object) -> bool:
        return staff_id in self._by_id

    def __len__(self) -> int:
        return len(self.members)

    def of_office(self, office_id: str) -> tuple[StaffMember, ...]:
        """The members of one office, by id."""
        return tuple(member for member in self.members if member.office == office_id)

    @property
    def digest(self) -> str:
        """The hex SHA-256 of the members (id, name, office, unit, role), sorted by id."""
        rows = sorted([m.id, m.name, m.office, m.unit, m.role] for m in self.members)
        text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen(kw_only=True)
class RosterRule:
    """A workflow's ``roster:``: a roster is expected, by ``due`` when given."""

    due: dt.date | None = None
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)
