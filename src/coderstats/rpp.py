"""BEA regional price parities: how a US state's prices compare with the national average."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource, resource_key
from coderstats._options import normal_code, whole_years
from coderstats.errors import InvalidInputError, RateNotFoundError, UnknownCountryError, show

__all__ = ["load_rpp", "rpp_factors"]


def load_rpp() -> pd.DataFrame:
    """BEA regional price parities for all items, by state, US = 100.

    Returns
    -------
    pandas.DataFrame
        =============  =======  ====================================================
        column         dtype    meaning
        =============  =======  ====================================================
        geo_fips       str      BEA GeoFIPS code (``"00000"`` = United States)
        state          str      state name (``"United States"`` for the nation)
        state_code     str      two-letter code (``"NY"``; ``"US"`` for the nation)
        year           Int64    reference year, 2015-2023
        rpp_all_items  float64  price level, US = 100
        =============  =======  ====================================================

    Notes
    -----
    BEA table SARPP, line 5 "RPPs: All items" (last updated February 20, 2025). Parities are
    estimated year by year and compare places within a year, not years. A state is not a
    city: New York State's parity is an average over the state, below New York City's.

    Examples
    --------
    >>> rpp = load_rpp()
    >>> rpp.loc[(rpp["state_code"] == "NY") & (rpp["year"] == 2023), "rpp_all_items"].item()
    107.626
    """
    return read_resource("rpp_states")


@dataclass(frozen=True)
class _Parities:
    """The parities indexed by (state code, year), with state names mapped to codes."""

    by_name: dict[str, str]
    codes: tuple[str, ...]
    lo: int
    hi: int
    dense: npt.NDArray[np.float64]  # [state position, year - lo], NaN where none


def _parities() -> _Parities:
    """The shipped table, indexed once per content of the table (see ``resource_key``)."""
    return _parities_for(*resource_key("rpp_states"))


@lru_cache(maxsize=4)
def _parities_for(folder: str, digest: str) -> _Parities:
    table = load_rpp()
    names = table["state"].to_numpy(dtype=object)
    state_codes = table["state_code"].to_numpy(dtype=object)
    codes = tuple(sorted({str(c) for c in state_codes}))
    by_name = {str(n).upper(): str(c) for n, c in zip(names, state_codes, strict=True)}
    years = table["year"].to_numpy(dtype=np.int64)
    lo, hi = int(years.min()), int(years.max())
    dense = np.full((len(codes), hi - lo + 1), np.nan)
    rows = np.searchsorted(np.array(codes, dtype=object), state_codes)
    dense[rows, years - lo] = table["rpp_all_items"].to_numpy(dtype=np.float64) / 100.0
    dense.setflags(write=False)
    return _Parities(by_name, codes, lo, hi, dense)


def _state_position(raw: object, parities: _Parities, where: str) -> int:
    """Position of a state code or name in ``parities.codes``; a bad value raises."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw is pd.NA:
        msg = (
            f"US state is missing ({show(raw)}){where}; give a two-letter code such as 'NY' or "
            "a state name such as 'New York' (50 states, DC, or 'US' for the national average)"
        )
        raise UnknownCountryError(msg)
    text = normal_code(raw)
    code = text if text in parities.codes else parities.by_name.get(str(text))
    if code is None or not isinstance(text, str):
        msg = (
            f"unknown US state {show(raw)}{where}; give a two-letter code such as 'NY' or a "
            "state name such as 'New York' (50 states, DC, or 'US' for the national average)"
        )
        raise UnknownCountryError(msg)
    return parities.codes.index(code)


def rpp_factors(state_codes: Any, years: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Price level of each (state, year) relative to the US average (1.0 = national average).

    Divide a state's dollars by the factor to express them in national-average dollars.
    Accepts two-letter codes or full state names, case-insensitively; one state is looked up
    once however many rows share it, and the table is indexed once per process.

    Parameters
    ----------
    state_codes : array-like of str
        Two-letter codes or state names; a single value is broadcast.
    years : array-like of int
        Years (whole floats such as ``2024.0`` are accepted); a single year is broadcast.

    Returns
    -------
    numpy.ndarray
        float64, one factor per row (BEA RPP all items / 100), in the broadcast shape.

    Raises
    ------
    UnknownCountryError
        A state that is missing or not among the 50 states, DC or "US".
    InvalidInputError
        A year that is not a whole year, or inputs whose lengths do not broadcast.
    RateNotFoundError
        A year without parities (the message states the years available).

    Examples
    --------
    >>> rpp_factors(["NY", "Mississippi"], [2023, 2023]).round(5).tolist()
    [1.07626, 0.87292]
    """
    parities = _parities()
    codes = np.asarray(state_codes, dtype=object)
    yrs = whole_years(years)
    try:
        codes, yrs = np.broadcast_arrays(codes, yrs)
    except ValueError:
        msg = (
            f"state_codes has {codes.size} values and years {yrs.size}; pass one year, or "
            "one per state."
        )
        raise InvalidInputError(msg) from None
    flat = codes.ravel()
    row_states, uniq = pd.factorize(flat, use_na_sentinel=True)
    if (row_states < 0).any():
        bad = int(np.argmax(row_states < 0))
        _state_position(flat[bad], parities, f" at position {bad}")
    position = np.array(
        [
            _state_position(u, parities, f" at position {int(np.argmax(row_states == k))}")
            for k, u in enumerate(uniq)
        ],
        dtype=np.intp,
    )
    states = position[row_states]
    year_flat = yrs.ravel()
    inside = (year_flat >= parities.lo) & (year_flat <= parities.hi)
    where = np.where(inside, year_flat, parities.lo) - parities.lo  # no sums on far-off years
    found: np.ndarray[Any, np.dtype[np.float64]] = parities.dense[states, where]
    ok = inside & np.isfinite(found)
    if not ok.all():
        i = int(np.argmin(ok))
        code, year = parities.codes[states[i]], int(year_flat[i])
        msg = (
            f"no regional price parity for {code} in {year}; BEA parities are shipped for "
            f"{parities.lo}-{parities.hi}. Use a year in that range."
        )
        raise RateNotFoundError(msg)
    return found.reshape(codes.shape)
