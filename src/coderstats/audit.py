"""Audit of the career guide: each checkable numeric claim tested against official figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from coderstats.conversion import convert, convert_amount
from coderstats.datasets import (
    load_outlook,
    load_regional_salaries,
    load_salary_by_level,
    load_us_pay_ranges,
)

__all__ = ["APPROX_YEARS", "EURO_AREA_EXAMPLES", "audit_guide"]

#: Years whose ECB annual means are tried against the guide's "approx. USD" figures.
APPROX_YEARS: tuple[int, ...] = (2022, 2023, 2024)
#: Euro-area countries set against New York for the guide's New York remark.
EURO_AREA_EXAMPLES: tuple[str, ...] = ("DEU", "FRA", "ITA", "ESP", "NLD", "IRL", "FIN")
_PPP_YEAR = 2024
_RPP_YEAR = 2023  # the latest year of the shipped BEA parities
_ECB = "ECB euro reference rates (bundled eurofxref-hist to 2026-10-30)"
_WB = "World Bank WDI PA.NUS.PRVT.PP (WDI 2025-10-07)"
_BLS_EP = "BLS Employment Projections 2023-33"
_BLS_OOH = "BLS Occupational Outlook Handbook, 2022-32 edition"
_GUIDE = "the guide's own figures"


@dataclass
class _Claim:
    claim_id: str
    claim: str
    guide_value: float
    unit: str
    reference: str
    computed_value: float
    verdict: str
    explanation: str

    @property
    def relative_difference(self) -> float:
        if np.isnan(self.guide_value) or np.isnan(self.computed_value):
            return float("nan")
        if self.computed_value == 0:
            return float("nan")
        return float(self.guide_value / self.computed_value - 1)


def _verdict(ok: bool) -> str:
    return "consistent" if ok else "inconsistent"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _approx_usd_claims() -> list[_Claim]:
    """The guide's "approx. USD" figures against ECB annual means of 2022, 2023 and 2024."""
    regional = load_regional_salaries()
    given = regional[regional["guide_approx_usd_low"].notna()].reset_index(drop=True)
    by_year = {
        year: convert(given, amount=["low", "high"], currency="currency", year=year)
        for year in APPROX_YEARS
    }
    at_ppp = convert(
        given,
        amount=["low", "high"],
        currency="currency",
        country="iso3",
        year=_PPP_YEAR,
        basis="ppp",
    )
    claims = []
    for i, row in enumerate(given.to_dict("records")):
        precision = 100 if row["iso3"] == "IND" else 1000
        for side in ("low", "high"):
            guide = float(row[f"guide_approx_usd_{side}"])
            computed = {y: float(by_year[y][f"{side}_market"].iloc[i]) for y in APPROX_YEARS}
            matches = [y for y, v in computed.items() if round(v / precision) * precision == guide]
            year = matches[-1] if matches else min(computed, key=lambda y: abs(computed[y] - guide))
            tried = "; ".join(f"{y}: {_money(v)}" for y, v in computed.items())
            ppp_value = float(at_ppp[f"{side}_ppp"].iloc[i])
            if matches:
                lead = f"reproduced by the ECB annual mean of {', '.join(map(str, matches))}"
            else:
                lead = "no ECB annual mean of 2022-2024 reproduces it"
            explanation = (
                f"{lead} at the guide's precision (nearest {precision:,} USD); computed "
                f"{tried}. At {_PPP_YEAR} private-consumption PPP the same "
                f"{_money(row[side])} {row['currency']} is {_money(ppp_value)} international $, "
                "which the market-rate view hides."
            )
            claims.append(
                _Claim(
                    claim_id=f"approx_usd_{row['iso3'].lower()}_{side}",
                    claim=(
                        f"{row['country']}: {_money(row[side])} {row['currency']} is approx. "
                        f"{_money(guide)} USD"
                    ),
                    guide_value=guide,
                    unit="USD per year",
                    reference=f"{_ECB}, annual mean {year}",
                    computed_value=computed[year],
                    verdict=_verdict(bool(matches)),
                    explanation=explanation,
                )
            )
    return claims


