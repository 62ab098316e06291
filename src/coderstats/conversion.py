"""The conversion pipeline (``convert``): salaries to market, PPP or constant dollars, any period.

Every conversion is worked out once per distinct (currency, country, year or date) key: the
keys are factorised, each key's factor is computed (the exchange rate, the PPP factor, the CPI
ratio and the pay-period change, put through the package's pint registry), and the factors
are gathered back onto the rows and multiplied with numpy. No Python code runs per row.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coderstats import _options, units
from coderstats.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidInputError,
    UnknownCountryError,
    UnknownCurrencyError,
    show,
)

__all__ = ["BASES", "Conversion", "convert", "convert_amount"]

Basis = Literal["nominal", "market", "ppp", "real", "rpp"]

#: Conversion bases, each named in the output so that no figure is ambiguous.
BASES: tuple[str, ...] = _options.BASES

_INDICATOR_LABELS = {"private_consumption": "private consumption", "gdp": "GDP"}
_ICP_BENCHMARK = _options.ICP_BENCHMARK
_INTL = "international $"
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
    """A column (or a scalar broadcast to every row) as factorised codes and unique values."""

    codes: np.ndarray[Any, np.dtype[np.intp]]
    uniques: np.ndarray[Any, Any]
    column: str | None


def _key(frame: pd.DataFrame, spec: object, what: str, *, literal: bool) -> _Keyed:
    """Factorise the column ``spec`` names, or broadcast ``spec`` as a literal value.

    With ``literal``, ``spec`` is always a value (used by :func:`convert_amount`).
    """
    n = len(frame)
    if not literal and isinstance(spec, str) and spec in frame.columns:
        series: Any = frame[spec]  # a DataFrame when the name is not unique
        if isinstance(series, pd.DataFrame):
            msg = f"the frame has {series.shape[1]} columns named {show(spec)}; rename all but one"
            raise InvalidInputError(msg)
        codes, uniques = _factorize(series)
        if (codes < 0).any():
            label = frame.index[int(np.argmax(codes < 0))]
            msg = (
                f"{what} missing in column {show(spec)} at row {show(label)}; every row needs a "
                f"{what} (fill it or drop the row)"
            )
            raise InvalidInputError(msg)
        return _Keyed(codes.astype(np.intp, copy=False), np.asarray(uniques, dtype=object), spec)
    values = np.empty(1, dtype=object)
    values[0] = spec
    return _Keyed(np.zeros(n, dtype=np.intp), values, None)


def _not_a_column(spec: object, frame: pd.DataFrame | None) -> str:
    """Hint for a literal string that may be a misspelt column name."""
    if frame is None or not isinstance(spec, str):
        return ""
    return f" and not a column of the frame (columns: {list(frame.columns)})"


def _years(keyed: _Keyed, frame: pd.DataFrame | None) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Each distinct year checked once by the package's one rule (:func:`_options.whole_year`)."""
    out = np.empty(len(keyed.uniques), dtype=np.int64)
    for i, value in enumerate(keyed.uniques):
        if keyed.column:
            where = f" in column {keyed.column!r}"
        else:
            where = " given as year=" + _not_a_column(value, frame)
        out[i] = _options.whole_year(value, where=where)
    return out


def _codes(keyed: _Keyed) -> np.ndarray[Any, Any]:
    """The distinct codes normalised (stripped, upper-cased); the lookups judge them."""
    out = np.empty(len(keyed.uniques), dtype=object)
    out[:] = [_options.normal_code(value) for value in keyed.uniques]
    return out


def _bad_amount(series: pd.Series, column: str, i: int, why: str) -> InvalidAmountError:
    msg = f"amount {show(series.iloc[i])} in column {column!r} at row {show(series.index[i])} {why}"
    return InvalidAmountError(msg)


