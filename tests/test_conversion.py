"""The conversion pipeline: reference figures, rule labels, frames, and bad input."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict, get_args

import numpy as np
import pandas as pd
import pytest

import coderstats
from coderstats._options import Basis, Period
from coderstats.conversion import BASES, convert, convert_amount
from coderstats.engine.request import AmountOptions
from coderstats.errors import (
    CoderstatsError,
    CurrencyMismatchError,
    DataIntegrityError,
    DataNotFoundError,
    InvalidAmountError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
    UnknownCurrencyError,
)
from coderstats.reference import worldbank
from coderstats.reference.cpi import load_cpi

DATA = Path(__file__).resolve().parents[1] / "data"

# Facts transcribed from the publishers (ECB reference rates, World Bank WDI 2025-10-07,
# BLS CPI-U): each figure is checked to the unit it is quoted in.
GBP_2024 = 25_000
GBP_2024_MARKET_USD = 31_965
GBP_2024_PPP_INTD = 35_537
INR_2024 = 300_000
INR_2024_PPP_INTD = 15_078
USD_2015 = 42_000
USD_2015_IN_2024 = 55_586
BLS_MEDIAN_2023 = 47_180
BLS_MEDIAN_2023_HOURLY = 22.68


def _number(frame: pd.DataFrame, row: str | int, column: str) -> float:
    """One number of a frame (the stubs type ``.loc[row, column]`` as any scalar)."""
    value = frame.loc[row, column]
    assert isinstance(value, float)
    return value


# --------------------------------------------------------------------------------------------
# Figures


def test_gbp_at_market_2024() -> None:
    result = convert_amount(GBP_2024, "GBP", to="USD", year=2024)
    assert round(result.value) == GBP_2024_MARKET_USD
    assert result.unit == "USD"
    assert result.basis == "market"
    assert result.fallback == ""
    assert result.factor == pytest.approx(result.value / GBP_2024, rel=1e-12)
    assert float(result) == result.value


def test_gbp_at_ppp_2024() -> None:
    result = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2024)
    assert round(result.value) == GBP_2024_PPP_INTD
    assert result.unit == "international $"


def test_inr_spent_in_india_at_ppp_2024() -> None:
    result = convert_amount(INR_2024, "INR", basis="ppp", country="IND", year=2024)
    assert round(result.value) == INR_2024_PPP_INTD
    assert "paid in" not in result.label


def test_usd_2015_in_2024_dollars() -> None:
    result = convert_amount(USD_2015, "USD", basis="real", year=2015, base_year=2024)
    assert round(result.value) == USD_2015_IN_2024
    assert result.unit == "USD of 2024"
    assert "CPI-U" in result.label
    assert "2015" in result.label


def test_real_defaults_to_latest_cpi_year() -> None:
    latest = int(coderstats.load_cpi()["year"].max())
    result = convert_amount(USD_2015, "USD", basis="real", year=2015)
    assert result.unit == f"USD of {latest}"


def test_bls_median_per_hour() -> None:
    result = convert_amount(BLS_MEDIAN_2023, "USD", year=2023, to_period="hour")
    assert round(result.value, 2) == BLS_MEDIAN_2023_HOURLY
    assert result.period == "hour"


@pytest.mark.parametrize(
    ("to_period", "divisor"), [("year", 1), ("month", 12), ("week", 52), ("hour", 2_080)]
)
@pytest.mark.parametrize("basis", ["nominal", "market"])
def test_pay_periods_follow_the_bls_work_year(
    to_period: Period, divisor: int, basis: Basis
) -> None:
    result = convert_amount(BLS_MEDIAN_2023, "USD", basis=basis, year=2023, to_period=to_period)
    assert result.value == pytest.approx(BLS_MEDIAN_2023 / divisor, rel=1e-12)


@pytest.mark.parametrize(
    ("period", "per_year"), [("year", 1), ("month", 12), ("week", 52), ("hour", 2_080)]
)
def test_any_period_to_year(period: Period, per_year: int) -> None:
    result = convert_amount(10.0, "USD", basis="nominal", period=period)
    assert result.value == pytest.approx(10.0 * per_year, rel=1e-12)


def test_nominal_needs_no_year() -> None:
    result = convert_amount(BLS_MEDIAN_2023, "GBP", basis="nominal", to_period="month")
    assert result.value == pytest.approx(BLS_MEDIAN_2023 / 12, rel=1e-12)
    assert result.unit == "GBP"
    assert result.label == "GBP, nominal (as stated)"


@pytest.mark.parametrize(("country", "local"), [("IND", "INR"), ("PHL", "PHP"), ("DEU", "EUR")])
def test_us_paid_remote_coder_at_ppp(country: str, local: str) -> None:
    salary = 60_000
    result = convert_amount(salary, "USD", basis="ppp", country=country, year=2024)
    rate = coderstats.exchange_rate("USD", local, year=2024)
    factor = worldbank.ppp_factors([country], [2024])[0]
    assert result.value == pytest.approx(salary * rate.rate / factor, rel=1e-12)
    assert f"spent in {country}" in result.label
    assert f"paid in USD, converted to {local} at ECB 2024 annual mean" in result.label
    assert result.unit == "international $"


def test_us_paid_remote_coder_frame_matches_scalars() -> None:
    frame = pd.DataFrame({"salary": [60_000.0] * 3, "country": ["IND", "PHL", "DEU"]})
    out = convert(frame, amount="salary", currency="USD", country="country", year=2024, basis="ppp")
    for i, iso in enumerate(frame["country"]):
        one = convert_amount(60_000, "USD", basis="ppp", country=iso, year=2024)
        assert out["salary_ppp"].iloc[i] == pytest.approx(one.value, rel=1e-12)
        assert out["basis_ppp"].iloc[i] == one.label


def test_remote_coder_can_be_refused() -> None:
    with pytest.raises(CurrencyMismatchError, match=r"USD.*IND.*INR.*foreign_currency='convert'"):
        convert_amount(
            60_000, "USD", basis="ppp", country="IND", year=2024, foreign_currency="raise"
        )


def test_gdp_indicator_differs_from_private_consumption() -> None:
    private = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2024)
    gdp = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2024, indicator="gdp")
    assert gdp.value != pytest.approx(private.value, rel=1e-3)
    assert "PPP GDP 2024" in gdp.label
    assert "private consumption" in private.label


def test_ppp_with_base_year_deflates_international_dollars() -> None:
    plain = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2020)
    deflated = convert_amount(
        GBP_2024, "GBP", basis="ppp", country="GBR", year=2020, base_year=2024
    )
    cpi = coderstats.load_cpi().set_index("year")["cpi_u"]
    assert deflated.value == pytest.approx(plain.value * cpi[2024] / cpi[2020], rel=1e-12)
    assert deflated.unit == "international $ of 2024"


# --------------------------------------------------------------------------------------------
# Labels


def test_market_label() -> None:
    label = convert_amount(GBP_2024, "GBP", year=2024).label
    assert "USD, market, ECB 2024 annual mean" in label


def test_market_label_on_a_date() -> None:
    label = convert_amount(GBP_2024, "GBP", date="2024-03-15").label
    assert label == "USD, market, ECB reference rate 2024-03-15"


def test_same_currency_label() -> None:
    assert convert_amount(1.0, "USD", year=2024).label == "USD, market, no conversion (already USD)"


def test_ppp_label_after_the_icp_benchmark() -> None:
    label = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2024).label
    assert label.startswith("international $, PPP private consumption 2024")
    assert "World Bank extrapolation after the 2021 ICP benchmark" in label
    assert "spent in GBR" in label


def test_ppp_label_in_the_benchmark_year() -> None:
    label = convert_amount(GBP_2024, "GBP", basis="ppp", country="GBR", year=2021).label
    assert label.startswith("international $, PPP private consumption 2021")
    assert "extrapolation" not in label


def test_frame_basis_labels_per_row() -> None:
    frame = pd.DataFrame({"pay": [1.0, 1.0], "year": [2021, 2024]})
    out = convert(frame, amount="pay", currency="GBP", country="GBR", year="year", basis="ppp")
    labels = out["basis_ppp"].astype(str).tolist()
    assert "extrapolation" not in labels[0]
    assert "extrapolation" in labels[1]
    assert out.attrs["unit"] == "international $"


# --------------------------------------------------------------------------------------------
# Frames


@pytest.fixture
def pay() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "low": [25_000.0, 300_000.0, np.nan, 40_000.0],
            "high": [45_000, 500_000, 60_000, 80_000],
            "currency": ["GBP", "INR", "USD", "EUR"],
            "country": ["GBR", "IND", "IND", "DEU"],
            "year": [2024, 2024, 2023, 2022],
        },
        index=pd.Index(["uk", "india", "remote", "germany"], name="segment"),
    )
    frame.attrs = {"source": {"publisher": "the guide", "pages": [1, 2]}}
    return frame


def test_several_amount_columns(pay: pd.DataFrame) -> None:
    out = convert(pay, amount=["low", "high"], currency="currency", year="year")
    new = ["low_market", "high_market", "factor_market", "basis_market", "fallback_market"]
    assert list(out.columns) == [*pay.columns, *new]
    assert out["low_market"].dtype == "float64"
    assert out["high_market"].dtype == "float64"
    assert out["factor_market"].dtype == "float64"
    assert isinstance(out["basis_market"].dtype, pd.CategoricalDtype)
    assert isinstance(out["fallback_market"].dtype, pd.CategoricalDtype)
    assert round(_number(out, "uk", "low_market")) == GBP_2024_MARKET_USD
    np.testing.assert_allclose(out["high_market"], pay["high"] * out["factor_market"], rtol=1e-12)
    assert (out["fallback_market"].astype(str) == "").all()
    assert out.attrs["basis"] == "market"
    assert out.attrs["unit"] == "USD"
    assert out.attrs["period"] == "year"
    assert out.attrs["fallback_rows"] == 0
    assert out.attrs["source"] == pay.attrs["source"]


def test_output_columns_follow_the_suffix(pay: pd.DataFrame) -> None:
    out = convert(pay, amount="low", currency="currency", year="year", suffix="usd24")
    assert list(out.columns[-4:]) == ["low_usd24", "factor_usd24", "basis_usd24", "fallback_usd24"]


# The pay frame holds non-US salaries; basis="rpp" (US states) has tests of its own.
COUNTRY_BASES: list[Basis] = [b for b in get_args(Basis) if b != "rpp"]


@pytest.mark.parametrize("basis", COUNTRY_BASES)
def test_output_column_names_per_basis(pay: pd.DataFrame, basis: Basis) -> None:
    out = convert(
        pay,
        amount=["low", "high"],
        currency="currency",
        country="country" if basis == "ppp" else None,  # country= is refused elsewhere
        year="year",
        basis=basis,
    )
    expected = [f"low_{basis}", f"high_{basis}", f"factor_{basis}", f"basis_{basis}"]
    assert list(out.columns[-5:]) == [*expected, f"fallback_{basis}"]
    assert out.attrs["basis"] == basis


def test_string_index_is_kept(pay: pd.DataFrame) -> None:
    out = convert(
        pay, amount="low", currency="currency", country="country", year="year", basis="ppp"
    )
    pd.testing.assert_index_equal(out.index, pay.index)
    assert round(_number(out, "india", "low_ppp")) == INR_2024_PPP_INTD
    assert round(_number(out, "uk", "low_ppp")) == GBP_2024_PPP_INTD


def test_shuffled_integer_index_is_kept() -> None:
    frame = pd.DataFrame(
        {"pay": [25_000.0, 300_000.0, 42_000.0], "currency": ["GBP", "INR", "USD"]},
        index=[17, 3, 42],
    )
    out = convert(frame, amount="pay", currency="currency", year=2024)
    pd.testing.assert_index_equal(out.index, frame.index)
    assert round(_number(out, 17, "pay_market")) == GBP_2024_MARKET_USD
    assert out.loc[42, "pay_market"] == 42_000.0


def test_input_frame_is_never_mutated(pay: pd.DataFrame) -> None:
    before = pay.copy(deep=True)
    attrs_before = copy.deepcopy(pay.attrs)
    for basis in COUNTRY_BASES:
        out = convert(
            pay,
            amount=["low", "high"],
            currency="currency",
            country="country" if basis == "ppp" else None,
            year="year",
            basis=basis,
        )
        # Writing into the result must not reach the input either.
        out.loc["uk", "low"] = -1.0
        out.attrs["source"]["publisher"] = "someone else"
    pd.testing.assert_frame_equal(pay, before, check_exact=True)
    pd.testing.assert_series_equal(pay.dtypes, before.dtypes)
    assert list(pay.columns) == list(before.columns)
    assert pay.attrs == attrs_before


def test_empty_frame_gives_empty_result(pay: pd.DataFrame) -> None:
    empty = pay.iloc[:0]
    out = convert(
        empty,
        amount=["low", "high"],
        currency="currency",
        country="country",
        year="year",
        basis="ppp",
    )
    assert len(out) == 0
    assert list(out.columns[-5:]) == [
        "low_ppp",
        "high_ppp",
        "factor_ppp",
        "basis_ppp",
        "fallback_ppp",
    ]
    assert out["low_ppp"].dtype == "float64"
    assert out.attrs["unit"] == "international $"
    assert out.attrs["nan_amounts"] == {"low": 0, "high": 0}
    assert out.attrs["fallback_rows"] == 0


@pytest.mark.parametrize(
    ("basis", "unit"), [("market", "USD"), ("nominal", "GBP"), ("real", "USD of 2024")]
)
def test_empty_frame_units(basis: Basis, unit: str) -> None:
    empty = pd.DataFrame({"pay": pd.Series([], dtype="float64")})
    base_year = 2024 if basis == "real" else None  # None is the default: no base year
    out = convert(empty, amount="pay", currency="GBP", year=2024, basis=basis, base_year=base_year)
    assert out.attrs["unit"] == unit
    assert out.empty


def test_nan_amounts_are_kept_and_counted(pay: pd.DataFrame) -> None:
    out = convert(pay, amount=["low", "high"], currency="currency", year="year")
    assert np.isnan(_number(out, "remote", "low_market"))
    assert out.loc["remote", "high_market"] == 60_000.0
    assert out.attrs["nan_amounts"] == {"low": 1, "high": 0}


def test_nullable_integer_amounts_with_missing_values() -> None:
    frame = pd.DataFrame({"pay": pd.array([1_000, None], dtype="Int64")})
    out = convert(frame, amount="pay", currency="USD", year=2024)
    assert out["pay_market"].iloc[0] == 1_000.0
    assert np.isnan(out["pay_market"].iloc[1])
    assert out.attrs["nan_amounts"] == {"pay": 1}


def test_numeric_strings_in_an_object_column_are_numbers() -> None:
    frame = pd.DataFrame({"pay": pd.Series([1, "2", 3.5, None], dtype=object)})
    out = convert(frame, amount="pay", currency="USD", year=2024)
    np.testing.assert_array_equal(out["pay_market"].to_numpy()[:3], [1.0, 2.0, 3.5])
    assert out.attrs["nan_amounts"] == {"pay": 1}


def test_column_or_literal_for_each_key() -> None:
    frame = pd.DataFrame(
        {
            "pay": [25_000.0, 300_000.0],
            "cur": ["GBP", "INR"],
            "iso": ["GBR", "IND"],
            "yr": [2024, 2024],
        }
    )
    from_columns = convert(
        frame, amount="pay", currency="cur", country="iso", year="yr", basis="ppp"
    )
    uk = frame.iloc[:1]
    from_literals = convert(uk, amount="pay", currency="GBP", country="GBR", year=2024, basis="ppp")
    assert from_columns["pay_ppp"].iloc[0] == from_literals["pay_ppp"].iloc[0]
    assert round(from_columns["pay_ppp"].iloc[1]) == INR_2024_PPP_INTD
    # A string that is not a column name is a code for every row.
    mixed = convert(frame, amount="pay", currency="USD", country="iso", year="yr", basis="ppp")
    assert mixed["basis_ppp"].str.contains("paid in USD").all()


def test_lower_case_codes_are_normalised() -> None:
    frame = pd.DataFrame(
        {"pay": [25_000.0, 25_000.0], "cur": ["gbp", " GBP "], "iso": ["gbr", "GBR"]}
    )
    out = convert(frame, amount="pay", currency="cur", country="iso", year=2024, basis="ppp")
    assert out["pay_ppp"].round().tolist() == [GBP_2024_PPP_INTD] * 2
    assert convert_amount(GBP_2024, "gbp", year=2024, to="usd").value == pytest.approx(
        convert_amount(GBP_2024, "GBP", year=2024).value, rel=0
    )


def test_categorical_and_nullable_key_columns() -> None:
    frame = pd.DataFrame(
        {
            "pay": [25_000.0, 1_000.0],
            "cur": pd.Categorical(["GBP", "USD"]),
            "yr": pd.array([2024, 2024], dtype="Int64"),
        }
    )
    out = convert(frame, amount="pay", currency="cur", year="yr")
    assert out["pay_market"].round().tolist() == [GBP_2024_MARKET_USD, 1_000]


def test_date_column_with_previous_fixing_records_fallback_per_row() -> None:
    frame = pd.DataFrame(
        {
            "pay": [1_000.0, 1_000.0, 1_000.0, 1_000.0],
            "paid_on": pd.to_datetime(["2024-01-05", "2024-01-06", "2024-01-08", "2024-01-07"]),
            "cur": ["GBP", "GBP", "GBP", "EUR"],
        },
        index=["fri", "sat", "mon", "sun"],
    )
    out = convert(frame, amount="pay", currency="cur", date="paid_on", missing="previous")
    fallback = out["fallback_market"].astype(str)
    assert fallback["fri"] == ""
    assert fallback["mon"] == ""
    assert fallback["sat"] == "previous fixing 2024-01-05 for 2024-01-06"
    assert fallback["sun"] == "previous fixing 2024-01-05 for 2024-01-07"
    assert out.attrs["fallback_rows"] == 2
    assert _number(out, "sat", "pay_market") == _number(out, "fri", "pay_market")
    friday = coderstats.exchange_rate("GBP", "USD", date="2024-01-05").rate
    assert out.loc["fri", "factor_market"] == pytest.approx(friday, rel=1e-12)


def test_date_on_a_weekend_raises_by_default() -> None:
    frame = pd.DataFrame({"pay": [1.0], "paid_on": ["2024-01-06"]})
    with pytest.raises(RateNotFoundError, match=r"2024-01-06.*Saturday.*missing='previous'"):
        convert(frame, amount="pay", currency="GBP", date="paid_on")


def test_date_literal_and_ppp_on_a_date() -> None:
    on_day = convert_amount(60_000, "USD", basis="ppp", country="IND", date="2024-03-15")
    rate = coderstats.exchange_rate("USD", "INR", date="2024-03-15").rate
    factor = worldbank.ppp_factors(["IND"], [2024])[0]
    assert on_day.value == pytest.approx(60_000 * rate / factor, rel=1e-12)
    assert "ECB reference rate 2024-03-15" in on_day.label


def test_out_of_range_clamp_is_reported() -> None:
    result = convert_amount(1.0, "GBP", year=2031, out_of_range="clamp")
    assert "clamped to 2026" in result.fallback
    frame = pd.DataFrame({"pay": [1.0, 1.0], "yr": [2024, 2031]})
    out = convert(frame, amount="pay", currency="GBP", year="yr", out_of_range="clamp")
    assert out.attrs["fallback_rows"] == 1


def test_duplicate_index_labels_are_kept() -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0]}, index=[0, 0])
    out = convert(frame, amount="pay", currency="GBP", year=2024)
    pd.testing.assert_index_equal(out.index, frame.index)


# --------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("code", ["XYZ", "", None, "xyz", 12, "US DOLLAR"])
def test_unknown_currency_scalar(code: object) -> None:
    with pytest.raises(UnknownCurrencyError, match=r"(?i)currency.*(ISO 4217|ECB)") as info:
        convert_amount(1.0, code, year=2024)  # type: ignore[arg-type]
    text = str(info.value)
    assert repr(code) in text or (isinstance(code, str) and code.upper() in text)
    assert "_currency" not in text  # no internal column names in messages


@pytest.mark.parametrize("code", ["XYZ", "", 12])
def test_unknown_currency_in_a_column(code: object) -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0], "cur": ["GBP", code]}, index=["a", "b"])
    with pytest.raises(UnknownCurrencyError, match=re.escape(repr(code)) + "|XYZ"):
        convert(frame, amount="pay", currency="cur", year=2024)


def test_unknown_currency_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownCurrencyError, match=r"'XYZ'.*EUR, GBP.*USD"):
        convert_amount(1.0, "XYZ", year=2024)


def test_misspelt_currency_column_is_named() -> None:
    frame = pd.DataFrame({"pay": [1.0], "currency": ["GBP"]})
    with pytest.raises(UnknownCurrencyError, match=r"'curency'.*not a column.*'currency'"):
        convert(frame, amount="pay", currency="curency", year=2024)


def test_currency_without_ecb_rates() -> None:
    with pytest.raises(UnknownCurrencyError, match=r"PKR.*no reference rate") as info:
        convert_amount(1.0, "PKR", year=2024, market_source="ecb")
    assert [(h.option, h.value) for h in info.value.hints] == [("market_source", "auto")]
    # By default the World Bank's official rate stands in: 278.580716 PKR per USD in 2024.
    pkr = convert_amount(278.580716, "PKR", year=2024)
    assert pkr.value == pytest.approx(1.0, rel=1e-6)
    assert pkr.label == "USD, market, World Bank official rate 2024 (annual average)"


def test_market_source_picks_the_publisher() -> None:
    ecb = convert_amount(25_000, "GBP", year=2024)
    assert ecb.label.startswith("USD, market, ECB 2024 annual mean")
    same = convert_amount(25_000, "GBP", year=2024, market_source="ecb")
    assert same == ecb
    wb = convert_amount(25_000, "GBP", year=2024, market_source="worldbank")
    assert wb.label == "USD, market, World Bank official rate 2024 (annual average)"
    assert wb.value == pytest.approx(25_000 / 0.782414580986262, rel=1e-12)
    assert wb.value == pytest.approx(ecb.value, rel=1e-3)
    # a currency the ECB stopped fixing (March 2022): the World Bank's rate for 2023
    rub = convert_amount(1_000, "RUB", year=2023)
    assert "World Bank official rate 2023" in rub.label
    # the CFA franc into euros: both legs through the US dollar, the rate of Benin
    xof = convert_amount(655.957, "XOF", to="EUR", year=2024)
    assert xof.label == "EUR, market, World Bank official rate 2024 (annual average, BEN)"


def test_official_rates_are_annual_only() -> None:
    with pytest.raises(RateNotFoundError, match=r"NGN->USD on 2024-03-15.*annual averages") as e:
        convert_amount(1.0, "NGN", date="2024-03-15")
    assert [h.option for h in e.value.hints] == ["year"]
    with pytest.raises(RateNotFoundError, match="World Bank rates were asked for"):
        convert_amount(1.0, "GBP", date="2024-03-15", market_source="worldbank")
    with pytest.raises(RateNotFoundError, match=r"NGN in 2030; years available for NGN: 2015"):
        convert_amount(1.0, "NGN", year=2030)
    clamped = convert_amount(1.0, "NGN", year=2030, out_of_range="clamp")
    assert clamped.fallback == "clamped to 2024 (World Bank official rates of NGN 2015-2024)"
    with pytest.raises(InvalidInputError, match="unknown market_source option 'imf'"):
        convert_amount(1.0, "NGN", year=2024, market_source="imf")  # type: ignore[arg-type]


@pytest.mark.parametrize("to", ["XYZ", None, "", "dollars"])
def test_unknown_target_currency(to: object) -> None:
    with pytest.raises(UnknownCurrencyError, match=r"(?i)XYZ|to=|currency"):
        convert_amount(1.0, "GBP", year=2024, to=to)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["XXX", "", None, 5])
def test_unknown_country(code: object) -> None:
    with pytest.raises((UnknownCountryError, InvalidInputError)) as info:
        convert_amount(1.0, "GBP", basis="ppp", country=code, year=2024)  # type: ignore[arg-type]
    if code is None:  # no country at all: a missing option, not a bad code
        assert isinstance(info.value, InvalidInputError)
        assert "needs the place where the pay is spent; pass country=" in str(info.value)
        assert [h.option for h in info.value.hints] == ["country"]
    else:
        assert isinstance(info.value, UnknownCountryError)
        assert repr(code) in str(info.value)
        assert re.search(r"ISO 3166|Countries available", str(info.value))


def test_country_without_ppp_factors_lists_those_with() -> None:
    with pytest.raises(UnknownCountryError, match=r"'TWN'.*206 economies have one"):
        convert_amount(1.0, "USD", basis="ppp", country="TWN", year=2024)


def test_country_column_with_missing_value() -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0], "iso": ["GBR", None]}, index=["a", "b"])
    with pytest.raises(
        InvalidInputError, match=r"column 'iso', 1 row, labels 'b'\] country is missing"
    ):
        convert(frame, amount="pay", currency="GBP", country="iso", year=2024, basis="ppp")


def test_ppp_year_outside_the_data_names_the_bounds() -> None:
    with pytest.raises(RateNotFoundError, match=r"GBR in 1990.*2015-2024"):
        convert_amount(1.0, "GBP", basis="ppp", country="GBR", year=1990)


def test_market_year_outside_the_data_names_the_bounds() -> None:
    with pytest.raises(
        RateNotFoundError, match=r"2031.*GBP bounds 1999-01-04/\d{4}-\d{2}-\d{2}.*out_of_range"
    ):
        convert_amount(1.0, "GBP", year=2031)


def test_cpi_year_outside_the_data_names_the_bounds() -> None:
    with pytest.raises(RateNotFoundError, match=r"1990.*covers 2000-"):
        convert_amount(1.0, "USD", basis="real", year=1990)


@pytest.mark.parametrize("year", ["2024", True, 2024.5, "yr"])
def test_malformed_year(year: object) -> None:
    with pytest.raises(InvalidInputError, match=r"year .* is not a whole year.*2024"):
        convert_amount(1.0, "GBP", year=year)


def test_year_column_with_missing_value() -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0], "yr": pd.array([2024, None], dtype="Int64")})
    with pytest.raises(InvalidInputError, match=r"column 'yr', 1 row, labels 1\] year is missing"):
        convert(frame, amount="pay", currency="GBP", year="yr")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (-1, "-1"),
        (-0.01, "-0.01"),
        (float("inf"), "inf"),
        ("52k", "'52k'"),
        ("$52,000", "'\\$52,000'"),
        (True, "True"),
        (None, "None"),
        (np.bool_(False), "False"),
    ],
)
def test_invalid_amount_scalar(amount: object, shown: str) -> None:
    with pytest.raises(InvalidAmountError, match=rf"amount {shown} is .*(number|finite)"):
        convert_amount(amount, "GBP", year=2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "shown", "row"),
    [
        ([1.0, -5.0], "-5.0", "'b'"),
        ([1.0, np.inf], "inf", "'b'"),
        (["52k", "1"], "'52k'", "'a'"),
        (["1", "$52,000"], "'\\$52,000'", "'b'"),
        ([1.0, True], "True", "'b'"),
        ([True, False], "True", "'a'"),
        ([1, "-3"], "'-3'", "'b'"),
    ],
)
def test_invalid_amount_in_a_column_names_value_and_row(
    values: list[object], shown: str, row: str
) -> None:
    frame = pd.DataFrame({"pay": values}, index=["a", "b"])
    pattern = rf"column 'pay', \d rows?, labels {row}.*\] amount {shown} "
    with pytest.raises(InvalidAmountError, match=pattern):
        convert(frame, amount="pay", currency="USD", year=2024)


def test_mixed_types_in_an_amount_column() -> None:
    frame = pd.DataFrame({"pay": pd.Series([1, "2", "x"], index=[10, 11, 12], dtype=object)})
    with pytest.raises(InvalidAmountError, match=r"column 'pay', 1 row, labels 12\] amount 'x' "):
        convert(frame, amount="pay", currency="USD", year=2024)


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(pd.to_datetime(["2024-01-01"])),
        pd.Series(pd.to_timedelta([1], unit="D")),
        pd.Series([1 + 2j]),
        pd.Series(pd.array([True], dtype="boolean")),
    ],
)
def test_amount_columns_of_other_kinds_are_refused(column: pd.Series) -> None:
    frame = pd.DataFrame({"pay": column})
    with pytest.raises(InvalidAmountError, match=r"'pay'.*(dtype|boolean)"):
        convert(frame, amount="pay", currency="USD", year=2024)


def test_currency_column_with_missing_value_names_the_row() -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0], "cur": ["GBP", None]}, index=["x", "y"])
    with pytest.raises(
        InvalidInputError, match=r"column 'cur', 1 row, labels 'y'\] currency is missing.*fill it"
    ):
        convert(frame, amount="pay", currency="cur", year=2024)


def test_missing_amount_column_lists_the_columns() -> None:
    frame = pd.DataFrame({"low": [1.0], "currency": ["GBP"]})
    with pytest.raises(
        InvalidInputError, match=r"amount column 'salary' not in the frame.*\['low', 'currency'\]"
    ):
        convert(frame, amount="salary", currency="currency", year=2024)


def test_no_amount_column() -> None:
    frame = pd.DataFrame({"low": [1.0]})
    with pytest.raises(InvalidInputError, match="amount names no column"):
        convert(frame, amount=[], currency="GBP", year=2024)


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("basis", "ppp_gdp", "nominal, market, ppp, real"),
        ("period", "fortnight", "year, month, week, hour"),
        ("to_period", "day", "year, month, week, hour"),
        ("indicator", "cpi", "private_consumption, gdp"),
        ("missing", "nearest", "raise, previous, interpolate"),
        ("out_of_range", "extrapolate", "raise, clamp"),
        ("foreign_currency", "ignore", "convert, raise"),
    ],
)
def test_unknown_option_lists_valid_values(option: str, value: str, valid: str) -> None:
    frame = pd.DataFrame({"pay": [1.0]})
    kwargs = {"amount": "pay", "currency": "GBP", "year": 2024, option: value}
    with pytest.raises(InvalidInputError, match=rf"{value!r}.*{valid}"):
        convert(frame, **kwargs)  # type: ignore[arg-type]


def test_both_year_and_date() -> None:
    with pytest.raises(InvalidInputError, match="both a year and a date") as info:
        convert_amount(1.0, "GBP", year=2024, date="2024-03-15")
    assert str(info.value).endswith("leave year= out, or leave date= out")
    assert [(h.option, h.leave_out) for h in info.value.hints] == [("year", 1), ("date", 1)]


def test_neither_year_nor_date() -> None:
    with pytest.raises(InvalidInputError, match=r"'market' needs a year or a date.*GBP to USD"):
        convert_amount(1.0, "GBP")


def test_malformed_date() -> None:
    frame = pd.DataFrame({"pay": [1.0], "paid_on": ["not a date"]})
    with pytest.raises(InvalidInputError, match=r"column 'paid_on'.*not a date"):
        convert(frame, amount="pay", currency="GBP", date="paid_on")


def test_ppp_without_country() -> None:
    with pytest.raises(InvalidInputError, match=r"basis 'ppp' needs .*; pass country= \("):
        convert_amount(1.0, "GBP", basis="ppp", year=2024)


def test_real_in_euros() -> None:
    with pytest.raises(InvalidInputError, match=r"'EUR' does not apply to basis 'real'.*US dol"):
        convert_amount(1.0, "USD", basis="real", year=2024, to="EUR")


@pytest.mark.parametrize("basis", ["ppp", "nominal"])
def test_target_currency_that_the_basis_ignores(basis: Basis) -> None:
    with pytest.raises(InvalidInputError, match=rf"'EUR' does not apply to basis '{basis}'") as e:
        convert_amount(1.0, "GBP", basis=basis, country="GBR", year=2024, to="EUR")
    assert "leave to= out, or pass basis='market' to convert into another" in str(e.value)


@pytest.mark.parametrize("basis", ["market", "nominal"])
def test_base_year_that_the_basis_ignores(basis: Basis) -> None:
    with pytest.raises(InvalidInputError, match=rf"base year 2024 does not apply.*'{basis}'"):
        convert_amount(1.0, "GBP", basis=basis, year=2020, base_year=2024)


@pytest.mark.parametrize("base_year", ["2024", 2024.5, True])
def test_malformed_base_year(base_year: object) -> None:
    with pytest.raises(InvalidInputError, match=r"base_year .* is not a whole year"):
        convert_amount(1.0, "USD", basis="real", year=2020, base_year=base_year)  # type: ignore[arg-type]


def test_output_column_that_exists_is_not_overwritten() -> None:
    frame = pd.DataFrame({"pay": [1.0], "pay_market": [99.0]})
    with pytest.raises(InvalidInputError, match=r"'pay_market' would overwrite.*suffix="):
        convert(frame, amount="pay", currency="GBP", year=2024)
    out = convert(frame, amount="pay", currency="GBP", year=2024, suffix="market_2024")
    assert out["pay_market"].iloc[0] == 99.0


def test_frame_must_be_a_dataframe() -> None:
    with pytest.raises(InvalidInputError, match=r"takes a pandas, polars.*got builtins.list"):
        convert([1.0], amount="pay", currency="GBP", year=2024)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (UnknownCurrencyError, ValueError),
        (UnknownCountryError, ValueError),
        (InvalidInputError, ValueError),
        (InvalidAmountError, ValueError),
        (CurrencyMismatchError, ValueError),
        (DataIntegrityError, ValueError),
        (RateNotFoundError, LookupError),
        (DataNotFoundError, FileNotFoundError),
    ],
)
def test_errors_are_also_builtins(error: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(error, CoderstatsError)
    assert issubclass(error, builtin)
    assert isinstance(error("x"), builtin)


@pytest.mark.parametrize(
    ("kwargs", "error", "builtin"),
    [
        pytest.param({"currency": "XYZ"}, UnknownCurrencyError, ValueError, id="currency"),
        pytest.param(
            {"basis": "ppp", "country": "XXX"}, UnknownCountryError, ValueError, id="country"
        ),
        pytest.param({"year": 2031}, RateNotFoundError, LookupError, id="year"),
        pytest.param({"amount": -1.0}, InvalidAmountError, ValueError, id="amount"),
        pytest.param({"basis": "spot"}, InvalidInputError, ValueError, id="option"),
        pytest.param(
            {"basis": "ppp", "country": "IND", "foreign_currency": "raise"},
            CurrencyMismatchError,
            ValueError,
            id="mismatch",
        ),
    ],
)
def test_raised_errors_are_caught_as_builtins(
    kwargs: dict[str, object], error: type[Exception], builtin: type[Exception]
) -> None:
    args = {"amount": 1.0, "currency": "GBP", "year": 2024, **kwargs}
    with pytest.raises(builtin) as info:
        convert_amount(**args)  # type: ignore[arg-type]
    assert isinstance(info.value, error)
    assert isinstance(info.value, CoderstatsError)


def test_suffix_with_a_leading_underscore_is_joined_once() -> None:
    frame = pd.DataFrame({"low": [25_000.0], "currency": ["GBP"]})
    out = convert(frame, amount="low", currency="currency", year=2024, suffix="_usd")
    assert list(out.columns[-4:]) == ["low_usd", "factor_usd", "basis_usd", "fallback_usd"]


@pytest.mark.parametrize("suffix", ["", "__", 5])
def test_unusable_suffix_is_refused(suffix: object) -> None:
    frame = pd.DataFrame({"low": [25_000.0], "currency": ["GBP"]})
    with pytest.raises(InvalidInputError, match=r"suffix .* is not usable"):
        convert(frame, amount="low", currency="currency", year=2024, suffix=suffix)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Bad rows: every problem named at once, or flagged per row with errors="coerce"
# --------------------------------------------------------------------------------------------

MIXED = pd.DataFrame(
    {
        "pay": [30_000.0, -1.0, 40_000.0, 50_000.0, 60_000.0, 70_000.0],
        "currency": ["GBP", "GBP", "CUP", "GBP", "EUR", "XYZ"],
        "iso3": ["GBR", "GBR", "CUB", "PRK", "DEU", "GBR"],
        "year": [2024, 2024, 2024, 2024, 2030, 2024],
    },
    index=["ok", "negative", "cuba", "north_korea", "future", "unknown"],
)


class _Columns(TypedDict, total=False):
    """Options of :func:`convert` some tests share (the others are given per call)."""

    amount: str
    currency: str
    country: str
    year: str | int
    basis: Basis


MIXED_OPTIONS: _Columns = {
    "amount": "pay",
    "currency": "currency",
    "country": "iso3",
    "year": "year",
    "basis": "ppp",
}


def test_every_bad_row_is_named_at_once() -> None:
    with pytest.raises(CoderstatsError) as info:
        convert(MIXED, **MIXED_OPTIONS)
    text = str(info.value)
    assert text.startswith("5 of 6 rows cannot be converted.")
    assert isinstance(info.value, InvalidAmountError)  # the first bad row's kind of error
    assert "[column 'pay', 1 row, labels 'negative'] amount -1.0" in text
    assert "[column 'iso3', 1 row, labels 'cuba'] no PPP factor" in text
    assert "[column 'year', 1 row, labels 'future'] no PPP factor" in text
    assert "errors='coerce'" in text
    assert "problem_ppp" in text


def test_coerce_flags_bad_rows_and_converts_the_rest() -> None:
    before = MIXED.copy()
    out = convert(MIXED, errors="coerce", **MIXED_OPTIONS)
    pd.testing.assert_frame_equal(MIXED, before)
    assert out.loc["ok", "pay_ppp"] == pytest.approx(
        convert_amount(30_000, "GBP", basis="ppp", country="GBR", year=2024).value
    )
    bad = out.index != "ok"
    assert out.loc[bad, ["pay_ppp", "factor_ppp"]].isna().all().all()
    assert out.loc[bad, "basis_ppp"].isna().all()
    problem = out["problem_ppp"]
    assert isinstance(problem.dtype, pd.CategoricalDtype)
    assert problem["ok"] == ""
    assert problem["unknown"].lower().startswith("unknown currency 'xyz'")
    assert "CUB" in problem["cuba"]
    assert "PRK" in problem["north_korea"]
    assert "2030" in problem["future"]
    assert sum(out.attrs["problems"].values()) == 5
    assert next(iter(out.attrs["problems"])) == problem["negative"]  # in order of first row


def test_coerce_on_clean_rows_adds_an_empty_problem_column() -> None:
    out = convert(MIXED.iloc[:1], errors="coerce", **MIXED_OPTIONS)
    assert out["problem_ppp"].tolist() == [""]
    assert out.attrs["problems"] == {}


def test_many_bad_rows_show_count_and_first_labels() -> None:
    frame = pd.DataFrame({"pay": [1.0] * 8, "currency": ["XYZ"] * 7 + ["GBP"]})
    with pytest.raises(
        UnknownCurrencyError, match=r"\[column 'currency', 7 rows, labels 0, 1, 2, 3, 4, \.\.\.\]"
    ):
        convert(frame, amount="pay", currency="currency", year=2024)


def test_errors_option_is_checked() -> None:
    with pytest.raises(InvalidInputError, match="errors option 'ignore'; valid: raise, coerce"):
        convert(MIXED, errors="ignore", **MIXED_OPTIONS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", [pd.Series(["GBP"]), ["GBP"], ("GBP",), np.array(["GBP"]), pd.Index(["GBP"])]
)
@pytest.mark.parametrize("option", ["currency", "year"])
def test_non_column_values_are_refused_clearly(value: object, option: str) -> None:
    frame = pd.DataFrame({"pay": [1.0], "cur": ["GBP"], "yr": [2024]})
    options: dict[str, object] = {"amount": "pay", "currency": "cur", "year": "yr", option: value}
    with pytest.raises(InvalidInputError, match=f"{option}= takes the name of a column"):
        convert(frame, **options)  # type: ignore[arg-type]


def test_a_series_as_amount_is_refused_clearly() -> None:
    frame = pd.DataFrame({"pay": [1.0], "cur": ["GBP"]})
    with pytest.raises(InvalidInputError, match="amount takes the name of a column"):
        convert(frame, amount=frame["pay"], currency="cur", year=2024)  # type: ignore[arg-type]


def test_a_column_is_never_called_a_value() -> None:
    frame = pd.DataFrame({"pay": [1.0], "currency": ["XYZ"]})
    with pytest.raises(UnknownCurrencyError) as info:
        convert(frame, amount="pay", currency="currency", year=2024)
    assert "is a value" not in str(info.value)
    with pytest.raises(UnknownCurrencyError, match="'curency' is a value and not a column"):
        convert(frame, amount="pay", currency="curency", year=2024)


def test_ppp_hint_names_the_option_convert_has() -> None:
    with pytest.raises(UnknownCountryError) as info:
        convert_amount(1, "CUP", basis="ppp", country="CUB", year=2024)
    assert "ppp_table=" in str(info.value)
    assert " table=" not in str(info.value)


def test_a_newer_ppp_table_is_used() -> None:
    table = worldbank.load_ppp()
    doubled = table.assign(lcu_per_intl_dollar=table["lcu_per_intl_dollar"] * 2)
    shipped = convert_amount(1000, "GBP", basis="ppp", country="GBR", year=2024)
    given = convert_amount(1000, "GBP", basis="ppp", country="GBR", year=2024, ppp_table=doubled)
    assert given.value == pytest.approx(shipped.value / 2)
    frame = pd.DataFrame({"pay": [1000.0, 1000.0], "iso3": ["GBR", "IND"]})
    options: _Columns = {
        "amount": "pay",
        "currency": "GBP",
        "country": "iso3",
        "year": 2024,
        "basis": "ppp",
    }
    plain = convert(frame, **options)["pay_ppp"]
    halved = convert(frame, ppp_table=doubled, **options)["pay_ppp"]
    assert halved.tolist() == pytest.approx((plain / 2).tolist())


def cpi_with_2026() -> pd.DataFrame:
    """The shipped CPI-U table with a made-up 2026 average, 10% over 2025."""
    table = load_cpi()
    extra = pd.DataFrame({"year": [2026], "series_id": ["CUUR0000SA0"], "cpi_u": [354.1373]})
    return pd.concat([table, extra], ignore_index=True)


def test_a_newer_cpi_table_is_used() -> None:
    table = cpi_with_2026()
    shipped = convert_amount(1000, "USD", basis="real", year=2025)
    assert shipped.value == 1000.0
    assert shipped.unit == "USD of 2025"
    given = convert_amount(1000, "USD", basis="real", year=2025, cpi_table=table)
    assert given.unit == "USD of 2026"  # the default base year is the table's latest
    assert given.value == pytest.approx(1100.0)
    with pytest.raises(RateNotFoundError, match="2026"):
        convert_amount(1000, "USD", basis="real", year=2025, base_year=2026)
    frame = pd.DataFrame({"pay": [1000.0, 2000.0], "yr": [2025, 2025]})
    out = convert(frame, amount="pay", currency="USD", year="yr", basis="real", cpi_table=table)
    assert out["pay_real"].tolist() == pytest.approx([1100.0, 2200.0])
    assert out.attrs["unit"] == "USD of 2026"
    ppp_plain = convert_amount(1000, "GBP", basis="ppp", country="GBR", year=2024, base_year=2025)
    ppp_newer = convert_amount(
        1000, "GBP", basis="ppp", country="GBR", year=2024, base_year=2026, cpi_table=table
    )
    assert ppp_newer.value == pytest.approx(ppp_plain.value * 1.1)


# --------------------------------------------------------------------------------------------
# Wrong numbers made impossible: dates of any year, extreme integers, overflow
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "used"),
    [("1500-01-01", "1999-01-04"), ("2500-06-30", "2026-10-30"), ("2609-01-01", "2026-10-30")],
)
@pytest.mark.parametrize("as_datetime", [False, True])
def test_dates_of_any_year_clamp_to_the_right_end(day: str, used: str, as_datetime: bool) -> None:
    dates = np.array([day], dtype="datetime64[s]") if as_datetime else [day]
    frame = pd.DataFrame({"pay": [100.0], "cur": ["GBP"], "day": dates})
    with pytest.raises(RateNotFoundError, match=day):
        convert(frame, amount="pay", currency="cur", date="day")
    out = convert(frame, amount="pay", currency="cur", date="day", out_of_range="clamp")
    assert out["fallback_market"].iloc[0].startswith(f"clamped to {used}")
    expected = convert_amount(100, "GBP", date=used)
    assert out["pay_market"].iloc[0] == pytest.approx(expected.value)


@pytest.mark.parametrize("day", ["01/03/2024", "03/01/2024", "2024-3-1", "20240301", "March 1"])
def test_dates_must_be_iso(day: str) -> None:
    frame = pd.DataFrame({"pay": [100.0, 100.0], "cur": ["GBP", "GBP"], "day": ["2024-03-01", day]})
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        convert(frame, amount="pay", currency="cur", date="day")
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        convert_amount(100, "GBP", date=day)


@pytest.mark.parametrize("basis", ["market", "real", "ppp"])
def test_extreme_integer_years_beside_ordinary_rows(basis: Basis) -> None:
    limits = np.iinfo(np.int64)
    years = np.array([2024, limits.max, limits.min, 2**40, 2023], dtype=np.int64)
    frame = pd.DataFrame(
        {
            "pay": [100.0] * 5,
            "cur": ["GBP", "INR", "GBP", "EUR", "INR"],
            "iso": ["GBR", "IND", "GBR", "DEU", "IND"],
            "yr": years,
        }
    )
    options: _Columns = {"amount": "pay", "currency": "cur", "year": "yr", "basis": basis}
    if basis == "ppp":
        options["country"] = "iso"
    with pytest.raises(RateNotFoundError, match=r"3 of 5 rows"):
        convert(frame, **options)
    out = convert(frame, errors="coerce", **options)
    alone = convert(frame.iloc[[0, 4]], **options)
    got = out[f"pay_{basis}"]
    np.testing.assert_array_equal(got.iloc[[0, 4]].to_numpy(), alone[f"pay_{basis}"].to_numpy())
    assert got.iloc[1:4].isna().all()
    assert str(limits.max) in out["problem_" + basis].iloc[1]


def test_extreme_years_clamp_to_the_right_end() -> None:
    limits = np.iinfo(np.int64)
    frame = pd.DataFrame(
        {"pay": [100.0] * 3, "cur": ["GBP"] * 3, "yr": [2024, limits.max, limits.min]}
    )
    out = convert(frame, amount="pay", currency="cur", year="yr", out_of_range="clamp")
    assert out["fallback_market"].iloc[1].startswith("clamped to 2026")
    assert out["fallback_market"].iloc[2].startswith("clamped to 1999")


@pytest.mark.parametrize(
    ("amount", "options"),
    [
        (1e308, {"currency": "USD", "to": "JPY", "year": 2024}),
        (1e306, {"currency": "USD", "basis": "nominal", "period": "hour"}),
        (1.7e308, {"currency": "USD", "basis": "real", "year": 2000, "base_year": 2025}),
    ],
)
def test_overflow_raises_never_returns_inf(amount: float, options: dict[str, object]) -> None:
    currency = options.pop("currency")
    with pytest.raises(InvalidAmountError, match="too large"):
        convert_amount(amount, currency, **options)  # type: ignore[arg-type]
    frame = pd.DataFrame({"pay": [1.0, amount], "cur": [currency, currency]})
    out = convert(frame, amount="pay", currency="cur", errors="coerce", **options)  # type: ignore[arg-type]
    values = out.filter(like="pay_").iloc[:, 0]
    assert np.isfinite(values.iloc[0])
    assert np.isnan(values.iloc[1])
    assert "too large" in str(out.filter(like="problem_").iloc[1, 0])


def test_every_basis_is_declared_once() -> None:
    from coderstats import _options
    from coderstats.engine import bases

    assert tuple(bases.BASES) == _options.BASES == BASES
    for basis in bases.BASES.values():
        assert basis.place in (None, *bases.PLACES)


def test_an_unknown_option_is_named_with_the_valid_ones() -> None:
    with pytest.raises(TypeError, match=r"unknown option 'basiss'; the options are to, basis"):
        convert_amount(1.0, "GBP", basiss="ppp", year=2024)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unknown option 'suffix'"):
        convert_amount(1.0, "GBP", year=2024, suffix="x")  # type: ignore[call-arg]


def test_remembered_scalars_follow_an_edited_table(edit_cell: Callable[..., Path]) -> None:
    from coderstats import _data

    before = convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024)
    assert convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024) == before
    shipped = (DATA / "ppp.csv").read_text(encoding="utf-8").split("\n")
    line = 1 + next(
        i for i, row in enumerate(shipped) if row.startswith("GBR,") and ",2024," in row
    )
    edit_cell("ppp.csv", line, "lcu_per_intl_dollar", "1.406990")  # GBR 2024, doubled
    _data.check_data(update_hashes=True)  # the deliberate edit, recorded
    after = convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024)
    assert after.value == pytest.approx(before.value / 2)


def test_ppp_after_the_last_release() -> None:
    us = convert_amount(100_000, "USD", basis="ppp", country="USA", year=2025)
    assert us.value == 100_000.0
    assert us.label.startswith("international $, PPP private consumption 2025 (1 in the United")
    with pytest.raises(RateNotFoundError, match="GBR in 2025") as info:
        convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2025)
    assert [h.option for h in info.value.hints] == ["ppp_table", "ppp_beyond"]
    carried = convert_amount(
        25_000, "GBP", basis="ppp", country="GBR", year=2025, ppp_beyond="carry"
    )
    shipped = convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024)
    # the 2024 factor, and the 2025 market rate is not needed (paid in the local currency)
    assert carried.value == shipped.value
    assert carried.fallback == "PPP factor of 2024 carried forward to 2025"
    assert "PPP private consumption 2024" in carried.label


def test_ppp_in_a_currency_the_country_no_longer_counts_in() -> None:
    # Croatia's factors are in euros back to 2015 (WDI restates the series): kuna paid in
    # 2020 are converted to euros at the ECB's 2020 mean first.
    hrk = convert_amount(25_000, "HRK", basis="ppp", country="HRV", year=2020)
    eur_per_hrk = convert_amount(1.0, "HRK", to="EUR", year=2020).value
    assert hrk.value == pytest.approx(25_000 * eur_per_hrk / 0.496315737764741)
    assert "paid in HRK, converted to EUR at ECB 2020" in hrk.label


def test_remote_pay_where_the_ecb_fixes_no_rate() -> None:
    # A US-paid remote coder in the Emirates: USD -> AED at the World Bank's official rate.
    are = convert_amount(100_000, "USD", basis="ppp", country="ARE", year=2024)
    assert are.value == pytest.approx(100_000 * 3.6725 / 2.5631099566799, rel=1e-6)
    assert "converted to AED at World Bank official rate 2024" in are.label


def test_an_older_wdi_release_changes_the_figure_and_says_so() -> None:
    # tests/data holds lines of the WDI file of 2022-07-20 (ICP 2017 based): India's 2021
    # factor there is 21.284674244849 LCU per international $, against 19.4689... shipped.
    older = worldbank.load_ppp(Path(__file__).parent / "data" / "API_PA.NUS.PRVT.PP_sample.csv")
    options: AmountOptions = {"basis": "ppp", "country": "IND", "year": 2021}
    then = convert_amount(300_000, "INR", **options | {"ppp_table": older})
    now = convert_amount(300_000, "INR", **options)
    assert then.value == pytest.approx(300_000 / 21.284674244849)
    assert then.value < now.value
    assert ", WDI release 2022-07-20, spent in IND" in then.label
    assert "WDI release" not in now.label


def test_a_retired_currency_is_refused_with_its_last_year() -> None:
    with pytest.raises(CurrencyMismatchError, match=r"HRK was last in use in 2023, not in 2024"):
        convert_amount(25_000, "HRK", basis="ppp", country="HRV", year=2024)
    with pytest.raises(CurrencyMismatchError, match=r"in DEU: EUR"):
        convert_amount(25_000, "DEM", basis="ppp", country="DEU", year=2020)
    # a currency still in use elsewhere is foreign pay, not a retired one
    paid = convert_amount(25_000, "GBP", basis="ppp", country="SLE", year=2023)
    assert "paid in GBP, converted to SLE at World Bank official rate 2023" in paid.label


def test_label_columns_hold_one_label_or_missing_per_row() -> None:
    # One label for every converted row (USD to USD), and a row that cannot be converted:
    # that row's labels are missing, the others keep theirs.
    frame = pd.DataFrame({"pay": [1_000.0, -5.0, 2_000.0], "cur": ["USD", "USD", "USD"]})
    out = convert(frame, amount="pay", currency="cur", year=2024, errors="coerce")
    basis = out["basis_market"]
    assert basis.isna().tolist() == [False, True, False]
    assert basis.iloc[0] == basis.iloc[2] == "USD, market, no conversion (already USD)"
    clean = convert(frame.iloc[[0, 2]], amount="pay", currency="cur", year=2024)
    assert clean["basis_market"].notna().all()
    assert clean["basis_market"].cat.codes.dtype == np.int8  # pandas' own type: no copy


@pytest.mark.parametrize("categories", [1, 126, 127, 32_766, 32_767])
def test_label_codes_take_the_type_pandas_keeps(categories: int) -> None:
    from coderstats.conversion import _code_type

    kind = _code_type(categories)
    dtype = pd.CategoricalDtype(pd.Index(np.arange(categories)))
    kept = pd.Categorical.from_codes(np.zeros(2, dtype=kind), dtype=dtype, validate=False)
    assert kept.codes.dtype == kind
