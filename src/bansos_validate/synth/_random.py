"""Seeded random streams and vectorised draws.

Every stage and every error kind draws from its own stream, derived from the seed and a
fixed key (a CRC-32 of its name, never Python's ``hash()``), so changing one error rate
does not reshuffle the clean population, and the same seed gives the same data.
Draws only use uniform floats and integers compared with thresholds, which are exact
IEEE arithmetic and so give the same numbers on every machine.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

__all__ = ["categorical", "select", "stream", "uniform_int"]


def stream(seed: int, name: str) -> np.random.Generator:
    """Return the random stream of stage *name* for *seed*.

    >>> a, b = stream(0, "households"), stream(0, "households")
    >>> a.random() == b.random(), stream(0, "persons").random() == stream(0, "households").random()
    (True, False)
    """
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


def categorical(rng: np.random.Generator, weights: Sequence[float], n: int) -> NDArray[np.int64]:
    """Draw *n* category indices with the given (unnormalised) weights.

    >>> categorical(stream(0, "doc"), [1.0, 0.0, 1.0], 6).tolist()
    [0, 2, 0, 2, 0, 2]
    """
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    u = rng.random(n) * cum[-1]
    out: NDArray[np.int64] = np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)
    return out.astype(np.int64)


def uniform_int(
    rng: np.random.Generator, low: NDArray[np.int64], high: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Draw one integer per element, from ``low`` to ``high`` inclusive (``high >= low``)."""
    span = (high - low + 1).astype(np.float64)
    return low + np.floor(rng.random(len(low)) * span).astype(np.int64)


def select(
    rng: np.random.Generator, rate: float, eligible: NDArray[np.bool_], free: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """Pick units for one error kind: each eligible unit with probability *rate*.

    Units already taken by another kind of the same group (``free`` false) cannot be
    picked; the probability among the free ones is raised to make up for them, so the
    expected count stays ``rate * eligible.sum()``.

    Returns:
        The positions picked, ascending.
    """
    n = len(eligible)
    u = rng.random(n)  # drawn even when the rate is 0, so other kinds keep their draws
    candidates = eligible & free
    count = int(candidates.sum())
    if rate <= 0.0 or count == 0:
        return np.zeros(0, dtype=np.int64)
    p = min(1.0, rate * float(eligible.sum()) / count)
    return np.flatnonzero(candidates & (u < p)).astype(np.int64)