def _cost_of_living_claim() -> _Claim:
    """India's "much lower cost of living": its price level against the US at PPP."""
    market = convert_amount(1.0, "INR", year=_PPP_YEAR).value
    ppp = convert_amount(1.0, "INR", basis="ppp", country="IND", year=_PPP_YEAR).value
    level = market / ppp
    return _Claim(
        claim_id="india_cost_of_living",
        claim="India: a much lower cost of living",
        guide_value=float("nan"),
        unit="price level, US = 1",
        reference=f"{_ECB}, annual mean {_PPP_YEAR}; {_WB}, {_PPP_YEAR}",
        computed_value=level,
        verdict=_verdict(level <= 0.5),
        explanation=(
            f"India's price level (market rate over PPP factor) is {level:.2f} of the US level "
            f"in {_PPP_YEAR}: a rupee buys about {1 / level:.1f} times as much in India as its "
            "dollar value buys in the US. The rule: 'much lower' holds at or below half the US "
            "level. 300,000-600,000 INR is about 3,600-7,200 USD at market but about "
            "15,000-30,000 international $ at PPP."
        ),
    )


def _qualitative_claims() -> list[_Claim]:
    rows = [
        ("europe_benefits", "Europe: pay typically includes robust social benefits", "benefits"),
        (
            "australia_superannuation",
            "Australia: pay often comes with superannuation",
            "superannuation",
        ),
        (
            "scandinavia_gross_and_taxes",
            "Scandinavia: higher gross pay and higher taxes",
            "Scandinavian pay or taxes",
        ),
        ("latin_america_remote", "Latin America: mostly remote work", "work arrangements"),
    ]
    return [
        _Claim(
            cid,
            text,
            float("nan"),
            "text",
            _GUIDE,
            float("nan"),
            "not checkable",
            f"no figures on {topic} are shipped, so the remark cannot be tested",
        )
        for cid, text, topic in rows
    ]


def _range_text(low: float, high: float, open_ended: bool) -> str:
    return f"{_money(low)}-{_money(high)}{'+' if open_ended else ''}"


