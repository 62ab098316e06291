"""Comparison frames: countries side by side, the level ladder, and guide vs BLS outlook."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import numpy as np
import pandas as pd

from coderstats._options import INDICATORS, whole_year
from coderstats.conversion import convert
from coderstats.datasets import (
    load_outlook,
    load_regional_salaries,
    load_salary_by_level,
)
from coderstats.editions import AGREEMENT_TOLERANCE, GUIDE_CODES, outlook_editions
from coderstats.engine.request import SourceOptions
from coderstats.errors import Hint, InvalidInputError, RateNotFoundError
from coderstats.provenance import cited, ecb_cited

__all__ = [
    "AGREEMENT_TOLERANCE",
    "BLS_PUBLICATION",
    "US_REFERENCE",
    "compare_countries",
    "outlook_editions",
    "outlook_summary",
    "salary_ladder",
    "years",
]

#: The US figure shares are measured against: the midpoint of the guide's whole US range,
#: from the entry-level low (40,000) to the experienced high (80,000), in USD per year.
US_REFERENCE = "midpoint of the guide's US range (entry-level low to experienced high)"

_BASES = ("market", "ppp")


def _us_reference(regional: pd.DataFrame) -> float:
    us = regional[regional["iso3"] == "USA"]
    return float((us["low"].min() + us["high"].max()) / 2)


def years(
    *,
    basis: str | Sequence[str] = ("market", "ppp"),
    indicator: str = "private_consumption",
    **tables: Unpack[SourceOptions],
) -> range:
    """The years with figures on every basis for every country of the guide's table.

    Derived from the shipped (or given) ECB rates and World Bank PPP factors; the last one is
    the default year of :func:`compare_countries`, its charts and the report.

    Examples
    --------
    >>> years()
    range(2015, 2025)
    """
    from coderstats.reference import ecb, worldbank

    bases = _bases(basis)
    regional = load_regional_salaries()
    spans = []
    if "market" in bases:
        for code in set(regional["currency"]) - {"USD"}:
            first, last = ecb.bounds(str(code), tables.get("rates"))
            spans.append((first.year, last.year))
    if "ppp" in bases:
        for iso3 in set(regional["iso3"]):
            have = worldbank.years(str(iso3), indicator=indicator, table=tables.get("ppp_table"))
            spans.append((have[0], have[-1]))
    return range(max(s[0] for s in spans), min(s[1] for s in spans) + 1)


def _bases(basis: str | Sequence[str]) -> list[str]:
    bases = [basis] if isinstance(basis, str) else list(basis)
    unknown = [b for b in bases if b not in _BASES]
    if unknown or not bases:
        msg = f"unknown basis {unknown or bases!r} for compare_countries; valid: market, ppp"
        raise InvalidInputError(msg)
    return bases


def _check_year(year: int, covered: range, bases: list[str]) -> None:
    """Refuse a year without a rate for every country of the table, naming the years that work.

    The conversion's own error would name rows of a frame the caller never saw.
    """
    if year not in covered:
        msg = (
            f"no figures for {year}: every country of the guide's table "
            f"has {' and '.join(bases)} figures for {covered[0]}-{covered[-1]}. "
            "Ask for a year in that range."
        )
        raise RateNotFoundError(msg)


def compare_countries(
    rows: pd.DataFrame | None = None,
    *,
    year: int | Sequence[int] | None = None,
    basis: str | Sequence[str] = ("market", "ppp"),
    indicator: str = "private_consumption",
    **tables: Unpack[SourceOptions],
) -> pd.DataFrame:
    """Regional pay side by side: local, market USD, PPP international dollars.

    Parameters
    ----------
    rows : pandas.DataFrame, optional
        Pay to compare instead of the guide's regional table: one row per country (and
        segment), with columns ``iso3`` (where the pay is spent), ``currency``, and ``low``
        and ``high`` (or one ``pay`` column), per year; ``country`` and ``segment`` are
        optional. Put the Philippines or Nigeria beside the guide's countries this way.
    year : int or sequence of int, optional
        Reference year of the exchange rates (annual means) and PPP factors; default: the
        latest with figures for every country of the guide (the last of :func:`years`).
        Several years give one block of rows per year, with a ``year`` column first.
    basis : str or sequence of str
        ``"market"``, ``"ppp"`` or both (default): which converted columns to add.
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator.
    rates, ppp_table, cpi_table, rpp_table : pandas.DataFrame, optional
        Newer publisher tables instead of the shipped ones, as in :func:`coderstats.convert`
        (e.g. ``rates=load_ecb_rates(path)``, ``ppp_table=load_ppp(path=...)``).

    Returns
    -------
    pandas.DataFrame
        One row per country and segment of :func:`~coderstats.load_regional_salaries` (or of
        ``rows``; the guide's own "approx. USD" columns come with the guide's table only):

        ===========================  ==========================================================
        column                       meaning (amounts per year)
        ===========================  ==========================================================
        country, iso3, segment       as in the regional table
        currency, low, high          the guide's local-currency range
        midpoint_local               (low + high) / 2, local currency
        market_usd_low/high/mid      at the ECB annual mean of ``year``, USD
        ppp_intd_low/high/mid        at the ``year`` PPP factor, international $
        share_of_us_market/ppp       midpoint over the US reference (see Notes)
        rank_market/ppp              1 = best paid on that basis
        guide_approx_usd_low/high    the guide's own "approx. USD", where it gives one
        guide_vs_market_low/high     guide figure / computed market figure - 1
        basis_market/ppp             the rule behind the converted columns
        ===========================  ==========================================================

    Notes
    -----
    The US reference is the midpoint of the guide's whole US range, from the entry-level low to
    the experienced high (40,000-80,000 USD, midpoint 60,000); a US row's share says where
    that segment sits against it. PPP factors after 2021 are World Bank extrapolations from the
    2021 ICP benchmark, and the World Bank warns against reading small differences as
    rankings. ``attrs`` records the year, indicator, bases, the US reference and
    ``sources``: a list of ``{"publisher", "title", "vintage"}`` for the guide, the ECB rates
    (market basis) and the World Bank PPP indicator (PPP basis).

    Raises
    ------
    InvalidInputError
        ``year`` is not a whole number (e.g. the string ``"2024"``; see
        :func:`coderstats._options.whole_year`), or an unknown basis or indicator.
    RateNotFoundError
        No ECB rate or PPP factor for ``year``.

    Examples
    --------
    >>> table = compare_countries(year=2024)
    >>> row = table[table["iso3"] == "IND"].iloc[0]
    >>> round(row["market_usd_low"]), round(row["ppp_intd_low"])
    (3586, 15078)
    >>> mine = pd.DataFrame({"iso3": ["PHL", "NGA"], "currency": ["PHP", "NGN"],
    ...                      "pay": [300_000, 3_000_000]})
    >>> both = compare_countries(mine, year=[2023, 2024], basis="ppp")
    >>> both[["year", "iso3", "ppp_intd_mid"]].round().to_numpy().tolist()
    [[2023, 'PHL', 14499.0], [2023, 'NGA', 14622.0], [2024, 'PHL', 14462.0], [2024, 'NGA', 11298.0]]
    """
    bases = _bases(basis)
    covered = years(basis=bases, indicator=indicator, **tables)
    wanted = [covered[-1]] if year is None else list(np.atleast_1d(np.asarray(year, dtype=object)))
    regional = load_regional_salaries()
    pay = regional if rows is None else _own_rows(rows)
    blocks = []
    for each in wanted:
        checked = whole_year(each)
        if rows is None:
            _check_year(checked, covered, bases)
        block = _one_year(pay, checked, bases, indicator, tables)
        if len(wanted) > 1:
            block.insert(0, "year", pd.Series(checked, index=block.index, dtype="Int64"))
        blocks.append(block)
    out = blocks[0] if len(blocks) == 1 else pd.concat(blocks, ignore_index=True)
    if rows is None:
        _guide_columns(out, regional, bases, len(wanted))
    us_ref = _us_reference(regional)
    sources_cited = cited("regional_salaries")
    if "market" in bases:
        sources_cited += [ecb_cited(whole_year(y)) for y in wanted]
    if "ppp" in bases:
        sources_cited += cited("ppp", keep=[INDICATORS[indicator]])
    out.attrs = {
        "year": whole_year(wanted[0]) if len(wanted) == 1 else [whole_year(y) for y in wanted],
        "indicator": indicator,
        "bases": bases,
        "us_reference_usd": us_ref,
        "us_reference": US_REFERENCE,
        "sources": sources_cited,
    }
    return out


def _own_rows(rows: object) -> pd.DataFrame:
    """A caller's pay table in the shape of the regional table's columns."""
    if not isinstance(rows, pd.DataFrame):
        msg = (
            "rows must be a DataFrame of pay (iso3, currency, low and high), "
            f"not {type(rows).__name__}"
        )
        hint = Hint("rows", leave_out=True, why="for the guide's table")
        raise InvalidInputError(msg, hints=(hint,))
    frame = rows.copy()
    if "pay" in frame.columns and not {"low", "high"} & set(frame.columns):
        frame["low"] = frame["high"] = frame["pay"]
    missing = [c for c in ("iso3", "currency", "low", "high") if c not in frame.columns]
    if missing:
        msg = (
            f"rows lack the column(s) {', '.join(missing)}; give iso3, currency and low and high "
            f"(or one pay column); columns found: {', '.join(map(str, frame.columns))}"
        )
        raise InvalidInputError(msg)
    if "country" not in frame.columns:
        frame["country"] = frame["iso3"]
    if "segment" not in frame.columns:
        frame["segment"] = ""
    return frame.reset_index(drop=True)


def _one_year(
    pay: pd.DataFrame, year: int, bases: list[str], indicator: str, tables: SourceOptions
) -> pd.DataFrame:
    """The comparison of one year: each basis's low, high, midpoint, share and rank."""
    out = pay[["country", "iso3", "segment", "currency", "low", "high"]].copy()
    out["midpoint_local"] = (out["low"] + out["high"]) / 2
    us_ref = _us_reference(load_regional_salaries())
    names = {"market": "market_usd", "ppp": "ppp_intd"}
    for b in bases:
        converted = convert(
            out,
            amount=["low", "high", "midpoint_local"],
            currency="currency",
            country="iso3" if b == "ppp" else None,
            year=year,
            basis=b,  # type: ignore[arg-type]
            indicator=indicator,
            **tables,
        )
        prefix = names[b]
        out[f"{prefix}_low"] = converted[f"low_{b}"]
        out[f"{prefix}_high"] = converted[f"high_{b}"]
        out[f"{prefix}_mid"] = converted[f"midpoint_local_{b}"]
        out[f"share_of_us_{b}"] = out[f"{prefix}_mid"] / us_ref
        out[f"rank_{b}"] = out[f"{prefix}_mid"].rank(ascending=False, method="min").astype("Int64")
        out[f"basis_{b}"] = converted[f"basis_{b}"]
    return out


