"""CPI-U annual averages (BLS) and the adjustment of dollars of one year into another's."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource, resource_key
from coderstats._options import whole_years
from coderstats.errors import InvalidAmountError, InvalidInputError, RateNotFoundError, show
from coderstats.units import check_amount

__all__ = ["SERIES_ID", "cpi_factors", "deflate", "latest_year", "load_cpi"]

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


@dataclass(frozen=True)
class _Cpi:
    """The CPI-U series as a dense array over its years (index = year - ``lo``)."""

    lo: int
    hi: int
    dense: npt.NDArray[np.float64]


def _cpi() -> _Cpi:
    """The shipped series, indexed once per content of the table (see ``resource_key``)."""
    return _cpi_for(*resource_key("cpi_u"))


@lru_cache(maxsize=4)
def _cpi_for(folder: str, digest: str) -> _Cpi:
    table = load_cpi()
    known_years = table["year"].to_numpy(dtype=np.int64)
    lo, hi = int(known_years.min()), int(known_years.max())
    dense = np.full(hi - lo + 1, np.nan)
    dense[known_years - lo] = table["cpi_u"].to_numpy(dtype=np.float64)
    dense.setflags(write=False)
    return _Cpi(lo, hi, dense)


def latest_year() -> int:
    """The latest year of the shipped CPI-U series (the default constant-dollar year).

    Examples
    --------
    >>> latest_year()
    2025
    """
    return _cpi().hi


def cpi_factors(from_years: Any, to_year: Any) -> npt.NDArray[np.float64]:
    """Price-level ratios ``CPI[to_year] / CPI[from_year]``, one per row.

    Multiply dollars of ``from_year`` by the factor to express them in dollars of ``to_year``.

    Parameters
    ----------
    from_years : array-like of int
        Year each amount is stated in; a single year is broadcast. Whole floats (``2024.0``)
        are accepted.
    to_year : int or array-like of int
        Target year, one for all rows or one per row.

    Returns
    -------
    numpy.ndarray
        float64 array, one factor per row (1.0 where the two years are equal).

    Raises
    ------
    InvalidInputError
        For a year that is not a whole number (a string, a boolean, a missing or fractional
        value), or if ``from_years`` and ``to_year`` are arrays of different lengths.
    RateNotFoundError
        For a year outside the table (2000-2025); the message states the bounds.

    Notes
    -----
    Ratio of BLS CPI-U annual averages (series CUUR0000SA0), the usual way to restate annual
    pay in constant dollars. It measures urban consumer prices in the United States only: use
    it for US dollars. The series is indexed once per process (again only if the shipped
    table changes).

    Examples
    --------
    >>> cpi_factors([2015, 2024], 2024).round(6).tolist()
    [1.323487, 1.0]
    """
    cpi = _cpi()
    start_given = whole_years(from_years, what="from_year").ravel()
    end_given = whole_years(to_year, what="to_year").ravel()
    try:
        start, end = np.broadcast_arrays(start_given, end_given)
    except ValueError:
        msg = (
            f"from_years has {start_given.size} values and to_year {end_given.size}; "
            "pass one target year, or one per row."
        )
        raise InvalidInputError(msg) from None
    return _gather(cpi, end) / _gather(cpi, start)


def _gather(cpi: _Cpi, years: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    lo, hi = cpi.lo, cpi.hi
    inside = (years >= lo) & (years <= hi)
    found: npt.NDArray[np.float64] = cpi.dense[np.where(inside, years, lo) - lo]  # no far-off sums
    ok = inside & np.isfinite(found)
    if not ok.all():
        shown = int(years[int(np.argmin(ok))])
        msg = (
            f"no CPI-U annual average for year {shown}: the shipped BLS series {SERIES_ID} "
            f"covers {lo}-{hi}. Use a year in {lo}-{hi} (the latest full year is {hi})."
        )
        raise RateNotFoundError(msg)
    return found


def deflate(amount: float, from_year: int, *, to: int) -> float:
    """Express an amount of US dollars of one year in dollars of another, by CPI-U.

    Parameters
    ----------
    amount : float
        Amount in US dollars of ``from_year``; zero or positive. NaN (a missing amount) gives
        NaN, as in :func:`coderstats.conversion.convert_amount`.
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
        If ``amount`` is negative, infinite or not a number (a string, a boolean).
    InvalidInputError
        If a year is not a whole year (``2024`` or ``2024.0``).
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
    value = check_amount(amount)
    result = value * float(cpi_factors([from_year], to)[0])
    if math.isinf(result):
        msg = (
            f"amount {show(amount)} is too large: in dollars of {to} it would pass the largest "
            "float (about 1.8e308); check the amount"
        )
        raise InvalidAmountError(msg)
    return result
