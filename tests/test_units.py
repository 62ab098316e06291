"""The pint registry: currencies, the international dollar, pay periods and money factors."""

from __future__ import annotations

import numpy as np
import pytest

from coderstats import units
from coderstats.errors import InvalidInputError, UnknownCurrencyError


def test_registry_is_built_once() -> None:
    assert units.registry() is units.registry()


def test_each_currency_is_a_dimension_of_its_own() -> None:
    ureg = units.registry()
    assert ureg.Quantity(1.0, "USD").dimensionality == ureg.get_dimensionality("[currency_USD]")
    assert ureg.Quantity(1.0, "EUR").dimensionality != ureg.Quantity(1.0, "USD").dimensionality
    assert str(ureg.get_root_units("USD")[1]) == "USD"


@pytest.mark.parametrize("code", ["EUR", "GBP", "INR", units.INTERNATIONAL_DOLLAR])
def test_currencies_never_convert_without_a_rate(code: str) -> None:
    import pint

    ureg = units.registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, code).to("USD")
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, f"{code} / work_year").to("USD / hour")
    # With a rate the units cancel, and pint changes the period too.
    paid = ureg.Quantity(2080.0, f"{code} / work_year") * ureg.Quantity(1.5, f"USD / {code}")
    assert paid.to("USD / hour").magnitude == pytest.approx(1.5)


def test_a_missing_rate_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"rate nan for EUR->USD.*missing rate"):
        units.money_factor("EUR", "USD", float("nan"))
    with pytest.raises(InvalidInputError, match=r"rate nan for EUR->USD"):
        units.money_factors(["GBP", "EUR"], ["USD", "USD"], [1.2, np.nan])


def test_money_factor_applies_rate_and_period() -> None:
    assert round(25_000 * units.money_factor("GBP", "USD", 1.2785941693884642)) == 31_965
    assert units.money_factor("EUR", "USD", 1.08, to_period="hour") == pytest.approx(
        1.08 / 2_080, rel=1e-12
    )
    assert units.money_factor("USD", "GBP", 0.8, from_period="month") == pytest.approx(
        0.8 * 12, rel=1e-12
    )
    assert units.money_factor("GBP", units.INTERNATIONAL_DOLLAR, 1.42) == pytest.approx(1.42)
    assert units.money_factor("USD", "USD", 1.0) == 1.0
    assert units.money_factor("USD", "USD", 1.3234873) == pytest.approx(1.3234873)


def test_money_factor_does_not_remember_an_earlier_rate() -> None:
    assert units.money_factor("GBP", "USD", 1.2) == pytest.approx(1.2)
    assert units.money_factor("GBP", "USD", 1.3) == pytest.approx(1.3)
    assert units.money_factor("GBP", "EUR", 1.17) == pytest.approx(1.17)


def test_money_factors_match_money_factor() -> None:
    src = ["GBP", "INR", "GBP", "USD", "EUR"]
    dst = ["USD", "USD", "EUR", units.INTERNATIONAL_DOLLAR, "EUR"]
    rates = [1.2786, 0.01195, 1.18, 1.0, 1.0]
    many = units.money_factors(src, dst, rates, from_period="year", to_period="week")
    assert many.dtype == np.float64
    for i, (a, b, r) in enumerate(zip(src, dst, rates, strict=True)):
        one = units.money_factor(a, b, r, to_period="week")
        assert many[i] == pytest.approx(one, rel=1e-15)


def test_money_factors_accepts_numpy_rates() -> None:
    out = units.money_factors(np.array(["GBP"]), np.array(["USD"]), np.array([1.25]))
    assert out.tolist() == [1.25]
    assert units.money_factor("GBP", "USD", np.float64(1.25)) == 1.25
    assert units.money_factors([], [], []).shape == (0,)


