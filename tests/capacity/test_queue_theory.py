"""The queue recursion against queueing theory: Erlang C, Little's law, D/D/c.

Long runs with fixed seeds, so each test gives the same numbers every time.
"""

from __future__ import annotations

import math

import numpy as np

from clearflow.capacity import service_times, simulate


def erlang_c_wait(arrival_rate: float, service_rate: float, windows: int) -> float:
    """Mean wait in queue of M/M/c in steady state: C(c, a) / (c·μ − λ)."""
    load = arrival_rate / service_rate
    top = load**windows / math.factorial(windows) * windows / (windows - load)
    below = sum(load**k / math.factorial(k) for k in range(windows))
    return top / (below + top) / (windows * service_rate - arrival_rate)


def test_mmc_mean_wait_is_erlang_cs() -> None:
    """M/M/3 at ρ = 0.8: the mean wait of 16 long runs brackets Erlang C's (1.08 minutes)."""
    rng = np.random.default_rng(3)
    replications, students, warm_up = 16, 12_000, 1_000
    arrival_rate, service_rate, windows = 2.4, 1.0, 3
    gaps = rng.exponential(1 / arrival_rate, (replications, students))
    service = service_times(rng, 1 / service_rate, 1.0, (1, replications, students))
    trace = simulate(np.cumsum(gaps, axis=1), service, np.ones((1, students), bool), [windows])
    means = trace.waits[0, :, warm_up:].mean(axis=1)
    centre = means.mean()
    half_width = 3 * means.std(ddof=1) / math.sqrt(replications)
    expected = erlang_c_wait(arrival_rate, service_rate, windows)
    assert abs(expected - 1.0787) < 1e-4  # P(wait) = 0.6472
    assert centre - half_width <= expected <= centre + half_width
    assert half_width < 0.1 * expected


def test_littles_law_holds_on_the_output() -> None:
    """Mean number waiting over the run = arrival rate × mean wait, at every station.

    The number waiting is read from ``queue_length`` on a fine grid over the run, so the two
    sides differ by the grid's rounding only.
    """
    rng = np.random.default_rng(11)
    replications, students = 4, 1_000
    arrivals = np.sort(rng.uniform(0.0, 180.0, (replications, students)), axis=1)
    service = service_times(rng, 0.5, 0.6, (2, replications, students))
    trace = simulate(arrivals, service, np.ones((2, students), bool), [1, 1])
    end = float(trace.finish.max())
    step = 0.005
    grid = np.arange(0.0, end, step) + step / 2
    for station in range(2):
        waiting = trace.queue_length(station, grid).mean(axis=1)
        rate_times_wait = students / end * trace.waits[station].mean(axis=1)
        assert (rate_times_wait > 1).all()
        np.testing.assert_allclose(waiting, rate_times_wait, rtol=5e-3)


def test_deterministic_arrivals_under_capacity_never_wait() -> None:
    """D/D/c with c·(1 / service) above the arrival rate: nobody waits, at any station."""
    students = 300
    arrivals = np.arange(students, dtype=float)[None, :] * 1.0
    service = np.stack([np.full((1, students), minutes) for minutes in (2.5, 0.9, 3.9)])
    trace = simulate(arrivals, service, np.ones((3, students), bool), [3, 1, 4])
    assert (trace.waits == 0).all()
    assert (trace.max_queue == 0).all()
    assert trace.finish[0] == (students - 1) + 2.5 + 0.9 + 3.9


def test_deterministic_arrivals_over_capacity_queue_up_linearly() -> None:
    """D/D/1 one student a minute, two minutes each: the k-th waits k minutes."""
    arrivals = np.arange(10, dtype=float)[None, :]
    trace = simulate(arrivals, np.full((1, 1, 10), 2.0), np.ones((1, 10), bool), [1])
    np.testing.assert_array_equal(trace.waits[0, 0], np.arange(10.0))
