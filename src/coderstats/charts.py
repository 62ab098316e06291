"""Publication charts of the comparison frames: one function per chart, and ``save_all()``.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot, so nothing
depends on the backend and no figure is left open in a global registry; display it in
Jupyter as it is, or save it with :func:`save_all`. The figures draw the comparison frames of
:mod:`coderstats.compare` and never convert money themselves. Importing this module imports
matplotlib; importing :mod:`coderstats` does not.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator

from coderstats import compare
from coderstats._data import atomic_write_bytes, atomic_write_files
from coderstats._options import ICP_BENCHMARK as _ICP_BENCHMARK
from coderstats.errors import InvalidInputError
from coderstats.formatting import compact_money
from coderstats.provenance import cite

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

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_MARKET = "#0072B2"
_PPP = "#E69F00"
_GUIDE = "#999999"
_BLS = "#009E73"
_MEDIAN = "#0072B2"
_AVERAGE = "#56B4E9"
_INK = "#222222"
_MUTED = "#555555"

_SOURCE_FONTSIZE = 7.5
_WIDTH = 10.0

#: Settings every chart is drawn and saved with. DejaVu Sans ships with matplotlib (so the
#: output is the same on every machine) and has every glyph used here, the rupee sign too.
#: A fixed ``svg.hashsalt`` makes the SVG ids, and so the SVG bytes, the same on every run.
_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.labelcolor": _INK,
    "axes.edgecolor": "#888888",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    # Money labels hold "$" signs: never read them as mathtext.
    "text.parse_math": False,
    "svg.hashsalt": "coderstats",
    "svg.fonttype": "path",
    "path.simplify": True,
}


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(_RC):
        yield


# --------------------------------------------------------------------------------------------
# Labels


def _dollars(value: float, _pos: object = None) -> str:
    """Axis label for US or international dollars: ``$52k``."""
    return compact_money(value, "USD")


def _percent(value: float, _pos: object = None) -> str:
    return f"{value:.0%}"


def _count(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


def _points(value: float, _pos: object = None) -> str:
    """Axis label for a figure already in percent: ``8.7%``."""
    return f"{value:g}%"


def _citation(cited: Sequence[dict[str, str]]) -> str:
    """One "Sources:" line from a frame's ``attrs["sources"]`` (publisher and vintage)."""
    return f"Sources: {cite(cited)}."


