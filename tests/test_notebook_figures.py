"""The figures a notebook's prose quotes are the figures its code prints.

Every number written in a notebook's markdown with a thousands separator or decimals must
appear in the printed outputs of its run (the session's ``executed_notebooks``, see
tests/conftest.py), as printed or without separators. The few numbers the prose derives (a
difference in points, a rounded factor) are listed per notebook with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest

if TYPE_CHECKING:
    from conftest import ExecutedNotebook

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"

#: Numbers the prose states that are not printed as such, and why.
DERIVED: dict[str, set[str]] = {
    # Quoted from the guide in the introduction; the code prints the loaded 47180.0.
    "01-salary-ladder.ipynb": {"47,180"},
    # 8.7 % minus 7 %, in percentage points.
    "03-outlook-guide-vs-bls.ipynb": {"1.7"},
    # The BLS 2015 and May 2023 medians are typed into the calls; 1.3235 rounds 1.32348...;
    # the two real-dollar values are printed unrounded.
    "04-pay-periods-and-inflation.ipynb": {"37,110", "48,780", "1.3235", "49,114.62", "51,540.13"},
}

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(out.get("text", "") or data.get("text/plain", "") or "")
            parts.append(data.get("text/html", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")))
def test_prose_quotes_the_printed_figures(
    executed_notebooks: dict[str, ExecutedNotebook], name: str
) -> None:
    run = executed_notebooks[name]
    assert run.error is None, f"{name} did not run to the end (see test_runs_top_to_bottom)"
    nb = run.notebook
    printed = _outputs_text(nb)
    bare = printed.replace(",", "")
    quoted = {
        number
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for number in _NUMBER.findall(cell.source)
    }
    assert quoted, f"{name}: the prose quotes no figures"
    missing = sorted(
        n
        for n in quoted - DERIVED.get(name, set())
        if n not in printed and n.replace(",", "") not in bare
    )
    assert not missing, f"{name}: prose quotes figures the code does not print: {missing}"
