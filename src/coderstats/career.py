"""Career economics: when the guide's education paths pay back, and what remote pay is worth.

:func:`payback` sets what a path costs (its fees and, for full-time study, the pay given up)
against the guide's salary ladder, month by month, and compares it with staying in the
current job. :func:`cumulative_earnings` gives the same months as a frame (the chart draws
it). :func:`remote_pay` values pay from an employer abroad where the coder lives.

Every figure the guide gives (costs, study times, the ladder and its experience bands) is used
as the guide states it; what the guide does not give (exam fees, tax, pay growth beyond the
ladder's steps) is an option that is off unless the caller sets it, and the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any, Literal, TypedDict, Unpack

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options, units
from coderstats.conversion import convert, convert_amount
from coderstats.countries import _alpha2
from coderstats.datasets import load_education_paths, load_salary_by_level
from coderstats.errors import Hint, InvalidAmountError, InvalidInputError, show
from coderstats.provenance import cited, ecb_cited

__all__ = [
    "BASES",
    "SCENARIOS",
    "Assumptions",
    "RemoteOptions",
    "cumulative_earnings",
    "paths",
    "payback",
    "remote_pay",
]

FloatArray = npt.NDArray[np.float64]

#: How payback figures are valued: constant US dollars, or international dollars (PPP).
CareerBasis = Literal["real", "ppp"]
BASES: tuple[str, ...] = ("real", "ppp")

#: The scenarios: each carries one end (or the middle) of the guide's cost and time ranges.
SCENARIOS: dict[str, str] = {
    "low": "lowest cost and shortest study",
    "central": "midpoint of the cost and of the study time",
    "high": "highest cost and longest study",
}

#: Which of the guide's ladder figures pay follows.
_LADDER = {"median": "us_median", "average": "us_average"}
_MODES = ("full time", "part time")
_UNITS = ("week", "month", "year")
#: The columns of :func:`coderstats.load_education_paths` that :func:`paths` reads.
_PATH_COLUMNS = (
    *("path", "mode", "duration_min", "duration_max", "duration_unit"),
    *("cost_low", "cost_high", "currency", "cost_note"),
)
#: The guide's note on a cost that leaves out the certification exam.
_WITHOUT_EXAM = "excluding exam fees"


class Assumptions(TypedDict, total=False):
    """What :func:`payback` may add to the guide's figures; each is off unless given.

    ``exam_fees``: USD added to the cost of every path whose cost the guide says excludes
    them (the guide gives no figure); ``tax_rate``: a flat share of pay taken as tax, in
    [0, 1) (the guide's pay is gross); ``pay_growth``: yearly real growth of both the
    current pay and the ladder's pay, in (-1, 1) (the guide gives none beyond the ladder's
    steps); ``ladder``: ``"median"`` or ``"average"``, which of the guide's figures pay
    follows; ``paths_table``: a table shaped like :func:`coderstats.load_education_paths`
    to use instead of the guide's paths; ``rates``, ``ppp_table``: newer source tables, as
    in :func:`coderstats.convert`.
    """

    exam_fees: float
    tax_rate: float
    pay_growth: float
    ladder: Literal["median", "average"]
    paths_table: pd.DataFrame | None
    rates: pd.DataFrame | None
    ppp_table: pd.DataFrame | None


class RemoteOptions(TypedDict, total=False):
    """Options of :func:`remote_pay`: the PPP indicator and newer source tables."""

    indicator: str
    rates: pd.DataFrame | None
    ppp_table: pd.DataFrame | None


# --------------------------------------------------------------------------------------------
# Checks of the caller's figures


def _number(value: object) -> float | None:
    """A plain real number as a float; None for anything else (text, booleans, None)."""
    if isinstance(value, Decimal):
        return float(value)
    if type(value).__name__ in ("bool", "bool_") or not isinstance(value, Real):
        return None
    return float(value)


def _money(value: object, what: str, example: str) -> float:
    """An amount the caller gives: a finite number, zero or more (never NaN)."""
    number = _number(value)
    if number is None:
        why = "not a number"
    elif math.isnan(number):
        why = "missing (NaN)"
    elif number < 0 or math.isinf(number):
        why = "negative or infinite"
    else:
        return number
    msg = (
        f"{what.replace('_', ' ')} {show(value)} is {why}; give a plain number, zero or more "
        "(no '$', no 'k', no thousands separators)"
    )
    raise InvalidAmountError(msg, hints=(Hint(what, int(example)),))


def _rate(value: object, what: str, *, low: float, closed: bool, meaning: str) -> float:
    """A yearly rate given as a fraction, inside (low, 1) (or [low, 1) when ``closed``)."""
    number = _number(value)
    inside = number is not None and (low <= number if closed else low < number) and number < 1
    if number is None or not inside:
        bounds = f"{'[' if closed else '('}{low:g}, 1)"
        name = what.replace("_", " ")
        msg = f"{name} {show(value)} is outside {bounds}; give {meaning} as a fraction inside it"
        raise InvalidInputError(msg, hints=(Hint(what, 0.03, why="for 3 %"),))
    return float(number)


def _horizon(value: object) -> int:
    number = _number(value)
    if number is None or not number.is_integer() or number < 1:
        msg = f"horizon {show(value)} is not a whole number of years of one or more"
        raise InvalidInputError(msg, hints=(Hint("horizon_years", 10),))
    return int(number)


# --------------------------------------------------------------------------------------------
# The guide's paths


def _checked_paths(table: object) -> pd.DataFrame:
    """A caller's paths table, checked for the columns and values :func:`paths` reads."""
    columns = list(_PATH_COLUMNS)
    if not isinstance(table, pd.DataFrame) or not set(columns) <= set(table.columns):
        msg = (
            f"paths_table must be a DataFrame with the columns of load_education_paths(): "
            f"{', '.join(columns)}; got {type(table).__name__}"
        )
        raise InvalidInputError(msg)
    out = table.loc[:, columns].copy()
    numbers = ["duration_min", "duration_max", "cost_low", "cost_high"]
    values = out[numbers].apply(pd.to_numeric, errors="coerce").astype("float64")
    bad = (
        ~out["mode"].isin([*_MODES, "any"]).to_numpy(bool)
        | ~out["duration_unit"].isin(_UNITS).to_numpy(bool)
        | ((values < 0) | (values.isna() & out[numbers].notna())).any(axis=1).to_numpy(bool)
        | values[numbers[:2]].isna().any(axis=1).to_numpy(bool)
    )
    if bad.any():
        msg = (
            f"paths_table row {show(out.index[bad][0])} is not usable: mode must be full time, "
            f"part time or any, duration_unit one of {', '.join(_UNITS)}, durations numbers of "
            "zero or more, costs numbers of zero or more or missing"
        )
        raise InvalidInputError(msg)
    out[numbers] = values
    return out


