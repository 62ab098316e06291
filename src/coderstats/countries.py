"""Countries: ISO 3166 codes and names, and the currency in force in a country in a given year."""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats.errors import RateNotFoundError, UnknownCountryError, show
from coderstats.reference._core import common_length, factorize_years

__all__ = [
    "country_currencies",
    "country_currency",
    "country_name",
    "iso3_codes",
    "retired_in",
]


#: Economies the World Bank lists under codes that ISO 3166-1 has not assigned, with the
#: territory code CLDR files their currency under (Kosovo; the Channel Islands: Jersey).
WDI_CODES = {"XKX": ("XK", "Kosovo"), "CHI": ("JE", "Channel Islands")}


@cache
def _iso3_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(WDI_CODES)


def iso3_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 country code (from pycountry), and the World Bank's ``XKX``
    (Kosovo) and ``CHI`` (Channel Islands), which the World Bank lists as economies.

    Examples
    --------
    >>> codes = iso3_codes()
    >>> "DEU" in codes, "EUU" in codes
    (True, False)
    """
    return _iso3_codes()


@cache
def _alpha2(iso3: str) -> str | None:
    import pycountry

    if iso3 in WDI_CODES:
        return WDI_CODES[iso3][0]
    found = pycountry.countries.get(alpha_3=iso3)
    return None if found is None else str(found.alpha_2)


@lru_cache(maxsize=4096)
def _currency_on(alpha2: str, day: date) -> str | None:
    """The legal-tender currency of a territory on a day, when several circulate the one the
    territory counts in: the euro once adopted; else its own currency (the code that begins
    with the territory's code: HTG beside USD in Haiti, BTN beside INR in Bhutan), the newest
    of them during a redenomination (SLE beside SLL in 2022); else the newest."""
    from babel.numbers import get_territory_currencies

    # babel lists currencies by introduction date
    found = [
        str(c) for c in get_territory_currencies(alpha2, start_date=day, end_date=day, tender=True)
    ]
    if "EUR" in found:
        return "EUR"
    own = [code for code in found if code.startswith(alpha2)]
    pick = own or found
    return pick[-1] if pick else None


def _country_text(value: object, position: int | None, valid: str) -> str:
    """Upper-cased, stripped code, or UnknownCountryError for None, "" and non-strings."""
    code = _options.normal_code(value)
    if isinstance(code, str) and code:
        return code
    where = "" if position is None else f" at position {position}"
    msg = (
        f"country code {show(value)}{where} is not an ISO 3166-1 alpha-3 code. Valid: {valid}. "
        "Give every row the three-letter code of the country where the money is spent."
    )
    raise UnknownCountryError(msg)


def _iso_examples() -> str:
    return f"any of the {len(_iso3_codes())} ISO 3166-1 alpha-3 codes (e.g. DEU, GBR, IND, USA)"


def _not_iso(code: str) -> UnknownCountryError:
    msg = (
        f"unknown country {show(code)}: not an ISO 3166-1 alpha-3 code. Valid: "
        f"{_iso_examples()}. Use the three-letter code (pycountry.countries lists them)."
    )
    return UnknownCountryError(msg)


def country_name(iso3: str) -> str:
    """The ISO 3166 English short name of a country.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code; lower case is accepted.

    Returns
    -------
    str
        The name pycountry gives (ISO 3166-1).

    Raises
    ------
    UnknownCountryError
        If ``iso3`` is not an ISO 3166-1 alpha-3 code.

    Examples
    --------
    >>> country_name("deu"), country_name("GBR")
    ('Germany', 'United Kingdom')
    """
    import pycountry

    code = _country_text(iso3, None, _iso_examples())
    if code in WDI_CODES:
        return WDI_CODES[code][1]
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        raise _not_iso(code)
    return str(found.name)


def country_currency(iso3: str, year: int) -> str:
    """The currency (ISO 4217) in force in a country in a given year.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 country code; lower case is accepted.
    year : int
        Calendar year; the currency in force on 1 July of that year is returned (whole floats
        such as ``2024.0`` are accepted).

    Returns
    -------
    str
        ISO 4217 currency code, e.g. ``"EUR"`` for Germany since 1999.

    Raises
    ------
    UnknownCountryError
        If ``iso3`` is not an ISO 3166-1 alpha-3 code.
    InvalidInputError
        If ``year`` is not a whole year (``"2024"``, ``None`` and ``2024.5`` are not).
    RateNotFoundError
        If no legal-tender currency is on record for the country in that year, or the year
        is outside the calendar (1-9999).

    Notes
    -----
    Source: the Unicode CLDR territory-currency table as shipped with babel
    (``babel.numbers.get_territory_currencies`` with ``tender=True``). Where two legal-tender
    currencies circulate on the day, the one the country counts in is returned: the euro once
    adopted; else the country's own currency (the gourde beside the US dollar in Haiti, the
    ngultrum beside the rupee in Bhutan), the new one during a redenomination; else the most
    recently introduced.

    Examples
    --------
    >>> country_currency("DEU", 2024), country_currency("ind", 2024), country_currency("GBR", 2024)
    ('EUR', 'INR', 'GBP')
    >>> country_currency("DEU", 1995), country_currency("HRV", 2022), country_currency("HRV", 2023)
    ('DEM', 'HRK', 'EUR')
    >>> country_currency("HTI", 2024), country_currency("XKX", 2024)
    ('HTG', 'EUR')
    """
    code = _country_text(iso3, None, _iso_examples())
    day = date(_calendar_year(_options.whole_year(year)), 7, 1)
    return _currency_checked(code, day)


def _calendar_year(value: int) -> int:
    """A whole year that ``datetime.date`` can hold (1-9999), else RateNotFoundError."""
    if not 1 <= value <= 9999:
        msg = f"year {value} is outside the calendar (1-9999); pass a year such as 2024."
        raise RateNotFoundError(msg)
    return value


def _currency_checked(code: str, day: date) -> str:
    if code not in _iso3_codes():
        raise _not_iso(code)
    alpha2 = _alpha2(code)
    found = None if alpha2 is None else _currency_on(alpha2, day)
    if found is None:
        msg = (
            f"no legal-tender currency on record for {code} on {day.isoformat()} in the CLDR "
            "territory-currency table; pass a year in which the country had its own or an "
            "adopted currency, or give the currency explicitly."
        )
        raise RateNotFoundError(msg)
    return found


@cache
def _last_years() -> dict[str, int | None]:
    """Each currency's last year as legal tender anywhere (None: still is), from CLDR."""
    from babel.core import get_global

    last: dict[str, int | None] = {}
    for spans in get_global("territory_currencies").values():
        for code, _start, end, tender in spans:
            if not tender:
                continue
            year = None if end is None else int(end[0])
            known = last.get(code, 0)
            last[code] = None if year is None or known is None else max(year, known)
    return last


