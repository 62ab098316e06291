"""Charts of career economics: cumulative earnings per education path, and remote pay.

Drawn like every chart of :mod:`coderstats.charts` (same style, title, source line and
reproducible SVG): each function takes a frame of :mod:`coderstats.career` and the rows to
show, and returns the :class:`matplotlib.figure.Figure` it builds (``figsize=``) or the axes
it is given (``ax=``). The figures never compute money.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from coderstats import _chartkit as kit
from coderstats._chartkit import INK as _INK
from coderstats._chartkit import MARKET as _MARKET
from coderstats._chartkit import PPP as _PPP
from coderstats._chartkit import citation as _citation
from coderstats._chartkit import style as _style
from coderstats.charts import Chart, Rows
from coderstats.errors import InvalidInputError
from coderstats.formatting import compact_money

__all__ = ["CHARTS", "earnings", "remote_pay"]

# Okabe-Ito colours, one per path (as in coderstats.charts).
_PATH_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")


def _needs(table: pd.DataFrame, columns: tuple[str, ...], made_by: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        msg = f"table has no column {missing[0]!r}; pass a frame of coderstats.career.{made_by}"
        raise InvalidInputError(msg)


def _earnings_lines(ax: Axes, table: pd.DataFrame) -> None:
    """Each path's central line, its low-high band, the month it passes staying put."""
    for i, (name, rows) in enumerate(table.groupby("name", sort=False)):
        colour = _PATH_COLOURS[i % len(_PATH_COLOURS)]
        by = {str(s): part for s, part in rows.groupby("scenario", observed=True)}
        years = by["central"]["years"].to_numpy(float)
        ax.fill_between(
            years,
            by["low"]["path_earnings"].to_numpy(float),
            by["high"]["path_earnings"].to_numpy(float),
            color=colour,
            alpha=0.18,
            linewidth=0,
        )
        central = by["central"]
        ax.plot(years, central["path_earnings"].to_numpy(float), color=colour, label=name)
        ahead = central[central["gain"] > 0]
        if len(ahead):
            first = ahead.iloc[0]
            ax.plot(first["years"], first["path_earnings"], "o", color=colour, ms=5)
            ax.annotate(
                f"{int(first['month'])} months",
                xy=(first["years"], first["path_earnings"]),
                xytext=(6, -10),
                textcoords="offset points",
                fontsize=7.5,
                color=colour,
            )


@overload
def earnings(
    table: pd.DataFrame,
    *,
    paths: Rows = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
    title: str | None = ...,
) -> Figure: ...
@overload
def earnings(
    table: pd.DataFrame,
    *,
    paths: Rows = ...,
    ax: Axes,
    figsize: None = ...,
    title: str | None = ...,
) -> Axes: ...
def earnings(
    table: pd.DataFrame,
    *,
    paths: Rows = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
) -> Figure | Axes:
    """Cumulative earnings on each path against staying put, with the low-high band shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`coderstats.career.cumulative_earnings` frame (it needs the reader's pay, so
        there is no default).
    paths : str or sequence of str, optional
        The education paths to show, by name; all when left out.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default 10 x 6).
    title : str, optional
        A title of your own instead of the chart's.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        For each path the central scenario as a line, the band between its low scenario
        (lowest cost, shortest study) and its high one, the month its central line passes
        staying put, and staying put as a dashed line; amounts in ``attrs["unit"]``.

    Examples
    --------
    >>> from coderstats.career import cumulative_earnings
    >>> fig = earnings(cumulative_earnings(current_pay=32_000))
    >>> fig.get_suptitle()
    'Does an education path pay back? Cumulative earnings against staying put'
    """
    _needs(table, ("name", "scenario", "years", "path_earnings", "stay_earnings"), "cumulative")
    needs = ("unit", "sources", "assumptions")
    kit.needs_attrs(table, needs, "earnings", "coderstats.career.cumulative_earnings")
    attrs = table.attrs
    stay = table[table["name"] == table["name"].iloc[0]]
    stay = stay[stay["scenario"] == "central"]
    table = kit.pick_rows(table, paths, ("name",), "paths")
    with _style():
        where = kit.canvas(ax, figsize, (kit.WIDTH, 6.0), "earnings")
        _earnings_lines(where.ax, table)
        where.ax.plot(
            stay["years"].to_numpy(float),
            stay["stay_earnings"].to_numpy(float),
            color=_INK,
            linestyle="--",
            label="staying put",
        )
        _label_earnings_axes(where.ax, str(attrs["unit"]))
        return kit.finish(
            where,
            title or "Does an education path pay back? Cumulative earnings against staying put",
            _earnings_subtitle(attrs),
            source=_citation(attrs["sources"]),
            note=_assumptions_note(attrs),
        )


