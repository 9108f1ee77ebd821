"""Will the hall cope: a schedule's sittings modelled as queues at the hall's stations.

``_estimate`` reads last year's minutes per student from an audit log; ``_plan`` reads
what the workflow says (and what the caller assumes) into sittings and
station services; ``_outlook`` draws each sitting many times and says its waits, queues,
finish and the windows needed (``said`` in staff's words). The model underneath:
``simulate`` runs FIFO multi-window stations in series from arrival and service times
(``_queue``), ``_draws`` makes those times from a ``numpy.random.Generator``. Only this
package imports numpy, and only when a name that needs it is first read, so importing the
package (``clearflow check`` does, for its sittings) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes
from clearflow.capacity._estimate import FEWEST, LONGEST, Estimate, as_minutes, estimate
from clearflow.capacity._plan import (
    ASSUME_MINUTES,
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

if TYPE_CHECKING:
    from clearflow.capacity._calling import EVERY, Calling, calling
    from clearflow.capacity._draws import (
        Group,
        called_arrivals,
        front_loaded_arrivals,
        service_times,
        uniform_arrivals,
    )
    from clearflow.capacity._outlook import ARRIVALS, Outlook, StationOutlook, outlook
    from clearflow.capacity._queue import Break, Trace, percentile, simulate

_LAZY = {
    "EVERY": "clearflow.capacity._calling",
    "Calling": "clearflow.capacity._calling",
    "calling": "clearflow.capacity._calling",
    "ARRIVALS": "clearflow.capacity._outlook",
    "Outlook": "clearflow.capacity._outlook",
    "StationOutlook": "clearflow.capacity._outlook",
    "outlook": "clearflow.capacity._outlook",
    "Group": "clearflow.capacity._draws",
    "called_arrivals": "clearflow.capacity._draws",
    "front_loaded_arrivals": "clearflow.capacity._draws",
    "service_times": "clearflow.capacity._draws",
    "uniform_arrivals": "clearflow.capacity._draws",
    "Break": "clearflow.capacity._queue",
    "Trace": "clearflow.capacity._queue",
    "percentile": "clearflow.capacity._queue",
    "simulate": "clearflow.capacity._queue",
}
"""Names that need numpy, loaded on first use, and the module each comes from."""

__all__ = [
    "ARRIVALS",
    "ASSUME_MINUTES",
    "DEFAULT_CV",
    "EVERY",
    "FEWEST",
    "LONGEST",
    "Applies",
    "Break",
    "Calling",
    "CapacityError",
    "Estimate",
    "Group",
    "Outlook",
    "Service",
    "Sitting",
    "StationOutlook",
    "Trace",
    "as_minutes",
    "called_arrivals",
    "calling",
    "estimate",
    "front_loaded_arrivals",
    "may_apply",
    "minutes_between",
    "outlook",
    "overlapping",
    "percentile",
    "place_key",
    "service_times",
    "services",
    "simulate",
    "sittings",
    "uniform_arrivals",
]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