def _guide_columns(out: pd.DataFrame, regional: pd.DataFrame, bases: list[str], n: int) -> None:
    """The guide's own "approx. USD" figures beside the computed market ones."""
    for side in ("low", "high"):
        repeated = pd.concat([regional[f"guide_approx_usd_{side}"]] * n, ignore_index=True)
        out[f"guide_approx_usd_{side}"] = repeated.to_numpy()
    for side in ("low", "high") if "market" in bases else ():
        out[f"guide_vs_market_{side}"] = (
            out[f"guide_approx_usd_{side}"] / out[f"market_usd_{side}"] - 1
        )


def salary_ladder() -> pd.DataFrame:
    """The guide's level ladder with the step to the next level and the implied yearly growth.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`~coderstats.load_salary_by_level` plus, for the median and
        the average (``{stat}`` below):

        ==========================  ===========================================================
        column                      meaning
        ==========================  ===========================================================
        step_{stat}_usd             next level's figure minus this level's, USD per year
        step_{stat}_pct             the same as a share of this level's figure
        band_years                  years the band spans (max - min); missing when open-ended
        yearly_growth_{stat}_pct    compound yearly growth that takes this level's figure to
                                    the next level's over the band's years
        ==========================  ===========================================================

        The top level has no next level: its steps and growth are missing (NaN), by design.
        ``attrs["sources"]`` cites the guide (publisher, title, vintage).

    Examples
    --------
    >>> ladder = salary_ladder()
    >>> float(ladder.loc[0, "step_median_usd"]), int(ladder.loc[0, "band_years"])
    (10000.0, 1)
    >>> round(float(ladder.loc[1, "yearly_growth_median_pct"]), 4)
    0.118
    """
    ladder = load_salary_by_level()
    band = ladder["experience_years_max"] - ladder["experience_years_min"]
    ladder["band_years"] = band
    years = band.to_numpy(dtype="float64", na_value=np.nan)
    for stat, col in (("median", "us_median"), ("average", "us_average")):
        nxt = ladder[col].shift(-1)
        ladder[f"step_{stat}_usd"] = nxt - ladder[col]
        ladder[f"step_{stat}_pct"] = nxt / ladder[col] - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = (nxt.to_numpy() / ladder[col].to_numpy()) ** (1 / years) - 1
        ladder[f"yearly_growth_{stat}_pct"] = growth
    ladder.attrs = {"sources": cited("salary_by_level")}
    return ladder


