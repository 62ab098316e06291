"""Properties of the conversion pipeline, checked with hypothesis over the shipped rates."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coderstats
from coderstats._options import Period
from coderstats.conversion import convert, convert_amount

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "INR"]
YEARS = st.integers(min_value=2010, max_value=2024)
PPP_YEARS = st.integers(min_value=2015, max_value=2024)
DAYS = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2024, 12, 31))
AMOUNTS = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(min_value=1.0, max_value=1e9, allow_nan=False, allow_infinity=False)
PERIODS: st.SearchStrategy[Period] = st.sampled_from(["year", "month", "week", "hour"])

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    a=st.sampled_from(CURRENCIES),
    b=st.sampled_from(CURRENCIES),
    day=DAYS,
    amount=POSITIVE,
)
def test_round_trip_on_a_date_is_the_identity(a: str, b: str, day: dt.date, amount: float) -> None:
    # Daily rates are exact cross rates through the euro, so A->B->A returns the amount.
    # Weekends and holidays use the previous fixing, the same one in both directions.
    there = convert_amount(amount, a, to=b, date=day.isoformat(), missing="previous")
    back = convert_amount(there.value, b, to=a, date=day.isoformat(), missing="previous")
    assert back.value == pytest.approx(amount, rel=1e-9)


@FAST
@given(a=st.sampled_from(CURRENCIES), b=st.sampled_from(CURRENCIES), day=DAYS)
def test_frame_round_trip_on_a_date(a: str, b: str, day: dt.date) -> None:
    frame = pd.DataFrame({"pay": [1.0, 52_000.0, 0.0], "cur": [a] * 3})
    there = convert(
        frame, amount="pay", currency="cur", to=b, date=day.isoformat(), missing="previous"
    )
    back_in = pd.DataFrame({"pay": there["pay_market"], "cur": [b] * 3})
    back = convert(
        back_in, amount="pay", currency="cur", to=a, date=day.isoformat(), missing="previous"
    )
    np.testing.assert_allclose(back["pay_market"], frame["pay"], rtol=1e-9)


@settings(max_examples=20, deadline=None)
@given(
    pair=st.sampled_from([(a, b) for a in CURRENCIES for b in CURRENCIES if a < b]),
    year=YEARS,
)
def test_round_trip_at_annual_means_is_the_identity(pair: tuple[str, str], year: int) -> None:
    a, b = pair
    there = coderstats.exchange_rate(a, b, year=year).rate
    back = coderstats.exchange_rate(b, a, year=year).rate
    assert there * back == pytest.approx(1.0, rel=1e-9)


@FAST
@given(year=st.integers(min_value=1900, max_value=2100), amount=AMOUNTS, period=PERIODS)
def test_usd_to_usd_at_market_is_the_identity(year: int, amount: float, period: Period) -> None:
    result = convert_amount(amount, "USD", to="USD", year=year, period=period, to_period=period)
    assert result.value == amount
    assert result.factor == 1.0


@FAST
@given(year=PPP_YEARS, amount=AMOUNTS, indicator=st.sampled_from(["private_consumption", "gdp"]))
def test_usa_at_ppp_is_the_identity(year: int, amount: float, indicator: str) -> None:
    result = convert_amount(
        amount, "USD", basis="ppp", country="USA", year=year, indicator=indicator
    )
    assert result.factor == 1.0
    assert result.value == amount


@FAST
@given(
    currency=st.sampled_from(CURRENCIES),
    year=YEARS,
    amount=AMOUNTS,
    k=st.floats(min_value=0.0, max_value=1e3, allow_nan=False),
    period=PERIODS,
    to_period=PERIODS,
)
def test_linearity(
    currency: str, year: int, amount: float, k: float, period: Period, to_period: Period
) -> None:
    one = convert_amount(amount, currency, year=year, period=period, to_period=to_period)
    scaled = convert_amount(k * amount, currency, year=year, period=period, to_period=to_period)
    assert scaled.value == pytest.approx(k * one.value, rel=1e-12, abs=1e-300)


@FAST
@given(
    country=st.sampled_from(["GBR", "IND", "DEU", "PHL", "CAN", "AUS"]),
    year=PPP_YEARS,
    amount=AMOUNTS,
    k=st.floats(min_value=0.0, max_value=1e3, allow_nan=False),
)
def test_linearity_at_ppp(country: str, year: int, amount: float, k: float) -> None:
    one = convert_amount(amount, "USD", basis="ppp", country=country, year=year)
    scaled = convert_amount(k * amount, "USD", basis="ppp", country=country, year=year)
    assert scaled.value == pytest.approx(k * one.value, rel=1e-12, abs=1e-300)


@FAST
@given(amount=AMOUNTS, other=PERIODS)
def test_hour_to_period_and_back_is_the_identity(amount: float, other: Period) -> None:
    there = convert_amount(amount, "USD", basis="nominal", period="hour", to_period=other)
    back = convert_amount(there.value, "USD", basis="nominal", period=other, to_period="hour")
    assert back.value == pytest.approx(amount, rel=1e-12)


rows = st.lists(
    st.tuples(st.sampled_from(CURRENCIES), YEARS, AMOUNTS | st.just(float("nan"))),
    min_size=1,
    max_size=25,
)


@FAST
@given(data=rows, seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_change_results(data: list[tuple[str, int, float]], seed: int) -> None:
    frame = pd.DataFrame(data, columns=["cur", "year", "pay"])
    frame.index = pd.Index(np.random.default_rng(seed).permutation(len(frame)) * 3 + 5)
    shuffled = frame.sample(frac=1.0, random_state=seed % 2**31)
    out = convert(frame, amount="pay", currency="cur", year="year")
    out_shuffled = convert(shuffled, amount="pay", currency="cur", year="year")
    pd.testing.assert_index_equal(out_shuffled.index, shuffled.index)
    back = out_shuffled.reindex(out.index)
    pd.testing.assert_series_equal(back["pay_market"], out["pay_market"], rtol=0, atol=0)
    pd.testing.assert_series_equal(back["factor_market"], out["factor_market"], rtol=0, atol=0)
    assert back["basis_market"].astype(str).tolist() == out["basis_market"].astype(str).tolist()
    assert out.attrs["nan_amounts"] == out_shuffled.attrs["nan_amounts"]


@FAST
@given(data=rows)
def test_frame_rows_match_single_conversions(data: list[tuple[str, int, float]]) -> None:
    frame = pd.DataFrame(data, columns=["cur", "year", "pay"])
    out = convert(frame, amount="pay", currency="cur", year="year")
    for i, (cur, year, amount) in enumerate(data[:5]):
        one = convert_amount(amount, cur, year=year)
        assert out["factor_market"].iloc[i] == one.factor
        assert out["basis_market"].iloc[i] == one.label


# Rows a mixed file may hold: (amount, currency, country, year) that convert, and ones that
# cannot (a bad amount, an unknown code, a year without figures, an extreme integer year).
GOOD_ROWS = st.tuples(
    st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.sampled_from([("GBP", "GBR"), ("INR", "IND"), ("USD", "USA"), ("EUR", "DEU")]),
    PPP_YEARS,
)
BAD_ROWS = st.one_of(
    st.tuples(st.sampled_from([-1.0, float("inf"), -1e-9]), st.just(("GBP", "GBR")), PPP_YEARS),
    st.tuples(
        AMOUNTS, st.sampled_from([("XYZ", "GBR"), ("GBP", "CUB"), ("EUR", "ATL")]), PPP_YEARS
    ),
    st.tuples(
        AMOUNTS,
        st.just(("EUR", "DEU")),
        st.sampled_from([1500, 2030, 2609, 2**62, -(2**62), 2**63 - 1, -(2**63)]),
    ),
)


class _Columns(TypedDict):
    """The columns :func:`convert` reads in the mixed-rows test."""

    amount: str
    currency: str
    country: str
    year: str


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.booleans(), GOOD_ROWS, BAD_ROWS), min_size=1, max_size=12))
def test_mixed_good_and_bad_rows(
    rows: list[tuple[bool, tuple[float, tuple[str, str], int], tuple[float, tuple[str, str], int]]],
) -> None:
    picked = [good if keep else bad for keep, good, bad in rows]
    is_good = np.array([keep for keep, _, _ in rows])
    frame = pd.DataFrame(
        {
            "pay": [amount for amount, _, _ in picked],
            "currency": [codes[0] for _, codes, _ in picked],
            "iso3": [codes[1] for _, codes, _ in picked],
            "year": np.array([year for _, _, year in picked], dtype=np.int64),
        },
        index=[f"r{i}" for i in range(len(picked))],
    )
    before = frame.copy()
    options: _Columns = {"amount": "pay", "currency": "currency", "country": "iso3", "year": "year"}
    if not is_good.all():
        with pytest.raises(coderstats.CoderstatsError) as info:
            convert(frame, basis="ppp", **options)
        named = [label for label in frame.index[~is_good] if repr(label) in str(info.value)]
        assert named, str(info.value)
    out = convert(frame, basis="ppp", errors="coerce", **options)
    pd.testing.assert_frame_equal(frame, before)  # the input is never changed
    problem = out["problem_ppp"].astype(str).to_numpy()
    assert (problem[~is_good] != "").all()
    assert (problem[is_good] == "").all()
    assert out.loc[~is_good, "pay_ppp"].isna().all()
    assert sum(out.attrs["problems"].values()) == int((~is_good).sum())
    if is_good.any():
        alone = convert(frame[is_good], basis="ppp", **options)
        got = out.loc[is_good, "pay_ppp"].to_numpy()
        assert np.isfinite(got).all()
        np.testing.assert_array_equal(got, alone["pay_ppp"].to_numpy())
