"""BLS charts: the wage distribution with its code breaks and the states, titled and sourced."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from coderstats import bls_charts, charts, wages
from coderstats import report as writer
from coderstats.errors import InvalidInputError

if TYPE_CHECKING:
    from conftest import ReportRuns


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {data: frame for data, (_, _, frame) in writer._bls_frames().items()}


@pytest.fixture(scope="module")
def figures(frames: dict[str, pd.DataFrame]) -> dict[str, Figure]:
    """Each chart of the report drawn once, from the report's frames."""
    return {chart.name: chart.draw(table=frames[chart.data]) for chart in bls_charts.CHARTS}


def _texts(fig: Figure) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.texts)


def test_titled_labelled_and_sourced(figures: dict[str, Figure]) -> None:
    assert sorted(figures) == ["state_wages", "wage_distribution"]
    for name, fig in figures.items():
        ax = fig.axes[0]
        assert fig.get_suptitle(), name
        assert ax.get_xlabel(), name
        assert ax.get_ylabel(), name
        assert ax.get_title(loc="left"), name
        assert "Sources: U.S. Bureau of Labor Statistics (May 20" in _texts(fig), name
    assert "U.S. Bureau of Economic Analysis" in _texts(figures["state_wages"])
    assert "January 2000 to" in _texts(figures["wage_distribution"])  # the monthly CPI-U


def test_wage_chart_marks_the_code_breaks(figures: dict[str, Figure]) -> None:
    ax = figures["wage_distribution"].axes[0]
    breaks = [np.asarray(line.get_xdata())[0] for line in ax.lines if line.get_linestyle() == "--"]
    assert breaks == [2018.5, 2020.5]
    spans = [t.get_text() for t in ax.texts if t.get_text().startswith("SOC")]
    assert spans == [
        "SOC 29-2071\nMay 2015\u20132018",
        "SOC 29-2098\nMay 2019\u20132020",
        "SOC 29-2072\nMay 2021\u20132025",
    ]
    assert ax.get_ylabel() == "USD per year, constant dollars of May 2025 (CPI-U)"


def test_wage_chart_draws_the_history(
    figures: dict[str, Figure], frames: dict[str, pd.DataFrame]
) -> None:
    ax = figures["wage_distribution"].axes[0]
    hist = frames["wage_history"]
    median = hist[hist["statistic"] == "median"]
    line = next(line for line in ax.lines if line.get_label() == "median")
    np.testing.assert_array_equal(line.get_xdata(), median["may_year"].to_numpy(float))
    np.testing.assert_array_equal(line.get_ydata(), median["usd"].to_numpy(float))
    ends = [t.get_text() for t in ax.texts if not t.get_text().startswith("SOC")]
    assert ends == ["90th $81.2k", "75th $64.8k", "median $51.1k", "25th $43.5k", "10th $37k"]


def test_nominal_dollars_on_the_callers_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    nominal = wages.wage_history(real=False)
    assert bls_charts.wage_distribution(table=nominal, ax=ax) is ax
    assert ax.get_ylabel() == "USD per year, nominal (dollars of each May)"
    assert ax.get_title(loc="left").startswith("What BLS says medical coders earn")
    line = next(line for line in ax.lines if line.get_label() == "median")
    assert np.asarray(line.get_ydata())[0] == 37_110.0  # May 2015, 29-2071, as published
    assert "Sources: U.S. Bureau of Labor Statistics" in " ".join(t.get_text() for t in ax.texts)


def test_states_chart_ranks_at_national_prices(
    figures: dict[str, Figure], frames: dict[str, pd.DataFrame]
) -> None:
    ax = figures["state_wages"].axes[0]
    states = frames["compare_states"]
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == states["area_title"].tolist()
    assert labels[0].get_text() == "District of Columbia"
    bold = [t.get_text() for t in labels if t.get_fontweight() == "bold"]
    assert bold == ["California", "New York", "Massachusetts"]  # in rank order
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    offsets = np.asarray(dots[0].get_offsets())
    np.testing.assert_array_equal(offsets[:, 0], states["a_mean"].to_numpy(float))
    ranks = [t.get_text() for t in ax.texts]
    assert ranks[0] == "rank 3 nominal, 20 at national prices"  # California
    assert "Guam, Puerto Rico, Virgin Islands" in _texts(figures["state_wages"])


def test_figsize_sets_the_size_and_not_with_ax(frames: dict[str, pd.DataFrame]) -> None:
    fig = bls_charts.state_wages(table=frames["compare_states"], figsize=(8, 12))
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == (8.0, 12.0)
    with pytest.raises(InvalidInputError, match="whose size is its own") as info:
        bls_charts.state_wages(ax=Figure().add_subplot(), figsize=(8, 12))  # type: ignore[call-overload]
    assert [h.option for h in info.value.hints] == ["figsize", "ax"]
    with pytest.raises(InvalidInputError, match=r"two positive numbers; got \(8, 0\)"):
        bls_charts.wage_distribution(figsize=(8, 0))
    with pytest.raises(InvalidInputError, match="ax is polar axes"):
        bls_charts.wage_distribution(ax=Figure().add_subplot(projection="polar"))


def test_a_frame_of_another_kind_is_refused(frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(InvalidInputError, match=r"wages\.wage_history\(\)"):
        bls_charts.wage_distribution(table=frames["compare_states"])
    with pytest.raises(InvalidInputError, match=r"wages\.compare_states\(\)"):
        bls_charts.state_wages(table=frames["wage_history"])


@pytest.mark.late  # waits for the session's report
def test_the_report_holds_these_charts(figures: dict[str, Figure], report: ReportRuns) -> None:
    for name, fig in figures.items():  # same bytes in another process: reproducible SVG
        assert (report.out / f"{name}.svg").read_bytes() == charts.render(fig, "svg"), name
    history = pd.read_csv(report.out / "wage_history.csv")
    assert len(history) == 66  # 11 May years, 6 statistics
    states = pd.read_csv(report.out / "states_2023.csv")
    assert states["area_title"].iloc[0] == "District of Columbia"
