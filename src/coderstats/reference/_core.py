"""The core every source shares: a keyed table of yearly values, indexed once, gathered fast."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats._data import datapackage
from coderstats.errors import (
    CoderstatsError,
    DataIntegrityError,
    Hint,
    InvalidInputError,
    RateNotFoundError,
    show,
)

__all__ = [
    "YearTable",
    "common_length",
    "factorize_years",
    "frame_table",
    "shipped_vintage",
    "spans",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

#: The years a table may hold: the calendar years ``datetime.date`` knows.
FIRST_YEAR, LAST_YEAR = 1, 9999
#: The columns of :meth:`YearTable.coverage`.
COVERAGE_COLUMNS = ("key", "first_year", "last_year", "n_years")


@dataclass(frozen=True, eq=False)
class YearTable:
    """One value per (key, year), held as a dense ``[key x year]`` float array.

    Build it with :meth:`from_frame`; the sources keep one per table (the shipped table per
    process and content, a user's frame per frame: see :func:`frame_table`).

    Attributes
    ----------
    name : str
        The table, as messages name it (``"PPP table (private_consumption, ...)"``).
    what : str
        One value, as messages name it (``"CPI-U annual average"``).
    vintage : str
        The release the values come from.
    keys : tuple of str
        The keys (country codes, series, state codes), sorted, normalised (upper case).
    first_year, last_year : int
        The first and last year of any key.
    aliases : mapping of str to str
        Other names of keys (state names), upper case, to their key.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"k": ["a", "a", "b"], "y": [2020, 2021, 2021], "v": [1.0, 2, 3]})
    >>> t = YearTable.from_frame(frame, columns=("k", "y", "v"), name="demo", what="value")
    >>> t.keys, t.first_year, t.last_year
    (('A', 'B'), 2020, 2021)
    >>> t.gather(np.array(["B", "A"], dtype=object), np.array([2021, 2020])).tolist()
    [3.0, 1.0]
    """

    name: str
    what: str
    vintage: str
    keys: tuple[str, ...]
    first_year: int
    last_year: int
    values: FloatArray = field(repr=False)
    aliases: Mapping[str, str] = field(default_factory=dict, repr=False)
    _names: pd.Index = field(init=False, repr=False)
    _position: npt.NDArray[np.intp] = field(init=False, repr=False)
    _row: dict[str, int] = field(init=False, repr=False)  # key or alias -> row, for one key

    def __post_init__(self) -> None:
        self.values.setflags(write=False)
        extra = [a for a in sorted(self.aliases) if a not in self.keys]
        at = {k: i for i, k in enumerate(self.keys)}
        position = [*range(len(self.keys)), *(at[self.aliases[a]] for a in extra)]
        object.__setattr__(self, "_names", pd.Index([*self.keys, *extra], dtype=object))
        # The last slot answers "not found" (-1 from get_indexer).
        object.__setattr__(self, "_position", np.array([*position, -1], dtype=np.intp))
        object.__setattr__(self, "_row", dict(zip(self._names, position, strict=True)))

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        columns: tuple[str, str, str],
        name: str,
        what: str,
        vintage: str = "not stated",
        one_row_per: str = "key and year",
        aliases: Mapping[str, str] | None = None,
    ) -> YearTable:
        """Index a long frame: one row per (key, year), each value a positive number.

        Parameters
        ----------
        frame : pandas.DataFrame
            The rows; its index labels name bad rows in messages.
        columns : (str, str, str)
            The columns holding the key (text, case ignored), the year (whole, 1-9999) and
            the value (a positive number).
        name, what, vintage : str
            See the class attributes.
        one_row_per : str
            What must be unique, for the message about a repeated row.
        aliases : mapping, optional
            Other names of keys (case ignored), e.g. state names to state codes.

        Raises
        ------
        DataIntegrityError
            For a frame without rows or without one of the columns, a missing or empty key,
            a year that is missing, fractional or outside 1-9999, a value that is not a
            positive number, or two rows for one (key, year); the message names the row.
        """
        key, year, value = columns
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            msg = (
                f"{name} lacks the column(s) {', '.join(missing)}; it needs {key}, {year} and "
                f"{value} (columns found: {', '.join(map(str, frame.columns)) or 'none'})."
            )
            raise DataIntegrityError(msg)
        if len(frame) == 0:
            msg = f"{name} has no rows; give a table with at least one {what}."
            raise DataIntegrityError(msg)
        labels = frame.index
        key_codes, keys = _table_keys(frame[key], labels, name)
        years = _table_years(frame[year], labels, name)
        values = _table_values(frame[value], labels, name)
        first, last = int(years.min()), int(years.max())
        cell = key_codes.astype(np.int64) * (last - first + 1) + (years - first)
        repeated = pd.Series(cell).duplicated().to_numpy()
        if repeated.any():
            i = int(np.argmax(repeated))
            j = int(np.argmax(cell == cell[i]))
            msg = (
                f"{name} has two values for {keys[key_codes[i]]} {years[i]} (rows "
                f"{show(labels[j])} and {show(labels[i])}); keep one row per {one_row_per}."
            )
            raise DataIntegrityError(msg)
        dense = np.full((len(keys), last - first + 1), np.nan)
        dense[key_codes, years - first] = values
        named = {
            _options.normal_code(a): _options.normal_code(k) for a, k in (aliases or {}).items()
        }
        return cls(
            name=name,
            what=what,
            vintage=vintage,
            keys=tuple(keys),
            first_year=first,
            last_year=last,
            values=dense,
            aliases={str(a): str(k) for a, k in named.items() if k in keys and isinstance(a, str)},
        )

    def years_of(self, key: str) -> list[int]:
        """The years with a value for ``key`` (a key or an alias; none for an unknown key)."""
        found = self._row.get(key, -1)
        if found < 0:
            return []
        return [int(y) + self.first_year for y in np.flatnonzero(~np.isnan(self.values[found]))]

    def coverage(self) -> pd.DataFrame:
        """Which keys, which years: one row per key.

        Returns
        -------
        pandas.DataFrame
            Columns ``key`` (str), ``first_year`` and ``last_year`` (Int64) and ``n_years``
            (Int64: how many years between them have a value), sorted by key.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"k": ["a", "a", "b"], "y": [2020, 2022, 2021], "v": [1, 2, 3]})
        >>> t = YearTable.from_frame(frame, columns=("k", "y", "v"), name="t", what="v")
        >>> t.coverage().to_numpy().tolist()
        [['A', 2020, 2022, 2], ['B', 2021, 2021, 1]]
        """
        present = ~np.isnan(self.values)
        span = present.shape[1]
        first = np.argmax(present, axis=1) + self.first_year
        last = span - 1 - np.argmax(present[:, ::-1], axis=1) + self.first_year
        return pd.DataFrame(
            {
                "key": pd.Series(self.keys, dtype="str"),
                "first_year": pd.array(first, dtype="Int64"),
                "last_year": pd.array(last, dtype="Int64"),
                "n_years": pd.array(present.sum(axis=1), dtype="Int64"),
            }
        )

    def _positions(self, keys: ObjectArray) -> npt.NDArray[np.intp]:
        """Row of each key (or alias) in :attr:`values`; -1 where unknown."""
        if len(keys) == 0:
            return np.zeros(0, dtype=np.intp)
        return self._position[self._names.get_indexer(pd.Index(keys, dtype=object))]

    def gather(
        self,
        keys: ObjectArray,
        years: IntArray,
        *,
        unknown: Callable[[str], CoderstatsError] | None = None,
        fix: str = "",
        outside: Callable[[str, int, str], CoderstatsError] | None = None,
        hints: tuple[Hint, ...] = (),
    ) -> FloatArray:
        """The value of each (key, year); the first bad pair raises.

        Parameters
        ----------
        keys : numpy.ndarray of str
            Normalised keys (upper case) or aliases; broadcast against ``years``.
        years : numpy.ndarray of int64
            Years, any int64 value (far-off years are refused, never wrapped).
        unknown : callable, optional
            ``unknown(key)``: the error for a key the table does not have (listing the valid
            ones); default an ``InvalidInputError`` listing them.
        fix : str
            A sentence on how to get the value, appended to the default year message.
        hints : tuple of Hint
            The options that give the value, carried by the default year error.
        outside : callable, optional
            ``outside(key, year, years available)``: the error for a year the key has no
            value for; default a ``RateNotFoundError`` naming all three, then ``fix``.

        Returns
        -------
        numpy.ndarray
            float64, the broadcast shape of ``keys`` and ``years``; never NaN.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"k": ["a", "a"], "y": [2020, 2021], "v": [1.0, 2.0]})
        >>> t = YearTable.from_frame(frame, columns=("k", "y", "v"), name="t", what="v")
        >>> t.gather(np.array("A", dtype=object), np.array([2021, 2020])).tolist()
        [2.0, 1.0]
        >>> t.gather(np.array(["A"], dtype=object), np.array([2**63 - 1]))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        coderstats.errors.RateNotFoundError: no v for A in 9223372036854775807; years available ...
        """
        key_arr = np.asarray(keys, dtype=object)
        found_key = self._positions(key_arr.ravel()).reshape(key_arr.shape)
        rows, yrs = np.broadcast_arrays(found_key, np.asarray(years, dtype=np.int64))
        known = rows >= 0
        inside = (yrs >= self.first_year) & (yrs <= self.last_year)
        # Index with the first year where the year is outside: no sum on far-off years.
        column = np.where(inside, yrs, self.first_year) - self.first_year
        found: FloatArray = self.values[np.where(known, rows, 0), column]
        ok = known & inside & ~np.isnan(found)
        if not ok.all():
            i = np.unravel_index(int(np.argmin(ok)), ok.shape)
            key = np.broadcast_to(key_arr, ok.shape)[i]
            raise self._error(key, int(yrs[i]), unknown, outside, (fix, hints))
        return found

    def _error(
        self,
        key: object,
        year: int,
        unknown: Callable[[str], CoderstatsError] | None,
        outside: Callable[[str, int, str], CoderstatsError] | None,
        fix: tuple[str, tuple[Hint, ...]],
    ) -> CoderstatsError:
        row = int(self._positions(np.array([key], dtype=object))[0])
        if row < 0:
            if unknown is not None:
                return unknown(str(key))
            msg = f"{show(key)} is not in the {self.name}; valid: {', '.join(self.keys)}."
            return InvalidInputError(msg)
        code = self.keys[row]
        have = spans(self.years_of(code))
        if outside is not None:
            return outside(code, year, have)
        msg = f"no {self.what} for {code} in {year}; years available for {code}: {have}."
        return RateNotFoundError(f"{msg} {fix[0]}" if fix[0] else msg, hints=fix[1])


def _table_keys(
    column: pd.Series, labels: pd.Index, name: str
) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Codes per row into the sorted, normalised keys; a missing or empty key raises."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    normal = [_options.normal_code(u) for u in uniques]
    bad = [k for k, u in enumerate(normal) if not (isinstance(u, str) and u)]
    if (codes < 0).any() or bad:
        i = int(np.argmax((codes < 0) | np.isin(codes, bad)))
        msg = (
            f"{name}: row {show(labels[i])}, field {show(column.name)}: "
            f"{show(column.iloc[i])} is not a code; fill or drop the row."
        )
        raise DataIntegrityError(msg)
    keys = sorted({str(u) for u in normal})
    at = {k: i for i, k in enumerate(keys)}
    where = np.array([at[str(u)] for u in normal], dtype=np.intp)
    return where[codes], keys


def _table_years(column: pd.Series, labels: pd.Index, name: str) -> IntArray:
    """Whole years in 1-9999 as int64; anything else raises naming the row."""
    number = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(number) & (number == np.round(number))
        ok &= (number >= FIRST_YEAR) & (number <= LAST_YEAR)
    if not ok.all():
        i = int(np.argmin(ok))
        msg = (
            f"{name}: row {show(labels[i])}, field {show(column.name)}: "
            f"{show(column.iloc[i])} is not a year ({FIRST_YEAR}-{LAST_YEAR}); fill or drop "
            "the row."
        )
        raise DataIntegrityError(msg)
    return number.astype(np.int64)


def _table_values(column: pd.Series, labels: pd.Index, name: str) -> FloatArray:
    """Positive finite numbers as float64; anything else raises naming the row."""
    number = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(number) & (number > 0)
    if not ok.all():
        i = int(np.argmin(ok))
        msg = (
            f"{name}: row {show(labels[i])}, field {show(column.name)}: "
            f"{show(column.iloc[i])} is not a positive number; fill or drop the row."
        )
        raise DataIntegrityError(msg)
    return number


# --------------------------------------------------------------------------------------------
# Tables of user frames: indexed once, then found by identity


T = TypeVar("T")


class _FrameCache:
    """Tables built from user frames, by ``id(frame)`` and a weak reference to the frame.

    The weak reference tells a live frame from a new one that got the id of a dead one; an
    entry leaves when its frame is collected, and the cache keeps at most the ``size`` most
    recently used tables.
    """

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[
            tuple[int, Hashable], tuple[weakref.ref[pd.DataFrame], tuple[int, int], object]
        ] = OrderedDict()

    def get(self, frame: pd.DataFrame, variant: Hashable, build: Callable[[], T]) -> T:
        key = (id(frame), variant)
        shape = (len(frame), len(frame.columns))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is frame and entry[1] == shape:
                self._entries.move_to_end(key)
                return cast("T", entry[2])
        table = build()
        with self._lock:
            self._entries[key] = (weakref.ref(frame), shape, table)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        weakref.finalize(frame, self._drop, key)
        return table

    def __contains__(self, key: tuple[int, Hashable]) -> bool:
        return key in self._entries

    def _drop(self, key: tuple[int, Hashable]) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is None:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_FRAMES = _FrameCache()


def frame_table(
    frame: object, variant: Hashable, build: Callable[[pd.DataFrame], T], what: str
) -> T:
    """The table of a user's frame: built on its first use, then found by identity.

    ``variant`` tells apart tables built from one frame (the two PPP indicators). A frame
    changed in place after its first use keeps its table (unless its shape changed): pass a
    new frame (``frame.copy()``) to have it indexed again.

    Raises
    ------
    InvalidInputError
        If ``frame`` is not a DataFrame; ``what`` says which loader gives one.
    """
    if not isinstance(frame, pd.DataFrame):
        msg = f"a table must be a DataFrame from {what}, not a {type(frame).__name__}."
        raise InvalidInputError(msg)
    return _FRAMES.get(frame, variant, lambda: build(frame))


def shipped_vintage(resource: str) -> str:
    """The vintage of a shipped table, as ``datapackage.json`` cites its sources."""
    for res in datapackage()["resources"]:
        if res["name"] == resource:
            found = [str(s["vintage"]) for s in res.get("sources", []) if s.get("vintage")]
            return "; ".join(found) or "not stated"
    return "not stated"


# --------------------------------------------------------------------------------------------
# Inputs shared by the lookups


def spans(years: list[int]) -> str:
    """Runs of consecutive years.

    Examples
    --------
    >>> spans([2015, 2016, 2017, 2019]), spans([])
    ('2015-2017, 2019', 'none')
    """
    if not years:
        return "none"
    parts: list[str] = []
    start = prev = years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def common_length(first: Any, second: Any, what: str = "country codes") -> int:
    """The number of rows of two inputs, each an array or one value for every row.

    Raises
    ------
    InvalidInputError
        If both are arrays of different lengths.

    Examples
    --------
    >>> common_length(["DEU", "IND"], 2024), common_length("DEU", 2024)
    (2, 1)
    """
    sizes = [int(np.size(v)) for v in (first, second) if v is not None and np.ndim(v) > 0]
    if len(set(sizes)) > 1:
        msg = (
            f"{what} and years differ in length ({sizes[0]} and {sizes[1]}); pass one "
            "value per row, or a single value to use for every row."
        )
        raise InvalidInputError(msg)
    return sizes[0] if sizes else 1


def factorize_years(values: Any, n: int) -> tuple[npt.NDArray[np.intp], IntArray]:
    """Codes per row into the distinct whole years; anything but a whole year raises.

    Examples
    --------
    >>> codes, years = factorize_years([2024, 2015.0, 2024], 3)
    >>> codes.tolist(), years.tolist()
    ([0, 1, 0], [2024, 2015])
    """
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=object) if values.hasnans else values.to_numpy()
    whole = _options.whole_years(values).ravel()
    codes, uniques = pd.factorize(whole)
    if len(whole) == 1 and n > 1:
        codes = np.zeros(n, dtype=np.intp)
    return codes.astype(np.intp), np.asarray(uniques, dtype=np.int64)
