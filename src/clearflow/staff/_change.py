"""A change between two workflows, and the list that words changes in one language.

:mod:`clearflow.staff.diff` finds the changes; this module says them in staff terms, as
catalogue messages (``removed {what} {name}``) rendered in the list's language, with the
words of :mod:`clearflow.staff.diff_words`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

import attrs

from clearflow._i18n import Lang, Message, translate
from clearflow.spec import Hours, Label, Selector, Workflow
from clearflow.spec.conditions import Condition
from clearflow.staff.diff_words import EVERYONE, FIELDS, NONE, WHAT
from clearflow.words import Words


class Group(enum.StrEnum):
    """The parts of a workflow changes are grouped by, in the order they are listed."""

    WORKFLOW = "workflow"
    OFFICES = "offices"
    FACTS = "facts"
    DEADLINES = "deadlines"
    STEPS = "steps"
    DOCUMENTS = "documents"
    SESSIONS = "sessions"
    COHORT = "cohort"


@attrs.frozen(kw_only=True)
class Change:
    """One difference: its group, ``added``/``removed``/``changed``, the id and the words."""

    group: Group
    kind: str
    subject: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """A JSON-able form."""
        return {
            "group": str(self.group),
            "kind": self.kind,
            "subject": self.subject,
            "text": self.text,
        }


_Item = TypeVar("_Item")


def pairs(
    old: Iterable[_Item], new: Iterable[_Item], key: Callable[[_Item], Hashable]
) -> tuple[list[_Item], list[_Item], list[tuple[_Item, _Item]]]:
    """(removed, added, kept pairs), matching equal keys in order."""
    remaining: dict[Hashable, list[_Item]] = {}
    for item in new:
        remaining.setdefault(key(item), []).append(item)
    removed: list[_Item] = []
    kept: list[tuple[_Item, _Item]] = []
    for item in old:
        matches = remaining.get(key(item))
        if matches:
            kept.append((item, matches.pop(0)))
        else:
            removed.append(item)
    return removed, [item for items in remaining.values() for item in items], kept


class ChangeList:
    """Collects changes, each worded in one language as it is added."""

    def __init__(self, old: Workflow, new: Workflow, lang: Lang) -> None:
        self.old_workflow, self.new_workflow = old, new
        self.lang = lang
        self.old, self.new = Words(old, lang), Words(new, lang)
        self.changes: list[Change] = []

    def add(self, group: Group, kind: str, subject: str, text: Message) -> None:
        change = Change(group=group, kind=kind, subject=subject, text=text.text(self.lang))
        self.changes.append(change)

    def word(self, msgid: str) -> str:
        """A catalogue constant (``diff_words``) in this list's language."""
        return translate(msgid, self.lang)

    def added(
        self, group: Group, what: str, subject: str, name: str, sentence: Message | None = None
    ) -> None:
        """``added office 'Card Centre'``; ``sentence`` says more (where, for whom)."""
        text = sentence or Message("added {what} {name}", what=Message(WHAT[what]), name=name)
        self.add(group, "added", subject, text)

    def removed(self, group: Group, what: str, subject: str, name: str) -> None:
        text = Message("removed {what} {name}", what=Message(WHAT[what]), name=name)
        self.add(group, "removed", subject, text)

    def changed(
        self,
        group: Group,
        what: str,
        subject: str,
        name: str | None,
        field: str,
        old: str,
        new: str,
        *,
        same: bool | None = None,
    ) -> None:
        """A field that differs, of the thing ``name`` names (of the workflow when None).

        ``same`` says whether the values are equal when their words do not (a renamed office
        does not change the steps it signs).
        """
        if old == new if same is None else same:
            return
        field_word = Message(FIELDS[field])
        if name is None:
            text = Message("{field}: {old} → {new}", field=field_word, old=old, new=new)
        else:
            text = Message(
                "{what} {name}: {field} {old} → {new}",
                what=Message(WHAT[what]),
                name=name,
                field=field_word,
                old=old,
                new=new,
            )
        self.add(group, "changed", subject, text)

    def labels(self, old: Label | None, new: Label | None) -> tuple[str, str]:
        """Two labels as shown in a change: only the language that changed, when one did."""
        if old is not None and new is not None:
            if old.zh == new.zh and old.en and new.en:
                return self.quote(old.en), self.quote(new.en)
            if old.en == new.en and old.zh and new.zh:
                return self.quote(old.zh), self.quote(new.zh)
        return self.label(old), self.label(new)

    def quote(self, text: str) -> str:
        """A name as a change shows it: ``'Library'`` (in Chinese “图书馆”)."""
        return Message("'{text}'", text=text).text(self.lang)

    def name(self, label: Label | None, fallback: str, words: Words | None = None) -> str:
        return self.quote((words or self.new).label(label, fallback))

    def label(self, label: Label | None) -> str:
        """Both languages, so that a change in either one shows."""
        shown = [text for text in (label.zh, label.en) if text] if label else []
        return self.quote(" / ".join(shown)) if shown else self.word(NONE)

    def day(self, date: dt.date | None) -> str:
        if date is None:
            return self.word(NONE)
        weekday = self.new.weekday(date.weekday())
        return Message("{date} {weekday}", date=date.isoformat(), weekday=weekday).text(self.lang)

    def condition(self, words: Words, condition: Condition) -> str:
        return self.quote(words.condition(condition))

    def who(self, selector: Selector | None, words: Words | None = None) -> str:
        """A ``who:`` in the words of the new workflow, or of ``words``."""
        shown = (words or self.new).selector(selector) if selector else self.word(EVERYONE)
        return self.quote(shown)

    def number(self, value: int | None) -> str:
        return self.word(NONE) if value is None else str(value)


def hours_text(
    hours: Sequence[Hours], d: ChangeList | None = None, words: Words | None = None
) -> str:
    """Hours as a diff shows them: ``mon/tue 09:00–12:00/13:00–16:30 2014-07-10..2014-07-11``
    (the ranges split at the breaks), with whom an entry is for when ``d`` is given."""
    shown = []
    for h in hours:
        ranges = "/".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in h.ranges())
        text = f"{'/'.join(h.days)} {ranges}"
        if h.dated:
            text += f" {h.since or ''}..{h.until or ''}"
        if h.who is not None and d is not None:
            text += f" {d.who(h.who, words)}"
        shown.append(text)
    return ", ".join(shown) or "—"
