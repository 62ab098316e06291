"""BLS CPI-U annual averages and monthly indexes; dollars of one year restated in another's."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource, resource_key
from coderstats._options import whole_year, whole_years
from coderstats.errors import (
    DataIntegrityError,
    Hint,
    InvalidAmountError,
    InvalidInputError,
    RateNotFoundError,
    show,
)
from coderstats.reference._core import YearTable, frame_table, shipped_vintage
from coderstats.units import check_amount

__all__ = [
    "SERIES_ID",
    "coverage",
    "cpi_factors",
    "deflate",
    "latest_year",
    "load_cpi",
    "load_cpi_monthly",
    "monthly_index",
    "vintage",
]

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

        A newer table of the same columns can be passed to the functions here as
        ``table=`` (and to :func:`coderstats.convert` as ``cpi_table=``).

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


def load_cpi_monthly() -> pd.DataFrame:
    """Load the CPI-U monthly index shipped with coderstats.

    Returns
    -------
    pandas.DataFrame
        A new frame, one row per month published, with columns ``year``, ``month`` (Int64),
        ``series_id`` (str, ``CUUR0000SA0``) and ``cpi_u`` (float64, 1982-84 = 100).

    Notes
    -----
    U.S. Bureau of Labor Statistics, CPI-U, U.S. city average, all items, not seasonally
    adjusted, series CUUR0000SA0, January 2000 to May 2026. October 2025 has no row: the BLS
    published no index for that month (lapse in appropriations); :func:`monthly_index` says
    so rather than filling it in.

    Examples
    --------
    >>> monthly = load_cpi_monthly()
    >>> monthly[(monthly["year"] == 2025) & (monthly["month"] == 5)]["cpi_u"].item()
    321.465
    >>> len(monthly[monthly["year"] == 2025])
    11
    """
    return read_resource("cpi_u_monthly")


@lru_cache(maxsize=4)
def _months(_folder: str, _digest: str) -> dict[tuple[int, int], float]:  # args key the cache
    frame = load_cpi_monthly()
    keys = zip(frame["year"].astype(int), frame["month"].astype(int), strict=True)
    return dict(zip(keys, frame["cpi_u"].astype(float), strict=True))


def monthly_index(year: int, month: int) -> float:
    """The CPI-U index of one month (BLS series CUUR0000SA0, 1982-84 = 100).

    Raises
    ------
    InvalidInputError
        For a year that is not whole, or a month outside 1-12.
    RateNotFoundError
        For a month outside the table, or one the BLS did not publish (October 2025); the
        message says which months are held.

    Examples
    --------
    >>> monthly_index(2015, 5), monthly_index(2025, 5)
    (237.805, 321.465)
    """
    y = whole_year(year, what="year")
    m = whole_year(month, what="month")
    if not 1 <= m <= 12:  # months of the year
        msg = f"month {show(month)} is not a month; give 1 (January) to 12 (December)"
        raise InvalidInputError(msg)
    months = _months(*resource_key("cpi_u_monthly"))
    found = months.get((y, m))
    if found is not None:
        return found
    first, last = min(months), max(months)
    span = f"{first[0]}-{first[1]:02d} to {last[0]}-{last[1]:02d}"
    if first <= (y, m) <= last:
        msg = (
            f"no CPI-U index for {y}-{m:02d}: the BLS published none for that month (the "
            f"table covers {span} otherwise). Use a neighbouring month, or the annual average "
            "(leave month out)."
        )
    else:
        msg = f"no CPI-U index for {y}-{m:02d}: the table covers {span}. Use a month in it."
    raise RateNotFoundError(msg)


def _index(frame: pd.DataFrame, vintage: str = "not stated") -> YearTable:
    """Index a frame shaped like :func:`load_cpi`'s (``series_id`` may be left out)."""
    if "series_id" in frame.columns:
        series = sorted({str(s) for s in frame["series_id"].dropna().unique()})
        if len(series) > 1:
            msg = (
                f"CPI table holds several series ({', '.join(series)}); keep the rows of one "
                f"series (load_cpi() holds {SERIES_ID} only)."
            )
            raise DataIntegrityError(msg)
    else:
        frame = frame.assign(series_id=SERIES_ID)
    return YearTable.from_frame(
        frame,
        columns=("series_id", "year", "cpi_u"),
        name="CPI table",
        what="CPI-U annual average",
        vintage=vintage,
        one_row_per="year",
    )


def _table(table: pd.DataFrame | None) -> YearTable:
    if table is None:
        # Indexed once per content of the shipped table (see ``resource_key``).
        return _shipped_table(*resource_key("cpi_u"))
    return frame_table(table, "cpi", _index, "load_cpi()")


