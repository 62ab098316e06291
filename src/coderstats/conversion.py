"""The conversion pipeline (``convert``): salaries to market, PPP or constant dollars, any period.

Every conversion is worked out once per distinct (currency, country, year or date) key: the
keys are factorised, each key's factor is computed (the exchange rate, the PPP factor, the CPI
ratio and the pay-period change, put through the package's pint registry), and the factors
are gathered back onto the rows and multiplied with numpy. No Python code runs per row.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, Unpack, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _data, _options, units
from coderstats.engine import bases
from coderstats.engine.bases import KeyValues
from coderstats.engine.codes import dense_codes, factorize_fixed_width
from coderstats.engine.keys import RowProblems, combine, isolate
from coderstats.engine.request import (
    AmountOptions,
    FrameOptions,
    Request,
    build_request,
    no_time,
)
from coderstats.errors import (
    CoderstatsError,
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidInputError,
    UnknownCountryError,
    UnknownCurrencyError,
    show,
)

__all__ = ["BASES", "Conversion", "convert", "convert_amount"]

Basis = _options.Basis

#: The caller's frame type: convert() gives back a frame of the same kind.
FrameT = TypeVar("FrameT")

#: Conversion bases, each named in the output so that no figure is ambiguous.
BASES: tuple[str, ...] = _options.BASES

# infer_dtype kinds of an object column whose values pandas can read as numbers directly;
# any other kind (booleans, complex numbers, dates, mixtures) is read through its text, so
# that True is refused instead of being taken for 1.
_PLAIN_KINDS = frozenset(
    {"integer", "floating", "mixed-integer-float", "decimal", "string", "empty"}
)


@dataclass(frozen=True)
class Conversion:
    """One converted amount, with the rule that produced it.

    Attributes
    ----------
    value : float
        The converted amount (NaN only if the input amount was NaN).
    unit : str
        Currency of ``value`` (``"USD"``, ``"international $"``, ...) per ``period``.
    period : str
        Pay period of ``value``.
    basis : str
        ``"nominal"``, ``"market"``, ``"ppp"``, ``"real"`` or ``"rpp"``.
    label : str
        Human-readable description of the rule, e.g. ``"USD, market, ECB 2024 annual mean"``.
    factor : float
        ``value / amount``.
    fallback : str
        Empty when no fallback was used, else which one.
    """

    value: float
    unit: str
    period: str
    basis: str
    label: str
    factor: float
    fallback: str

    def __float__(self) -> float:
        return self.value


@dataclass
class _Keyed:
    """A column (or one value broadcast to every row) as factorised codes and unique values."""

    codes: npt.NDArray[np.signedinteger[Any]]  # intp, or a smaller type
    uniques: npt.NDArray[np.object_]
    column: str | None


def _key(frame: pd.DataFrame, spec: object, request: Request) -> _Keyed:
    """Factorise the column ``spec`` names, or broadcast ``spec`` as one value.

    A literal request (:func:`convert_amount`) always takes ``spec`` as a value. Missing
    values in a column are coded -1; the caller flags those rows.
    """
    if not request.literal and isinstance(spec, str) and spec in frame.columns:
        series: Any = frame[spec]  # a DataFrame when the name is not unique
        if isinstance(series, pd.DataFrame):
            msg = f"the frame has {series.shape[1]} columns named {show(spec)}; rename all but one"
            raise InvalidInputError(msg)
        codes, uniques = _factorize(series)
        return _Keyed(codes, np.asarray(uniques, dtype=object), spec)
    values = np.empty(1, dtype=object)
    values[0] = spec
    return _Keyed(np.zeros(len(frame), dtype=np.intp), values, None)


def _is_value(spec: object, frame: pd.DataFrame, request: Request) -> str:
    """Hint for a literal string that may be a misspelt column name (never for a column)."""
    if request.literal or not isinstance(spec, str) or spec in frame.columns:
        return ""
    columns = list(request.frame_columns)
    return f" ({show(spec)} is a value and not a column of the frame: {columns})"


def _amounts(frame: pd.DataFrame, column: str, rows: RowProblems) -> npt.NDArray[np.float64]:
    """The column as float64 (NaN kept); rows that are not money amounts are flagged."""
    series: Any = frame[column]  # a DataFrame when the name is not unique
    if isinstance(series, pd.DataFrame):
        msg = f"the frame has {series.shape[1]} columns named {show(column)}; rename all but one"
        raise InvalidInputError(msg)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        _flag_amounts(rows, series, column, series.notna().to_numpy(dtype=bool), _NOT_A_NUMBER)
        return np.full(len(series), np.nan)
    if not (
        (pd.api.types.is_numeric_dtype(dtype) and dtype.kind in "iuf")
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
    ):
        msg = (
            f"amount column {show(column)} has dtype {dtype}, which does not hold money amounts; "
            "give plain numbers (e.g. frame[column].astype(float) if they are numbers)"
        )
        raise InvalidAmountError(msg)
    if dtype.kind in "iuf":
        values: npt.NDArray[np.float64] = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        kind = pd.api.types.infer_dtype(series, skipna=True)
        text = series if kind in _PLAIN_KINDS else series.astype(str)
        numeric = pd.to_numeric(text, errors="coerce")
        values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.isnan(values) & series.notna().to_numpy()
        _flag_amounts(rows, series, column, bad, _NOT_A_NUMBER)
    with np.errstate(invalid="ignore"):
        _flag_amounts(rows, series, column, (values < 0) | np.isinf(values), _NEGATIVE)
    return values


_NOT_A_NUMBER = (
    "is not a number; give plain numbers such as 52000 (no '$', no 'k', no thousands "
    "separators, no booleans)"
)
_NEGATIVE = "is negative or infinite; salaries must be zero or positive finite numbers"
_TOO_LARGE = (
    "is too large: converted, it would pass the largest float (about 1.8e308); "
    "check the amount and its currency and pay period"
)


def _flag_amounts(
    rows: RowProblems, series: pd.Series, column: str, bad: npt.NDArray[np.bool_], why: str
) -> None:
    """Flag the ``bad`` rows of an amount column, quoting the first bad value."""
    if bad.any():
        first = series.iloc[int(np.argmax(bad))]
        rows.add(bad, InvalidAmountError(f"amount {show(first)} {why}"), column)


def _factorize(series: pd.Series) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Codes (-1 for missing) and the distinct values of a column, in order of appearance
    for plain columns; a categorical column reuses its own codes (unused categories dropped).
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        cat_codes = series.cat.codes.to_numpy()
        categories = series.cat.categories
        used = np.bincount(cat_codes[cat_codes >= 0], minlength=len(categories)) > 0
        remap = np.full(len(categories) + 1, -1, dtype=np.intp)
        remap[np.flatnonzero(used)] = np.arange(int(used.sum()))
        # cat_codes == -1 (missing) picks the last slot of remap, which stays -1.
        return remap[cat_codes], np.asarray(categories[used], dtype=object)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iu" and len(series):
        # Whole numbers (years) in a narrow range: a dense table instead of hashing. The span
        # is worked out in Python integers, which cannot overflow.
        values = series.to_numpy()
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= _DENSE_KEYS:
            codes, distinct = dense_codes(np.subtract(values, low, dtype=np.intp), span)
            return codes, (distinct + low).astype(object)
    fixed = factorize_fixed_width(series)  # codes of one width, such as ISO codes
    if fixed is not None:
        return fixed
    plain: Any = series
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        # Hashing the underlying Python strings is about a third faster than the str path.
        plain = series.to_numpy(dtype=object)
    codes, uniques = pd.factorize(plain, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


#: Largest span of whole numbers factorised with a dense lookup table.
_DENSE_KEYS = 1 << 22


def _missing_keys(keyed: _Keyed, what: str, rows: RowProblems) -> None:
    missing = keyed.codes < 0
    if missing.any():
        msg = f"{what} is missing; every row needs a {what} (fill it or drop the row)"
        rows.add(missing, InvalidInputError(msg), keyed.column)


def _times(
    keyed: _Keyed, request: Request, frame: pd.DataFrame, rows: RowProblems
) -> npt.NDArray[np.int64]:
    """Each distinct year (or day number) checked once; rows of a bad one are flagged."""
    out = np.zeros(len(keyed.uniques), dtype=np.int64)
    what = "date" if request.by_date else "year"
    where = (
        f" in column {keyed.column!r}"
        if keyed.column
        else f" given as {what}=" + _is_value(keyed.uniques[0], frame, request)
    )
    for i, value in enumerate(keyed.uniques):
        try:
            if request.by_date:
                out[i] = _options.day_number(value, where=where)
            else:
                out[i] = _options.whole_year(value, where=where)
        except InvalidInputError as exc:
            rows.add(keyed.codes == i, exc, keyed.column)
    return out


def _codes(keyed: _Keyed) -> npt.NDArray[np.object_]:
    """The distinct codes normalised (stripped, upper-cased); the lookups judge them."""
    out = np.empty(len(keyed.uniques), dtype=object)
    out[:] = [_options.normal_code(value) for value in keyed.uniques]
    return out


@dataclass
class _Keys:
    """The key columns of a conversion, factorised (time last)."""

    currency: _Keyed
    country: _Keyed | None
    state: _Keyed | None
    time: _Keyed | None
    time_values: npt.NDArray[np.int64] | None
    by_date: bool

    def all(self) -> list[_Keyed]:
        return [k for k in (self.currency, self.country, self.state, self.time) if k is not None]


def _keys(frame: pd.DataFrame, request: Request, rows: RowProblems) -> _Keys:
    def key(spec: object, what: str) -> _Keyed | None:
        if spec is None:
            return None
        keyed = _key(frame, spec, request)
        _missing_keys(keyed, what, rows)
        return keyed

    currency = _key(frame, request.currency, request)  # None too: refused later
    _missing_keys(currency, "currency", rows)
    time = key(request.time, "date" if request.by_date else "year")
    values = None if time is None else _times(time, request, frame, rows)
    country, state = key(request.country, "country"), key(request.us_state, "US state")
    return _Keys(currency, country, state, time, values, request.by_date)


def _key_values(keys: _Keys, parts: list[npt.NDArray[np.intp]]) -> KeyValues:
    """The distinct combinations as arrays of currency, country, state and year or day."""
    given = keys.all()
    picked = {id(k): part for k, part in zip(given, parts, strict=True)}

    def values(keyed: _Keyed | None, normal: bool) -> Any:
        if keyed is None:
            return None
        uniques = _codes(keyed) if normal else keyed.uniques
        return uniques[picked[id(keyed)]]

    time = None
    if keys.time is not None and keys.time_values is not None:
        time = keys.time_values[picked[id(keys.time)]]
    days = time if keys.by_date else None
    years = None
    if time is not None:
        years = _year_of_days(time) if days is not None else time
    return KeyValues(
        values(keys.currency, True),
        values(keys.country, True),
        values(keys.state, False),
        years,
        days,
    )


def _year_of_days(days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _run(frame: pd.DataFrame, request: Request) -> pd.DataFrame:
    """The pipeline behind :func:`convert` and :func:`convert_amount`."""
    rows = RowProblems(frame.index)
    amounts = {col: _amounts(frame, col, rows) for col in request.columns}
    keys = _keys(frame, request, rows)
    given = keys.all()
    first = np.where(rows.ok(), given[0].codes, -1) if rows else given[0].codes
    codes = [first, *(k.codes for k in given[1:])]
    row_codes, parts = combine(codes, [len(k.uniques) for k in given])
    values = _key_values(keys, parts)
    _check_time_and_target(request, keys.time is not None, values)
    done, failed = isolate(
        lambda positions: bases.factors(request, values.take(positions)),
        len(parts[0]),
        suspects=lambda: bases.likely_bad(request, values),
    )
    per_key = np.full(len(parts[0]), np.nan)
    labels = np.full(len(parts[0]), None, dtype=object)
    fallback = labels.copy()
    for positions, factor, label, used in done.values():
        per_key[positions], labels[positions], fallback[positions] = factor, label, used
    rows.add_keyed(row_codes, {k: _placed(exc, request, frame) for k, exc in failed.items()})
    row_factor = np.append(per_key, np.nan)[row_codes]  # code -1 picks the NaN
    converted = _multiply(amounts, row_factor, frame, rows)
    nan_amounts = {col: int(np.isnan(values).sum()) for col, values in amounts.items()}
    if rows:
        if request.errors == "raise":
            raise rows.first() if request.literal else rows.error(request.suffix)
        converted, row_factor = _blank_bad_rows(converted, row_factor, rows)
        row_codes = np.where(rows.ok(), row_codes, -1)
    good = np.isfinite(per_key)
    currencies = _codes(keys.currency) if len(frame) == 0 else values.currencies[good]
    attrs = {"unit": bases.unit(request, currencies), "nan_amounts": nan_amounts}
    return _assemble(
        frame, request, converted, row_factor, (labels, fallback, row_codes), rows, attrs
    )


def _placed(
    exc: CoderstatsError, request: Request, frame: pd.DataFrame
) -> tuple[CoderstatsError, str | None]:
    """A key's error with the column it concerns (a literal non-column string says so)."""
    if isinstance(exc, UnknownCurrencyError | CurrencyMismatchError):
        spec = request.currency
    elif isinstance(exc, UnknownCountryError):
        spec = request.us_state if request.basis == "rpp" else request.country
    else:
        spec = request.time
    column = (
        spec if not request.literal and isinstance(spec, str) and spec in frame.columns else None
    )
    hint = (
        _is_value(spec, frame, request)
        if isinstance(exc, UnknownCurrencyError | UnknownCountryError)
        else ""
    )
    return (type(exc)(f"{exc}{hint}") if hint else exc), column


