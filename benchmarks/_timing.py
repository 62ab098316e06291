"""Timing shared by the benchmark scripts."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(*runs: Callable[[], object], repeat: int = 7) -> list[float]:
    """The best time of each run over ``repeat`` rounds. The runs take turns within a round,
    each round starting with the next, so that a slower spell of the machine falls on all
    of them alike."""
    times: list[list[float]] = [[] for _ in runs]
    for round_ in range(repeat):
        for k in [*range(round_ % len(runs), len(runs)), *range(round_ % len(runs))]:
            start = time.perf_counter()
            runs[k]()
            times[k].append(time.perf_counter() - start)
    return [min(each) for each in times]
