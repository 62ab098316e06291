"""Rows that cannot be converted: found per key, named all at once, raised or flagged per row.

A conversion finds its problems per distinct key (one unknown currency, one year without a
PPP factor), never per row. :class:`RowProblems` spreads them onto the rows, so that an error
names the column, how many rows and the first row labels of every problem at once, and
``errors="coerce"`` can flag each row instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats.errors import (
    CoderstatsError,
    CurrencyMismatchError,
    Hint,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
    UnknownCurrencyError,
    show,
)

__all__ = ["KEY_ERRORS", "Problem", "RowProblems", "combine", "isolate"]

#: Errors that belong to one key (a code, a year, a date), not to the whole call.
KEY_ERRORS: tuple[type[CoderstatsError], ...] = (
    UnknownCurrencyError,
    UnknownCountryError,
    RateNotFoundError,
    CurrencyMismatchError,
)

#: How many row labels and distinct problems a message shows.
_SHOWN_LABELS = 5
_SHOWN_PROBLEMS = 4
#: Largest key product combined in one step (products stay far from the int64 limit).
_SAFE_PRODUCT = 1 << 62

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Problem:
    """Why some rows cannot be converted, and the column (or option) to look at."""

    error: CoderstatsError
    column: str | None

    @property
    def reason(self) -> str:
        return str(self.error)


@dataclass
class RowProblems:
    """The first problem of each row (``code`` -1 where the row is fine).

    The codes are written out on the first problem: a frame whose rows are all fine costs
    no pass over its rows here.
    """

    index: pd.Index
    problems: list[Problem] = field(default_factory=list)
    _code: IntArray | None = field(default=None, init=False, repr=False)

    @property
    def code(self) -> IntArray:
        if self._code is None:
            self._code = np.full(len(self.index), -1, dtype=np.intp)
        return self._code

    def add(self, rows: npt.NDArray[Any], error: CoderstatsError, column: str | None) -> None:
        """Flag ``rows`` (a boolean mask or positions) unless they already have a problem."""
        mask = np.zeros(len(self.code), dtype=bool)
        mask[rows] = True
        mask &= self.code < 0
        if mask.any():
            self.code[mask] = self._number(Problem(error, column))

    def add_keyed(
        self, row_keys: IntArray, failed: dict[int, tuple[CoderstatsError, str | None]]
    ) -> None:
        """Flag the rows of each failed key (``row_keys`` -1: a row without a key)."""
        if not failed:
            return
        of_key = np.full(max(failed) + 2, -1, dtype=np.intp)  # the last slot serves -1
        for k, (error, column) in failed.items():
            of_key[k] = self._number(Problem(error, column))
        found = of_key[np.where(row_keys < len(of_key) - 1, row_keys, -1)]
        take = (found >= 0) & (self.code < 0)
        self.code[take] = found[take]

    def _number(self, problem: Problem) -> int:
        """The number of a problem; the same reason in the same column is one problem."""
        for k, known in enumerate(self.problems):
            if known.reason == problem.reason and known.column == problem.column:
                return k
        self.problems.append(problem)
        return len(self.problems) - 1

    def first(self) -> CoderstatsError:
        """The error of the first row that has one."""
        return self.problems[self._order()[0]].error

    def ok(self) -> npt.NDArray[np.bool_]:
        return self.code < 0

    def __bool__(self) -> bool:
        return self._code is not None and bool((self._code >= 0).any())

    def counts(self) -> dict[str, int]:
        """Rows per reason, in order of the first row each reason holds."""
        if self._code is None:
            return {}
        counts = np.bincount(self.code[self.code >= 0], minlength=len(self.problems))
        order = self._order()
        return {self.problems[k].reason: int(counts[k]) for k in order if counts[k]}

    def _order(self) -> list[int]:
        bad = np.flatnonzero(self.code >= 0)
        _, first = np.unique(self.code[bad], return_index=True)
        return [int(self.code[bad[i]]) for i in np.sort(first)]

    def column(self) -> pd.Series:
        """The reasons as a categorical column, empty where the row was converted."""
        reasons = ["", *(p.reason for p in self.problems)]
        dtype = pd.CategoricalDtype(pd.Index(list(dict.fromkeys(reasons)), dtype="str"))
        position = np.array([dtype.categories.get_loc(r) for r in reasons], dtype=np.intp)
        codes = position[self.code + 1]
        data = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        return pd.Series(data, index=self.index, copy=False)

    def error(self, suffix: str) -> CoderstatsError:
        """One error naming every problem: column, number of rows, first row labels."""
        order = self._order()
        first = self.problems[order[0]]
        total = int((self.code >= 0).sum())
        parts = [self._describe(k) for k in order[:_SHOWN_PROBLEMS]]
        if len(order) > _SHOWN_PROBLEMS:
            parts.append(f"and {len(order) - _SHOWN_PROBLEMS} more problems")
        rows = "row" if len(self.code) == 1 else "rows"
        msg = f"{total} of {len(self.code)} {rows} cannot be converted. " + " ".join(parts)
        hints = [h for k in order for h in self.problems[k].error.hints]
        why = f"to convert the others and flag these in column 'problem_{suffix}'"
        hints.append(Hint("errors", "coerce", why=why))
        return type(first.error)(msg, hints=dict.fromkeys(hints))

    def _describe(self, k: int) -> str:
        rows = np.flatnonzero(self.code == k)
        labels = ", ".join(show(label) for label in self.index[rows[:_SHOWN_LABELS]])
        more = ", ..." if len(rows) > _SHOWN_LABELS else ""
        where = "" if self.problems[k].column is None else f"column {self.problems[k].column!r}, "
        noun = "row" if len(rows) == 1 else "rows"
        reason = self.problems[k].error.problem.rstrip(".")
        return f"[{where}{len(rows)} {noun}, labels {labels}{more}] {reason}."


def combine(codes: Sequence[IntArray], sizes: Sequence[int]) -> tuple[IntArray, list[IntArray]]:
    """Factorise the combination of several coded keys without integer overflow.

    Each key is given as codes ``0 <= code < size`` (of any signed integer type); rows with a
    negative code in any key get -1. Returns the row codes of the distinct combinations and,
    per key, the code of each combination. The combination is built in place in 64-bit
    integers (numpy indexes with those fastest) whose running products stay below 2**62:
    when the next key would pass it, the combination so far is factorised to dense codes
    first.
    """
    n = len(codes[0])
    valid: npt.NDArray[np.bool_] | None = None  # None: every row has every key
    for c in codes:
        if (c < 0).any():
            valid = (c >= 0) if valid is None else valid & (c >= 0)
    combined: npt.NDArray[np.signedinteger[Any]] | None = None
    width = 1
    members: list[tuple[int, int]] = []  # (key, size) multiplied in since the last refactor
    uniques: list[IntArray] = []  # per key: its code for each current combined value
    for k, (c, size) in enumerate(zip(codes, sizes, strict=True)):
        if combined is not None and width * max(size, 1) > _SAFE_PRODUCT:
            combined, uniques = _refactor(combined, width, members, uniques)
            width, members = max(len(uniques[0]), 1) if uniques else 1, []
        part = c if valid is None else c[valid]
        if combined is None:
            combined = part.astype(np.int64)
        else:
            combined *= max(size, 1)
            combined += part
        width *= max(size, 1)
        members.append((k, max(size, 1)))
    assert combined is not None
    combined, uniques = _refactor(combined, width, members, uniques)
    if valid is None:
        return combined.astype(np.intp, copy=False), uniques
    out = np.full(n, -1, dtype=np.intp)
    out[valid] = combined
    return out, uniques


def _refactor(
    combined: npt.NDArray[np.signedinteger[Any]],
    width: int,
    members: list[tuple[int, int]],
    uniques: list[IntArray],
) -> tuple[npt.NDArray[np.int64], list[IntArray]]:
    """Dense codes for ``combined``, and each key's code per distinct value."""
    if width <= 1 << 22:
        present = np.zeros(width, dtype=bool)
        present[combined] = True
        distinct = np.flatnonzero(present)
        if len(distinct) == width:  # every combination is present: the codes are dense
            new = combined
        else:
            position = np.zeros(width, dtype=np.int64)
            position[distinct] = np.arange(len(distinct))
            new = position[combined]
    else:
        new_codes, found = pd.factorize(combined)
        new, distinct = new_codes.astype(np.int64), np.asarray(found, dtype=np.int64)
    rest = distinct.astype(np.int64)
    parts: list[IntArray] = []
    for _, size in reversed(members):
        parts.append((rest % size).astype(np.intp))
        rest = rest // size
    parts.reverse()
    # ``rest`` now indexes the previous combination: carry its keys' codes through.
    carried = [u[rest] for u in uniques] if uniques else []
    return new, carried + parts


