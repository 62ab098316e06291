"""The report as one HTML page (index.html): charts as inline SVG, tables, sources, a reading guide.

The page needs nothing beside it to be read: an analyst can mail it or open it in a browser.
It is rendered with the jinja2 template ``templates/report.html`` (autoescaped: only the SVG
the charts drew goes in as markup). Each chart has a text alternative made of its title,
subtitle, axes and the rows it shows; tables are real ``<table>`` markup with headers, and
nothing is said by colour alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coderstats import __version__

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["Page"]

_SVG_START = re.compile(rb"<svg\b")
_ID = re.compile(r'(\bid=")|(xlink:href="#)|(href="#)|(url\(#)')


def _inline_svg(name: str, svg: bytes) -> str:
    """The ``<svg>`` element of a chart's file, its ids prefixed with the chart's name.

    Several charts in one page would otherwise define the same ids (their glyphs and markers).
    """
    start = _SVG_START.search(svg)
    assert start is not None, name
    text = svg[start.start() :].decode("utf-8")
    return _ID.sub(lambda m: f"{m.group(0)}{name}-", text)


def _alt(fig: Figure, description: str) -> str:
    """A text alternative: the chart's title, subtitle, axes and the rows it shows."""
    parts = [f"Chart: {fig.get_suptitle()}.", f"{description[:1].upper()}{description[1:]}."]
    for ax in fig.axes:
        if not ax.axison:
            continue
        subtitle = " ".join(ax.get_title(loc="left").split())
        if subtitle:
            parts.append(f"{subtitle}.")
        parts.append(f"Horizontal axis: {ax.get_xlabel()}; vertical axis: {ax.get_ylabel()}.")
        rows = [t.get_text().split("\n")[0] for t in ax.get_yticklabels() if t.get_text()]
        if rows and not rows[0][:1].isdigit() and not rows[0].startswith("$"):
            parts.append(f"Rows: {', '.join(rows)}.")
    return " ".join(" ".join(parts).split())


def _cell(column: str, value: object) -> dict[str, Any]:
    """A table cell: its text, and whether it is a number (right-aligned)."""
    if isinstance(value, bool) or value is None:
        return {"text": "" if value is None else str(value), "number": False}
    if isinstance(value, int):
        return {"text": f"{value:,}", "number": True}
    if isinstance(value, float):
        if math.isnan(value):
            return {"text": "n/a", "number": True}
        share = "share" in column or column.endswith("_pct") or column.startswith("relative")
        if share:
            return {"text": f"{value:.1%}", "number": True}
        text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"
        return {"text": text, "number": True}
    text = str(value)
    return {"text": "n/a" if text in ("<NA>", "nan") else text, "number": False}


@dataclass
class Page:
    """What index.html shows, gathered while the report's files are drawn."""

    year: int
    indicator: str
    charts: list[dict[str, str]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)

    def add_chart(self, name: str, fig: Figure, svg: bytes, *, description: str, cite: str) -> None:
        self.charts.append(
            {
                "name": name,
                "title": fig.get_suptitle(),
                "description": description[:1].upper() + description[1:],
                "alt": _alt(fig, description),
                "svg": _inline_svg(name, svg),
                "cite": cite,
            }
        )

    def add_table(
        self,
        file: str,
        caption: str,
        frame: pd.DataFrame,
        columns: Sequence[str],
        *,
        cite: str,
        intro: str = "",
    ) -> None:
        shown = [c for c in columns if c in frame.columns]
        rows = [
            [_cell(column, value) for column, value in zip(shown, record, strict=True)]
            for record in frame[shown].astype(object).itertuples(index=False)
        ]
        name = "table-" + file.removesuffix(".csv").replace("_", "-")
        self.tables.append(
            {
                "name": name,
                "file": file,
                "caption": caption,
                "intro": intro,
                "columns": [c.replace("_", " ") for c in shown],
                "rows": rows,
                "cite": cite,
            }
        )

    def render(self, files: Sequence[tuple[str, str, str]], sources: pd.DataFrame) -> str:
        """The page, listing ``files`` (name, description, sources) and the ``sources`` table."""
        from jinja2 import Environment, PackageLoader, select_autoescape
        from markupsafe import Markup

        from coderstats._chartkit import ppp_words

        env = Environment(
            loader=PackageLoader("coderstats", "templates"),
            autoescape=select_autoescape(default=True),
            keep_trailing_newline=True,
        )
        charts = [{**chart, "svg": Markup(chart["svg"])} for chart in self.charts]
        return env.get_template("report.html").render(
            version=__version__,
            year=self.year,
            indicator=self.indicator,
            indicator_words=ppp_words(self.indicator),
            charts=charts,
            tables=self.tables,
            sources=sources.to_dict("records"),
            files=files,
        )
