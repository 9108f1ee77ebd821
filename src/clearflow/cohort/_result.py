"""What one import did (:class:`ImportResult`) and the summary line it is told by.

The counts are those of :mod:`clearflow.cohort.importing`: students added or already in
the store (a roster), steps cleared, refused, already settled or unchanged (an office
list), and with ``clear_unlisted`` the students left out whose step does not apply or
still waits for another step.
"""

from __future__ import annotations

import attrs

from clearflow._i18n import N_, Lang, Message, Plural
from clearflow.words import join_messages


@attrs.frozen(kw_only=True)
class ImportResult:
    """What one import did: counts of students added and of steps cleared or refused.

    ``skipped`` counts students already in the store (a roster) or whose step was already
    settled (a list). With ``clear_unlisted``, the students the list leaves out whose step
    does not apply to them are ``not_applicable``, and those whose step still waits for
    another step are ``waiting``: both are left as they are.
    """

    source: str
    kind: str
    rows: int = 0
    encoding: str = ""
    already_imported: bool = False
    step: str | None = None
    added: int = 0
    cleared: int = 0
    refused: int = 0
    skipped: int = 0
    unchanged: int = 0
    not_applicable: int = 0
    waiting: int = 0

    def summary(self, lang: Lang = "en") -> str:
        """One line for people, e.g. ``roster.csv: 2985 students added (2985 rows, UTF-8)``."""
        return self.said().text(lang)

    def said(self) -> Message:
        """The :meth:`summary` line as a message, to render in a language."""
        if self.already_imported:
            return Message("{source}: already imported, nothing changed", source=self.source)
        read = Plural("{count} row", "{count} rows", self.rows)
        if self.kind == "roster" and not self.skipped:
            return Plural(
                "{source}: {count} student added ({rows}, {encoding})",
                "{source}: {count} students added ({rows}, {encoding})",
                self.added,
                source=self.source,
                rows=read,
                encoding=self.encoding,
            )
        if self.kind == "roster":
            return Plural(
                "{source}: {count} student added, {skipped} already in the store "
                "({rows}, {encoding})",
                "{source}: {count} students added, {skipped} already in the store "
                "({rows}, {encoding})",
                self.added,
                source=self.source,
                skipped=self.skipped,
                rows=read,
                encoding=self.encoding,
            )
        left_out = self._left_out()
        if left_out is not None:
            return Message(
                "{source}: {step}: {cleared} cleared, {refused} refused, "
                "{skipped} already settled, {unchanged} unchanged, unlisted and left as they "
                "are: {left_out} ({rows}, {encoding})",
                source=self.source,
                step=self.step,
                cleared=self.cleared,
                refused=self.refused,
                skipped=self.skipped,
                unchanged=self.unchanged,
                left_out=left_out,
                rows=read,
                encoding=self.encoding,
            )
        return Message(
            "{source}: {step}: {cleared} cleared, {refused} refused, "
            "{skipped} already settled, {unchanged} unchanged ({rows}, {encoding})",
            source=self.source,
            step=self.step,
            cleared=self.cleared,
            refused=self.refused,
            skipped=self.skipped,
            unchanged=self.unchanged,
            rows=read,
            encoding=self.encoding,
        )

    def _left_out(self) -> Message | None:
        """The unlisted students skipped, counted by why; None when there were none."""
        parts = []
        if self.not_applicable:
            parts.append(
                Plural(
                    "{count} student the step does not apply to",
                    "{count} students the step does not apply to",
                    self.not_applicable,
                )
            )
        if self.waiting:
            parts.append(
                Plural(
                    "{count} student whose step waits for another step",
                    "{count} students whose step waits for another step",
                    self.waiting,
                )
            )
        return join_messages(N_("{left}, {right}"), parts) if parts else None


__all__ = ["ImportResult"]
