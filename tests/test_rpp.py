"""State price parities (BEA RPP) and basis='rpp' of the conversion pipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import coderstats
from coderstats.errors import (
    CurrencyMismatchError,
    DataIntegrityError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
)
from coderstats.reference import _core, rpp
from coderstats.reference.rpp import coverage, load_rpp, rpp_factors, vintage

# BEA SARPP line 5, "RPPs: All items", US = 100 (last updated February 20, 2025).
NY_2023 = 107.626
NY_2015 = 109.666
MS_2023 = 87.292


def test_table_covers_the_nation_50_states_and_dc_for_2015_to_2023() -> None:
    rpp = load_rpp()
    assert rpp["state_code"].nunique() == 52
    assert sorted(rpp["year"].unique().tolist()) == list(range(2015, 2024))
    assert (rpp.loc[rpp["state_code"] == "US", "rpp_all_items"] == 100.0).all()


@pytest.mark.parametrize(
    ("state", "year", "expected"),
    [("NY", 2023, NY_2023), ("New York", 2015, NY_2015), ("ms", 2023, MS_2023)],
)
def test_factors_by_code_or_name(state: str, year: int, expected: float) -> None:
    assert rpp_factors([state], [year])[0] == pytest.approx(expected / 100, rel=1e-12)


def test_convert_expresses_state_dollars_at_national_average_prices() -> None:
    frame = pd.DataFrame(
        {"pay": [50_000.0, 50_000.0, 50_000.0], "state": ["NY", "Mississippi", "US"]},
        index=["a", "b", "c"],
    )
    out = coderstats.convert(
        frame, amount="pay", currency="USD", us_state="state", year=2023, basis="rpp"
    )
    assert out["pay_rpp"].round().tolist() == [46457.0, 57279.0, 50000.0]
    assert "BEA RPP 2023 all items 107.6" in str(out.loc["a", "basis_rpp"])
    assert out.attrs["unit"] == "USD at national-average prices"
    assert list(frame.columns) == ["pay", "state"]


def test_rpp_with_pay_period_change() -> None:
    hourly = coderstats.convert_amount(
        50_000, "USD", basis="rpp", us_state="NY", year=2023, to_period="hour"
    )
    assert hourly.value == pytest.approx(50_000 / 1.07626 / 2080)


def test_rpp_needs_a_state_and_refuses_it_elsewhere() -> None:
    with pytest.raises(InvalidInputError, match=r"needs the place .*; pass us_state="):
        coderstats.convert_amount(50_000, "USD", basis="rpp", year=2023)
    with pytest.raises(InvalidInputError, match="does not apply"):
        coderstats.convert_amount(50_000, "USD", us_state="NY", year=2023)


def test_rpp_refuses_other_currencies() -> None:
    with pytest.raises(CurrencyMismatchError, match="convert the amount to USD first"):
        coderstats.convert_amount(50_000, "EUR", basis="rpp", us_state="NY", year=2023)


def test_unknown_state_and_year_outside_the_data() -> None:
    with pytest.raises(UnknownCountryError, match="unknown US state 'ZZ'"):
        coderstats.convert_amount(50_000, "USD", basis="rpp", us_state="ZZ", year=2023)
    with pytest.raises(RateNotFoundError, match="2015-2023"):
        coderstats.convert_amount(50_000, "USD", basis="rpp", us_state="NY", year=2024)


LIMITS = np.iinfo(np.int64)


@pytest.mark.parametrize("year", [LIMITS.min, LIMITS.min + 1, -1, 0, 2014, 2024, LIMITS.max])
def test_far_off_years_are_refused_not_wrapped(year: int) -> None:
    with pytest.raises(
        RateNotFoundError, match=rf"NY in {year}; years available for NY: 2015-2023"
    ):
        rpp_factors(["MS", "new york"], np.array([2023, year], dtype=np.int64))
    with pytest.raises(RateNotFoundError, match=str(year)):
        rpp_factors("NY", [year], table=load_rpp())


def test_unknown_state_lists_the_codes() -> None:
    with pytest.raises(UnknownCountryError, match=r"'Atlantis' at position 1;.*AK, AL, AR"):
        rpp_factors(["NY", "Atlantis"], [2023, 2023])


def test_coverage_and_vintage() -> None:
    cov = coverage()
    assert list(cov.columns) == ["key", "first_year", "last_year", "n_years"]
    assert cov.shape == (52, 4)
    assert set(cov["first_year"]) == {2015}
    assert set(cov["last_year"]) == {2023}
    assert set(cov["n_years"]) == {9}
    assert cov[cov["key"] == "NY"].to_numpy().tolist() == [["NY", 2015, 2023, 9]]
    assert "February 20, 2025" in vintage()


def newer_table() -> pd.DataFrame:
    """The shipped table with made-up 2024 parities: New York 110, the nation 100."""
    extra = pd.DataFrame(
        {
            "state": ["New York", "United States"],
            "state_code": ["NY", "US"],
            "year": [2024, 2024],
            "rpp_all_items": [110.0, 100.0],
        }
    )
    return pd.concat([load_rpp().drop(columns="geo_fips"), extra], ignore_index=True)


def test_a_newer_table() -> None:
    table = newer_table()
    assert rpp_factors(["NY", "new york", "US"], 2024, table=table).tolist() == [1.1, 1.1, 1.0]
    assert rpp_factors(["NY"], [2023], table=table).tolist() == [NY_2023 / 100]
    with pytest.raises(RateNotFoundError, match=r"MS in 2024.*2015-2023"):
        rpp_factors(["MS"], [2024], table=table)
    assert coverage(table).query("key == 'NY'")["last_year"].tolist() == [2024]
    assert vintage(table) == "not stated"
    codes_only = table.drop(columns="state")
    assert rpp_factors(["NY"], [2024], table=codes_only).tolist() == [1.1]
    with pytest.raises(UnknownCountryError, match="'New York'"):
        rpp_factors(["New York"], [2024], table=codes_only)
    with pytest.raises(DataIntegrityError, match=r"field 'rpp_all_items': 0.0 is not a positive"):
        rpp_factors(["NY"], [2024], table=table.assign(rpp_all_items=0.0))


def test_convert_uses_a_newer_table() -> None:
    table = newer_table()
    given = coderstats.convert_amount(
        55_000, "USD", basis="rpp", us_state="NY", year=2024, rpp_table=table
    )
    assert given.value == pytest.approx(50_000.0)
    assert "BEA RPP 2024 all items 110.0" in given.label
    frame = pd.DataFrame({"pay": [55_000.0, 50_000.0], "state": ["NY", "US"]})
    out = coderstats.convert(
        frame,
        amount="pay",
        currency="USD",
        us_state="state",
        year=2023,
        rpp_table=table,
        basis="rpp",
    )
    assert out["pay_rpp"].tolist() == pytest.approx([55_000 / 1.07626, 50_000.0])
    with pytest.raises(RateNotFoundError, match="2015-2023"):
        coderstats.convert_amount(1.0, "USD", basis="rpp", us_state="NY", year=2024)


def test_a_user_table_is_indexed_once(year_tables_built: list[str]) -> None:
    calls = year_tables_built
    table = newer_table()
    rpp_factors(["NY"], [2024], table=table)
    rpp_factors(["CA", "NY"], [2023, 2024], table=table)
    coderstats.convert_amount(1.0, "USD", basis="rpp", us_state="NY", year=2024, rpp_table=table)
    coverage(table)
    assert calls == ["RPP table"]


def test_the_shipped_table_is_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rpp_factors(["NY"], [2023])

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the shipped table was indexed again")

    monkeypatch.setattr(rpp, "load_rpp", refuse)
    monkeypatch.setattr(_core.YearTable, "from_frame", refuse)
    assert rpp_factors(["NY"], [2023]).tolist() == [NY_2023 / 100]
