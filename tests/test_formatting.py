"""Money and figures as text: full amounts, ranges, figures in their unit, compact labels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coderstats.formatting import compact_money, format_figure, format_money, format_range


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (57_536.74, "57,537"),
        (1_000.0, "1,000"),
        (-1_234.4, "-1,234"),
        (22.683, "22.68"),
        (1.0, "1.00"),
        (0.0, "0.00"),
        (0.5, "0.500"),
        (1 / 2080, "0.000481"),
        (0.0123456, "0.0123"),
        (-0.25, "-0.250"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
    ],
)
def test_format_money(value: float, text: str) -> None:
    assert format_money(value) == text


@pytest.mark.parametrize(
    ("low", "high", "open_ended", "text"),
    [
        (40_000, 80_000, False, "40,000-80,000"),
        (70_000, 90_000, True, "70,000-90,000+"),
        (3_600, 7_200, False, "3,600-7,200"),
        (15.5, 22.683, False, "15.50-22.68"),
    ],
)
def test_format_range(low: float, high: float, open_ended: bool, text: str) -> None:
    assert format_range(low, high, open_ended=open_ended) == text


def test_format_range_is_closed_unless_said() -> None:
    assert format_range(1_000, 2_000) == "1,000-2,000"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (8.7, "percent", "8.7 %"),
        (7.0, "percent", "7 %"),
        (-1.5, "percent", "-1.5 %"),
        (48_780.0, "USD per year", "48,780"),
        (15_000.0, "openings per year", "15,000"),
        (6_200.0, "jobs", "6,200"),
    ],
)
def test_format_figure(value: float, unit: str, text: str) -> None:
    assert format_figure(value, unit) == text


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (52_000, "USD", "$52k"),
        (3_585.77, "USD", "$3.6k"),
        (25_000, "GBP", "£25k"),
        (45_000, "EUR", "€45k"),
        (45_000, "CAD", "CA$45k"),
        (300_000, "INR", "₹3L"),
    ],
)
def test_compact_money(value: float, currency: str, text: str) -> None:
    assert compact_money(value, currency) == text


def test_formatting_needs_neither_pandas_nor_babel_to_import(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from coderstats.formatting import format_money\n"
        "assert format_money(1234.5) == '1,234'\n"
        "assert 'pandas' not in sys.modules and 'babel' not in sys.modules\n"
    )
    subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        check=True,
        timeout=120,
        capture_output=True,
    )
