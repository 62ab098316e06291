"""The notebooks: committed without outputs, built on coderstats, never re-implementing it, and
each runs top to bottom without an error.

Each notebook is executed once per session (the ``executed_notebooks`` fixture of
tests/conftest.py); tests/test_notebook_figures.py reads the outputs of the same run. The other
tests here read the committed files only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

if TYPE_CHECKING:
    from conftest import ExecutedNotebook

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"

EXPECTED = (
    "01-salary-ladder.ipynb",
    "02-ppp-across-countries.ipynb",
    "03-outlook-guide-vs-bls.ipynb",
    "04-pay-periods-and-inflation.ipynb",
    "05-auditing-the-guide.ipynb",
    "06-is-certification-worth-it.ipynb",
    "07-what-bls-says.ipynb",
)

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

#: Arithmetic that converts money: a notebook leaves it to the library. Subtraction and
#: addition (differences between two printed figures) are allowed.
_SCALING_OPERATORS = (ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.MatMult)
#: The same arithmetic spelt as a method or function call (pandas, numpy, operator).
_SCALING_CALLS = frozenset(
    {
        "mul",
        "multiply",
        "rmul",
        "div",
        "divide",
        "truediv",
        "rdiv",
        "rtruediv",
        "floordiv",
        "rfloordiv",
        "pow",
        "rpow",
        "power",
        "dot",
        "eval",
    }
)


def _read(path: Path) -> nbformat.NotebookNode:
    notebook: nbformat.NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return notebook


def _code_cells(path: Path) -> list[str]:
    return [cell.source for cell in _read(path).cells if cell.cell_type == "code"]


def _tree(source: str, path: Path) -> ast.Module:
    """Parse a code cell, with IPython magics (``%matplotlib inline``) turned into calls."""
    python = TransformerManager().transform_cell(source)  # type: ignore[no-untyped-call]
    return ast.parse(python, filename=path.name)


def _problems(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            found.append(f"line {line}: defines a function or class")
        elif isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(
            node.op, _SCALING_OPERATORS
        ):
            found.append(f"line {line}: multiplies, divides or raises to a power")
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(f"line {line}: literal decimal number {node.value!r} (a rate?)")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SCALING_CALLS:
                found.append(f"line {line}: calls {name}()")
            if name == "query":
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and re.search(r"[*/]", arg.value)
                    ):
                        found.append(f"line {line}: arithmetic inside query()")
    return found


def test_expected_notebooks_exist() -> None:
    names = {path.name for path in NOTEBOOKS}
    missing = sorted(set(EXPECTED) - names)
    assert not missing, f"missing notebooks in {NOTEBOOK_DIR}: {missing}"


def test_notebooks_are_named_nn_topic() -> None:
    bad = [
        p.name for p in NOTEBOOKS if not re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", p.name)
    ]
    assert not bad, f"notebooks must be named NN-topic.ipynb: {bad}"


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_runs_top_to_bottom(executed_notebooks: dict[str, ExecutedNotebook], name: str) -> None:
    # In a new kernel, in the notebooks folder, each cell within CELL_TIMEOUT (conftest.py).
    error = executed_notebooks[name].error
    assert error is None, f"{name} stopped: {error}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path: Path) -> None:
    notebook = _read(path)
    nbformat.validate(notebook)
    dirty = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} carry outputs or execution counts; clear them before "
        "committing (e.g. jupyter nbconvert --clear-output --inplace)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_metadata_is_minimal(path: Path) -> None:
    notebook = _read(path)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}, sorted(notebook.metadata)
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# "), "the first cell is the notebook's title"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_imports_coderstats(path: Path) -> None:
    imported = set()
    for source in _code_cells(path):
        for node in ast.walk(_tree(source, path)):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert "coderstats" in imported, f"{path.name} does not import coderstats"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_conversion_logic_in_cells(path: Path) -> None:
    problems = [
        f"cell {i}, {problem}"
        for i, source in enumerate(_code_cells(path))
        for problem in _problems(_tree(source, path))
    ]
    assert not problems, (
        f"{path.name} re-implements what the library does (move it into src/coderstats): "
        + "; ".join(problems)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def rate(x):\n    return x", "defines a function"),
        ("f = lambda x: x", "defines a function"),
        ("usd = eur * 1.08", "multiplies"),
        ("usd = frame['eur'] / frame['rate']", "multiplies"),
        ("x = 1.08", "literal decimal"),
        ("frame['eur'].mul(rates)", "calls mul()"),
        ("frame.query('eur * 2 > 3')", "arithmetic inside query()"),
    ],
)
def test_checker_catches_hand_conversion(source: str, expected: str) -> None:
    problems = _problems(_tree(source, Path("example.ipynb")))
    assert any(expected in p for p in problems), problems


def test_checker_allows_library_calls_and_differences() -> None:
    source = (
        "%matplotlib inline\n"
        "import coderstats\n"
        "out = coderstats.convert(frame, amount='low', currency='EUR', year=2024)\n"
        "gap = out['low_market'] - 40_000\n"
        "out.query(\"iso3 == 'USA'\")\n"
    )
    assert _problems(_tree(source, Path("example.ipynb"))) == []
