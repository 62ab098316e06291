"""World Bank PPP conversion factors: the shipped WDI table, WDI downloads, vectorised lookup."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats._data import read_resource, resource_key
from coderstats._readers import WDI_HELP, read_wdi_csv, read_wdi_metadata
from coderstats.countries import (
    _alpha2,
    _country_text,
    _currency_on,
    _iso3_codes,
    factorize_countries,
)
from coderstats.errors import (
    DataIntegrityError,
    DataNotFoundError,
    Hint,
    InvalidInputError,
    UnknownCountryError,
    show,
)
from coderstats.reference._core import (
    YearTable,
    common_length,
    factorize_years,
    frame_table,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_INDICATOR",
    "INDICATORS",
    "aggregates",
    "countries",
    "coverage",
    "indicator_name",
    "load_ppp",
    "ppp_currencies",
    "ppp_factors",
    "vintage",
    "years",
    "years_taken",
]

#: Short indicator names and the World Bank WDI codes they stand for.
INDICATORS = _options.INDICATORS
#: Private consumption PPP: what household pay buys, the right basis for salaries.
DEFAULT_INDICATOR = "private_consumption"
#: Columns of every frame :func:`load_ppp` returns, in order.
COLUMNS = (
    "iso3",
    "country",
    "indicator_code",
    "indicator",
    "year",
    "lcu_per_intl_dollar",
    "currency",
    "vintage",
    "is_aggregate",
)

_NAME_OF_CODE = {code: name for name, code in INDICATORS.items()}
#: Economies whose PPP factors the World Bank states in another currency than their own.
PPP_UNITS = {"LBR": "USD"}
#: How many valid codes a message lists before it points to :func:`coverage` instead.
_LISTED = 30


# --------------------------------------------------------------------------------------------
# Indicator names


def indicator_name(indicator: object) -> str:
    """Short name of a PPP indicator given by short name or WDI code, case-insensitively.

    The one place where an indicator is read: :func:`load_ppp`, :func:`ppp_factors` and
    :func:`coderstats.conversion.convert` accept the same spellings.

    Parameters
    ----------
    indicator : str
        ``"private_consumption"`` or ``"gdp"``, or the World Bank codes ``"PA.NUS.PRVT.PP"``
        and ``"PA.NUS.PPP"``; case and surrounding spaces are ignored.

    Returns
    -------
    str
        ``"private_consumption"`` or ``"gdp"``.

    Raises
    ------
    InvalidInputError
        For anything else; the message lists the names and codes.

    Examples
    --------
    >>> indicator_name("PA.NUS.PPP"), indicator_name(" Private_Consumption ")
    ('gdp', 'private_consumption')
    """
    if isinstance(indicator, str):
        key = indicator.strip()
        if key.lower() in INDICATORS:
            return key.lower()
        if key.upper() in _NAME_OF_CODE:
            return _NAME_OF_CODE[key.upper()]
    names = ", ".join(INDICATORS)
    codes = ", ".join(INDICATORS.values())
    msg = (
        f"unknown PPP indicator {show(indicator)}; valid: {names} (or their World Bank codes "
        f"{codes}, case ignored). The default is {DEFAULT_INDICATOR!r}."
    )
    raise InvalidInputError(msg)


def _indicator_name(indicator: str | None, *, default: str | None = DEFAULT_INDICATOR) -> str:
    """:func:`indicator_name`, with ``None`` meaning ``default`` (when there is one)."""
    if indicator is None and default is not None:
        return default
    return indicator_name(indicator)


# --------------------------------------------------------------------------------------------
# Loading


def load_ppp(
    path: str | os.PathLike[str] | None = None, *, indicator: str | None = None
) -> pd.DataFrame:
    """Load World Bank PPP conversion factors as a tidy frame, one row per country, indicator, year.

    Parameters
    ----------
    path : str or path-like, optional
        Without it, the table shipped with coderstats (every economy, 2015-2024, both
        indicators). With it, a World Bank WDI bulk download: the zip the World Bank serves
        (``API_PA.NUS.PRVT.PP_DS2_en_csv_v2_*.zip``) or the ``API_*.csv`` inside it. A
        ``Metadata_Country_*.csv`` in the zip, or beside the CSV under the name
        ``Metadata_Country_<csv name>``, tells countries from aggregates.
    indicator : str, optional
        Keep only one indicator: ``"private_consumption"`` (``PA.NUS.PRVT.PP``) or ``"gdp"``
        (``PA.NUS.PPP``); the WDI codes are accepted too. Default: every indicator present.

    Returns
    -------
    pandas.DataFrame
        A new frame with columns

        ====================  =========  ==================================================
        iso3                  str        ISO 3166-1 alpha-3 code (WDI code for aggregates)
        country               str        country name as the World Bank writes it
        indicator_code        str        ``PA.NUS.PRVT.PP`` or ``PA.NUS.PPP``
        indicator             str        ``private_consumption`` or ``gdp``
        year                  Int64      calendar year
        lcu_per_intl_dollar   float64    local currency units per international dollar
        currency              str        ISO 4217 code of the local currency unit
        vintage               str        WDI release date (YYYY-MM-DD)
        is_aggregate          boolean    True for regions, income groups and other aggregates
        ====================  =========  ==================================================

        Cells the World Bank leaves empty are left out: no row holds a missing factor. From a
        WDI file, ``currency`` is the country's currency at the file's "Last Updated Date",
        because WDI states a country's whole series in its current currency unit (euro for
        euro members, back to 1990); it is missing for aggregates and for WDI codes that are
        not ISO 3166 countries.

    Raises
    ------
    InvalidInputError
        If ``indicator`` is not a known indicator; the message lists the valid ones.
    DataIntegrityError
        If the file is not a WDI bulk CSV of a PPP indicator (bad preamble, header, field
        count, country code, indicator code, repeated row, or a cell that is not a positive
        number); the message names the file, the line and the field.
    DataNotFoundError
        If ``path`` does not exist.

    Notes
    -----
    Source: World Bank, World Development Indicators, "PPP conversion factor, private
    consumption (LCU per international $)" (``PA.NUS.PRVT.PP``) and "PPP conversion factor,
    GDP (LCU per international $)" (``PA.NUS.PPP``), CC BY 4.0. The shipped table quotes WDI
    Last Updated Date 2025-10-07 (private consumption) and a retrieval of 2026-03-05 (GDP);
    ``coderstats.sources()`` and ``data/datapackage.json`` carry the citations.

    The latest ICP benchmark year is 2021: factors for later years are World Bank
    extrapolations and are revised when the next ICP round is published. The private
    consumption PPP measures what household spending buys and is the right default for pay;
    the GDP PPP also prices investment and government spending. The World Bank warns that PPPs
    are statistical estimates with margins of error: do not read precise rankings into small
    differences between countries.

    Examples
    --------
    >>> ppp = load_ppp(indicator="private_consumption")
    >>> row = ppp[(ppp["iso3"] == "GBR") & (ppp["year"] == 2024)]
    >>> row[["currency", "lcu_per_intl_dollar"]].to_numpy().tolist()
    [['GBP', 0.703495]]
    >>> sorted(load_ppp()["indicator"].unique())
    ['gdp', 'private_consumption']
    """
    name = None if indicator is None else _indicator_name(indicator, default=None)
    frame = _shipped_ppp() if path is None else _read_wdi(Path(path))
    if name is not None:
        frame = frame.loc[frame["indicator"] == name].reset_index(drop=True)
    return frame


def _shipped_ppp() -> pd.DataFrame:
    frame = read_resource("ppp")
    frame["is_aggregate"] = pd.array(np.zeros(len(frame), dtype=bool), dtype="boolean")
    return frame


def _read_wdi(path: Path) -> pd.DataFrame:
    """Read a WDI bulk CSV (or the zip holding it) into the long frame of :func:`load_ppp`."""
    if not path.is_file():
        msg = f"WDI file {path} does not exist. Pass the path of the downloaded zip or CSV."
        raise DataNotFoundError(msg)
    meta_raw: bytes | None = None
    meta_label = ""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
            data = [m for m in members if _member(m, "API_")]
            meta = [m for m in members if _member(m, "Metadata_Country")]
            if len(data) != 1:
                found = ", ".join(members) or "nothing"
                msg = (
                    f"{path}: expected exactly one API_*.csv data file in the zip, found "
                    f"{len(data)} among: {found}. {WDI_HELP}"
                )
                raise DataIntegrityError(msg)
            raw = archive.read(data[0])
            label = f"{path}!{data[0]}"
            if meta:
                meta_raw = archive.read(meta[0])
                meta_label = f"{path}!{meta[0]}"
    else:
        if path.suffix.lower() == ".zip":
            msg = f"{path}: not a readable zip archive. {WDI_HELP}"
            raise DataIntegrityError(msg)
        raw = path.read_bytes()
        label = str(path)
        sibling = path.with_name(f"Metadata_Country_{path.name}")
        if sibling.is_file():
            meta_raw = sibling.read_bytes()
            meta_label = str(sibling)
    frame = read_wdi_csv(raw, label)
    regions = None if meta_raw is None else read_wdi_metadata(meta_raw, meta_label)
    return _finish_wdi(frame, regions)


def _member(name: str, prefix: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.startswith(prefix) and base.lower().endswith(".csv")


@lru_cache(maxsize=1)
def _shipped_aggregates() -> dict[str, bool]:
    meta = read_resource("wb_countries")
    flags = meta["is_aggregate"].to_numpy(dtype=bool)
    return dict(zip(meta["iso3"].to_numpy(dtype=object), flags.tolist(), strict=True))


def aggregates() -> dict[str, str]:
    """The World Bank's aggregates (regions, income groups, ...): code -> name.

    From the WDI country metadata shipped as ``wb_countries``: an aggregate is a code the
    World Bank gives no region.

    Examples
    --------
    >>> found = aggregates()
    >>> found["WLD"], found["EUU"], "XKX" in found
    ('World', 'European Union', False)
    """
    meta = read_resource("wb_countries")
    rows = meta["is_aggregate"].to_numpy(dtype=bool)
    names = meta["country"].to_numpy(dtype=object)[rows]
    return dict(zip(meta["iso3"].to_numpy(dtype=object)[rows], names, strict=True))


def _is_aggregate(code: str, regions: dict[str, bool] | None) -> bool:
    """Whether a WDI code is an aggregate: by the file's metadata, else by the shipped one,
    else (a code neither knows) when it is not an ISO 3166 code."""
    for known in (regions, _shipped_aggregates()):
        if known is not None and code in known:
            return known[code]
    return code not in _iso3_codes()


def _finish_wdi(parsed: dict[str, Any], regions: dict[str, bool] | None) -> pd.DataFrame:
    iso3 = parsed["iso3"]
    uniques, inverse = np.unique(iso3.astype(str), return_inverse=True)
    vintage_day = date.fromisoformat(parsed["vintage"])
    aggregate = np.empty(len(uniques), dtype=bool)
    currency = np.empty(len(uniques), dtype=object)
    for k, code in enumerate(uniques):
        aggregate[k] = _is_aggregate(str(code), regions)
        alpha2 = None if aggregate[k] else _alpha2(code)
        unit = PPP_UNITS.get(str(code))
        currency[k] = unit or (None if alpha2 is None else _currency_on(alpha2, vintage_day))
    indicator = pd.Series(parsed["indicator_code"], dtype=object).map(_NAME_OF_CODE)
    frame = pd.DataFrame(
        {
            "iso3": pd.Series(iso3, dtype="str"),
            "country": pd.Series(parsed["country"], dtype="str"),
            "indicator_code": pd.Series(parsed["indicator_code"], dtype="str"),
            "indicator": indicator.astype("str"),
            "year": pd.array(parsed["year"], dtype="Int64"),
            "lcu_per_intl_dollar": pd.Series(parsed["lcu_per_intl_dollar"], dtype="float64"),
            "currency": pd.Series(currency[inverse], dtype="str"),
            "vintage": pd.Series(np.full(len(iso3), parsed["vintage"], dtype=object), dtype="str"),
            "is_aggregate": pd.array(aggregate[inverse], dtype="boolean"),
        }
    )
    rank = indicator.map({name: i for i, name in enumerate(INDICATORS)}).to_numpy(np.int64)
    order = np.lexsort((parsed["year"], iso3.astype(str), rank))
    return frame.take(order).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The table of one indicator, indexed once


def _label(name: str) -> str:
    return f"{name}, {INDICATORS[name]}"


def _index(frame: pd.DataFrame, name: str, vintage: str | None = None) -> YearTable:
    """Index the rows of one indicator of a frame shaped like :func:`load_ppp`'s."""
    missing = {"iso3", "year", "lcu_per_intl_dollar"} - set(frame.columns)
    if missing or not {"indicator", "indicator_code"} & set(frame.columns):
        msg = (
            f"PPP table lacks the columns {sorted(missing) or ['indicator']}; pass a frame "
            "from load_ppp() (columns: " + ", ".join(COLUMNS) + ")."
        )
        raise DataIntegrityError(msg)
    if "indicator" in frame.columns:
        rows = frame["indicator"].to_numpy(dtype=object) == name
    else:
        rows = frame["indicator_code"].to_numpy(dtype=object) == INDICATORS[name]
    sub = frame.loc[rows]
    if vintage is None:
        stated = sub["vintage"].dropna().unique() if "vintage" in sub.columns else []
        vintage = ", ".join(sorted(str(v) for v in stated)) or "not stated"
    return YearTable.from_frame(
        sub,
        columns=("iso3", "year", "lcu_per_intl_dollar"),
        name=f"PPP table ({_label(name)})",
        what=f"PPP factor ({_label(name)})",
        vintage=vintage,
        one_row_per="country, indicator and year",
    )


