"""audit_guide(): one test per claim, verdict and computed value against transcribed figures.

Reference figures (written here, not read from the package's tables):
- ECB annual means of daily cross rates, USD per unit, 2024: GBP 1.2785941693884642,
  EUR 1.08238046875, AUD 0.6601849620823937, INR 0.011952574363134034; 2023: GBP
  1.2433758408073197, EUR 1.0812686274509804; 2022: GBP 1.2360384216364615, EUR
  1.0530486381322959 (the mean of every daily fixing of the ECB's eurofxref-hist in the year).
- World Bank PA.NUS.PRVT.PP 2024: IND 19.8969156536629 LCU per international $.
- BLS OEWS national, 29-2072 median annual wage: May 2022 47,180, May 2023 48,780.
- BLS Employment Projections, 29-2072: 2021-31 +6.6 %; 2022-32 +8.5 %, 15.0 thousand openings
  a year; 2024-34 +7.1 %. 29-9021, 2022-32: change 6.2 thousand, +16.5 %. 2020-30 openings:
  29-2098 27.4 thousand, 29-9098 6.9 thousand.
- BEA SARPP all items, New York 2023: 107.626.
- The guide (data/outlook.csv): about 34,300 openings a year and about 18,700 new jobs.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from coderstats import _data
from coderstats._data import data_dir
from coderstats.audit import audit_guide
from coderstats.datasets import load_regional_notes

GBP_24, EUR_24, AUD_24, INR_24 = (
    1.2785941693884642,
    1.08238046875,
    0.6601849620823937,
    0.011952574363134034,
)
GBP_23, EUR_23 = 1.2433758408073197, 1.0812686274509804
GBP_22, EUR_22 = 1.2360384216364615, 1.0530486381322959
IND_PPP_24 = 19.8969156536629
NY_RPP_23 = 107.626
# BLS Employment Projections (jobs), and the 2023-33 figure outlook_summary() shows.
OPENINGS_29_2072_2022_32, OPENINGS_HYBRID_2020_30 = 15_000, (27_400, 6_900)
CHANGE_29_9021_2023_33, CHANGE_29_9021_2022_32 = 6_400, 6_200
# The guide's own figures (data/outlook.csv).
GUIDE_OPENINGS, GUIDE_NEW_JOBS = 34_300, 18_700


@pytest.fixture(scope="module")
def audit() -> pd.DataFrame:
    return audit_guide().set_index("claim_id")


def _text(audit: pd.DataFrame, claim_id: str, column: str) -> str:
    """One text cell of the audit (the stubs type ``.loc[row, column]`` as any scalar)."""
    value = audit.loc[claim_id, column]
    assert isinstance(value, str)
    return value


APPROX = [
    # claim id, verdict, computed (local x the year's mean), year named in the reference
    ("approx_usd_gbr_low", "consistent", 25_000 * GBP_24, 2024),
    ("approx_usd_gbr_high", "inconsistent", 45_000 * GBP_24, 2024),
    ("approx_usd_deu_low", "consistent", 35_000 * EUR_24, 2024),
    ("approx_usd_deu_high", "consistent", 55_000 * EUR_24, 2024),
    ("approx_usd_aus_low", "consistent", 50_000 * AUD_24, 2024),
    ("approx_usd_aus_high", "consistent", 75_000 * AUD_24, 2024),
    ("approx_usd_ind_low", "consistent", 300_000 * INR_24, 2024),
    ("approx_usd_ind_high", "consistent", 600_000 * INR_24, 2024),
]


@pytest.mark.parametrize(("claim_id", "verdict", "computed", "year"), APPROX)
def test_approx_usd_claims(
    audit: pd.DataFrame, claim_id: str, verdict: str, computed: float, year: int
) -> None:
    row = audit.loc[claim_id]
    assert row["verdict"] == verdict
    assert row["computed_value"] == pytest.approx(computed, rel=1e-6)
    assert f"annual mean {year}" in row["reference"]


def test_uk_high_end_is_not_reproduced_by_any_year(audit: pd.DataFrame) -> None:
    # 45,000 GBP: 2024 gives 57,537 (rounds to 58,000), 2023 55,952, 2022 55,622: never 57,000.
    text = _text(audit, "approx_usd_gbr_high", "explanation")
    assert "no ECB annual mean of 2022-2024 reproduces it" in text
    assert "57,537" in text
    for year, rate in ((2022, GBP_22), (2023, GBP_23), (2024, GBP_24)):
        assert f"{year}: {round(45_000 * rate):,}" in text, year


def test_germany_low_end_is_reproduced_by_2023_and_2024(audit: pd.DataFrame) -> None:
    # 35,000 EUR: 2023 gives 37,844 and 2024 37,883, both 38,000 to the nearest 1,000; 2022
    # gives 36,857.
    text = _text(audit, "approx_usd_deu_low", "explanation")
    assert "reproduced by the ECB annual mean of 2023, 2024" in text
    assert f"2022: {round(35_000 * EUR_22):,}; 2023: {round(35_000 * EUR_23):,}; 2024: " in text
    assert f"2024: {round(35_000 * EUR_24):,}." in text


def test_approx_rows_show_what_ppp_adds(audit: pd.DataFrame) -> None:
    # 300,000 INR at the 2024 PPP factor: 15,078 international $.
    ppp = f"{round(300_000 / IND_PPP_24):,} international $"
    assert ppp in _text(audit, "approx_usd_ind_low", "explanation")


def test_india_cost_of_living(audit: pd.DataFrame) -> None:
    row = audit.loc["india_cost_of_living"]
    assert row["verdict"] == "consistent"
    assert row["computed_value"] == pytest.approx(INR_24 * IND_PPP_24, rel=1e-9)


@pytest.mark.parametrize(
    "claim_id",
    [
        "europe_benefits",
        "australia_superannuation",
        "scandinavia_gross_and_taxes",
        "latin_america_remote",
    ],
)
def test_qualitative_remarks_are_not_checkable(audit: pd.DataFrame, claim_id: str) -> None:
    row = audit.loc[claim_id]
    assert row["verdict"] == "not checkable"
    assert pd.isna(row["computed_value"])


def test_the_latin_america_remark_is_worded_as_the_guide(audit: pd.DataFrame) -> None:
    notes = load_regional_notes().set_index("region")
    note = str(notes.loc["Latin America", "note"])
    assert note == "Less developed for direct employment, but remote opportunities exist."
    claim = str(audit.loc["latin_america_remote", "claim"])
    assert claim == f"Latin America: {note[:1].lower()}{note[1:-1]}"


US = [
    ("us_median_in_key_range", 47_180, (30_000 + 70_000) / 2),
    ("us_median_in_regional_entry", 47_180, (40_000 + 55_000) / 2),
    ("junior_median_in_faq_start", 42_000, (35_000 + 45_000) / 2),
    ("junior_median_in_regional_entry", 42_000, (40_000 + 55_000) / 2),
    ("coder_median_in_faq_experienced", 52_000, (50_000 + 70_000) / 2),
    ("senior_median_in_regional_experienced", 65_000, (65_000 + 80_000) / 2),
    ("lead_median_in_regional_experienced", 75_000, (65_000 + 80_000) / 2),
    ("faq_start_vs_regional_entry", 40_000, 47_500),
    ("faq_experienced_vs_regional_experienced", 60_000, 72_500),
    ("faq_experienced_above_faq_start", 60_000, 40_000),
    ("regional_experienced_above_regional_entry", 72_500, 47_500),
    ("faq_experienced_above_regional_entry", 60_000, 47_500),
]


@pytest.mark.parametrize(("claim_id", "guide", "computed"), US)
def test_us_figures_against_each_other(
    audit: pd.DataFrame, claim_id: str, guide: float, computed: float
) -> None:
    row = audit.loc[claim_id]
    assert row["verdict"] == "consistent"
    assert row["guide_value"] == guide
    assert row["computed_value"] == computed


def test_overlaps_are_reported(audit: pd.DataFrame) -> None:
    assert "overlap on 40,000-45,000" in _text(audit, "faq_start_vs_regional_entry", "explanation")
    assert "overlap on 50,000-55,000" in _text(
        audit, "faq_experienced_above_regional_entry", "explanation"
    )


OUTLOOK = [
    # claim id, verdict, computed (the edition the guide names), edition found in, match
    ("outlook_median_may_2023", "mislabelled", 48_780, "OEWS May 2022, 29-2072", "exact"),
    (
        "outlook_growth_2022_32",
        "mislabelled",
        8.5,
        "Employment Projections 2021-31, 29-2072",
        "rounded to a whole percent, as the Handbook prints it",
    ),
    (
        "outlook_openings_2022_32",
        "mislabelled",
        15_000,
        "Employment Projections 2020-30, 29-2098 + 29-9098",
        "inference: sum of two codes",
    ),
    ("outlook_new_jobs_29_9021", "inconsistent", 6_200, "", "none"),
]


@pytest.mark.parametrize(("claim_id", "verdict", "computed", "edition", "match"), OUTLOOK)
def test_outlook_claims(
    audit: pd.DataFrame, claim_id: str, verdict: str, computed: float, edition: str, match: str
) -> None:
    row = audit.loc[claim_id]
    assert row["verdict"] == verdict
    assert row["computed_value"] == computed
    assert (row["edition"], row["match"]) == (edition, match)


def test_growth_claim_is_checked_for_both_groups(audit: pd.DataFrame) -> None:
    growth = _text(audit, "outlook_growth_2022_32", "explanation")
    assert "the guide labels it 2022-2032" in growth
    assert "gives 8.5 % (employment growth) for 29-2072" in growth
    assert "1.5 points below that figure" in growth
    assert "also matches Employment Projections 2024-34, 29-2072: 7.1 %" in growth
    assert "Employment Projections 2022-32 gives 16.5 %" in growth


def test_other_claims_have_no_edition(audit: pd.DataFrame) -> None:
    others = audit[~audit.index.str.startswith("outlook_")]
    assert set(others["edition"]) == {""}
    assert set(others["match"]) == {""}


def test_new_york_remark_at_state_level(audit: pd.DataFrame) -> None:
    row = audit.loc["new_york_vs_european_city"]
    assert row["verdict"] == "consistent"
    assert row["computed_value"] == pytest.approx(50_000 / (NY_RPP_23 / 100), rel=1e-9)
    assert "A state is not a city" in row["explanation"]


def test_output_columns_and_vocabulary() -> None:
    frame = audit_guide()
    assert list(frame.columns) == [
        "claim_id",
        "claim",
        "guide_value",
        "unit",
        "reference",
        "computed_value",
        "relative_difference",
        "verdict",
        "explanation",
        "edition",
        "match",
    ]
    assert frame["claim_id"].is_unique
    assert set(frame["verdict"]) <= {"consistent", "mislabelled", "inconsistent", "not checkable"}
    bls = 1 + 7 + 2  # the US range, the seven ladder levels, the states (test_audit_bls)
    assert len(frame) == len(APPROX) + 1 + 4 + len(US) + bls + len(OUTLOOK) + 1


def test_audit_changes_no_shipped_table() -> None:
    folder = data_dir()
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    audit_guide()
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert before == after


# --------------------------------------------------------------------------------------------
# The texts are built from the data, not typed in
# --------------------------------------------------------------------------------------------


def test_references_name_the_shipped_vintages(audit: pd.DataFrame) -> None:
    from coderstats import sources
    from coderstats.reference import ecb

    last = ecb.bounds("USD")[1]
    assert last >= date(2024, 12, 31)  # the bundled ECB history covers the audit's years
    src = sources()
    wdi = src.loc[src["source_title"].str.contains("PA.NUS.PRVT.PP", regex=False), "vintage"]
    reference = _text(audit, "india_cost_of_living", "reference")
    assert f"eurofxref-hist to {last.isoformat()}" in reference
    assert str(wdi.iloc[0]) in reference
    # The World Bank's WDI release the shipped PPP table comes from (data/ppp.csv's vintage).
    assert "WDI Last Updated Date 2025-10-07" in reference
    assert _text(audit, "outlook_median_may_2023", "reference") == (
        "BLS OEWS May 2023, 29-2072 median annual wage; BLS OEWS May 2022, 29-2072"
    )
    assert _text(audit, "outlook_new_jobs_29_9021", "reference") == (
        "BLS Employment Projections 2022-32, 29-9021 employment change"
    )


def test_computed_wording(audit: pd.DataFrame) -> None:
    india = _text(audit, "india_cost_of_living", "explanation")
    # 300,000 and 600,000 INR at the 2024 ECB mean and PPP factor, to two significant digits:
    # 3,600-7,200 USD (3,586 and 7,172) and 15,000-30,000 international $ (15,078 and 30,155).
    usd = [f"{round(inr * INR_24, -2):,.0f}" for inr in (300_000, 600_000)]
    intd = [f"{round(inr / IND_PPP_24, -3):,.0f}" for inr in (300_000, 600_000)]
    assert f"300,000-600,000 INR is about {usd[0]}-{usd[1]} USD at market" in india
    assert f"about {intd[0]}-{intd[1]} international $ at PPP" in india
    # The price level, market rate over PPP factor: 0.24 of the US level, 4.2 times as much.
    assert f"is {INR_24 * IND_PPP_24:.2f} of the US level in 2024" in india
    assert f"about {1 / (INR_24 * IND_PPP_24):.1f} times as much" in india
    # 34,300 = 27,400 + 6,900, the 2020-30 hybrid codes; 2.3 times 2022-32's 15,000.
    assert audit.loc["outlook_openings_2022_32", "guide_value"] == GUIDE_OPENINGS
    assert sum(OPENINGS_HYBRID_2020_30) == GUIDE_OPENINGS
    openings = _text(audit, "outlook_openings_2022_32", "explanation")
    assert "for 29-2098 + 29-9098, 34,300 (inference: sum of two codes)" in openings
    assert f"gives {OPENINGS_29_2072_2022_32:,} (annual openings) for 29-2072" in openings
    # The guide's 18,700 new jobs against 6,200 (2022-32 edition): about three times (3.02).
    jobs = _text(audit, "outlook_new_jobs_29_9021", "explanation")
    assert jobs.startswith("no edition or code held")
    assert "about three times that figure" in jobs
    assert f"gives {CHANGE_29_9021_2022_32:,} (employment change) for 29-9021" in jobs
    assert audit.loc["outlook_median_may_2023", "claim"] == (
        "median pay 47,180 USD (U.S. national median, BLS, May 2023)"
    )
    assert audit.loc["outlook_growth_2022_32", "claim"] == (
        "employment growth 7 %, as fast as average (BLS, 2022-2032)"
    )


def test_wording_helpers() -> None:
    from coderstats.audit import _precision, _proportion, _significant

    assert _precision(3_600.0, 7_200.0) == 100
    assert _precision(32_000.0, 57_000.0) == 1_000
    assert _significant(7_171.5) == 7_200
    assert _significant(30_155.0) == 30_000
    assert _proportion(18_700 / 6_200) == "about three times"
    assert _proportion(18_200 / 34_300) == "about half"
    assert _proportion(0.3) == "about a third of"
    assert _proportion(47_180 / 48_780) == "3.3% below"


def test_new_jobs_claim_matches_outlook_summary(audit: pd.DataFrame) -> None:
    from coderstats.compare import outlook_summary

    summary = outlook_summary().set_index("metric").loc["employment_change"]
    row = audit.loc["outlook_new_jobs_29_9021"]
    # Both hold the guide's 18,700; the summary shows 2023-33 (6,400), the audit the edition of
    # the guide's own period (2022-32: 6,200).
    assert (row["guide_value"], summary["guide_value"]) == (GUIDE_NEW_JOBS, GUIDE_NEW_JOBS)
    assert summary["bls_value"] == CHANGE_29_9021_2023_33
    assert row["computed_value"] == CHANGE_29_9021_2022_32
    assert not summary["agrees"]
    assert row["verdict"] == "inconsistent"


def test_claims_follow_an_edited_table(data_copy: Path) -> None:
    from coderstats._data import check_data

    path = data_copy / "outlook.csv"
    text = path.read_text(encoding="utf-8")
    assert ",median_pay_annual,47180," in text
    path.write_text(text.replace(",median_pay_annual,47180,", ",median_pay_annual,48600,"))
    check_data(update_hashes=True)
    _data._read_checked.cache_clear()
    _data._load_descriptor.cache_clear()
    row = audit_guide().set_index("claim_id").loc["outlook_median_may_2023"]
    assert row["claim"].startswith("median pay 48,600 USD")
    assert row["verdict"] == "consistent"  # within AGREEMENT_TOLERANCE of 48,780
    assert row["edition"] == ""  # no BLS edition gives 48,600 itself


def test_uk_high_end_names_the_daily_fixings_that_reproduce_it(audit: pd.DataFrame) -> None:
    text = _text(audit, "approx_usd_gbr_high", "explanation")
    # 45,000 GBP rounds to 57,000 USD for 1.25556 <= USD/GBP < 1.27778 (56,500 / 45,000 and
    # 57,500 / 45,000); of the 256 ECB fixing days of 2024, 135 fall there, the lowest at
    # 1.2556 and the highest at 1.2774.
    assert "the daily ECB fixings of 2024 do on 135 of 256 days" in text
    assert "at 1.2556-1.2774 USD per GBP" in text