def isolate(
    compute: Callable[[IntArray], tuple[Any, ...]],
    m: int,
    suspects: Callable[[], npt.NDArray[np.bool_]] | None = None,
) -> tuple[dict[int, tuple[Any, ...]], dict[int, CoderstatsError]]:
    """Run ``compute`` over keys ``0..m-1``; split on a key error until each bad key is alone.

    ``compute(positions)`` returns a tuple of arrays, one value per position. Errors that do
    not belong to keys (an option, a damaged table) are raised at once. Returns the results
    per chunk of good keys (keyed by their first position, with the positions first) and the
    error of each bad key. With no bad key, ``compute`` runs once. When the first run fails,
    ``suspects()`` (per key, whether it is likely bad) sets those keys apart, to be run one
    by one, so that many bad keys do not each cost a cascade of halvings.
    """
    done: dict[int, tuple[Any, ...]] = {}
    failed: dict[int, CoderstatsError] = {}
    pending = [np.arange(m, dtype=np.intp)]
    first = True
    while pending:
        positions = pending.pop()
        if not len(positions):
            continue
        try:
            done[int(positions[0])] = (positions, *compute(positions))
        except KEY_ERRORS as exc:
            if len(positions) == 1:
                failed[int(positions[0])] = exc
            elif first and suspects is not None and (likely := suspects()).any():
                pending += [np.flatnonzero(~likely)]
                pending += [p.reshape(1) for p in np.flatnonzero(likely)[::-1]]
            else:
                half = len(positions) // 2
                pending += [positions[half:], positions[:half]]
        first = False
    return done, failed


def not_a_column(value: object, what: str) -> InvalidInputError | None:
    """An error for a value that is neither a column name nor one plain value, else None.

    A Series, a list or an array where a column name is expected would otherwise be taken
    for a value and fail later with a message about something else.
    """
    if isinstance(value, pd.Series | pd.Index | pd.DataFrame | np.ndarray | list | tuple | set):
        msg = (
            f"{what}= takes the name of a column of the frame or one value for every row, not "
            f"a {type(value).__name__}; put the values in a column (frame.assign(...)) and "
            f"pass its name"
        )
        return InvalidInputError(msg)
    if isinstance(value, dict):
        msg = f"{what}= takes a column name or one value, not a dict"
        return InvalidInputError(msg)
    return None