def _label_earnings_axes(ax: Axes, unit: str) -> None:
    ax.axhline(0, color="#BBBBBB", linewidth=0.8)
    ax.yaxis.set_major_formatter(FuncFormatter(kit.money_formatter(unit)))
    ax.yaxis.grid(visible=True)
    ax.set_xlabel("years from the start of study")
    ax.set_ylabel(f"cumulative earnings less costs ({unit})")
    ax.legend(loc="upper left")


def _earnings_subtitle(attrs: Mapping[Any, Any]) -> str:
    pay = attrs.get("current_pay", {})
    given = (
        f"{pay['amount']:,.0f} {pay['currency']} a year"
        if isinstance(pay, dict)
        else "the current pay"
    )
    return (
        f"Current pay {given}. Lines: midpoints of the guide's cost and study time; bands: "
        "lowest cost and shortest study to highest cost and longest study. Dots: the month "
        "the central line passes staying put."
    )


def _assumptions_note(attrs: Mapping[Any, Any]) -> str:
    given = attrs.get("assumptions", {})
    assert isinstance(given, dict)
    fees = float(given.get("exam_fees_usd", 0))
    tax, growth = float(given.get("tax_rate", 0)), float(given.get("pay_growth", 0))
    parts = [
        f"Pay follows the guide's US {given.get('ladder', 'median')} by experience band;",
        f"exam fees {'of ' + compact_money(fees, 'USD') if fees else 'not counted'};",
        f"tax {f'at {tax:.0%}' if tax else 'not counted (gross pay)'};",
        f"pay growth {growth:.1%} a year." if growth else "no pay growth beyond the ladder.",
    ]
    rate = attrs.get("discount_rate")
    if rate:
        parts.append(f"Discounted at {float(rate):.1%} a year.")
    return " ".join(parts)


def _remote_labels(ax: Any, by: pd.DataFrame, y: Any, high: Any) -> None:
    """Beside each bar: the ratio to home and the local currency at market rates."""
    labels = zip(
        by["local_low"].to_numpy(float),
        by["local_high"].to_numpy(float),
        by["currency"].astype(str),
        by["ratio"].to_numpy(float),
        strict=True,
    )
    for yi, top, (local_low, local_high, currency, ratio) in zip(y, high, labels, strict=True):
        local = compact_money(local_low, currency)
        if local_high > local_low:
            local += "\u2013" + compact_money(local_high, currency)
        ax.annotate(
            f"{ratio:.2f}\u00d7 home \u00b7 {local} at market",
            xy=(top, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=_INK,
        )


def _remote_rows(table: pd.DataFrame) -> pd.DataFrame:
    by = table.groupby("lives_in", sort=False).agg(
        low=("ppp_intd", "min"),
        high=("ppp_intd", "max"),
        local_low=("local_market", "min"),
        local_high=("local_market", "max"),
        currency=("local_currency", "first"),
        ratio=("ratio_to_home", "first"),
    )
    return by.sort_values("high", kind="stable")


def _remote_bars(ax: Axes, by: pd.DataFrame, home: str) -> None:
    y = np.arange(len(by))
    low, high = by["low"].to_numpy(float), by["high"].to_numpy(float)
    colours = [_MARKET if code == home else _PPP for code in by.index]
    ax.barh(y, high, color=colours, height=0.55)
    ax.scatter(low[low < high], y[low < high], marker="|", s=200, color=_INK, zorder=3)
    _remote_labels(ax, by, y, high)
    ax.set_yticks(y, labels=list(by.index))
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, float(high.max()) * 1.35)
    ax.xaxis.set_major_formatter(FuncFormatter(kit.dollars))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel("what the pay buys where it is spent, international $ per year (PPP)")
    ax.set_ylabel("where the coder lives (ISO code)")


