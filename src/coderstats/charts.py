"""Publication charts of the comparison frames: one function per chart, and ``save_all()``.

Every chart builds a figure of its own (``figsize=``, in inches) and returns it, or draws into
axes the caller gives (``ax=``) and returns those axes. A figure of its own keeps matplotlib's
constrained layout, so it can be resized after the call; its title and footer wrap to its
width. Figures are built without pyplot, so nothing depends on the backend: in Jupyter a
figure shows itself as a cell's value or with ``display(fig)``; once pyplot is imported, a new
figure also belongs to pyplot and ``plt.show()`` shows it. The figures draw the comparison
frames of :mod:`coderstats.compare` and never convert money themselves; labels follow the
frame's currency, basis, PPP indicator and pay period. Importing this module imports
matplotlib; importing :mod:`coderstats` does not.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from coderstats import _chartkit as kit
from coderstats import compare
from coderstats._data import atomic_write_bytes, atomic_write_files
from coderstats._options import ICP_BENCHMARK as _ICP_BENCHMARK
from coderstats.errors import Hint, InvalidInputError
from coderstats.formatting import compact_money
from coderstats.outlook_chart import outlook

__all__ = [
    "CHARTS",
    "Chart",
    "outlook",
    "regional_pay",
    "render",
    "salary_ladder",
    "save",
    "save_all",
    "share_of_us",
]

_MARKET, _PPP, _GUIDE, _BLS = kit.MARKET, kit.PPP, kit.GUIDE, kit.BLS
_MEDIAN, _AVERAGE, _INK, _MUTED = kit.MEDIAN, kit.AVERAGE, kit.INK, kit.MUTED
_WIDTH = kit.WIDTH
_dollars = kit.dollars
_citation = kit.citation
_style = kit.style
_percent, _count, _points = kit.percent, kit.count, kit.points

#: What a chart takes instead of its own figure: the caller's axes.
Rows = Sequence[str] | str | None


def _finish(fig: Figure, title: str, source: str, note: str = "") -> Figure:
    return kit.finish_figure(fig, title, source=source, note=note)


# --------------------------------------------------------------------------------------------
# The ladder


def _ladder_columns(ladder: pd.DataFrame) -> tuple[str, str, str, str]:
    """The median and average columns to draw, their unit and pay period.

    A ladder passed through :func:`coderstats.convert` is drawn in its converted columns (of
    the last conversion), in the unit and period of that conversion.
    """
    kit.needs_columns(ladder, ("level", "experience_band"), "salary_ladder", "salary_ladder()")
    suffixes = [c.removeprefix("basis_") for c in ladder.columns if c.startswith("basis_")]
    for suffix in reversed(suffixes):
        median, average = f"us_median_{suffix}", f"us_average_{suffix}"
        if median in ladder.columns and average in ladder.columns:
            kit.needs_attrs(ladder, ("unit", "period"), "salary_ladder", "coderstats.convert")
            return median, average, str(ladder.attrs["unit"]), str(ladder.attrs["period"])
    needs = ("us_median", "us_average", "currency", "period")
    kit.needs_columns(ladder, needs, "salary_ladder", "coderstats.compare.salary_ladder()")
    units = {str(u) for u in ladder["currency"]} | {f"/{p}" for p in ladder["period"]}
    if len(units) != 2:
        msg = f"salary_ladder() draws one currency and pay period; the table holds {sorted(units)}"
        raise InvalidInputError(msg)
    return "us_median", "us_average", str(ladder["currency"].iloc[0]), str(ladder["period"].iloc[0])


def _step_labels(ax: Axes, median: np.ndarray, x: np.ndarray, width: float) -> None:
    """The step up from the level shown before, inside the top of each median bar."""
    for i in range(1, len(median)):
        step = median[i] / median[i - 1] - 1
        ax.annotate(
            f"{step:+.0%}",
            xy=(x[i] - width / 2, median[i]),
            xytext=(0, -4),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7.5,
            color="white",
            fontweight="bold",
        )


def _ladder_bars(ax: Axes, ladder: pd.DataFrame, columns: tuple[str, str], unit: str) -> None:
    money = kit.money_formatter(unit)
    x = np.arange(len(ladder))
    width = 0.38
    median = ladder[columns[0]].to_numpy(dtype=float)
    average = ladder[columns[1]].to_numpy(dtype=float)
    bars_med = ax.bar(x - width / 2, median, width, color=_MEDIAN, label="US median")
    bars_avg = ax.bar(x + width / 2, average, width, color=_AVERAGE, label="US average")
    for bars, values in ((bars_med, median), (bars_avg, average)):
        ax.bar_label(bars, labels=[money(v, None) for v in values], padding=2, fontsize=7.5)
    _step_labels(ax, median, x, width)
    bands = ladder["experience_band"].astype(str).str.replace("-", "\u2013", regex=False)
    labels = [
        f"{textwrap.fill(str(level), 13)}\n{band} yrs"
        for level, band in zip(ladder["level"], bands, strict=True)
    ]
    ax.set_xticks(x, labels=labels)
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, float(np.maximum(median, average).max()) * 1.12)
    ax.yaxis.set_major_formatter(FuncFormatter(money))
    ax.yaxis.grid(visible=True)
    ax.set_xlabel("career level and years of experience")
    ax.legend(loc="upper left")


@overload
def salary_ladder(
    *,
    table: pd.DataFrame | None = ...,
    levels: Rows = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
    title: str | None = ...,
) -> Figure: ...
@overload
def salary_ladder(
    *,
    table: pd.DataFrame | None = ...,
    levels: Rows = ...,
    ax: Axes,
    figsize: None = ...,
    title: str | None = ...,
) -> Axes: ...
def salary_ladder(
    *,
    table: pd.DataFrame | None = None,
    levels: Rows = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
) -> Figure | Axes:
    """US median and average pay by career level, with the experience bands on the axis.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A :func:`coderstats.compare.salary_ladder` frame, as built or passed through
        :func:`coderstats.convert` (then its converted columns are drawn, labelled with
        their unit and pay period); built when left out.
    levels : str or sequence of str, optional
        The levels to show, by name (``"Junior Medical Coder"``); all when left out.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default 10 x 5.6).
    title : str, optional
        A title of your own instead of the chart's.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure built, or ``ax``: bars of the US median and average for each level, the
        experience band under each level, and, in white, the step from the level shown before.

    Raises
    ------
    InvalidInputError
        A level the table does not have (the message lists those it has), a frame without the
        columns or ``attrs`` of :func:`coderstats.compare.salary_ladder`, axes that are not
        plain x-y axes, or both ``ax`` and ``figsize``.

    Notes
    -----
    Data: :func:`coderstats.compare.salary_ladder` (the guide's salary-by-level table).

    Examples
    --------
    >>> fig = salary_ladder()
    >>> fig.get_suptitle()
    'US medical coder pay by career level'
    >>> fig = salary_ladder(levels=["Junior Medical Coder", "Senior Medical Coder"])
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("+")]
    ['+55%']
    """
    ladder = compare.salary_ladder() if table is None else table
    kit.needs_attrs(ladder, ("sources",), "salary_ladder", "coderstats.compare.salary_ladder")
    median, average, unit, period = _ladder_columns(ladder)
    shown = kit.pick_rows(ladder, levels, ("level",), "levels")
    with _style():
        where = kit.canvas(ax, figsize, (_WIDTH, 5.6), "salary_ladder")
        _ladder_bars(where.ax, shown, (median, average), unit)
        where.ax.set_ylabel(f"{unit} per {period}")
        before = "level before" if levels is None else "level shown before it"
        return kit.finish(
            where,
            title or "US medical coder pay by career level",
            f"The guide's US median and average; in white, the median's step up from the {before}",
            source=_citation(ladder.attrs["sources"]),
        )


# --------------------------------------------------------------------------------------------
# Countries


def _row_labels(table: pd.DataFrame) -> list[str]:
    """``United Kingdom`` / ``all coders · £25k-£45k`` (en dash) for each country row."""
    out = []
    for country, segment, cur, low, high in table[
        ["country", "segment", "currency", "low", "high"]
    ].itertuples(index=False):
        out.append(
            f"{country}\n{segment} · {compact_money(low, cur)}\u2013{compact_money(high, cur)}"
        )
    return out


def _countries(
    chart: str,
    table: pd.DataFrame | None,
    options: dict[str, Any],
    rows: tuple[Rows, Rows],
) -> pd.DataFrame:
    """The country comparison to draw, cut to the countries and segments asked for."""
    kit.table_or_options(chart, table, options)
    if table is None:
        indicator = options["indicator"] or "private_consumption"
        table = compare.compare_countries(year=options["year"], indicator=indicator)
    missing = [c for c in ("market_usd_mid", "ppp_intd_mid") if c not in table.columns]
    if missing:
        msg = (
            f"table has no column {missing[0]!r}; pass a compare_countries() frame built with "
            "both bases (basis=('market', 'ppp'))"
        )
        raise InvalidInputError(msg, hints=(Hint("table", leave_out=True),))
    needs = ("year", "indicator", "sources", "us_reference_usd", "us_reference")
    kit.needs_attrs(table, needs, chart, "coderstats.compare.compare_countries")
    cut = kit.pick_rows(table, rows[0], ("iso3", "country"), "countries")
    cut = kit.pick_rows(cut, rows[1], ("segment",), "segments")
    cut.attrs = table.attrs
    return cut


def _range_bars(ax: Axes, table: pd.DataFrame, year: int, indicator: str) -> None:
    """A low-high bar per row at market rates and one at PPP, each labelled with its range."""
    y = np.arange(len(table))
    height = 0.34
    ppp = f"PPP, international $ (World Bank {year}, {indicator.replace('_', ' ')})"
    series = (
        ("market_usd", +height / 2 + 0.02, _MARKET, f"market rate, USD (ECB {year} mean)"),
        ("ppp_intd", -height / 2 - 0.02, _PPP, ppp.replace("gdp)", "GDP)")),
    )
    for prefix, offset, colour, label in series:
        low = table[f"{prefix}_low"].to_numpy(dtype=float)
        high = table[f"{prefix}_high"].to_numpy(dtype=float)
        ax.barh(y + offset, high - low, left=low, height=height, color=colour, label=label)
        for yi, lo, hi in zip(y + offset, low, high, strict=True):
            ax.annotate(
                f"{_dollars(lo)}\u2013{_dollars(hi)}",
                xy=(hi, yi),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=colour if colour != _PPP else "#9A6200",
            )


def _label_regional_axes(ax: Axes, table: pd.DataFrame) -> None:
    """Row labels, limits, dollar ticks, axis titles and legend of the range chart."""
    ax.set_yticks(np.arange(len(table)), labels=_row_labels(table))
    ax.tick_params(axis="y", length=0)
    top = float(table[["market_usd_high", "ppp_intd_high"]].to_numpy().max())
    ax.set_xlim(0, top * kit.headroom(ax, 1.0))
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(_dollars))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel("pay per year: USD at market rates, international $ at PPP")
    ax.set_ylabel("country, segment and the guide's local range")
    ax.legend(loc="lower right")  # the bottom row is the least paid: its bars are short


def _ppp_note(year: int, indicator: str) -> str:
    """The caveat under a PPP chart: extrapolated factors after the ICP benchmark year."""
    return (
        f"The {year} PPP factors ({kit.ppp_words(indicator)}) are World Bank extrapolations from "
        f"the {_ICP_BENCHMARK} ICP benchmark; "
        if year > _ICP_BENCHMARK
        else f"PPP factors: World Bank, {year}, {kit.ppp_words(indicator)}; "
    ) + "small differences between countries are not rankings."


@overload
def regional_pay(
    *,
    table: pd.DataFrame | None = ...,
    year: int | None = ...,
    indicator: str | None = ...,
    countries: Rows = ...,
    segments: Rows = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
    title: str | None = ...,
) -> Figure: ...
@overload
def regional_pay(
    *,
    table: pd.DataFrame | None = ...,
    year: int | None = ...,
    indicator: str | None = ...,
    countries: Rows = ...,
    segments: Rows = ...,
    ax: Axes,
    figsize: None = ...,
    title: str | None = ...,
) -> Axes: ...
def regional_pay(
    *,
    table: pd.DataFrame | None = None,
    year: int | None = None,
    indicator: str | None = None,
    countries: Rows = None,
    segments: Rows = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
) -> Figure | Axes:
    """Each country's pay range at market USD and at PPP international dollars, side by side.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A :func:`coderstats.compare.compare_countries` frame with both bases, drawn as it
        is (its ``attrs`` give the year and PPP indicator). Built when left out.
    year : int, optional
        Year of the exchange rates (ECB annual mean) and PPP factors of the frame built;
        default: the latest year with figures for every country of the guide's table.
    indicator : {"private_consumption", "gdp"}, optional
        World Bank PPP indicator of the frame built (default private consumption).
    countries : str or sequence of str, optional
        The countries to show, by ISO 3166 alpha-3 code or name; all when left out.
    segments : str or sequence of str, optional
        The segments to show (``"all coders"``); all when left out.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; the chart then returns them. Otherwise it builds its own figure.
    figsize : (float, float), optional
        Width and height in inches of its own figure (default: 10 wide, 0.66 per row).
    title : str, optional
        A title of your own instead of the chart's.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        One row per country and segment of the guide's regional table (local range in the
        row label), with its low-high range as a bar at market rates (USD) and at PPP
        (international $), both per year; the figure built, or ``ax``.

    Raises
    ------
    InvalidInputError
        Both a table and ``year`` or ``indicator``; a country or segment the table does not
        have (the message lists those it has); a frame without both bases or without the
        ``attrs`` of :func:`coderstats.compare.compare_countries`; unusable ``ax`` or
        ``figsize``.
    RateNotFoundError
        No exchange rate or PPP factor for ``year`` (the message gives the years there are).

    Notes
    -----
    Data: :func:`coderstats.compare.compare_countries`. Rows are ordered by the PPP midpoint.

    Examples
    --------
    >>> fig = regional_pay(year=2024)
    >>> fig.axes[0].get_xlabel()
    'pay per year: USD at market rates, international $ at PPP'
    >>> ax = regional_pay(countries=["IND", "GBR"], indicator="gdp", ax=Figure().add_subplot())
    >>> ax.get_legend().get_texts()[1].get_text()
    'PPP, international $ (World Bank 2024, GDP)'
    """
    options = {"year": year, "indicator": indicator}
    table = _countries("regional_pay", table, options, (countries, segments))
    attrs = table.attrs
    year, indicator = int(attrs["year"]), str(attrs["indicator"])
    table = table.sort_values("ppp_intd_mid", kind="stable", ignore_index=True)
    with _style():
        where = kit.canvas(ax, figsize, (_WIDTH, 2.0 + 0.66 * len(table)), "regional_pay")
        _range_bars(where.ax, table, year, indicator)
        _label_regional_axes(where.ax, table)
        kit.labels_out_of_layout(where.ax)
        return kit.finish(
            where,
            title or f"How does coder pay compare? Market rates vs purchasing power, {year}",
            "Low-high range of each row. PPP counts what the pay buys where it is spent: "
            "the gap to the US narrows where living costs are lower.",
            source=_citation(attrs["sources"]),
            note=_ppp_note(year, indicator),
        )


#: Shares closer than this on the two bases get one label and no arrow.
_SAME_SHARE = 0.02


def _share_marks(ax: Axes, y: np.ndarray, market: np.ndarray, ppp: np.ndarray) -> None:
    """The US reference line, an arrow from market to PPP share per row, and the two dots."""
    ax.axvline(1.0, color=_MUTED, linewidth=0.9, linestyle="--")
    for yi, m, p in zip(y, market, ppp, strict=True):
        if abs(p - m) > _SAME_SHARE:
            ax.annotate(
                "",
                xy=(p, yi),
                xytext=(m, yi),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#BBBBBB",
                    "lw": 2.2,
                    "shrinkA": 5,
                    "shrinkB": 5,
                },
            )
    ax.scatter(market, y, s=60, color=_MARKET, zorder=3, label="at market rates (USD)")
    ax.scatter(ppp, y, s=60, color=_PPP, zorder=3, label="at PPP (international $)")


def _share_labels(ax: Axes, y: np.ndarray, market: np.ndarray, ppp: np.ndarray) -> None:
    """Each row's shares as percentages, outside the pair of dots (one label if they meet)."""
    for yi, m, p in zip(y, market, ppp, strict=True):
        if abs(p - m) <= _SAME_SHARE:
            # Beside the dot, on the side away from the US reference line.
            right = p > 1.0
            ax.text(
                p + (0.03 if right else -0.03),
                yi,
                f"{p:.0%} on both bases",
                ha="left" if right else "right",
                va="center",
                fontsize=8,
            )
            continue
        lo, hi = (m, p) if m < p else (p, m)
        ax.text(lo - 0.03, yi, f"{lo:.0%}", ha="right", va="center", fontsize=8)
        ax.text(hi + 0.03, yi, f"{hi:.0%}", ha="left", va="center", fontsize=8)


