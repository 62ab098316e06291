"""What the shipped sources hold: one row per source and key, with the years it covers."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _data, _options
from coderstats.errors import (
    CoderstatsError,
    Hint,
    UnknownCountryError,
    UnknownCurrencyError,
    show,
)

__all__ = ["COLUMNS", "coverage", "held_years", "outside_held", "years_held"]

#: Columns of the frame :func:`coverage` returns, in order.
COLUMNS = ("source", "kind", "key", "first_year", "last_year", "n_years", "vintage")


def _ecb() -> pd.DataFrame:
    from coderstats.reference import ecb

    cov = ecb.coverage()
    first, last = cov["first_date"].dt.year, cov["last_date"].dt.year
    return pd.DataFrame(
        {
            "source": "ECB euro reference rates (daily)",
            "kind": "currency",
            "key": cov["currency"],
            "first_year": first.astype("Int64"),
            "last_year": last.astype("Int64"),
            "n_years": pd.array([pd.NA] * len(cov), dtype="Int64"),
            "vintage": ecb.vintage(),
        }
    )


def _year_source(source: str, kind: str, frame: pd.DataFrame, vintage: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": source,
            "kind": kind,
            "key": frame["key"],
            "first_year": frame["first_year"],
            "last_year": frame["last_year"],
            "n_years": frame["n_years"],
            "vintage": vintage,
        }
    )


def _official() -> pd.DataFrame:
    from coderstats.reference import official

    rates = "World Bank official exchange rates (annual averages)"
    return _year_source(rates, "currency", official.coverage(), official.vintage())


def _ppp() -> pd.DataFrame:
    from coderstats.reference import worldbank

    parts = [
        _year_source(
            f"World Bank PPP, {name} ({code})",
            "country",
            worldbank.coverage(name),
            worldbank.vintage(name),
        )
        for name, code in worldbank.INDICATORS.items()
    ]
    return pd.concat(parts, ignore_index=True)


def _prices() -> pd.DataFrame:
    from coderstats.reference import cpi, rpp

    return pd.concat(
        [
            _year_source("BLS CPI-U (annual averages)", "series", cpi.coverage(), cpi.vintage()),
            _year_source("BEA regional price parities", "state", rpp.coverage(), rpp.vintage()),
        ],
        ignore_index=True,
    )


_PARTS: tuple[Callable[[], pd.DataFrame], ...] = (_ecb, _official, _ppp, _prices)
#: The parts that hold each kind of key.
_OF_KIND: dict[str, tuple[Callable[[], pd.DataFrame], ...]] = {
    "currency": (_ecb, _official),
    "country": (_ppp,),
    "state": (_prices,),
}


def years_held(kind: str) -> pd.DataFrame:
    """Per key of ``kind`` (currency, country or state): its first and last year in any source.

    Indexed by key, columns ``first`` and ``last``; built from the parts that hold that kind.
    """
    frame = pd.concat([part() for part in _OF_KIND[kind]], ignore_index=True)
    rows = frame.loc[frame["kind"] == kind]
    return rows.groupby("key", sort=False).agg(
        first=("first_year", "min"), last=("last_year", "max")
    )


def held_years(kind: str) -> pd.DataFrame:
    """:func:`years_held` of the shipped sources, worked out once per version of the data."""
    return _held_years(kind, _data.generation())


@lru_cache(maxsize=6)
def _held_years(kind: str, generation: tuple[str, int, int, int]) -> pd.DataFrame:
    del generation  # in the cache key only: the codes of that version of the data folder
    return years_held(kind)


def outside_held(
    kind: str, codes: npt.NDArray[np.object_], years: npt.NDArray[np.int64] | None
) -> npt.NDArray[np.bool_]:
    """True where a code of ``kind`` is not held by any shipped source, or (with ``years``,
    one per code) its year is outside the years the sources hold it."""
    held = held_years(kind)
    where = held.index.get_indexer(pd.Index(codes, dtype=object))
    outside: npt.NDArray[np.bool_] = where < 0
    if years is not None:
        first = np.append(held["first"].to_numpy(dtype=np.int64), 0)[where]
        last = np.append(held["last"].to_numpy(dtype=np.int64), 0)[where]
        outside |= (years < first) | (years > last)
    return outside


def coverage(*, country: str | None = None, currency: str | None = None) -> pd.DataFrame:
    """Which currencies, countries, states and series the shipped sources hold, and when.

    Parameters
    ----------
    country : str, optional
        Keep the rows of this ISO alpha-3 country (its PPP factors).
    currency : str, optional
        Keep the rows of this ISO 4217 currency (its ECB and World Bank rates).

    Returns
    -------
    pandas.DataFrame
        One row per source and key: ``source``, ``kind`` (currency, country, state or
        series), ``key``, ``first_year``, ``last_year``, ``n_years`` (years with a figure;
        missing for the daily ECB rates) and ``vintage``.

    Examples
    --------
    >>> cov = coverage()
    >>> cov.groupby("source", sort=False).size().to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'ECB euro reference rates (daily)': 42,
     'World Bank official exchange rates (annual averages)': 149,
     'World Bank PPP, private_consumption (PA.NUS.PRVT.PP)': 206,
     'World Bank PPP, gdp (PA.NUS.PPP)': 201,
     'BLS CPI-U (annual averages)': 1,
     'BEA regional price parities': 52}
    >>> coverage(currency="ngn")[["source", "first_year", "last_year"]].to_numpy().tolist()
    [['World Bank official exchange rates (annual averages)', 2015, 2024]]
    """
    frame = pd.concat([part() for part in _PARTS], ignore_index=True)
    for value, kind in ((country, "country"), (currency, "currency")):
        if value is not None:
            keep = (frame["kind"] == kind) & (frame["key"] == _options.normal_code(value))
            if not keep.any():
                raise _not_held(value, kind, int((frame["kind"] == kind).sum()))
            frame = frame.loc[keep]
    return frame.reset_index(drop=True).astype({"key": "str", "source": "str", "kind": "str"})


def _not_held(value: object, kind: str, rows: int) -> CoderstatsError:
    msg = f"no source holds {kind} {show(value)}; there are {rows} {kind} rows in all"
    error = UnknownCountryError if kind == "country" else UnknownCurrencyError
    return error(msg, hints=(Hint(kind, leave_out=True),))