def paths(*, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The guide's routes into medical coding, tidy, with the name :func:`payback` takes.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A table shaped like :func:`coderstats.load_education_paths` to use instead of the
        guide's (never modified).

    Returns
    -------
    pandas.DataFrame
        One row per path and study mode:

        =================  =======  ========================================================
        column             dtype    meaning
        =================  =======  ========================================================
        name               str      the path's name in :func:`payback` (the guide's words,
                                    with the mode where the guide gives two)
        path, mode         str      the guide's words; mode ``full time``, ``part time`` or
                                    ``any`` (the guide does not say)
        duration_min/max   float64  study time in ``duration_unit``, as the guide states it
        duration_unit      str      ``week``, ``month`` or ``year``
        months_min/max     float64  the same in months (a week is 12/52 of a month)
        cost_low/high      float64  tuition, USD; missing where the guide gives no cost
        currency           str      ``USD``; missing where the guide gives no cost
        cost_note          str      what the cost leaves out, in the guide's words
        priced             bool     whether :func:`payback` can price it: the guide gives a
                                    cost and says whether study is full or part time
        =================  =======  ========================================================

    Notes
    -----
    Source: the medical coder career guide's education section (see
    ``attrs["sources"]``): certification programmes of 12-24 weeks full time or 6-12 months
    part time at $2,000-$5,000 excluding exam fees, a two-year associate's degree at
    $10,000-$20,000, and 6-12 months for a complete beginner (no cost given).

    Examples
    --------
    >>> paths()[["name", "months_min", "months_max", "priced"]].round(1)
                                     name  months_min  months_max  priced
    0      certificate program, full time         2.8         5.5    True
    1      certificate program, part time         6.0        12.0    True
    2                  associate's degree        24.0        24.0    True
    3  complete beginner to certification         6.0        12.0   False
    """
    raw = load_education_paths() if table is None else _checked_paths(table)
    per_month = raw["duration_unit"].map(
        {unit: units.period_factor("month", unit) for unit in _UNITS}
    )
    repeated = raw["path"].duplicated(keep=False)
    out = pd.DataFrame(
        {
            "name": raw["path"].where(~repeated, raw["path"] + ", " + raw["mode"]),
            "path": raw["path"],
            "mode": raw["mode"],
            "duration_min": raw["duration_min"],
            "duration_max": raw["duration_max"],
            "duration_unit": raw["duration_unit"],
            "months_min": raw["duration_min"] * per_month,
            "months_max": raw["duration_max"] * per_month,
            "cost_low": raw["cost_low"],
            "cost_high": raw["cost_high"],
            "currency": raw["currency"],
            "cost_note": raw["cost_note"],
            "priced": (
                raw["cost_low"].notna() & raw["cost_high"].notna() & raw["mode"].isin(_MODES)
            ),
        }
    ).reset_index(drop=True)
    out["priced"] = out["priced"].astype(bool)
    out.attrs.update({"sources": cited("education_paths")})
    return out


def _selected(path: str | Sequence[str] | None, table: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`paths` named by ``path`` (every priced one when None)."""
    priced = table[table["priced"]]
    valid = ", ".join(repr(n) for n in priced["name"])
    if path is None:
        return priced.reset_index(drop=True)
    wanted = [path] if isinstance(path, str) else list(path)
    folded = {" ".join(str(n).split()).casefold(): i for i, n in enumerate(table["name"])}
    rows = []
    for name in wanted:
        key = " ".join(name.split()).casefold() if isinstance(name, str) else None
        if key not in folded:
            msg = f"unknown path {show(name)}; the guide's paths are {valid}"
            hints = (
                Hint("path", why="one of these names (or a list of them)"),
                Hint("path", leave_out=True, why="for all"),
            )
            raise InvalidInputError(msg, hints=hints)
        row = table.iloc[folded[key]]
        if not row["priced"]:
            lacks = "cost" if pd.isna(row["cost_low"]) else "study mode (full or part time)"
            msg = (
                f"path {row['name']!r} cannot be priced: the guide gives no {lacks} for it. "
                f"The paths with a cost are {valid}"
            )
            raise InvalidInputError(msg)
        rows.append(folded[key])
    return table.iloc[list(dict.fromkeys(rows))].reset_index(drop=True)


