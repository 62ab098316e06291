"""The package's one pint registry: currencies, the international dollar and pay periods.

Currencies follow pint's simplified model: ``USD`` is the base unit of a ``[currency]``
dimension and every other currency is defined against it with an undefined (NaN) rate, so a
conversion between currencies only works inside a context that injects a dated rate. This is
what lets ``EUR/work_year`` convert to ``USD/hour`` in one step. A NaN coming out of pint means a
rate was missing, and is raised as an error, never returned.

Pay periods use the BLS convention: a work year is 2,080 hours (52 weeks of 40 hours); a month
is a twelfth of it and a week a fifty-second.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from functools import cache
from typing import Any

from coderstats.errors import InvalidInputError, UnknownCurrencyError

__all__ = [
    "HOURS_PER_WORK_YEAR",
    "INTERNATIONAL_DOLLAR",
    "PERIODS",
    "money_factor",
    "period_factor",
    "registry",
]

#: Hours in a work year (BLS annualisation of hourly wages).
HOURS_PER_WORK_YEAR = 2080

#: Unit name of the PPP international dollar in the registry.
INTERNATIONAL_DOLLAR = "international_dollar"

#: Pay-period names accepted by the package, and the registry unit behind each.
PERIODS: dict[str, str] = {
    "year": "work_year",
    "month": "work_month",
    "week": "work_week",
    "hour": "hour",
}

_counter = itertools.count()


@cache
def registry() -> Any:
    """Build (once) and return the package's pint ``UnitRegistry``.

    Built on first use so that ``import coderstats`` stays cheap.
    """
    import pint
    from babel.numbers import list_currencies

    ureg: Any = pint.UnitRegistry(cache_folder=None, on_redefinition="raise")
    ureg.define("USD = [currency]")
    for code in sorted(list_currencies()):
        if code != "USD" and len(code) == 3 and code.isalpha() and code.isupper():
            ureg.define(f"{code} = nan USD")
    ureg.define(f"{INTERNATIONAL_DOLLAR} = nan USD = int_dollar")
    ureg.define(f"work_year = {HOURS_PER_WORK_YEAR} hour")
    ureg.define("work_month = work_year / 12")
    ureg.define("work_week = work_year / 52")
    return ureg


def _period_unit(period: str) -> str:
    unit = PERIODS.get(period) if isinstance(period, str) else None
    if unit is None:
        valid = ", ".join(PERIODS)
        msg = f"unknown pay period {period!r}; valid periods: {valid}"
        raise InvalidInputError(msg)
    return unit


def period_factor(from_period: str, to_period: str) -> float:
    """Factor that turns an amount per ``from_period`` into an amount per ``to_period``.

    Examples
    --------
    >>> round(47_180 * period_factor("year", "hour"), 2)
    22.68
    >>> period_factor("month", "year")
    12.0
    """
    ureg = registry()
    q = ureg.Quantity(1.0, f"USD / {_period_unit(from_period)}")
    return float(q.to(f"USD / {_period_unit(to_period)}").magnitude)


def _currency_unit(code: str) -> str:
    ureg = registry()
    if code == INTERNATIONAL_DOLLAR:
        return code
    if not (isinstance(code, str) and len(code) == 3 and code.isupper() and code in ureg):
        msg = f"unknown currency {code!r}: not an ISO 4217 code; use a code such as USD, EUR, GBP"
        raise UnknownCurrencyError(msg)
    return code


def money_factor(
    from_currency: str,
    to_currency: str,
    rate: float,
    *,
    from_period: str = "year",
    to_period: str = "year",
) -> float:
    """Factor from ``from_currency`` per ``from_period`` to ``to_currency`` per ``to_period``.

    ``rate`` is the number of ``to_currency`` units one ``from_currency`` unit is worth (for
    the same currency, a scale such as a CPI ratio); pint applies it through a temporary
    context together with the period conversion.

    Raises
    ------
    UnknownCurrencyError
        If a code is not in the registry.
    InvalidInputError
        If the rate is not a positive finite number, or the result is NaN (a rate was missing).

    Examples
    --------
    >>> round(25_000 * money_factor("GBP", "USD", 1.2785941693884642))
    31965
    >>> round(money_factor("USD", "USD", 1.0, from_period="hour"))
    2080
    """
    import pint

    ureg = registry()
    src = _currency_unit(from_currency)
    dst = _currency_unit(to_currency)
    if not (isinstance(rate, float | int) and math.isfinite(rate) and rate > 0):
        msg = f"exchange factor {rate!r} for {src}->{dst} is not a positive finite number"
        raise InvalidInputError(msg)
    q = ureg.Quantity(1.0, f"{src} / {_period_unit(from_period)}")
    target = f"{dst} / {_period_unit(to_period)}"
    if src == dst:
        value = rate * float(q.to(target).magnitude)
    else:
        name = f"coderstats_rate_{next(_counter)}"
        ctx = pint.Context(name)
        base = dst if dst != "USD" else None
        if base is None:
            ctx.redefine(f"{src} = {rate!r} USD")
        elif src == "USD":
            ctx.redefine(f"{dst} = {1.0 / rate!r} USD")
        else:
            # Both sides are undefined against USD; pin the target to USD and the source to it.
            ctx.redefine(f"{dst} = 1 USD")
            ctx.redefine(f"{src} = {rate!r} USD")
        ureg.add_context(ctx)
        try:
            with ureg.context(name):
                value = float(q.to(target).magnitude)
        finally:
            ureg.remove_context(name)
    if not math.isfinite(value):
        msg = f"no rate for {src}->{dst}: the conversion gave {value}; a rate is missing"
        raise InvalidInputError(msg)
    return value


def money_factors(
    from_currencies: Iterable[str],
    to_currencies: Iterable[str],
    rates: Iterable[float],
    *,
    from_period: str = "year",
    to_period: str = "year",
) -> list[float]:
    """:func:`money_factor` for several keys; one pint conversion per key."""
    return [
        money_factor(c, t, float(r), from_period=from_period, to_period=to_period)
        for c, t, r in zip(from_currencies, to_currencies, rates, strict=True)
    ]