def _us_claims() -> list[_Claim]:
    """The guide's US figures against each other: containment and overlap, never resolved."""
    ranges = {r["label"]: r for r in load_us_pay_ranges().to_dict("records")}
    regional = load_regional_salaries()
    us = {r["segment"]: r for r in regional[regional["iso3"] == "USA"].to_dict("records")}
    ladder = {
        str(r["level"]): float(r["us_median"]) for r in load_salary_by_level().to_dict("records")
    }
    outlook = load_outlook()
    guide_median = outlook[
        (outlook["source"] == "guide") & (outlook["metric"] == "median_pay_annual")
    ]
    median = float(guide_median["value"].iloc[0])

    def bounds(record: dict[Any, Any], open_ended: bool | None = None) -> tuple[float, float, bool]:
        flag = bool(record["high_open_ended"]) if open_ended is None else open_ended
        return float(record["low"]), float(record["high"]), flag

    spans = {
        "key facts range": bounds(ranges["salary range"]),
        "FAQ starting salaries": bounds(ranges["starting salaries"]),
        "FAQ experienced": bounds(ranges["experienced"]),
        "regional US entry-level": bounds(us["entry-level"], False),
        "regional US experienced": bounds(us["experienced"], False),
    }
    points = {
        "key facts median": median,
        "Junior Medical Coder median": ladder["Junior Medical Coder"],
        "Medical Coder median": ladder["Medical Coder"],
        "Senior Medical Coder median": ladder["Senior Medical Coder"],
        "Lead Medical Coder median": ladder["Lead Medical Coder"],
    }
    claims: list[_Claim] = []

    def inside(cid: str, point: str, span: str) -> None:
        value = points[point]
        low, high, open_ended = spans[span]
        ok = low <= value and (open_ended or value <= high)
        mid = (low + high) / 2
        claims.append(
            _Claim(
                claim_id=cid,
                claim=(
                    f"{point} {_money(value)} USD lies in the {span} "
                    f"{_range_text(low, high, open_ended)}"
                ),
                guide_value=value,
                unit="USD per year",
                reference=_GUIDE,
                computed_value=float(mid),
                verdict=_verdict(ok),
                explanation=(
                    f"{'inside' if ok else 'outside'} the range; computed value is the range "
                    f"midpoint {_money(mid)}."
                ),
            )
        )

    def overlap(cid: str, first: str, second: str) -> None:
        a_low, a_high, a_open = spans[first]
        b_low, b_high, b_open = spans[second]
        top = min(np.inf if a_open else a_high, np.inf if b_open else b_high)
        bottom = max(a_low, b_low)
        ok = bottom <= top
        shared = (
            f"they overlap on {_money(bottom)}-{'open' if np.isinf(top) else _money(top)}"
            if ok
            else f"they do not overlap (gap {_money(bottom)} vs {_money(top)})"
        )
        claims.append(
            _Claim(
                claim_id=cid,
                claim=(
                    f"{first} {_range_text(a_low, a_high, a_open)} vs {second} "
                    f"{_range_text(b_low, b_high, b_open)}"
                ),
                guide_value=float((a_low + a_high) / 2),
                unit="USD per year (range midpoints)",
                reference=_GUIDE,
                computed_value=float((b_low + b_high) / 2),
                verdict=_verdict(ok),
                explanation=f"{shared}; guide and computed values are the two midpoints.",
            )
        )

    def ordered(cid: str, first: str, second: str) -> None:
        a_low, a_high, a_open = spans[first]
        b_low, b_high, b_open = spans[second]
        a_top = np.inf if a_open else a_high
        b_top = np.inf if b_open else b_high
        ok = b_low >= a_low and b_top >= a_top
        shared = max(a_low, b_low), min(a_top, b_top)
        overlap_text = (
            f"they overlap on {_money(shared[0])}-{_money(shared[1])}"
            if shared[0] <= shared[1]
            else "they do not overlap"
        )
        claims.append(
            _Claim(
                claim_id=cid,
                claim=(
                    f"{second} {_range_text(b_low, b_high, b_open)} sits above {first} "
                    f"{_range_text(a_low, a_high, a_open)}"
                ),
                guide_value=float((b_low + b_high) / 2),
                unit="USD per year (range midpoints)",
                reference=_GUIDE,
                computed_value=float((a_low + a_high) / 2),
                verdict=_verdict(ok),
                explanation=(
                    f"{'both ends are' if ok else 'not both ends are'} at or above the lower "
                    f"range's; {overlap_text}; guide value is the upper range's midpoint, "
                    "computed value the lower range's."
                ),
            )
        )

    inside("us_median_in_key_range", "key facts median", "key facts range")
    inside("us_median_in_regional_entry", "key facts median", "regional US entry-level")
    inside("junior_median_in_faq_start", "Junior Medical Coder median", "FAQ starting salaries")
    inside(
        "junior_median_in_regional_entry", "Junior Medical Coder median", "regional US entry-level"
    )
    inside("coder_median_in_faq_experienced", "Medical Coder median", "FAQ experienced")
    inside(
        "senior_median_in_regional_experienced",
        "Senior Medical Coder median",
        "regional US experienced",
    )
    inside(
        "lead_median_in_regional_experienced",
        "Lead Medical Coder median",
        "regional US experienced",
    )
    overlap("faq_start_vs_regional_entry", "FAQ starting salaries", "regional US entry-level")
    overlap("faq_experienced_vs_regional_experienced", "FAQ experienced", "regional US experienced")
    ordered("faq_experienced_above_faq_start", "FAQ starting salaries", "FAQ experienced")
    ordered(
        "regional_experienced_above_regional_entry",
        "regional US entry-level",
        "regional US experienced",
    )
    ordered("faq_experienced_above_regional_entry", "regional US entry-level", "FAQ experienced")
    return claims


