"""Input checks behave the same at every entry point: years, options, codes, amounts, messages."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coderstats import _options, countries, units
from coderstats._options import Basis
from coderstats.conversion import BASES, convert, convert_amount
from coderstats.errors import (
    InvalidAmountError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
    show,
)
from coderstats.reference import cpi, ecb, rpp, worldbank

# One call per entry point that takes a year; each gets the year to test.
YEAR_CALLS: dict[str, Callable[[Any], object]] = {
    "exchange_rate": lambda y: ecb.exchange_rate("GBP", "USD", year=y).rate,
    "market_rates": lambda y: ecb.market_rates(["GBP", "GBP"], "USD", years=[2024, y]).rate[1],
    "convert": lambda y: convert(
        pd.DataFrame({"pay": [1.0, 1.0], "yr": pd.Series([2024, y], dtype=object)}),
        amount="pay",
        currency="GBP",
        year="yr",
    )["pay_market"].iloc[1],
    "convert_amount": lambda y: convert_amount(1.0, "GBP", year=y).value,
    "convert_amount_base_year": lambda y: (
        convert_amount(1.0, "USD", basis="real", year=2020, base_year=y).value
    ),
    "ppp_factors": lambda y: worldbank.ppp_factors(["GBR", "GBR"], [2024, y])[1],
    "country_currency": lambda y: countries.country_currency("DEU", y),
    "country_currencies": lambda y: countries.country_currencies(["DEU", "DEU"], [2024, y])[1],
    "cpi_factors": lambda y: cpi.cpi_factors([2015, y], 2024)[1],
    "cpi_factors_to": lambda y: cpi.cpi_factors([2015], y)[0],
    "deflate": lambda y: cpi.deflate(100.0, y, to=2024),
    "rpp_factors": lambda y: rpp.rpp_factors(["NY", "NY"], [2023, y])[1],
}
# The whole year each call is exercised with (BEA parities end in 2023).
GOOD_YEAR = dict.fromkeys(YEAR_CALLS, 2024) | {"rpp_factors": 2023}

BAD_YEARS = {
    "string": "2024",
    "fraction": 2024.5,
    "numpy-fraction": np.float64(2024.5),
    "bool": True,
    "numpy-bool": np.bool_(True),
    "nan": float("nan"),
    "none": None,
}


def _bad_year(name: str, bad: object) -> object:
    """The bad value, kept as the same kind of value for the good year of the call."""
    if isinstance(bad, str):
        return str(GOOD_YEAR[name])
    return bad


# For these arguments None means "not given", so it is no malformed year there.
NONE_MEANS_NOT_GIVEN = (
    "exchange_rate",
    "convert_amount",
    "convert_amount_base_year",
)


@pytest.mark.parametrize(
    ("name", "bad_id"),
    [
        (name, bad_id)
        for name in YEAR_CALLS
        for bad_id in BAD_YEARS
        if not (bad_id == "none" and name in NONE_MEANS_NOT_GIVEN)
    ],
)
def test_malformed_year_is_refused_the_same_way(name: str, bad_id: str) -> None:
    bad = _bad_year(name, BAD_YEARS[bad_id])
    if name == "convert" and bad_id in ("nan", "none"):
        match = r"column 'yr', 1 row, labels 1\] year is missing"  # a missing cell names its row
    else:
        match = "whole year"
    with pytest.raises(InvalidInputError, match=match) as info:
        YEAR_CALLS[name](bad)
    assert not isinstance(info.value, RateNotFoundError)
    text = str(info.value)
    assert "np." not in text, text
    if bad_id == "numpy-fraction":
        assert "2024.5" in text
    if bad_id == "string" and match == "whole year":
        assert f"'{GOOD_YEAR[name]}'" in text


@pytest.mark.parametrize("name", list(YEAR_CALLS))
def test_whole_float_year_is_accepted(name: str) -> None:
    good = GOOD_YEAR[name]
    as_int = YEAR_CALLS[name](good)
    assert YEAR_CALLS[name](float(good)) == as_int
    assert YEAR_CALLS[name](np.float64(good)) == as_int
    assert YEAR_CALLS[name](np.int32(good)) == as_int


def test_country_currency_of_a_whole_float_year() -> None:
    assert countries.country_currency("DEU", 2024.0) == "EUR"  # type: ignore[arg-type]
    assert countries.country_currency("DEU", 1995.0) == "DEM"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "bounds"),
    [
        (lambda: ecb.exchange_rate("INR", "USD", year=2005), "2009-01-02"),
        (lambda: worldbank.ppp_factors(["GBR"], [1990]), "2015-2024"),
        (lambda: cpi.cpi_factors([1990], 2024), "2000-2025"),
        (lambda: cpi.deflate(1.0, 2015, to=2030), "2000-2025"),
        (lambda: rpp.rpp_factors(["NY"], [2030]), "2015-2023"),
        (lambda: convert_amount(1.0, "GBP", year=1990), "1999"),
    ],
    ids=["exchange_rate", "ppp_factors", "cpi_factors", "deflate", "rpp_factors", "convert"],
)
def test_valid_year_without_data_states_the_bounds(call: Callable[[], object], bounds: str) -> None:
    with pytest.raises(RateNotFoundError, match=bounds):
        call()


SOURCE_YEAR_CALLS = [
    "ppp_factors",
    "country_currency",
    "country_currencies",
    "cpi_factors",
    "cpi_factors_to",
    "deflate",
    "rpp_factors",
]


@pytest.mark.parametrize("name", SOURCE_YEAR_CALLS)
@pytest.mark.parametrize(
    "year",
    [np.iinfo(np.int64).min, np.iinfo(np.int64).max, -(10**12), 10**12, 0],
    ids=["int64-min", "int64-max", "far-past", "far-future", "zero"],
)
def test_far_off_years_are_refused_by_every_source(name: str, year: int) -> None:
    with pytest.raises(RateNotFoundError, match=str(year)):
        YEAR_CALLS[name](np.int64(year))
    with pytest.raises(RateNotFoundError, match=str(year)):
        YEAR_CALLS[name](int(year))


# --- options ----------------------------------------------------------------------------------

BAD_OPTIONS: list[tuple[str, Callable[[], object], str]] = [
    (
        "exchange_rate missing=",
        lambda: ecb.exchange_rate("GBP", "USD", year=2024, missing="last"),  # type: ignore[arg-type]
        "raise, previous, interpolate",
    ),
    (
        "exchange_rate out_of_range=",
        lambda: ecb.exchange_rate("GBP", "USD", year=2024, out_of_range="x"),  # type: ignore[arg-type]
        "raise, clamp",
    ),
    (
        "market_rates missing=",
        lambda: ecb.market_rates(["GBP"], "USD", years=2024, missing="last"),  # type: ignore[arg-type]
        "raise, previous, interpolate",
    ),
    (
        "convert_amount missing=",
        lambda: convert_amount(1.0, "GBP", year=2024, missing="last"),  # type: ignore[arg-type]
        "raise, previous, interpolate",
    ),
    (
        "convert_amount out_of_range=",
        lambda: convert_amount(1.0, "GBP", year=2024, out_of_range="x"),  # type: ignore[arg-type]
        "raise, clamp",
    ),
    (
        "convert_amount foreign_currency=",
        lambda: convert_amount(1.0, "GBP", year=2024, foreign_currency="x"),  # type: ignore[arg-type]
        "convert, raise",
    ),
    (
        "convert_amount basis=",
        lambda: convert_amount(1.0, "GBP", year=2024, basis="spot"),  # type: ignore[arg-type]
        "nominal, market, ppp, real, rpp",
    ),
    (
        "convert_amount period=",
        lambda: convert_amount(1.0, "GBP", year=2024, period="fortnight"),  # type: ignore[arg-type]
        "year, month, week, hour",
    ),
    (
        "period_factor",
        lambda: units.period_factor("day", "year"),
        "year, month, week, hour",
    ),
    (
        "convert_amount indicator=",
        lambda: convert_amount(1.0, "GBP", basis="ppp", country="GBR", year=2024, indicator="x"),
        "private_consumption, gdp",
    ),
    (
        "ppp_factors indicator=",
        lambda: worldbank.ppp_factors(["GBR"], 2024, indicator="x"),
        "private_consumption, gdp",
    ),
    ("load_ppp indicator=", lambda: worldbank.load_ppp(indicator="x"), "private_consumption, gdp"),
    (
        "exchange_rate neither",
        lambda: ecb.exchange_rate("GBP", "USD"),
        "exactly one of year=",
    ),
    (
        "exchange_rate both",
        lambda: ecb.exchange_rate("GBP", "USD", year=2024, date="2024-03-15"),
        "exactly one of year=",
    ),
    (
        "market_rates neither",
        lambda: ecb.market_rates(["GBP"], "USD"),
        "exactly one of years=",
    ),
    (
        "exchange_rate date=",
        lambda: ecb.exchange_rate("GBP", "USD", date="soon"),
        "YYYY-MM-DD",
    ),
    (
        "market_rates lengths",
        lambda: ecb.market_rates(["GBP", "INR"], "USD", years=[2024]),
        "one year per row",
    ),
    (
        "ppp_factors lengths",
        lambda: worldbank.ppp_factors(["GBR", "IND", "USA"], [2024, 2024]),
        "differ in length",
    ),
    (
        "cpi_factors lengths",
        lambda: cpi.cpi_factors([2015, 2016, 2017], [2024, 2024]),
        "one per row",
    ),
    (
        "rpp_factors lengths",
        lambda: rpp.rpp_factors(["NY", "CA"], [2023, 2022, 2021]),
        "one per state",
    ),
    (
        "market_rates rates=",
        lambda: ecb.market_rates(["GBP"], "USD", years=2024, rates=[1.0]),  # type: ignore[arg-type]
        "DataFrame",
    ),
]


@pytest.mark.parametrize(
    ("call", "valid"), [(c, v) for _, c, v in BAD_OPTIONS], ids=[n for n, _, _ in BAD_OPTIONS]
)
def test_bad_option_is_invalid_input(call: Callable[[], object], valid: str) -> None:
    with pytest.raises(InvalidInputError, match=valid) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert "np." not in str(info.value)


@pytest.mark.parametrize(
    "spelling", ["gdp", "GDP", "PA.NUS.PPP", "pa.nus.ppp", " PA.NUS.PPP "], ids=repr
)
def test_indicator_spellings_are_the_same_everywhere(spelling: str) -> None:
    expected = worldbank.ppp_factors(["GBR"], [2024], indicator="gdp")[0]
    assert worldbank.indicator_name(spelling) == "gdp"
    assert worldbank.ppp_factors(["GBR"], [2024], indicator=spelling)[0] == expected
    one = convert_amount(
        100.0, "GBP", basis="ppp", country="GBR", year=2024, indicator=spelling
    ).value
    assert one == pytest.approx(100.0 / expected, rel=1e-12)
    assert (
        "GDP"
        in convert_amount(
            100.0, "GBP", basis="ppp", country="GBR", year=2024, indicator=spelling
        ).label
    )


def test_option_lists_live_in_one_place() -> None:
    assert BASES is _options.BASES
    assert tuple(units.PERIODS) == _options.PERIODS
    assert worldbank.INDICATORS is _options.INDICATORS
    assert ecb.MISSING_OPTIONS == _options.MISSING
    assert ecb.OUT_OF_RANGE_OPTIONS == _options.OUT_OF_RANGE


# --- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("basis", [b for b in BASES if b != "ppp"])
def test_country_is_refused_outside_ppp(basis: Basis) -> None:
    us_state = "NY" if basis == "rpp" else None  # None is the default: no state
    with pytest.raises(InvalidInputError, match=rf"country does not apply to basis '{basis}'"):
        convert_amount(1.0, "USD", basis=basis, country="GBR", year=2023, us_state=us_state)


def test_codes_are_normalised_the_same_way() -> None:
    plain = convert_amount(100.0, "GBP", basis="ppp", country="GBR", year=2024).value
    assert convert_amount(100.0, " gbp ", basis="ppp", country=" gbr", year=2024).value == plain
    assert (
        ecb.exchange_rate(" gbp", "usd ", year=2024).rate
        == ecb.exchange_rate("GBP", "USD", year=2024).rate
    )
    assert units.currency_unit(" gbp ") == "GBP"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_state_is_called_missing(missing: object) -> None:
    with pytest.raises(UnknownCountryError, match="US state is missing") as info:
        rpp.rpp_factors([missing], [2023])
    assert "unknown US state" not in str(info.value)


# --- amounts ----------------------------------------------------------------------------------


def test_nan_amount_is_kept_everywhere() -> None:
    assert math.isnan(convert_amount(float("nan"), "GBP", year=2024).value)
    assert math.isnan(convert_amount(np.float64("nan"), "USD", basis="nominal").value)
    assert math.isnan(cpi.deflate(float("nan"), 2015, to=2024))
    out = convert(pd.DataFrame({"pay": [np.nan, 1.0]}), amount="pay", currency="GBP", year=2024)
    assert math.isnan(out["pay_market"].iloc[0])
    assert math.isnan(units.check_amount(float("nan")))


def test_decimal_amount_is_read_as_float_in_both_paths() -> None:
    one = convert_amount(Decimal("100.5"), "GBP", year=2024).value  # type: ignore[arg-type]
    column = pd.DataFrame({"pay": pd.Series([Decimal("100.5")], dtype=object)})
    many = convert(column, amount="pay", currency="GBP", year=2024)["pay_market"].iloc[0]
    assert one == many == convert_amount(100.5, "GBP", year=2024).value
    assert cpi.deflate(Decimal("100"), 2024, to=2024) == 100.0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (-1, "-1"),
        (np.float64(-0.5), "-0.5"),
        (float("inf"), "inf"),
        (True, "True"),
        (np.bool_(True), "True"),
        ("42000", "'42000'"),
        (Decimal("-1"), "Decimal"),
        (None, "None"),
    ],
)
def test_bad_amount_is_refused_the_same_way(bad: object, shown: str) -> None:
    calls: list[Callable[[], object]] = [
        lambda: units.check_amount(bad),
        lambda: convert_amount(bad, "GBP", year=2024),  # type: ignore[arg-type]
        lambda: cpi.deflate(bad, 2015, to=2024),  # type: ignore[arg-type]
    ]
    messages = set()
    for call in calls:
        with pytest.raises(InvalidAmountError, match=f"amount {shown}") as info:
            call()
        messages.add(str(info.value))
    assert len(messages) == 1
    assert "np." not in messages.pop()


# --- years not needed -------------------------------------------------------------------------


def test_no_year_needed_when_no_rate_is_used() -> None:
    assert convert_amount(1.0, "USD").value == 1.0
    assert convert_amount(1.0, "usd", to="USD").label == "USD, market, no conversion (already USD)"
    assert convert_amount(2080.0, "EUR", basis="nominal", to_period="hour").value == 1.0
    frame = pd.DataFrame({"pay": [1.0, 2.0], "cur": ["EUR", "EUR"]})
    out = convert(frame, amount="pay", currency="cur", to="EUR")
    assert out["pay_market"].tolist() == [1.0, 2.0]


NO_TIME = r"needs a year or a date.*; pass year= .* or pass date="


@pytest.mark.parametrize(
    "kwargs",
    [{"currency": "GBP"}, {"currency": "USD", "to": "EUR"}, {"currency": "USD", "basis": "real"}],
)
def test_year_still_needed_when_a_rate_is_used(kwargs: dict[str, Any]) -> None:
    with pytest.raises(
        InvalidInputError, match=r"needs a year or a date.*; pass year= .* or pass date="
    ):
        convert_amount(1.0, **kwargs)
    frame = pd.DataFrame({"pay": [1.0, 2.0], "cur": ["USD", "GBP"]})
    with pytest.raises(
        InvalidInputError, match=r"needs a year or a date.*; pass year= .* or pass date="
    ):
        convert(frame, amount="pay", currency="cur")


# --- messages and caches ----------------------------------------------------------------------


def test_show_drops_numpy_wrappers() -> None:
    assert show(np.float64(2024.5)) == "2024.5"
    assert show(np.int64(12)) == "12"
    assert show(np.str_("x")) == "'x'"
    assert show(np.bool_(False)) == "False"
    assert show([1]) == "[1]"


def test_tables_are_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    convert_amount(1.0, "USD", basis="real", year=2015)
    convert_amount(1.0, "GBP", basis="ppp", country="GBR", year=2024)
    rpp.rpp_factors(["NY"], [2023])
    assert cpi._table(None) is cpi._table(None)
    assert rpp._table(None) is rpp._table(None)
    assert worldbank._table(None, None) is worldbank._table("private_consumption", None)

    def refuse(*_args: object, **_kwargs: object) -> None:
        msg = "the table was read again"
        raise AssertionError(msg)

    monkeypatch.setattr(cpi, "load_cpi", refuse)
    monkeypatch.setattr(rpp, "load_rpp", refuse)
    monkeypatch.setattr(worldbank, "load_ppp", refuse)
    real = convert_amount(42_000.0, "USD", basis="real", year=2015, base_year=2024).value
    assert round(real) == 55586
    assert round(convert_amount(42_000.0, "USD", basis="real", year=2015).value) > 55586
    assert rpp.rpp_factors(["NY"], [2023]).round(5).tolist() == [1.07626]
    assert round(convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024).value) == (
        35537
    )