def _scenarios(chosen: pd.DataFrame, exam_fees: float) -> pd.DataFrame:
    """Three rows per path: the low, central and high ends of its cost and study time."""
    n = len(chosen)
    names = list(SCENARIOS)
    rows = chosen.loc[np.repeat(np.arange(n), len(names))].reset_index(drop=True)
    which = np.tile(np.arange(len(names)), n)  # 0 low, 1 central, 2 high
    share = which / (len(names) - 1)  # 0, 0.5, 1: the low end, the middle, the high end
    cost_low, cost_high = rows["cost_low"].to_numpy(float), rows["cost_high"].to_numpy(float)
    months_low, months_high = rows["months_min"].to_numpy(float), rows["months_max"].to_numpy(float)
    excludes = rows["cost_note"].fillna("").str.contains(_WITHOUT_EXAM, regex=False)
    return pd.DataFrame(
        {
            "name": rows["name"],
            "path": rows["path"],
            "mode": rows["mode"],
            "scenario": pd.Categorical.from_codes(which, categories=pd.Index(names), ordered=True),
            "assumption": [SCENARIOS[names[w]] for w in which],
            "tuition_usd": cost_low + share * (cost_high - cost_low),
            "exam_fees_usd": np.where(excludes.to_numpy(bool), exam_fees, 0.0),
            "currency": rows["currency"],
            "study_months": months_low + share * (months_high - months_low),
            "part_time": (rows["mode"] == "part time").to_numpy(bool),
        }
    )


# --------------------------------------------------------------------------------------------
# Money: the caller's pay and the guide's dollars on one basis


@dataclass(frozen=True)
class _Valued:
    """The figures of a payback on one basis: current pay, ladder and costs."""

    current: float
    current_rule: str
    ladder: FloatArray
    band_min: FloatArray
    usd_rule: str
    cost: FloatArray
    exam_fees: FloatArray
    unit: str
    sources: list[dict[str, str]]