def retired_in(code: str) -> int | None:
    """The last year a currency was legal tender anywhere; None if it still is (or is not
    on record).

    >>> retired_in("HRK"), retired_in("DEM"), retired_in("GBP")
    (2023, 2002, None)
    """
    return _last_years().get(code)


def country_currencies(iso3: Any, years: Any) -> npt.NDArray[np.object_]:
    """Vectorised :func:`country_currency`: one ISO 4217 code per row, in force that year.

    Parameters
    ----------
    iso3 : array-like of str
        ISO 3166-1 alpha-3 codes (lower case accepted); a single string is broadcast.
    years : array-like of int
        Calendar years, one per row or a single year for every row.

    Returns
    -------
    numpy.ndarray
        Object array of ISO 4217 codes, one per row. Each distinct (country, year) is looked
        up once.

    Raises
    ------
    UnknownCountryError
        For a missing, empty, non-string or non-ISO code; the message names it and its
        position.
    InvalidInputError
        For a year that is not a whole year (``2024.0`` is accepted), or inputs of different
        lengths.
    RateNotFoundError
        For a year with no currency on record.

    Examples
    --------
    >>> country_currencies(["DEU", "deu", "IND"], [1995, 2024, 2024]).tolist()
    ['DEM', 'EUR', 'INR']
    >>> country_currencies("LTU", [2014, 2015]).tolist()
    ['LTL', 'EUR']
    """
    n = common_length(iso3, years)
    country_codes, country_uniques = factorize_countries(iso3, n, _iso_examples())
    year_codes, year_uniques = factorize_years(years, n)
    days = [date(_calendar_year(int(y)), 7, 1) for y in year_uniques]
    key_codes, key_uniques = pd.factorize(country_codes.astype(np.int64) * len(days) + year_codes)
    key_array = np.asarray(key_uniques, dtype=np.int64)
    found = np.array(
        [
            _currency_checked(country_uniques[k // len(days)], days[k % len(days)])
            for k in key_array
        ],
        dtype=object,
    )
    return found[key_codes]


def factorize_countries(values: Any, n: int, valid: str) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Codes per row into the distinct normalised (upper-case) country codes.

    A missing, empty or non-string code raises :class:`UnknownCountryError` naming its
    position and ``valid`` (what the caller accepts); whether a code is known is for the
    caller to check.

    Examples
    --------
    >>> codes, uniques = factorize_countries(["deu", "IND", " DEU "], 3, "DEU, IND")
    >>> codes.tolist(), uniques
    ([0, 1, 0], ['DEU', 'IND'])
    """
    if np.ndim(values) == 0:
        return np.zeros(n, dtype=np.intp), [_country_text(values, None, valid)]
    data = values if isinstance(values, pd.Series | pd.Index) else np.asarray(values, dtype=object)
    raw_codes, raw_uniques = pd.factorize(data.ravel() if isinstance(data, np.ndarray) else data)
    if (raw_codes < 0).any():
        i = int(np.argmax(raw_codes < 0))
        _country_text(np.asarray(data, dtype=object).ravel()[i], i, valid)
    normal = [
        _country_text(u, int(np.argmax(raw_codes == k)), valid)
        if not (isinstance(u, str) and u.strip())
        else str(_options.normal_code(u))
        for k, u in enumerate(raw_uniques)
    ]
    norm_codes, norm_uniques = pd.factorize(np.array(normal, dtype=object))
    return norm_codes[raw_codes].astype(np.intp), [str(u) for u in norm_uniques]
