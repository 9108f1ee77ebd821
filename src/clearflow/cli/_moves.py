"""``clearflow migrate apply`` and ``migrate undo``: open cases moved onto revised rules.

Argument parsing only: ``apply`` opens the store with the NEW workflow, keeps the OLD one's
rules (``Store.keep``), and moves every open case on the OLD rules
(:func:`clearflow.store.move_many`; with ``--plan``, only the plan's students, each at the
version the plan read); ``undo`` moves the cases of the last move back
(:func:`clearflow.store.undo_last_move`). Both say what moved and what was skipped, why.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from clearflow._i18n import Lang, Message
from clearflow.cli._common import (
    LANG_OPTION,
    OUTPUT_FORMAT,
    parse_moment,
    speak,
    stdout_console,
)
from clearflow.cli._report import DB_OPTION
from clearflow.errors import InputError
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow.engine import Actor, Renames
    from clearflow.migration import Facts
    from clearflow.spec import Workflow
    from clearflow.store import Moves

BY_OPTION = click.option(
    "--by",
    "by_text",
    required=True,
    metavar="OFFICE/STAFF",
    help="Who moves the cases, e.g. student_affairs/R01 (recorded in each case's history).",
)
WHY_OPTION = click.option(
    "--why", required=True, help="Why, in a few words (recorded in each case's history)."
)
ATOMIC_OPTION = click.option(
    "--atomic", is_flag=True, help="All or nothing: any case that cannot move moves none."
)
RENAMES_OPTION = click.option(
    "--renames",
    "renames_path",
    type=click.Path(path_type=Path),
    help="YAML file of renamed ids: 'steps: {old: new}' and 'offices: {old: new}'.",
)
FACTS_OPTION = click.option(
    "--facts",
    "facts_path",
    type=click.Path(path_type=Path),
    help="CSV or .xlsx file: student_id and a column per fact NEW adds (ids or labels as headers).",
)
SHEET_OPTION = click.option(
    "--sheet", help="The sheet of an .xlsx facts file (default: the first)."
)
AT_OPTION = click.option(
    "--at",
    "at",
    metavar="DATETIME",
    callback=parse_moment,
    help="When the move is recorded, e.g. '2014-07-05 09:00' (default: now).",
)
LIMIT_OPTION = click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="List at most N skipped students (the count stays whole).",
)


def inputs_of(
    old: Workflow,
    new: Workflow,
    renames_path: Path | None,
    facts_path: Path | None,
    sheet: str | None,
) -> tuple[Renames, Facts | None]:
    """The renames and the facts a plan or an apply is given (none when not given)."""
    from clearflow.engine import Renames
    from clearflow.migration import read_facts, read_renames

    renames = read_renames(renames_path, old, new) if renames_path else Renames()
    facts = read_facts(facts_path, old, new, sheet=sheet) if facts_path else None
    return renames, facts


def actor_of(text: str) -> Actor:
    """``OFFICE/STAFF`` as an Actor (an InputError when either part is missing)."""
    from clearflow.engine import Actor

    office, _, staff = text.partition("/")
    if not office.strip() or not staff.strip():
        raise InputError(
            Message(
                "--by '{given}' names no office and staff (write OFFICE/STAFF, e.g. "
                "student_affairs/R01)",
                given=text,
            )
        )
    return Actor(office=office.strip(), staff=staff.strip())


@click.command()
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@DB_OPTION
@BY_OPTION
@WHY_OPTION
@RENAMES_OPTION
@FACTS_OPTION
@SHEET_OPTION
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(path_type=Path),
    help="A plan saved by 'migrate plan --format json': move only its students, each only "
    "if unchanged since.",
)
@ATOMIC_OPTION
@AT_OPTION
@OUTPUT_FORMAT
@LIMIT_OPTION
@LANG_OPTION
def apply(
    old_path: Path,
    new_path: Path,
    db: str,
    by_text: str,
    why: str,
    renames_path: Path | None,
    facts_path: Path | None,
    sheet: str | None,
    plan_path: Path | None,
    atomic: bool,
    at: dt.datetime | None,
    output: str,
    limit: int,
) -> None:
    """Move the open cases on the OLD workflow's rules onto the NEW one's.

    Each case's recorded actions are done again on the new rules and a 'migrate' event
    records who, why and from which rules; released cases keep their rules. A case that
    cannot move (or, with --plan, that changed since the plan) is skipped and said why.
    """
    from clearflow.engine import Engine
    from clearflow.store import Store, check_after, move_many, newest_move

    old, new = load_workflow(old_path), load_workflow(new_path)
    lang = speak(new.language or old.language)
    by = actor_of(by_text)
    if old.digest == new.digest:
        raise InputError(
            Message(
                "{old} and {new} have the same rules (digest {digest}): there is nothing to "
                "move (labels, comments and the schedule are not rules)",
                old=str(old_path),
                new=str(new_path),
                digest=new.digest[:12],
            )
        )
    renames, facts = inputs_of(old, new, renames_path, facts_path, sheet)
    planned: dict[str, int | None] | None = None
    if plan_path is not None:
        planned = _planned(plan_path, old.digest, new.digest)
    with Store.open(db, Engine(new), create=False) as store:
        store.keep(Engine(old))
        check_after(newest_move(store), None if at is None else store.engine.moment(at))
        if planned is None:
            planned = dict(store.open_on(old.digest))
        done = move_many(
            store,
            planned,
            store.engine,
            by=by,
            why=why,
            renames=renames,
            facts=facts,
            at=at,
            atomic=atomic,
        )
    _say(done, new.digest, lang, output, limit)


@click.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@DB_OPTION
@BY_OPTION
@WHY_OPTION
@ATOMIC_OPTION
@AT_OPTION
@OUTPUT_FORMAT
@LIMIT_OPTION
@LANG_OPTION
def undo(
    workflow_path: Path,
    db: str,
    by_text: str,
    why: str,
    atomic: bool,
    at: dt.datetime | None,
    output: str,
    limit: int,
) -> None:
    """Move the cases of the last move back onto the rules they came from, as they were.

    A case acted on since the move is skipped and said why; an undo is a move too (undo
    it to move the cases forward again).
    """
    from clearflow.engine import Engine
    from clearflow.store import Store, last_moves, undo_last_move

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    by = actor_of(by_text)
    with Store.open(db, Engine(workflow), create=False) as store:
        moves = last_moves(store)
        if not moves:
            raise InputError(Message("no case has been moved: there is no move to undo"))
        onto = str(next(iter(moves.values()))[2].get("rules_from", "")) if moves else ""
        done = undo_last_move(store, by=by, why=why, at=at, atomic=atomic)
    _say(done, onto, lang, output, limit)


def _planned(path: Path, old: str, new: str) -> dict[str, int | None]:
    """The students of a saved plan that it would move, each with the version it read (an
    InputError for a plan of other rules than OLD and NEW)."""
    from clearflow._files import read_capped

    try:
        data: Any = json.loads(read_capped(path, 256 * 1024 * 1024))
        if (data["rules_from"], data["rules_to"]) != (old, new):
            raise InputError(
                Message(
                    "{path}: the plan is for rules {planned_from} → {planned_to}, not "
                    "{old} → {new}; plan again with these files",
                    path=str(path),
                    planned_from=str(data["rules_from"])[:12],
                    planned_to=str(data["rules_to"])[:12],
                    old=old[:12],
                    new=new[:12],
                )
            )
        return {
            str(item["student_id"]): int(item["version"])
            for item in data["cases"]
            if item["outcome"] in ("unchanged", "changed")
        }
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(
            Message(
                "{path}: not a plan saved by 'clearflow migrate plan --format json' ({error})",
                path=str(path),
                error=str(error),
            )
        ) from None


def _say(done: Moves, onto: str, lang: Lang, output: str, limit: int) -> None:
    if output == "json":
        report = {
            "moved": list(done.moved),
            "onto": onto,
            "skipped": [{"student_id": s, "why": why.text(lang)} for s, why in done.skipped],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    from clearflow.console.moves_view import render_moves

    rendered = render_moves(done.moved, done.skipped, onto=onto, lang=lang, limit=limit)
    stdout_console().print(rendered)