class _ChartFigure(Figure):
    """A Figure that shows itself in Jupyter (as PNG) even when pyplot was never imported."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with _style():
            self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def _figure(height: float, *, width: float = _WIDTH) -> Figure:
    return _ChartFigure(figsize=(width, height), layout="constrained")


def _finish(fig: Figure, title: str, source: str, note: str = "") -> Figure:
    """Title the figure and put the source line (and a note above it) under the plot."""
    fig.suptitle(title, x=0.01, ha="left")
    width, height = fig.get_size_inches()
    chars = int(width * 72 / (_SOURCE_FONTSIZE * 0.6))
    line_height = _SOURCE_FONTSIZE * 1.35 / (height * 72)  # in figure fractions
    bottom = 0.012
    for gid, text in (("source", source), ("note", note)):
        if not text:
            continue
        lines = textwrap.wrap(text, chars)
        artist = fig.text(
            0.01,
            bottom,
            "\n".join(lines),
            ha="left",
            va="bottom",
            fontsize=_SOURCE_FONTSIZE,
            color=_MUTED,
            linespacing=1.35,
            gid=gid,
        )
        artist.set_in_layout(False)
        bottom += len(lines) * line_height
    # Keep the plot clear of these lines: reserve their height at the bottom of the layout.
    reserved = bottom + 10 / (height * 72)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, reserved, 0.99, 1 - reserved))
    # Lay the figure out once, at its own dpi, and keep that layout: PNG, SVG and a notebook
    # then place everything at the same spot whatever order they are rendered in.
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


# --------------------------------------------------------------------------------------------
# Charts


def salary_ladder(*, table: pd.DataFrame | None = None) -> Figure:
    """US median and average pay by career level, with the experience bands on the axis.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An already-built :func:`coderstats.compare.salary_ladder` frame; built when left out.

    Returns
    -------
    matplotlib.figure.Figure
        Bars of the guide's US median and average (USD per year) for each level, the
        experience band under each level, and the step from each level to the next.

    Notes
    -----
    Data: :func:`coderstats.compare.salary_ladder` (the guide's salary-by-level table).

    Examples
    --------
    >>> fig = salary_ladder()
    >>> fig.get_suptitle()
    'US medical coder pay by career level'
    """
    ladder = compare.salary_ladder() if table is None else table
    with _style():
        fig = _figure(5.6)
        ax = fig.add_subplot()
        x = np.arange(len(ladder))
        width = 0.38
        median = ladder["us_median"].to_numpy(dtype=float)
        average = ladder["us_average"].to_numpy(dtype=float)
        bars_med = ax.bar(x - width / 2, median, width, color=_MEDIAN, label="US median")
        bars_avg = ax.bar(x + width / 2, average, width, color=_AVERAGE, label="US average")
        for bars, values in ((bars_med, median), (bars_avg, average)):
            ax.bar_label(bars, labels=[_dollars(v) for v in values], padding=2, fontsize=7.5)
        # The step up from the previous level, inside the top of each median bar.
        steps = ladder["step_median_pct"].to_numpy(dtype=float)
        top = np.maximum(median, average)
        for i in np.flatnonzero(np.isfinite(steps)):
            ax.annotate(
                f"+{steps[i]:.0%}",
                xy=(i + 1 - width / 2, median[i + 1]),
                xytext=(0, -4),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5,
                color="white",
                fontweight="bold",
            )
        bands = ladder["experience_band"].astype(str).str.replace("-", "\u2013", regex=False)
        labels = [
            f"{textwrap.fill(str(level), 13)}\n{band} yrs"
            for level, band in zip(ladder["level"], bands, strict=True)
        ]
        ax.set_xticks(x, labels=labels)
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(0, float(top.max()) * 1.12)
        ax.yaxis.set_major_formatter(FuncFormatter(_dollars))
        ax.yaxis.grid(visible=True)
        ax.set_ylabel("USD per year")
        ax.set_xlabel("career level and years of experience")
        ax.set_title(
            "The guide's US median and average; in white, the median's step up from the "
            "level before",
            loc="left",
            fontsize=9,
            fontweight="normal",
            color=_MUTED,
        )
        ax.legend(loc="upper left")
        return _finish(
            fig, "US medical coder pay by career level", _citation(ladder.attrs["sources"])
        )


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


def _countries(table: pd.DataFrame | None, year: int, indicator: str) -> tuple[pd.DataFrame, int]:
    """The country comparison to draw, and its year: ``table`` if given, else a new one."""
    if table is None:
        table = compare.compare_countries(year=year, basis=("market", "ppp"), indicator=indicator)
    missing = [c for c in ("market_usd_mid", "ppp_intd_mid") if c not in table.columns]
    if missing:
        msg = (
            f"table has no column {missing[0]!r}; pass a compare_countries() frame built with "
            "both bases (basis=('market', 'ppp')), or leave table out"
        )
        raise InvalidInputError(msg)
    return table, int(table.attrs.get("year", year))


def _range_bars(ax: Axes, table: pd.DataFrame, year: int) -> None:
    """A low-high bar per row at market rates and one at PPP, each labelled with its range."""
    y = np.arange(len(table))
    height = 0.34
    series = (
        ("market_usd", +height / 2 + 0.02, _MARKET, f"market rate, USD (ECB {year} mean)"),
        ("ppp_intd", -height / 2 - 0.02, _PPP, f"PPP, international $ (World Bank {year})"),
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
    """Row labels, limits, dollar ticks, axis titles, legend and subtitle of the range chart."""
    ax.set_yticks(np.arange(len(table)), labels=_row_labels(table))
    ax.tick_params(axis="y", length=0)
    top = float(table[["market_usd_high", "ppp_intd_high"]].to_numpy().max())
    ax.set_xlim(0, top * 1.12)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(_dollars))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel("pay per year: USD at market rates, international $ at PPP")
    ax.set_ylabel("country, segment and the guide's local range")
    ax.legend(loc="lower right")
    ax.set_title(
        "Low-high range of each row. PPP counts what the pay buys where it is spent:\n"
        "the gap to the US narrows where living costs are lower.",
        loc="left",
        fontsize=9,
        fontweight="normal",
        color=_MUTED,
    )


def _ppp_note(year: int) -> str:
    """The caveat under a PPP chart: extrapolated factors after the ICP benchmark year."""
    return (
        f"The {year} PPP factors are World Bank extrapolations from the {_ICP_BENCHMARK} "
        "ICP benchmark; "
        if year > _ICP_BENCHMARK
        else f"PPP factors: World Bank, {year}; "
    ) + "small differences between countries are not rankings."


def regional_pay(
    *,
    year: int = 2024,
    indicator: str = "private_consumption",
    table: pd.DataFrame | None = None,
) -> Figure:
    """Each country's pay range at market USD and at PPP international dollars, side by side.

    Parameters
    ----------
    year : int
        Year of the exchange rates (ECB annual mean) and PPP factors.
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator.
    table : pandas.DataFrame, optional
        An already-built :func:`coderstats.compare.compare_countries` frame with both bases;
        its ``attrs["year"]`` is then the year shown, and ``year`` and ``indicator`` are
        not used. Built when left out.

    Returns
    -------
    matplotlib.figure.Figure
        One row per country and segment of the guide's regional table (local range in the
        row label), with its low-high range as a bar at market rates (USD) and at PPP
        (international $), both per year.

    Notes
    -----
    Data: :func:`coderstats.compare.compare_countries`. Rows are ordered by the PPP midpoint.

    Examples
    --------
    >>> fig = regional_pay(year=2024)
    >>> fig.axes[0].get_xlabel()
    'pay per year: USD at market rates, international $ at PPP'
    """
    table, year = _countries(table, year, indicator)
    cited = table.attrs["sources"]
    table = table.sort_values("ppp_intd_mid", kind="stable", ignore_index=True)
    with _style():
        fig = _figure(6.6)
        ax = fig.add_subplot()
        _range_bars(ax, table, year)
        _label_regional_axes(ax, table)
        return _finish(
            fig,
            f"How does coder pay compare? Market rates vs purchasing power, {year}",
            _citation(cited),
            note=_ppp_note(year),
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
    ax.set_title(
        "Arrows: how each row moves when purchasing power is counted",
        loc="left",
        fontsize=9,
        fontweight="normal",
        color=_MUTED,
    )


def share_of_us(
    *,
    year: int = 2024,
    indicator: str = "private_consumption",
    table: pd.DataFrame | None = None,
) -> Figure:
    """Each country's pay as a share of US pay, at market rates and at PPP (dumbbell chart).

    Parameters
    ----------
    year : int
        Year of the exchange rates (ECB annual mean) and PPP factors.
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator.
    table : pandas.DataFrame, optional
        An already-built :func:`coderstats.compare.compare_countries` frame with both bases;
        its ``attrs["year"]`` is then the year shown, and ``year`` and ``indicator`` are
        not used. Built when left out.

    Returns
    -------
    matplotlib.figure.Figure
        One row per country and segment: its midpoint as a share of the US reference at
        market rates and at PPP, with an arrow showing the move when purchasing power is
        counted.

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
    table, year = _countries(table, year, indicator)
    attrs = dict(table.attrs)
    table = table.sort_values("share_of_us_ppp", kind="stable", ignore_index=True)
    reference = float(attrs["us_reference_usd"])
    with _style():
        fig = _figure(5.8)
        ax = fig.add_subplot()
        y = np.arange(len(table))
        market = table["share_of_us_market"].to_numpy(dtype=float)
        ppp = table["share_of_us_ppp"].to_numpy(dtype=float)
        _share_marks(ax, y, market, ppp)
        _share_labels(ax, y.astype(float), market, ppp)
        _label_share_axes(ax, table, market, ppp, reference)
        note = (
            f"US reference: the {attrs['us_reference']}, {_dollars(reference)} a year. "
            f"Market: ECB {year} annual mean; PPP: World Bank {year}."
        )
        return _finish(
            fig,
            f"Coder pay as a share of US pay, market rates vs PPP, {year}",
            _citation(attrs["sources"]),
            note=note,
        )


