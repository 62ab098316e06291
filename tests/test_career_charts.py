"""Career charts: titled, labelled and sourced figures of the career frames, reproducible SVG."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from matplotlib.figure import Figure

from coderstats import career, career_charts, charts
from coderstats import report as writer
from coderstats.errors import InvalidInputError

if TYPE_CHECKING:
    from conftest import ReportRuns


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    frames = writer._career_frames()
    return {chart.name: chart.draw(table=frames[chart.data]) for chart in career_charts.CHARTS}


def _texts(fig: Figure) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.texts)


def test_titled_labelled_and_sourced(figures: dict[str, Figure]) -> None:
    assert sorted(figures) == ["career_payback", "remote_pay"]
    for name, fig in figures.items():
        assert fig.get_suptitle(), name
        ax = fig.axes[0]
        assert ax.get_xlabel(), name
        assert ax.get_ylabel(), name
        assert ax.get_title(loc="left"), name
        assert "Sources: Himalayas (2025" in _texts(fig), name


def test_earnings_chart_shows_each_path_and_staying_put(figures: dict[str, Figure]) -> None:
    ax = figures["career_payback"].axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == [*career.paths().query("priced")["name"], "staying put"]
    assert "USD of 2024" in ax.get_ylabel()
    assert "32,000 USD a year" in ax.get_title(loc="left")
    # The central payback months of the report's reader, as payback() gives them.
    out = career.payback(current_pay=writer.REPORT_CURRENT_PAY, year=writer.latest_year())
    central = out[out["scenario"] == "central"]["payback_months"].tolist()
    marked = [t.get_text() for t in ax.texts]
    assert marked == [f"{m} months" for m in central]
    assert "exam fees not counted" in _texts(figures["career_payback"])


def test_remote_chart_names_the_ratio_to_home(figures: dict[str, Figure]) -> None:
    ax = figures["remote_pay"].axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "USA"  # the least bought: at home
    assert ticks[-1] == "IND"
    assert any(t.get_text().startswith("4.20\u00d7 home") for t in ax.texts)


def test_the_same_data_gives_the_same_svg(figures: dict[str, Figure]) -> None:
    again = writer._career_frames()
    for chart in career_charts.CHARTS:
        first = charts.render(figures[chart.name], "svg")
        assert charts.render(chart.draw(table=again[chart.data]), "svg") == first, chart.name


@pytest.mark.late  # waits for the session's report
def test_the_report_holds_these_charts(figures: dict[str, Figure], report: ReportRuns) -> None:
    for name, fig in figures.items():
        assert (report.out / f"{name}.svg").read_bytes() == charts.render(fig, "svg"), name


def test_a_frame_of_another_kind_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="cumulative"):
        career_charts.earnings(career.payback(current_pay=32_000))
    with pytest.raises(InvalidInputError, match="remote_pay"):
        career_charts.remote_pay(career.payback(current_pay=32_000))


def test_the_callers_axes_and_the_rows_to_show() -> None:
    from matplotlib.figure import Figure as Plain

    fig = Plain(figsize=(12, 5), layout="constrained")
    left, right = fig.subplots(1, 2)
    cumulative = career.cumulative_earnings(current_pay=32_000)
    first = str(cumulative["name"].iloc[0])
    assert career_charts.earnings(cumulative, paths=[first], ax=left) is left
    assert left.get_legend_handles_labels()[1] == [first, "staying put"]
    remote = career.remote_pay(42_000, "USD", lives_in=["IND", "GBR", "USA"], year=2024)
    assert career_charts.remote_pay(remote, countries=["IND", "USA"], ax=right) is right
    assert [t.get_text() for t in right.get_yticklabels()] == ["USA", "IND"]
    assert career_charts.remote_pay(remote, figsize=(6, 3)).get_size_inches().tolist() == [6, 3]


def test_a_frame_without_its_attrs_or_rows_is_refused() -> None:
    remote = career.remote_pay(42_000, "USD", lives_in=["IND"], year=2024)
    bare = remote.copy()
    bare.attrs = {}
    with pytest.raises(InvalidInputError, match=r"coderstats.career.remote_pay\(\)"):
        career_charts.remote_pay(bare)
    with pytest.raises(InvalidInputError, match="'FRA'; it has IND"):
        career_charts.remote_pay(remote, countries="FRA")
