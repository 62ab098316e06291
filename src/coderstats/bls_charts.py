"""Charts of what the BLS says coders earn: the wage distribution over the years, the states.

Drawn like every chart of :mod:`coderstats.charts` (same style, title, source line and
reproducible SVG): each function draws a frame of :mod:`coderstats.wages` (built when left
out) and returns the :class:`matplotlib.figure.Figure` it builds (of ``figsize=``) or the
axes it is given (``ax=``). The figures never compute money.
"""

from __future__ import annotations

from typing import overload

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from coderstats import _chartkit as kit
from coderstats import wages
from coderstats.charts import (
    _INK,
    _MARKET,
    _MUTED,
    _PPP,
    _WIDTH,
    Chart,
    _dollars,
    _style,
)
from coderstats.errors import Hint, InvalidInputError

__all__ = ["CHARTS", "state_wages", "wage_distribution"]

#: The states the guide names for higher salaries: bold on the states chart.
GUIDE_STATES = ("California", "New York", "Massachusetts")

_BANDS = (("pct10", "pct90", 0.16), ("pct25", "pct75", 0.32))
_ORDINALS = {"pct90": "90th", "pct75": "75th", "median": "median", "pct25": "25th", "pct10": "10th"}


def _needs(table: pd.DataFrame, columns: tuple[str, ...], made_by: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        msg = f"table has no column {missing[0]!r}; pass a frame of coderstats.wages.{made_by}()"
        raise InvalidInputError(msg, hints=(Hint("table", leave_out=True, why="to build it"),))


# --------------------------------------------------------------------------------------------
# The wage distribution over the years


def _code_spans(ax: Axes, table: pd.DataFrame) -> None:
    """A dashed line where the code changed, and each code named over its years."""
    codes = table.drop_duplicates("may_year")[["may_year", "occ_code", "code_break"]]
    for year in codes.loc[codes["code_break"].astype(bool), "may_year"].astype(int):
        ax.axvline(year - 0.5, color=_MUTED, linestyle="--", linewidth=0.9)
    spans = codes.groupby((codes["occ_code"] != codes["occ_code"].shift()).cumsum())
    for _, span in spans:
        first, last = int(span["may_year"].iloc[0]), int(span["may_year"].iloc[-1])
        ax.annotate(
            f"SOC {span['occ_code'].iloc[0]}\nMay {first}"
            + (f"\u2013{last}" if last > first else ""),
            xy=((first + last) / 2, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -2),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7.5,
            color=_MUTED,
        )


def _bands(ax: Axes, wide: pd.DataFrame) -> None:
    """The percentile bands, the median line and each line's latest value at its end."""
    years = wide.index.to_numpy(dtype=float)
    for low, high, alpha in _BANDS:
        ax.fill_between(
            years,
            wide[low].to_numpy(float),
            wide[high].to_numpy(float),
            color=_MARKET,
            alpha=alpha,
            linewidth=0,
            label=f"{_ORDINALS[low]} to {_ORDINALS[high]} percentile",
        )
    ax.plot(years, wide["median"].to_numpy(float), "o-", color=_MARKET, ms=3.5, label="median")
    for statistic, name in _ORDINALS.items():
        value = float(wide[statistic].iloc[-1])
        ax.annotate(
            f"{name} {_dollars(value)}",
            xy=(years[-1], value),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=_INK,
        )


@overload
def wage_distribution(
    *,
    table: pd.DataFrame | None = ...,
    real: bool = ...,
    base: int | None = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
) -> Figure: ...
@overload
def wage_distribution(
    *,
    table: pd.DataFrame | None = ...,
    real: bool = ...,
    base: int | None = ...,
    ax: Axes,
    figsize: None = ...,
) -> Axes: ...
def wage_distribution(
    *,
    table: pd.DataFrame | None = None,
    real: bool = True,
    base: int | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure | Axes:
    """Medical coders' BLS wage distribution over the May years, with the code breaks marked.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A :func:`coderstats.wages.wage_history` frame; built with ``real`` and ``base`` when
        left out (which are then not used).
    real : bool
        Constant dollars of May of ``base`` (CPI-U), or nominal dollars of each May.
    base : int, optional
        The May whose dollars are shown; default the latest May held.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default 10 x 5.8).

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        The 10th-90th and 25th-75th percentile bands of annual wages and the median line, by
        May year, each labelled with its latest value; dashed lines where the occupation code
        changed (May 2019 and May 2021), each code named over its years.

    Examples
    --------
    >>> fig = wage_distribution(real=False)
    >>> fig.axes[0].get_ylabel()
    'USD per year, nominal (dollars of each May)'
    """
    hist = wages.wage_history(real=real, base=base) if table is None else table
    _needs(hist, ("may_year", "occ_code", "code_break", "statistic", "usd"), "wage_history")
    wide = hist.pivot_table(index="may_year", columns="statistic", values="usd", aggfunc="first")
    dollars = str(hist["dollars_of"].iloc[-1]) if "dollars_of" in hist else ""
    nominal = str(hist["basis"].iloc[0]) == "nominal" if "basis" in hist else False
    first, last = int(wide.index.min()), int(wide.index.max())
    with _style():
        where = kit.canvas(ax, figsize, (_WIDTH, 5.8), "wage_distribution")
        _bands(where.ax, wide)
        _code_spans(where.ax, hist)
        where.ax.set_xlim(first - 0.5, last + 1.3)
        where.ax.set_ylim(0, float(wide["pct90"].max()) * 1.15)
        where.ax.set_xticks(np.arange(first, last + 1))
        where.ax.yaxis.set_major_formatter(FuncFormatter(_dollars))
        where.ax.yaxis.grid(visible=True)
        where.ax.set_xlabel("May of the OEWS estimates")
        where.ax.set_ylabel(
            "USD per year, nominal (dollars of each May)"
            if nominal
            else f"USD per year, constant dollars of {dollars} (CPI-U)"
        )
        where.ax.legend(loc="lower left", ncols=3)
        return kit.finish(
            where,
            f"What BLS says medical coders earn: annual wages, May {first}\u2013{last}",
            "Bands: percentiles of annual wages; line: the median. Dashed: the occupation code "
            "changed, so the figures on either side cover different occupations.",
            source=kit.citation(hist.attrs.get("sources", [])),
            note="29-2071 medical records and health information technicians (SOC 2010); 29-2098 a "
            "hybrid code that also holds medical dosimetrists and other technicians; 29-2072 "
            "medical records specialists (SOC 2018). BLS: OEWS estimates are not designed as a "
            "time series; its methods changed with May 2021.",
        )


# --------------------------------------------------------------------------------------------
# The states


def _state_marks(ax: Axes, table: pd.DataFrame) -> None:
    """Per state a line from the nominal mean to the mean at national prices, and both dots."""
    y = np.arange(len(table), dtype=float)
    nominal = table["a_mean"].to_numpy(float)
    adjusted = table["a_mean_rpp"].to_numpy(float)
    ax.hlines(y, np.fmin(nominal, adjusted), np.fmax(nominal, adjusted), color="#BBBBBB", lw=1.6)
    ax.scatter(nominal, y, s=18, color=_MARKET, zorder=3, label="mean wage, nominal USD")
    ax.scatter(
        adjusted,
        y,
        s=18,
        color=_PPP,
        zorder=3,
        label="mean wage at national prices (BEA RPP, national-average USD)",
    )
    right = np.fmax(nominal, adjusted)
    for yi, x, row in zip(y, right, table.itertuples(index=False), strict=True):
        if row.area_title in GUIDE_STATES:
            ax.annotate(
                f"rank {row.rank_nominal} nominal, {row.rank_rpp} at national prices",
                xy=(float(x), yi),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=_INK,
                fontweight="bold",
            )


def _label_state_axes(ax: Axes, table: pd.DataFrame) -> None:
    y = np.arange(len(table))
    ax.set_yticks(y, labels=list(table["area_title"]))
    for label in ax.get_yticklabels():
        if label.get_text() in GUIDE_STATES:
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0, labelsize=7)
    ax.set_ylim(len(table) - 0.4, -0.6)  # the highest at the national prices on top
    values = table[["a_mean", "a_mean_rpp"]].to_numpy(float)
    ax.set_xlim(float(np.nanmin(values)) * 0.9, float(np.nanmax(values)) * 1.25)
    ax.xaxis.set_major_formatter(FuncFormatter(_dollars))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel("annual mean wage of medical records specialists (29-2072), USD per year")
    ax.set_ylabel("state, ranked by the mean at national prices")
    ax.legend(loc="lower right")


@overload
def state_wages(
    *,
    table: pd.DataFrame | None = ...,
    year: int = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
) -> Figure: ...
@overload
def state_wages(
    *,
    table: pd.DataFrame | None = ...,
    year: int = ...,
    ax: Axes,
    figsize: None = ...,
) -> Axes: ...
def state_wages(
    *,
    table: pd.DataFrame | None = None,
    year: int = 2023,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure | Axes:
    """Each state's mean wage of medical records specialists, nominal and at national prices.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A :func:`coderstats.wages.compare_states` frame; built for ``year`` when left out
        (its ``attrs["year"]`` is then the year shown).
    year : int
        May year of the OEWS state figures (only May 2023 is held).
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default 10 x 11).

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        One row per state and DC, ranked by the mean in national-average dollars (BEA
        regional price parities), with the nominal mean beside it; the territories without
        a parity at the bottom, nominal only. The states the guide names for higher salaries
        (California, New York, Massachusetts) in bold, with both ranks.

    Notes
    -----
    BLS publishes state **means** for this occupation, not medians.

    Examples
    --------
    >>> fig = state_wages()
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    'District of Columbia'
    """
    states = wages.compare_states(year=year) if table is None else table
    _needs(
        states, ("area_title", "a_mean", "a_mean_rpp", "rank_nominal", "rank_rpp"), "compare_states"
    )
    shown = int(states.attrs.get("year", year))
    with _style():
        where = kit.canvas(ax, figsize, (_WIDTH, 0.17 * len(states) + 2.2), "state_wages")
        _state_marks(where.ax, states)
        _label_state_axes(where.ax, states)
        unranked = ", ".join(states.loc[states["a_mean_rpp"].isna(), "area_title"].astype(str))
        note = "State means, not medians: BLS publishes no state medians for this occupation."
        if unranked:
            note += f" Without a BEA price parity (nominal only, not ranked): {unranked}."
        return kit.finish(
            where,
            f"Medical records specialists' mean wage by state, nominal and at national prices, "
            f"May {shown}",
            "Blue: the BLS mean as paid; orange: the same in national-average dollars (divided "
            f"by the state's {shown} BEA regional price parity). Bold: the states the guide "
            "names for higher salaries.",
            source=kit.citation(states.attrs.get("sources", [])),
            note=note,
        )


#: The BLS charts of the report. ``data`` names the :mod:`coderstats.wages` function whose
#: frame each draws.
CHARTS: tuple[Chart, ...] = (
    Chart(
        "wage_distribution",
        "BLS wage percentiles of medical coders' code, May 2015-2025, constant May 2025 "
        "dollars, code breaks marked",
        wage_distribution,
        "wage_history",
    ),
    Chart(
        "state_wages",
        "BLS May 2023 state mean wages of medical records specialists, nominal and with BEA RPP",
        state_wages,
        "compare_states",
    ),
)
