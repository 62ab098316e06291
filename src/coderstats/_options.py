"""The option values coderstats accepts, and the one check of each kind of input.

Everything here is cheap to import (no pandas, NumPy or pint at import time), so that the
command line can build its ``--help`` from these lists without loading the data stack. NumPy
is imported inside :func:`whole_years`, the only check that works on arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, Literal, get_args

from coderstats.errors import InvalidInputError, show

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "BASES",
    "ERRORS",
    "FOREIGN_CURRENCY",
    "ICP_BENCHMARK",
    "INDICATORS",
    "MARKET_SOURCES",
    "MISSING",
    "OUT_OF_RANGE",
    "PERIODS",
    "PPP_BEYOND",
    "choice",
    "day_number",
    "day_numbers",
    "normal_code",
    "whole_year",
    "whole_years",
]

#: Conversion bases, each named in the output so that no figure is ambiguous (each is
#: declared in :mod:`coderstats.engine.bases`).
Basis = Literal["nominal", "market", "ppp", "real", "rpp"]
#: Pay periods (a work year is 2,080 hours; a month a twelfth of it, a week a fifty-second).
Period = Literal["year", "month", "week", "hour"]
#: Short PPP indicator names (the World Bank WDI codes are in :data:`INDICATORS`).
Indicator = Literal["private_consumption", "gdp"]
#: What to do on a date without an ECB fixing.
Missing = Literal["raise", "previous", "interpolate"]
#: What to do on a date or year outside a source's coverage.
OutOfRange = Literal["raise", "clamp"]
#: Which publisher's market rates: the ECB's, the World Bank's annual official rates, or the
#: ECB's where it fixes the currencies and the World Bank's otherwise.
MarketSource = Literal["auto", "ecb", "worldbank"]
#: For PPP, a year after a country's last published factor: refuse, or carry the last one.
PppBeyond = Literal["raise", "carry"]
#: For PPP, a salary paid in another currency than the country's.
ForeignCurrency = Literal["convert", "raise"]
#: What to do with rows that cannot be converted (pandas' words).
Errors = Literal["raise", "coerce"]

BASES: tuple[str, ...] = get_args(Basis)
PERIODS: tuple[str, ...] = get_args(Period)
INDICATORS: dict[str, str] = dict(
    zip(get_args(Indicator), ("PA.NUS.PRVT.PP", "PA.NUS.PPP"), strict=True)
)
MISSING: tuple[str, ...] = get_args(Missing)
OUT_OF_RANGE: tuple[str, ...] = get_args(OutOfRange)
MARKET_SOURCES: tuple[str, ...] = get_args(MarketSource)
PPP_BEYOND: tuple[str, ...] = get_args(PppBeyond)
FOREIGN_CURRENCY: tuple[str, ...] = get_args(ForeignCurrency)
ERRORS: tuple[str, ...] = get_args(Errors)
#: Latest ICP benchmark year: World Bank PPPs for later years are extrapolations.
ICP_BENCHMARK = 2021


def choice(value: object, valid: Sequence[str], what: str) -> str:
    """Return ``value`` if it is one of ``valid``, else raise naming it and the valid options.

    Parameters
    ----------
    value : object
        The option as the caller gave it (compared exactly: case matters).
    valid : sequence of str
        The accepted values.
    what : str
        What the option is, for the message (e.g. ``"basis"``).

    Returns
    -------
    str
        ``value``.

    Raises
    ------
    InvalidInputError
        If ``value`` is not one of ``valid``.

    Examples
    --------
    >>> choice("ppp", BASES, "basis")
    'ppp'
    >>> choice("spot", BASES, "basis")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.InvalidInputError: unknown basis 'spot'; valid: nominal, market, ppp, ...
    """
    if isinstance(value, str) and value in valid:
        return value
    msg = f"unknown {what} {show(value)}; valid: {', '.join(valid)}. Pass one of these."
    raise InvalidInputError(msg)


def normal_code(value: object) -> object:
    """A currency or country code as every lookup compares it: stripped and upper-cased.

    Anything that is not a string is returned unchanged, for the lookup to refuse with its own
    message (which lists the valid codes).

    Examples
    --------
    >>> normal_code(" gbp "), normal_code(None)
    ('GBP', None)
    """
    return value.strip().upper() if isinstance(value, str) else value


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pandas.NA compare unequal to themselves
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def _not_whole(value: object, what: str, where: str) -> InvalidInputError:
    if _is_missing(value):
        msg = (
            f"{what} {show(value)}{where} is a missing value, not a whole year; give a whole "
            "year such as 2024"
        )
    else:
        msg = f"{what} {show(value)}{where} is not a whole year; give a whole year such as 2024"
    return InvalidInputError(msg)


def whole_year(value: object, *, what: str = "year", where: str = "") -> int:
    """One year as an ``int``: Python or NumPy integers and whole floats (``2024.0``) only.

    Parameters
    ----------
    value : object
        The year as given.
    what : str
        Name of the argument, for the message (``"year"``, ``"base_year"``, ...).
    where : str
        Where the value sits, appended to the name in the message (``" at position 3"``).

    Returns
    -------
    int
        The year.

    Raises
    ------
    InvalidInputError
        For strings (``"2024"``), booleans, missing values (None, NaN) and fractional
        numbers; the message shows the value plainly.

    Examples
    --------
    >>> whole_year(2024.0)
    2024
    >>> whole_year("2024")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.InvalidInputError: year '2024' is not a whole year; give a whole year ...
    """
    if type(value).__name__ in ("bool", "bool_"):  # bool and numpy.bool
        raise _not_whole(value, what, where)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real) and not _is_missing(value):
        number = float(value)
        if number.is_integer():
            return int(number)
    raise _not_whole(value, what, where)


def whole_years(values: Any, *, what: str = "year") -> npt.NDArray[np.int64]:
    """Many years as an int64 array of the same shape (see :func:`whole_year` for the rule).

    Integer arrays pass as they are; float arrays must hold whole numbers; object arrays are
    checked once per distinct value. A scalar gives a 0-d array.

    Raises
    ------
    InvalidInputError
        For the first value that is not a whole year; the message names its position.

    Examples
    --------
    >>> whole_years([2023, 2024.0]).tolist()
    [2023, 2024]
    >>> whole_years([2024, 2024.5])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.InvalidInputError: year 2024.5 at position 1 is not a whole year; ...
    """
    import numpy as np

    if np.ndim(values) == 0:
        return np.asarray(whole_year(_scalar(values), what=what), dtype=np.int64)
    import pandas as pd

    if isinstance(values, list | tuple):
        # NumPy would turn [2024, True] into integers and [2024, "x"] into strings: look at
        # the values as given, and take the fast path only when they are all of one kind.
        given = np.asarray(values, dtype=object)
        kind = pd.api.types.infer_dtype(given, skipna=False)
        arr = np.asarray(values) if kind in ("integer", "floating") else given
    else:
        arr = np.asarray(values)
        if arr.dtype.kind not in "iufb":  # strings or mixtures: judge each value as given
            arr = np.asarray(values, dtype=object)
    flat = arr.ravel()
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(flat) & (flat == np.round(flat))
        if ok.all():
            return arr.astype(np.int64)
        bad = int(np.argmin(ok))
        raise _not_whole(flat[bad], what, f" at position {bad}")
    if arr.dtype.kind != "O" or flat.size == 0:
        if flat.size == 0:
            return np.zeros(arr.shape, dtype=np.int64)
        raise _not_whole(flat[0], what, " at position 0")
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    if (codes < 0).any():
        bad = int(np.argmax(codes < 0))
        raise _not_whole(flat[bad], what, f" at position {bad}")
    found = np.empty(len(uniques), dtype=np.int64)
    for k, value in enumerate(uniques):
        try:
            found[k] = whole_year(value, what=what)
        except InvalidInputError:
            bad = int(np.argmax(codes == k))
            raise _not_whole(value, what, f" at position {bad}") from None
    return found[codes].reshape(arr.shape)


def _scalar(value: Any) -> Any:
    """The element of a 0-d array (a plain scalar is returned as it is)."""
    return value.item() if type(value).__name__ == "ndarray" else value


#: Days from 0001-01-01 to 1970-01-01: dates are counted in days since 1970-01-01.
_EPOCH_ORDINAL = 719_163
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def _bad_date(value: object, where: str, why: str) -> InvalidInputError:
    msg = (
        f"date {show(value)}{where} {why}; give dates as ISO 8601 text 'YYYY-MM-DD' (such as "
        "'2024-03-15') or as date values (datetime.date, pandas.Timestamp, numpy.datetime64)"
    )
    return InvalidInputError(msg)


def day_number(value: object, *, where: str = "") -> int:
    """One date as days since 1970-01-01, for any calendar year from 1 to 9999.

    Text must be ISO 8601 ``YYYY-MM-DD``: ``01/03/2024`` could be January or March and is
    refused, never guessed. Date values are taken as their calendar date (a time of day and a
    time zone are ignored). Nothing goes through nanosecond timestamps, so a date such as
    2609-01-01 is itself, not a wrapped-around day of another century.

    Raises
    ------
    InvalidInputError
        For text that is not ``YYYY-MM-DD`` or not a calendar date, a missing value, or
        anything that is not a date (numbers included).

    Examples
    --------
    >>> day_number("2024-03-15"), day_number("1970-01-01"), day_number("2609-01-01")
    (19797, 0, 233390)
    >>> day_number("01/03/2024")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.InvalidInputError: date '01/03/2024' is not written YYYY-MM-DD; give ...
    """
    import datetime as dt
    import re

    import numpy as np

    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(_ISO_DATE, text):
            raise _bad_date(value, where, "is not written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text).toordinal() - _EPOCH_ORDINAL
        except ValueError:
            raise _bad_date(value, where, "is not a calendar date") from None
    if _is_missing(value):
        raise _bad_date(value, where, "is missing")
    if isinstance(value, dt.date):  # datetime and pandas.Timestamp are dates too
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, np.datetime64):
        return int(_calendar_days(np.asarray([value]), where)[0])
    raise _bad_date(value, where, "is not a date")


#: Day numbers of 0001-01-01 and 9999-12-31, the calendar years dates may have.
_FIRST_DAY, _LAST_DAY = 1 - _EPOCH_ORDINAL, 3_652_059 - _EPOCH_ORDINAL


def _calendar_days(values: Any, where: str) -> Any:
    """Day numbers of a datetime64 array; NaT and years past 1-9999 are refused."""
    import numpy as np

    days = values.astype("datetime64[D]").astype(np.int64)
    bad = np.isnat(values) | (days < _FIRST_DAY) | (days > _LAST_DAY)
    if bad.any():
        i = int(np.argmax(bad))
        at = where or (f" at position {i}" if values.size > 1 else "")
        why = "is missing" if np.isnat(values[i]) else "is outside the calendar years 1-9999"
        raise _bad_date(str(values[i]), at, why)
    return days


def day_numbers(values: Any) -> npt.NDArray[np.int64]:
    """Many dates as days since 1970-01-01 (see :func:`day_number` for the rule).

    A ``datetime64`` array of any resolution is converted without a detour through
    nanoseconds; other values are judged once per distinct value.

    Raises
    ------
    InvalidInputError
        For the first value that is not a date; the message names its position.

    Examples
    --------
    >>> day_numbers(["2024-03-15", "2609-01-01"]).tolist()
    [19797, 233390]
    """
    import numpy as np
    import pandas as pd

    if np.ndim(values) == 0:
        return np.asarray(day_number(_scalar(values)), dtype=np.int64)
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    if arr.dtype.kind == "M":
        return _calendar_days(arr, "")  # type: ignore[no-any-return]
    flat = np.asarray(arr, dtype=object).ravel()
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    if (codes < 0).any():
        bad = int(np.argmax(codes < 0))
        raise _bad_date(flat[bad], f" at position {bad}", "is missing")
    found = np.empty(len(uniques), dtype=np.int64)
    for k, value in enumerate(uniques):
        found[k] = day_number(value, where=f" at position {int(np.argmax(codes == k))}")
    return found[codes].reshape(arr.shape)