def _table(indicator: str | None, table: pd.DataFrame | None) -> YearTable:
    """The indexed table of an indicator: the shipped one, or the one of ``table``."""
    name = _indicator_name(indicator)
    if table is None:
        # Indexed once per indicator and content of the shipped table (see ``resource_key``).
        return _shipped_table(name, *resource_key("ppp"))
    return frame_table(table, ("ppp", name), lambda frame: _index(frame, name), "load_ppp()")


@lru_cache(maxsize=8)
def _shipped_table(name: str, _folder: str, _digest: str) -> YearTable:  # key the cache
    return _index(load_ppp(), name)


def _unknown(table: YearTable, option: str, code: object) -> UnknownCountryError:
    if len(table.keys) <= _LISTED:
        available = f"Countries available: {', '.join(table.keys) or 'none'}."
    else:
        available = f"{len(table.keys)} economies have one (coderstats.coverage() lists them)."
    name = aggregates().get(str(code))
    if name is not None:
        msg = (
            f"no {table.what} for {show(code)}: it is a World Bank aggregate ({name}), not an "
            f"economy. {available} Give the code of the country where the pay is spent."
        )
        return UnknownCountryError(msg)
    msg = (
        f"no {table.what} for country {show(code)}: it is not in the table. {available} "
        "Use an ISO 3166-1 alpha-3 code."
    )
    why = "with a World Bank WDI download that covers it"
    return UnknownCountryError(msg, hints=(Hint(option, call="load_ppp(path)", why=why),))


