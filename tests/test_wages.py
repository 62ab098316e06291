"""coderstats.wages: the BLS wage distribution, its history in constant dollars, the states."""

from __future__ import annotations

import pytest

from coderstats import wages
from coderstats.errors import InvalidInputError, RateNotFoundError

# BLS OEWS May 2022, 29-2072, annual: 10th, 25th, median, 75th, 90th percentile; mean.
MAY_2022 = [31710.0, 37510.0, 47180.0, 60170.0, 75460.0]
# CPI-U May indexes (BLS CUUR0000SA0): May 2015 237.805, May 2025 321.465.
MAY_CPI_2015, MAY_CPI_2025 = 237.805, 321.465


def test_the_distribution_of_a_may_year() -> None:
    dist = wages.wage_distribution(year=2022)
    annual = dist[dist["period"] == "year"]
    pct = annual[annual["statistic"] != "mean"]
    assert pct["percentile"].tolist() == [10, 25, 50, 75, 90]
    assert pct["wage_usd"].tolist() == MAY_2022
    mean = annual[annual["statistic"] == "mean"].iloc[0]
    assert (mean["wage_usd"], mean["rse_pct"]) == (51090.0, 0.5)
    assert pct["rse_pct"].isna().all()  # BLS publishes no RSE for percentiles
    hourly = dist[(dist["period"] == "hour") & (dist["statistic"] == "median")]
    assert hourly["wage_usd"].item() == 22.69
    assert set(dist["occ_code"]) == {"29-2072"}
    assert not dist["crosswalk"].any()
    assert (dist["marker"] == "").all()
    assert set(dist["employment"]) == {187720.0}


def test_another_code_is_flagged_as_a_crosswalk() -> None:
    default = wages.wage_distribution(year=2019)
    assert set(default["occ_code"]) == {"29-2098"}
    assert default["crosswalk"].all()
    assert set(default["soc_vintage"]) == {"SOC 2018 hybrid"}
    beside = wages.wage_distribution(year=2023, code="29-9021")
    median = beside[(beside["period"] == "year") & (beside["statistic"] == "median")]
    assert median["wage_usd"].item() == 62990.0
    assert beside["crosswalk"].all()


@pytest.mark.parametrize(("year", "code"), [(2014, None), (2026, None), (2019, "29-2072")])
def test_a_year_or_code_the_table_lacks(year: int, code: str | None) -> None:
    with pytest.raises(RateNotFoundError) as info:
        wages.wage_distribution(year=year, code=code)
    message = str(info.value)
    assert f"May {year}" in message
    assert "29-2071: May 2015-2018" in message
    assert "29-2072: May 2021-2025" in message


def test_the_history_in_may_dollars() -> None:
    hist = wages.wage_history(base=2025)
    med = hist[hist["statistic"] == "median"].set_index("may_year")
    assert med.index.tolist() == list(range(2015, 2026))
    assert med.loc[2015, "nominal_usd"] == 37110.0
    assert med.loc[2015, "usd"] == pytest.approx(37110.0 * MAY_CPI_2025 / MAY_CPI_2015)
    assert med.loc[2025, "usd"] == 51140.0
    assert set(med["dollars_of"]) == {"May 2025"}
    assert med.index[med["code_break"]].tolist() == [2019, 2021]
    assert med["occ_code"].tolist() == ["29-2071"] * 4 + ["29-2098"] * 2 + ["29-2072"] * 5
    assert len(hist) == 11 * 6


def test_the_nominal_history_is_as_published() -> None:
    hist = wages.wage_history(real=False)
    pct90 = hist[hist["statistic"] == "pct90"].set_index("may_year")
    assert (pct90["usd"] == pct90["nominal_usd"]).all()
    assert pct90.loc[2023, "usd"] == 77810.0
    assert pct90.loc[2023, "dollars_of"] == "May 2023"
    assert set(hist["basis"]) == {"nominal"}
    with pytest.raises(InvalidInputError, match=r"real='yes' is not True or False"):
        wages.wage_history(real="yes")  # type: ignore[arg-type]


def test_states_at_national_prices() -> None:
    states = wages.compare_states(year=2023).set_index("area_title")
    ca = states.loc["California"]
    assert ca["a_mean"] == 64070.0  # BLS May 2023 annual mean, not a median
    assert ca["a_mean_rpp"] == pytest.approx(64070.0 / 112.581 * 100)
    assert (ca["rank_nominal"], ca["rank_rpp"]) == (3, 20)
    ranked = states[states["rank_rpp"].notna()]
    assert len(ranked) == 51  # 50 states and DC
    assert sorted(ranked["rank_rpp"].tolist()) == list(range(1, 52))
    assert str(states.loc["Guam", "note"]).startswith("BEA publishes no regional price parity")
    with pytest.raises(RateNotFoundError, match=r"May 2022; held: May \[2023\]"):
        wages.compare_states(year=2022)
