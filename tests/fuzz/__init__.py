"""Fuzz targets, one per surface a user feeds clearflow (issue 9, item 6).

Beside ``tests/test_fuzz.py`` (the workflow file) each module here damages real files the
way that test does, a line or a character or a value at a time, and feeds them to the
library and to the command line: student files, answers files, case files, CSV rosters
and office lists, xlsx workbooks. Every target asserts the same two things: a located
error (a :class:`clearflow.errors.ClearflowError` whose message starts with the file's
path, or exit 1 or 2 with ``path:`` in the message) or success, never an internal error;
and nothing half-written (the store's rows and every file are as before after an error).

``make test`` runs each target with :data:`FUZZ`, a few derandomised examples;
``make fuzz`` sets ``CLEARFLOW_FUZZ=long`` for many more, random ones.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("CLEARFLOW_FUZZ", "") == "long"
"""Whether ``make fuzz`` asked for the long run."""

settings.register_profile(
    "clearflow-fuzz",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "clearflow-fuzz-long",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FUZZ = settings.get_profile("clearflow-fuzz-long" if LONG else "clearflow-fuzz")
"""The settings every fuzz target runs with: bounded in ``make test``, long on demand."""
