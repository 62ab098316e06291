"""coderstats.audit_bls: the guide's US range, ladder and states against BLS OEWS figures.

Reference figures (BLS OEWS, written here, not read from the package's tables):
- national, 29-2072, May 2022 annual wages: 10th percentile 31,710, 25th 37,510, median 47,180,
  75th 60,170, 90th 75,460; May 2023 mean 53,690.
- state annual means, May 2023, 29-2072: California 64,070, New York 60,510, Massachusetts
  58,890. BEA SARPP all items 2023: California 112.581, New York 107.626, Massachusetts 108.238.
"""

from __future__ import annotations

import pandas as pd
import pytest

from coderstats.audit import audit_guide
from coderstats.audit_bls import matching_year

P10, P25, MEDIAN, P75, P90 = 31_710, 37_510, 47_180, 60_170, 75_460
NATIONAL_MEAN_2023 = 53_690
STATES = {"California": (64_070, 112.581), "New York": (60_510, 107.626),
          "Massachusetts": (58_890, 108.238)}  # fmt: skip


@pytest.fixture(scope="module")
def audit() -> pd.DataFrame:
    return audit_guide().set_index("claim_id")


def test_the_matching_year_is_the_may_of_the_guides_median() -> None:
    assert matching_year() == 2022


def test_us_range_covers_the_bls_span(audit: pd.DataFrame) -> None:
    row = audit.loc["us_range_vs_bls_percentiles"]
    assert row["verdict"] == "consistent"
    assert (row["guide_value"], row["computed_value"]) == (30_000, P10)
    assert f"{P10:,} (10th percentile) to {P90:,} (90th)" in row["explanation"]
    assert f"between the 75th ({P75:,}) and 90th ({P90:,})" in row["explanation"]


LADDER = [
    ("ladder_junior_medical_coder_vs_bls", 42_000, "consistent", f"25th ({P25:,}) and 50th"),
    ("ladder_medical_coder_vs_bls", 52_000, "consistent", f"50th ({MEDIAN:,}) and 75th"),
    ("ladder_senior_medical_coder_vs_bls", 65_000, "consistent", f"75th ({P75:,}) and 90th"),
    ("ladder_lead_medical_coder_vs_bls", 75_000, "consistent", f"75th ({P75:,}) and 90th"),
    ("ladder_coding_supervisor_vs_bls", 85_000, "inconsistent", "above the 90th percentile"),
    ("ladder_coding_manager_vs_bls", 100_000, "inconsistent", "above the 90th percentile"),
    ("ladder_director_of_medical_coding_vs_bls", 130_000, "inconsistent", "above the 90th"),
]


@pytest.mark.parametrize(("claim_id", "median", "verdict", "band"), LADDER)
def test_ladder_levels_against_the_percentiles(
    audit: pd.DataFrame, claim_id: str, median: float, verdict: str, band: str
) -> None:
    row = audit.loc[claim_id]
    assert (row["guide_value"], row["computed_value"], row["verdict"]) == (median, MEDIAN, verdict)
    assert band in row["explanation"]


def test_states_pay_more_nominal_and_at_national_prices(audit: pd.DataFrame) -> None:
    nominal = audit.loc["states_higher_pay_nominal"]
    assert nominal["verdict"] == "consistent"
    assert nominal["computed_value"] == min(mean for mean, _ in STATES.values())
    assert f"against the national mean {NATIONAL_MEAN_2023:,}" in nominal["explanation"]
    real = audit.loc["states_higher_pay_rpp"]
    lowest = min(mean / rpp * 100 for mean, rpp in STATES.values())
    assert real["computed_value"] == pytest.approx(lowest, rel=1e-12)
    assert real["verdict"] == ("consistent" if lowest > NATIONAL_MEAN_2023 else "inconsistent")
    for state, (mean, rpp) in STATES.items():
        assert f"{state} {mean / rpp * 100:,.0f} (rank" in real["explanation"]
