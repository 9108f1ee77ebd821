"""What ``simulate`` means, on cases small enough to work out by hand.

Times are minutes from the session start; one replication unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest

from clearflow.capacity import percentile, simulate

NAN = np.nan


def one(values: list[float]) -> list[list[float]]:
    return [values]


def test_two_students_one_window() -> None:
    """Arriving at 0 and 1, five minutes each: the second waits 4 and leaves at 10."""
    trace = simulate(one([0, 1]), [one([5, 5])], [[True, True]], [1])
    assert trace.start.tolist() == [[[0, 5]]]
    assert trace.depart.tolist() == [[[5, 10]]]
    assert trace.waits.tolist() == [[[0, 4]]]
    assert trace.longest_wait.tolist() == [[4]]
    assert trace.finish.tolist() == [10]
    assert trace.max_queue.tolist() == [[1]]
    assert trace.queue_length(0, [0.5, 1, 4.9, 5, 7]).tolist() == [[0, 1, 1, 0, 0]]


def test_two_windows_serve_at_once() -> None:
    """A second window takes the second student at once; a third waits for the first free."""
    trace = simulate(one([0, 1, 2]), [one([5, 3, 1])], [[True] * 3], [2])
    assert trace.start.tolist() == [[[0, 1, 4]]]
    assert trace.depart.tolist() == [[[5, 4, 5]]]


def test_a_break_holds_new_starts_and_lets_a_service_finish() -> None:
    """Windows closed over [3, 10): the first (from 0) ends at 5, the second starts at 10."""
    trace = simulate(one([0, 1]), [one([5, 5])], [[True, True]], [1], [(3, 10)])
    assert trace.start.tolist() == [[[0, 10]]]
    assert trace.depart.tolist() == [[[5, 15]]]


def test_a_student_arriving_in_a_break_waits_for_its_end() -> None:
    """An idle window does not open in a break; a start at its end is allowed."""
    trace = simulate(one([4, 10]), [one([1, 1])], [[True, True]], [2], [(3, 10)])
    assert trace.start.tolist() == [[[10, 10]]]


def test_a_service_running_past_a_break_keeps_its_window() -> None:
    """The window busy from 2 to 12 across [3, 10) serves the next student at 12, not 10."""
    trace = simulate(one([2, 4]), [one([10, 1])], [[True, True]], [1], [(3, 10)])
    assert trace.start.tolist() == [[[2, 12]]]


def test_back_to_back_breaks() -> None:
    """A start pushed to the end of one break into the next waits for the second's end too."""
    trace = simulate(one([5]), [one([1])], [[True]], [1], [(10, 20), (4, 10)])
    assert trace.start.tolist() == [[[20]]]


def test_ties_go_to_the_lower_index_and_arrivals_need_not_be_sorted() -> None:
    """Students 1 and 2 both arrive at 0 (1 goes first); student 0 comes at 3."""
    trace = simulate(one([3, 0, 0]), [one([2, 2, 2])], [[True] * 3], [1])
    assert trace.start.tolist() == [[[4, 0, 2]]]


def test_stations_in_series_and_skipping() -> None:
    """Stations A, B, C in that order; student 0 skips B, student 1 skips A. No walking time.

    Student 1: straight to B at 1, served 1-3, then C at 3, served 3-7.
    Student 0: A 0-4, straight on to C at 4, which is busy with student 1 until 7: 7-8.
    """
    visits = [[True, False], [False, True], [True, True]]
    service = [one([4, 9]), one([9, 2]), one([1, 4])]
    trace = simulate(one([0, 1]), service, visits, [1, 1, 1])
    np.testing.assert_array_equal(trace.arrive[:, 0], [[0, NAN], [NAN, 1], [4, 3]])
    np.testing.assert_array_equal(trace.start[:, 0], [[0, NAN], [NAN, 1], [7, 3]])
    np.testing.assert_array_equal(trace.depart[:, 0], [[4, NAN], [NAN, 3], [8, 7]])
    assert trace.finish.tolist() == [8]
    assert trace.longest_wait.tolist() == [[0], [0], [3]]


def test_replications_are_independent_rows() -> None:
    """Two replications at once give what each gives alone."""
    arrivals = [[0, 1], [0, 0]]
    service = [[[5, 5], [1, 3]]]
    both = simulate(arrivals, service, [[True, True]], [1])
    for row in range(2):
        alone = simulate([arrivals[row]], [[service[0][row]]], [[True, True]], [1])
        np.testing.assert_array_equal(both.depart[:, row], alone.depart[:, 0])
    assert both.finish.tolist() == [10, 4]
    assert both.max_queue.tolist() == [[1, 1]]


def test_max_queue_counts_waiting_students_not_those_in_service() -> None:
    """Four at 0 to one window: three wait at once; one who arrives as another starts adds none."""
    trace = simulate(one([0, 0, 0, 0, 3]), [one([3, 3, 3, 3, 3])], [[True] * 5], [1])
    assert trace.max_queue.tolist() == [[3]]
    assert trace.queue_length(0, [0, 2.9, 3, 6, 9, 12]).tolist() == [[3, 3, 3, 2, 1, 0]]


def test_max_queue_is_the_most_waiting_at_any_arrival() -> None:
    """On random runs, the most waiting is what ``queue_length`` finds at the arrivals."""
    rng = np.random.default_rng(5)
    arrivals = np.sort(rng.uniform(0, 60, (3, 80)), axis=1)
    service = rng.exponential(1.5, (2, 3, 80))
    trace = simulate(arrivals, service, np.ones((2, 80), bool), [2, 1], [(20, 30)])
    for station in range(2):
        for row in range(3):
            at_arrivals = trace.queue_length(station, trace.arrive[station, row])[row]
            assert at_arrivals.max() == trace.max_queue[station, row]
    assert (trace.max_queue > 5).all()


def test_a_station_nobody_visits() -> None:
    trace = simulate(one([0]), [one([1]), one([1])], [[True], [False]], [1, 1])
    assert trace.longest_wait.tolist() == [[0], [0]]
    assert trace.max_queue.tolist() == [[0], [0]]
    assert np.isnan(trace.depart[1]).all()


def test_percentile_is_over_replications() -> None:
    values = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])
    assert percentile(values, 50).tolist() == [3.0]
    assert percentile(values, 90).tolist() == pytest.approx([4.6])


@pytest.mark.parametrize(
    ("arrivals", "service", "visits", "windows", "message"),
    [
        ([0, 1], [[[1, 1]]], [[True, True]], [1], "arrivals must be"),
        ([[0, 1]], [[1, 1]], [[True, True]], [1], "service must be"),
        ([[0, 1]], [[[1, 1]]], [[True]], [1], "visits must be"),
        ([[0, 1]], [[[1, 1]]], [[True, True]], [0], "at least one window"),
    ],
)
def test_shapes_and_windows_are_checked(
    arrivals: object, service: object, visits: object, windows: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(arrivals, service, visits, windows)  # type: ignore[arg-type]
