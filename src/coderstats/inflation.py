"""CPI-U annual averages (BLS) and the adjustment of dollars of one year into another's."""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource
from coderstats.errors import InvalidAmountError, RateNotFoundError

__all__ = ["SERIES_ID", "cpi_factors", "deflate", "load_cpi"]

#: BLS series: CPI-U, U.S. city average, all items, not seasonally adjusted, 1982-84 = 100.
SERIES_ID = "CUUR0000SA0"


def load_cpi() -> pd.DataFrame:
    """Load the CPI-U annual averages shipped with coderstats.

    Returns
    -------
    pandas.DataFrame
        A new frame, one row per year, with columns

        =========  =======  ===================================================
        year       Int64    calendar year (2000-2025)
        series_id  str      BLS series identifier, ``CUUR0000SA0``
        cpi_u      float64  annual average index, 1982-84 = 100
        =========  =======  ===================================================

    Raises
    ------
    DataIntegrityError
        If the shipped file fails its schema or checksum.

    Notes
    -----
    Source: U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban Consumers
    (CPI-U), U.S. city average, all items, not seasonally adjusted, 1982-84 = 100, series
    CUUR0000SA0, annual averages as published (BLS data through August 2026); public domain.

    Examples
    --------
    >>> cpi = load_cpi()
    >>> int(cpi["year"].min()), int(cpi["year"].max())
    (2000, 2025)
    >>> float(cpi.loc[cpi["year"] == 2024, "cpi_u"].iloc[0])
    313.689
    """
    return read_resource("cpi_u")


def _year_array(values: Any) -> npt.NDArray[np.float64]:
    arr = np.asarray(values)
    if arr.dtype.kind in "iuf":
        return arr.astype(np.float64).ravel()
    numbers = pd.to_numeric(pd.Series(arr.ravel(), dtype=object), errors="coerce")
    return numbers.to_numpy(dtype=np.float64, na_value=np.nan)


def cpi_factors(from_years: Any, to_year: Any) -> npt.NDArray[np.float64]:
    """Price-level ratios ``CPI[to_year] / CPI[from_year]``, one per row.

    Multiply dollars of ``from_year`` by the factor to express them in dollars of ``to_year``.

    Parameters
    ----------
    from_years : array-like of int
        Year each amount is stated in; a single year is broadcast.
    to_year : int or array-like of int
        Target year, one for all rows or one per row.

    Returns
    -------
    numpy.ndarray
        float64 array, one factor per row (1.0 where the two years are equal).

    Raises
    ------
    RateNotFoundError
        For a year outside the table (2000-2025) or not a whole number; the message states the
        bounds.
    ValueError
        If ``from_years`` and ``to_year`` are arrays of different lengths.

    Notes
    -----
    Ratio of BLS CPI-U annual averages (series CUUR0000SA0), the usual way to restate annual
    pay in constant dollars. It measures urban consumer prices in the United States only: use
    it for US dollars.

    Examples
    --------
    >>> cpi_factors([2015, 2024], 2024).round(6).tolist()
    [1.323487, 1.0]
    """
    table = load_cpi()
    known_years = table["year"].to_numpy(dtype=np.int64)
    values = table["cpi_u"].to_numpy(dtype=np.float64)
    lo, hi = int(known_years.min()), int(known_years.max())
    dense = np.full(hi - lo + 1, np.nan)
    dense[known_years - lo] = values
    try:
        start, end = np.broadcast_arrays(_year_array(from_years), _year_array(to_year))
    except ValueError:
        msg = (
            f"from_years has {np.size(from_years)} values and to_year {np.size(to_year)}; "
            "pass one target year, or one per row."
        )
        raise ValueError(msg) from None
    return _gather(dense, end, lo, hi) / _gather(dense, start, lo, hi)


def _gather(
    dense: npt.NDArray[np.float64], years: npt.NDArray[np.float64], lo: int, hi: int
) -> npt.NDArray[np.float64]:
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(years) & (years == np.round(years))
        inside = whole & (years >= lo) & (years <= hi)
    index = np.where(inside, years, lo).astype(np.int64) - lo
    found = dense[index]
    ok = inside & np.isfinite(found)
    if not ok.all():
        i = int(np.argmin(ok))
        value = years[i]
        shown = int(value) if whole[i] else value
        msg = (
            f"no CPI-U annual average for year {shown!r}: the shipped BLS series {SERIES_ID} "
            f"covers {lo}-{hi}. Use a year in {lo}-{hi} (the latest full year is {hi})."
        )
        raise RateNotFoundError(msg)
    return found


def deflate(amount: float, from_year: int, *, to: int) -> float:
    """Express an amount of US dollars of one year in dollars of another, by CPI-U.

    Parameters
    ----------
    amount : float
        Amount in US dollars of ``from_year``; zero or positive.
    from_year : int
        Year the amount is stated in.
    to : int
        Year whose dollars the result is stated in.

    Returns
    -------
    float
        ``amount * CPI[to] / CPI[from_year]``, in US dollars of ``to``.

    Raises
    ------
    InvalidAmountError
        If ``amount`` is not a finite, non-negative number.
    RateNotFoundError
        If a year is outside the table (2000-2025).

    Notes
    -----
    CPI-U annual averages, BLS series CUUR0000SA0 (see :func:`load_cpi`). For many rows use
    :func:`cpi_factors`.

    Examples
    --------
    >>> round(deflate(42_000, 2015, to=2024), 2)
    55586.47
    """
    given: object = amount  # callers pass anything at run time, whatever the annotation says
    if isinstance(given, bool) or not isinstance(given, Real):
        msg = f"amount {given!r} is not a number; pass a plain number such as 42000."
        raise InvalidAmountError(msg)
    value = float(given)
    if not math.isfinite(value) or value < 0:
        msg = f"amount {amount!r} is not a finite amount of zero or more; pass e.g. 42000."
        raise InvalidAmountError(msg)
    return value * float(cpi_factors([from_year], to)[0])
