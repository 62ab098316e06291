"""Small pieces: no function body over 60 lines of code, no module over 500.

Lines of code exclude blank lines, comment lines and docstrings. A failure lists every
function and module over its limit, so one run shows all that needs splitting.
"""

from __future__ import annotations

import ast
import bisect
import io
import tokenize
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "coderstats"
MAX_FUNCTION = 60
MAX_MODULE = 500
_LAYOUT = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                lines.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    return lines


def code_lines(source: str) -> tuple[set[int], ast.Module]:
    """Line numbers that hold code, and the parsed module."""
    tree = ast.parse(source)
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _LAYOUT and token.type != tokenize.ENDMARKER:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines - _docstring_lines(tree), tree


def oversized(root: Path) -> list[str]:
    """Every module and function over its limit, as ``path:line name N lines``."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        lines, tree = code_lines(path.read_text(encoding="utf-8"))
        name = path.relative_to(root.parent)
        ordered = sorted(lines)
        if len(lines) > MAX_MODULE:
            found.append(f"{name}: module, {len(lines)} lines of code (limit {MAX_MODULE})")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno or node.lineno
                size = bisect.bisect_right(ordered, end) - bisect.bisect_left(ordered, node.lineno)
                if size > MAX_FUNCTION:
                    found.append(
                        f"{name}:{node.lineno} {node.name}, {size} lines of code "
                        f"(limit {MAX_FUNCTION})"
                    )
    return found


def test_no_function_or_module_is_over_its_limit() -> None:
    found = oversized(SRC)
    assert not found, "split these by job:\n" + "\n".join(found)


def test_the_counter_skips_docstrings_comments_and_blank_lines(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}  # note" for i in range(MAX_FUNCTION - 1))
    source = f'def f():\n    """Doc.\n\n    More doc.\n    """\n    # a comment\n\n{body}\n'
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(source, encoding="utf-8")
    assert oversized(tmp_path / "pkg") == []  # the def line and 59 statements: 60 lines
    (tmp_path / "pkg" / "m.py").write_text(source + "    y = 1\n", encoding="utf-8")
    assert oversized(tmp_path / "pkg") != []


@pytest.mark.parametrize("extra", [0, 1])
def test_the_module_limit(tmp_path: Path, extra: int) -> None:
    (tmp_path / "pkg").mkdir()
    source = "\n".join(f"x{i} = {i}" for i in range(MAX_MODULE + extra))
    (tmp_path / "pkg" / "m.py").write_text(source + "\n", encoding="utf-8")
    assert bool(oversized(tmp_path / "pkg")) == bool(extra)
