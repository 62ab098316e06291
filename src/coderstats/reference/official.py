"""World Bank official exchange rates: annual averages, local currency units per US dollar.

The market basis uses them where the ECB does not fix a currency (the CFA franc, the naira,
the dirham...). They are annual averages only: a day's rate is not known from them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats._data import read_resource, resource_key
from coderstats.countries import _alpha2
from coderstats.errors import Hint, UnknownCurrencyError, show
from coderstats.reference._core import YearTable, frame_table, shipped_vintage

__all__ = [
    "COLUMNS",
    "coverage",
    "currencies",
    "load_official_rates",
    "official_rates",
    "vintage",
    "years_of",
]

#: Columns of the frame :func:`load_official_rates` returns, in order.
COLUMNS = ("iso3", "country", "year", "lcu_per_usd", "currency", "vintage")
#: The World Bank's code of the euro area, whose row is the euro's rate.
_EURO_AREA = "EMU"

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]


def load_official_rates() -> pd.DataFrame:
    """The World Bank's official exchange rates shipped with coderstats, one row per economy
    and year.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3`` (the economy; ``EMU`` is the euro area), ``country``, ``year``
        (Int64), ``lcu_per_usd`` (local currency units per US dollar, the year's average),
        ``currency`` (ISO 4217 code of the unit the figure is in) and ``vintage``.

    Notes
    -----
    World Bank, World Development Indicators, "Official exchange rate (LCU per US$, period
    average)", ``PA.NUS.FCRF``, a 2026 release, CC BY 4.0. A redenominated currency is stated
    in its new unit for every year (the new leone SLE back to 2015); Croatia's figures are in
    kuna until 2022 and in euros from 2023.

    Examples
    --------
    >>> rates = load_official_rates()
    >>> rates.loc[(rates["iso3"] == "NGA") & (rates["year"] == 2024), "lcu_per_usd"].item()
    1478.96519740023
    """
    return read_resource("official_rates")


def _source_economy(frame: pd.DataFrame) -> dict[str, str]:
    """For each currency, the economy whose figures stand for it: the economy that issues
    it (its code begins with the issuer's ISO alpha-2 code: USD -> USA), the euro area for
    the euro, else the economy with the most years (the first code on a tie)."""
    found: dict[str, str] = {}
    years = frame.groupby(["currency", "iso3"]).size().reset_index(name="n")
    for currency, rows in years.groupby("currency", sort=True):
        code = str(currency)
        ranked = rows.sort_values(["n", "iso3"], ascending=[False, True])["iso3"].astype(str)
        issuer = [e for e in ranked if e != _EURO_AREA and _alpha2(e) == code[:2]]
        if code == "EUR" and _EURO_AREA in set(ranked):
            found[code] = _EURO_AREA
        else:
            found[code] = issuer[0] if len(issuer) == 1 else ranked.iloc[0]
    return found


def _index(frame: pd.DataFrame, vintage: str = "not stated") -> tuple[YearTable, dict[str, str]]:
    source = _source_economy(frame)
    chosen = [
        source.get(str(c)) == str(e) for c, e in zip(frame["currency"], frame["iso3"], strict=True)
    ]
    table = YearTable.from_frame(
        frame.loc[np.array(chosen, dtype=bool)],
        columns=("currency", "year", "lcu_per_usd"),
        name="official exchange rate table",
        what="World Bank official exchange rate",
        vintage=vintage,
        one_row_per="currency and year",
    )
    return table, source


@lru_cache(maxsize=2)
def _shipped(_folder: str, _digest: str) -> tuple[YearTable, dict[str, str]]:
    return _index(load_official_rates(), shipped_vintage("official_rates"))


def _table(table: pd.DataFrame | None) -> tuple[YearTable, dict[str, str]]:
    if table is None:
        return _shipped(*resource_key("official_rates"))
    return frame_table(table, "official", _index, "load_official_rates()")


def currencies(*, table: pd.DataFrame | None = None) -> list[str]:
    """ISO 4217 codes with a World Bank official rate, sorted.

    >>> "XOF" in currencies(), "NGN" in currencies()
    (True, True)
    """
    return list(_table(table)[0].keys)


def years_of(code: str, *, table: pd.DataFrame | None = None) -> list[int]:
    """The years with an official rate of a currency (none for a currency without one).

    >>> years_of("NGN")[-1]
    2024
    """
    return _table(table)[0].years_of(code)


def vintage(*, table: pd.DataFrame | None = None) -> str:
    """The WDI release of the rates.

    >>> vintage()
    'a 2026 WDI release'
    """
    return _table(table)[0].vintage


def coverage(*, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which currencies have an official rate, for which years: one row per currency.

    Columns ``key`` (the currency), ``first_year``, ``last_year``, ``n_years`` and
    ``economy`` (whose figures stand for the currency).

    >>> cov = coverage()
    >>> cov[cov["key"] == "XOF"].to_numpy().tolist()
    [['XOF', 2015, 2024, 10, 'BEN']]
    """
    found, source = _table(table)
    frame = found.coverage()
    return frame.assign(economy=frame["key"].map(source).astype("str"))


def official_rates(
    from_codes: ObjectArray,
    to: str,
    years: npt.NDArray[np.int64],
    *,
    table: pd.DataFrame | None = None,
    clamp: bool = False,
) -> tuple[FloatArray, ObjectArray, ObjectArray]:
    """Rates ``to`` per unit of each currency, through the US dollar, with rule and fallback.

    ``clamp`` takes the nearest year the World Bank covers for a year outside it (reported
    in the fallback); otherwise such a year raises :class:`RateNotFoundError`.

    >>> rate, rule, _ = official_rates(np.array(["XOF"], dtype=object), "USD", np.array([2024]))
    >>> float(round(1 / rate[0], 4)), rule[0]
    (606.3453, 'World Bank official rate 2024 (annual average, BEN)')
    """
    found, source = _table(table)
    for code in dict.fromkeys([*from_codes.tolist(), to]):
        if code not in found.keys:
            raise _unknown(found, code)
    years = np.asarray(years, dtype=np.int64)
    fallback = np.full(len(from_codes), "", dtype=object)
    if clamp:
        years, fallback = _clamped(found, from_codes, to, years)
    hints = (Hint("out_of_range", "clamp", why="to take the nearest year it covers"),)
    per_usd = found.gather(from_codes, years, hints=hints)
    target = found.gather(np.full(len(from_codes), to, dtype=object), years, hints=hints)
    rule = [_rule(str(c), to, int(y), source) for c, y in zip(from_codes, years, strict=True)]
    return target / per_usd, np.array(rule, dtype=object), fallback


def _clamped(
    found: YearTable, codes: ObjectArray, to: str, years: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], ObjectArray]:
    """Each year outside the years both currencies have, moved to the nearest of them."""
    out, note = years.copy(), np.full(len(codes), "", dtype=object)
    for i, code in enumerate(codes):
        both = sorted(set(found.years_of(str(code))) & set(found.years_of(to)))
        if both and not both[0] <= years[i] <= both[-1]:
            out[i] = both[0] if years[i] < both[0] else both[-1]
            span = f"{both[0]}-{both[-1]}"
            note[i] = f"clamped to {out[i]} (World Bank official rates of {code} {span})"
    return out, note


def _rule(code: str, to: str, year: int, source: dict[str, str]) -> str:
    shown = [source[c] for c in dict.fromkeys((code, to)) if c != "USD" and not _issues(c, source)]
    where = f", {' and '.join(shown)}" if shown else ""
    return f"World Bank official rate {year} (annual average{where})"


def _issues(code: str, source: dict[str, str]) -> bool:
    economy = source.get(code, "")
    return economy == _EURO_AREA or _alpha2(economy) == code[:2]


def _unknown(found: YearTable, code: object) -> UnknownCurrencyError:
    msg = (
        f"no World Bank official exchange rate for currency {show(code)}; "
        f"{len(found.keys)} currencies have one (coderstats.coverage() lists them)"
    )
    return UnknownCurrencyError(msg)