@pytest.mark.parametrize("rate", [0, 0.0, -1.2, float("nan"), float("inf"), -float("inf")])
def test_money_factor_rejects_non_positive_or_non_finite_rates(rate: float) -> None:
    with pytest.raises(InvalidInputError, match=rf"rate {rate!r} for GBP->USD .*positive finite"):
        units.money_factor("GBP", "USD", rate)


@pytest.mark.parametrize("rate", [True, "1.2", None])
def test_money_factor_rejects_rates_that_are_not_numbers(rate: object) -> None:
    with pytest.raises(InvalidInputError, match=r"not a positive finite number"):
        units.money_factor("GBP", "USD", rate)  # type: ignore[arg-type]
    # A refused rate leaves the shared registry working.
    assert units.money_factor("GBP", "USD", 1.5) == 1.5


def test_money_factors_rejects_lengths_that_differ() -> None:
    with pytest.raises(InvalidInputError, match=r"2 source currencies, 1 targets and 2 rates"):
        units.money_factors(["GBP", "EUR"], ["USD"], [1.2, 1.1])


@pytest.mark.parametrize("code", ["XYZ", "", None, 12, "US", "BTU", "MPH", "hour"])
def test_unknown_currency(code: object) -> None:
    with pytest.raises(UnknownCurrencyError, match=r"unknown currency .*ISO 4217.*USD, EUR"):
        units.money_factor(code, "USD", 1.0)  # type: ignore[arg-type]
    with pytest.raises(UnknownCurrencyError, match=r"unknown currency"):
        units.money_factor("USD", code, 1.0)  # type: ignore[arg-type]
    # A refused unit leaves the shared registry working.
    assert units.money_factor("GBP", "USD", 1.5) == 1.5


def test_lower_case_currency_codes_are_accepted() -> None:
    assert units.money_factor("gbp", " usd ", 1.25) == 1.25


PERIOD_TABLE = {
    ("year", "year"): 1.0,
    ("year", "month"): 1 / 12,
    ("year", "week"): 1 / 52,
    ("year", "hour"): 1 / 2_080,
    ("month", "year"): 12.0,
    ("month", "month"): 1.0,
    ("month", "week"): 12 / 52,
    ("month", "hour"): 12 / 2_080,
    ("week", "year"): 52.0,
    ("week", "month"): 52 / 12,
    ("week", "week"): 1.0,
    ("week", "hour"): 1 / 40,
    ("hour", "year"): 2_080.0,
    ("hour", "month"): 2_080 / 12,
    ("hour", "week"): 40.0,
    ("hour", "hour"): 1.0,
}


@pytest.mark.parametrize(("periods", "expected"), PERIOD_TABLE.items(), ids=str)
def test_period_factor_table(periods: tuple[str, str], expected: float) -> None:
    assert units.period_factor(*periods) == pytest.approx(expected, rel=1e-12)


def test_period_table_is_complete() -> None:
    assert {p for pair in PERIOD_TABLE for p in pair} == set(units.PERIODS)
    assert len(PERIOD_TABLE) == len(units.PERIODS) ** 2


def test_work_year_is_2080_hours() -> None:
    assert units.HOURS_PER_WORK_YEAR == 2_080
    ureg = units.registry()
    assert ureg.Quantity(1, "work_year").to("hour").magnitude == pytest.approx(2_080)
    assert ureg.Quantity(1, "work_month").to("hour").magnitude == pytest.approx(2_080 / 12)
    assert ureg.Quantity(1, "work_week").to("hour").magnitude == pytest.approx(40)
    assert round(47_180 * units.period_factor("year", "hour"), 2) == 22.68


@pytest.mark.parametrize("period", ["day", "fortnight", "", None, "Year", 1])
def test_unknown_period(period: object) -> None:
    with pytest.raises(InvalidInputError, match=r"unknown pay period .*year, month, week, hour"):
        units.period_factor(period, "year")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"unknown pay period"):
        units.money_factor("USD", "USD", 1.0, to_period=period)  # type: ignore[arg-type]
