"""Will the hall cope: the sittings of a schedule, modelled as queues at its stations.

``_plan`` reads what the workflow says (and what the caller assumes) into sittings and
station services; the queue model that runs them needs numpy and is loaded on first use,
so that importing this package (``clearflow check`` does) stays light.
"""

from __future__ import annotations

from clearflow.capacity._plan import (
    DEFAULT_CV,
    Applies,
    CapacityError,
    Service,
    Sitting,
    may_apply,
    overlapping,
    place_key,
    services,
    sittings,
)

__all__ = [
    "DEFAULT_CV",
    "Applies",
    "CapacityError",
    "Service",
    "Sitting",
    "may_apply",
    "overlapping",
    "place_key",
    "services",
    "sittings",
]
