"""Comparison frames: countries side by side, the level ladder, guide vs BLS outlook."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from coderstats import InvalidInputError, RateNotFoundError, compare, convert_amount
from coderstats.compare import (
    compare_countries,
    outlook_summary,
    salary_ladder,
)
from coderstats.datasets import load_outlook


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return compare_countries(year=2024)


def row(frame: pd.DataFrame, iso3: str, segment: str = "all coders") -> pd.Series:
    hit = frame[(frame["iso3"] == iso3) & (frame["segment"] == segment)]
    assert len(hit) == 1, (iso3, segment)
    return hit.iloc[0]


def _number(frame: pd.DataFrame, label: str | int, column: str) -> float:
    """One number of a frame (the stubs type ``.loc[row, column]`` as any scalar)."""
    value = frame.loc[label, column]
    assert isinstance(value, float)
    return value


def _text(frame: pd.DataFrame, label: str, column: str) -> str:
    """One text cell of a frame."""
    value = frame.loc[label, column]
    assert isinstance(value, str)
    return value


# --------------------------------------------------------------------------------------------
# compare_countries
# --------------------------------------------------------------------------------------------


def test_one_row_per_country_and_segment(countries: pd.DataFrame) -> None:
    assert len(countries) == 7
    assert list(countries["iso3"]) == ["USA", "USA", "CAN", "GBR", "DEU", "AUS", "IND"]
    assert countries[["iso3", "segment"]].duplicated().sum() == 0


@pytest.mark.parametrize(
    ("iso3", "column", "expected"),
    [
        ("IND", "market_usd_low", 3_586),
        ("IND", "ppp_intd_low", 15_078),
        ("GBR", "market_usd_low", 31_965),
        ("GBR", "market_usd_high", 57_537),
        ("GBR", "ppp_intd_low", 35_537),
    ],
)
def test_converted_figures(countries: pd.DataFrame, iso3: str, column: str, expected: int) -> None:
    assert round(row(countries, iso3)[column]) == expected


def test_us_rows_are_not_converted(countries: pd.DataFrame) -> None:
    us = countries[countries["iso3"] == "USA"]
    for side in ("low", "high"):
        np.testing.assert_array_equal(us[f"market_usd_{side}"], us[side])
        np.testing.assert_allclose(us[f"ppp_intd_{side}"], us[side])  # US PPP factor is 1


def test_midpoints(countries: pd.DataFrame) -> None:
    np.testing.assert_allclose(
        countries["midpoint_local"], (countries["low"] + countries["high"]) / 2
    )
    np.testing.assert_allclose(
        countries["market_usd_mid"],
        (countries["market_usd_low"] + countries["market_usd_high"]) / 2,
    )


def test_guide_approx_usd_beside_the_computed_figure(countries: pd.DataFrame) -> None:
    gbr = row(countries, "GBR")
    assert gbr["guide_approx_usd_low"] == 32_000
    assert gbr["guide_approx_usd_high"] == 57_000
    assert gbr["guide_vs_market_low"] == pytest.approx(32_000 / gbr["market_usd_low"] - 1)
    assert gbr["guide_vs_market_low"] == pytest.approx(0.0011, abs=5e-5)
    ind = row(countries, "IND")
    assert (ind["guide_approx_usd_low"], ind["guide_approx_usd_high"]) == (3_600, 7_200)
    assert ind["guide_vs_market_low"] == pytest.approx(3_600 / 3_585.77 - 1, abs=1e-4)
    # The guide gives no approx. USD for the US and Canada: missing, never made up.
    for iso3, segment in [("USA", "entry-level"), ("CAN", "all coders")]:
        r = row(countries, iso3, segment)
        assert np.isnan(r["guide_approx_usd_low"])
        assert np.isnan(r["guide_vs_market_low"])
    # Every approx. USD the guide gives is within 1 % of the 2024 market conversion.
    diffs = countries[["guide_vs_market_low", "guide_vs_market_high"]].to_numpy().ravel()
    assert np.nanmax(np.abs(diffs)) < 0.01


def test_shares_of_the_us_reference(countries: pd.DataFrame) -> None:
    assert countries.attrs["us_reference_usd"] == 60_000
    us = row(countries, "USA", "entry-level")
    assert us["share_of_us_market"] == pytest.approx(47_500 / 60_000)
    assert row(countries, "USA", "experienced")["share_of_us_ppp"] == pytest.approx(72_500 / 60_000)
    ind = row(countries, "IND")
    assert ind["share_of_us_market"] == pytest.approx(ind["market_usd_mid"] / 60_000)
    assert round(ind["share_of_us_market"], 3) == 0.090
    assert round(ind["share_of_us_ppp"], 3) == 0.377
    # Counting purchasing power moves India from under a tenth to over a third of US pay.
    assert ind["share_of_us_ppp"] > 4 * ind["share_of_us_market"]


def test_ranks(countries: pd.DataFrame) -> None:
    ranks = countries.set_index(["iso3", "segment"])
    for basis in ("market", "ppp"):
        assert ranks[f"rank_{basis}"].dtype == "Int64"
        assert sorted(ranks[f"rank_{basis}"]) == list(range(1, 8))
        assert ranks.loc[("USA", "experienced"), f"rank_{basis}"] == 1
        assert ranks.loc[("IND", "all coders"), f"rank_{basis}"] == 7
    assert ranks.loc[("DEU", "all coders"), "rank_market"] == 2
    assert ranks.loc[("USA", "entry-level"), "rank_market"] == 3
    # At PPP, Germany, the UK and Canada overtake the US entry-level range.
    assert ranks.loc[("USA", "entry-level"), "rank_ppp"] == 5
    assert ranks.loc[("GBR", "all coders"), "rank_ppp"] == 3


def test_basis_labels_and_attrs(countries: pd.DataFrame) -> None:
    gbr = row(countries, "GBR")
    assert gbr["basis_market"] == (
        "USD, market, ECB 2024 annual mean of daily cross rates (256 fixing days)"
    )
    assert gbr["basis_ppp"].startswith("international $, PPP private consumption 2024")
    assert countries.attrs["year"] == 2024
    assert countries.attrs["indicator"] == "private_consumption"
    assert countries.attrs["bases"] == ["market", "ppp"]
    publishers = [c["publisher"] for c in countries.attrs["sources"]]
    assert "European Central Bank" in publishers
    assert "World Bank" in publishers
    assert publishers[0] == "Himalayas"  # the guide's publisher
    ppp = next(c for c in countries.attrs["sources"] if c["publisher"] == "World Bank")
    assert "PA.NUS.PRVT.PP" in ppp["title"]


def test_one_basis_only() -> None:
    market = compare_countries(year=2024, basis="market")
    assert "market_usd_low" in market.columns
    assert not [c for c in market.columns if "ppp" in c]
    assert "guide_vs_market_low" in market.columns
    ppp = compare_countries(year=2024, basis=["ppp"])
    assert "ppp_intd_low" in ppp.columns
    assert not [c for c in ppp.columns if "market" in c]
    assert ppp.attrs["bases"] == ["ppp"]
    assert "European Central Bank" not in [c["publisher"] for c in ppp.attrs["sources"]]


def test_gdp_indicator() -> None:
    gdp = compare_countries(year=2024, basis="ppp", indicator="gdp")
    assert row(gdp, "GBR")["basis_ppp"].startswith("international $, PPP GDP 2024")
    cited = [c["title"] for c in gdp.attrs["sources"] if c["publisher"] == "World Bank"]
    assert len(cited) == 1
    assert "PA.NUS.PPP" in cited[0]
    default = compare_countries(year=2024, basis="ppp")
    assert row(gdp, "IND")["ppp_intd_low"] != row(default, "IND")["ppp_intd_low"]


def test_another_year() -> None:
    earlier = compare_countries(year=2023)
    assert earlier.attrs["year"] == 2023
    assert "2023 annual mean" in row(earlier, "GBR")["basis_market"]
    assert row(earlier, "GBR")["market_usd_low"] == pytest.approx(25_000 * 1.24338, rel=1e-4)


@pytest.mark.parametrize("basis", ["nominal", "real", "PPP", ["market", "usd"], []])
def test_bad_basis(basis: object) -> None:
    with pytest.raises(InvalidInputError, match="valid: market, ppp"):
        compare_countries(year=2024, basis=basis)  # type: ignore[arg-type]


def test_bad_year_and_indicator() -> None:
    with pytest.raises(RateNotFoundError, match=r"no figures for 1990.*2015-2024"):
        compare_countries(year=1990)
    with pytest.raises(InvalidInputError, match="indicator"):
        compare_countries(year=2024, indicator="household")


@pytest.mark.parametrize("year", ["2024", 2024.5, True])
def test_year_must_be_a_whole_number(year: object) -> None:
    with pytest.raises(InvalidInputError, match="not a whole year") as info:
        compare_countries(year=year)  # type: ignore[arg-type]
    message = str(info.value)
    assert repr(year) in message
    assert "columns" not in message  # no listing of an internal frame


def test_the_default_year_is_the_latest_every_country_has() -> None:
    from coderstats.compare import years

    assert years() == range(2015, 2025)
    assert compare_countries().attrs["year"] == years()[-1] == 2024
    assert compare_countries(year=None).attrs["year"] == 2024


def test_numpy_year_is_accepted() -> None:
    year = np.int64(2024)  # accepted, although the signature says int
    assert compare_countries(year=year, basis="market").attrs["year"] == 2024  # type: ignore[arg-type]


def test_new_frame_every_call(countries: pd.DataFrame) -> None:
    again = compare_countries(year=2024)
    again.loc[0, "low"] = -1.0
    assert compare_countries(year=2024).loc[0, "low"] == 40_000
    pd.testing.assert_frame_equal(countries, compare_countries(year=2024))


# --------------------------------------------------------------------------------------------
# salary_ladder
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ladder() -> pd.DataFrame:
    return salary_ladder()


def test_ladder_levels_and_bands(ladder: pd.DataFrame) -> None:
    assert len(ladder) == 7
    assert str(ladder["level"].iloc[0]) == "Junior Medical Coder"
    assert str(ladder["level"].iloc[-1]) == "Director of Medical Coding"
    assert list(ladder["experience_band"]) == ["0-1", "1-3", "3-5", "5-8", "8-12", "12-15", "15+"]
    assert ladder["band_years"].tolist()[:6] == [1, 2, 2, 3, 4, 3]
    assert ladder["band_years"].isna().iloc[-1]  # 15+ is open-ended


def test_ladder_steps(ladder: pd.DataFrame) -> None:
    junior = ladder.iloc[0]
    assert junior["step_median_usd"] == 10_000
    assert round(junior["step_median_pct"], 3) == 0.238
    assert junior["step_average_usd"] == 10_000
    assert round(junior["step_average_pct"], 4) == 0.2222
    assert ladder["step_median_usd"].tolist()[:6] == [
        10_000.0,
        13_000.0,
        10_000.0,
        10_000.0,
        15_000.0,
        30_000.0,
    ]
    manager = ladder.iloc[5]
    assert manager["step_median_pct"] == pytest.approx(0.30)


def test_ladder_growth(ladder: pd.DataFrame) -> None:
    # One year in the junior band: the yearly growth is the whole step.
    assert ladder.loc[0, "yearly_growth_median_pct"] == pytest.approx(10_000 / 42_000)
    # Medical Coder -> Senior over two years: (65,000 / 52,000) ** (1/2) - 1.
    assert ladder.loc[1, "yearly_growth_median_pct"] == pytest.approx((65 / 52) ** 0.5 - 1)
    assert round(_number(ladder, 1, "yearly_growth_median_pct"), 4) == 0.1180


def test_ladder_top_level_is_missing_by_design(ladder: pd.DataFrame) -> None:
    top = ladder.iloc[-1]
    for column in [c for c in ladder.columns if c.startswith(("step_", "yearly_growth_"))]:
        assert np.isnan(top[column]), column
    # ...and nothing else is missing.
    body = ladder.iloc[:-1][[c for c in ladder.columns if c.startswith(("step_", "yearly"))]]
    assert body.notna().all().all()


def test_ladder_cites_the_guide(ladder: pd.DataFrame) -> None:
    assert [c["publisher"] for c in ladder.attrs["sources"]] == ["Himalayas"]


# --------------------------------------------------------------------------------------------
# outlook_summary
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outlook() -> pd.DataFrame:
    return outlook_summary().set_index("metric")


@pytest.mark.parametrize(
    ("metric", "guide", "bls", "code"),
    [
        ("median_pay_annual", 47_180.0, 48_780.0, "29-2072"),
        ("employment_pct_change", 7.0, 8.7, "29-2072"),
        ("annual_openings", 34_300.0, 15_000.0, "29-2072"),
        ("employment_change", 18_700.0, 6_400.0, "29-9021"),
    ],
)
def test_outlook_rows(
    outlook: pd.DataFrame, metric: str, guide: float, bls: float, code: str
) -> None:
    r = outlook.loc[metric]
    assert r["guide_value"] == guide
    assert r["bls_value"] == bls
    assert r["bls_soc_code"] == code
    assert r["relative_difference"] == pytest.approx(guide / bls - 1)
    assert not r["agrees"]  # every one of the guide's figures differs from BLS 2023-33


def test_outlook_periods_and_vintage(outlook: pd.DataFrame) -> None:
    assert list(outlook.index) == [
        "median_pay_annual",
        "employment_pct_change",
        "annual_openings",
        "employment_change",
    ]
    assert outlook.loc["employment_pct_change", "guide_period"] == "2022-2032"
    assert outlook.loc["employment_pct_change", "bls_period"] == "2023-2033"
    assert outlook.loc["median_pay_annual", "bls_period"] == "May 2023"
    assert outlook.loc["annual_openings", "bls_vintage"] == "2023-33 projections"
    assert _text(outlook, "employment_change", "bls_occupation").startswith(
        "Health information technologists"
    )
    assert outlook.loc["median_pay_annual", "unit"] == "USD per year"
    assert round(_number(outlook, "median_pay_annual", "relative_difference"), 4) == -0.0328


def test_outlook_columns_and_sources() -> None:
    summary = outlook_summary()
    assert list(summary.columns) == [
        "metric",
        "unit",
        "guide_value",
        "guide_period",
        "guide_wording",
        "bls_value",
        "bls_soc_code",
        "bls_occupation",
        "bls_period",
        "bls_vintage",
        "relative_difference",
        "agrees",
    ]
    assert summary["agrees"].dtype == "boolean"
    publishers = [c["publisher"] for c in summary.attrs["sources"]]
    assert "U.S. Bureau of Labor Statistics" in publishers
    bls = [c for c in summary.attrs["sources"] if c["publisher"].startswith("U.S.")]
    assert len(bls) == 1
    assert "2023-33" in bls[0]["vintage"]


def test_agrees_is_missing_without_a_bls_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    real = load_outlook  # the function compare imported from coderstats.datasets

    def without_new_jobs() -> pd.DataFrame:
        frame = real()
        drop = (
            (frame["source"] == "BLS")
            & (frame["metric"] == "employment_change")
            & (frame["soc_code"] == "29-9021")
        )
        return frame[~drop].reset_index(drop=True)

    monkeypatch.setattr(compare, "load_outlook", without_new_jobs)
    summary = outlook_summary().set_index("metric")
    assert summary["agrees"].dtype == "boolean"
    assert summary["agrees"].isna().tolist() == [False, False, False, True]
    assert np.isnan(_number(summary, "employment_change", "bls_value"))
    assert not summary.loc["median_pay_annual", "agrees"]


def test_new_jobs_row_uses_the_2023_33_projections(outlook: pd.DataFrame) -> None:
    # outlook_summary compares with one edition throughout; the audit checks this claim
    # against the 2022-32 Handbook (6,200) and names this figure too.
    row = outlook.loc["employment_change"]
    assert row["bls_vintage"] == "2023-33 projections"
    assert row["bls_value"] == 6_400


def test_newer_tables_are_used_for_every_country() -> None:
    from coderstats.reference import ecb, worldbank

    rates = ecb.load_ecb_rates()
    cheaper = rates.assign(
        units_per_eur=rates["units_per_eur"].where(
            rates["currency"] != "USD", rates["units_per_eur"] * 2
        )
    )
    ppp = worldbank.load_ppp()
    halved = ppp.assign(lcu_per_intl_dollar=ppp["lcu_per_intl_dollar"] / 2)
    shipped = compare_countries(year=2024)
    given = compare_countries(year=2024, rates=cheaper, ppp_table=halved)
    india = (shipped["iso3"] == "IND").to_numpy()
    # Twice the dollars per euro: every non-euro, non-dollar currency buys twice the dollars.
    assert given.loc[india, "market_usd_low"].iloc[0] == pytest.approx(
        2 * shipped.loc[india, "market_usd_low"].iloc[0]
    )
    assert given.loc[india, "ppp_intd_low"].iloc[0] == pytest.approx(
        2 * shipped.loc[india, "ppp_intd_low"].iloc[0]
    )


def test_own_rows_beside_the_guides() -> None:
    mine = pd.DataFrame(
        {"iso3": ["PHL", "NGA"], "currency": ["PHP", "NGN"], "low": [240_000, 2e6]}
        | {"high": [360_000, 4e6], "segment": ["remote", "local"]}
    )
    before = mine.copy()
    out = compare_countries(mine, year=2024)
    pd.testing.assert_frame_equal(mine, before)  # the caller's frame is left alone
    assert out["iso3"].tolist() == ["PHL", "NGA"]
    assert out["country"].tolist() == ["PHL", "NGA"]  # no names given: the codes
    nga = convert_amount(3e6, "NGN", basis="ppp", country="NGA", year=2024).value
    assert out.loc[1, "ppp_intd_mid"] == pytest.approx(nga)
    assert "World Bank official rate 2024" in str(out.loc[1, "basis_market"])
    assert "guide_approx_usd_low" not in out.columns  # the guide's own figures: its rows only


def test_several_years_one_block_each() -> None:
    both = compare_countries(year=[2023, 2024])
    single = compare_countries(year=2024)
    assert "year" not in single.columns
    assert both["year"].tolist() == [2023] * len(single) + [2024] * len(single)
    last = both[both["year"] == 2024].drop(columns="year").reset_index(drop=True)
    pd.testing.assert_frame_equal(last, single, check_dtype=False, check_categorical=False)
    assert both.attrs["year"] == [2023, 2024]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (pd.DataFrame({"iso3": ["PHL"], "pay": [1.0]}), "lack the column(s) currency"),
        ([("PHL", "PHP", 1.0)], "rows must be a DataFrame"),
    ],
)
def test_own_rows_that_cannot_be_compared(rows: object, words: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(words)):
        compare_countries(rows, year=2024)  # type: ignore[arg-type]