def _outlook_claims() -> list[_Claim]:
    """The guide's outlook figures against the BLS editions the shipped table holds."""
    outlook = load_outlook()

    def figure(
        source: str, metric: str, code: str | None = None, publication: str | None = None
    ) -> float:
        rows = outlook[(outlook["source"] == source) & (outlook["metric"] == metric)]
        if code is not None:
            rows = rows[rows["soc_code"] == code]
        if publication is not None:
            rows = rows[rows["publication"] == publication]
        return float(rows["value"].iloc[0])

    ep = "Employment Projections 2023-33"
    ooh = "Occupational Outlook Handbook, 2022-32 edition"
    g_median = figure("guide", "median_pay_annual")
    b_median = figure("BLS", "median_pay_annual", "29-2072", ep)
    g_growth = figure("guide", "employment_pct_change")
    b_growth = figure("BLS", "employment_pct_change", "29-2072", ep)
    g_open = figure("guide", "annual_openings")
    b_open = figure("BLS", "annual_openings", "29-2072", ep)
    b_open_9021 = figure("BLS", "annual_openings", "29-9021", ep)
    g_jobs = figure("guide", "employment_change")
    b_jobs_ooh = figure("BLS", "employment_change", "29-9021", ooh)
    b_jobs_ep = figure("BLS", "employment_change", "29-9021", ep)
    no_edition = (
        "the shipped tables hold no 2022-32 figure for 29-2072 (the guide's period), so the "
        "claim cannot be settled; the computed value is the nearest edition's, for information"
    )
    return [
        _Claim(
            "outlook_median_may_2023",
            "median pay 47,180 USD (U.S. national median, BLS, May 2023)",
            g_median,
            "USD per year",
            f"{_BLS_EP}, 29-2072 median annual wage, May 2023",
            b_median,
            _verdict(g_median == b_median),
            (
                f"the BLS May 2023 median for 29-2072 (medical records specialists) is "
                f"{_money(b_median)} USD, not {_money(g_median)}; the guide's figure may belong "
                "to another edition, which the shipped tables do not hold"
            ),
        ),
        _Claim(
            "outlook_growth_2022_32",
            "employment growth 7 %, as fast as average (BLS, 2022-2032)",
            g_growth,
            "percent",
            f"{_BLS_EP}, 29-2072 (nearest edition)",
            b_growth,
            "not checkable",
            f"{no_edition}: 2023-33 projects {b_growth} % for 29-2072",
        ),
        _Claim(
            "outlook_openings_2022_32",
            "about 34,300 openings a year (BLS, 2022-2032)",
            g_open,
            "openings per year",
            f"{_BLS_EP}, 29-2072 (nearest edition)",
            b_open,
            "not checkable",
            (
                f"{no_edition}: 2023-33 projects {_money(b_open)} a year for 29-2072 and "
                f"{_money(b_open_9021)} for 29-9021, {_money(b_open + b_open_9021)} together - "
                "about half the guide's figure"
            ),
        ),
        _Claim(
            "outlook_new_jobs_29_9021",
            (
                "about 18,700 new jobs over the decade for health information technologists and "
                "medical registrars (2022-2032)"
            ),
            g_jobs,
            "jobs",
            f"{_BLS_OOH}, 29-9021 employment change 2022-32",
            b_jobs_ooh,
            _verdict(abs(g_jobs / b_jobs_ooh - 1) <= 0.01),
            (
                f"the BLS 2022-32 edition gives {_money(b_jobs_ooh)} new jobs for 29-9021, the "
                f"occupation and period the guide names (2023-33: {_money(b_jobs_ep)}); the "
                "guide's figure is about three times larger"
            ),
        ),
    ]