@overload
def remote_pay(
    table: pd.DataFrame,
    *,
    countries: Rows = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
    title: str | None = ...,
) -> Figure: ...
@overload
def remote_pay(
    table: pd.DataFrame,
    *,
    countries: Rows = ...,
    ax: Axes,
    figsize: None = ...,
    title: str | None = ...,
) -> Axes: ...
def remote_pay(
    table: pd.DataFrame,
    *,
    countries: Rows = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
) -> Figure | Axes:
    """Pay from an employer abroad, valued where the coder lives: PPP and the ratio to home.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`coderstats.career.remote_pay` frame; with several amounts, each country's
        bar reaches the highest and a mark shows the lowest.
    countries : str or sequence of str, optional
        The countries to show (ISO 3166 alpha-3 codes of ``lives_in``); all when left out.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default: 10 wide, 0.55 per country).
    title : str, optional
        A title of your own instead of the chart's.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        One bar per country (sorted by what the pay buys there), in international dollars
        at PPP, labelled with the amount in the local currency at market rates and the
        ratio to the same pay spent at home.

    Examples
    --------
    >>> from coderstats.career import remote_pay as remote
    >>> fig = remote_pay(remote(42_000, "USD", lives_in=["IND", "GBR", "USA"], year=2024))
    >>> fig.axes[0].get_xlabel()
    'what the pay buys where it is spent, international $ per year (PPP)'
    """
    _needs(table, ("lives_in", "amount", "ppp_intd", "local_market", "ratio_to_home"), "remote_pay")
    kit.needs_attrs(table, ("year", "sources"), "remote_pay", "coderstats.career.remote_pay")
    attrs = table.attrs
    home = str(table["home"].iloc[0])
    paid = str(table["currency"].iloc[0])
    amounts = sorted(set(table["amount"].to_numpy(float)))
    by = _remote_rows(kit.pick_rows(table, countries, ("lives_in",), "countries"))
    with _style():
        where = kit.canvas(ax, figsize, (kit.WIDTH, 0.55 * len(by) + 2.6), "remote_pay")
        _remote_bars(where.ax, by, home)
        kit.labels_out_of_layout(where.ax)
        pay = "\u2013".join(compact_money(a, paid) for a in (amounts[0], amounts[-1]))
        pay = compact_money(amounts[0], paid) if len(amounts) == 1 else pay
        return kit.finish(
            where,
            title or f"What remote pay is worth where the coder lives, {attrs['year']}",
            f"{pay} a year paid in {paid} by an employer in {home} (blue: spent at home). "
            "Labels: ratio to the same pay spent at home, and the pay in the local currency "
            "at market rates.",
            source=_citation(attrs["sources"]),
            note="PPP factors after 2021 are World Bank extrapolations; whether an employer "
            "abroad pays its home rates is not in the figures.",
        )


#: The career charts of the report. ``data`` names the frame of the report each draws.
CHARTS: tuple[Chart, ...] = (
    Chart(
        "career_payback",
        "cumulative earnings on each education path against staying put (example reader)",
        earnings,
        "cumulative_earnings",
    ),
    Chart(
        "remote_pay",
        "US junior pay from a US employer, valued where the coder lives (PPP)",
        remote_pay,
        "remote_pay",
    ),
)