def _label_share_axes(
    ax: Axes, table: pd.DataFrame, market: np.ndarray, ppp: np.ndarray, reference: float
) -> None:
    """Row labels, limits, percent ticks, axis titles, the US reference's label and legend."""
    labels = [f"{c}\n{s}" for c, s in zip(table["country"], table["segment"], strict=True)]
    ax.set_yticks(np.arange(len(table)), labels=labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(table) - 0.4)
    right = max(1.0, float(np.nanmax(np.r_[market, ppp]))) + 0.3
    ax.set_xlim(-0.1, right)
    ax.xaxis.set_major_formatter(FuncFormatter(_percent))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel(f"midpoint of the range as a share of US pay ({_dollars(reference)})")
    ax.set_ylabel("country and segment")
    ax.text(
        1.0,
        len(table) - 0.45,
        " US reference",
        ha="left",
        va="top",
        fontsize=7.5,
        color=_MUTED,
    )
    ax.legend(loc="lower right")


@overload
def share_of_us(
    *,
    table: pd.DataFrame | None = ...,
    year: int | None = ...,
    indicator: str | None = ...,
    countries: Rows = ...,
    segments: Rows = ...,
    ax: None = ...,
    figsize: tuple[float, float] | None = ...,
    title: str | None = ...,
) -> Figure: ...
@overload
def share_of_us(
    *,
    table: pd.DataFrame | None = ...,
    year: int | None = ...,
    indicator: str | None = ...,
    countries: Rows = ...,
    segments: Rows = ...,
    ax: Axes,
    figsize: None = ...,
    title: str | None = ...,
) -> Axes: ...
def share_of_us(
    *,
    table: pd.DataFrame | None = None,
    year: int | None = None,
    indicator: str | None = None,
    countries: Rows = None,
    segments: Rows = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
    title: str | None = None,
) -> Figure | Axes:
    """Each country's pay as a share of US pay, at market rates and at PPP (dumbbell chart).

    Parameters
    ----------
    table, year, indicator, countries, segments, ax, figsize, title
        As in :func:`regional_pay` (own figure: 10 wide, 0.57 inch per row).

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        One row per country and segment: its midpoint as a share of the US reference at
        market rates and at PPP, with an arrow showing the move when purchasing power is
        counted; the figure built, or ``ax``.

    Raises
    ------
    InvalidInputError, RateNotFoundError
        As :func:`regional_pay`.

    Notes
    -----
    Data: :func:`coderstats.compare.compare_countries`; the US reference is its
    ``attrs["us_reference_usd"]`` (the midpoint of the guide's whole US range).

    Examples
    --------
    >>> fig = share_of_us(year=2024)
    >>> fig.axes[0].get_xlabel()
    'midpoint of the range as a share of US pay ($60k)'
    """
    options = {"year": year, "indicator": indicator}
    table = _countries("share_of_us", table, options, (countries, segments))
    attrs = dict(table.attrs)
    year, indicator = int(attrs["year"]), str(attrs["indicator"])
    table = table.sort_values("share_of_us_ppp", kind="stable", ignore_index=True)
    reference = float(attrs["us_reference_usd"])
    with _style():
        where = kit.canvas(ax, figsize, (_WIDTH, 1.8 + 0.57 * len(table)), "share_of_us")
        y = np.arange(len(table))
        market = table["share_of_us_market"].to_numpy(dtype=float)
        ppp = table["share_of_us_ppp"].to_numpy(dtype=float)
        _share_marks(where.ax, y, market, ppp)
        _share_labels(where.ax, y.astype(float), market, ppp)
        _label_share_axes(where.ax, table, market, ppp, reference)
        kit.labels_out_of_layout(where.ax)
        note = (
            f"US reference: the {attrs['us_reference']}, {_dollars(reference)} a year. "
            f"Market: ECB {year} annual mean; PPP: World Bank {year}, {kit.ppp_words(indicator)}."
        )
        return kit.finish(
            where,
            title or f"Coder pay as a share of US pay, market rates vs PPP, {year}",
            "Arrows: how each row moves when purchasing power is counted",
            source=_citation(attrs["sources"]),
            note=note,
        )


