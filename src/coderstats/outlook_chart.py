"""The outlook chart: the guide's outlook figures beside the BLS editions that hold them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast, overload

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from coderstats import _chartkit as kit
from coderstats import compare
from coderstats.errors import Hint, InvalidInputError

__all__ = ["outlook"]

_GUIDE, _BLS, _AVERAGE, _WIDTH = kit.GUIDE, kit.BLS, kit.AVERAGE, kit.WIDTH
_dollars, _count, _points = kit.dollars, kit.count, kit.points


def _finish(fig: Figure, title: str, source: str, note: str = "") -> Figure:
    return kit.finish_figure(fig, title, source=source, note=note)


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


@overload
def outlook(
    *,
    table: pd.DataFrame | None = None,
    ax: None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure: ...


@overload
def outlook(
    *, table: pd.DataFrame | None = None, ax: Sequence[Axes], figsize: None = None
) -> list[Axes]: ...


def outlook(
    *,
    table: pd.DataFrame | None = None,
    ax: Sequence[Axes] | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure | list[Axes]:
    """The guide's outlook figures beside the BLS edition each names and the one it is found in.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        An already-built :func:`coderstats.editions.outlook_editions` frame; built when left
        out.
    ax : sequence of matplotlib.axes.Axes, optional
        The caller's axes, one per metric (four for the guide's figures): each panel is drawn
        into one of them, and the list of them is returned. Title, notes and sources are
        left to the caller's figure.
    figsize : (float, float), optional
        Width and height of the figure in inches (default: 10 wide, 2.6 per row of panels).

    Returns
    -------
    matplotlib.figure.Figure or list of Axes
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
    if ax is not None:
        return _into_axes(summary, ax, figsize)
    with kit.style():
        n = len(summary)
        cols = 2
        rows = max(1, -(-n // cols))
        fig = kit.figure(figsize, (_WIDTH, 2.6 * rows + 1.4), "outlook")
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for panel, row in zip(axes, summary.itertuples(index=False), strict=False):
            _outlook_panel(panel, row)
        for panel in axes[n:]:
            panel.set_axis_off()
        note = (
            "Green: the BLS figure of the edition the guide's label names, for the occupation "
            "the figure is about; blue: the BLS edition and code the guide's figure is found in "
            "(OEWS May year or Employment Projections edition). Every figure as published."
        )
        return _finish(
            fig,
            "Job outlook: the guide's figures, the BLS edition each names, and where each is found",
            kit.citation(summary.attrs["sources"]),
            note=note,
        )


# --------------------------------------------------------------------------------------------
# Saving


def _into_axes(summary: pd.DataFrame, ax: object, figsize: object) -> list[Axes]:
    """The panels drawn into the caller's axes, one per metric."""
    if figsize is not None:
        msg = "outlook() draws into the figure of the axes it is given, whose size is its own"
        raise InvalidInputError(msg, hints=(Hint("figsize", leave_out=True),))
    axes = list(ax) if isinstance(ax, Sequence) else [ax]
    if len(axes) != len(summary):
        msg = (
            f"outlook() draws {len(summary)} panels, one per metric; it was given {len(axes)} axes"
        )
        raise InvalidInputError(msg, hints=(Hint("ax", why=f"a list of {len(summary)} axes"),))
    checked: list[Axes] = []
    for each in axes:
        kit.check_axes(each, "outlook")
        checked.append(cast("Axes", each))
    with kit.style():
        for each, row in zip(checked, summary.itertuples(index=False), strict=True):
            _outlook_panel(each, row)
    return checked
