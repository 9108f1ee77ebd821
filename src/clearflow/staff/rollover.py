"""Next year's workflow from this year's: dates moved by whole weeks, the year updated.

The new file is this year's text with only the changed scalars replaced in place
(:mod:`clearflow.format._span`), so comments, quoting, key order, flow style, line breaks and the
Chinese text stay exactly as staff wrote them. Every date moves by the same whole number of
weeks (the multiple of 7 nearest to the calendar-year difference), so each day keeps its
weekday. The year is updated in ``id``, ``title`` and ``institution``; comments are kept as
written. What staff must check by hand is returned as a review list
(:mod:`clearflow.staff._review`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path

import attrs
import yaml

from clearflow._atomic import Input, refuse_overwrite, write_atomic
from clearflow._i18n import Lang, Message, Plural
from clearflow.errors import InputError, RolloverError, WorkflowError
from clearflow.format import Span, comments, read_text, spans, splice
from clearflow.loading import inspect_text
from clearflow.spec import Workflow
from clearflow.staff._review import ReviewItem, Topic, kept_text, ordered, review
from clearflow.staff.scenario import sidecar_path

YEAR_PATHS = frozenset(
    {"id", "title", "title.zh", "title.en", "institution", "institution.zh", "institution.en"}
)
"""Where the year is part of the text and is updated (elsewhere it is only reported)."""

_DATE_VALUE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_IN_TEXT = r"(?<!\d)(?<!\\[uUx]){}(?!\d)"


@attrs.frozen(kw_only=True)
class MovedDate:
    """A date that moved, where it is written (line and key path)."""

    path: str
    line: int
    old: dt.date
    new: dt.date


@attrs.frozen(kw_only=True)
class Rolled:
    """The rolled text, the shift applied and what staff must review."""

    text: str
    from_year: int
    to_year: int
    days: int
    moved: tuple[MovedDate, ...] = ()
    review: tuple[ReviewItem, ...] = ()
    sidecar: str | None = None
    """The rolled scenarios file, when the workflow has one beside it."""


def shift_days(reference: dt.date, years: int) -> int:
    """The multiple of 7 days nearest to moving ``reference`` by ``years`` calendar years."""
    try:
        target = reference.replace(year=reference.year + years)
    except ValueError:  # 29 February into a common year
        target = reference.replace(year=reference.year + years, day=28)
    return 7 * round((target - reference).days / 7)


def workflow_year(workflow: Workflow) -> int | None:
    """The year a workflow is for: the one year in its id, else the year it was issued."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", workflow.id))
    if len(years) == 1:
        return int(years.pop())
    return workflow.issued.year if workflow.issued else None


def roll_text(
    text: str,
    year: int,
    *,
    source: str = "<string>",
    from_year: int | None = None,
    lang: Lang = "en",
) -> Rolled:
    """Roll a workflow's text over to ``year``; raise WorkflowError when it does not load."""
    workflow, issues = inspect_text(text, source)
    if workflow is None:
        raise WorkflowError(issues)
    old_year = from_year or workflow_year(workflow)
    if old_year is None:
        raise RolloverError(
            Message(
                "{source}: cannot tell which year '{id}' is for "
                "(put the year in the id, e.g. 'gyvtc-2014', or give from_year=YEAR)",
                source=source,
                id=workflow.id,
            ),
            fix="from_year",
        )
    if old_year == year:
        raise RolloverError(
            Message("{source}: the workflow is already for {year}", source=source, year=year)
        )
    days = shift_days(_reference(workflow, old_year), year - old_year)
    scalars = spans(text)
    new_text, moved = _move(text, scalars, days, old_year, year, YEAR_PATHS)
    rolled, issues = inspect_text(new_text, source)
    if rolled is None:  # pragma: no cover - moving dates and a year never breaks a workflow
        raise WorkflowError(issues)
    lines = {span.path: span.line for span in scalars if not span.key}
    items = review(rolled, moved, year, lines=lines, lang=lang)
    items += _kept(text, scalars, _mention(old_year, moved), YEAR_PATHS)
    return Rolled(
        text=new_text,
        from_year=old_year,
        to_year=year,
        days=days,
        moved=moved,
        review=ordered(items),
    )


