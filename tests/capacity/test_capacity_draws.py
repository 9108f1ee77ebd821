"""The seeded draws: service times by mean and cv, and the three arrival patterns."""

from __future__ import annotations

import numpy as np
import pytest

from clearflow.capacity import (
    called_arrivals,
    front_loaded_arrivals,
    service_times,
    uniform_arrivals,
)


def test_service_times_have_the_mean_and_cv_asked() -> None:
    times = service_times(np.random.default_rng(1), 3.0, 0.5, (200_000,))
    assert times.mean() == pytest.approx(3.0, rel=0.01)
    assert times.std() / times.mean() == pytest.approx(0.5, rel=0.01)
    assert (times > 0).all()


def test_cv_zero_is_a_constant() -> None:
    times = service_times(np.random.default_rng(1), 2.5, 0.0, (2, 3))
    assert times.tolist() == [[2.5] * 3] * 2


def test_one_seed_one_draw() -> None:
    def draw(seed: int) -> list[float]:
        return uniform_arrivals(np.random.default_rng(seed), 5, 2, 60.0).ravel().tolist()

    assert draw(4) == draw(4)
    assert draw(4) != draw(5)


def test_uniform_arrivals_fill_the_session_sorted() -> None:
    arrivals = uniform_arrivals(np.random.default_rng(2), 10_000, 3, 180.0)
    assert arrivals.shape == (3, 10_000)
    assert (np.diff(arrivals, axis=1) >= 0).all()
    assert arrivals.min() >= 0
    assert arrivals.max() < 180
    assert arrivals.mean() == pytest.approx(90, rel=0.01)


def test_front_loaded_arrivals_come_early() -> None:
    """Beta(1, 2)·L: mean L/3, and three quarters of students in the first half."""
    arrivals = front_loaded_arrivals(np.random.default_rng(2), 10_000, 3, 180.0)
    assert (np.diff(arrivals, axis=1) >= 0).all()
    assert arrivals.min() >= 0
    assert arrivals.max() < 180
    assert arrivals.mean() == pytest.approx(60, rel=0.01)
    assert (arrivals < 90).mean() == pytest.approx(0.75, abs=0.01)


def test_called_groups_come_in_their_interval_in_their_columns() -> None:
    groups = [(3, 60.0, 15.0), (2, 0.0, 10.0), (1, 30.0, 0.0)]
    arrivals = called_arrivals(np.random.default_rng(3), groups, 50)
    assert arrivals.shape == (50, 6)
    assert ((arrivals[:, :3] >= 60) & (arrivals[:, :3] < 75)).all()
    assert ((arrivals[:, 3:5] >= 0) & (arrivals[:, 3:5] < 10)).all()
    assert (arrivals[:, 5] == 30).all()
    assert (np.diff(arrivals[:, :3], axis=1) >= 0).all()


def test_nothing_to_call() -> None:
    assert called_arrivals(np.random.default_rng(3), [], 4).shape == (4, 0)


@pytest.mark.parametrize(("mean", "cv"), [(-1.0, 0.5), (1.0, -0.1)])
def test_negative_means_and_cvs_are_refused(mean: float, cv: float) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        service_times(np.random.default_rng(1), mean, cv, 3)