def _value(
    rows: pd.DataFrame, pay: tuple[float, str], place: tuple[str, int, str], given: Assumptions
) -> _Valued:
    """Convert the current pay, the ladder and the costs with :func:`coderstats.convert`."""
    country, year, basis = place
    options: dict[str, Any] = {"basis": basis, "year": year}
    options.update({k: v for k, v in given.items() if k in ("rates", "ppp_table")})
    if basis == "ppp":
        options["country"] = country
    else:
        options["base_year"] = year
    current = convert_amount(pay[0], pay[1], **options)  # a bad place is named here, once
    ladder = load_salary_by_level()
    column = _LADDER[_options.choice(given.get("ladder", "median"), tuple(_LADDER), "ladder")]
    ladder_v = convert(ladder, amount=column, currency="currency", **options)
    costs = convert(rows, amount=["tuition_usd", "exam_fees_usd"], currency="currency", **options)
    sources = cited("education_paths") + cited("salary_by_level")
    if pay[1].strip().upper() != "USD" or basis == "ppp":
        sources.append(ecb_cited(year))
    if basis == "ppp":
        sources += cited("ppp", keep=["PA.NUS.PRVT.PP"])
    unit = current.unit + (f", spent in {country}" if basis == "ppp" else "")
    suffix = f"_{basis}"
    return _Valued(
        current=current.value,
        current_rule=current.label,
        ladder=ladder_v[f"{column}{suffix}"].to_numpy(float),
        band_min=ladder["experience_years_min"].to_numpy(float),
        usd_rule=str(ladder_v[f"basis{suffix}"].iloc[0]),
        cost=costs[f"tuition_usd{suffix}"].to_numpy(float)
        + costs[f"exam_fees_usd{suffix}"].to_numpy(float),
        exam_fees=costs[f"exam_fees_usd{suffix}"].to_numpy(float),
        unit=unit,
        sources=[dict(t) for t in dict.fromkeys(tuple(s.items()) for s in sources)],
    )


# --------------------------------------------------------------------------------------------
# The months


@dataclass(frozen=True)
class _Plan:
    """Every path's scenarios month by month, with staying put beside them."""

    rows: pd.DataFrame
    valued: _Valued
    horizon: int  # months
    stay: FloatArray  # per month, what staying put earns (after tax)
    gain: FloatArray  # rows x months: the path's earnings minus staying put's
    path_pay: FloatArray  # rows x months: the path's earnings (after tax)
    discount: FloatArray  # per month: present value of one unit paid at its end
    attrs: dict[str, Any]


def _months(valued: _Valued, rows: pd.DataFrame, n: int, rates: tuple[float, float]) -> Any:
    """Per month: staying put's pay, and each row's pay on its path (after tax and growth)."""
    tax, growth = rates
    month = np.arange(n, dtype=np.float64)
    scale = (1.0 + growth) ** np.floor(month / 12) * (1.0 - tax) / 12
    stay = valued.current * scale
    studying = rows["study_months"].to_numpy(float)[:, None]
    share = np.clip(studying - month, 0.0, 1.0)  # the part of each month spent studying
    experience = np.maximum(month - studying, 0.0) / 12  # years worked at the month's start
    level = np.searchsorted(valued.band_min, experience, side="right") - 1
    ladder = valued.ladder[level] * scale
    kept = rows["part_time"].to_numpy(bool)[:, None] * stay  # part-time study keeps the pay
    path_pay = (1.0 - share) * ladder + share * kept
    return stay, path_pay


def _plan(
    path: str | Sequence[str] | None,
    pay: tuple[object, str],
    place: tuple[str, int, str],
    span: tuple[object, object],
    given: Assumptions,
) -> _Plan:
    """Check every option, value the figures and lay out the months."""
    unknown = sorted(set(given) - Assumptions.__optional_keys__)
    if unknown:
        options = ", ".join(sorted(Assumptions.__optional_keys__))
        msg = f"unknown option {unknown[0]!r}; the options are {options}"
        raise TypeError(msg)
    current = _money(pay[0], "current_pay", "32000")
    country, year, basis = place
    basis = _options.choice(basis, BASES, "basis")
    year = _options.whole_year(year)
    if basis == "real" and _options.normal_code(country) != "USA":
        msg = (
            f"country {show(country)} applies to basis 'ppp' (pay valued where it is spent); "
            "basis 'real' gives US dollars"
        )
        raise InvalidInputError(msg, hints=(Hint("basis", "ppp"), Hint("country", leave_out=True)))
    horizon = _horizon(span[0])
    rate = _rate(span[1], "discount_rate", low=-1, closed=False, meaning="a yearly rate")
    tax = _rate(given.get("tax_rate", 0), "tax_rate", low=0, closed=True, meaning="a tax share")
    growth = _rate(given.get("pay_growth", 0), "pay_growth", low=-1, closed=False, meaning="growth")
    fees = _money(given.get("exam_fees", 0), "exam_fees", "400")
    table = paths(table=given.get("paths_table"))
    rows = _scenarios(_selected(path, table), fees)
    longest = float(rows["study_months"].max())
    if horizon * 12 < longest:
        msg = (
            f"a horizon of {horizon} years is shorter than the study time ({longest:.1f} "
            f"months for {rows['name'].iloc[int(rows['study_months'].argmax())]!r})"
        )
        enough = Hint("horizon_years", math.ceil(longest / 12), why="or more")
        raise InvalidInputError(msg, hints=(enough,))
    valued = _value(rows, (current, str(pay[1])), (str(country), year, basis), given)
    n = 12 * max(horizon, 10)  # the gains at 5 and 10 years are reported whatever the horizon
    stay, path_pay = _months(valued, rows, n, (tax, growth))
    discount = (1.0 + rate) ** (-np.arange(1, n + 1) / 12)
    attrs = {
        "basis": basis,
        "unit": valued.unit,
        "year": year,
        "horizon_years": horizon,
        "discount_rate": rate,
        "current_pay": {"amount": current, "currency": str(pay[1]), "value": valued.current},
        "current_pay_rule": valued.current_rule,
        "usd_rule": valued.usd_rule,
        "assumptions": {
            "exam_fees_usd": fees,
            "tax_rate": tax,
            "pay_growth": growth,
            "ladder": given.get("ladder", "median"),
        },
        "sources": valued.sources,
    }
    return _Plan(rows, valued, horizon * 12, stay, path_pay - stay, path_pay, discount, attrs)


