"""Audit of the career guide: each checkable numeric claim tested against official figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from coderstats._options import INDICATORS
from coderstats.bls import load_projections
from coderstats.conversion import convert, convert_amount
from coderstats.datasets import (
    load_outlook,
    load_regional_salaries,
    load_salary_by_level,
    load_us_pay_ranges,
)
from coderstats.editions import AGREEMENT_TOLERANCE, outlook_editions
from coderstats.formatting import format_figure, format_money, format_range
from coderstats.provenance import cited, ecb_cited

__all__ = ["APPROX_YEARS", "EURO_AREA_EXAMPLES", "audit_guide"]

#: Years whose ECB annual means are tried against the guide's "approx. USD" figures.
APPROX_YEARS: tuple[int, ...] = (2022, 2023, 2024)
#: Euro-area countries set against New York for the guide's New York remark.
EURO_AREA_EXAMPLES: tuple[str, ...] = ("DEU", "FRA", "ITA", "ESP", "NLD", "IRL", "FIN")
#: The PPP year set beside the market figures: the latest year tried for "approx. USD".
_PPP_YEAR = APPROX_YEARS[-1]
_GUIDE = "the guide's own figures"
#: The pay in the guide's New York remark (a remark, not a row of the shipped tables).
_NYC_PAY = 50_000.0


def _ecb(year: int) -> str:
    """The ECB reference rates, with the bundled history's last fixing, for ``year``."""
    ecb = ecb_cited(year)
    return f"{ecb['publisher']} euro reference rates ({ecb['vintage']}), annual mean {year}"


def _world_bank(indicator: str = "private_consumption") -> str:
    """The World Bank PPP indicator and its vintage, as the data package records them."""
    code = INDICATORS[indicator]
    (source,) = cited("ppp", keep=[code])
    return f"{source['publisher']} WDI {code}, {source['vintage']}"


def _rpp_year() -> int:
    """The latest year of the shipped BEA regional price parities."""
    from coderstats.reference.rpp import load_rpp

    return int(load_rpp()["year"].max())


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
    edition: str = ""
    match: str = ""

    @property
    def relative_difference(self) -> float:
        if np.isnan(self.guide_value) or np.isnan(self.computed_value):
            return float("nan")
        if self.computed_value == 0:
            return float("nan")
        return float(self.guide_value / self.computed_value - 1)


def _verdict(ok: bool) -> str:
    return "consistent" if ok else "inconsistent"


def _agrees(guide: float, reference: float) -> bool:
    """Whether a guide figure is within :data:`~coderstats.compare.AGREEMENT_TOLERANCE`."""
    return bool(abs(guide / reference - 1) <= AGREEMENT_TOLERANCE)


def _precision(*figures: float) -> int:
    """The guide's rounding: the largest power of ten that divides all of ``figures``."""
    step = 1
    while all(f % (step * 10) == 0 for f in figures) and step < 10**9:
        step *= 10
    return step


def _significant(value: float, digits: int = 2) -> float:
    """``value`` rounded to ``digits`` significant digits."""
    if value == 0:
        return 0.0
    return float(round(value, digits - 1 - int(np.floor(np.log10(abs(value))))))


_SMALL = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
_PARTS = {2: "half", 3: "a third of", 4: "a quarter of"}


def _proportion(ratio: float) -> str:
    """``ratio`` in words: "about three times", "about half", "3.3% below"."""
    if ratio >= 1.5:
        n = round(ratio)
        return f"about {_SMALL.get(n, str(n))} times"
    if ratio <= 1 / 1.5:
        n = round(1 / ratio)
        return f"about {_PARTS.get(n, f'1/{n} of')}"
    return f"{abs(ratio - 1):.1%} {'above' if ratio > 1 else 'below'}"