def _check_time_and_target(request: Request, has_time: bool, values: KeyValues) -> None:
    """Market conversions need a time and a known target currency, once any rate is used."""
    foreign = values.currencies[values.currencies != request.target]
    if request.basis != "market" or not len(foreign):
        return
    if not has_time:
        task = f"to convert {foreign[0]} to {request.target}"
        raise no_time(request.basis, literal=request.literal, task=task)
    from coderstats.engine.market import check_target

    check_target(request)


def _multiply(
    amounts: dict[str, npt.NDArray[np.float64]],
    row_factor: npt.NDArray[np.float64],
    frame: pd.DataFrame,
    rows: RowProblems,
) -> dict[str, npt.NDArray[np.float64]]:
    """Each amount column times the row factors; a result past the float range is flagged."""
    out = {}
    for col, amount in amounts.items():
        with np.errstate(over="ignore", invalid="ignore"):
            result = amount * row_factor
        overflow = np.isinf(result)
        if overflow.any() and (overflow := overflow & np.isfinite(amount)).any():
            first = frame[col].iloc[int(np.argmax(overflow))]
            rows.add(overflow, InvalidAmountError(f"amount {show(first)} {_TOO_LARGE}"), col)
        out[col] = result
    return out


def _blank_bad_rows(
    converted: dict[str, npt.NDArray[np.float64]],
    row_factor: npt.NDArray[np.float64],
    rows: RowProblems,
) -> tuple[dict[str, npt.NDArray[np.float64]], npt.NDArray[np.float64]]:
    """NaN in every output of a row that could not be converted (errors='coerce')."""
    bad = ~rows.ok()
    blanked = {col: np.where(bad, np.nan, values) for col, values in converted.items()}
    return blanked, np.where(bad, np.nan, row_factor)