# --------------------------------------------------------------------------------------------
# Lookups


def ppp_factors(
    iso3: Any,
    years: Any,
    *,
    indicator: str = DEFAULT_INDICATOR,
    table: pd.DataFrame | None = None,
    option: str = "table",
    more_hints: tuple[Hint, ...] = (),
) -> npt.NDArray[np.float64]:
    """PPP conversion factors (local currency units per international $), one per row.

    Divide an amount in the country's currency by its factor to get international dollars of
    the same year: ``int_dollars = lcu / factor``.

    Parameters
    ----------
    iso3 : array-like of str
        ISO 3166-1 alpha-3 country codes (lower case accepted); a single code is broadcast.
    years : array-like of int
        Calendar years, one per row, or a single year for every row.
    indicator : str, default "private_consumption"
        ``"private_consumption"`` (``PA.NUS.PRVT.PP``) or ``"gdp"`` (``PA.NUS.PPP``); the
        WDI codes are accepted too, case ignored (see :func:`indicator_name`).
    table : pandas.DataFrame, optional
        A frame from :func:`load_ppp` (for instance of a newer WDI download); default the
        shipped table. It is indexed on its first use and found again by identity: a frame
        changed in place afterwards is not indexed again (pass a copy).
    option : str, default "table"
        The caller's name for ``table``, which messages suggest passing (``convert`` calls
        it ``ppp_table``).

    Returns
    -------
    numpy.ndarray
        float64 array of length n: local currency units per international dollar. Never NaN:
        each distinct (country, year) is looked up once and gathered to the rows.

    Raises
    ------
    UnknownCountryError
        For a country absent from the table, or a missing, empty or non-string code; the
        message lists the countries available.
    RateNotFoundError
        For a whole year without a factor for that country (the message states the years
        available), however far off (``2**63 - 1`` included).
    InvalidInputError
        For a year that is not a whole year (a string, a boolean, a missing or fractional
        value; ``2024.0`` is accepted), an unknown ``indicator`` or inputs of different
        lengths.
    DataIntegrityError
        For a ``table`` without the columns of :func:`load_ppp`, or with a row that is not a
        positive factor of a country and year, or two rows for one country and year.

    Notes
    -----
    Source: World Bank WDI, ``PA.NUS.PRVT.PP`` and ``PA.NUS.PPP`` (CC BY 4.0); see
    :func:`load_ppp`. Years after the 2021 ICP benchmark are World Bank extrapolations. The
    private consumption PPP is the right default for household pay. The World Bank warns
    against reading precise rankings into PPP comparisons: treat small gaps as noise.

    Examples
    --------
    >>> ppp_factors(["IND", "gbr", "USA"], 2024).round(4).tolist()
    [19.8969, 0.7035, 1.0]
    >>> round(float(25_000 / ppp_factors(["GBR"], [2024])[0]))
    35537
    """
    found = _table(indicator, table)
    n = common_length(iso3, years)
    country_codes, country_uniques = factorize_countries(iso3, n, ", ".join(found.keys) or "none")
    year_codes, year_uniques = factorize_years(years, n)
    n_years = len(year_uniques)
    key_codes, key_uniques = pd.factorize(country_codes.astype(np.int64) * n_years + year_codes)
    # Distinct (country, year) pairs in order of first appearance: the earliest bad row raises.
    keys = np.asarray(key_uniques, dtype=np.int64)
    key_iso = np.array(country_uniques, dtype=object)[keys // max(n_years, 1)]
    key_year = year_uniques[keys % max(n_years, 1)]
    hint = Hint(option, call="load_ppp(path)", why="with a newer World Bank WDI download")
    factors = found.gather(
        key_iso,
        key_year,
        unknown=lambda code: _unknown(found, option, code),
        fix="Use a year in that range.",
        hints=(hint, *more_hints),
    )
    return factors[key_codes]


def _units_of(frame: pd.DataFrame, name: str) -> dict[tuple[str, int], str]:
    """(country, year) -> the currency the factor is stated in, from the ``currency`` column."""
    if "currency" not in frame.columns:
        return {}
    rows = frame[frame["indicator"] == name] if "indicator" in frame.columns else frame
    rows = rows.dropna(subset=["iso3", "year", "currency"])
    codes = [str(c).strip().upper() for c in rows["iso3"].to_numpy(dtype=object)]
    years = rows["year"].to_numpy(dtype=np.int64)
    pairs = list(zip(codes, years.tolist(), strict=True))
    return dict(zip(pairs, rows["currency"].astype(str).tolist(), strict=True))


@lru_cache(maxsize=4)
def _shipped_units(name: str, _folder: str, _digest: str) -> dict[tuple[str, int], str]:
    return _units_of(load_ppp(), name)


def ppp_currencies(
    iso3: npt.NDArray[np.object_],
    years: npt.NDArray[np.int64],
    *,
    indicator: str = DEFAULT_INDICATOR,
    table: pd.DataFrame | None = None,
) -> npt.NDArray[np.object_]:
    """The currency each (country, year) factor is stated in: the table's ``currency``
    column, else the currency in force that year. WDI states a country's series in its
    current unit: Croatia's factors are in euros back to 2015.

    >>> ppp_currencies(np.array(["HRV", "GBR"], dtype=object), np.array([2020, 2020])).tolist()
    ['EUR', 'GBP']
    """
    from coderstats.countries import country_currencies

    name = _indicator_name(indicator)
    if table is None:
        units = _shipped_units(name, *resource_key("ppp"))
    else:
        units = frame_table(table, ("ppp-units", name), lambda f: _units_of(f, name), "load_ppp()")
    found = [units.get((str(c), int(y))) for c, y in zip(iso3, years, strict=True)]
    if all(found):
        return np.array(found, dtype=object)
    in_force = country_currencies(iso3, years)
    return np.array([f or d for f, d in zip(found, in_force, strict=True)], dtype=object)


def years_taken(
    iso3: npt.NDArray[np.object_],
    years: npt.NDArray[np.int64],
    *,
    indicator: str = DEFAULT_INDICATOR,
    table: pd.DataFrame | None = None,
    beyond: str = "raise",
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_]]:
    """The year whose factor each (country, year) takes, and the note saying so.

    The United States' factor is 1 by definition in every year. With ``beyond="carry"`` a
    year after a country's last published factor takes that last factor, and the note names
    the year it came from; with ``"raise"`` it is left for the lookup to refuse.

    >>> used, note = years_taken(np.array(["USA", "GBR"], dtype=object), np.array([2026, 2026]),
    ...                          beyond="carry")
    >>> used.tolist(), note.tolist()
    ([2024, 2024], ['', 'PPP factor of 2024 carried forward to 2026'])
    """
    found = _table(indicator, table)
    used, note = years.astype(np.int64).copy(), np.full(len(years), "", dtype=object)
    for i, code in enumerate(iso3):
        have = found.years_of(str(code))
        if not have:
            continue
        if code == "USA":
            used[i] = min(max(int(years[i]), have[0]), have[-1])
        elif beyond == "carry" and years[i] > have[-1]:
            used[i] = have[-1]
            note[i] = f"PPP factor of {have[-1]} carried forward to {years[i]}"
    return used, note


