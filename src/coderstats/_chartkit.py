"""What every chart shares: style, labels, its figure or the caller's axes, title and footer.

A chart either builds a figure of its own (``figsize=``), laid out by matplotlib's constrained
layout every time it is drawn, so it can be resized afterwards, or draws into axes the caller
gives (``ax=``) and leaves the caller's figure and layout alone. Titles and footers wrap to
the width they have when drawn. Figures are built without pyplot; when the caller has
imported pyplot, a new figure is also handed to it, so that ``plt.show()`` shows it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox, IdentityTransform

from coderstats._options import INDICATORS
from coderstats._wrapping import QuickWrap, quick
from coderstats.errors import Hint, InvalidInputError, show
from coderstats.formatting import compact_money
from coderstats.provenance import cite

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
MARKET = "#0072B2"
PPP = "#E69F00"
GUIDE = "#999999"
BLS = "#009E73"
MEDIAN = "#0072B2"
AVERAGE = "#56B4E9"
INK = "#222222"
MUTED = "#555555"

FOOTER_FONTSIZE = 7.5
WIDTH = 10.0

#: Settings every chart is drawn and saved with. DejaVu Sans ships with matplotlib (so the
#: output is the same on every machine) and has every glyph used here, the rupee sign too.
#: A fixed ``svg.hashsalt`` makes the SVG ids, and so the SVG bytes, the same on every run.
RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#888888",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
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
def style() -> Iterator[None]:
    with mpl.rc_context(RC):
        yield


# --------------------------------------------------------------------------------------------
# Labels


def money(value: float, currency: str) -> str:
    """A short money label: ``$52k``, ``£25k``, ``₹3L``, and hourly pay to the cent (``$20.79``)."""
    return compact_money(round(value, 2) if abs(value) < 1000 else value, currency)


def dollars(value: float, _pos: object = None) -> str:
    """Axis label for US or international dollars: ``$52k``."""
    return money(value, "USD")


def money_formatter(unit: str) -> Callable[[float, object], str]:
    """A tick formatter for amounts in ``unit`` ("USD of 2024", "GBP", "international $")."""
    code = unit[:3]
    if not (code.isalpha() and code.isupper() and len(code) == 3 and unit[3:4] in ("", " ")):
        return dollars

    def label(value: float, _pos: object = None) -> str:
        return money(value, code)

    return label


def percent(value: float, _pos: object = None) -> str:
    return f"{value:.0%}"


def count(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


def points(value: float, _pos: object = None) -> str:
    """Axis label for a figure already in percent: ``8.7%``."""
    return f"{value:g}%"


def ppp_words(indicator: str) -> str:
    """``private consumption PPP (PA.NUS.PRVT.PP)``: the indicator a PPP figure uses."""
    words = "GDP" if indicator == "gdp" else indicator.replace("_", " ")
    return f"{words} PPP ({INDICATORS[indicator]})"


def citation(cited: Sequence[dict[str, str]]) -> str:
    """One "Sources:" line from a frame's ``attrs["sources"]`` (publisher and vintage)."""
    return f"Sources: {cite(cited)}."


# --------------------------------------------------------------------------------------------
# What a chart is given


def needs_attrs(table: pd.DataFrame, keys: Sequence[str], chart: str, builder: str) -> None:
    """Refuse a frame without the ``attrs`` the chart reads, naming the function that sets them.

    pandas drops a frame's ``attrs`` in ``pd.concat`` of frames whose attrs differ, and in a
    few other operations; the chart would otherwise fail with a bare KeyError.
    """
    missing = [key for key in keys if key not in table.attrs]
    if missing:
        msg = (
            f"{chart}() reads table.attrs[{missing[0]!r}] (its sources and labels), which this "
            f"frame lacks: pandas drops attrs in pd.concat and some other operations. Draw a "
            f"frame built by {builder}(), or copy its attrs onto yours "
            "(combined.attrs = part.attrs)"
        )
        raise InvalidInputError(msg)


