"""State price parities (BEA RPP) and basis='rpp' of the conversion pipeline."""

from __future__ import annotations

import pandas as pd
import pytest

import coderstats
from coderstats.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
)
from coderstats.rpp import load_rpp, rpp_factors

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
    with pytest.raises(InvalidInputError, match="needs us_state="):
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