def countries(
    indicator: str = DEFAULT_INDICATOR, *, table: pd.DataFrame | None = None
) -> list[str]:
    """ISO 3166-1 alpha-3 codes of the countries (not aggregates) that have PPP factors.

    Parameters
    ----------
    indicator : str, default "private_consumption"
        ``"private_consumption"`` or ``"gdp"`` (or their WDI codes).
    table : pandas.DataFrame, optional
        A frame from :func:`load_ppp`; default the shipped table.

    Returns
    -------
    list of str
        Sorted codes.

    Examples
    --------
    >>> codes = countries()
    >>> len(codes), codes[:3], "USA" in codes
    (206, ['ABW', 'AFG', 'AGO'], True)
    """
    found = _table(indicator, table)
    if table is not None and "is_aggregate" in table.columns:
        flagged = table["is_aggregate"].to_numpy(dtype=bool, na_value=False)
        aggregates = {str(c).strip().upper() for c in table["iso3"].to_numpy(dtype=object)[flagged]}
        return [c for c in found.keys if c not in aggregates]
    return list(found.keys)


def years(
    iso3: str, *, indicator: str = DEFAULT_INDICATOR, table: pd.DataFrame | None = None
) -> list[int]:
    """Years with a PPP factor for one country.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code (lower case accepted).
    indicator : str, default "private_consumption"
        ``"private_consumption"`` or ``"gdp"`` (or their WDI codes).
    table : pandas.DataFrame, optional
        A frame from :func:`load_ppp`; default the shipped table.

    Returns
    -------
    list of int
        Sorted years.

    Raises
    ------
    UnknownCountryError
        If the country has no factor in the table; the message lists those that do.

    Examples
    --------
    >>> years("ind")[0], years("ind")[-1]
    (2015, 2024)
    """
    found = _table(indicator, table)
    code = _country_text(iso3, None, ", ".join(found.keys) or "none")
    have = found.years_of(code)
    if not have:
        raise _unknown(found, "table", code)
    return have


