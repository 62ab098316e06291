"""The vectorised conversion pipeline (``coderstats.convert``): salaries to market, PPP or constant dollars, any pay period.

Every conversion is worked out once per distinct (currency, country, year or date) key: the
keys are factorised, each key's factor is computed (the exchange rate, the PPP factor, the CPI
ratio and the pay-period change, put through the package's pint registry), and the factors
are gathered back onto the rows and multiplied with numpy. No Python code runs per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coderstats import units
from coderstats.errors import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidInputError,
    UnknownCountryError,
    UnknownCurrencyError,
)

__all__ = ["BASES", "Conversion", "convert", "convert_amount"]

Basis = Literal["nominal", "market", "ppp", "real"]

#: Conversion bases, each named in the output so that no figure is ambiguous.
BASES: tuple[str, ...] = ("nominal", "market", "ppp", "real")

_INDICATOR_LABELS = {"private_consumption": "private consumption", "gdp": "GDP"}
_ICP_BENCHMARK = 2021
_INTL = "international $"


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
        ``"nominal"``, ``"market"``, ``"ppp"`` or ``"real"``.
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


def _choice(value: object, valid: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in valid:
        msg = f"unknown {what} {value!r}; valid: {', '.join(valid)}"
        raise InvalidInputError(msg)
    return value


@dataclass
class _Keyed:
    """A column (or a scalar broadcast to every row) as factorised codes and unique values."""

    codes: np.ndarray[Any, np.dtype[np.intp]]
    uniques: np.ndarray[Any, Any]


def _key(frame: pd.DataFrame, spec: object, what: str) -> tuple[_Keyed, str | None]:
    """Factorise the column ``spec`` names, or broadcast ``spec`` as a literal value.

    Returns the keyed values and the column name (None for a literal).
    """
    n = len(frame)
    if isinstance(spec, str) and spec in frame.columns:
        series = frame[spec]
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if (codes < 0).any():
            label = frame.index[int(np.argmax(codes < 0))]
            msg = (
                f"{what} missing in column {spec!r} at row {label!r}; every row needs a {what} "
                "(fill it or drop the row)"
            )
            raise InvalidInputError(msg)
        return _Keyed(codes.astype(np.intp, copy=False), np.asarray(uniques, dtype=object)), spec
    literal = np.empty(1, dtype=object)
    literal[0] = spec
    return _Keyed(np.zeros(n, dtype=np.intp), literal), None


def _years(keyed: _Keyed, column: str | None) -> np.ndarray[Any, np.dtype[np.int64]]:
    out = np.empty(len(keyed.uniques), dtype=np.int64)
    for i, value in enumerate(keyed.uniques):
        ok = isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
        if not ok and isinstance(value, float | np.floating) and float(value).is_integer():
            ok = True
        if not ok:
            where = f"column {column!r}" if column else "argument year"
            msg = f"year {value!r} in {where} is not a whole year; give years like 2024"
            raise InvalidInputError(msg)
        out[i] = int(value)
    return out


def _codes(keyed: _Keyed, what: str, column: str | None) -> np.ndarray[Any, Any]:
    out = np.empty(len(keyed.uniques), dtype=object)
    for i, value in enumerate(keyed.uniques):
        if not isinstance(value, str) or not value.strip():
            where = f"in column {column!r}" if column else "as argument"
            if what == "currency":
                msg = (
                    f"currency {value!r} {where} is not a currency code; give an ISO 4217 "
                    "code such as 'USD', 'EUR' or 'GBP'"
                )
                raise UnknownCurrencyError(msg)
            msg = (
                f"country {value!r} {where} is not a country code; give an ISO 3166 alpha-3 "
                "code such as 'USA', 'DEU' or 'IND'"
            )
            raise UnknownCountryError(msg)
        out[i] = value.strip().upper()
    return out


def _amounts(frame: pd.DataFrame, column: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    series = frame[column]
    if pd.api.types.is_bool_dtype(series.dtype):
        msg = f"amount column {column!r} holds booleans; give money amounts as numbers"
        raise InvalidAmountError(msg)
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        numeric = pd.to_numeric(series, errors="coerce")
        bad = numeric.isna().to_numpy() & series.notna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            msg = (
                f"amount {series.iloc[i]!r} in column {column!r} at row {frame.index[i]!r} is "
                "not a number; give plain numbers (no '$', no thousands separators)"
            )
            raise InvalidAmountError(msg)
        values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    if bad.any():
        i = int(np.argmax(bad))
        msg = (
            f"amount {values[i]!r} in column {column!r} at row {frame.index[i]!r} is negative or "
            "infinite; salaries must be zero or positive finite numbers"
        )
        raise InvalidAmountError(msg)
    return values


def _combine(keys: Sequence[_Keyed]) -> tuple[np.ndarray[Any, Any], list[np.ndarray[Any, Any]]]:
    """Factorise the combination of several keys; return row codes and per-key unique indices."""
    n = len(keys[0].codes)
    combined = np.zeros(n, dtype=np.int64)
    sizes = [len(k.uniques) for k in keys]
    for k, size in zip(keys, sizes, strict=True):
        combined = combined * size + k.codes if size > 1 else combined
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
    """Market rate (``to`` per unit), rule label and fallback per key; identity where equal."""
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
            years=None if years is None else years[todo],
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
        Amounts must be zero or positive numbers; NaN amounts stay NaN and are counted in
        ``result.attrs["nan_amounts"]`` (they are not an error).
    currency : str
        Column of ISO 4217 codes, or one code.
    country : str, optional
        Column of ISO 3166 alpha-3 codes, or one code: the country where the pay is spent.
        Required for ``basis="ppp"``.
    year : str or int, optional
        Column of reference years, or one year. Market rates are the ECB annual mean of the
        year; PPP factors and CPI are the year's.
    date : str, optional
        Column of dates, or one date, for market rates of a given day (instead of ``year``).
    to : str
        Target currency for ``"market"`` (default USD). ``"real"`` works in USD.
    basis : {"nominal", "market", "ppp", "real"}
        ``nominal``: stay in the local currency (only the pay period changes);
        ``market``: ECB reference rates; ``ppp``: international dollars of the year via the
        country's PPP factor (a salary paid in another currency than the country's is first
        converted at market rates into the country's currency); ``real``: USD at market rates,
        deflated with CPI-U to dollars of ``base_year``.
    period, to_period : {"year", "month", "week", "hour"}
        Pay period of the input and of the output (work year of 2,080 hours).
    base_year : int, optional
        Year of the constant dollars for ``"real"`` (default: the latest CPI-U year). With
        ``"ppp"`` it deflates international dollars with CPI-U as well.
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator (``PA.NUS.PRVT.PP`` or ``PA.NUS.PPP``).
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
        when no fallback was used). ``attrs`` holds ``basis``, ``unit``, ``period``,
        ``nan_amounts`` (per amount column) and ``fallback_rows``.

    Raises
    ------
    UnknownCurrencyError, UnknownCountryError
        A code that is not valid or has no data.
    RateNotFoundError
        A year or date outside the data (the message states the bounds).
    InvalidAmountError
        A negative, infinite or non-numeric amount.
    InvalidInputError
        An unknown option, a missing column or a malformed year.
    CurrencyMismatchError
        With ``foreign_currency="raise"``, a currency that is not the country's.

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
    if not isinstance(frame, pd.DataFrame):  # type: ignore[unreachable,unused-ignore]
        msg = f"convert() needs a pandas DataFrame, got {type(frame).__name__}"
        raise InvalidInputError(msg)
    basis_name = _choice(basis, BASES, "basis")
    _choice(indicator, tuple(_INDICATOR_LABELS), "PPP indicator")
    _choice(missing, ("raise", "previous", "interpolate"), "missing-rate rule")
    _choice(out_of_range, ("raise", "clamp"), "out-of-range rule")
    _choice(foreign_currency, ("convert", "raise"), "foreign-currency rule")
    columns = [amount] if isinstance(amount, str) else list(amount)
    if not columns:
        msg = "amount names no column; give one column name or a list of them"
        raise InvalidInputError(msg)
    for col in columns:
        if col not in frame.columns:
            msg = f"amount column {col!r} not in the frame; columns are {list(frame.columns)}"
            raise InvalidInputError(msg)
    units.period_factor(period, to_period)  # validates both names early
    if year is None and date is None:
        msg = "give year= (a column or a year) or date= (a column or a date) for the rates"
        raise InvalidInputError(msg)
    if year is not None and date is not None:
        msg = "give either year= or date=, not both"
        raise InvalidInputError(msg)
    if basis_name == "ppp" and country is None:
        msg = "basis='ppp' needs country= (ISO alpha-3 column or code where the pay is spent)"
        raise InvalidInputError(msg)
    target = to.strip().upper() if isinstance(to, str) else to
    if basis_name == "real" and target != "USD":
        msg = f"basis='real' deflates with the US CPI-U and works in USD, not {to!r}; use to='USD'"
        raise InvalidInputError(msg)
    suffix = basis_name if suffix is None else suffix

    amounts = {col: _amounts(frame, col) for col in columns}
    cur_key, cur_col = _key(frame, currency, "currency")
    keys = [cur_key]
    ctry_key = None
    if country is not None:
        ctry_key, ctry_col = _key(frame, country, "country")
        keys.append(ctry_key)
    if date is not None:
        time_key, time_col = _key(frame, date, "date")
    else:
        time_key, time_col = _key(frame, year, "year")
    keys.append(time_key)

    n = len(frame)
    if n == 0:
        return _assemble(frame, columns, amounts, np.empty(0), [], [], [], suffix, basis_name, "")

    row_codes, parts = _combine(keys)
    currencies = _codes(cur_key, "currency", cur_col)[parts[0]]
    countries = None
    if ctry_key is not None:
        countries = _codes(ctry_key, "country", ctry_col)[parts[1]]
    dates = None
    if date is not None:
        try:
            stamps = pd.to_datetime(pd.Series(time_key.uniques), errors="raise")
        except (ValueError, TypeError) as exc:
            msg = f"date column/argument {date!r} holds a value that is not a date ({exc})"
            raise InvalidInputError(msg) from exc
        dates = stamps.to_numpy(dtype="datetime64[ns]")[parts[-1]]
        years = pd.DatetimeIndex(dates).year.to_numpy(dtype=np.int64)
    else:
        years = _years(time_key, time_col)[parts[-1]]

    fx_opts = {"missing": missing, "out_of_range": out_of_range, "rates": rates}
    scale, targets, labels, fallback, unit = _key_factors(
        basis_name,
        currencies,
        countries,
        years,
        dates,
        target,
        base_year,
        indicator,
        foreign_currency,
        fx_opts,
    )
    # pint applies each key's scale and the pay-period change, and refuses a missing rate.
    per_key = np.array(
        units.money_factors(currencies, targets, scale, from_period=period, to_period=to_period),
        dtype=np.float64,
    )
    return _assemble(
        frame,
        columns,
        amounts,
        per_key[row_codes],
        list(labels),
        list(fallback),
        row_codes,
        suffix,
        basis_name,
        unit,
        period=to_period,
    )


def _key_factors(
    basis: str,
    currencies: np.ndarray[Any, Any],
    countries: np.ndarray[Any, Any] | None,
    years: np.ndarray[Any, Any],
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
        deflate, base = _deflators(years, base_year)
        labels = np.array(
            [
                f"USD of {base}, CPI-U; from {y} USD, market, {r}"
                for y, r in zip(years, rule, strict=True)
            ],
            dtype=object,
        )
        return rate * deflate, ["USD"] * m, labels, fallback, f"USD of {base}"

    # PPP belongs to the country where the pay is spent: a salary paid in another currency is
    # first converted at market rates into the country's currency, then by the PPP factor
    # (local currency units per international dollar).
    from coderstats import ppp

    assert countries is not None
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
    scale = rate / ppp.ppp_factors(countries, years, indicator=indicator)
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


def _deflators(
    years: np.ndarray[Any, Any], base_year: int | None
) -> tuple[np.ndarray[Any, Any], int]:
    from coderstats import inflation

    if base_year is None:
        base_year = int(inflation.load_cpi()["year"].max())
    if not isinstance(base_year, int | np.integer) or isinstance(base_year, bool):
        msg = f"base_year {base_year!r} is not a whole year; give a year such as 2024"
        raise InvalidInputError(msg)
    return inflation.cpi_factors(years, int(base_year)), int(base_year)


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
    *,
    period: str = "year",
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
    fb = _categorical(key_fallback, codes, frame.index)
    new[f"fallback_{suffix}"] = fb
    result = frame.assign(**new)
    result.attrs = {
        **frame.attrs,
        "basis": basis,
        "unit": unit,
        "period": period,
        "nan_amounts": nan_counts,
        "fallback_rows": int((fb.astype(str) != "").sum()) if len(fb) else 0,
    }
    return result


def _categorical(values: list[str], codes: np.ndarray[Any, Any], index: pd.Index) -> pd.Series:
    cat_codes, categories = pd.factorize(pd.Series(values, dtype=object))
    data = pd.Categorical.from_codes(
        cat_codes[codes] if len(codes) else np.empty(0, dtype=np.int8),
        categories=pd.Index(categories, dtype="str"),
    )
    return pd.Series(data, index=index)


def convert_amount(
    amount: float,
    currency: str,
    *,
    to: str = "USD",
    basis: Basis = "market",
    country: str | None = None,
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

    Examples
    --------
    >>> round(convert_amount(25_000, "GBP", year=2024).value)
    31965
    >>> round(convert_amount(25_000, "GBP", basis="ppp", country="GBR", year=2024).value)
    35537
    >>> round(convert_amount(42_000, "USD", basis="real", year=2015, base_year=2024).value)
    55586
    >>> round(convert_amount(47_180, "USD", basis="nominal", year=2023, to_period="hour").value, 2)
    22.68
    """
    if isinstance(amount, bool) or not isinstance(amount, int | float | np.integer | np.floating):
        msg = f"amount {amount!r} is not a number; give a plain number such as 52000"
        raise InvalidAmountError(msg)
    row = pd.DataFrame({"amount": [float(amount)], "_currency": [currency]}, dtype=object)
    row["amount"] = row["amount"].astype("float64")
    out = convert(
        row,
        amount="amount",
        currency="_currency",
        country=None if country is None else str(country),
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