@dataclass(frozen=True)
class Chart:
    """A chart of the report: file stem, one-line description, drawing function and data.

    ``data`` names the :mod:`coderstats.compare` function whose frame the chart draws;
    ``draw(table=frame)`` draws an already-built frame of it (with its default arguments).
    """

    name: str
    description: str
    draw: Callable[..., Figure]
    data: str


#: Every chart :func:`save_all` writes, in order.
CHARTS: tuple[Chart, ...] = (
    Chart(
        "salary_ladder",
        "US median and average pay by career level, with experience bands",
        salary_ladder,
        "salary_ladder",
    ),
    Chart(
        "regional_pay",
        "pay range per country at market USD and at PPP international $",
        regional_pay,
        "compare_countries",
    ),
    Chart(
        "share_of_us",
        "pay per country as a share of US pay, market rates vs PPP",
        share_of_us,
        "compare_countries",
    ),
    Chart(
        "outlook",
        "the guide's outlook figures beside the BLS edition each names and where each is found",
        outlook,
        "outlook_editions",
    ),
)


def render(fig: Figure, fmt: str = "svg", *, dpi: int = 150) -> bytes:
    """The bytes :func:`save` writes for ``fig`` in the format ``fmt`` (``png``, ``svg``, ``pdf``).

    Dates are left out of the SVG and PDF metadata and the SVG ids are salted with a fixed
    string, so the bytes change only when the data or the code drawing the figure changes.

    Examples
    --------
    >>> render(outlook(), "svg")[:5]
    b'<?xml'
    """
    return kit.render(fig, fmt, dpi=dpi)