# --------------------------------------------------------------------------------------------
# Payback


def payback(
    path: str | Sequence[str] | None = None,
    *,
    current_pay: float,
    current_currency: str = "USD",
    country: str = "USA",
    year: int = 2024,
    horizon_years: int = 10,
    discount_rate: float = 0.0,
    basis: CareerBasis = "real",
    **assumptions: Unpack[Assumptions],
) -> pd.DataFrame:
    """When each of the guide's education paths pays back, against staying in the current job.

    Month by month, a path costs its tuition (paid at the start) and, while studying full
    time, the current pay; part-time study keeps the current pay. Once the study ends, pay
    follows the guide's ladder by years of experience (Junior Medical Coder for 0-1 years,
    Medical Coder for 1-3, ...). Staying put earns the current pay throughout.

    Parameters
    ----------
    path : str or list of str, optional
        Names from :func:`paths` (case ignored); every path the guide prices when left out.
    current_pay : float
        The reader's own yearly gross pay in ``current_currency``. Required: there is no
        default, as no figure of the guide is anybody's current pay.
    current_currency : str
        ISO 4217 code of ``current_pay``.
    country : str
        ISO alpha-3 code of where the reader lives and spends the pay; with ``basis="ppp"``
        the ladder's US dollars, the costs and the current pay are all valued there (as for
        a coder paid in dollars from abroad). ``basis="real"`` takes only ``"USA"``.
    year : int
        Year of the exchange rates, PPP factors and constant dollars (default 2024, the
        latest year with both ECB annual means and World Bank PPP factors shipped).
    horizon_years : int
        Whole years searched for the payback month and summed for the net present value; at
        least the longest study time asked for. The gains at 5 and 10 years are given
        whatever the horizon.
    discount_rate : float
        Yearly real discount rate, inside (-1, 1); 0 sums the months as they come. The
        payback month and the NPV use it; the gains at 5 and 10 years do not.
    basis : {"real", "ppp"}
        ``"real"``: US dollars of ``year`` (current pay at that year's ECB annual mean);
        ``"ppp"``: international dollars of ``year`` where ``country`` is (World Bank PPP).
    **assumptions
        What the guide does not give, each off unless given (see :class:`Assumptions`):
        ``exam_fees`` (USD, added to the paths whose cost excludes them; default none
        counted), ``tax_rate`` (flat share of pay, default 0: gross pay, as the guide's),
        ``pay_growth`` (yearly real growth of both pays, default 0: none beyond the
        ladder's steps), ``ladder`` (``"median"``, the default, or ``"average"``),
        ``paths_table`` (paths shaped like :func:`coderstats.load_education_paths`),
        ``rates`` and ``ppp_table`` (as in :func:`coderstats.convert`). Benefits are not
        counted.

    Returns
    -------
    pandas.DataFrame
        One row per path and scenario (``low``, ``central``, ``high``: the cheapest and
        shortest study, the midpoints, the dearest and longest), amounts in
        ``attrs["unit"]``:

        ===============  ========  ========================================================
        column           dtype     meaning
        ===============  ========  ========================================================
        name             str       the path (:func:`paths`)
        path, mode       str       the guide's words
        scenario         category  ``low`` < ``central`` < ``high``
        assumption       str       what the scenario takes from the guide's ranges
        study_months     float64   months of study
        cost             float64   tuition plus exam fees (when given), paid at the start
        payback_months   Int64     months from the start until the cumulative net gain
                                   (discounted at ``discount_rate``) is above zero;
                                   missing when it is not within the horizon
        paid_back        bool      whether it is within ``horizon_years``
        gain_5y          float64   cumulative net gain after 5 years (not discounted)
        gain_10y         float64   cumulative net gain after 10 years (not discounted)
        npv              float64   net present value over the horizon
        ===============  ========  ========================================================

        ``attrs`` holds ``basis``, ``unit``, ``year``, ``horizon_years``,
        ``discount_rate``, ``current_pay`` (as given, and valued), the conversion rules
        (``current_pay_rule``, ``usd_rule``), ``assumptions`` and ``sources``.

    Raises
    ------
    InvalidAmountError
        A ``current_pay`` or ``exam_fees`` that is negative, missing or not a number.
    InvalidInputError
        An unknown path (the message lists the guide's), a path the guide gives no cost
        for, a horizon shorter than the study, a rate outside its range, an unknown basis.
    UnknownCountryError, UnknownCurrencyError, RateNotFoundError
        A country without a PPP factor, a currency or year without rates.

    Notes
    -----
    Figures: the medical coder career guide's education paths and salary ladder (median
    US pay by experience band), as the guide states them; see ``attrs["sources"]``. The
    model keeps the guide's pay flat within each band and the current pay flat in real
    terms (unless ``pay_growth`` is given); tax, benefits and exam fees are not counted
    unless given. With ``basis="ppp"`` the ladder is US pay spent where the reader lives,
    which holds for a coder paid the US figures from abroad, not for local pay.

    Examples
    --------
    >>> out = payback("certificate program, full time", current_pay=32_000)
    >>> out[["scenario", "study_months", "cost", "payback_months", "gain_5y"]].round(1)
      scenario  study_months    cost  payback_months  gain_5y
    0      low           2.8  2000.0              15  98557.7
    1  central           4.2  3500.0              20  88378.2
    2     high           5.5  5000.0              24  80115.4
    """
    pay, place = (current_pay, current_currency), (country, year, basis)
    plan = _plan(path, pay, place, (horizon_years, discount_rate), assumptions)
    return _summary(plan)


