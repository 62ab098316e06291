"""Audit claims checked against the BLS wage distribution: the US range, the ladder, the states.

The guide's US pay range and its level ladder are set against the OEWS percentiles of medical
records specialists (29-2072) of the May year its median pay comes from, and its remark that
California, New York and Massachusetts pay more against the OEWS state means, nominal and at
national prices (BEA regional price parities). :func:`coderstats.audit.audit_guide` holds
these claims beside the others.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from coderstats.audit import _Claim, _verdict
from coderstats.bls import load_oews, load_oews_states
from coderstats.datasets import load_salary_by_level, load_us_pay_ranges
from coderstats.editions import outlook_editions
from coderstats.formatting import format_money, format_range
from coderstats.wages import CODER_CODE, compare_states, wage_distribution

__all__ = ["GUIDE_STATES", "bls_claims", "matching_year"]

#: The states the guide names as paying more, with BEA's codes.
GUIDE_STATES: dict[str, str] = {"CA": "California", "NY": "New York", "MA": "Massachusetts"}
_OEWS = "BLS OEWS May {year}, 29-2072"


def matching_year() -> int:
    """The May year the guide's median pay is found in (2022), else the year its label names."""
    row = outlook_editions().set_index("metric").loc["median_pay_annual"]
    found = str(row["found_source"])
    if found.startswith("OEWS May "):
        return int(found.removeprefix("OEWS May "))
    return int(str(row["bls_edition"]).removeprefix("May "))


def _percentiles(year: int) -> dict[str, float]:
    """The annual wage percentiles (and mean) of 29-2072 in May ``year``, by statistic."""
    dist = wage_distribution(year=year, code=CODER_CODE)
    annual = dist[dist["period"] == "year"]
    return dict(zip(annual["statistic"].astype(str), annual["wage_usd"].astype(float), strict=True))


def _band(value: float, pct: dict[str, float]) -> str:
    """Where ``value`` sits among the published percentiles, in words."""
    points = [(10, pct["pct10"]), (25, pct["pct25"]), (50, pct["median"]), (75, pct["pct75"]),
              (90, pct["pct90"])]  # fmt: skip
    if value < points[0][1]:
        return "below the 10th percentile"
    if value > points[-1][1]:
        return "above the 90th percentile"
    for (lo, lo_v), (hi, hi_v) in itertools.pairwise(points):
        if lo_v <= value <= hi_v:
            return f"between the {lo}th ({format_money(lo_v)}) and {hi}th ({format_money(hi_v)})"
    return ""  # pragma: no cover - the bands above cover every value


def _range_claim(year: int, pct: dict[str, float]) -> _Claim:
    """The key-facts range "$30,000 - $70,000+" against the BLS 10th-90th percentile span."""
    ranges = load_us_pay_ranges()
    row: dict[Any, Any] = ranges[ranges["label"] == "salary range"].iloc[0].to_dict()
    low, high, open_ended = float(row["low"]), float(row["high"]), bool(row["high_open_ended"])
    covers_low = low <= pct["pct10"]
    covers_high = open_ended or high >= pct["pct90"]
    return _Claim(
        claim_id="us_range_vs_bls_percentiles",
        claim=f"US pay range {row['wording']} (key facts)",
        guide_value=low,
        unit="USD per year",
        reference=f"{_OEWS.format(year=year)}, annual wage percentiles",
        computed_value=pct["pct10"],
        verdict=_verdict(covers_low and covers_high),
        explanation=(
            f"the BLS May {year} annual wages of 29-2072 run from {format_money(pct['pct10'])} "
            f"(10th percentile) to {format_money(pct['pct90'])} (90th), median "
            f"{format_money(pct['median'])}; the guide's range "
            f"{format_range(low, high, open_ended=open_ended)} "
            f"{'covers' if covers_low and covers_high else 'does not cover'} that span (rule: "
            "its low end at or below the 10th percentile, its high end open or at or above the "
            f"90th). Its {format_money(high)} sits {_band(high, pct)}. May {year} is the year "
            "the guide's median pay is found in"
        ),
    )


def _ladder_claims(year: int, pct: dict[str, float]) -> list[_Claim]:
    """Each level's US median against the BLS percentiles: inside the 10th-90th span or not."""
    claims = []
    for rec in load_salary_by_level().to_dict("records"):
        level, median = str(rec["level"]), float(rec["us_median"])
        inside = pct["pct10"] <= median <= pct["pct90"]
        note = (
            ""
            if inside
            else "; supervisors and managers of coding may sit in other occupations (medical "
            "and health services managers, 11-9111, for one), whose wages are not held"
        )
        claims.append(
            _Claim(
                claim_id=f"ladder_{level.lower().replace(' ', '_')}_vs_bls",
                claim=f"{level}: US median {format_money(median)} USD",
                guide_value=median,
                unit="USD per year",
                reference=f"{_OEWS.format(year=year)}, annual wage percentiles",
                computed_value=pct["median"],
                verdict=_verdict(inside),
                explanation=(
                    f"{format_money(median)} sits {_band(median, pct)} of the BLS May {year} "
                    f"annual wages of 29-2072 (10th-90th percentile {format_money(pct['pct10'])}"
                    f"-{format_money(pct['pct90'])}); the computed value is the BLS median. "
                    "Rule: consistent inside the 10th-90th percentile span" + note
                ),
            )
        )
    return claims


def _states_claim(basis: str, states: pd.DataFrame, national: float, year: int) -> _Claim:
    """The guide's three states against the national mean, nominal or at national prices."""
    column = "a_mean" if basis == "nominal" else "a_mean_rpp"
    rank = "rank_nominal" if basis == "nominal" else "rank_rpp"
    picked = states.set_index("state_code").loc[list(GUIDE_STATES)]
    above = bool((picked[column] > national).all())
    listing = "; ".join(
        f"{GUIDE_STATES[str(code)]} {format_money(float(r[column]))} (rank {int(r[rank])}"
        + (f", RPP {float(r['rpp']):.1f})" if basis == "rpp" else ")")
        for code, r in picked.iterrows()
    )
    words = "nominal" if basis == "nominal" else "at national prices, BEA RPP"
    lowest = float(picked[column].min())
    return _Claim(
        claim_id=f"states_higher_pay_{basis}",
        claim=f"higher salaries in California, New York and Massachusetts ({words})",
        guide_value=float("nan"),
        unit="USD per year" + ("" if basis == "nominal" else " (national-average dollars)"),
        reference=f"BLS OEWS May {year} state and national means, 29-2072"
        + ("" if basis == "nominal" else f"; BEA regional price parities {year}"),
        computed_value=lowest,
        verdict=_verdict(above),
        explanation=(
            f"annual mean wages {words}, May {year}: {listing}, against the national mean "
            f"{format_money(national)}; rank 1 is the highest of the 50 states and DC. BLS "
            "publishes state means, not medians, for this file. The computed value is the "
            "lowest of the three. Rule: consistent when all three are above the national mean"
        ),
    )


def _states_claims() -> list[_Claim]:
    year = int(load_oews_states()["may_year"].max())  # the latest (only) May of state means
    states = compare_states(year=year)
    oews = load_oews()
    national = oews[(oews["may_year"] == year) & (oews["occ_code"] == CODER_CODE)]
    mean = float(national["a_mean"].iloc[0])
    return [_states_claim(b, states, mean, year) for b in ("nominal", "rpp")]


def bls_claims() -> list[_Claim]:
    """The claims of this module, in order: the US range, the ladder, the states."""
    year = matching_year()
    pct = _percentiles(year)
    return [_range_claim(year, pct), *_ladder_claims(year, pct), *_states_claims()]
