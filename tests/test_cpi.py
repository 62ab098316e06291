"""CPI-U annual averages (BLS CUUR0000SA0) and constant-dollar adjustment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coderstats._compat import TEXT
from coderstats.errors import (
    DataIntegrityError,
    InvalidAmountError,
    InvalidInputError,
    RateNotFoundError,
)
from coderstats.reference import _core, cpi
from coderstats.reference.cpi import (
    SERIES_ID,
    coverage,
    cpi_factors,
    deflate,
    latest_year,
    load_cpi,
    vintage,
)

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
        "series_id": TEXT,
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


LIMITS = np.iinfo(np.int64)


@pytest.mark.parametrize("year", [LIMITS.min, LIMITS.min + 1, -1, 0, 9999, 10**15, LIMITS.max])
def test_far_off_years_are_refused_not_wrapped(year: int) -> None:
    with pytest.raises(RateNotFoundError, match=rf"year {year}: .*covers 2000-2025"):
        cpi_factors([2020, year], 2024)
    with pytest.raises(RateNotFoundError, match=rf"year {year}: "):
        cpi_factors(np.array([2020]), np.array([year], dtype=np.int64))
    with pytest.raises(RateNotFoundError, match=str(year)):
        cpi_factors([year], 2024, table=load_cpi())


def test_coverage_vintage_and_latest_year() -> None:
    cov = coverage()
    assert list(cov.columns) == ["key", "first_year", "last_year", "n_years"]
    assert cov.shape == (1, 4)
    assert cov.to_numpy().tolist() == [[SERIES_ID, 2000, 2025, 26]]
    assert "August 2026" in vintage()
    assert latest_year() == 2025


def newer_table() -> pd.DataFrame:
    """The shipped table with a made-up 2026 row (2% over 2025) and its 2015 row dropped."""
    table = load_cpi()
    extra = pd.DataFrame({"year": [2026], "series_id": [SERIES_ID], "cpi_u": [321.943 * 1.02]})
    return pd.concat([table[table["year"] != 2015], extra], ignore_index=True)


def test_a_newer_table() -> None:
    table = newer_table()
    assert latest_year(table) == 2026
    assert cpi_factors([2025], 2026, table=table).tolist() == pytest.approx([1.02])
    assert deflate(100.0, 2025, to=2026, table=table) == pytest.approx(102.0)
    assert vintage(table) == "not stated"
    assert coverage(table).to_numpy().tolist() == [[SERIES_ID, 2000, 2026, 26]]
    with pytest.raises(RateNotFoundError, match=r"covers 2000-2014, 2016-2026"):
        cpi_factors([2015], 2024, table=table)
    with pytest.raises(RateNotFoundError, match="2026"):
        cpi_factors([2024], 2026)  # the shipped table is unchanged
    without_series = table.drop(columns="series_id")
    assert cpi_factors([2025], 2026, table=without_series).tolist() == pytest.approx([1.02])


def test_a_bad_table_names_the_row() -> None:
    table = load_cpi()
    with pytest.raises(DataIntegrityError, match=r"row 3, field 'cpi_u': -1.0 is not a positive"):
        cpi_factors(
            [2020], 2024, table=table.assign(cpi_u=table["cpi_u"].mask(table.index == 3, -1.0))
        )
    twice = pd.concat([table, table.iloc[[5]]], ignore_index=True)
    with pytest.raises(
        DataIntegrityError, match=r"two values for CUUR0000SA0 2005 \(rows 5 and 26\)"
    ):
        cpi_factors([2020], 2024, table=twice)
    other = table.assign(series_id=["CUUR0000SA0"] * 25 + ["CUSR0000SA0"])
    with pytest.raises(DataIntegrityError, match="several series"):
        cpi_factors([2020], 2024, table=other)
    with pytest.raises(DataIntegrityError, match="lacks the column"):
        latest_year(table.drop(columns="cpi_u"))


def test_a_user_table_is_indexed_once(year_tables_built: list[str]) -> None:
    calls = year_tables_built
    table = newer_table()
    cpi_factors([2020, 2021], 2026, table=table)
    deflate(1.0, 2020, to=2026, table=table)
    latest_year(table)
    coverage(table)
    assert calls == ["CPI table"]


def test_the_shipped_table_is_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    cpi_factors([2020], 2024)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the shipped table was indexed again")

    monkeypatch.setattr(cpi, "load_cpi", refuse)
    monkeypatch.setattr(_core.YearTable, "from_frame", refuse)
    assert cpi_factors([2015], 2024).tolist() == [313.689 / 237.017]
    assert latest_year() == 2025


# --------------------------------------------------------------------------------------------
# Monthly CPI-U (BLS CUUR0000SA0)


def test_monthly_index_as_bls_publishes_it() -> None:
    from coderstats.reference.cpi import load_cpi_monthly, monthly_index

    # BLS CPI release tables: May 2025 321.465, Sep. 2025 324.800, May 2026 335.123.
    assert monthly_index(2025, 5) == 321.465
    assert monthly_index(2025, 9) == 324.8
    assert monthly_index(2026, 5) == 335.123
    monthly = load_cpi_monthly()
    assert (int(monthly["year"].min()), int(monthly["year"].max())) == (2000, 2026)
    assert len(monthly) == 26 * 12 + 5 - 1  # January 2000 to May 2026, less October 2025


def test_a_month_bls_did_not_publish_is_named() -> None:
    from coderstats.reference.cpi import monthly_index

    with pytest.raises(RateNotFoundError, match=r"2025-10: the BLS published none"):
        monthly_index(2025, 10)
    with pytest.raises(RateNotFoundError, match=r"1999-05: the table covers 2000-01 to 2026-05"):
        monthly_index(1999, 5)
    with pytest.raises(InvalidInputError, match=r"month 13 is not a month"):
        monthly_index(2024, 13)


def test_deflate_by_month() -> None:
    got = deflate(37_110, 2015, to=2025, month=5)
    assert got == pytest.approx(37_110 * 321.465 / 237.805)
    assert got != pytest.approx(deflate(37_110, 2015, to=2025))
    with pytest.raises(InvalidInputError, match="leave table= out, or leave month= out"):
        deflate(1.0, 2015, to=2025, month=5, table=load_cpi())