def _summary(plan: _Plan) -> pd.DataFrame:
    cost = plan.valued.cost
    worth = np.cumsum(plan.gain * plan.discount, axis=1) - cost[:, None]
    ahead = worth[:, : plan.horizon] > 0
    paid: npt.NDArray[np.bool_] = np.asarray(ahead.any(axis=1), dtype=bool)
    first = np.argmax(ahead, axis=1) + 1
    out = plan.rows[["name", "path", "mode", "scenario", "assumption", "study_months"]].copy()
    out["cost"] = cost
    out["payback_months"] = pd.arrays.IntegerArray(first.astype(np.int64), ~paid)
    out["paid_back"] = paid
    out["gain_5y"] = plan.gain[:, :60].sum(axis=1) - cost
    out["gain_10y"] = plan.gain[:, :120].sum(axis=1) - cost
    out["npv"] = worth[:, plan.horizon - 1]
    out.attrs.update(plan.attrs)
    return out


def cumulative_earnings(
    path: str | Sequence[str] | None = None,
    *,
    current_pay: float,
    current_currency: str = "USD",
    country: str = "USA",
    year: int = 2024,
    horizon_years: int = 10,
    discount_rate: float = 0.0,
    basis: CareerBasis = "real",
    **assumptions: Unpack[Assumptions],
) -> pd.DataFrame:
    """Cumulative earnings month by month on each path and staying put (what payback sums).

    Parameters are those of :func:`payback`.

    Returns
    -------
    pandas.DataFrame
        One row per path, scenario and month from 0 (the start, when the tuition is paid)
        to ``12 * horizon_years``: ``name``, ``scenario`` (category), ``month`` (int64),
        ``years`` (float64), ``path_earnings`` (cumulative pay on the path less its cost),
        ``stay_earnings`` (cumulative current pay) and ``gain`` (their difference), in
        ``attrs["unit"]``, discounted at ``discount_rate``; ``attrs`` as :func:`payback`'s.

    Examples
    --------
    >>> months = cumulative_earnings("associate's degree", current_pay=32_000)
    >>> months.query("scenario == 'central' and month in (24, 120)")[["years", "gain"]]
         years      gain
    145    2.0  -79000.0
    241   10.0  166000.0
    """
    pay, place = (current_pay, current_currency), (country, year, basis)
    plan = _plan(path, pay, place, (horizon_years, discount_rate), assumptions)
    n, m = len(plan.rows), plan.horizon
    weights = plan.discount[:m]
    start = np.zeros((n, 1))
    path_sum = np.hstack([start, np.cumsum(plan.path_pay[:, :m] * weights, axis=1)])
    stay_sum = np.concatenate([[0.0], np.cumsum(plan.stay[:m] * weights)])
    path_sum -= plan.valued.cost[:, None]
    month = np.arange(m + 1)
    out = pd.DataFrame(
        {
            "name": np.repeat(plan.rows["name"].to_numpy(object), m + 1),
            "scenario": pd.Categorical.from_codes(
                np.repeat(plan.rows["scenario"].cat.codes.to_numpy(), m + 1),
                categories=pd.Index(list(SCENARIOS)),
                ordered=True,
            ),
            "month": np.tile(month, n),
            "years": np.tile(month / 12, n),
            "path_earnings": path_sum.ravel(),
            "stay_earnings": np.tile(stay_sum, n),
        }
    )
    out["name"] = out["name"].astype("str")
    out["gain"] = out["path_earnings"] - out["stay_earnings"]
    out.attrs.update(plan.attrs)
    return out