def _daily_fixings(amount: float, currency: str, guide: float, precision: int, year: int) -> str:
    """Which daily ECB fixings of ``year`` reproduce ``guide``: their range and how many days."""
    from coderstats.reference.ecb import load_ecb_rates

    rates = load_ecb_rates()
    rates = rates[rates["date"].dt.year == year]
    wide = rates.pivot_table(index="date", columns="currency", values="units_per_eur")
    usd = (wide["USD"] / wide[currency]).dropna()  # USD per unit on each fixing day
    hit = usd[(amount * usd / precision).round() * precision == guide]
    if hit.empty:
        return f"none of the {len(usd)} daily ECB fixings of {year} reproduces it either"
    return (
        f"the daily ECB fixings of {year} do on {len(hit)} of {len(usd)} days, at "
        f"{hit.min():.4f}-{hit.max():.4f} USD per {currency} (the annual mean smooths them)"
    )


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
    span = f"{APPROX_YEARS[0]}-{APPROX_YEARS[-1]}"
    claims = []
    for i, row in enumerate(given.to_dict("records")):
        precision = _precision(
            float(row["guide_approx_usd_low"]), float(row["guide_approx_usd_high"])
        )
        for side in ("low", "high"):
            guide = float(row[f"guide_approx_usd_{side}"])
            computed = {y: float(by_year[y][f"{side}_market"].iloc[i]) for y in APPROX_YEARS}
            matches = [y for y, v in computed.items() if round(v / precision) * precision == guide]
            year = matches[-1] if matches else min(computed, key=lambda y: abs(computed[y] - guide))
            tried = "; ".join(f"{y}: {format_money(v)}" for y, v in computed.items())
            ppp_value = float(at_ppp[f"{side}_ppp"].iloc[i])
            daily = ""
            if matches:
                lead = f"reproduced by the ECB annual mean of {', '.join(map(str, matches))}"
            else:
                lead = f"no ECB annual mean of {span} reproduces it"
                fixings = _daily_fixings(
                    float(row[side]), str(row["currency"]), guide, precision, APPROX_YEARS[-1]
                )
                daily = f"; {fixings}"
            explanation = (
                f"{lead} at the guide's precision (nearest {precision:,} USD); computed "
                f"{tried}{daily}. At {_PPP_YEAR} private-consumption PPP the same "
                f"{format_money(row[side])} {row['currency']} is {format_money(ppp_value)} "
                "international $, which the market-rate view hides."
            )
            claims.append(
                _Claim(
                    claim_id=f"approx_usd_{row['iso3'].lower()}_{side}",
                    claim=(
                        f"{row['country']}: {format_money(row[side])} {row['currency']} is approx. "
                        f"{format_money(guide)} USD"
                    ),
                    guide_value=guide,
                    unit="USD per year",
                    reference=_ecb(year),
                    computed_value=computed[year],
                    verdict=_verdict(bool(matches)),
                    explanation=explanation,
                )
            )
    return claims


