"""Bad keys set apart: isolate() finds each bad key's own error, with or without suspects."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from coderstats import convert
from coderstats.engine import bases, keys
from coderstats.engine.keys import isolate
from coderstats.errors import UnknownCurrencyError


class Lookup:
    """A per-key computation that fails on the ``bad`` keys, counting its runs."""

    def __init__(self, bad: set[int]) -> None:
        self.bad = bad
        self.runs = 0

    def __call__(self, positions: np.ndarray) -> tuple[np.ndarray]:
        self.runs += 1
        for p in positions.tolist():
            if p in self.bad:
                raise UnknownCurrencyError(f"key {p} is bad")
        return (positions * 10.0,)


def _outcome(
    done: dict[int, tuple[Any, ...]], failed: dict[int, Any]
) -> tuple[dict[int, float], dict[int, str]]:
    values = {int(p): float(v) for ps, vs in done.values() for p, v in zip(ps, vs, strict=True)}
    return values, {k: str(e) for k, e in failed.items()}


@pytest.mark.parametrize("guess", ["none", "right", "half-wrong"])
def test_every_bad_key_gets_its_own_error_however_they_are_guessed(guess: str) -> None:
    m, bad = 300, {3, 4, 5, 77, 150, 151, 299}
    likely = {"none": None, "right": bad, "half-wrong": {3, 77, 10, 11, 12}}[guess]
    lookup = Lookup(bad)
    suspects = None if likely is None else (lambda: np.isin(np.arange(m), sorted(likely)))
    values, errors = _outcome(*isolate(lookup, m, suspects))
    assert errors == {k: f"key {k} is bad" for k in sorted(bad)}
    assert values == {k: k * 10.0 for k in range(m) if k not in bad}
    if guess == "right":
        assert lookup.runs == 2 + len(bad)  # all, the good ones, then each suspect


def test_suspects_are_not_asked_for_when_every_key_converts() -> None:
    def never() -> np.ndarray:
        raise AssertionError("suspects asked for")

    lookup = Lookup(set())
    isolate(lookup, 50, never)
    assert lookup.runs == 1


def test_many_bad_keys_cost_far_fewer_runs_with_suspects(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    codes = np.array(["GBP", "EUR", "XX1", "XX2", "MTL", "INR"], dtype=object)
    frame = pd.DataFrame(
        {
            "pay": rng.uniform(1, 9, 1500),
            "cur": codes[rng.integers(0, len(codes), 1500)],
            "yr": rng.integers(2000, 2024, 1500),
        }
    )
    runs: list[int] = []
    real = keys.isolate

    def counted(compute: Any, m: int, suspects: Any = None) -> Any:
        def run(positions: np.ndarray) -> Any:
            runs.append(len(positions))
            return compute(positions)

        return real(run, m, suspects)

    monkeypatch.setattr("coderstats.conversion.isolate", counted)
    options: dict[str, Any] = {"amount": "pay", "currency": "cur", "year": "yr", "errors": "coerce"}
    guessed = convert(frame, **options)
    with_guess = len(runs)
    runs.clear()
    monkeypatch.setattr(bases, "likely_bad", lambda _r, k: np.zeros(len(k.currencies), bool))
    halved = convert(frame, **options)
    pd.testing.assert_frame_equal(guessed, halved)
    bad = guessed.loc[guessed["problem_market"] != "", ["cur", "yr"]].drop_duplicates()
    assert len(bad) > 40
    assert with_guess <= len(bad) + 4 < len(runs)