def save(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a figure reproducibly: the same figure gives the same SVG bytes on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure, e.g. from :func:`regional_pay`.
    path : str or path
        Where to write; the format follows the suffix (``.png``, ``.svg``, ``.pdf``; a path
        without a suffix gets ``.png``). Missing parent folders are created.
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    The figure is drawn to memory first and the file replaced in one step (a temporary file
    beside it, moved into place), so an error never leaves a half-written file behind. See
    :func:`render` for what makes the bytes reproducible.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     save(outlook(), f"{folder}/outlook.svg").name
    'outlook.svg'
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    if not fmt:
        fmt = "png"
        path = path.with_name(f"{path.name.rstrip('.')}.png")
    data = render(fig, fmt, dpi=dpi)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_bytes(path, data)


def save_all(out_dir: str | Path, *, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write every chart of :data:`CHARTS` as PNG (150 dpi) and SVG into a folder.

    Parameters
    ----------
    out_dir : str or path
        Folder to write into; created if missing. Existing files of the same names are
        replaced; no other file in the folder is touched.
    formats : sequence of str
        File formats, by suffix.

    Returns
    -------
    list of pathlib.Path
        The files written, chart by chart (``salary_ladder.png``, ``salary_ladder.svg``, ...).

    Notes
    -----
    Every chart is drawn before any file is written, and the files are moved into place
    only once all of them are written: an error leaves the earlier files as they were.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in save_all(folder, formats=["svg"])]
    ['salary_ladder.svg', 'regional_pay.svg', 'share_of_us.svg', 'outlook.svg']
    """
    folder = Path(out_dir)
    frames = {name: getattr(compare, name)() for name in dict.fromkeys(c.data for c in CHARTS)}
    files: dict[Path, bytes] = {}
    for chart in CHARTS:
        fig = chart.draw(table=frames[chart.data])
        for fmt in formats:
            files[folder / f"{chart.name}.{fmt}"] = render(fig, fmt)
    folder.mkdir(parents=True, exist_ok=True)
    return atomic_write_files(files)