def needs_columns(table: pd.DataFrame, columns: Sequence[str], chart: str, builder: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        msg = f"{chart}() needs column {missing[0]!r}, which table lacks; pass a frame of {builder}"
        raise InvalidInputError(msg)


def table_or_options(chart: str, table: object, given: dict[str, object]) -> None:
    """Refuse a frame together with the options to build one: which should win is unclear."""
    options = [name for name, value in given.items() if value is not None]
    if table is not None and options:
        msg = (
            f"{chart}() draws the table it is given, or builds one from its options, not both; "
            f"got a table and {', '.join(options)}"
        )
        hints = [Hint(name, leave_out=True, why="to draw the table as built") for name in options]
        hints.append(Hint("table", leave_out=True, why="to build the table from the options"))
        raise InvalidInputError(msg, hints=hints)


def pick_rows(
    table: pd.DataFrame, wanted: Sequence[str] | str | None, columns: Sequence[str], option: str
) -> pd.DataFrame:
    """The rows whose value in any of ``columns`` is one of ``wanted``, in the table's order.

    Raises InvalidInputError naming the first value no row has, and the values there are.
    """
    if wanted is None:
        return table
    asked = [wanted] if isinstance(wanted, str) else list(wanted)
    if not asked:
        msg = f"{option} is empty; name at least one row to draw"
        raise InvalidInputError(msg, hints=(Hint(option, leave_out=True, why="to draw all"),))
    keep = pd.Series(False, index=table.index)
    for value in asked:
        hit = pd.Series(False, index=table.index)
        for column in columns:
            hit |= table[column].astype(str) == str(value)
        if not hit.any():
            names = table[list(columns)].astype(str).drop_duplicates().to_numpy().tolist()
            have = [row[0] if len(row) == 1 else f"{row[1]} ({row[0]})" for row in names]
            msg = f"{option}: no row of the table is {show(value)}; it has {', '.join(have)}"
            raise InvalidInputError(msg, hints=(Hint(option, leave_out=True, why="to draw all"),))
        keep |= hit
    return table[keep.to_numpy()].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The figure, or the caller's axes


class ChartFigure(Figure):
    """A Figure that shows itself in Jupyter (as PNG) even when pyplot was never imported.

    Each drawing lays the figure out afresh from the axes' grid positions: the wrapped titles
    depend on where the axes are, so a layout started from the last drawing's positions
    could differ from one started anew, and the same figure must give the same bytes
    whatever was drawn before (a PNG, a resize, a notebook display).
    """

    def draw(self, renderer: RendererBase) -> None:
        # savefig lays the figure out in a first drawing, then prints it with the layout
        # engine switched off: only a drawing that lays out starts from the grid.
        if not isinstance(self.get_layout_engine(), ConstrainedLayoutEngine):
            super().draw(renderer)
            return
        for ax in self.axes:
            spec = ax.get_subplotspec()
            if spec is not None:
                ax._set_position(spec.get_position(self))  # type: ignore[attr-defined]
        super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with style():
            self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


@dataclass(frozen=True)
class Canvas:
    """Where a chart draws: its axes, their figure, and whether the chart made the figure."""

    ax: Axes
    fig: Figure | SubFigure
    owned: bool


def _size(figsize: object, chart: str) -> tuple[float, float]:
    if isinstance(figsize, Sequence) and len(figsize) == 2:
        width, height = figsize
        numbers = [
            float(v) for v in (width, height) if isinstance(v, int | float) and v is not True
        ]
        if len(numbers) == 2 and False not in (width, height) and min(numbers) > 0:
            return numbers[0], numbers[1]
    msg = (
        f"{chart}() figsize must be (width, height) in inches, two positive numbers; "
        f"got {show(figsize)}"
    )
    hint = Hint("figsize", leave_out=True, why="for the default size")
    raise InvalidInputError(msg, hints=(hint,))


def canvas(
    ax: Axes | None, figsize: tuple[float, float] | None, default: tuple[float, float], chart: str
) -> Canvas:
    """The caller's axes (checked), or a new figure of ``figsize`` (else ``default``) inches."""
    if ax is None:
        fig = figure(figsize, default, chart)
        return Canvas(fig.add_subplot(), fig, owned=True)
    if figsize is not None:
        msg = f"{chart}() draws into the figure of the axes it is given, whose size is its own"
        hints = (
            Hint("figsize", leave_out=True, why="and size the figure of ax"),
            Hint("ax", leave_out=True, why="for a figure of its own of that size"),
        )
        raise InvalidInputError(msg, hints=hints)
    check_axes(ax, chart)
    theirs = ax.get_figure()
    assert theirs is not None
    return Canvas(ax, theirs, owned=False)


def check_axes(ax: object, chart: str) -> None:
    """Refuse anything but plain x-y axes (a polar or 3D projection, a figure, an array)."""
    if isinstance(ax, Axes) and ax.name == "rectilinear" and ax.get_figure() is not None:
        return
    kind = f"{ax.name} axes" if isinstance(ax, Axes) else type(ax).__name__
    msg = (
        f"{chart}() draws on plain x-y axes, as fig.add_subplot() or plt.subplots() make them; "
        f"ax is {kind}"
    )
    raise InvalidInputError(msg, hints=(Hint("ax", leave_out=True, why="for a figure of its own"),))


def figure(figsize: object, default: tuple[float, float], chart: str) -> Figure:
    """A new figure of ``figsize`` (else ``default``) inches, with constrained layout."""
    size = default if figsize is None else _size(figsize, chart)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return ChartFigure(figsize=size, layout="constrained")
    # The caller uses pyplot: the figure is pyplot's too, so plt.show() shows it. Made with
    # interactive mode off, it is not queued for Jupyter's display at the end of the cell:
    # a chart shown with display(fig) is shown once.
    with pyplot.ioff():
        made = pyplot.figure(figsize=size, layout="constrained", FigureClass=ChartFigure)
    assert isinstance(made, Figure)
    return made


def finish_figure(fig: Figure, title: str, *, source: str, note: str = "") -> Figure:
    """The title above everything, the note and source at the bottom, wrapped when drawn."""
    quick(fig.suptitle(title, x=0.01, ha="left", wrap=True))
    footer = "\n".join(part for part in (note, source) if part)
    label = fig.supxlabel(
        footer, x=0.01, ha="left", fontsize=FOOTER_FONTSIZE, color=MUTED, wrap=True
    )
    quick(label).set_gid("footer")
    return fig


def _below_x_axis(ax: Axes) -> Callable[[RendererBase], Bbox]:
    """Where a footnote hangs: the box of the x axis with its tick labels and label."""

    def box(renderer: RendererBase) -> Bbox:
        return ax.xaxis.get_tightbbox(renderer) or ax.bbox

    return box


class _Footnote(QuickWrap, Annotation):
    """Small text under the x axis of the caller's axes, wrapped to the width of the axes."""

    def _get_wrap_line_width(self) -> float:
        # The width of the axes' cell of the grid, not of the axes as last laid out: the
        # layout depends on the footnote's height, which must not depend on the last layout.
        ax, fig = self.axes, self.get_figure(root=True)
        if ax is None or fig is None:
            return 0.0
        spec = ax.get_subplotspec()
        if spec is None:
            return float(ax.bbox.width)
        return float(spec.get_position(fig).width * fig.bbox.width)


def headroom(ax: Axes, inches: float) -> float:
    """The factor to widen a data axis by, so that labels ``inches`` long fit beside the bars.

    Measured on the axes' cell of the grid (labels are kept out of the layout, below).
    """
    fig = ax.get_figure(root=True)
    spec = ax.get_subplotspec()
    if fig is None or spec is None:
        return 1.12
    width = spec.get_position(fig).width * fig.get_figwidth() * 0.75  # less the row labels
    return 1 + max(0.12, inches / max(width - inches, 1.0))


def labels_out_of_layout(ax: Axes) -> None:
    """Keep the data labels of ``ax`` out of the layout.

    A label beside a bar moves with the data scale, which the layout sets: were the labels
    part of the layout, each drawing would start from the last one's and lay out differently.
    """
    for text in ax.texts:
        text.set_in_layout(False)


def finish(
    where: Canvas, title: str, subtitle: str, *, source: str, note: str = ""
) -> Figure | Axes:
    """Title the chart, put its note and source under it; the figure made, or the caller's axes.

    On a figure of its own: the title above everything, the subtitle above the plot and the
    note and source at the bottom, each wrapped to the figure's width when drawn and laid out
    by the figure's constrained layout. On the caller's axes: the title over the axes, and
    the subtitle, note and source in small type under them, wrapped to the axes' width.
    """
    ax = where.ax
    footer = "\n".join(part for part in (note, source) if part)
    if where.owned:
        assert isinstance(where.fig, Figure)
        quick(
            ax.set_title(
                subtitle, loc="left", fontsize=9, fontweight="normal", color=MUTED, wrap=True
            )
        )
        return finish_figure(where.fig, title, source=source, note=note)
    ax.set_title(title, loc="left")
    text = "\n".join(part for part in (subtitle.replace("\n", " "), footer) if part)
    below = _Footnote(
        text,
        xy=(0, 0),
        xycoords=("axes fraction", _below_x_axis(ax)),
        xytext=(0, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=FOOTER_FONTSIZE,
        color=MUTED,
        annotation_clip=False,
        wrap=True,
    )
    below.set_gid("footer")
    below.set_transform(IdentityTransform())  # placed by its coordinates, as ax.annotate does
    ax.add_artist(below)
    below.set_clip_on(False)
    return ax


def render(fig: Figure, fmt: str = "svg", *, dpi: int = 150) -> bytes:
    """The bytes of ``fig`` in the format ``fmt`` (``png``, ``svg``, ``pdf``).

    Dates are left out of the SVG and PDF metadata and the SVG ids are salted with a fixed
    string, so the bytes change only when the data or the code drawing the figure changes.
    """
    fmt = fmt.lower()
    metadata: dict[str, Any] = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
