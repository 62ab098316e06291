"""The conversion bases, each one declaration: what it needs, what it accepts, what it gives.

A :class:`Basis` names the options it needs (a time, a place) and accepts (``to=``,
``base_year=``), its unit, and how it computes, per distinct key (currency, country, state,
year or day), the scale (target units per source unit), the target unit, the label of the
rule and the fallback used. The request's checks ("basis X needs Y", "Y does not apply to
basis X") come from these declarations; a new basis is one function and one entry in
:data:`BASES`. The pay-period change is applied afterwards, through the pint registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from coderstats import _options, units
from coderstats.errors import CurrencyMismatchError, Hint

if TYPE_CHECKING:
    from coderstats.engine.request import Request

__all__ = ["BASES", "Basis", "KeyValues", "factors", "unit"]

ObjectArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]
Factors = tuple[FloatArray, list[str], ObjectArray, ObjectArray]

_INDICATOR_LABELS = {"private_consumption": "private consumption", "gdp": "GDP"}
_ICP_BENCHMARK = _options.ICP_BENCHMARK
_INTL = "international $"


@dataclass(frozen=True)
class KeyValues:
    """The distinct keys of a conversion, one entry per key (``None`` where not used)."""

    currencies: ObjectArray
    countries: ObjectArray | None
    states: ObjectArray | None
    years: npt.NDArray[np.int64] | None
    days: npt.NDArray[np.int64] | None

    def take(self, positions: npt.NDArray[np.intp]) -> KeyValues:
        def pick(values: Any) -> Any:
            return None if values is None else values[positions]

        return KeyValues(
            self.currencies[positions],
            pick(self.countries),
            pick(self.states),
            pick(self.years),
            pick(self.days),
        )


@dataclass(frozen=True)
class Basis:
    """One conversion basis, declared.

    Attributes
    ----------
    name : str
        The value of ``basis=``.
    summary : str
        What it gives, in a few words (help texts and messages).
    time : {"always", "if_rate", "never"}
        Whether it needs ``year=`` or ``date=``: always, only when a market rate is used
        (some currency is not the target), or never (it still accepts one).
    place : {"country", "us_state"} or None
        The option naming where the pay is spent, which this basis needs (the other place
        options are refused).
    gives : str or None
        ``None`` if ``to=`` picks the target currency; else what the basis gives, and
        ``to=`` may only be ``"USD"`` (the default).
    base_year : bool
        Whether ``base_year=`` (constant dollars via CPI-U) applies.
    unit : callable
        ``unit(request, currencies)``: the unit of the converted columns.
    factors : callable
        ``factors(request, keys)``: per key, the scale, target unit, label and fallback.
    held : {"currency", "country", "state"} or None
        The kind of code whose years in the shipped sources bound where this basis finds
        a factor. When a conversion meets bad keys, the keys outside those bounds are tried
        one by one and the others together (:func:`coderstats.engine.keys.isolate`).
    """

    name: str
    summary: str
    time: Literal["always", "if_rate", "never"]
    place: str | None
    gives: str | None
    base_year: bool
    unit: Callable[[Request, ObjectArray], str]
    factors: Callable[[Request, KeyValues], Factors]
    held: str | None = None


#: The options that name where pay is spent, each needed by one basis.
PLACES: tuple[str, ...] = ("country", "us_state")


def factors(request: Request, keys: KeyValues) -> tuple[FloatArray, ObjectArray, ObjectArray]:
    """Per key: the factor (pay period included), the rule label and the fallback."""
    scale, targets, labels, fallback = BASES[request.basis].factors(request, keys)
    per_key = units.money_factors(
        keys.currencies, targets, scale, from_period=request.period, to_period=request.to_period
    )
    return np.asarray(per_key, dtype=np.float64), labels, fallback


def likely_bad(request: Request, keys: KeyValues) -> npt.NDArray[np.bool_]:
    """Per key: whether its code of the basis's ``held`` kind is one no shipped source holds
    in its year (a guess only: options such as ``out_of_range="clamp"`` may still convert
    it, and a caller's own table may hold it)."""
    from coderstats._coverage import outside_held

    kind = BASES[request.basis].held
    codes = {"currency": keys.currencies, "country": keys.countries, "state": keys.states}
    held = codes.get(kind or "")
    if kind is None or held is None:
        return np.zeros(len(keys.currencies), dtype=bool)
    found = outside_held(kind, held, keys.years)
    if kind == "currency":
        found &= keys.currencies != request.target  # no rate needed
    return found


def unit(request: Request, currencies: ObjectArray) -> str:
    """The unit of the converted columns, given the currencies of the converted rows."""
    return BASES[request.basis].unit(request, currencies)


def _local_unit(_request: Request, currencies: ObjectArray) -> str:
    distinct = set(currencies.tolist())
    return str(distinct.pop()) if len(distinct) == 1 else "local currency"


def _intl_unit(request: Request, _currencies: ObjectArray) -> str:
    return _INTL if request.base_year is None else f"{_INTL} of {request.base_year}"


def base_year(request: Request) -> int:
    """The year of constant dollars: the one asked for, else the latest CPI-U year."""
    from coderstats.reference import cpi

    return cpi.latest_year(request.cpi_table) if request.base_year is None else request.base_year


def _none(m: int) -> ObjectArray:
    return np.full(m, "", dtype=object)


def _nominal(_request: Request, keys: KeyValues) -> Factors:
    m = len(keys.currencies)
    labels = np.array([f"{c}, nominal (as stated)" for c in keys.currencies], dtype=object)
    return np.ones(m), list(keys.currencies), labels, _none(m)


def _market_rates(
    request: Request, currencies: ObjectArray, to: str, keys: KeyValues
) -> tuple[FloatArray, ObjectArray, ObjectArray]:
    """Market rate (``to`` per unit), rule label and fallback per key; identity where equal."""
    from coderstats.engine.market import market_rates

    return market_rates(request, currencies, to, keys)


def _market(request: Request, keys: KeyValues) -> Factors:
    to = request.target
    rate, rule, fallback = _market_rates(request, keys.currencies, to, keys)
    labels = np.array([f"{to}, market, {r}" for r in rule], dtype=object)
    return rate, [to] * len(rate), labels, fallback


def _real(request: Request, keys: KeyValues) -> Factors:
    from coderstats.reference import cpi

    assert keys.years is not None
    rate, rule, fallback = _market_rates(request, keys.currencies, "USD", keys)
    base = base_year(request)
    deflate = cpi.cpi_factors(keys.years, base, table=request.cpi_table)
    labels = np.array(
        [
            f"USD of {base}, CPI-U; from {y} USD, market, {r}"
            for y, r in zip(keys.years, rule, strict=True)
        ],
        dtype=object,
    )
    return rate * deflate, ["USD"] * len(rate), labels, fallback


def _rpp(request: Request, keys: KeyValues) -> Factors:
    """US dollars spent in a state, expressed at national-average prices (BEA RPP)."""
    from coderstats.reference import rpp

    assert keys.states is not None
    assert keys.years is not None
    for code in keys.currencies:  # the currency's own verdict before a mismatch is reported
        units.currency_unit(code)
    foreign = np.flatnonzero(keys.currencies != "USD")
    if len(foreign):
        msg = (
            "basis 'rpp' applies to US dollars spent in a US state, not "
            f"{keys.currencies[int(foreign[0])]}"
        )
        hint = Hint("basis", "market", why="to convert the amount to USD first")
        raise CurrencyMismatchError(msg, hints=(hint,))
    parity = rpp.rpp_factors(keys.states, keys.years, table=request.rpp_table)
    texts = [
        f"USD at national-average prices, BEA RPP {yr} all items {level * 100:.1f} "
        f"(US = 100), spent in {state}"
        for state, yr, level in zip(keys.states, keys.years, parity, strict=True)
    ]
    m = len(parity)
    return 1.0 / parity, ["USD"] * m, np.array(texts, dtype=object), _none(m)


def _ppp(request: Request, keys: KeyValues) -> Factors:
    """International dollars where the pay is spent (World Bank PPP).

    PPP belongs to the country where the pay is spent: a salary paid in another currency is
    first converted at market rates into the country's currency, then by the PPP factor
    (local currency units per international dollar).
    """
    from coderstats.reference import cpi, worldbank

    assert keys.countries is not None
    assert keys.years is not None
    for code in keys.currencies:  # the currency's own verdict before a mismatch is reported
        units.currency_unit(code)
    # The PPP factor first: a country without one is reported as such, not as a currency
    # without market rates.
    used, carried = worldbank.years_taken(
        keys.countries,
        keys.years,
        indicator=request.indicator,
        table=request.ppp_table,
        beyond=request.ppp_beyond,
    )
    carry = Hint("ppp_beyond", "carry", why="to take the last published factor, labelled")
    factor = worldbank.ppp_factors(
        keys.countries,
        used,
        indicator=request.indicator,
        table=request.ppp_table,
        option="ppp_table",
        more_hints=(carry,),
    )
    local = worldbank.ppp_currencies(
        keys.countries, used, indicator=request.indicator, table=request.ppp_table
    )
    rate, rule, fallback = _to_local(request, keys, local)
    fallback = np.array(
        ["; ".join(filter(None, pair)) for pair in zip(carried, fallback, strict=True)],
        dtype=object,
    )
    texts = [
        _ppp_label(request, keys, i, (local[i], rule[i]), int(used[i])) for i in range(len(factor))
    ]
    scale = rate / factor
    if request.base_year is not None:
        scale = scale * cpi.cpi_factors(keys.years, request.base_year, table=request.cpi_table)
    return scale, [units.INTERNATIONAL_DOLLAR] * len(scale), np.array(texts, dtype=object), fallback


def _to_local(
    request: Request, keys: KeyValues, local: ObjectArray
) -> tuple[FloatArray, ObjectArray, ObjectArray]:
    """Market rates from the currency paid into the currency of the country of spending."""
    m = len(local)
    rate, rule, fallback = np.ones(m, dtype=np.float64), _none(m), _none(m)
    foreign = np.flatnonzero(keys.currencies != local)
    if len(foreign) and request.foreign_currency == "raise":
        i = int(foreign[0])
        assert keys.countries is not None
        msg = (
            f"currency {keys.currencies[i]} does not match country {keys.countries[i]} (whose "
            f"currency is {local[i]})"
        )
        hint = Hint("foreign_currency", "convert", why="to convert it at market rates first")
        raise CurrencyMismatchError(msg, hints=(hint,))
    _check_in_use(keys, foreign)
    for target in sorted(set(local[foreign])):
        idx = foreign[local[foreign] == target]
        part = keys.take(idx)
        rate[idx], rule[idx], fallback[idx] = _market_rates(
            request, part.currencies, str(target), part
        )
    return rate, rule, fallback


def _check_in_use(keys: KeyValues, foreign: npt.NDArray[np.intp]) -> None:
    """A currency paid after it went out of use everywhere (kuna in 2024) is refused, with
    the last year it was in use and the country's currency of that year."""
    from coderstats.countries import country_currency, retired_in

    assert keys.countries is not None
    assert keys.years is not None
    for i in foreign:
        code, year = str(keys.currencies[i]), int(keys.years[i])
        last = retired_in(code)
        if last is None or year <= last:
            continue
        country = str(keys.countries[i])
        msg = (
            f"currency {code} was last in use in {last}, not in {year}; give the currency of "
            f"that year (in {country}: {country_currency(country, year)})"
        )
        raise CurrencyMismatchError(msg)


def _ppp_label(
    request: Request, keys: KeyValues, i: int, conversion: tuple[object, object], year: int
) -> str:
    """The rule of a PPP key: the factor's indicator and year, where the pay is spent, and the
    market rate from the currency paid into the country's."""
    assert keys.countries is not None
    local, rule = conversion
    text = f"{_INTL}, PPP {_INDICATOR_LABELS[request.indicator]}"
    if keys.countries[i] == "USA" and keys.years is not None:
        text += f" {int(keys.years[i])} (1 in the United States by definition)"
    elif year > _ICP_BENCHMARK:
        text += f" {year} (World Bank extrapolation after the {_ICP_BENCHMARK} ICP benchmark)"
    else:
        text += f" {year}"
    if request.ppp_table is not None:  # a user's table: its release, which changes the figures
        from coderstats.reference import worldbank

        release = worldbank.vintage(request.indicator, table=request.ppp_table)
        text += f", WDI release {release}"
    text += f", spent in {keys.countries[i]}"
    if keys.currencies[i] != local:
        text += f"; paid in {keys.currencies[i]}, converted to {local} at {rule}"
    if request.base_year is not None:
        text += f"; in {request.base_year} {_INTL} via CPI-U"
    return text


#: The bases by name. Their names are :data:`coderstats._options.Basis`, in the same order.
BASES: dict[str, Basis] = {
    basis.name: basis
    for basis in (
        Basis(
            "nominal",
            "the amount as stated, in its own currency",
            time="never",
            place=None,
            gives="the local currency",
            base_year=False,
            unit=_local_unit,
            factors=_nominal,
        ),
        Basis(
            "market",
            "converted at ECB reference rates",
            time="if_rate",
            place=None,
            gives=None,
            base_year=False,
            unit=lambda request, _: request.target,
            factors=_market,
            held="currency",
        ),
        Basis(
            "ppp",
            "international dollars via the country's World Bank PPP factor",
            time="always",
            place="country",
            gives="international dollars",
            base_year=True,
            unit=_intl_unit,
            factors=_ppp,
            held="country",
        ),
        Basis(
            "real",
            "US dollars deflated with CPI-U to dollars of base_year",
            time="always",
            place=None,
            gives="US dollars of base_year (deflated with the US CPI-U)",
            base_year=True,
            unit=lambda request, _: f"USD of {base_year(request)}",
            factors=_real,
        ),
        Basis(
            "rpp",
            "US dollars of a state at national-average prices (BEA RPP)",
            time="always",
            place="us_state",
            gives="US dollars at national-average prices",
            base_year=False,
            unit=lambda *_: "USD at national-average prices",
            factors=_rpp,
            held="state",
        ),
    )
}