def _nyc_claim() -> _Claim:
    """$50,000 in New York buys less than in a European city: state level, RPP vs PPP."""
    ny = convert_amount(50_000, "USD", basis="rpp", us_state="NY", year=_RPP_YEAR)
    europe = {
        iso: convert_amount(50_000, "USD", basis="ppp", country=iso, year=_RPP_YEAR).value
        for iso in EURO_AREA_EXAMPLES
    }
    lowest = min(europe, key=lambda k: europe[k])
    ok = all(ny.value < v for v in europe.values())
    listing = ", ".join(f"{k} {_money(v)}" for k, v in europe.items())
    return _Claim(
        "new_york_vs_european_city",
        "50,000 USD in New York City buys less than the same in a smaller European city",
        50_000.0,
        "USD per year (national-average dollars vs international $)",
        (
            f"BEA regional price parities {_RPP_YEAR} (SARPP, all items); {_WB}, {_RPP_YEAR}; "
            f"{_ECB}, annual mean {_RPP_YEAR}"
        ),
        ny.value,
        _verdict(ok),
        (
            f"at state level: 50,000 USD in New York State is {_money(ny.value)} national-average "
            f"dollars ({_RPP_YEAR} RPP {ny.factor**-1 * 100:.1f}); the same 50,000 USD spent in "
            f"euro-area countries at {_RPP_YEAR} PPP is {listing} international $ (lowest: "
            f"{lowest}). A state is not a city: New York City's own price level is higher than "
            "the state's, so the remark holds at least as strongly for the city, but the city is "
            "not measured here."
        ),
    )


def audit_guide() -> pd.DataFrame:
    """Check every checkable numeric claim of the career guide against official figures.

    Returns
    -------
    pandas.DataFrame
        One row per claim:

        ===================  ==============================================================
        column               meaning
        ===================  ==============================================================
        claim_id             stable identifier, e.g. ``approx_usd_gbr_low``
        claim                the guide's claim, in short
        guide_value          the figure the guide states (NaN for a claim without one)
        unit                 unit of guide_value and computed_value
        reference            source and vintage used to check it
        computed_value       what the reference gives
        relative_difference  guide_value / computed_value - 1
        verdict              ``consistent``, ``inconsistent`` or ``not checkable``
        explanation          how the verdict was reached, with the figures
        ===================  ==============================================================

    Notes
    -----
    Rules, claim by claim:

    - "approx. USD" conversions: the local figure times the ECB annual mean (mean of daily
      cross rates) of 2022, 2023 and 2024; consistent when the computed figure, rounded to the
      guide's precision (nearest 1,000 USD; 100 USD for India), equals the guide's figure.
      The reference names the latest year that reproduces it (or the closest when none does).
    - India's "much lower cost of living": consistent when its price level (market rate over
      PPP factor) is at most half the US level.
    - US figures against each other: a point is consistent when inside the range (an
      open-ended range has no upper bound); two ranges for the same group are consistent
      when they overlap; an experienced range is consistent with a starting range when both
      its ends are at or above the starting range's.
      Overlaps and contradictions are reported, not resolved.
    - Outlook: compared with the BLS edition and occupation code the guide names where the
      shipped table holds it; otherwise "not checkable", with the nearest edition's figure.
    - New York: US pay in national-average dollars with BEA state price parities, against the
      same pay at PPP in euro-area countries, same year. A state is not a city.

    The audit reads the shipped tables and never changes them.

    Examples
    --------
    >>> audit = audit_guide().set_index("claim_id")
    >>> audit.loc["approx_usd_gbr_low", "verdict"]
    'consistent'
    >>> float(audit.loc["outlook_median_may_2023", "computed_value"])
    48780.0
    >>> audit.loc["outlook_median_may_2023", "verdict"]
    'inconsistent'
    """
    claims: Iterable[_Claim] = [
        *_approx_usd_claims(),
        _cost_of_living_claim(),
        *_qualitative_claims(),
        *_us_claims(),
        *_outlook_claims(),
        _nyc_claim(),
    ]
    rows = []
    for c in claims:
        row = asdict(c)
        row["relative_difference"] = c.relative_difference
        rows.append(row)
    columns = [
        "claim_id",
        "claim",
        "guide_value",
        "unit",
        "reference",
        "computed_value",
        "relative_difference",
        "verdict",
        "explanation",
    ]
    out = pd.DataFrame(rows)[columns]
    for col in ("claim_id", "claim", "unit", "reference", "verdict", "explanation"):
        out[col] = out[col].astype("str")
    return out
