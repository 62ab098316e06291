"""CPI-U annual averages (BLS CUUR0000SA0) and constant-dollar adjustment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coderstats.errors import InvalidAmountError, InvalidInputError, RateNotFoundError
from coderstats.inflation import SERIES_ID, cpi_factors, deflate, load_cpi

# BLS CPI-U, U.S. city average, all items, NSA, 1982-84 = 100, annual averages as published.
PUBLISHED = {
    2000: 172.2,
    2006: 201.6,
    2007: 207.342,
    2015: 237.017,
    2020: 258.811,
    2021: 270.97,
    2022: 292.655,
    2023: 304.702,
    2024: 313.689,
    2025: 321.943,
}
YEARS = range(2000, 2026)


def test_table_shape_and_dtypes() -> None:
    cpi = load_cpi()
    assert list(cpi.columns) == ["year", "series_id", "cpi_u"]
    assert {c: str(t) for c, t in cpi.dtypes.items()} == {
        "year": "Int64",
        "series_id": "str",
        "cpi_u": "float64",
    }
    assert cpi["year"].tolist() == list(YEARS)
    assert set(cpi["series_id"]) == {SERIES_ID} == {"CUUR0000SA0"}
    assert cpi["cpi_u"].is_monotonic_increasing is False  # 2009 fell below 2008
    assert not cpi.isna().any().any()


@pytest.mark.parametrize(("year", "value"), sorted(PUBLISHED.items()))
def test_published_values(year: int, value: float) -> None:
    cpi = load_cpi()
    assert cpi.loc[cpi["year"] == year, "cpi_u"].tolist() == [value]


def test_2015_dollars_in_2024_dollars() -> None:
    assert cpi_factors([2015], 2024).tolist() == [313.689 / 237.017]
    assert deflate(42_000, 2015, to=2024) == pytest.approx(55_586.468, abs=1e-3)
    assert round(deflate(42_000, 2015, to=2024)) == 55_586
    assert deflate(55_586.4684811638, 2024, to=2015) == pytest.approx(42_000, abs=1e-6)


def test_same_year_is_identity() -> None:
    assert cpi_factors(list(YEARS), list(YEARS)).tolist() == [1.0] * len(YEARS)
    assert deflate(123.45, 2019, to=2019) == 123.45


def test_vectorised_inputs() -> None:
    got = cpi_factors(np.array([2000, 2015, 2024]), 2025)
    assert got.dtype == np.float64
    assert got.tolist() == [321.943 / 172.2, 321.943 / 237.017, 321.943 / 313.689]
    per_row = cpi_factors(pd.Series([2015, 2015], dtype="Int64"), [2015, 2024])
    assert per_row.tolist() == [1.0, 313.689 / 237.017]
    assert cpi_factors(2015, 2024).tolist() == [313.689 / 237.017]


@pytest.mark.parametrize(("start", "end"), [(1999, 2024), (2015, 2026), (1913, 2024)])
def test_years_outside_the_table(start: int, end: int) -> None:
    with pytest.raises(RateNotFoundError, match="covers 2000-2025") as info:
        cpi_factors([2015, start], end)
    assert str(start if start < 2000 else end) in str(info.value)
    with pytest.raises(RateNotFoundError, match="Use a year in 2000-2025"):
        deflate(1000, start, to=end)


@pytest.mark.parametrize("bad", [float("nan"), 2015.5, "later"])
def test_years_not_whole(bad: object) -> None:
    with pytest.raises(
        InvalidInputError, match=r"at position 1 is (not|a missing value).*whole year"
    ):
        cpi_factors([2015, bad], 2024)


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="one target year, or one per row"):
        cpi_factors([2015, 2016, 2017], [2024, 2024])


@pytest.mark.parametrize("bad", [float("inf"), -1.0, "42000", True, None])
def test_invalid_amounts(bad: object) -> None:
    with pytest.raises(InvalidAmountError, match="42000"):
        deflate(bad, 2015, to=2024)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(
    amount=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    start=st.integers(2000, 2025),
    end=st.integers(2000, 2025),
)
def test_round_trip(amount: float, start: int, end: int) -> None:
    there = deflate(amount, start, to=end)
    assert deflate(there, end, to=start) == pytest.approx(amount, rel=1e-12, abs=1e-9)


def test_deflating_a_huge_amount_raises_instead_of_inf() -> None:
    with pytest.raises(InvalidAmountError, match="too large"):
        deflate(1.7e308, 2000, to=2025)


def test_far_off_years_are_refused_not_wrapped() -> None:
    limits = np.iinfo(np.int64)
    with pytest.raises(RateNotFoundError, match=str(limits.min)):
        cpi_factors([2020, limits.min], 2024)
