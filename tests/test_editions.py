"""coderstats.editions: each outlook figure of the guide pinned to the BLS edition it matches."""

from __future__ import annotations

import pandas as pd

from coderstats.editions import pin_outlook_claims


def _pins(metric: str) -> pd.DataFrame:
    pins = pin_outlook_claims()
    return pins[pins["metric"] == metric].reset_index(drop=True)


def test_the_median_pay_is_may_2022_not_may_2023() -> None:
    pay = _pins("median_pay_annual")
    assert pay[["source", "occ_code", "bls_value", "match"]].to_numpy().tolist() == [
        ["OEWS May 2022", "29-2072", 47180.0, "exact"]
    ]
    assert not pay["label_agrees"].any()
    assert pay["verdict"].item().endswith("the guide labels it May 2023")


def test_seven_percent_is_2021_31_and_2024_34_rounded() -> None:
    growth = _pins("employment_pct_change")
    assert growth[["edition", "occ_code", "bls_value"]].to_numpy().tolist() == [
        ["2021-31", "29-2072", 6.6],
        ["2024-34", "29-2072", 7.1],
    ]
    assert set(growth["match"]) == {"rounded to a whole percent, as the Handbook prints it"}
    # The guide's label, 2022-2032, names an edition that says +8.5 %: not a match.
    assert "2022-32" not in set(growth["edition"])


def test_the_openings_are_a_sum_of_the_2020_30_hybrid_codes() -> None:
    openings = _pins("annual_openings")
    assert openings[["edition", "occ_code", "bls_value", "match"]].to_numpy().tolist() == [
        ["2020-30", "29-2098 + 29-9098", 34300.0, "inference: sum of two codes"]
    ]


def test_no_edition_has_the_new_jobs_figure() -> None:
    jobs = _pins("employment_change")
    assert len(jobs) == 1
    assert jobs["match"].isna().all()
    assert jobs["verdict"].item().startswith("no edition or code held matches 18,700")
