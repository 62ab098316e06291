"""Quick wrapping breaks lines at the same words as matplotlib's own wrapping."""

from __future__ import annotations

import io
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from coderstats._wrapping import QuickWrap, quick

FOOTER = (
    "Source: BLS OEWS May 2024 (29-2072), ECB euro reference rates, World Bank WDI "
    "PA.NUS.PRVT.PP (release 2026-07-01). Market rates are annual means of daily fixings; "
    "PPP factors after 2021 are World Bank extrapolations. A-very-long-hyphenated-word-that-"
    "cannot-break-anywhere-at-all-even-on-a-wide-figure.\nA second given line, kept apart."
)


def _renderer(kind: str, fig: Figure) -> Any:
    if kind == "png":
        return FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    width, height = fig.get_size_inches() * 72
    return RendererSVG(width, height, io.StringIO())  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("kind", ["png", "svg"])
@pytest.mark.parametrize("width", [1.2, 3.0, 6.5, 10.0])
@pytest.mark.parametrize("size", [7.5, 13.0])
def test_the_lines_are_those_matplotlib_makes(kind: str, width: float, size: float) -> None:
    fig = Figure(figsize=(width, 3))
    text = quick(fig.text(0.01, 0.5, FOOTER, fontsize=size, wrap=True))
    assert isinstance(text, QuickWrap)
    text._renderer = _renderer(kind, fig)  # type: ignore[attr-defined]  # as draw() sets it
    ours = text._get_wrapped_text()
    theirs = Text._get_wrapped_text(text)  # type: ignore[attr-defined]
    assert ours == theirs
    assert ours.count("\n") >= 1


def test_a_text_without_wrap_is_left_alone() -> None:
    fig = Figure(figsize=(2, 2))
    FigureCanvasAgg(fig)
    text = quick(fig.text(0, 0, FOOTER))
    assert text._get_wrapped_text() == FOOTER  # type: ignore[attr-defined]


def test_only_plain_texts_change_class() -> None:
    ax = Figure().add_subplot()
    note = ax.annotate("x", (0, 0))
    assert type(quick(note)) is Annotation
    assert type(quick(ax.set_title("t", wrap=True))) is QuickWrap
