"""BEA regional price parities: how a US state's prices compare with the national average."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coderstats._data import read_resource
from coderstats.errors import RateNotFoundError, UnknownCountryError

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


def rpp_factors(state_codes: Any, years: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Price level of each (state, year) relative to the US average (1.0 = national average).

    Divide a state's dollars by the factor to express them in national-average dollars.
    Accepts two-letter codes or full state names, case-insensitively; one key is looked up
    once however many rows share it.

    Raises
    ------
    UnknownCountryError
        A state that is not among the 50 states, DC or "US".
    RateNotFoundError
        A year without parities (the message states the years available).

    Examples
    --------
    >>> rpp_factors(["NY", "Mississippi"], [2023, 2023]).round(5).tolist()
    [1.07626, 0.87292]
    """
    table = load_rpp()
    codes = np.asarray(state_codes, dtype=object)
    yrs = np.asarray(years)
    codes, yrs = np.broadcast_arrays(codes, yrs)
    by_name = {
        name.upper(): code for name, code in zip(table["state"], table["state_code"], strict=True)
    }
    valid = set(table["state_code"])
    lookup = table.set_index(["state_code", "year"])["rpp_all_items"]
    first, last = int(table["year"].min()), int(table["year"].max())
    keys = pd.MultiIndex.from_arrays([pd.Index(codes.ravel()), pd.Index(yrs.ravel())])
    row_codes, uniq = pd.factorize(keys)
    out = np.empty(len(uniq), dtype=np.float64)
    for i, (raw, year) in enumerate(uniq):
        text = raw.strip().upper() if isinstance(raw, str) else ""
        code = text if text in valid else by_name.get(text)
        if code is None:
            msg = (
                f"unknown US state {raw!r}; give a two-letter code such as 'NY' or a state name "
                "such as 'New York' (50 states, DC, or 'US' for the national average)"
            )
            raise UnknownCountryError(msg)
        if (code, year) not in lookup.index:
            msg = (
                f"no regional price parity for {code} in {year!r}; BEA parities are shipped for "
                f"{first}-{last}. Use a year in that range."
            )
            raise RateNotFoundError(msg)
        out[i] = float(lookup.loc[(code, year)]) / 100.0
    return out[row_codes].reshape(codes.shape)
