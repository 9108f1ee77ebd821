"""The queue recursion against Ciw, a discrete-event simulator, on the same draws.

Ciw is fed the very numbers ``simulate`` gets (``ciw.dists.Sequential``: the arrival gaps,
and at each station the service times in the order its customers start service, which
FIFO makes the order they reach it), and every departure must agree to 1e-9. Ciw runs one
replication at a time; ``simulate`` runs them all at once, so each replication is compared.
Customers skip a station through Ciw's process-based routing (every customer arrives at
the first station: Ciw brings external arrivals to one node per distribution). A lunch
break is a server schedule that goes to 0 windows with pre-emption off.
"""

from __future__ import annotations

from collections.abc import Sequence

import ciw
import numpy as np
import pytest
from numpy.typing import NDArray

from clearflow.capacity import Break, Trace, simulate

STUDENTS = 200
WINDOWS = (2, 3, 2)
MEANS = np.array([[[2.8]], [[4.5]], [[3.2]]])
LUNCH = (90.0, 120.0)


def draws(seed: int, replications: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Arrivals uniform over three hours, gamma service times (cv 0.5), for each replication."""
    rng = np.random.default_rng(seed)
    arrivals = np.sort(rng.uniform(0.0, 180.0, (replications, STUDENTS)), axis=1)
    service = rng.gamma(4.0, 0.25, (len(WINDOWS), replications, STUDENTS)) * MEANS
    return arrivals, service


def ciw_departures(
    trace: Trace,
    replication: int,
    service: NDArray[np.float64],
    visits: NDArray[np.bool_],
    breaks: Sequence[Break],
) -> NDArray[np.float64]:
    """Each customer's departure from each station in Ciw, ``(S, n)``, NaN where skipped."""
    stations, _, students = trace.arrive.shape
    arrivals = trace.arrive[0, replication]
    gaps = np.diff(np.concatenate([[0.0], arrivals]))

    def served_in_order(station: int) -> list[float]:
        arrive = trace.arrive[station, replication]
        here = np.flatnonzero(~np.isnan(arrive))
        order = here[np.argsort(arrive[here], kind="stable")]
        return [float(value) for value in service[station, replication, order]]

    def windows(count: int) -> object:
        if not breaks:
            return count
        (closes, opens), *_ = breaks
        return ciw.Schedule(
            numbers_of_servers=[count, 0, count],
            shift_end_dates=[closes, opens, 1e8],
            preemption=False,
        )

    routes = [[s + 1 for s in range(1, stations) if visits[s, i]] for i in range(students)]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential([*map(float, gaps), 1e9])]
        + [None] * (stations - 1),
        service_distributions=[ciw.dists.Sequential(served_in_order(s)) for s in range(stations)],
        number_of_servers=[windows(count) for count in WINDOWS],
        routing=ciw.routing.ProcessBased(lambda ind, _: list(routes[ind.id_number - 1])),
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(1e7)
    departures = np.full((stations, students), np.nan)
    for record in simulation.get_all_records():
        departures[record.node - 1, record.id_number - 1] = record.service_end_date
    return departures


def all_visit() -> NDArray[np.bool_]:
    return np.ones((len(WINDOWS), STUDENTS), dtype=bool)


def some_skip() -> NDArray[np.bool_]:
    """A third skip the second station, a fifth the third; everyone passes the first."""
    visits = all_visit()
    rng = np.random.default_rng(7)
    visits[1, rng.random(STUDENTS) < 0.3] = False
    visits[2, rng.random(STUDENTS) < 0.2] = False
    return visits


@pytest.mark.parametrize(
    ("visits", "breaks"),
    [
        pytest.param(all_visit(), (), id="series"),
        pytest.param(all_visit(), (LUNCH,), id="lunch break"),
        pytest.param(some_skip(), (LUNCH,), id="skips and lunch break"),
    ],
)
def test_departures_equal_ciws_on_the_same_draws(
    visits: NDArray[np.bool_], breaks: tuple[Break, ...]
) -> None:
    """Every departure from every station is Ciw's, in each of three replications."""
    arrivals, service = draws(seed=2014, replications=3)
    trace = simulate(arrivals, service, visits, WINDOWS, breaks)
    for replication in range(3):
        expected = ciw_departures(trace, replication, service, visits, breaks)
        assert np.array_equal(np.isnan(expected), ~visits)
        np.testing.assert_allclose(trace.depart[:, replication], expected, rtol=0, atol=1e-9)


def test_the_lunch_break_is_felt_and_no_service_spans_it() -> None:
    """The break case means something: queues wait for it, and no service runs past its end.

    A service under way at the end of a break is where Ciw and this model part: Ciw
    brings back every window at the end of a break beside the one still finishing its
    customer (briefly one more than the station has); here that window stays busy. The
    draws above never meet the case, so the traces can be equal.
    """
    arrivals, service = draws(seed=2014, replications=3)
    trace = simulate(arrivals, service, all_visit(), WINDOWS, (LUNCH,))
    closes, opens = LUNCH
    starts = trace.start
    assert not ((starts >= closes) & (starts < opens)).any()
    assert (starts == opens).any()
    assert not ((starts < closes) & (trace.depart > opens)).any()


def test_where_ciw_differs_a_service_running_past_the_break() -> None:
    """One window, closed over [5, 10); the first student is served 0-20, the second comes at 1.

    Ciw brings its window back at 10 beside the one still busy, and serves the second at 10;
    here the station has one window, busy until 20, so the second starts at 20.
    """
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential([0.0, 1.0, 1e9])],
        service_distributions=[ciw.dists.Sequential([20.0, 1.0])],
        number_of_servers=[
            ciw.Schedule(numbers_of_servers=[1, 0, 1], shift_end_dates=[5.0, 10.0, 1e8])
        ],
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(1e6)
    ciw_starts = sorted(record.service_start_date for record in simulation.get_all_records())
    trace = simulate([[0.0, 1.0]], [[[20.0, 1.0]]], [[True, True]], [1], [(5.0, 10.0)])
    assert ciw_starts == [0.0, 10.0]
    assert trace.start.tolist() == [[[0.0, 20.0]]]
