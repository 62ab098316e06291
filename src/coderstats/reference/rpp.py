"""BEA regional price parities: how a US state's prices compare with the national average."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource, resource_key
from coderstats._options import normal_code, whole_years
from coderstats.errors import InvalidInputError, UnknownCountryError, show
from coderstats.reference._core import YearTable, frame_table, shipped_vintage

__all__ = ["coverage", "load_rpp", "rpp_factors", "vintage"]

_GIVE = (
    "give a two-letter code such as 'NY' or a state name such as 'New York' (50 states, DC, "
    "or 'US' for the national average)"
)


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

        A newer table of the same columns can be passed to :func:`rpp_factors` as
        ``table=`` (and to :func:`coderstats.convert` as ``rpp_table=``); ``geo_fips`` may
        be left out, and ``state`` too (then states are found by code only).

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


def _index(frame: pd.DataFrame, vintage: str = "not stated") -> YearTable:
    """Index a frame shaped like :func:`load_rpp`'s, state names as aliases of the codes."""
    names: dict[str, str] = {}
    if "state" in frame.columns and "state_code" in frame.columns:
        pairs = frame[["state", "state_code"]].dropna().to_numpy(dtype=object)
        names = {str(name): str(code) for name, code in pairs}
    return YearTable.from_frame(
        frame,
        columns=("state_code", "year", "rpp_all_items"),
        name="RPP table",
        what="regional price parity",
        vintage=vintage,
        one_row_per="state and year",
        aliases=names,
    )


def _table(table: pd.DataFrame | None) -> YearTable:
    if table is None:
        # Indexed once per content of the shipped table (see ``resource_key``).
        return _shipped_table(*resource_key("rpp_states"))
    return frame_table(table, "rpp", _index, "load_rpp()")


@lru_cache(maxsize=4)
def _shipped_table(_folder: str, _digest: str) -> YearTable:  # the args key the cache
    return _index(load_rpp(), shipped_vintage("rpp_states"))


def vintage(table: pd.DataFrame | None = None) -> str:
    """The release of the parities (``"not stated"`` for a table passed in).

    Examples
    --------
    >>> vintage()
    'Last updated February 20, 2025 (2008-2023); 2015-2023 shipped'
    """
    return _table(table).vintage


def coverage(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which states have parities, for which years: one row per state code.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_rpp`'s; default the shipped table.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (two-letter code, ``US`` for the nation), ``first_year``,
        ``last_year`` and ``n_years`` (how many years have a parity), sorted by code.

    Examples
    --------
    >>> cov = coverage()
    >>> cov.shape
    (52, 4)
    >>> cov[cov["key"] == "NY"].to_numpy().tolist()
    [['NY', 2015, 2023, 9]]
    """
    return _table(table).coverage()


def _state_text(raw: object, where: str) -> str:
    """A state code or name as the table compares it; a missing or non-text value raises."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw is pd.NA:
        msg = f"US state is missing ({show(raw)}){where}; {_GIVE}"
        raise UnknownCountryError(msg)
    text = normal_code(raw)
    if not isinstance(text, str) or not text:
        msg = f"unknown US state {show(raw)}{where}; {_GIVE}"
        raise UnknownCountryError(msg)
    return text


def _unknown(
    table: YearTable, flat: npt.NDArray[np.object_], keys: npt.NDArray[np.object_], key: str
) -> UnknownCountryError:
    i = int(np.argmax(keys == key))
    msg = (
        f"unknown US state {show(flat[i])} at position {i}; {_GIVE}. Codes in the table: "
        f"{', '.join(table.keys)}."
    )
    return UnknownCountryError(msg)


def rpp_factors(
    state_codes: Any, years: Any, *, table: pd.DataFrame | None = None
) -> npt.NDArray[np.float64]:
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
    table : pandas.DataFrame, optional
        A frame shaped like :func:`load_rpp`'s (for instance with a newer year); default the
        shipped table. It is indexed on its first use and found again by identity: a frame
        changed in place afterwards is not indexed again (pass a copy).

    Returns
    -------
    numpy.ndarray
        float64, one factor per row (BEA RPP all items / 100), in the broadcast shape.

    Raises
    ------
    UnknownCountryError
        A state that is missing or not in the table (50 states, DC and "US" shipped).
    InvalidInputError
        A year that is not a whole year, or inputs whose lengths do not broadcast.
    RateNotFoundError
        A year without parities, however far off (the message states the years available).
    DataIntegrityError
        A ``table`` without the columns ``state_code``, ``year`` and ``rpp_all_items``, or
        with a row that is not a positive parity of a state and year, or a repeated row.

    Examples
    --------
    >>> rpp_factors(["NY", "Mississippi"], [2023, 2023]).round(5).tolist()
    [1.07626, 0.87292]
    """
    found = _table(table)
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
        _state_text(flat[bad], f" at position {bad}")
    normal = np.array(
        [
            _state_text(u, f" at position {int(np.argmax(row_states == k))}")
            for k, u in enumerate(uniq)
        ],
        dtype=object,
    )
    keys = normal[row_states] if len(flat) else np.zeros(0, dtype=object)
    level = found.gather(
        keys,
        yrs.ravel(),
        unknown=lambda key: _unknown(found, flat, keys, key),
        fix="Use a year in that range.",
    )
    return (level / 100.0).reshape(codes.shape)