def _assemble(
    frame: pd.DataFrame,
    request: Request,
    converted: dict[str, npt.NDArray[np.float64]],
    row_factor: npt.NDArray[np.float64],
    key_labels: tuple[npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.intp]],
    rows: RowProblems,
    attrs: dict[str, Any],
) -> pd.DataFrame:
    labels, fallback, codes = key_labels
    suffix = request.suffix
    # The arrays are this call's own: the new columns hold them without a copy.
    new: dict[str, Any] = {
        f"{col}_{suffix}": pd.Series(values, index=frame.index, dtype="float64", copy=False)
        for col, values in converted.items()
    }
    new[f"factor_{suffix}"] = pd.Series(row_factor, index=frame.index, dtype="float64", copy=False)
    new[f"basis_{suffix}"] = _categorical(labels, codes, frame.index)
    new[f"fallback_{suffix}"] = _categorical(fallback, codes, frame.index)
    if request.errors == "coerce":
        new[f"problem_{suffix}"] = rows.column()
    used = np.array([bool(f) for f in fallback], dtype=bool)
    result = frame.assign(**new)
    result.attrs = {
        **copy.deepcopy(frame.attrs),
        "basis": request.basis,
        "unit": attrs["unit"],
        "period": request.to_period,
        "nan_amounts": attrs["nan_amounts"],
        "fallback_rows": int(used[codes[codes >= 0]].sum()) if used.any() else 0,
        "problems": rows.counts(),
    }
    return result