def _amounts(frame: pd.DataFrame, column: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The column as float64 (NaN kept); anything that is not a money amount raises."""
    series: Any = frame[column]  # a DataFrame when the name is not unique
    if isinstance(series, pd.DataFrame):
        msg = f"the frame has {series.shape[1]} columns named {show(column)}; rename all but one"
        raise InvalidInputError(msg)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        filled = series.notna().to_numpy(dtype=bool)
        i = int(np.argmax(filled)) if filled.any() else 0
        raise _bad_amount(series, column, i, "is a boolean; give money amounts as plain numbers")
    if pd.api.types.is_numeric_dtype(dtype) and dtype.kind in "iuf":
        values: np.ndarray[Any, np.dtype[np.float64]] = series.to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        kind = pd.api.types.infer_dtype(series, skipna=True)
        text = series if kind in _PLAIN_KINDS else series.astype(str)
        numeric = pd.to_numeric(text, errors="coerce")
        bad = numeric.isna().to_numpy() & series.notna().to_numpy()
        if bad.any():
            raise _bad_amount(
                series,
                column,
                int(np.argmax(bad)),
                "is not a number; give plain numbers such as 52000 (no '$', no 'k', no "
                "thousands separators, no booleans)",
            )
        values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        msg = (
            f"amount column {show(column)} has dtype {dtype}, which does not hold money amounts; "
            "give plain numbers (e.g. frame[column].astype(float) if they are numbers)"
        )
        raise InvalidAmountError(msg)
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise _bad_amount(
            series,
            column,
            int(np.argmax(bad)),
            "is negative or infinite; salaries must be zero or positive finite numbers",
        )
    return values


def _factorize(series: pd.Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
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
        # Whole numbers (years) in a narrow range: a dense table instead of hashing.
        values = series.to_numpy()
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= _DENSE_KEYS:
            codes, present = _dense_factorize(values - low, span)
            return codes, (present + low).astype(object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


#: Largest product of key sizes for which keys are combined with a dense lookup table.
_DENSE_KEYS = 1 << 22


def _dense_factorize(combined: np.ndarray[Any, Any], size: int) -> tuple[Any, Any]:
    """``pd.factorize`` for small non-negative integers, without hashing: O(n) gathers.

    Uniques come out in ascending order rather than order of appearance (nothing depends on it).
    """
    present = np.zeros(size, dtype=bool)
    present[combined] = True
    uniq = np.flatnonzero(present)
    position = np.zeros(size, dtype=np.intp)
    position[uniq] = np.arange(len(uniq))
    return position[combined], uniq


def _combine(keys: Sequence[_Keyed]) -> tuple[np.ndarray[Any, Any], list[np.ndarray[Any, Any]]]:
    """Factorise the combination of several keys; return row codes and per-key unique indices."""
    n = len(keys[0].codes)
    sizes = [len(k.uniques) for k in keys]
    if all(size == 1 for size in sizes):
        return np.zeros(n, dtype=np.intp), [np.zeros(1, dtype=np.int64) for _ in sizes]
    combined = np.zeros(n, dtype=np.int64)
    for k, size in zip(keys, sizes, strict=True):
        if size > 1:
            combined *= size
            combined += k.codes
    total = int(np.prod(sizes, dtype=np.int64))
    if total <= _DENSE_KEYS:
        row_codes, uniq = _dense_factorize(combined, total)
    else:
        row_codes, uniq = pd.factorize(combined)
    parts: list[np.ndarray[Any, Any]] = []
    rest = np.asarray(uniq, dtype=np.int64)
    for size in reversed(sizes):
        parts.append(rest % size if size > 1 else np.zeros(len(rest), dtype=np.int64))
        rest = rest // size if size > 1 else rest
    parts.reverse()
    return row_codes.astype(np.intp, copy=False), parts


def _market(
    currencies: np.ndarray[Any, Any],
    to: str,
    years: np.ndarray[Any, Any] | None,
    dates: np.ndarray[Any, Any] | None,
    opts: dict[str, Any],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Market rate (``to`` per unit), rule label and fallback per key; identity where equal.

    With ``dates`` the rate of each key's day is used, otherwise the annual mean of its year.
    """
    from coderstats import fx

    m = len(currencies)
    rate = np.ones(m, dtype=np.float64)
    rule = np.full(m, f"no conversion (already {to})", dtype=object)
    fallback = np.full(m, "", dtype=object)
    todo = np.flatnonzero(currencies != to)
    if len(todo):
        got = fx.market_rates(
            currencies[todo],
            to,
            years=None if dates is not None or years is None else years[todo],
            dates=None if dates is None else dates[todo],
            **opts,
        )
        rate[todo] = got.rate
        rule[todo] = got.rule
        fallback[todo] = got.fallback
    return rate, rule, fallback


def convert(
    frame: pd.DataFrame,
    *,
    amount: str | Sequence[str],
    currency: str,
    country: str | None = None,
    us_state: str | None = None,
    year: str | int | None = None,
    date: str | None = None,
    to: str = "USD",
    basis: Basis = "market",
    period: str = "year",
    to_period: str = "year",
    base_year: int | None = None,
    indicator: str = "private_consumption",
    missing: str = "raise",
    out_of_range: str = "raise",
    foreign_currency: str = "convert",
    rates: pd.DataFrame | None = None,
    suffix: str | None = None,
) -> pd.DataFrame:
    """Convert salary columns of a frame to another currency, basis and pay period.

    ``currency``, ``country``, ``year`` and ``date`` each name a column of ``frame`` or give one
    value for every row (a string that is not a column name is taken as a value).

    Parameters
    ----------
    frame : pandas.DataFrame
        The salaries. Never modified.
    amount : str or sequence of str
        Column(s) holding amounts in ``currency`` per ``period`` (e.g. ``["low", "high"]``).
        Amounts must be zero or positive numbers (numeric strings such as ``"52000"`` and
        ``decimal.Decimal`` values in an object column are read as floats; ``"52k"``,
        ``"$52,000"`` and booleans are refused). NaN amounts are not an error: they stay NaN
        and are counted per column in ``result.attrs["nan_amounts"]``. The same rule holds
        for one amount (:func:`convert_amount`, :func:`coderstats.inflation.deflate`).
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
        accepted too, case ignored (see :func:`coderstats.ppp.indicator_name`).
    missing : {"raise", "previous", "interpolate"}
        What to do on a date without an ECB fixing.
    out_of_range : {"raise", "clamp"}
        What to do on a date or year outside a currency's coverage.
    foreign_currency : {"convert", "raise"}
        For PPP, a salary whose currency is not the country's: convert at market rates first
        (default) or refuse with :class:`~coderstats.errors.CurrencyMismatchError`.
    rates : pandas.DataFrame, optional
        Exchange rates from :func:`coderstats.fx.load_ecb_rates` to use instead of the
        shipped history.
    suffix : str, optional
        Suffix of the new columns (default: the basis).

    Returns
    -------
    pandas.DataFrame
        A new frame: the input columns (same index), then for each amount column
        ``{amount}_{suffix}`` (float64, target currency per ``to_period``), and
        ``factor_{suffix}`` (float64, output per unit of input), ``basis_{suffix}``
        (categorical label of the rule) and ``fallback_{suffix}`` (categorical; empty string
        when no fallback was used). ``attrs`` holds the input's attrs plus ``basis``,
        ``unit``, ``period``, ``nan_amounts`` (per amount column) and ``fallback_rows``.
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
    if not isinstance(given, pd.DataFrame):
        msg = (
            f"convert() needs a pandas DataFrame, got {type(given).__name__}; for one amount "
            "use convert_amount()"
        )
        raise InvalidInputError(msg)
    return _run(
        given,
        amount=amount,
        currency=currency,
        country=country,
        us_state=us_state,
        year=year,
        date=date,
        to=to,
        basis=basis,
        period=period,
        to_period=to_period,
        base_year=base_year,
        indicator=indicator,
        missing=missing,
        out_of_range=out_of_range,
        foreign_currency=foreign_currency,
        rates=rates,
        suffix=suffix,
        literal=False,
    )


def _run(
    frame: pd.DataFrame,
    *,
    amount: object,
    currency: object,
    country: object,
    us_state: object,
    year: object,
    date: object,
    to: object,
    basis: object,
    period: str,
    to_period: str,
    base_year: object,
    indicator: str,
    missing: str,
    out_of_range: str,
    foreign_currency: str,
    rates: pd.DataFrame | None,
    suffix: str | None,
    literal: bool,
) -> pd.DataFrame:
    """The pipeline behind :func:`convert` and :func:`convert_amount`.

    With ``literal``, ``currency``, ``country``, ``year`` and ``date`` are values, never
    column names, and messages do not mention columns.
    """
    from coderstats.ppp import indicator_name

    basis_name = _options.choice(basis, BASES, "basis")
    indicator = indicator_name(indicator)
    _options.choice(missing, _options.MISSING, "missing= option")
    _options.choice(out_of_range, _options.OUT_OF_RANGE, "out_of_range= option")
    _options.choice(foreign_currency, _options.FOREIGN_CURRENCY, "foreign_currency= option")
    if isinstance(amount, str) or not isinstance(amount, Iterable):
        columns = [amount]
    else:
        columns = list(dict.fromkeys(amount))
    if not columns:
        msg = "amount names no column; give one column name or a list of them"
        raise InvalidInputError(msg)
    for col in columns:
        if not isinstance(col, str) or col not in frame.columns:
            msg = (
                f"amount column {show(col)} not in the frame; columns are {list(frame.columns)}. "
                "Pass amount= the name (or list of names) of the column(s) with the amounts"
            )
            raise InvalidInputError(msg)
    names: list[str] = [str(col) for col in columns]
    units.period_factor(period, to_period)  # validates both names early
    if year is not None and date is not None:
        msg = "give either year= or date=, not both"
        raise InvalidInputError(msg)
    # market: checked once the currencies are known (none is needed if all are already `to`)
    if year is None and date is None and basis_name not in ("nominal", "market"):
        raise _no_time(basis_name)
    if basis_name == "rpp" and us_state is None:
        msg = (
            "basis='rpp' needs us_state= (a column or one value: a two-letter code such as "
            "'NY' or a state name) where the dollars are spent"
        )
        raise InvalidInputError(msg)
    if basis_name != "rpp" and us_state is not None:
        msg = (
            f"us_state= does not apply to basis={basis_name!r}; use basis='rpp' for state "
            "price levels, or leave us_state= out"
        )
        raise InvalidInputError(msg)
    if basis_name == "ppp" and country is None:
        msg = "basis='ppp' needs country= (ISO alpha-3 column or code where the pay is spent)"
        raise InvalidInputError(msg)
    target = _options.normal_code(to)
    if not isinstance(target, str) or not target:
        msg = f"to={show(to)} is not a currency code; give an ISO 4217 code such as 'USD' or 'EUR'"
        raise UnknownCurrencyError(msg)
    if basis_name == "real" and target != "USD":
        msg = (
            f"basis='real' deflates with the US CPI-U and works in USD, not {show(to)}; "
            "use to='USD'"
        )
        raise InvalidInputError(msg)
    if basis_name in ("ppp", "nominal", "rpp") and target != "USD":
        gives = {
            "ppp": "international dollars",
            "nominal": "the local currency",
            "rpp": "US dollars at national-average prices",
        }[basis_name]
        msg = (
            f"to={show(to)} does not apply to basis={basis_name!r}, which gives {gives}; leave to= "
            "out, or use basis='market' to convert into another currency"
        )
        raise InvalidInputError(msg)
    if base_year is not None and basis_name not in ("real", "ppp"):
        msg = (
            f"base_year= ({show(base_year)}) does not apply to basis={basis_name!r}; constant "
            "dollars come with basis='real' (or 'ppp'): leave base_year= out or change basis"
        )
        raise InvalidInputError(msg)
    if basis_name != "ppp" and country is not None:
        msg = (
            f"country= does not apply to basis={basis_name!r} (it would be ignored); use "
            "basis='ppp' to price pay where it is spent, or leave country= out"
        )
        raise InvalidInputError(msg)
    base = None if base_year is None else _options.whole_year(base_year, what="base_year")
    if suffix is not None and (not isinstance(suffix, str) or not suffix.strip("_")):
        msg = f"suffix {show(suffix)} is not usable; give a name such as 'usd24' (or leave it out)"
        raise InvalidInputError(msg)
    # The joining underscore is added here: suffix='_usd' gives 'low_usd', not 'low__usd'.
    suffix = basis_name if suffix is None else suffix.lstrip("_")
    outputs = [f"{col}_{suffix}" for col in names] + [
        f"{kind}_{suffix}" for kind in ("factor", "basis", "fallback")
    ]
    taken = [name for name in outputs if name in frame.columns]
    if taken or len(set(outputs)) < len(outputs):
        clash = taken[0] if taken else next(o for o in outputs if outputs.count(o) > 1)
        msg = (
            f"output column {show(clash)} would overwrite a column of the frame (or another new "
            "column); pass suffix= "
            f"(e.g. suffix='{suffix}_2') or rename the column"
        )
        raise InvalidInputError(msg)

    amounts = {col: _amounts(frame, col) for col in names}
    hint = None if literal else frame
    cur_key = _key(frame, currency, "currency", literal=literal)
    keys = [cur_key]
    ctry_key = None
    if country is not None:
        ctry_key = _key(frame, country, "country", literal=literal)
        keys.append(ctry_key)
    state_key = None
    state_part = -1
    if us_state is not None:
        state_key = _key(frame, us_state, "US state", literal=literal)
        state_part = len(keys)
        keys.append(state_key)
    time_key = None
    if date is not None:
        time_key = _key(frame, date, "date", literal=literal)
    elif year is not None:
        time_key = _key(frame, year, "year", literal=literal)
    if time_key is not None:
        keys.append(time_key)

    n = len(frame)
    if n == 0:
        unit = _empty_unit(basis_name, target, cur_key, base_year)
        return _assemble(
            frame, names, amounts, np.empty(0), [], [], [], suffix, basis_name, unit, to_period
        )

    row_codes, parts = _combine(keys)
    currencies = _codes(cur_key)[parts[0]]
    if time_key is None and basis_name == "market" and (currencies != target).any():
        raise _no_time(basis_name)
    countries = None
    if ctry_key is not None:
        countries = _codes(ctry_key)[parts[1]]
    states = None
    if state_key is not None:
        states = np.asarray(state_key.uniques, dtype=object)[parts[state_part]]
    dates = None
    years = None
    if time_key is not None and date is not None:
        try:
            stamps = pd.to_datetime(pd.Series(time_key.uniques), errors="raise")
        except (ValueError, TypeError) as exc:
            where = (
                f"column {show(time_key.column)}"
                if time_key.column
                else "date=" + _not_a_column(date, hint)
            )
            msg = (
                f"{where} holds a value that is not a date ({exc}); give dates such as '2024-03-15'"
            )
            raise InvalidInputError(msg) from exc
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_localize(None)
        dates = stamps.to_numpy(dtype="datetime64[ns]")[parts[-1]]
        years = pd.DatetimeIndex(dates).year.to_numpy(dtype=np.int64)
    elif time_key is not None:
        years = _years(time_key, hint)[parts[-1]]

    fx_opts = {"missing": missing, "out_of_range": out_of_range, "rates": rates}
    try:
        scale, targets, labels, fallback, unit = _key_factors(
            basis_name,
            currencies,
            countries,
            states,
            years,
            dates,
            target,
            base,
            indicator,
            foreign_currency,
            fx_opts,
        )
        # pint applies each key's scale and the pay-period change, and refuses a missing rate.
        per_key = np.asarray(
            units.money_factors(
                currencies, targets, scale, from_period=period, to_period=to_period
            ),
            dtype=np.float64,
        )
    except (UnknownCurrencyError, UnknownCountryError) as exc:
        spec = currency if isinstance(exc, UnknownCurrencyError) else country
        not_column = _not_a_column(spec, hint)
        if not not_column:
            raise
        msg = f"{exc} ({show(spec)} is a value{not_column})"
        raise type(exc)(msg) from exc
    return _assemble(
        frame,
        names,
        amounts,
        per_key[row_codes],
        list(labels),
        list(fallback),
        row_codes,
        suffix,
        basis_name,
        unit,
        to_period,
    )


def _no_time(basis: str) -> InvalidInputError:
    msg = (
        "give year= (a column or a year such as 2024) or date= (a column or a date such as "
        f"'2024-03-15') to pick the rates; basis={basis!r} needs one"
    )
    return InvalidInputError(msg)


def _empty_unit(basis: str, target: object, cur_key: _Keyed, base_year: object) -> str:
    """The unit of an empty result (no keys to look at)."""
    if basis == "market":
        return str(target)
    if basis == "rpp":
        return "USD at national-average prices"
    if basis == "nominal":
        value = cur_key.uniques[0] if cur_key.column is None else None
        return value.strip().upper() if isinstance(value, str) else "local currency"
    if basis == "real" or base_year is not None:
        from coderstats import inflation

        base = base_year if base_year is not None else inflation.latest_year()
        return f"USD of {base}" if basis == "real" else f"{_INTL} of {base}"
    return _INTL


def _key_factors(
    basis: str,
    currencies: np.ndarray[Any, Any],
    countries: np.ndarray[Any, Any] | None,
    states: np.ndarray[Any, Any] | None,
    years: np.ndarray[Any, Any] | None,
    dates: np.ndarray[Any, Any] | None,
    to: str,
    base_year: int | None,
    indicator: str,
    foreign_currency: str,
    fx_opts: dict[str, Any],
) -> tuple[np.ndarray[Any, Any], list[str], np.ndarray[Any, Any], np.ndarray[Any, Any], str]:
    """Per unique key: scale (target units per source unit), target unit, label, fallback.

    Returns ``(scale, targets, labels, fallback, unit)``; the pay-period change is applied
    afterwards by the caller.
    """
    m = len(currencies)
    none = np.full(m, "", dtype=object)
    if basis == "nominal":
        labels = np.array([f"{c}, nominal (as stated)" for c in currencies], dtype=object)
        unit = str(currencies[0]) if len(set(currencies)) == 1 else "local currency"
        return np.ones(m), list(currencies), labels, none, unit

    if basis in ("market", "real"):
        rate, rule, fallback = _market(currencies, to, years, dates, fx_opts)
        if basis == "market":
            labels = np.array([f"{to}, market, {r}" for r in rule], dtype=object)
            return rate, [to] * m, labels, fallback, to
        assert years is not None
        deflate, base = _deflators(years, base_year)
        labels = np.array(
            [
                f"USD of {base}, CPI-U; from {y} USD, market, {r}"
                for y, r in zip(years, rule, strict=True)
            ],
            dtype=object,
        )
        return rate * deflate, ["USD"] * m, labels, fallback, f"USD of {base}"

    assert years is not None
    for code in currencies:  # the currency's own verdict before any mismatch is reported
        units.currency_unit(code)
    if basis == "rpp":
        return _rpp_factors(currencies, states, years)

    # PPP belongs to the country where the pay is spent: a salary paid in another currency is
    # first converted at market rates into the country's currency, then by the PPP factor
    # (local currency units per international dollar).
    from coderstats import ppp

    assert countries is not None
    # The PPP factor first: a country without one is reported as such, not as a currency
    # without market rates.
    factors = ppp.ppp_factors(countries, years, indicator=indicator)
    local = ppp.country_currencies(countries, years)
    rate = np.ones(m, dtype=np.float64)
    rule = np.full(m, "", dtype=object)
    fallback = none.copy()
    foreign = np.flatnonzero(currencies != local)
    if len(foreign) and foreign_currency == "raise":
        i = int(foreign[0])
        msg = (
            f"currency {currencies[i]} does not match country {countries[i]} (whose currency is "
            f"{local[i]}); pass foreign_currency='convert' to convert it at market rates first"
        )
        raise CurrencyMismatchError(msg)
    for target in sorted(set(local[foreign])):
        idx = foreign[local[foreign] == target]
        dates_idx = None if dates is None else dates[idx]
        rate[idx], rule[idx], fallback[idx] = _market(
            currencies[idx], target, years[idx], dates_idx, fx_opts
        )
    scale = rate / factors
    ind = _INDICATOR_LABELS[indicator]
    texts = []
    for cur, ctry, yr, loc, ru in zip(currencies, countries, years, local, rule, strict=True):
        text = f"{_INTL}, PPP {ind} {yr}"
        if yr > _ICP_BENCHMARK:
            text += f" (World Bank extrapolation after the {_ICP_BENCHMARK} ICP benchmark)"
        text += f", spent in {ctry}"
        if cur != loc:
            text += f"; paid in {cur}, converted to {loc} at {ru}"
        texts.append(text)
    unit = _INTL
    if base_year is not None:
        deflate, base = _deflators(years, base_year)
        scale = scale * deflate
        texts = [f"{t}; in {base} {_INTL} via CPI-U" for t in texts]
        unit = f"{_INTL} of {base}"
    targets = [units.INTERNATIONAL_DOLLAR] * m
    return scale, targets, np.array(texts, dtype=object), fallback, unit


def _rpp_factors(
    currencies: np.ndarray[Any, Any],
    states: np.ndarray[Any, Any] | None,
    years: np.ndarray[Any, Any],
) -> tuple[np.ndarray[Any, Any], list[str], np.ndarray[Any, Any], np.ndarray[Any, Any], str]:
    """US dollars spent in a state, expressed at national-average prices (BEA RPP)."""
    from coderstats import rpp

    assert states is not None
    m = len(currencies)
    foreign = np.flatnonzero(currencies != "USD")
    if len(foreign):
        cur = currencies[int(foreign[0])]
        msg = (
            f"basis='rpp' applies to US dollars spent in a US state, not {cur}; convert the "
            "amount to USD first (basis='market')"
        )
        raise CurrencyMismatchError(msg)
    parity = rpp.rpp_factors(states, years)
    texts = [
        f"USD at national-average prices, BEA RPP {yr} all items {level * 100:.1f} "
        f"(US = 100), spent in {state}"
        for state, yr, level in zip(states, years, parity, strict=True)
    ]
    none = np.full(m, "", dtype=object)
    unit = "USD at national-average prices"
    return 1.0 / parity, ["USD"] * m, np.array(texts, dtype=object), none, unit


def _deflators(
    years: np.ndarray[Any, Any], base_year: int | None
) -> tuple[np.ndarray[Any, Any], int]:
    from coderstats import inflation

    base = inflation.latest_year() if base_year is None else base_year
    return inflation.cpi_factors(years, base), base


def _assemble(
    frame: pd.DataFrame,
    columns: list[str],
    amounts: dict[str, np.ndarray[Any, Any]],
    row_factor: np.ndarray[Any, Any],
    key_labels: list[str],
    key_fallback: list[str],
    row_codes: np.ndarray[Any, Any] | list[int],
    suffix: str,
    basis: str,
    unit: str,
    period: str,
) -> pd.DataFrame:
    codes = np.asarray(row_codes, dtype=np.intp)
    new: dict[str, Any] = {}
    nan_counts: dict[str, int] = {}
    for col in columns:
        values = amounts[col] * row_factor if len(codes) else np.empty(0)
        new[f"{col}_{suffix}"] = pd.Series(values, index=frame.index, dtype="float64")
        nan_counts[col] = int(np.isnan(amounts[col]).sum())
    new[f"factor_{suffix}"] = pd.Series(row_factor, index=frame.index, dtype="float64")
    new[f"basis_{suffix}"] = _categorical(key_labels, codes, frame.index)
    new[f"fallback_{suffix}"] = _categorical(key_fallback, codes, frame.index)
    used = np.array([f != "" for f in key_fallback], dtype=bool)
    result = frame.assign(**new)
    result.attrs = {
        **copy.deepcopy(frame.attrs),
        "basis": basis,
        "unit": unit,
        "period": period,
        "nan_amounts": nan_counts,
        "fallback_rows": int(used[codes].sum()) if len(codes) else 0,
    }
    return result


def _categorical(values: list[str], codes: np.ndarray[Any, Any], index: pd.Index) -> pd.Series:
    """Per-key labels spread onto the rows as a categorical (small codes, one string per key)."""
    cat_codes, categories = pd.factorize(pd.Series(values, dtype=object))
    small = cat_codes.astype(np.min_scalar_type(max(len(categories) - 1, 0)))
    small = small.astype(np.result_type(small.dtype, np.int8))  # codes must be signed
    dtype = pd.CategoricalDtype(pd.Index(categories, dtype="str"))
    data = pd.Categorical.from_codes(small[codes], dtype=dtype, validate=False)
    return pd.Series(data, index=index, copy=False)


def convert_amount(
    amount: float,
    currency: str,
    *,
    to: str = "USD",
    basis: Basis = "market",
    country: str | None = None,
    us_state: str | None = None,
    year: int | None = None,
    date: str | None = None,
    period: str = "year",
    to_period: str = "year",
    base_year: int | None = None,
    indicator: str = "private_consumption",
    missing: str = "raise",
    out_of_range: str = "raise",
    foreign_currency: str = "convert",
    rates: pd.DataFrame | None = None,
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
    row = pd.DataFrame({"amount": np.array([value], dtype=np.float64)})
    out = _run(
        row,
        amount="amount",
        currency=currency,
        country=country,
        us_state=us_state,
        year=year,
        date=date,
        to=to,
        basis=basis,
        period=period,
        to_period=to_period,
        base_year=base_year,
        indicator=indicator,
        missing=missing,
        out_of_range=out_of_range,
        foreign_currency=foreign_currency,
        rates=rates,
        suffix="out",
        literal=True,
    )
    return Conversion(
        value=float(out["amount_out"].iloc[0]),
        unit=str(out.attrs["unit"]),
        period=to_period,
        basis=basis,
        label=str(out["basis_out"].iloc[0]),
        factor=float(out["factor_out"].iloc[0]),
        fallback=str(out["fallback_out"].iloc[0]),
    )
