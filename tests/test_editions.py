"""coderstats.editions: each outlook figure of the guide pinned to the BLS edition it matches."""

from __future__ import annotations

import pandas as pd
import pytest

from coderstats.editions import outlook_editions, pin_outlook_claims


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


# Each figure beside the BLS figure of the edition the guide's label names (same measure and
# occupation), from the publisher tables: OEWS May 2023 median of 29-2072 48,780; Employment
# Projections 2022-32, 29-2072: +8.5 %, 15.0 thousand openings; 29-9021: change 6.2 thousand.
EDITIONS = [
    ["median_pay_annual", "29-2072", "OEWS May 2023", 48780.0, "OEWS May 2022", "mislabelled"],
    ["employment_pct_change", "29-2072", "Employment Projections 2022-32", 8.5,
     "Employment Projections 2021-31", "mislabelled"],
    ["annual_openings", "29-2072", "Employment Projections 2022-32", 15000.0,
     "Employment Projections 2020-30", "mislabelled"],
    ["employment_change", "29-9021", "Employment Projections 2022-32", 6200.0, "",
     "inconsistent"],
]  # fmt: skip


def test_outlook_editions_sets_each_figure_beside_the_edition_it_names() -> None:
    table = outlook_editions()
    cols = ["metric", "occ_code", "bls_source", "bls_value", "found_source", "verdict"]
    assert table[cols].to_numpy().tolist() == EDITIONS
    assert table["found_value"].tolist()[:3] == [47180.0, 6.6, 34300.0]
    assert table["also_found"].tolist()[1] == "Employment Projections 2024-34, 29-2072: 7.1 %"
    assert not table["agrees"].any()


def test_outlook_editions_agrees_within_tolerance(monkeypatch: pytest.MonkeyPatch) -> None:
    from coderstats.datasets import load_outlook

    def edited() -> pd.DataFrame:
        frame = load_outlook()
        frame.loc[frame["metric"].eq("median_pay_annual") & frame["source"].eq("guide"),
                  "value"] = 48_600.0  # fmt: skip
        return frame

    monkeypatch.setattr("coderstats.editions.load_outlook", edited)
    row = outlook_editions().iloc[0]
    assert (row["agrees"], row["verdict"], row["found_source"]) == (True, "consistent", "")