def vintage(indicator: str = DEFAULT_INDICATOR, *, table: pd.DataFrame | None = None) -> str:
    """The WDI release of an indicator's factors: the ``vintage`` column of the table.

    Parameters
    ----------
    indicator : str, default "private_consumption"
        ``"private_consumption"`` or ``"gdp"`` (or their WDI codes).
    table : pandas.DataFrame, optional
        A frame from :func:`load_ppp`; default the shipped table. Several releases are
        joined with ", "; a table without the column gives ``"not stated"``.

    Examples
    --------
    >>> vintage(), vintage("gdp")
    ('2025-10-07', '2026-03-05')
    """
    return _table(indicator, table).vintage


def coverage(
    indicator: str = DEFAULT_INDICATOR, *, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Which countries have PPP factors, for which years: one row per country.

    Parameters
    ----------
    indicator : str, default "private_consumption"
        ``"private_consumption"`` or ``"gdp"`` (or their WDI codes).
    table : pandas.DataFrame, optional
        A frame from :func:`load_ppp`; default the shipped table.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (the ISO 3166-1 alpha-3 code, or the WDI code of an aggregate),
        ``first_year``, ``last_year`` and ``n_years`` (how many years have a factor), sorted
        by code.

    Examples
    --------
    >>> cov = coverage()
    >>> cov.shape
    (206, 4)
    >>> cov[cov["key"] == "IND"].to_numpy().tolist()
    [['IND', 2015, 2024, 10]]
    """
    return _table(indicator, table).coverage()