_METRIC_TITLES = {
    "median_pay_annual": "Median pay",
    "employment_pct_change": "Employment growth over the decade",
    "annual_openings": "Openings a year",
    "employment_change": "New jobs over the decade",
}

_UNIT_FORMAT: dict[str, tuple[str, Callable[[float, object], str]]] = {
    "USD per year": ("USD per year", _dollars),
    "percent": ("percent", _points),
    "openings per year": ("openings per year", _count),
    "jobs": ("jobs", _count),
}


_MATCH_WORDS = {"exact": "exact", "inference: sum of two codes": "sum of two codes"}


def _edition(source: str) -> str:
    """The edition alone: ``"2021-31"``, ``"May 2022"``."""
    return source.removeprefix("OEWS ").removeprefix("Employment Projections ")


def _outlook_verdict(row: Any) -> str:
    """The panel's second title line: where the guide's figure comes from."""
    if row.verdict == "consistent":
        return f"agrees with {row.bls_edition} (within {compare.AGREEMENT_TOLERANCE:.0%})"
    if row.verdict == "mislabelled":
        how = _MATCH_WORDS.get(str(row.match), "rounded")
        return f"found in BLS {_edition(row.found_source)} ({how}), not {row.bls_edition}"
    ratio = float(row.guide_value) / float(row.bls_value)
    return f"in no BLS edition; {ratio:.1f}x {row.bls_edition}"