# --------------------------------------------------------------------------------------------
# Remote pay


def _codes(value: object, what: str) -> list[str]:
    """One code or a list of them, stripped and upper-cased (the lookups judge them)."""
    given = [value] if isinstance(value, str) else value
    if not isinstance(given, Sequence | np.ndarray | pd.Series | pd.Index) or not len(given):
        msg = (
            f"{what.replace('_', ' ')} {show(value)} is not an ISO alpha-3 code or a list of "
            "them, e.g. ['IND']"
        )
        raise InvalidInputError(msg)
    return [str(_options.normal_code(code)) for code in given]


def _home(currency: str, year: int, ppp_table: pd.DataFrame | None) -> str:
    """The one country in the PPP table whose currency is ``currency`` that year."""
    from coderstats.reference.worldbank import load_ppp

    table = load_ppp() if ppp_table is None else ppp_table
    rows = table[(table["currency"] == currency) & (table["year"] == year)]
    found = sorted(set(rows["iso3"]))
    # A currency several economies count in is at home where it is issued (USD: USA).
    issuer = [code for code in found if _alpha2(code) == currency[:2]]
    if len(found) != 1 and len(issuer) != 1:
        which = f"is the currency of {', '.join(found)}" if found else "is no country's currency"
        msg = (
            f"currency {currency} {which} in the PPP table for {year}, so where the pay is "
            "'at home' is not known"
        )
        why = "the employer's country (ISO alpha-3), e.g. 'DEU'"
        raise InvalidInputError(msg, hints=(Hint("home", why=why),))
    return str(found[0] if len(found) == 1 else issuer[0])


def _amounts(amount: object) -> FloatArray:
    given = [amount] if _number(amount) is not None or isinstance(amount, str) else amount
    try:
        values = list(given)  # type: ignore[call-overload]
    except TypeError:
        values = [amount]
    return np.array([_money(v, "amount", "42000") for v in values], dtype=np.float64)


