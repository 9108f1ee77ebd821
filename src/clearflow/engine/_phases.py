"""The names the machine knows: its reserved phases and its triggers.

A case's phase is ``preparing`` (prerequisites, in their partial order), then one
phase per station (named by the station's id), then ``ready`` (every step settled)
and ``released`` (documents handed over). The triggers are ``enter_hall``, one
``pass_<station>`` per station, and ``release``.
"""

from __future__ import annotations

PREPARING = "preparing"
READY = "ready"
RELEASED = "released"
ENTER_HALL = "enter_hall"
RELEASE = "release"


def pass_trigger(station_id: str) -> str:
    """The trigger that moves a case past a station."""
    return f"pass_{station_id}"
