"""What BLS says coders earn: the OEWS wage distribution, its history and the states.

Every figure here is a BLS OEWS figure or a stated computation on one: the frames name the
code, the statistic (mean or a percentile), the period (hour or year) and the basis (nominal,
or constant dollars of a May by CPI-U).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coderstats.bls import load_oews, load_oews_states
from coderstats.errors import Hint, InvalidInputError, RateNotFoundError, show
from coderstats.provenance import cited

__all__ = ["CODER_CODE", "PERCENTILES", "compare_states", "wage_distribution", "wage_history"]

#: The 2018 SOC code of medical coders (medical records specialists).
CODER_CODE = "29-2072"
#: The percentiles BLS publishes, with the column stem of each.
PERCENTILES: dict[int, str] = {10: "pct10", 25: "pct25", 50: "median", 75: "pct75", 90: "pct90"}


def _years_and_codes(oews: pd.DataFrame) -> str:
    pairs = oews.groupby("occ_code", sort=False)["may_year"].agg(["min", "max"])
    return "; ".join(f"{code}: May {lo}-{hi}" for code, (lo, hi) in pairs.iterrows())


def _row(year: int, code: str | None) -> pd.Series:
    oews = load_oews()
    if code is None:
        rows = oews[(oews["may_year"] == year) & oews["coder_line"].astype(bool)]
    else:
        rows = oews[(oews["may_year"] == year) & (oews["occ_code"] == code)]
    if len(rows) != 1:
        what = f"code {code}" if code else "the code of medical coders"
        msg = (
            f"no OEWS national figures for {what} in May {show(year)}; the shipped table holds "
            f"{_years_and_codes(oews)}. Pick a year and code from these."
        )
        raise RateNotFoundError(msg)
    return rows.iloc[0]


def wage_distribution(*, year: int = 2025, code: str | None = None) -> pd.DataFrame:
    """The BLS wage distribution of one May year: mean and percentiles, hourly and annual.

    Parameters
    ----------
    year : int
        May year of the OEWS estimates (2015-2025 shipped).
    code : str, optional
        SOC code; by default the code that held medical coders that year (29-2071 to 2018,
        29-2098 in 2019-20, 29-2072 from 2021).

    Returns
    -------
    pandas.DataFrame
        One row per period and statistic: ``may_year``, ``occ_code``, ``occ_title``,
        ``soc_vintage``, ``crosswalk`` (true when the code is not 29-2072: its figures cover
        more, or other, occupations than medical records specialists), ``period`` (``hour``
        or ``year``), ``statistic`` (``mean``, ``pct10``, ``pct25``, ``median``, ``pct75``,
        ``pct90``), ``percentile`` (10 ... 90; missing for the mean), ``wage_usd``
        (nominal USD of May of the year), ``marker`` (the BLS marker of the figure, empty if
        none), ``rse_pct`` (the relative standard error BLS publishes: for the mean only;
        BLS publishes none for percentiles) and ``employment`` (jobs).

    Raises
    ------
    RateNotFoundError
        For a year or code the table does not hold; the message lists what it holds.

    Examples
    --------
    >>> dist = wage_distribution(year=2023)
    >>> annual = dist[dist["period"] == "year"].set_index("statistic")["wage_usd"]
    >>> annual[["pct10", "median", "pct90"]].tolist()
    [35080.0, 48780.0, 77810.0]
    """
    row = _row(year, code)
    markers = dict(m.split("=") for m in str(row["markers"]).split(";") if m)
    records = []
    for period, prefix in (("hour", "h"), ("year", "a")):
        for statistic, pct in (("mean", None), *((s, p) for p, s in PERCENTILES.items())):
            field = f"{prefix}_{statistic}"
            records.append(
                {
                    "period": period,
                    "statistic": statistic,
                    "percentile": pct,
                    "wage_usd": float(row[field]),
                    "marker": markers.get(field, ""),
                    "rse_pct": float(row["mean_prse"]) if pct is None else np.nan,
                }
            )
    frame = pd.DataFrame(records)
    frame.insert(0, "may_year", int(row["may_year"]))
    frame.insert(1, "occ_code", str(row["occ_code"]))
    frame.insert(2, "occ_title", str(row["occ_title"]))
    frame.insert(3, "soc_vintage", str(row["soc_vintage"]))
    frame.insert(4, "crosswalk", str(row["occ_code"]) != CODER_CODE)
    frame["percentile"] = frame["percentile"].astype("Int64")
    frame["employment"] = float(row["tot_emp"])
    return frame


def wage_history(*, real: bool = True, base: int | None = None) -> pd.DataFrame:
    """May annual wages of medical coders' code, 2015-2025, nominal and in constant dollars.

    Parameters
    ----------
    real : bool
        With ``True`` (default) ``usd`` holds constant dollars of May of ``base`` (CPI-U of
        May of each year, BLS series CUUR0000SA0); with ``False`` it holds nominal dollars.
    base : int, optional
        The May whose dollars ``usd`` is stated in; default the latest May year held.

    Returns
    -------
    pandas.DataFrame
        One row per May year and statistic (``pct10``, ``pct25``, ``median``, ``pct75``,
        ``pct90``, ``mean``), annual wages only: ``may_year``, ``occ_code``, ``soc_vintage``,
        ``code_break`` (true in the first year of a new code: 2019 and 2021; the figures
        before and after cover different occupations), ``statistic``, ``nominal_usd``,
        ``usd``, ``basis`` (``"nominal"`` or ``"real"``) and ``dollars_of`` (``"May 2025"``
        or, nominal, the row's own May). ``attrs["sources"]`` cites the OEWS table and, for
        constant dollars, the monthly CPI-U.

    Notes
    -----
    The codes are 29-2071 (May 2015-2018), 29-2098 (2019-20) and 29-2072 (from 2021); BLS
    cautions that OEWS estimates are not designed as a time series and changed method with
    May 2021.

    Examples
    --------
    >>> hist = wage_history(base=2025)
    >>> med = hist[hist["statistic"] == "median"].set_index("may_year")
    >>> med.loc[[2015, 2025], ["nominal_usd", "usd"]].round().to_numpy().tolist()
    [[37110.0, 50165.0], [51140.0, 51140.0]]
    >>> med.loc[med["code_break"]].index.tolist()
    [2019, 2021]
    """
    from coderstats.reference.cpi import monthly_index

    real = _check_bool(real, "real")
    oews = load_oews()
    coders = oews[oews["coder_line"].astype(bool)].sort_values("may_year", ignore_index=True)
    years = coders["may_year"].astype(int)
    base_year = int(years.max()) if base is None else int(base)
    if real:
        factors = np.array([monthly_index(base_year, 5) / monthly_index(y, 5) for y in years])
    else:
        factors = np.ones(len(coders))
    breaks = coders["occ_code"].ne(coders["occ_code"].shift()) & (coders.index > 0)
    parts = []
    for statistic in (*PERCENTILES.values(), "mean"):
        nominal = coders[f"a_{statistic}"].astype(float)
        parts.append(
            pd.DataFrame(
                {
                    "may_year": years,
                    "occ_code": coders["occ_code"],
                    "soc_vintage": coders["soc_vintage"],
                    "code_break": breaks.to_numpy(),
                    "statistic": statistic,
                    "nominal_usd": nominal,
                    "usd": nominal * factors,
                    "basis": "real" if real else "nominal",
                    "dollars_of": f"May {base_year}" if real else "May " + years.astype(str),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["may_year"], kind="stable", ignore_index=True)
    frame.attrs["sources"] = [*cited("oews_national"), *(cited("cpi_u_monthly") if real else [])]
    return frame


def compare_states(*, year: int = 2023) -> pd.DataFrame:
    """State mean wages of medical records specialists, nominal and at national prices (RPP).

    Parameters
    ----------
    year : int
        May year of the state figures (only May 2023 is held).

    Returns
    -------
    pandas.DataFrame
        One row per state, DC and territory, ranked by the RPP-adjusted mean: ``area_title``,
        ``state_code``, ``a_mean`` (BLS annual **mean** wage, nominal USD; BLS state medians
        are not held), ``rpp`` (BEA all-items parity of the same year, US = 100),
        ``a_mean_rpp`` (``a_mean / rpp * 100``: national-average dollars), ``rank_nominal``
        and ``rank_rpp`` (1 = highest; missing without an RPP), ``note``. ``attrs`` holds the
        ``year`` and the ``sources`` (the OEWS state table and the BEA RPP).

    Raises
    ------
    RateNotFoundError
        For another year than those held.

    Examples
    --------
    >>> states = compare_states()
    >>> top = states.iloc[0]
    >>> str(top["area_title"]), float(top["a_mean"]), round(float(top["a_mean_rpp"]))
    ('District of Columbia', 70900.0, 63987)
    """
    from coderstats.reference.rpp import load_rpp

    states = load_oews_states()
    held = sorted(int(y) for y in states["may_year"].unique())
    if int(year) not in held:
        msg = f"no OEWS state figures for May {show(year)}; held: May {held}"
        raise RateNotFoundError(msg, hints=(Hint("year", held[-1]),))
    rpp = load_rpp()
    rpp = rpp[rpp["year"] == int(year)][["state", "state_code", "rpp_all_items"]]
    frame = states[states["may_year"] == int(year)].merge(
        rpp, left_on="area_title", right_on="state", how="left"
    )
    frame = frame.rename(columns={"rpp_all_items": "rpp"})
    frame["a_mean_rpp"] = frame["a_mean"] / frame["rpp"] * 100
    frame["rank_nominal"] = (
        frame["a_mean"].where(frame["rpp"].notna()).rank(ascending=False, method="min")
    )
    frame["rank_rpp"] = frame["a_mean_rpp"].rank(ascending=False, method="min")
    for name in ("rank_nominal", "rank_rpp"):
        frame[name] = frame[name].astype("Int64")
    frame["note"] = np.where(
        frame["rpp"].isna(), "BEA publishes no regional price parity for it; not ranked", ""
    )
    cols = ["area_title", "state_code", "a_mean", "rpp", "a_mean_rpp", "rank_nominal",
            "rank_rpp", "note"]  # fmt: skip
    out = frame[cols].sort_values(["rank_rpp", "area_title"], na_position="last")
    out = out.reset_index(drop=True)
    out.attrs["year"] = int(year)
    out.attrs["sources"] = [*cited("oews_states"), *cited("rpp_states")]
    return out


def _check_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        msg = f"{what}={show(value)} is not True or False"
        raise InvalidInputError(msg)
    return bool(value)