def remote_pay(
    amount: float | Sequence[float],
    currency: str,
    *,
    lives_in: str | Sequence[str],
    year: int,
    home: str | None = None,
    **options: Unpack[RemoteOptions],
) -> pd.DataFrame:
    """Pay in one currency from an employer abroad, valued in each country the coder may live.

    Parameters
    ----------
    amount : float or list of float
        Yearly pay (e.g. the two ends of a range), zero or more.
    currency : str
        ISO 4217 code of the pay (``"USD"`` for a US employer).
    lives_in : str or list of str
        ISO alpha-3 codes of the countries where the pay is spent; each needs a PPP factor.
    year : int
        Year of the ECB annual mean rates and the World Bank PPP factors.
    home : str, optional
        ISO alpha-3 code of the employer's country, where "the same pay at home" is spent;
        by default the one country whose currency ``currency`` is (``USD``: the United
        States). Required for a currency of several countries (``EUR``).
    **options
        ``indicator`` (World Bank PPP indicator, default ``"private_consumption"``),
        ``rates``, ``ppp_table``: as in :func:`coderstats.convert`.

    Returns
    -------
    pandas.DataFrame
        One row per amount and country, in the order given:

        ===============  =======  ==========================================================
        column           dtype    meaning
        ===============  =======  ==========================================================
        amount           float64  the pay, ``currency`` per year
        currency         str      its currency
        lives_in         str      where it is spent (ISO alpha-3)
        local_currency   str      that country's currency in ``year``
        local_market     float64  the pay in ``local_currency`` at the ECB annual mean
        ppp_intd         float64  international dollars at the country's PPP
        home             str      the employer's country
        home_ppp_intd    float64  the same pay spent at home, international dollars
        ratio_to_home    float64  ``ppp_intd / home_ppp_intd``: what it buys there for
                                  each unit it buys at home
        market_rule      str      the rule behind ``local_market``
        ppp_rule         str      the rule behind ``ppp_intd``
        ===============  =======  ==========================================================

        ``attrs`` holds ``year``, ``home`` and ``sources`` (ECB rates, World Bank PPP).

    Raises
    ------
    InvalidAmountError
        An amount that is negative, missing or not a number.
    UnknownCountryError
        A country that is not ISO alpha-3 or has no PPP factor (the message lists those
        that have one).
    UnknownCurrencyError, RateNotFoundError, InvalidInputError
        As :func:`coderstats.convert`; also a currency of several countries without
        ``home=``.

    Notes
    -----
    Each amount is converted at market rates into the local currency, then by the local
    PPP factor into international dollars (:func:`coderstats.convert` with
    ``basis="ppp"``). Nothing here says whether an employer abroad pays its home rates.

    Examples
    --------
    >>> out = remote_pay(40_000, "USD", lives_in=["IND", "DEU"], year=2024)
    >>> out[["lives_in", "local_currency", "local_market", "ppp_intd", "ratio_to_home"]].round(2)
      lives_in local_currency  local_market   ppp_intd  ratio_to_home
    0      IND            INR    3346559.39  168194.88           4.20
    1      DEU            EUR      36955.58   51056.46           1.28
    """
    values = _amounts(amount)
    countries = _codes(lives_in, "lives_in")
    code = str(_options.normal_code(currency))
    year = _options.whole_year(year)
    unknown = sorted(set(options) - RemoteOptions.__optional_keys__)
    if unknown:
        msg = f"unknown option {unknown[0]!r}; the options are indicator, rates, ppp_table"
        raise TypeError(msg)
    rates, ppp_table = options.get("rates"), options.get("ppp_table")
    place = _codes(home, "home")[0] if home is not None else _home(code, year, ppp_table)
    # One row per country (home last): each factor is worked out once, then spread.
    keys = pd.DataFrame({"one": 1.0, "currency": code, "lives_in": [*countries, place]})
    ppp = convert(
        keys,
        amount="one",
        currency="currency",
        country="lives_in",
        year=year,
        basis="ppp",
        **options,
    )
    factor = ppp["factor_ppp"].to_numpy(float)
    local, market, rules = _at_market(keys, year, rates)
    pick = np.tile(np.arange(len(countries)), len(values))
    amounts = np.repeat(values, len(countries))
    out = pd.DataFrame(
        {
            "amount": amounts,
            "currency": code,
            "lives_in": pd.array(countries, dtype="str")[pick],
            "local_currency": pd.array(local[pick], dtype="str"),
            "local_market": amounts * market[pick],
            "ppp_intd": amounts * factor[pick],
            "home": place,
            "home_ppp_intd": amounts * factor[-1],
            "ratio_to_home": factor[pick] / factor[-1],
            "market_rule": pd.array(rules[pick], dtype="str"),
            "ppp_rule": ppp["basis_ppp"].astype("str").to_numpy()[pick],
        }
    )
    indicator = str(options.get("indicator", "private_consumption"))
    cites = [ecb_cited(year), *cited("ppp", keep=[_options.INDICATORS.get(indicator, indicator)])]
    out.attrs.update({"year": year, "home": place, "sources": cites})
    return out


def _at_market(
    frame: pd.DataFrame, year: int, rates: pd.DataFrame | None
) -> tuple[npt.NDArray[np.object_], FloatArray, npt.NDArray[np.object_]]:
    """Each row's local currency, the rate into it (at market, one per unit) and its rule."""
    from coderstats.countries import country_currencies

    local = country_currencies(frame["lives_in"].to_numpy(object), year)
    market, rules = np.empty(len(frame)), np.empty(len(frame), dtype=object)
    for target in dict.fromkeys(local):  # one conversion per local currency, not per row
        rows = local == target
        part = convert(
            frame[rows],
            amount="one",
            currency="currency",
            year=year,
            to=str(target),
            basis="market",
            rates=rates,
        )
        market[rows] = part["one_market"].to_numpy(float)
        rules[rows] = part["basis_market"].astype(str).to_numpy(object)
    return local, market, rules
