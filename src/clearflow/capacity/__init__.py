"""Will the hall cope: the sittings of a schedule, modelled as queues at its stations.

``_plan`` reads what the workflow says (and what the caller assumes) into sittings and
station services; the queue model that runs them needs numpy and is loaded on first use,
so that importing this package (``clearflow check`` does) stays light.
"""

from __future__ import annotations

from clearflow._lazy import lazy_attributes
from clearflow.capacity._plan import (
    DEFAULT_CV,
    Applies,
    CapacityError,
    Service,
    Sitting,
    may_apply,
    minutes_between,
    overlapping,
    place_key,
    services,
    sittings,
)

_LAZY = {
    "ARRIVALS": "clearflow.capacity._outlook",
    "Outlook": "clearflow.capacity._outlook",
    "StationOutlook": "clearflow.capacity._outlook",
    "outlook": "clearflow.capacity._outlook",
}
"""Names that need numpy, loaded on first use, and the module each comes from."""

__all__ = [
    "ARRIVALS",
    "DEFAULT_CV",
    "Applies",
    "CapacityError",
    "Outlook",
    "Service",
    "Sitting",
    "StationOutlook",
    "may_apply",
    "minutes_between",
    "outlook",
    "overlapping",
    "place_key",
    "services",
    "sittings",
]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
