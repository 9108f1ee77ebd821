"""Seeded draws for the queue model: service times and arrivals over a session.

Every function takes a ``numpy.random.Generator``, so one seed gives one set of draws.
Arrivals are ``(K, n)`` minutes from the session start: K replications of n students.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Group = tuple[int, float, float]
"""Students called together: how many, at which minute, arriving over how many minutes."""


def service_times(
    rng: np.random.Generator, mean: float, cv: float, shape: int | tuple[int, ...]
) -> Floats:
    """Gamma service times with mean ``mean`` and coefficient of variation ``cv``.

    Shape ``1/cv²`` and scale ``mean·cv²``; ``cv == 0`` gives the constant ``mean``
    (and draws nothing).
    """
    if mean < 0 or cv < 0:
        raise ValueError(f"mean and cv must not be negative: mean={mean}, cv={cv}")
    if cv == 0 or mean == 0:
        return np.full(shape, float(mean))
    return rng.gamma(1.0 / cv**2, mean * cv**2, size=shape)


def uniform_arrivals(
    rng: np.random.Generator, students: int, replications: int, length: float
) -> Floats:
    """Arrivals uniform on ``[0, length)``, sorted in each replication."""
    return np.sort(rng.uniform(0.0, length, size=(replications, students)), axis=1)


def front_loaded_arrivals(
    rng: np.random.Generator, students: int, replications: int, length: float
) -> Floats:
    """More students early: density falling linearly to 0 at ``length`` (Beta(1, 2)·length).

    Sorted in each replication.
    """
    return np.sort(rng.beta(1.0, 2.0, size=(replications, students)) * length, axis=1)


def called_arrivals(rng: np.random.Generator, groups: Sequence[Group], replications: int) -> Floats:
    """Students called by group: each of ``(count, at, spread)`` uniform on ``[at, at + spread)``.

    The students of a group are consecutive columns, in the order of ``groups`` (so a
    ``visits`` table can follow the groups), sorted within their group; the whole row is
    sorted when the groups' intervals do not overlap. A ``spread`` of 0 brings the whole
    group at ``at``.
    """
    blocks = []
    for count, at, spread in groups:
        if count < 0 or spread < 0:
            raise ValueError(f"a group needs a count and a spread of 0 or more: {count}, {spread}")
        drawn = at + spread * rng.random(size=(replications, count))
        blocks.append(np.sort(drawn, axis=1))
    if not blocks:
        return np.empty((replications, 0))
    return np.concatenate(blocks, axis=1)
