"""index.html: the report as one page, charts inline, real tables, nothing fetched."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.image
import numpy as np
import pytest

from coderstats import charts
from coderstats.report_html import Page, _inline_svg

if TYPE_CHECKING:
    from conftest import ReportRuns


def test_a_chart_goes_in_with_its_ids_prefixed_and_a_text_alternative() -> None:
    fig = charts.share_of_us(countries=["IND", "GBR"])
    page = Page(2024, "private_consumption")
    page.add_chart("share", fig, charts.render(fig, "svg"), description="shares", cite="x")
    chart = page.charts[0]
    assert chart["svg"].startswith("<svg")
    assert 'id="share-' in chart["svg"]
    assert not re.search(r'id="(?!share-)', chart["svg"])
    assert chart["alt"].startswith("Chart: Coder pay as a share of US pay")
    assert "Rows: India, United Kingdom." in chart["alt"]


def test_svg_without_an_svg_element_is_refused() -> None:
    with pytest.raises(AssertionError):
        _inline_svg("x", b"<?xml version='1.0'?>")


def test_tables_are_escaped_and_numbers_formatted() -> None:
    import pandas as pd

    page = Page(2024, "gdp")
    frame = pd.DataFrame({"claim": ["<b>1 < 2</b>"], "pay": [52000.0], "share_of_us": [0.5]})
    page.add_table("t.csv", "A table", frame, ["claim", "pay", "share_of_us"], cite="guide")
    html = page.render([("t.csv", "a table", "guide")], pd.DataFrame(columns=["table"]))
    assert "&lt;b&gt;1 &lt; 2&lt;/b&gt;" in html
    assert '<td class="number">52,000</td>' in html
    assert '<td class="number">50.0%</td>' in html
    assert "GDP PPP (PA.NUS.PPP)" in html


# --------------------------------------------------------------------------------------------
# index.html: the report as one page
# --------------------------------------------------------------------------------------------


@pytest.mark.late  # waits for the session's report
def test_the_page_holds_every_chart_and_table(report: ReportRuns) -> None:
    page = (report.out / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    charts = ["salary_ladder", "regional_pay", "share_of_us", "outlook", "career_payback"]
    for name in [*charts, "remote_pay", "wage_distribution", "state_wages"]:
        assert f'<h2 id="{name}">' in page, name
    assert page.count("<svg") == 8  # inline: the page needs no file beside it
    assert page.count('role="img" aria-label="Chart: ') == 8
    assert "<img" not in page
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched from elsewhere
    assert page.count("<table>") == 8  # 6 tables (the outlook twice), sources, files
    assert page.count('<th scope="col">') == 49  # every column of the 8 tables
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the charts' SVG ids, prefixed per chart
    for word in ("consistent", "inconsistent", "mislabelled", "not checkable"):
        assert f"<td>{word}</td>" in page  # the verdicts in words, not colour alone
    assert "How to read this" in page
    assert "World Development Indicators" in page  # sources and vintages


# --------------------------------------------------------------------------------------------
# In a real browser: headless Chromium (Debian's chromium package; .ci/run installs it)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Headless, and quiet on a machine without a network (no update, sync or first-run calls).
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.late  # waits for the session's report
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs it)")
def test_the_page_renders_in_a_browser(report: ReportRuns, tmp_path: Path) -> None:
    page = (report.out / "index.html").as_uri()
    dom = _chromium(tmp_path, "--dump-dom", page)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") == 8  # every chart, as the browser built the page
    assert dom.stdout.count("<table>") == 8
    shot = tmp_path / "page.png"
    run = _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page)
    assert run.returncode == 0, run.stderr[-2000:]
    for log in (dom.stderr, run.stderr):
        assert "CONSOLE" not in log, log  # no script, no console message, no error
        assert "Failed to load resource" not in log, log
    pixels = np.asarray(matplotlib.image.imread(shot), dtype=np.float64)
    assert pixels.shape[:2] == (2400, 1280)
    ink = np.asarray((pixels[..., :3] < 0.5).any(axis=2))  # dark pixels: text and lines
    assert ink.mean() > 0.01  # not a blank page
    assert ink[:300].any()  # the title at the top
