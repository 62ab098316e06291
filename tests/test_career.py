"""Career economics: payback of the guide's paths against hand-worked cases, remote pay, and
the errors of bad input."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

import coderstats
from coderstats import career
from coderstats.errors import InvalidAmountError, InvalidInputError, UnknownCountryError


def one_path(mode: str = "full time", months: float = 6, cost: float = 3000) -> pd.DataFrame:
    """A paths table of one made-up course, shaped like load_education_paths()."""
    return pd.DataFrame(
        {
            "path": ["test course"],
            "mode": [mode],
            "duration_min": [months],
            "duration_max": [months],
            "duration_unit": ["month"],
            "cost_low": [cost],
            "cost_high": [cost],
            "currency": ["USD"],
            "cost_note": ["excluding exam fees"],
        }
    )


def test_paths_are_the_guides() -> None:
    table = career.paths()
    assert table["name"].tolist() == [
        "certificate program, full time",
        "certificate program, part time",
        "associate's degree",
        "complete beginner to certification",
    ]
    cert = table.iloc[0]
    assert (cert["duration_min"], cert["duration_max"], cert["duration_unit"]) == (12, 24, "week")
    assert cert["months_min"] == pytest.approx(12 * 12 / 52)  # 52 weeks in 12 months
    assert (cert["cost_low"], cert["cost_high"]) == (2000, 5000)
    assert cert["cost_note"] == "excluding exam fees"
    assert table["priced"].tolist() == [True, True, True, False]
    assert table.attrs["sources"][0]["publisher"] == "Himalayas"  # the guide's publisher


def test_payback_of_a_full_time_course_worked_by_hand() -> None:
    # $3,000 course, 6 months full time, current pay $30,000 ($2,500 a month):
    #   months 1-6 studying: earn 0 instead of 2,500 -> -15,000, and the fee -> -18,000
    #   months 7-18 Junior Medical Coder, $42,000 ($3,500 a month): +1,000 a month -> -6,000
    #   from month 19 Medical Coder (1-3 years), $52,000 ($4,333.33): +1,833.33 a month:
    #   month 21 ends at -500, month 22 at +1,333.33 -> pays back in 22 months.
    # Gain after 5 years: -6,000 after 18 months, + 24 * 1,833.33 = 44,000 as a Medical Coder
    #   (months 19-42), + 18 * (65,000 - 30,000) / 12 = 52,500 as a Senior (months 43-60):
    #   -6,000 + 44,000 + 52,500 = 90,500.
    out = career.payback(current_pay=30_000, paths_table=one_path())
    assert out["scenario"].tolist() == ["low", "central", "high"]
    assert out["payback_months"].tolist() == [22, 22, 22]
    assert out["paid_back"].all()
    assert out["cost"].tolist() == [3000.0] * 3
    assert out["gain_5y"].iloc[0] == pytest.approx(90_500)
    # Years 5-10: Senior until 5 years' experience (months 61-66: 6 * 2,916.67 = 17,500), Lead
    # for 5-8 years (months 67-102: 36 * 3,750 = 135,000), Supervisor from 8 years (months
    # 103-120: 18 * 4,583.33 = 82,500): 90,500 + 17,500 + 135,000 + 82,500 = 325,500.
    assert out["gain_10y"].iloc[0] == pytest.approx(325_500)
    assert out["npv"].iloc[0] == pytest.approx(325_500)  # no discounting, 10-year horizon


def test_part_time_study_keeps_the_pay() -> None:
    # $2,000, 6 months part time, $30,000: the pay goes on while studying, so only the fee
    # is behind: -2,000; then +1,000 a month as a Junior. Month 8 ends at 0 (not yet ahead),
    # month 9 at +1,000: 9 months.
    out = career.payback(current_pay=30_000, paths_table=one_path("part time", cost=2000))
    assert out["payback_months"].tolist() == [9, 9, 9]


def test_tax_takes_its_share_of_both_pays() -> None:
    # As the full-time case, half of all pay taxed: -3,000 - 7,500 = -10,500 after study,
    # +500 a month for 12 months -> -4,500, then +916.67 a month: 5 months -> 23.
    out = career.payback(current_pay=30_000, paths_table=one_path(), tax_rate=0.5)
    assert out["payback_months"].iloc[0] == 23


def test_pay_growth_raises_both_pays_each_year() -> None:
    # 10 % a year from the second year: months 13-18 as a Junior earn 1,100 more a month
    # instead of 1,000; payback is 21 months (worked out by the same rule as above:
    # -18,000 + 6 * 1,000 + 6 * 1,100 = -5,400, then 2,016.67 a month: 3 months).
    out = career.payback(current_pay=30_000, paths_table=one_path(), pay_growth=0.1)
    assert out["payback_months"].iloc[0] == 21


def test_the_associates_degree_over_ten_years() -> None:
    # Central: $15,000 and two years without the $32,000 pay: -79,000. Then 10,000 (Junior,
    # one year), 2 * 20,000 (Medical Coder), 2 * 33,000 (Senior), 3 * 43,000 (Lead, years
    # 5-8 of experience): -79,000 + 245,000 = 166,000 after 10 years.
    out = career.payback("associate's degree", current_pay=32_000)
    central = out.set_index("scenario").loc["central"]
    assert central["gain_10y"] == pytest.approx(166_000)
    assert central["cost"] == 15_000
    assert central["study_months"] == 24


def test_scenarios_carry_the_guides_ranges() -> None:
    out = career.payback(current_pay=32_000)
    for _, rows in out.groupby("name", sort=False):
        assert rows["scenario"].tolist() == ["low", "central", "high"]
        for column in ("cost", "study_months", "payback_months"):
            assert rows[column].is_monotonic_increasing, column
        assert rows["gain_10y"].is_monotonic_decreasing
    cert = out[out["name"] == "certificate program, full time"]
    assert cert["cost"].tolist() == [2000, 3500, 5000]


def test_exam_fees_go_only_where_the_guide_leaves_them_out() -> None:
    out = career.payback(current_pay=32_000, exam_fees=400)
    low = out[out["scenario"] == "low"].set_index("name")["cost"]
    assert low["certificate program, full time"] == 2400
    assert low["associate's degree"] == 10_000  # the guide's cost has no such note
    assert out.attrs["assumptions"]["exam_fees_usd"] == 400


def test_discounting_lowers_the_npv_and_delays_payback() -> None:
    plain = career.payback(current_pay=30_000, paths_table=one_path())
    discounted = career.payback(current_pay=30_000, paths_table=one_path(), discount_rate=0.05)
    assert (discounted["npv"] < plain["npv"]).all()
    assert (discounted["payback_months"] >= plain["payback_months"]).all()
    assert discounted["gain_10y"].tolist() == plain["gain_10y"].tolist()  # not discounted


def test_a_path_that_does_not_pay_back_within_the_horizon() -> None:
    out = career.payback(current_pay=120_000, horizon_years=3, paths_table=one_path())
    assert not out["paid_back"].any()
    assert out["payback_months"].isna().all()
    assert str(out["payback_months"].dtype) == "Int64"
    assert (out["npv"] < 0).all()


def test_ppp_values_everything_where_the_reader_lives() -> None:
    out = career.payback(
        current_pay=24_000, current_currency="GBP", country="GBR", basis="ppp",
        paths_table=one_path(),
    )  # fmt: skip
    pay = coderstats.convert_amount(24_000, "GBP", basis="ppp", country="GBR", year=2024)
    dollar = coderstats.convert_amount(1, "USD", basis="ppp", country="GBR", year=2024)
    assert out.attrs["current_pay"]["value"] == pytest.approx(pay.value)
    assert out["cost"].iloc[0] == pytest.approx(3000 * dollar.value)
    assert "GBR" in out.attrs["unit"]
    assert out.attrs["current_pay_rule"] == pay.label
    publishers = {s["publisher"] for s in out.attrs["sources"]}
    assert {"World Bank", "European Central Bank"} <= publishers


def test_real_basis_in_us_dollars_of_the_year() -> None:
    out = career.payback(current_pay=24_000, current_currency="GBP", paths_table=one_path())
    pay = coderstats.convert_amount(24_000, "GBP", basis="real", year=2024, base_year=2024)
    assert out.attrs["current_pay"]["value"] == pytest.approx(pay.value)
    assert out.attrs["unit"] == "USD of 2024"


def test_cumulative_earnings_are_the_months_payback_sums() -> None:
    months = career.cumulative_earnings(current_pay=30_000, paths_table=one_path())
    summary = career.payback(current_pay=30_000, paths_table=one_path())
    central = months[months["scenario"] == "central"]
    assert central["month"].tolist() == list(range(121))
    assert central["path_earnings"].iloc[0] == -3000  # the fee, paid at the start
    assert central["stay_earnings"].iloc[-1] == pytest.approx(300_000)
    assert central["gain"].iloc[-1] == pytest.approx(summary["gain_10y"].iloc[1])
    first_ahead = int(central.loc[central["gain"] > 0, "month"].iloc[0])
    assert first_ahead == summary["payback_months"].iloc[1] == 22


def test_inputs_are_not_changed() -> None:
    table = one_path()
    before = table.copy()
    career.payback(current_pay=30_000, paths_table=table)
    pd.testing.assert_frame_equal(table, before)


# --------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("pay", "words"),
    [
        (-5, ["current pay -5", "negative"]),
        ("52k", ["current pay '52k'", "not a number"]),
        (math.nan, ["current pay nan", "missing"]),
        (True, ["current pay True", "not a number"]),
        (None, ["current pay None", "not a number"]),
    ],
)
def test_bad_pay(pay: object, words: list[str]) -> None:
    with pytest.raises(InvalidAmountError) as info:
        career.payback(current_pay=pay)  # type: ignore[arg-type]
    for word in words:
        assert word in str(info.value)
    assert str(info.value).endswith("; pass current_pay=32000")


def test_current_pay_has_no_default() -> None:
    with pytest.raises(TypeError, match="current_pay"):
        career.payback()  # type: ignore[call-arg]


def test_unknown_path_lists_the_guides() -> None:
    with pytest.raises(InvalidInputError) as info:
        career.payback("bootcamp", current_pay=32_000)
    message = str(info.value)
    assert "unknown path 'bootcamp'" in message
    for name in ("certificate program, full time", "associate's degree"):
        assert repr(name) in message


def test_a_path_without_a_cost_is_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        career.payback("complete beginner to certification", current_pay=32_000)
    assert "the guide gives no cost for it" in str(info.value)
    assert repr("associate's degree") in str(info.value)  # the paths that can be priced


def test_path_names_ignore_case_and_spacing() -> None:
    out = career.payback(" Associate's  Degree ", current_pay=32_000)
    assert set(out["name"]) == {"associate's degree"}


def test_horizon_shorter_than_the_study() -> None:
    with pytest.raises(InvalidInputError) as info:
        career.payback("associate's degree", current_pay=32_000, horizon_years=1)
    assert "a horizon of 1 years is shorter" in str(info.value)
    assert str(info.value).endswith("pass horizon_years=2 or more")
    assert "horizon_years=2 or more" in str(info.value)


@pytest.mark.parametrize("horizon", [0, -1, 2.5, "10"])
def test_horizon_must_be_whole_years(horizon: object) -> None:
    with pytest.raises(InvalidInputError, match="horizon_years="):
        career.payback(current_pay=32_000, horizon_years=horizon)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [1, -1, 1.5, "0.03", math.nan])
def test_discount_rate_outside_minus_one_to_one(rate: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        career.payback(current_pay=32_000, discount_rate=rate)  # type: ignore[arg-type]
    assert "discount_rate=" in str(info.value)
    assert "(-1, 1)" in str(info.value)


def test_a_country_without_ppp() -> None:
    with pytest.raises(UnknownCountryError, match="TWN"):
        career.payback(current_pay=900_000, current_currency="TWD", country="TWN", basis="ppp")


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"basis": "market"}, ["unknown basis 'market'", "real, ppp"]),
        ({"country": "GBR"}, ["country 'GBR'", "pass basis='ppp'"]),
        ({"tax_rate": 1}, ["tax rate 1", "[0, 1)"]),
        ({"exam_fees": -1}, ["exam fees -1"]),
        ({"ladder": "mean"}, ["unknown ladder 'mean'", "median, average"]),
        ({"paths_table": "x"}, ["paths_table must be a DataFrame"]),
        ({"paths_table": one_path(mode="evenings")}, ["row 0 is not usable"]),
    ],
)
def test_bad_options(options: dict[str, Any], words: list[str]) -> None:
    with pytest.raises(InvalidInputError) as info:
        career.payback(current_pay=32_000, **options)
    for word in words:
        assert word in str(info.value)


def test_unknown_option() -> None:
    with pytest.raises(TypeError, match="unknown option 'tax'"):
        career.payback(current_pay=32_000, tax=0.2)  # type: ignore[call-arg]


# --------------------------------------------------------------------------------------------
# Remote pay


def test_remote_pay_at_market_and_ppp() -> None:
    out = career.remote_pay([40_000, 55_000], "USD", lives_in=["IND", "USA"], year=2024)
    assert out[["amount", "lives_in"]].to_numpy().tolist() == [
        [40_000, "IND"],
        [40_000, "USA"],
        [55_000, "IND"],
        [55_000, "USA"],
    ]
    india = out.iloc[0]
    ppp = coderstats.convert_amount(40_000, "USD", basis="ppp", country="IND", year=2024)
    market = coderstats.convert_amount(40_000, "USD", to="INR", year=2024)
    assert india["ppp_intd"] == pytest.approx(ppp.value)
    assert india["ppp_rule"] == ppp.label
    assert india["local_currency"] == "INR"
    assert india["local_market"] == pytest.approx(market.value)
    assert india["market_rule"] == market.label
    assert india["home"] == "USA"
    assert india["home_ppp_intd"] == 40_000
    assert india["ratio_to_home"] == pytest.approx(ppp.value / 40_000)
    assert out.loc[out["lives_in"] == "USA", "ratio_to_home"].tolist() == [1.0, 1.0]
    assert np.isfinite(out.select_dtypes("number").to_numpy()).all()


def test_remote_pay_home_for_a_shared_currency() -> None:
    with pytest.raises(InvalidInputError, match="pass home="):
        career.remote_pay(40_000, "EUR", lives_in="ESP", year=2024)
    out = career.remote_pay(40_000, "EUR", lives_in="ESP", year=2024, home="DEU")
    spain = coderstats.convert_amount(40_000, "EUR", basis="ppp", country="ESP", year=2024)
    germany = coderstats.convert_amount(40_000, "EUR", basis="ppp", country="DEU", year=2024)
    assert out["ratio_to_home"].iloc[0] == pytest.approx(spain.value / germany.value)


def test_remote_pay_bad_input() -> None:
    with pytest.raises(UnknownCountryError, match="TWN"):
        career.remote_pay(40_000, "USD", lives_in=["IND", "TWN"], year=2024)
    with pytest.raises(InvalidAmountError, match="amount -1"):
        career.remote_pay([40_000, -1], "USD", lives_in="IND", year=2024)
    with pytest.raises(InvalidAmountError, match="missing"):
        career.remote_pay(math.nan, "USD", lives_in="IND", year=2024)
    with pytest.raises(InvalidInputError, match="lives in"):
        career.remote_pay(40_000, "USD", lives_in=[], year=2024)