def _outlook_panel(ax: Axes, row: Any) -> None:
    axis_label, fmt = _UNIT_FORMAT.get(row.unit, (str(row.unit), _count))
    values = [float(row.bls_value)]
    labels = [f"BLS {row.bls_edition}\n(guide's label)\nSOC {row.occ_code}"]
    colours = [_BLS]
    if row.found_source:
        values.append(float(row.found_value))
        code = str(row.found_code).replace(" + ", "\n+ ")
        labels.append(f"BLS {_edition(row.found_source)}\n(found in)\nSOC {code}")
        colours.append(_AVERAGE)
    values.append(float(row.guide_value))
    labels.append(f"guide\n{row.guide_period}")
    colours.append(_GUIDE)
    y = list(range(len(values)))
    bars = ax.barh(y, values, color=colours, height=0.6)
    ax.bar_label(bars, labels=[fmt(v, None) for v in values], padding=3, fontsize=8.5)
    ax.set_yticks(y, labels=labels, fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, max(values) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(FuncFormatter(fmt))
    ax.xaxis.grid(visible=True)
    ax.set_xlabel(axis_label)
    ax.set_ylabel("source")
    title = _METRIC_TITLES.get(row.metric, row.metric)
    ax.set_title(f"{title}\n{_outlook_verdict(row)}", loc="left", fontsize=9.5)


def outlook(*, table: pd.DataFrame | None = None) -> Figure:
    """The guide's outlook figures beside the BLS edition each names and the one it is found in.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An already-built :func:`coderstats.editions.outlook_editions` frame; built when left
        out.

    Returns
    -------
    matplotlib.figure.Figure
        Small multiples (the metrics have different units): for each metric the guide
        states, its figure and label beside the BLS figure of the same measure and
        occupation in the edition the guide's label names, and the BLS edition and code its
        figure is found in, where one is.

    Notes
    -----
    Data: :func:`coderstats.editions.outlook_editions`, the computation behind the outlook
    claims of :func:`coderstats.audit.audit_guide`, so chart and audit say the same. The
    guide's new-jobs figure is about health information technologists and medical
    registrars (SOC 29-9021), as the guide says; its other figures are set beside medical
    records specialists (SOC 29-2072).

    Examples
    --------
    >>> fig = outlook()
    >>> len(fig.axes)
    4
    """
    summary = compare.outlook_editions() if table is None else table
    with _style():
        n = len(summary)
        cols = 2
        rows = max(1, -(-n // cols))
        fig = _figure(2.6 * rows + 1.4)
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, row in zip(axes, summary.itertuples(index=False), strict=False):
            _outlook_panel(ax, row)
        for ax in axes[n:]:
            ax.set_axis_off()
        note = (
            "Green: the BLS figure of the edition the guide's label names, for the occupation "
            "the figure is about; blue: the BLS edition and code the guide's figure is found in "
            "(OEWS May year or Employment Projections edition). Every figure as published."
        )
        return _finish(
            fig,
            "Job outlook: the guide's figures, the BLS edition each names, and where each is found",
            _citation(summary.attrs["sources"]),
            note=note,
        )


# --------------------------------------------------------------------------------------------
# Saving


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
        "pay range per country at market USD and at PPP international $, 2024",
        regional_pay,
        "compare_countries",
    ),
    Chart(
        "share_of_us",
        "pay per country as a share of US pay, market rates vs PPP, 2024",
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
    fmt = fmt.lower()
    metadata: dict[str, Any] = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
    buffer = io.BytesIO()
    with _style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


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
