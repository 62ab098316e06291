"""Market rates per key, from the publisher the request names.

``market_source="ecb"`` takes ECB euro reference rates only; ``"worldbank"`` the World Bank's
annual official rates only; ``"auto"`` (the default) the ECB wherever it fixes both currencies
at the time asked for, and the World Bank's official rate of the year otherwise. Every key's
rule names the publisher it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from coderstats.errors import Hint, RateNotFoundError, UnknownCurrencyError

if TYPE_CHECKING:
    from coderstats.engine.bases import KeyValues
    from coderstats.engine.request import Request

__all__ = ["check_target", "market_rates"]

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]
Rates = tuple[FloatArray, ObjectArray, ObjectArray]


def market_rates(request: Request, currencies: ObjectArray, to: str, keys: KeyValues) -> Rates:
    """Market rate (``to`` per unit), rule label and fallback per key; identity where equal.

    With days the rate of each key's day is used, otherwise the annual mean of its year.
    """
    m = len(currencies)
    rate = np.ones(m, dtype=np.float64)
    rule = np.full(m, f"no conversion (already {to})", dtype=object)
    fallback = np.full(m, "", dtype=object)
    todo = np.flatnonzero(currencies != to)
    if not len(todo):
        return rate, rule, fallback
    official = _use_official(request, currencies[todo], to, keys.take(todo))
    for chosen, fetch in ((todo[~official], _ecb), (todo[official], _official)):
        if len(chosen):
            got = fetch(request, currencies[chosen], to, keys.take(chosen))
            rate[chosen], rule[chosen], fallback[chosen] = got
    return rate, rule, fallback


def check_target(request: Request) -> None:
    """The target currency is one the request's publisher has rates for."""
    from coderstats.reference import ecb, official

    if request.market_source != "ecb" and request.target in official.currencies():
        return
    ecb.check_currency(request.target, request.rates)


def _use_official(
    request: Request, currencies: ObjectArray, to: str, keys: KeyValues
) -> npt.NDArray[np.bool_]:
    """Which keys take the World Bank's official rate."""
    if request.market_source != "auto":
        return np.full(len(currencies), request.market_source == "worldbank")
    from coderstats.reference import ecb, official

    known = set(official.currencies())
    fixed = set(ecb.currencies(request.rates))
    days = keys.days is not None
    times = keys.days.astype("datetime64[D]") if keys.days is not None else keys.years
    assert times is not None
    out = np.zeros(len(currencies), dtype=bool)
    for i, code in enumerate(currencies):
        if code not in known or to not in known:
            continue
        if code not in fixed or to not in fixed:
            out[i] = True  # the ECB never fixed it: only the World Bank has a rate
            continue
        (first, last), (to_first, to_last) = (ecb.bounds(c, request.rates) for c in (code, to))
        lo, hi = max(first, to_first), min(last, to_last)
        if days:
            inside = np.datetime64(lo) <= times[i] <= np.datetime64(hi)
        else:
            inside = lo.year <= int(times[i]) <= hi.year
        out[i] = not inside and not days and int(times[i]) in official.years_of(str(code))
    return out


def _ecb(request: Request, currencies: ObjectArray, to: str, keys: KeyValues) -> Rates:
    from coderstats.reference import ecb, official

    fixed = set(ecb.currencies(request.rates))
    unfixed = [c for c in (*dict.fromkeys(currencies.tolist()), to) if c not in fixed]
    if unfixed and unfixed[0] in official.currencies():
        # the ECB's own message, and the option that takes the World Bank's rate instead
        try:
            ecb.check_currency(unfixed[0], request.rates)
        except UnknownCurrencyError as exc:
            why = "to take the World Bank's official rate (annual average)"
            raise UnknownCurrencyError(
                exc.problem, hints=(*exc.hints, Hint("market_source", "auto", why=why))
            ) from None
    by_day = keys.days is not None
    got = ecb.market_rates(
        currencies,
        to,
        years=None if by_day or keys.years is None else keys.years,
        dates=keys.days.astype("datetime64[D]") if keys.days is not None else None,
        missing=request.missing,  # type: ignore[arg-type]
        out_of_range=request.out_of_range,  # type: ignore[arg-type]
        rates=request.rates,
    )
    return got.rate, got.rule, got.fallback


def _official(request: Request, currencies: ObjectArray, to: str, keys: KeyValues) -> Rates:
    from coderstats.reference import official

    if keys.days is not None:
        day = keys.days[0].astype("datetime64[D]")
        why = (
            "World Bank rates were asked for"
            if request.market_source == "worldbank"
            else f"the ECB does not fix {currencies[0]} then"
        )
        msg = (
            f"no rate of {currencies[0]}->{to} on {day}: {why}, and the World Bank's official "
            "rates are annual averages only"
        )
        hint = Hint("year", why="(the World Bank's annual average of that year)")
        raise RateNotFoundError(msg, hints=(hint,))
    assert keys.years is not None
    clamp = request.out_of_range == "clamp"
    return official.official_rates(currencies, to, keys.years, clamp=clamp)
