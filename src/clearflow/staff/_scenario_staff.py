"""The staff roster a scenarios file names (``staff: FILE``), read with its own located errors.

The path is relative to the scenarios file. The roster is read by a ``read_staff`` function
given by the caller, since staff tables (CSV, xlsx) are read by the cohort package, which
this package does not import: the command line passes
:func:`clearflow.cohort.staff.load_roster`; without one, a YAML roster is read
(:func:`clearflow.format.read_roster`) and a table is ``CF604``. A roster that does not
exist is ``CF604`` at the ``staff:`` line; a roster with problems adds its own located
issues (its lines, its codes: CF7xx for a table, CF1xx/CF2xx for YAML).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from clearflow._i18n import Message
from clearflow.errors import ClearflowError, InputError, IssuesError
from clearflow.format import Node, Reader, read_roster
from clearflow.spec import Roster, Workflow

StaffReader = Callable[[Path, Workflow], Roster]
"""Reads a staff roster for a workflow (``clearflow.cohort.staff.load_roster``)."""
YAML_SUFFIXES = (".yaml", ".yml")


def read_yaml_staff(path: Path, workflow: Workflow) -> Roster:
    """A YAML staff roster; a table is refused (its reader is the caller's to give)."""
    if path.suffix.lower() in YAML_SUFFIXES:
        return read_roster(path, workflow)
    raise InputError(
        Message(
            "a staff table is read by clearflow.cohort.load_roster "
            "(pass read_staff=load_roster), or write the roster in YAML"
        )
    )


def read_staff_node(
    reader: Reader,
    node: Node,
    base: Path,
    workflow: Workflow,
    read_staff: StaffReader | None = None,
) -> tuple[str | None, Path | None, Roster | None]:
    """The ``staff:`` path as written, as resolved, and the roster read (None if it cannot be)."""
    written = reader.text(node, "staff")
    if written is None:
        return None, None, None
    path = base / written
    if not path.is_file():
        reader.report(
            "CF604",
            node,
            "staff",
            Message("no staff roster at '{file}'", file=written),
            Message("write the roster's path relative to the scenarios file"),
        )
        return written, path, None
    try:
        return written, path, (read_staff or read_yaml_staff)(path, workflow)
    except IssuesError as error:
        reader.issues.extend(error.issues)
    except ClearflowError as error:
        reader.report(
            "CF604",
            node,
            "staff",
            Message("cannot read the staff roster '{file}'", file=written),
            error.said,
        )
    return written, path, None