#: The BLS publication the guide's outlook figures are set beside.
BLS_PUBLICATION = "Employment Projections 2023-33"

#: The occupation the guide's outlook figures describe unless it names another.
_MEDICAL_CODERS = "29-2072"
_GUIDE_TO_BLS_CODE = GUIDE_CODES


def outlook_summary() -> pd.DataFrame:
    """The guide's outlook figures beside the BLS 2023-33 figures, metric by metric.

    Returns
    -------
    pandas.DataFrame
        One row per metric the guide states:

        =====================  ============================================================
        column                 meaning
        =====================  ============================================================
        metric                 e.g. ``median_pay_annual``, ``annual_openings``
        unit                   unit of both values
        guide_value            as the guide states it
        guide_period           the guide's period label
        guide_wording          how the guide words it
        bls_value              the BLS figure for the occupation the guide's figure is about
                               (NaN when the shipped table holds none)
        bls_soc_code           29-2072, or 29-9021 for the new-jobs figure (the guide's own
                               attribution)
        bls_period, vintage    the BLS figure's period and edition
        relative_difference    guide / BLS - 1
        agrees                 ``abs(relative_difference) <= 1 %``; nullable boolean, ``<NA>``
                               when there is no BLS figure to compare
        =====================  ============================================================

        ``attrs["sources"]`` cites the guide and the BLS (publisher, title, vintage).

    Notes
    -----
    Every row is set beside one publication, :data:`BLS_PUBLICATION` (the 2023-33
    projections and May 2023 wages), so the rows compare like with like: this is "the
    guide against the latest BLS figures". The guide's figures carry older labels (2022-2032,
    May 2023); a disagreement is reported, never resolved.

    :func:`coderstats.audit.audit_guide` asks a different question, whether each claim holds
    for the edition the guide names, and so checks the new-jobs figure (18,700 for 29-9021,
    2022-2032) against the Occupational Outlook Handbook 2022-32 edition (6,200) where this
    frame shows 2023-33 (6,400); its explanation gives both figures. Both disagree with the
    guide.

    Examples
    --------
    >>> summary = outlook_summary().set_index("metric")
    >>> summary.loc["median_pay_annual", ["guide_value", "bls_value"]].tolist()
    [47180.0, 48780.0]
    >>> float(summary.loc["employment_change", "bls_value"])
    6400.0
    """
    outlook = load_outlook()
    guide = outlook[(outlook["source"] == "guide") & outlook["value"].notna()]
    guide = guide[["metric", "unit", "value", "period", "wording"]].rename(
        columns={"value": "guide_value", "period": "guide_period", "wording": "guide_wording"}
    )
    guide["bls_soc_code"] = guide["metric"].map(_GUIDE_TO_BLS_CODE).fillna(_MEDICAL_CODERS)
    is_bls = (outlook["source"] == "BLS") & (outlook["publication"] == BLS_PUBLICATION)
    bls = outlook.loc[
        is_bls, ["soc_code", "metric", "value", "occupation", "period", "vintage"]
    ].rename(
        columns={
            "soc_code": "bls_soc_code",
            "value": "bls_value",
            "occupation": "bls_occupation",
            "period": "bls_period",
            "vintage": "bls_vintage",
        }
    )
    out = guide.merge(bls, on=["bls_soc_code", "metric"], how="left", validate="one_to_one")
    out = out[
        [
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
        ]
    ].reset_index(drop=True)
    out["guide_value"] = out["guide_value"].astype("float64")
    out["bls_value"] = out["bls_value"].astype("float64")
    out["relative_difference"] = out["guide_value"] / out["bls_value"] - 1
    agrees = (out["relative_difference"].abs() <= AGREEMENT_TOLERANCE).astype("boolean")
    out["agrees"] = agrees.mask(out["bls_value"].isna())  # <NA>: nothing to compare with
    for col in ("bls_occupation", "bls_period", "bls_vintage", "guide_period", "guide_wording"):
        out[col] = out[col].astype("str")
    out.attrs = {"sources": cited("outlook", keep=["career guide", "Employment Projections"])}
    return out