@lru_cache(maxsize=4)
def _shipped_table(_folder: str, _digest: str) -> YearTable:  # the args key the cache
    return _index(load_cpi(), shipped_vintage("cpi_u"))


def _outside(table: YearTable) -> Callable[[str, int, str], RateNotFoundError]:
    """The year message of :meth:`YearTable.gather` for the one series of a CPI table."""

    def error(series: str, year: int, have: str) -> RateNotFoundError:
        msg = (
            f"no CPI-U annual average for year {year}: the BLS series {series} in the table "
            f"covers {have}. Use a year in {have} (the latest full year is {table.last_year})."
        )
        return RateNotFoundError(msg)

    return error


def latest_year(table: pd.DataFrame | None = None) -> int:
    """The latest year of the CPI-U series (the default constant-dollar year).

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_cpi`'s; default the shipped table.

    Examples
    --------
    >>> latest_year()
    2025
    """
    return _table(table).last_year


def vintage(table: pd.DataFrame | None = None) -> str:
    """The release of the CPI-U figures (``"not stated"`` for a table passed in).

    Examples
    --------
    >>> vintage()
    'annual averages 2000-2025 from the BLS series with monthly data through August 2026'
    """
    return _table(table).vintage


def coverage(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which years have a CPI-U annual average: one row for the series.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_cpi`'s; default the shipped table.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (the series, ``CUUR0000SA0``), ``first_year``, ``last_year`` and
        ``n_years`` (how many years have an average).

    Examples
    --------
    >>> coverage().to_numpy().tolist()
    [['CUUR0000SA0', 2000, 2025, 26]]
    """
    return _table(table).coverage()


def cpi_factors(
    from_years: Any, to_year: Any, *, table: pd.DataFrame | None = None
) -> npt.NDArray[np.float64]:
    """Price-level ratios ``CPI[to_year] / CPI[from_year]``, one per row.

    Multiply dollars of ``from_year`` by the factor to express them in dollars of ``to_year``.

    Parameters
    ----------
    from_years : array-like of int
        Year each amount is stated in; a single year is broadcast. Whole floats (``2024.0``)
        are accepted.
    to_year : int or array-like of int
        Target year, one for all rows or one per row.
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_cpi`'s (for instance with a newer year); default the
        shipped table. It is indexed on its first use and found again by identity: a frame
        changed in place afterwards is not indexed again (pass a copy).

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
        For a year outside the table (2000-2025 shipped), however far off; the message
        states the years available.
    DataIntegrityError
        For a ``table`` without the columns ``year`` and ``cpi_u``, with a row that is not a
        positive index of a year, a year twice, or several series.

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
    found = _table(table)
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
    series = np.array(found.keys[0], dtype=object)
    outside = _outside(found)
    return found.gather(series, end, outside=outside) / found.gather(series, start, outside=outside)


def deflate(
    amount: float,
    from_year: int,
    *,
    to: int,
    table: pd.DataFrame | None = None,
    month: int | None = None,
) -> float:
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
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_cpi`'s; default the shipped table.
    month : int, optional
        Use the index of this month of both years (``month=5`` for OEWS May wages) instead of
        the annual averages; from the shipped monthly table (:func:`load_cpi_monthly`).

    Returns
    -------
    float
        ``amount * CPI[to] / CPI[from_year]``, in US dollars of ``to`` (of its ``month``
        when a month is given).

    Raises
    ------
    InvalidAmountError
        If ``amount`` is negative, infinite or not a number (a string, a boolean).
    InvalidInputError
        If a year is not a whole year (``2024`` or ``2024.0``).
    RateNotFoundError
        If a year is outside the table (2000-2025 shipped).

    Notes
    -----
    CPI-U annual averages, BLS series CUUR0000SA0 (see :func:`load_cpi`). For many rows use
    :func:`cpi_factors`.

    Examples
    --------
    >>> round(deflate(42_000, 2015, to=2024), 2)
    55586.47
    >>> round(deflate(37_110, 2015, to=2025, month=5), 2)
    50165.33
    """
    value = check_amount(amount)
    if month is None:
        factor = float(cpi_factors([from_year], to, table=table)[0])
    elif table is not None:
        msg = "a month is priced with the shipped monthly CPI-U, and a table holds annual averages"
        raise InvalidInputError(
            msg, hints=(Hint("table", leave_out=True), Hint("month", leave_out=True))
        )
    else:
        factor = monthly_index(to, month) / monthly_index(from_year, month)
    result = value * factor
    if math.isinf(result):
        msg = (
            f"amount {show(amount)} is too large: in dollars of {to} it would pass the largest "
            "float (about 1.8e308); check the amount"
        )
        raise InvalidAmountError(msg)
    return result