def roll_sidecar(text: str, rolled: Rolled, source: str = "<string>") -> Rolled:
    """A scenarios file moved like its workflow: every date and date-time by the same days.

    Returns ``rolled`` with the new scenarios text and their review items added.
    """
    try:
        scalars = spans(text)
    except yaml.YAMLError as error:
        raise InputError(
            Message(
                "{source}: cannot read the scenarios file: {error}", source=source, error=str(error)
            )
        ) from None
    new_text, moved = _move(text, scalars, rolled.days, rolled.from_year, rolled.to_year)
    mentions = _mention(rolled.from_year, [*rolled.moved, *moved])
    items = _kept(text, scalars, mentions, frozenset(), source=Path(source).name)
    if moved:
        message = Plural(
            "{count} date or time in scenario actions moved the same way",
            "{count} dates and times in scenario actions moved the same way",
            len(moved),
        )
        items.insert(0, ReviewItem(topic=Topic.DATES, message=message, source=Path(source).name))
    return attrs.evolve(rolled, sidecar=new_text, review=ordered([*rolled.review, *items]))


def _kept(
    text: str,
    scalars: tuple[Span, ...],
    mentions: re.Pattern[str],
    skipped: frozenset[str],
    source: str = "",
) -> list[ReviewItem]:
    """Comments and text values (not at ``skipped`` paths) naming the old year or a moved day."""
    return kept_text(
        [(line, comment) for line, comment in comments(text, scalars) if mentions.search(comment)],
        [
            (span.line, span.path, span.value)
            for span in scalars
            if not (span.key or span.path in skipped or _date(span.value))
            and mentions.search(span.value)
        ],
        source,
    )


def _reference(workflow: Workflow, year: int) -> dt.date:
    """The date whose year-on-year move decides the shift: the first one-stop day if known."""
    schedule = workflow.schedule
    sessions = schedule.sessions if schedule else ()
    candidates = [
        schedule.first_day if schedule else None,
        min((session.date for session in sessions), default=None),
        workflow.issued,
        min((rule.date for d in workflow.deadlines for rule in d.dates), default=None),
    ]
    return next((date for date in candidates if date is not None), dt.date(year, 7, 1))


def _move(
    text: str,
    scalars: Iterable[Span],
    days: int,
    old_year: int,
    new_year: int,
    year_paths: frozenset[str] = frozenset(),
) -> tuple[str, tuple[MovedDate, ...]]:
    """The text with every date moved and the year replaced at ``year_paths``, in place."""
    year = re.compile(_YEAR_IN_TEXT.format(old_year))
    edits: dict[int, tuple[int, str]] = {}
    moved: list[MovedDate] = []
    for span in scalars:
        written = text[span.start : span.end]
        old = None if span.key else _date(span.value)
        if old is not None:
            new = old + dt.timedelta(days=days)
            if new.weekday() != old.weekday():  # pragma: no cover - days is a multiple of 7
                raise AssertionError(f"{span.path}: {old} and {new} differ in weekday")
            edits[span.start] = (span.end, written.replace(old.isoformat(), new.isoformat(), 1))
            moved.append(MovedDate(path=span.path, line=span.line, old=old, new=new))
        elif not span.key and span.path in year_paths and year.search(written):
            edits[span.start] = (span.end, year.sub(str(new_year), written))
    return splice(text, edits), tuple(moved)


def _date(value: str) -> dt.date | None:
    """The date a scalar is, or starts a date-time with; None for anything else."""
    found = _DATE_VALUE.fullmatch(value)
    try:
        return dt.date.fromisoformat(found[1]) if found else None
    except ValueError:
        return None