def _categorical(
    values: npt.NDArray[np.object_], codes: npt.NDArray[np.intp], index: pd.Index
) -> pd.Series:
    """Per-key labels spread onto the rows as a categorical (small codes, one string per key).

    Rows with code -1 (not converted) are missing; so are keys whose label is None.
    """
    seen: dict[str, int] = {}
    numbered = [-1 if v is None else seen.setdefault(v, len(seen)) for v in values.tolist()]
    small = np.array(numbered, dtype=_code_type(len(seen)))
    dtype = _label_type(tuple(seen))
    if len(small) and (small == small[0]).all() and not (codes < 0).any():
        row = np.full(len(codes), small[0], dtype=small.dtype)  # one label for every row
    else:
        row = np.append(small, -1).astype(small.dtype)[codes]  # code -1 picks the missing code
    data = pd.Categorical.from_codes(row, dtype=dtype, validate=False)
    return pd.Series(data, index=index, copy=False)


@functools.lru_cache(maxsize=64)
def _label_type(labels: tuple[str, ...]) -> pd.CategoricalDtype:
    """The categorical type of these labels (the same for every call with them)."""
    return pd.CategoricalDtype(pd.Index(list(labels), dtype="str"))


def _code_type(categories: int) -> type[np.signedinteger[Any]]:
    """The integer type pandas keeps the codes of so many categories in (so that it takes
    the codes without a copy)."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64


def convert(
    frame: FrameT,
    *,
    amount: str | Sequence[str],
    currency: str,
    **options: Unpack[FrameOptions],
) -> FrameT:
    """Convert salary columns of a frame to another currency, basis and pay period.

    ``currency``, ``country``, ``year`` and ``date`` each name a column of ``frame`` or give one
    value for every row (a string that is not a column name is taken as a value).

    Parameters
    ----------
    frame : pandas.DataFrame, or a polars, pyarrow, DuckDB or Dask frame
        The salaries. Never modified. A frame of another library than pandas gives a frame
        of the same kind (``pip install 'coderstats[polars]'``, ``[arrow]``, ``[duckdb]``,
        ``[dask]``): a polars LazyFrame stays lazy and a Dask frame is converted per
        partition when computed, each checked against its schema at once; a DuckDB relation
        is read once and given back as a relation. Rows are named by their position from 0
        (by the partition's index for Dask). Only pandas results carry ``attrs``.
    amount : str or sequence of str
        Column(s) holding amounts in ``currency`` per ``period`` (e.g. ``["low", "high"]``).
        Amounts must be zero or positive numbers (numeric strings such as ``"52000"`` and
        ``decimal.Decimal`` values in an object column are read as floats; ``"52k"``,
        ``"$52,000"`` and booleans are refused). NaN amounts are not an error: they stay NaN
        and are counted per column in ``result.attrs["nan_amounts"]``. The same rule holds
        for one amount (:func:`convert_amount`, :func:`coderstats.deflate`).
    currency : str
        Column of ISO 4217 codes, or one code (case and surrounding spaces are ignored).
    country : str, optional
        Column of ISO 3166 alpha-3 codes, or one code: the country where the pay is spent.
        Required for ``basis="ppp"``, refused by the other bases (which would ignore it).
    us_state : str, optional
        Column of US state codes or names (``"NY"``, ``"New York"``), or one value: where US
        dollars are spent. Required for ``basis="rpp"``, refused by the other bases.
    year : str or int, optional
        Column of reference years, or one year (whole numbers: ``2024`` or ``2024.0``, not
        ``"2024"``). Market rates are the ECB annual mean of the year; PPP factors and CPI are
        the year's. Not needed with ``"nominal"``, nor with ``"market"`` when every currency
        already is ``to`` (no rate is used).
    date : str, optional
        Column of dates, or one date, for market rates of a given day (instead of ``year``);
        PPP factors and CPI are those of the date's year.
    to : str
        Target currency for ``"market"`` (default USD). ``"real"`` works in USD; ``"ppp"``
        gives international dollars and ``"nominal"`` keeps the local currency, so neither
        takes another ``to``.
    basis : {"nominal", "market", "ppp", "real", "rpp"}
        ``nominal``: stay in the local currency (only the pay period changes; no year needed);
        ``market``: ECB reference rates; ``ppp``: international dollars of the year via the
        country's PPP factor (a salary paid in another currency than the country's is first
        converted at market rates into the country's currency); ``real``: USD at market rates,
        deflated with CPI-U to dollars of ``base_year``; ``rpp``: US dollars spent in a state,
        expressed at national-average prices with the state's BEA regional price parity of
        the year (a state is not a city; parities compare places within a year, not years).
    period, to_period : {"year", "month", "week", "hour"}
        Pay period of the input and of the output (work year of 2,080 hours).
    base_year : int, optional
        Year of the constant dollars for ``"real"`` (default: the latest CPI-U year). With
        ``"ppp"`` it deflates international dollars with CPI-U as well. Not used by the other
        bases (giving it there is an error).
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator; the WDI codes ``PA.NUS.PRVT.PP`` and ``PA.NUS.PPP`` are
        accepted too, case ignored (see :func:`coderstats.reference.worldbank.indicator_name`).
    missing : {"raise", "previous", "interpolate"}
        What to do on a date without an ECB fixing.
    out_of_range : {"raise", "clamp"}
        What to do on a date or year outside a currency's coverage.
    market_source : {"auto", "ecb", "worldbank"}
        Whose market rates: ``"auto"`` (default) takes ECB reference rates wherever the ECB
        fixes both currencies at the date or year asked for, and the World Bank's official
        rate (annual average, LCU per US$) otherwise, for instance for the naira or the CFA
        franc; ``"ecb"`` and ``"worldbank"`` insist on one publisher. The rule of each row
        names the one used.
    ppp_beyond : {"raise", "carry"}
        For PPP, a year after a country's last published factor (the World Bank publishes
        PPPs up to 2024): refuse (default), or carry the last published factor forward, with
        the year it came from in the rule and the fallback of each row. The United States'
        factor is 1 by definition in every year.
    foreign_currency : {"convert", "raise"}
        For PPP, a salary whose currency is not the country's: convert at market rates first
        (default) or refuse with :class:`~coderstats.errors.CurrencyMismatchError`.
    rates : pandas.DataFrame, optional
        Exchange rates from :func:`coderstats.reference.ecb.load_ecb_rates` to use instead of the
        shipped history.
    ppp_table : pandas.DataFrame, optional
        PPP factors from :func:`coderstats.load_ppp` (for instance of a newer World Bank
        WDI download) to use instead of the shipped table.
    cpi_table : pandas.DataFrame, optional
        CPI-U annual averages shaped like :func:`coderstats.load_cpi`'s (columns ``year``,
        ``cpi_u`` and optionally ``series_id``; for instance with a newer year) to use
        instead of the shipped table, for ``"real"``, for ``"ppp"`` with ``base_year``,
        and for the default ``base_year`` (its latest year).
    rpp_table : pandas.DataFrame, optional
        Regional price parities shaped like :func:`coderstats.load_rpp`'s (columns
        ``state_code``, ``year``, ``rpp_all_items`` and optionally ``state``, the names
        that may be given instead of codes) to use instead of the shipped table, for
        ``"rpp"``. Each of the three tables is indexed on its first use and found again by
        identity afterwards: after changing one in place, pass a copy (``frame.copy()``).
    errors : {"raise", "coerce"}
        What to do with rows that cannot be converted (a bad amount, a missing or unknown
        code, a year or date without a rate, a result past the float range): ``"raise"``
        one error naming every problem (its column, how many rows and the first row
        labels); ``"coerce"`` to give those rows NaN in the new columns and the reason in
        ``problem_{suffix}`` (categorical, empty where the row was converted), counted per
        reason in ``attrs["problems"]``. The other rows are converted either way.
    suffix : str, optional
        Suffix of the new columns (default: the basis).

    Returns
    -------
    pandas.DataFrame
        A new frame: the input columns (same index), then for each amount column
        ``{amount}_{suffix}`` (float64, target currency per ``to_period``), and
        ``factor_{suffix}`` (float64, output per unit of input), ``basis_{suffix}``
        (categorical label of the rule) and ``fallback_{suffix}`` (categorical; empty string
        when no fallback was used), and with ``errors="coerce"`` ``problem_{suffix}``.
        ``attrs`` holds the input's attrs plus ``basis``, ``unit``, ``period``,
        ``nan_amounts`` (per amount column), ``fallback_rows`` and ``problems`` (rows per
        reason; empty when every row was converted).
        An empty frame gives an empty result with these columns.

    Raises
    ------
    UnknownCurrencyError, UnknownCountryError
        A code that is not valid or has no data.
    RateNotFoundError
        A year or date outside the data (the message states the bounds).
    InvalidAmountError
        A negative, infinite, boolean or non-numeric amount (the message names the row).
    InvalidInputError
        An unknown option, a missing column, a missing currency, country or year in a row,
        a malformed year, an option that does not apply to the basis, or an output column
        that already exists (pass ``suffix=``).
    CurrencyMismatchError
        With ``foreign_currency="raise"``, a currency that is not the country's.

    Notes
    -----
    Market rates are the ECB euro reference rates (cross rates through the euro; the annual
    rate is the mean of the year's daily cross rates). PPP factors are World Bank WDI
    conversion factors, LCU per international $; years after the 2021 ICP benchmark are
    World Bank extrapolations, and the basis label says so. CPI-U is the BLS series
    CUUR0000SA0, annual averages.

    Examples
    --------
    >>> import pandas as pd
    >>> pay = pd.DataFrame({"low": [25_000.0], "high": [45_000.0], "currency": ["GBP"]})
    >>> out = convert(pay, amount=["low", "high"], currency="currency", year=2024)
    >>> out[["low_market", "high_market"]].round().iloc[0].tolist()
    [31965.0, 57537.0]
    >>> str(out["basis_market"].iloc[0])
    'USD, market, ECB 2024 annual mean of daily cross rates (256 fixing days)'
    """
    given: object = frame  # callers pass anything at run time, whatever the annotation says
    if isinstance(given, pd.DataFrame):
        request = build_request(given, amount=amount, currency=currency, **options)
        return cast("FrameT", _run(given, request))
    from coderstats.engine import frames

    backend = frames.backend_of(given)
    if backend is None:
        raise frames.unsupported(given)

    def plan(schema: pd.DataFrame) -> Request:
        return build_request(schema, amount=amount, currency=currency, **options)

    if backend == "dask":
        from coderstats.engine import partitions

        return cast("FrameT", partitions.convert_dask(given, plan, _run))
    return cast("FrameT", frames.convert_frame(given, backend, plan, _run))


def convert_amount(
    amount: float,
    currency: str,
    **options: Unpack[AmountOptions],
) -> Conversion:
    """Convert one amount; the same pipeline as :func:`convert` on a one-row frame.

    Parameters are those of :func:`convert`, each given as one value. A NaN amount gives a
    NaN ``value`` (not an error), as a NaN cell does in :func:`convert`; a ``Decimal`` is
    read as a float. No year is needed when no rate is used (``"nominal"``, or ``"market"``
    from ``to`` into itself).

    Returns
    -------
    Conversion
        The value with its unit, period, basis, rule label, factor and fallback.

    Raises
    ------
    InvalidAmountError
        If ``amount`` is not a number (strings such as ``"52k"``, booleans), or is negative
        or infinite.
    UnknownCurrencyError, UnknownCountryError, RateNotFoundError, InvalidInputError
        As :func:`convert`.

    Examples
    --------
    >>> round(convert_amount(25_000, "GBP", year=2024).value)
    31965
    >>> round(convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024).value)
    35537
    >>> round(convert_amount(42_000, "USD", basis="real", year=2015, base_year=2024).value)
    55586
    >>> round(convert_amount(47_180, "USD", basis="nominal", to_period="hour").value, 2)
    22.68
    """
    value = units.check_amount(amount)
    for name in ("errors", "suffix"):  # options of a frame's conversion only
        if name in options:
            msg = f"unknown option {name!r} for one amount; it is an option of convert()"
            raise TypeError(msg)
    rule = _scalar_rule(currency, dict(options))
    result = value * rule.factor
    if math.isinf(result):
        msg = f"amount {show(amount)} {_TOO_LARGE}"
        raise InvalidAmountError(msg)
    return Conversion(
        result, rule.unit, rule.period, rule.basis, rule.label, rule.factor, rule.fallback
    )


def _scalar_rule(currency: object, options: dict[str, Any]) -> Conversion:
    """The conversion of one unit: worked out once per distinct call, then remembered.

    Calls with a user's table (``rates=`` and the like) are worked out every time; the others
    are remembered per distinct options and version of the shipped data, so that a loop of
    :func:`convert_amount` calls costs a dictionary look-up each.
    """
    if any(isinstance(value, pd.DataFrame) for value in options.values()):
        return _unit_conversion(currency, options)
    try:
        key = (
            (type(currency).__name__, currency),
            tuple(sorted((k, type(v).__name__, v) for k, v in options.items())),
            _data.generation(),
        )
        hash(key)
    except TypeError:  # an unhashable value: refused (or converted) the long way
        return _unit_conversion(currency, options)
    return _remembered(key, currency, options)


_REMEMBERED: dict[Any, Conversion] = {}
_REMEMBER_AT_MOST = 4096


def _remembered(key: Any, currency: object, options: dict[str, Any]) -> Conversion:
    found = _REMEMBERED.get(key)
    if found is None:
        found = _unit_conversion(currency, options)  # an error is raised, never remembered
        if len(_REMEMBERED) >= _REMEMBER_AT_MOST:
            _REMEMBERED.clear()
        _REMEMBERED[key] = found
    return found


def _unit_conversion(currency: object, options: dict[str, Any]) -> Conversion:
    """One unit of ``currency`` converted: the factor, unit and rule of a single amount."""
    request = build_request(None, amount="amount", currency=currency, **options)
    keys = _scalar_keys(request)
    _check_time_and_target(request, request.time is not None, keys)
    factor, label, fallback = (part[0] for part in bases.factors(request, keys))
    return Conversion(
        value=float(factor),
        unit=bases.unit(request, keys.currencies),
        period=request.to_period,
        basis=request.basis,
        label=str(label),
        factor=float(factor),
        fallback=str(fallback),
    )


def _scalar_keys(request: Request) -> KeyValues:
    """The one key of a single amount, each value checked as a frame's distinct values are."""

    def one(value: object) -> npt.NDArray[np.object_]:
        out = np.empty(1, dtype=object)
        out[0] = _options.normal_code(value) if isinstance(value, str) else value
        return out

    years = days = None
    if request.time is not None:
        what = "date" if request.by_date else "year"
        if request.by_date:
            days = np.array([_options.day_number(request.time, where=f" given as {what}=")])
            years = _year_of_days(days)
        else:
            years = np.array([_options.whole_year(request.time, where=f" given as {what}=")])
    return KeyValues(
        one(request.currency),
        None if request.country is None else one(request.country),
        None if request.us_state is None else one(request.us_state),
        years,
        days,
    )
