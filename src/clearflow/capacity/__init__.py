"""Will the hall cope: queues at the stations of a session, over many seeded replications.

``simulate`` runs FIFO multi-window stations in series from arrival and service times
(``_queue``); ``_draws`` makes those times from a ``numpy.random.Generator``. Only this
package imports numpy, so no other command loads it.
"""

from __future__ import annotations

from clearflow.capacity._draws import (
    Group,
    called_arrivals,
    front_loaded_arrivals,
    service_times,
    uniform_arrivals,
)
from clearflow.capacity._queue import Break, Trace, percentile, simulate

__all__ = [
    "Break",
    "Group",
    "Trace",
    "called_arrivals",
    "front_loaded_arrivals",
    "percentile",
    "service_times",
    "simulate",
    "uniform_arrivals",
]
