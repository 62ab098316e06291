"""Charts: each a titled, labelled, sourced Figure; save_all writes PNG and reproducible SVG."""

from __future__ import annotations

import dataclasses
import errno
import inspect
import itertools
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import coderstats
from coderstats import InvalidInputError, charts, compare

if TYPE_CHECKING:
    from conftest import ReportRuns

NAMES = ["salary_ladder", "regional_pay", "share_of_us", "outlook"]


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return {chart.name: chart.draw() for chart in charts.CHARTS}


@pytest.fixture(scope="module")
def svgs(figures: dict[str, Figure]) -> dict[str, bytes]:
    """Each of ``figures`` rendered once as SVG."""
    return {name: charts.render(fig, "svg") for name, fig in figures.items()}


# For the session: test_svg_is_byte_identical_across_runs runs late (it waits for the report).
@pytest.fixture(scope="session")
def saved(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return charts.save_all(tmp_path_factory.mktemp("charts"))


def _quick_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Have ``charts.render`` return a few bytes instead of drawing: for the tests of how files
    are written, where what is drawn does not matter (the drawings are checked above)."""

    def render(fig: Figure, fmt: str = "svg", *, dpi: int = 150) -> bytes:
        assert isinstance(fig, Figure)
        return f"{fig.get_suptitle()} as {fmt} at {dpi} dpi".encode()

    monkeypatch.setattr(charts, "render", render)


def _drawn_already(monkeypatch: pytest.MonkeyPatch, figures: dict[str, Figure]) -> None:
    """Have ``save_all`` take each chart from ``figures`` instead of drawing it again."""

    def draw_of(chart: charts.Chart) -> Callable[..., Figure]:
        def draw(*, table: pd.DataFrame | None = None) -> Figure:
            assert isinstance(table, pd.DataFrame)  # the frame save_all built for the chart
            return figures[chart.name]

        return draw

    drawn = tuple(dataclasses.replace(chart, draw=draw_of(chart)) for chart in charts.CHARTS)
    monkeypatch.setattr(charts, "CHARTS", drawn)


@pytest.fixture(scope="module")
def guide() -> dict[str, str]:
    """Publisher and vintage of the career guide, as the data package records them."""
    src = coderstats.sources()
    row = src[src["table"] == "salary_by_level"].iloc[0]
    return {"publisher": row["publisher"], "vintage": row["vintage"]}


def footer(fig: Figure) -> str:
    """The note and source lines under a figure, as read (without the line wrapping)."""
    texts = [t.get_text() for t in fig.texts if t.get_gid() == "footer"]
    assert len(texts) == 1
    return " ".join(texts[0].split())


def source_line(fig: Figure) -> str:
    text = footer(fig)
    return text[text.index("Sources: ") :]


def tick_labels(fig: Figure, axis: str) -> list[str]:
    ax = fig.axes[0]
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks]


def test_the_charts() -> None:
    assert [c.name for c in charts.CHARTS] == NAMES
    assert [c.draw for c in charts.CHARTS] == [
        charts.salary_ladder,
        charts.regional_pay,
        charts.share_of_us,
        charts.outlook,
    ]
    for chart in charts.CHARTS:
        assert callable(getattr(compare, chart.data))


@pytest.mark.parametrize("name", NAMES)
def test_titled_labelled_and_sourced(
    figures: dict[str, Figure], guide: dict[str, str], name: str
) -> None:
    fig = figures[name]
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    axes = [ax for ax in fig.axes if ax.axison]
    assert axes
    for ax in axes:
        assert ax.get_xlabel(), (name, "x")
        assert ax.get_ylabel(), (name, "y")
        assert ax.get_title(loc="left")
    source = source_line(fig)
    assert source.startswith("Sources: ")
    assert f"{guide['publisher']} ({guide['vintage']})" in source


def test_a_chart_shows_itself_in_a_notebook(figures: dict[str, Figure]) -> None:
    # IPython displays an object through _repr_png_ when no matplotlib backend is set up.
    png = figures["outlook"]._repr_png_()  # type: ignore[attr-defined]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24])[0] == 1000  # 10 inches at 100 dpi


def test_source_lines_name_each_publisher(figures: dict[str, Figure]) -> None:
    for name in ("regional_pay", "share_of_us"):
        source = source_line(figures[name])
        assert "European Central Bank" in source
        assert "World Bank (WDI Last Updated Date 2025-10-07" in source
    outlook = source_line(figures["outlook"])
    assert "U.S. Bureau of Labor Statistics (editions 2016-26 to 2024-34" in outlook
    assert "World Bank" not in source_line(figures["salary_ladder"])


def test_readable_money(figures: dict[str, Figure]) -> None:
    # The labels themselves: coderstats.formatting.compact_money (tests/test_formatting.py).
    ladder_ticks = tick_labels(figures["salary_ladder"], "y")
    assert "$40k" in ladder_ticks
    assert "$140k" in ladder_ticks
    regional_rows = tick_labels(figures["regional_pay"], "y")
    assert "India\nall coders · ₹3L\u2013₹6L" in regional_rows
    assert "United Kingdom\nall coders · £25k\u2013£45k" in regional_rows
    assert "$80k" in tick_labels(figures["regional_pay"], "x")
    assert "100%" in tick_labels(figures["share_of_us"], "x")


def test_ladder_shows_the_experience_bands(figures: dict[str, Figure]) -> None:
    labels = tick_labels(figures["salary_ladder"], "x")
    assert len(labels) == 7
    assert labels[0].endswith("0\u20131 yrs")
    assert labels[-1].endswith("15+ yrs")
    bar_texts = [t.get_text() for t in figures["salary_ladder"].axes[0].texts]
    assert "$42k" in bar_texts
    assert "$135k" in bar_texts
    assert "+24%" in bar_texts  # the Junior -> Medical Coder median step


def test_regional_pay_draws_both_bases(figures: dict[str, Figure]) -> None:
    ax = figures["regional_pay"].axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert "$3.6k\u2013$7.2k" in labels  # India at market rates
    assert "$15.1k\u2013$30.2k" in labels  # ... and at PPP
    assert len(ax.patches) == 14  # 7 rows x 2 bases
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "market rate, USD (ECB 2024 mean)",
        "PPP, international $ (World Bank 2024, private consumption)",
    ]


def test_share_of_us_shows_the_move(figures: dict[str, Figure]) -> None:
    texts = [t.get_text() for t in figures["share_of_us"].axes[0].texts]
    assert "9%" in texts
    assert "38%" in texts
    assert "79% on both bases" in texts
    assert "$60k" in figures["share_of_us"].axes[0].get_xlabel()


def test_outlook_small_multiples(figures: dict[str, Figure]) -> None:
    fig = figures["outlook"]
    assert len(fig.axes) == 4
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    # The audit's story: each figure, the edition its label names, and where it is found.
    assert titles[0] == "Median pay\nfound in BLS May 2022 (exact), not May 2023"
    assert titles[1].endswith("found in BLS 2021-31 (rounded), not 2022-32")
    assert titles[2].endswith("found in BLS 2020-30 (sum of two codes), not 2022-32")
    assert titles[3] == "New jobs over the decade\nin no BLS edition; 3.0x 2022-32"
    assert [ax.get_xlabel() for ax in fig.axes] == [
        "USD per year",
        "percent",
        "openings per year",
        "jobs",
    ]
    jobs = [t.get_text() for t in fig.axes[3].get_yticklabels()]
    assert jobs == ["BLS 2022-32\n(guide's label)\nSOC 29-9021", "guide\n2022-2032"]
    pay = [t.get_text() for t in fig.axes[0].texts]
    assert pay == ["$48.8k", "$47.2k", "$47.2k"]


def test_charts_draw_the_comparison_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[..., pd.DataFrame] = compare.compare_countries

    def edited(**kwargs: object) -> pd.DataFrame:
        frame = real(**kwargs)
        frame.loc[frame["iso3"] == "GBR", "ppp_intd_high"] = 99_000.0
        return frame

    monkeypatch.setattr(compare, "compare_countries", edited)
    fig = charts.regional_pay(year=2024)
    assert "$35.5k\u2013$99k" in [t.get_text() for t in fig.axes[0].texts]
    # ... and an already-built frame, its year taken from its attrs.
    table = edited(year=2023)
    fig = charts.share_of_us(table=table)
    assert "2023" in fig.get_suptitle()
    assert table.loc[table["iso3"] == "GBR", "ppp_intd_high"].item() == 99_000.0  # not changed


def test_year_is_passed_through() -> None:
    fig = charts.share_of_us(year=2023)
    assert "2023" in fig.get_suptitle()
    assert "ECB 2023 annual mean" in footer(fig)


def test_save_all_writes_png_and_svg(saved: list[Path]) -> None:
    assert [p.name for p in saved] == [f"{n}.{ext}" for n in NAMES for ext in ("png", "svg")]
    assert sorted(p.name for p in saved[0].parent.iterdir()) == sorted(p.name for p in saved)
    for path in saved:
        data = path.read_bytes()
        if path.suffix == ".png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", data[16:24])
            assert width == 1500  # 10 inches at 150 dpi
            assert 750 <= height <= 1050
        else:
            assert data.startswith(b"<?xml")
            assert b"<dc:date>" not in data


@pytest.mark.late  # after the other tests, which need not wait for the report meanwhile
def test_svg_is_byte_identical_across_runs(saved: list[Path], report: ReportRuns) -> None:
    # The session's report ran in another process: its SVGs are those save_all writes here.
    # (The report's career charts are compared in tests/test_career_charts.py.)
    again = sorted(p for p in report.out.glob("*.svg") if p.stem in NAMES)
    first = {p.name: p.read_bytes() for p in saved if p.suffix == ".svg"}
    assert {p.name: p.read_bytes() for p in again} == first


def test_a_built_frame_draws_the_same_chart(svgs: dict[str, bytes], saved: list[Path]) -> None:
    # ``figures`` built their own frames; save_all passed each chart one frame it built once.
    # (That save writes what render returns: test_render_is_what_save_writes.)
    by_name = {p.name: p.read_bytes() for p in saved if p.suffix == ".svg"}
    assert sorted(svgs) == sorted(NAMES)
    for name, svg in svgs.items():
        assert svg == by_name[f"{name}.svg"], name


def test_table_is_keyword_only() -> None:
    for chart in charts.CHARTS:
        parameter = inspect.signature(chart.draw).parameters["table"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is None


def test_a_table_without_both_bases_is_refused() -> None:
    market_only = compare.compare_countries(year=2024, basis="market")
    with pytest.raises(InvalidInputError, match="ppp_intd_mid"):
        charts.regional_pay(table=market_only)


def test_save_creates_the_folder(
    tmp_path: Path, figures: dict[str, Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    _quick_render(monkeypatch)
    path = charts.save(figures["salary_ladder"], tmp_path / "new" / "sub" / "ladder.svg")
    assert path.is_file()


def test_save_without_a_suffix_writes_png(tmp_path: Path, figures: dict[str, Figure]) -> None:
    path = charts.save(figures["outlook"], tmp_path / "outlook")
    assert path == tmp_path / "outlook.png"  # the file written, as matplotlib names it
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outlook.png"]


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_save_on_a_full_disk_keeps_the_earlier_file(
    tmp_path: Path, figures: dict[str, Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "outlook.svg"
    path.write_bytes(b"earlier chart")
    _quick_render(monkeypatch)
    _full_disk(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        charts.save(figures["outlook"], path)
    assert _contents(tmp_path) == {"outlook.svg": b"earlier chart"}  # and no temporary


def test_save_all_keeps_the_earlier_set_when_a_chart_fails(
    tmp_path: Path, figures: dict[str, Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = {f"{name}.{ext}": b"earlier" for name in NAMES for ext in ("png", "svg")}
    for name, data in earlier.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    calls: list[str] = []

    def render(fig: Figure, fmt: str = "svg", *, dpi: int = 150) -> bytes:
        calls.append(fmt)
        if len(calls) == 3:  # the second chart's PNG
            raise RuntimeError("drawing failed")
        return f"{fig.get_suptitle()} as {fmt} at {dpi} dpi".encode()  # not drawn: no matter

    monkeypatch.setattr(charts, "render", render)
    _drawn_already(monkeypatch, figures)
    with pytest.raises(RuntimeError, match="drawing failed"):
        charts.save_all(tmp_path)
    assert _contents(tmp_path) == {**earlier, "notes.txt": b"mine\n"}


def test_save_all_on_a_full_disk_keeps_the_earlier_set(
    tmp_path: Path, figures: dict[str, Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "outlook.svg").write_bytes(b"earlier")
    (tmp_path / "notes.txt").write_bytes(b"mine\n")
    _drawn_already(monkeypatch, figures)
    _quick_render(monkeypatch)
    _full_disk(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        charts.save_all(tmp_path, formats=["svg"])
    assert _contents(tmp_path) == {"outlook.svg": b"earlier", "notes.txt": b"mine\n"}


def test_save_all_leaves_other_files_alone(
    tmp_path: Path, figures: dict[str, Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_bytes(b"mine\n")
    (tmp_path / "sub").mkdir()
    _drawn_already(monkeypatch, figures)
    _quick_render(monkeypatch)  # the bytes drawn are checked by the tests above
    written = charts.save_all(tmp_path, formats=["svg"])
    assert {p.name for p in tmp_path.iterdir()} == {"notes.txt", "sub", *(p.name for p in written)}
    assert (tmp_path / "notes.txt").read_bytes() == b"mine\n"
    assert [p.read_bytes() for p in written] == [
        f"{figures[name].get_suptitle()} as svg at 150 dpi".encode() for name in NAMES
    ]


def test_render_is_what_save_writes(
    tmp_path: Path, figures: dict[str, Figure], svgs: dict[str, bytes]
) -> None:
    fig = figures["salary_ladder"]
    rendered = {"png": charts.render(fig, "png"), "svg": svgs["salary_ladder"]}
    for fmt in ("png", "svg"):
        assert charts.save(fig, tmp_path / f"ladder.{fmt}").read_bytes() == rendered[fmt]


@pytest.mark.e2e
def test_importing_coderstats_does_not_import_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys, coderstats\n"
        "assert 'matplotlib' not in sys.modules\n"
        "assert callable(coderstats.charts.regional_pay)\n"  # loads on first access
        "assert 'matplotlib' in sys.modules\n"
        "assert coderstats.provenance.cite and coderstats.audit.audit_guide\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'charts must not use pyplot'\n"
    )
    subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        check=True,
        timeout=120,
        capture_output=True,
    )


# --------------------------------------------------------------------------------------------
# Restyling: the caller's axes, a size, a title, the rows to show


def _no_overlap(fig: Figure) -> None:
    """The title, subtitle, axes and footer of a figure as saved do not overlap; all inside it."""
    charts.render(fig, "png")  # savefig prints with the layout of its first drawing
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    title = fig.texts[0] if fig.texts[0].get_text() == fig.get_suptitle() else None
    assert title is not None
    subtitle = ax._left_title  # type: ignore[attr-defined]
    footer = next(t for t in fig.texts if t.get_gid() == "footer")
    boxes = {
        "title": title.get_window_extent(renderer),
        "subtitle": subtitle.get_window_extent(renderer),
        "plot": ax.bbox,
        "x axis": ax.xaxis.get_tightbbox(renderer),
        "footer": footer.get_window_extent(renderer),
    }
    order = ["title", "subtitle", "plot", "x axis", "footer"]
    for upper, lower in itertools.pairwise(order):
        assert boxes[upper].y0 >= boxes[lower].y1 - 1, (upper, lower)
    width, height = fig.bbox.width, fig.bbox.height
    for name, box in boxes.items():
        assert min(box.x0, box.y0) >= -1, name
        assert box.x1 <= width + 1, name
        assert box.y1 <= height + 1, name


@pytest.mark.parametrize("size", [(10.0, 5.6), (8.0, 5.0), (6.0, 7.0)])
def test_a_resized_figure_is_laid_out_again(size: tuple[float, float]) -> None:
    fig = charts.regional_pay()
    fig.set_size_inches(*size)
    _no_overlap(fig)
    _no_overlap(charts.salary_ladder(figsize=size))


def test_figsize_and_title() -> None:
    fig = charts.share_of_us(figsize=(7, 4), title="Coders abroad")
    assert tuple(fig.get_size_inches()) == (7.0, 4.0)
    assert fig.get_suptitle() == "Coders abroad"


def _two_charts() -> tuple[Figure, Axes, Axes]:
    fig = Figure(figsize=(12, 5), layout="constrained")
    left, right = fig.subplots(1, 2)
    assert charts.salary_ladder(ax=left) is left
    assert charts.regional_pay(ax=right, countries=["IND", "GBR"]) is right
    return fig, left, right


def test_the_callers_axes_are_drawn_into_and_returned() -> None:
    fig, left, right = _two_charts()
    assert len(fig.axes) == 2  # no axes of the chart's own
    assert left.get_title(loc="left") == "US medical coder pay by career level"
    notes = [t.get_text() for t in right.texts if t.get_gid() == "footer"]
    assert len(notes) == 1
    assert "Sources: " in notes[0]
    assert "World Bank" in notes[0]
    assert [t.get_text().split("\n")[0] for t in right.get_yticklabels()] == [
        "India",
        "United Kingdom",
    ]
    assert charts.render(fig, "svg") == charts.render(_two_charts()[0], "svg")


def test_the_ladder_shows_the_levels_asked_for() -> None:
    ladder = compare.salary_ladder()
    fig = charts.salary_ladder(table=ladder.head(4))  # was an IndexError
    steps = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("+")]
    assert steps == ["+24%", "+25%", "+15%"]
    levels = ["Junior Medical Coder", "Senior Medical Coder", "Director of Medical Coding"]
    fig = charts.salary_ladder(levels=levels)
    steps = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("+")]
    assert steps == ["+55%", "+100%"]  # 65k / 42k and 130k / 65k
    assert "level shown before it" in fig.axes[0].get_title(loc="left")


def test_a_converted_ladder_is_labelled_with_its_unit_and_period() -> None:
    ladder = compare.salary_ladder()
    hourly = coderstats.convert(
        ladder,
        amount=["us_median", "us_average"],
        currency="currency",
        year=2023,
        basis="real",
        base_year=2024,
        to_period="hour",
    )
    ax = charts.salary_ladder(table=hourly).axes[0]
    assert ax.get_ylabel() == "USD of 2024 per hour"
    labels = [t.get_text() for t in ax.texts]
    assert "$20.79" in labels  # the junior median, to the cent
    assert all(len(label) <= 7 for label in labels)
    assert charts.salary_ladder().axes[0].get_ylabel() == "USD per year"


def test_the_ppp_indicator_is_named() -> None:
    gdp = charts.regional_pay(indicator="gdp")
    legend = gdp.axes[0].get_legend()
    assert legend is not None
    assert legend.get_texts()[1].get_text().endswith("(World Bank 2024, GDP)")
    assert "GDP PPP (PA.NUS.PPP)" in footer(gdp)
    assert "private consumption PPP (PA.NUS.PRVT.PP)" in footer(charts.share_of_us())
    assert "PA.NUS.PPP" in footer(charts.share_of_us(indicator="gdp"))


def test_a_frame_without_its_attrs_names_the_function_that_builds_it() -> None:
    both = pd.concat([compare.compare_countries(year=2023), compare.compare_countries(year=2024)])
    assert not both.attrs  # pandas drops attrs that differ
    for chart in (charts.regional_pay, charts.share_of_us):
        with pytest.raises(InvalidInputError, match=r"compare_countries\(\)"):
            chart(table=both)
    ladder = compare.salary_ladder()
    unsourced = ladder.copy()
    unsourced.attrs = {}
    with pytest.raises(InvalidInputError, match=r"coderstats.compare.salary_ladder\(\)"):
        charts.salary_ladder(table=pd.concat([ladder, unsourced]))


def test_rows_it_does_not_have_are_refused_with_those_it_has() -> None:
    have = r"'FRA'; it has United States \(USA\), Canada \(CAN\)"
    with pytest.raises(InvalidInputError, match=have) as error:
        charts.regional_pay(countries=["IND", "FRA"])
    assert [(h.option, h.leave_out) for h in error.value.hints] == [("countries", True)]
    with pytest.raises(InvalidInputError, match="Junior Medical Coder, Medical Coder"):
        charts.salary_ladder(levels="Chief Coder")
    with pytest.raises(
        InvalidInputError, match="'nurses'; it has entry-level, experienced, all coders"
    ):
        charts.share_of_us(segments=["nurses"])


def test_a_frame_or_the_options_to_build_one_not_both() -> None:
    table = compare.compare_countries(year=2023)
    with pytest.raises(InvalidInputError, match="got a table and year") as error:
        charts.regional_pay(table=table, year=2024)
    assert [h.option for h in error.value.hints] == ["year", "table"]


def test_axes_and_sizes_that_cannot_be_used() -> None:
    polar = Figure().add_subplot(projection="polar")
    with pytest.raises(InvalidInputError, match="ax is polar axes"):
        charts.salary_ladder(ax=polar)
    with pytest.raises(InvalidInputError, match="ax is Figure"):
        charts.salary_ladder(ax=Figure())  # type: ignore[call-overload]
    ax = Figure().add_subplot()
    with pytest.raises(InvalidInputError, match="figure of the axes") as error:
        charts.share_of_us(ax=ax, figsize=(4, 3))  # type: ignore[call-overload]
    assert [h.option for h in error.value.hints] == ["figsize", "ax"]
    with pytest.raises(InvalidInputError, match="two positive numbers"):
        charts.salary_ladder(figsize=(0, 3))
    with pytest.raises(coderstats.RateNotFoundError, match="2015-2024"):
        charts.regional_pay(year=1999)


@pytest.mark.e2e
def test_plt_show_shows_a_chart_once_pyplot_is_imported(tmp_path: Path) -> None:
    code = (
        "import matplotlib\n"
        "matplotlib.use('agg')\n"
        "import matplotlib.pyplot as plt\n"
        "from coderstats import charts\n"
        "fig = charts.salary_ladder()\n"
        "assert plt.get_fignums() == [1], plt.get_fignums()\n"
        "assert plt.gcf() is fig\n"
        "plt.close(fig)\n"
        "assert plt.get_fignums() == []\n"
    )
    subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        check=True,
        timeout=120,
        capture_output=True,
    )