def _cost_of_living_claim() -> _Claim:
    """India's "much lower cost of living": its price level against the US at PPP."""
    regional = load_regional_salaries()
    india = regional[regional["iso3"] == "IND"].iloc[0]
    currency = str(india["currency"])
    market = convert_amount(1.0, currency, year=_PPP_YEAR).value
    ppp = convert_amount(1.0, currency, basis="ppp", country="IND", year=_PPP_YEAR).value
    level = market / ppp
    low, high = float(india["low"]), float(india["high"])

    def span(factor: float) -> str:
        return format_range(_significant(low * factor), _significant(high * factor))

    return _Claim(
        claim_id="india_cost_of_living",
        claim="India: a much lower cost of living",
        guide_value=float("nan"),
        unit="price level, US = 1",
        reference=f"{_ecb(_PPP_YEAR)}; {_world_bank()}, {_PPP_YEAR}",
        computed_value=level,
        verdict=_verdict(level <= 0.5),
        explanation=(
            f"India's price level (market rate over PPP factor) is {level:.2f} of the US level "
            f"in {_PPP_YEAR}: a rupee buys about {1 / level:.1f} times as much in India as its "
            "dollar value buys in the US. The rule: 'much lower' holds at or below half the US "
            f"level. {format_range(low, high)} {currency} is about {span(market)} USD at "
            f"market but about {span(ppp)} international $ at PPP."
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
        (
            "latin_america_remote",
            "Latin America: less developed for direct employment, but remote opportunities exist",
            "employment or remote work in Latin America",
        ),
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


#: A US pay range of the guide: low, high, and whether it is open-ended (no upper bound).
_Span = tuple[float, float, bool]

#: (claim id, figure, range): a single US figure of the guide said to lie in a US range.
_US_FIGURES_IN_RANGES = (
    ("us_median_in_key_range", "key facts median", "key facts range"),
    ("us_median_in_regional_entry", "key facts median", "regional US entry-level"),
    ("junior_median_in_faq_start", "Junior Medical Coder median", "FAQ starting salaries"),
    (
        "junior_median_in_regional_entry",
        "Junior Medical Coder median",
        "regional US entry-level",
    ),
    ("coder_median_in_faq_experienced", "Medical Coder median", "FAQ experienced"),
    (
        "senior_median_in_regional_experienced",
        "Senior Medical Coder median",
        "regional US experienced",
    ),
    (
        "lead_median_in_regional_experienced",
        "Lead Medical Coder median",
        "regional US experienced",
    ),
)
#: (claim id, first range, second range, ordered): two US ranges of the guide that overlap,
#: or (``ordered``) whose second sits above the first.
_US_RANGE_PAIRS = (
    ("faq_start_vs_regional_entry", "FAQ starting salaries", "regional US entry-level", False),
    (
        "faq_experienced_vs_regional_experienced",
        "FAQ experienced",
        "regional US experienced",
        False,
    ),
    ("faq_experienced_above_faq_start", "FAQ starting salaries", "FAQ experienced", True),
    (
        "regional_experienced_above_regional_entry",
        "regional US entry-level",
        "regional US experienced",
        True,
    ),
    ("faq_experienced_above_regional_entry", "regional US entry-level", "FAQ experienced", True),
)


def _us_ranges() -> dict[str, _Span]:
    """The guide's US pay ranges by name: key facts, FAQ and the regional table's US rows."""
    ranges = {r["label"]: r for r in load_us_pay_ranges().to_dict("records")}
    regional = load_regional_salaries()
    us = {r["segment"]: r for r in regional[regional["iso3"] == "USA"].to_dict("records")}

    def bounds(record: dict[Any, Any], open_ended: bool | None = None) -> _Span:
        flag = bool(record["high_open_ended"]) if open_ended is None else open_ended
        return float(record["low"]), float(record["high"]), flag

    return {
        "key facts range": bounds(ranges["salary range"]),
        "FAQ starting salaries": bounds(ranges["starting salaries"]),
        "FAQ experienced": bounds(ranges["experienced"]),
        "regional US entry-level": bounds(us["entry-level"], False),
        "regional US experienced": bounds(us["experienced"], False),
    }


def _us_figures() -> dict[str, float]:
    """The guide's single US pay figures by name: the key-facts median and the level medians."""
    ladder = {
        str(r["level"]): float(r["us_median"]) for r in load_salary_by_level().to_dict("records")
    }
    outlook = load_outlook()
    guide_median = outlook[
        (outlook["source"] == "guide") & (outlook["metric"] == "median_pay_annual")
    ]
    return {
        "key facts median": float(guide_median["value"].iloc[0]),
        "Junior Medical Coder median": ladder["Junior Medical Coder"],
        "Medical Coder median": ladder["Medical Coder"],
        "Senior Medical Coder median": ladder["Senior Medical Coder"],
        "Lead Medical Coder median": ladder["Lead Medical Coder"],
    }


def _inside_claim(cid: str, figure: str, value: float, name: str, span: _Span) -> _Claim:
    """A US figure inside a US range (above its low end when the range is open-ended)."""
    low, high, open_ended = span
    ok = low <= value and (open_ended or value <= high)
    mid = (low + high) / 2
    return _Claim(
        claim_id=cid,
        claim=(
            f"{figure} {format_money(value)} USD lies in the {name} "
            f"{format_range(low, high, open_ended=open_ended)}"
        ),
        guide_value=value,
        unit="USD per year",
        reference=_GUIDE,
        computed_value=float(mid),
        verdict=_verdict(ok),
        explanation=(
            f"{'inside' if ok else 'outside'} the range; computed value is the range "
            f"midpoint {format_money(mid)}."
        ),
    )


def _top(span: _Span) -> float:
    """The upper end of a range, infinite when it is open-ended."""
    return np.inf if span[2] else span[1]


def _shared_text(a: _Span, b: _Span) -> tuple[bool, str]:
    """Whether two ranges overlap, and the words saying on what (or the gap between them)."""
    bottom, top = max(a[0], b[0]), min(_top(a), _top(b))
    overlaps = bottom <= top
    if overlaps:
        end = "open" if np.isinf(top) else format_money(top)
        return overlaps, f"they overlap on {format_money(bottom)}-{end}"
    return overlaps, f"they do not overlap (gap {format_money(top)} to {format_money(bottom)})"


def _pair_claim(cid: str, first: str, a: _Span, second: str, b: _Span, *, ordered: bool) -> _Claim:
    """Two ranges: do they overlap, or (``ordered``) does ``second`` sit above ``first``."""
    overlaps, shared = _shared_text(a, b)
    a_text = f"{first} {format_range(a[0], a[1], open_ended=a[2])}"
    b_text = f"{second} {format_range(b[0], b[1], open_ended=b[2])}"
    a_mid, b_mid = float((a[0] + a[1]) / 2), float((b[0] + b[1]) / 2)
    if ordered:
        ok = b[0] >= a[0] and _top(b) >= _top(a)
        claim, guide_value, computed_value = f"{b_text} sits above {a_text}", b_mid, a_mid
        explanation = (
            f"{'both ends are' if ok else 'not both ends are'} at or above the lower "
            f"range's; {shared}; guide value is the upper range's midpoint, computed value "
            "the lower range's."
        )
    else:
        ok = overlaps
        claim, guide_value, computed_value = f"{a_text} vs {b_text}", a_mid, b_mid
        explanation = f"{shared}; guide and computed values are the two midpoints."
    return _Claim(
        claim_id=cid,
        claim=claim,
        guide_value=guide_value,
        unit="USD per year (range midpoints)",
        reference=_GUIDE,
        computed_value=computed_value,
        verdict=_verdict(ok),
        explanation=explanation,
    )


def _us_claims() -> list[_Claim]:
    """The guide's US figures against each other: containment and overlap, never resolved."""
    spans, figures = _us_ranges(), _us_figures()
    inside = [
        _inside_claim(cid, figure, figures[figure], name, spans[name])
        for cid, figure, name in _US_FIGURES_IN_RANGES
    ]
    pairs = [
        _pair_claim(cid, first, spans[first], second, spans[second], ordered=ordered)
        for cid, first, second, ordered in _US_RANGE_PAIRS
    ]
    return inside + pairs


#: metric -> (claim id, claim wording); the wording is filled from the guide's row.
_OUTLOOK_CLAIMS = {
    "median_pay_annual": ("outlook_median_may_2023", "median pay {value} USD ({wording})"),
    "employment_pct_change": (
        "outlook_growth_2022_32",
        "employment growth {value}, {wording} (BLS, {period})",
    ),
    "annual_openings": (
        "outlook_openings_2022_32",
        "about {value} openings a year (BLS, {period})",
    ),
    "employment_change": (
        "outlook_new_jobs_29_9021",
        "about {value} new jobs over the decade for {occupation} ({period})",
    ),
}
_METRIC_WORDS = {
    "median_pay_annual": "median annual wage",
    "employment_pct_change": "employment growth",
    "annual_openings": "annual openings",
    "employment_change": "employment change",
}
_HELD = "OEWS May 2015-2025 or Employment Projections 2016-26 to 2024-34"


def _outlook_lead(row: Any, text: Callable[[float], str]) -> str:
    """What the figure is: the edition it is found in, or that no edition held gives it."""
    if row.verdict == "consistent":
        return (
            f"the BLS {row.bls_source} gives {text(row.bls_value)} for {row.occ_code}, the "
            f"edition the guide names; the guide's {text(row.guide_value)} is within "
            f"{AGREEMENT_TOLERANCE:.0%} of it"
        )
    if row.verdict == "mislabelled":
        return (
            f"{text(row.guide_value)} matches the BLS {row.found_source} figure for "
            f"{row.found_code}, {text(row.found_value)} ({row.match}); the guide labels it "
            f"{row.guide_period}"
        )
    return f"no edition or code held ({_HELD}) gives {text(row.guide_value)}"


def _outlook_explanation(row: Any, sibling: float | None) -> str:
    """The claim's explanation: where the figure comes from, and the edition the guide names."""

    def text(value: float) -> str:
        return format_figure(float(value), str(row.unit))

    what = _METRIC_WORDS[row.metric]
    parts = [_outlook_lead(row, text)]
    if row.verdict != "consistent":
        if row.unit == "percent":  # a gap between two rates reads in percentage points
            gap = row.guide_value - row.bls_value
            gap_text = f"{abs(gap):.1f} points {'above' if gap > 0 else 'below'}"
        else:
            gap_text = _proportion(row.guide_value / row.bls_value)
        parts.append(
            f"the edition the guide names, BLS {row.bls_source}, gives {text(row.bls_value)} "
            f"({what}) for {row.occ_code} ({row.bls_occupation.lower()}): the guide's figure "
            f"is {gap_text} that figure"
        )
    if row.also_found:
        parts.append(f"the figure also matches {row.also_found}")
    if sibling is not None:
        parts.append(
            f"for 29-9021 (health information technologists and medical registrars), the "
            f"group the guide names beside its new-jobs figure, {row.bls_source} gives "
            f"{text(sibling)}, so the same figure does not hold for that group either"
        )
    return "; ".join(parts)


def _sibling_growth(row: Any) -> float | None:
    """For the growth claim: 29-9021's figure of the same edition (the guide's other group)."""
    if row.metric != "employment_pct_change" or row.occ_code == "29-9021":
        return None
    ep = load_projections()
    hit = ep[(ep["edition"] == row.bls_edition) & (ep["occ_code"] == "29-9021")]
    return float(hit["pct_change"].iloc[0]) if len(hit) else None


def _outlook_claims() -> list[_Claim]:
    """The guide's outlook figures: the edition they are found in, and the edition named.

    One computation with the outlook chart: :func:`coderstats.editions.outlook_editions`.
    """
    claims = []
    rows: list[Any] = list(outlook_editions().itertuples(index=False))
    for row in rows:
        claim_id, wording = _OUTLOOK_CLAIMS[row.metric]
        occupation = str(row.bls_occupation)
        claim = wording.format(
            value=format_figure(row.guide_value, str(row.unit)),
            wording=row.guide_wording,
            period=row.guide_period,
            occupation=occupation[:1].lower() + occupation[1:],
        )
        reference = f"BLS {row.bls_source}, {row.occ_code} {_METRIC_WORDS[row.metric]}"
        if row.found_source:
            reference += f"; BLS {row.found_source}, {row.found_code}"
        edition = f"{row.found_source}, {row.found_code}" if row.found_source else ""
        explanation = _outlook_explanation(row, _sibling_growth(row))
        claims.append(
            _Claim(claim_id, claim, row.guide_value, str(row.unit), reference,
                   float(row.bls_value), str(row.verdict), explanation, edition,
                   str(row.match) or ("none" if row.verdict == "inconsistent" else ""))
        )  # fmt: skip
    return claims


def _nyc_claim() -> _Claim:
    """$50,000 in New York buys less than in a European city: state level, RPP vs PPP."""
    year = _rpp_year()
    pay = format_money(_NYC_PAY)
    ny = convert_amount(_NYC_PAY, "USD", basis="rpp", us_state="NY", year=year)
    europe = {
        iso: convert_amount(_NYC_PAY, "USD", basis="ppp", country=iso, year=year).value
        for iso in EURO_AREA_EXAMPLES
    }
    lowest = min(europe, key=lambda k: europe[k])
    ok = all(ny.value < v for v in europe.values())
    listing = ", ".join(f"{k} {format_money(v)}" for k, v in europe.items())
    return _Claim(
        "new_york_vs_european_city",
        f"{pay} USD in New York City buys less than the same in a smaller European city",
        _NYC_PAY,
        "USD per year (national-average dollars vs international $)",
        (
            f"BEA regional price parities {year} (SARPP, all items); {_world_bank()}, {year}; "
            f"{_ecb(year)}"
        ),
        ny.value,
        _verdict(ok),
        (
            f"at state level: {pay} USD in New York State is {format_money(ny.value)} "
            f"national-average dollars ({year} RPP {ny.factor**-1 * 100:.1f}); the same {pay} USD "
            f"spent in euro-area countries at {year} PPP is {listing} international $ (lowest: "
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
        verdict              ``consistent``, ``inconsistent``, ``not checkable``, or for an
                             outlook figure ``mislabelled`` (a BLS figure, of another
                             edition or code than the guide names)
        explanation          how the verdict was reached, with the figures
        edition              outlook claims: the BLS edition and code the guide's figure is
                             found in (``OEWS May 2022, 29-2072``); empty otherwise
        match                outlook claims: how it matches there (``exact``, ``rounded to
                             a whole percent ...``, ``inference: sum of two codes``, or
                             ``none``); empty otherwise
        ===================  ==============================================================

    Notes
    -----
    Rules, claim by claim:

    - "approx. USD" conversions: the local figure times the ECB annual mean (mean of daily
      cross rates) of each year of :data:`APPROX_YEARS`; consistent when the computed figure,
      rounded to the guide's precision, equals the guide's figure. The precision is read from
      the guide's own pair of figures: the largest power of ten dividing both (1,000 USD;
      100 USD for India's 3,600-7,200). The reference names the latest year that reproduces
      it (or the closest when none does).
    - India's "much lower cost of living": consistent when its price level (market rate over
      PPP factor) is at most half the US level.
    - US figures against each other: a point is consistent when inside the range (an
      open-ended range has no upper bound); two ranges for the same group are consistent
      when they overlap; an experienced range is consistent with a starting range when both
      its ends are at or above the starting range's.
      Overlaps and contradictions are reported, not resolved.
    - Outlook (one computation with the outlook chart,
      :func:`coderstats.editions.outlook_editions`): each figure against the BLS figure of
      the same measure, for the occupation it is about (29-2072; 29-9021 for the new-jobs
      figure, as the guide attributes it) and the edition the guide's label names (OEWS May
      year or Employment Projections edition, every one 2015-2025 and 2016-26 to 2024-34
      held). Consistent within :data:`~coderstats.editions.AGREEMENT_TOLERANCE`; else
      ``mislabelled`` when another edition or code gives the figure (``edition`` and
      ``match`` say which, and whether exactly, rounded as the Handbook prints percentages,
      or as an inference from the sum of two codes); else inconsistent. The computed value
      is the figure of the edition the guide names.
    - Against the BLS wage distribution (:mod:`coderstats.audit_bls`): the key-facts US
      range covers the OEWS 10th-90th percentile span of 29-2072 (its low end at or below the
      10th, its high end open or at or above the 90th) of the May year the guide's median is
      found in (May 2022); each ladder level's median lies inside that span; California, New
      York and Massachusetts have annual mean wages above the national mean (May 2023, the
      only state figures held), nominal and in national-average dollars (BEA RPP).
    - New York: US pay in national-average dollars with BEA state price parities, against the
      same pay at PPP in euro-area countries, in the latest year of the shipped parities. A
      state is not a city.

    Every figure, year and vintage in the texts is read from the shipped tables (the
    publishers and vintages from :func:`coderstats.sources`, the ECB history's last fixing
    from :func:`coderstats.reference.ecb.bounds`). The audit reads the shipped tables and
    never changes them.

    Examples
    --------
    >>> audit = audit_guide().set_index("claim_id")
    >>> audit.loc["approx_usd_gbr_low", "verdict"]
    'consistent'
    >>> float(audit.loc["outlook_median_may_2023", "computed_value"])
    48780.0
    >>> audit.loc["outlook_median_may_2023", ["verdict", "edition", "match"]].tolist()
    ['mislabelled', 'OEWS May 2022, 29-2072', 'exact']
    """
    from coderstats.audit_bls import bls_claims

    claims: Iterable[_Claim] = [
        *_approx_usd_claims(),
        _cost_of_living_claim(),
        *_qualitative_claims(),
        *_us_claims(),
        *bls_claims(),
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
        "edition",
        "match",
    ]
    out = pd.DataFrame(rows)[columns]
    for col in ("claim_id", "claim", "unit", "reference", "verdict", "explanation", "edition",
                "match"):  # fmt: skip
        out[col] = out[col].astype("str")
    return out