def _mention(old_year: int, moved: Iterable[MovedDate]) -> re.Pattern[str]:
    """Text naming the old year or a moved day (``2014``, ``7月4日``, ``07-04``, ``4 July``)."""
    days = {date.old for date in moved}
    forms = [str(old_year)]
    for date in days:
        month = f"{date:%B}"
        forms += [f"{date.month}月{date.day}日", f"{date.month:02}-{date.day:02}"]
        forms += [f"{date.day} {month}", f"{month} {date.day}"]
    return re.compile("|".join(rf"(?<!\d){re.escape(form)}(?!\d)" for form in sorted(forms)))


def default_output(path: Path, from_year: int, to_year: int) -> Path | None:
    """``gyvtc-2015.yaml`` beside ``gyvtc-2014.yaml``; None when the name has no year."""
    pattern = re.compile(rf"(?<!\d){from_year}(?!\d)")
    if not pattern.search(path.name):
        return None
    return path.with_name(pattern.sub(str(to_year), path.name))


def roll_file(path: Path, year: int, *, from_year: int | None = None, lang: Lang = "en") -> Rolled:
    """Roll a workflow file over, and its scenarios file beside it if there is one.

    A UTF-8 byte order mark, if the workflow has one, is kept.
    """

    text = read_text(path)
    rolled = roll_text(text, year, source=str(path), from_year=from_year, lang=lang)
    with path.open("rb") as file:
        if file.read(3) == codecs.BOM_UTF8:
            rolled = attrs.evolve(rolled, text="\ufeff" + rolled.text)
    sidecar = sidecar_path(path)
    if os.path.exists(sidecar):  # noqa: PTH110 (never raises on a bad path)
        rolled = roll_sidecar(read_text(sidecar), rolled, str(sidecar))
    return rolled


_SCHEMA_HEADER = re.compile(r"^(\ufeff?# yaml-language-server: \$schema=)(\S+)", re.MULTILINE)


def relocate_schema(text: str, source: Path, target: Path) -> str:
    """Point a ``yaml-language-server`` header's relative schema path at the same schema
    from ``target``'s folder, so editors still find it when the new file lives elsewhere."""
    found = _SCHEMA_HEADER.search(text, 0, 400)
    if found is None or "://" in found[2] or Path(found[2]).is_absolute():
        return text
    schema = (source.parent / found[2]).resolve()
    moved = Path(os.path.relpath(schema, target.parent.resolve())).as_posix()
    return text[: found.start(2)] + moved + text[found.end(2) :]


def write_rollover(
    path: Path, rolled: Rolled, *, force: bool = False, source: Path | None = None
) -> list[Path]:
    """Write the rolled workflow to ``path``, its scenarios beside it; the paths written.

    Nothing is written when one of them exists and ``force`` is not given. With the
    ``source`` workflow's path, a relative ``$schema`` header is re-pointed for ``path``,
    and an output that is the source or its scenarios file is refused even with ``force``
    (:class:`~clearflow.errors.OverwriteError`): last year's files are never replaced.
    """

    if os.path.isdir(path):  # noqa: PTH112 (never raises on a bad path)
        raise RolloverError(
            Message("{path}: is a directory (name the new workflow file)", path=str(path))
        )
    text = relocate_schema(rolled.text, source, path) if source is not None else rolled.text
    targets = [(path, text)]
    if rolled.sidecar is not None:
        targets.append((sidecar_path(path), rolled.sidecar))
    inputs: list[Input] = []
    if source is not None:
        inputs.append((Message("workflow"), source))
        if rolled.sidecar is not None:
            inputs.append((Message("scenarios file"), sidecar_path(source)))
    refuse_overwrite([target for target, _ in targets], inputs)
    for target, _ in targets:
        if os.path.exists(target) and not force:  # noqa: PTH110 (never raises on a bad path)
            raise RolloverError(
                Message("{path}: file exists (give force=True to overwrite it)", path=str(target)),
                fix="force",
            )
    for target, text in targets:
        write_atomic(target, text, inputs=inputs)
    return [target for target, _ in targets]
